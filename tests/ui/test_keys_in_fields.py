"""Issue 13, window items 5 and 6: window shortcuts work while a text field has focus; the search field has the
focus when a packet opens; Ctrl+Z in a field with nothing of its own to undo undoes the last packet edit; Tab
leaves the Notes box, so every field of the inspector can be reached by keyboard; the exhibit list shows which row
has the focus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from packet.core import actions

from .conftest import HANG_MS, QT_LOG_IGNORE

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]

CTRL = Qt.KeyboardModifier.ControlModifier


def focus(w, widget) -> None:
    w.activateWindow()
    assert QTest.qWaitForWindowActive(w, HANG_MS)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    QApplication.processEvents()
    assert QApplication.focusWidget() is widget


def test_the_search_field_has_the_focus_when_a_packet_opens(qtbot, sample_path):
    """Opened while another window is in front (a file manager, the terminal): the search field is where typing
    goes once the window comes forward."""
    from PySide6.QtWidgets import QWidget

    from packet.ui.main_window import MainWindow

    from .conftest import wait_threads

    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    assert QTest.qWaitForWindowActive(other, HANG_MS)
    w = MainWindow()
    qtbot.addWidget(w, before_close_func=wait_threads)
    assert w.open_path(sample_path)  # `packet PACKET`: the packet opens before the window is shown
    w.show()
    assert w.focusWidget() is w.filter
    w.activateWindow()
    assert QTest.qWaitForWindowActive(w, HANG_MS)
    assert QApplication.focusWidget() is w.filter
    wait_threads(w)


@pytest.fixture
def x11_field_keys(qapp):
    """Text fields as X11's key bindings make them (the offscreen platform the tests run on has Windows-like
    ones): a QLineEdit claims Ctrl+E (end of line) and Ctrl+K (delete to the end) before the window's shortcuts."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QLineEdit

    class X11Fields(QObject):
        def eventFilter(self, watched, event):
            if isinstance(watched, QLineEdit) and event.type() == QEvent.Type.ShortcutOverride and \
                    QKeySequence(event.keyCombination()).toString() in ("Ctrl+E", "Ctrl+K"):
                event.accept()
                return True
            return False

    claim = X11Fields()
    fields: list[QLineEdit] = []

    def install(*widgets):
        for widget in widgets:
            widget.installEventFilter(claim)
            fields.append(widget)

    yield install
    import shiboken6

    for widget in fields:
        if shiboken6.isValid(widget):
            widget.removeEventFilter(claim)


@pytest.mark.parametrize("field", ["filter", "title", "notes", "court"])
def test_ctrl_e_exports_from_any_text_field(main_window, qtbot, field, x11_field_keys):
    w = main_window
    if field == "court":
        w.tabs.setCurrentWidget(w.cover)
        widget = w.cover.edits["court"]
    else:
        w.tabs.setCurrentWidget(w.inspector)
        widget = {"filter": w.filter, "title": w.inspector.title, "notes": w.inspector.description}[field]
    x11_field_keys(widget)
    focus(w, widget)
    QTest.keyClick(widget, Qt.Key.Key_E, CTRL)
    assert w.export_dialog is not None and w.export_dialog.isVisible()
    w.export_dialog.close()


def test_ctrl_k_stays_the_fields_own(main_window, x11_field_keys):
    """A key the window has no shortcut for is still the field's (X11: Ctrl+K deletes to the end of the line)."""
    w = main_window
    x11_field_keys(w.filter)
    focus(w, w.filter)
    assert not w.keys.field_gives_way(w.filter, _key(Qt.Key.Key_K, CTRL))
    assert w.keys.field_gives_way(w.filter, _key(Qt.Key.Key_E, CTRL))
    assert not w.keys.field_gives_way(w.filter, _key(Qt.Key.Key_Delete))  # Delete deletes a character there
    assert not w.keys.field_gives_way(w.filter, _key(Qt.Key.Key_Up, CTRL))  # not "move the exhibit up"


