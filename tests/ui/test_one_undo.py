"""Issue 13, window item 9: one user action is one undo entry (an "Add files" of ten files, a dropped folder of two
photos), and the Undo button keeps its size whatever it would undo."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QToolButton

from .conftest import HANG_MS, QT_LOG_IGNORE

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]


def wait_intake(qtbot, w, rows: int) -> None:
    qtbot.waitUntil(lambda: not w.intake.busy and w.model.rowCount() == rows, timeout=HANG_MS)


def test_add_files_of_ten_is_one_undo(main_window, qtbot, make_pdf, monkeypatch):
    w = main_window
    stack = w.session.undo_stack
    before_rows, before_count = w.model.rowCount(), stack.count()
    paths = [str(make_pdf(f"record-{n:02d}.pdf", pages=1 + n % 3)) for n in range(10)]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: (paths, "")))
    w.act_add.trigger()
    wait_intake(qtbot, w, before_rows + 10)
    assert stack.count() == before_count + 1
    assert stack.undoText() == "Add 10 files"
    w.act_undo.trigger()
    assert w.model.rowCount() == before_rows
    w.act_redo.trigger()
    assert w.model.rowCount() == before_rows + 10


def test_a_dropped_folder_of_two_photos_is_one_undo(main_window, qtbot, make_png, drop_files, tmp_path):
    w = main_window
    folder = tmp_path / "incoming" / "photos"
    make_png("a.png", folder=folder)
    make_png("b.png", size=(200, 300), folder=folder)
    stack = w.session.undo_stack
    rows, count = w.model.rowCount(), stack.count()
    drop_files(w, [folder])
    wait_intake(qtbot, w, rows + 2)
    assert stack.count() == count + 1
    w.act_undo.trigger()
    assert w.model.rowCount() == rows


def test_the_undo_button_keeps_its_text_and_width(main_window, qtbot):
    w = main_window
    button = next(b for b in w.findChildren(QToolButton) if b.defaultAction() is w.act_undo)
    w.session.edit("Tag", lambda p: p.exhibits[0].factors.append("education"))
    QApplication.processEvents()
    width = button.sizeHint().width()
    assert button.text() == "Undo"
    eid = w.session.packet.exhibits[0].id
    from packet.core import actions

    long = "Birth certificate of Ana Núñez López, issued by the New York City Department of Health, certified copy"
    w.session.edit(f"Change title of {long!r}", lambda p: actions.rename(p, eid, long))
    QApplication.processEvents()
    assert button.text() == "Undo" and button.sizeHint().width() == width
    assert long in button.toolTip()  # what it would undo is still said, in the tip and the Edit menu
    assert long in w.act_undo.text()