def _key(key, mods=Qt.KeyboardModifier.NoModifier):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    return QKeyEvent(QEvent.Type.ShortcutOverride, key, mods)


def test_ctrl_i_adds_files_from_the_title_field(main_window, monkeypatch):
    w = main_window
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: (asked.append(a[1]), ([], ""))[1]))
    focus(w, w.inspector.title)
    QTest.keyClick(w.inspector.title, Qt.Key.Key_I, CTRL)
    assert asked == ["Add documents"]


def test_ctrl_z_in_a_field_with_nothing_to_undo_undoes_the_packet_edit(main_window, disk):
    w = main_window
    eid = w.session.packet.exhibits[0].id
    w.session.edit("Tag", lambda p: actions.tag(p, [eid], "education"))
    assert "education" in disk().find(eid).factors
    focus(w, w.filter)
    QTest.keyClick(w.filter, Qt.Key.Key_Z, CTRL)
    assert "education" not in disk().find(eid).factors
    # typing in a field: its own Ctrl+Z undoes the typing first, and leaves the packet alone
    w.session.edit("Tag", lambda p: actions.tag(p, [eid], "education"))
    QTest.keyClicks(w.filter, "pay")
    QTest.keyClick(w.filter, Qt.Key.Key_Z, CTRL)
    assert w.filter.text() == "" and "education" in disk().find(eid).factors


# -- item 6: Tab order, and the focus mark --------------------------------------------------------------------

def test_tab_leaves_the_notes_box_and_reaches_every_inspector_field(main_window):
    w = main_window
    w.tabs.setCurrentWidget(w.inspector)
    ins = w.inspector
    focus(w, ins.title)
    reached = []
    for _ in range(12):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
        if QApplication.focusWidget() is ins.factors:
            break
    assert "\t" not in ins.description.toPlainText()
    for widget in (ins.date, ins.description, ins.rotation, ins.translation.language, ins.factors):
        assert widget in reached, f"{widget.accessibleName()} cannot be reached with Tab"
    assert reached.index(ins.description) < reached.index(ins.rotation) < reached.index(ins.factors)
    # and back with Shift+Tab out of the factor list and through the Notes box
    QTest.keyClick(ins.factors, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is not ins.factors


def test_the_cover_address_box_lets_tab_through(main_window):
    w = main_window
    w.tabs.setCurrentWidget(w.cover)
    focus(w, w.cover.address)
    QTest.keyClick(w.cover.address, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not w.cover.address and "\t" not in w.cover.address.toPlainText()


def _row_image(w, state):
    from PySide6.QtCore import QRect, QSize
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    size = QSize(420, 110)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    opt = QStyleOptionViewItem()
    opt.initFrom(w.list)
    opt.rect = QRect(0, 0, size.width(), size.height())
    opt.widget = w.list
    opt.state = QStyle.StateFlag.State_Enabled | state
    w.list.itemDelegate().paint(painter, opt, w.model.index(2))
    painter.end()
    return image


@pytest.mark.parametrize("selected", [False, True])
def test_the_row_with_the_focus_is_marked(main_window, selected):
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QStyle

    w = main_window
    base = QStyle.StateFlag.State_Selected if selected else QStyle.StateFlag.State_None
    plain, marked = _row_image(w, base), _row_image(w, base | QStyle.StateFlag.State_HasFocus)

    def far(a, b) -> bool:
        a, b = QColor(a), QColor(b)
        return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) > 90

    edge = [(x, y) for x in range(420) for y in (1, 2, 107, 108)] + [(x, y) for y in range(110) for x in (1, 2, 417, 418)]
    strong = sum(1 for x, y in edge if far(plain.pixel(x, y), marked.pixel(x, y)))
    assert strong > 0.8 * len(edge), f"only {strong} of {len(edge)} edge pixels show the focus"
