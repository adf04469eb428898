"""Issue 13, window item 14: the window fits the screen it opens on (a 1440x900 screen at 200% is 720x450 to Qt),
it can be made that small, and at narrow widths the title is elided, never the page cites."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtWidgets import QApplication

from packet.ui.exhibit_model import CiteRole

from .conftest import HANG_MS, QT_LOG_IGNORE, wait_threads

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]

SMALL_SCREEN = (720, 450)  # 1440x900 at 200%, in Qt's (logical) pixels
FRAME = (16, 40)  # room a window manager's frame and the taskbar take


def test_the_window_can_be_as_small_as_a_small_screen(main_window):
    w = main_window
    for tab in range(w.tabs.count()):  # whichever tab is open
        w.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        need = w.minimumSizeHint().expandedTo(w.minimumSize())
        assert need.width() <= SMALL_SCREEN[0] - FRAME[0], (w.tabs.tabText(tab), need)
        assert need.height() <= SMALL_SCREEN[1] - FRAME[1], (w.tabs.tabText(tab), need)


def test_a_saved_size_larger_than_the_screen_is_fitted_to_it(qtbot, sample_path):
    from packet.ui.main_window import MainWindow

    big = MainWindow()
    qtbot.addWidget(big)
    big.setGeometry(QRect(0, 0, 1468, 1198))  # as saved on a larger screen
    QSettings().setValue("window/geometry", big.saveGeometry())
    assert isinstance(QSettings().value("window/geometry"), QByteArray)
    w = MainWindow()
    qtbot.addWidget(w, before_close_func=wait_threads)
    w.show()
    qtbot.waitExposed(w, timeout=HANG_MS)
    assert w.open_path(sample_path)
    QApplication.processEvents()
    screen = w.screen().availableGeometry()
    assert w.frameGeometry().width() <= screen.width() and w.frameGeometry().height() <= screen.height()
    assert screen.contains(w.frameGeometry().topLeft())
    wait_threads(w)


def test_cites_stay_whole_when_the_list_is_narrow(main_window, qtbot):
    w = main_window
    from packet.export.build import plan_export

    qtbot.waitUntil(lambda: all(w.model.index(r).data(CiteRole) for r in range(w.model.rowCount())),
                    timeout=HANG_MS)
    w.splitter.setSizes([230, 900])
    QApplication.processEvents()
    assert w.list.viewport().width() < 300
    assert not w.list.horizontalScrollBar().isVisible()
    delegate = w.list.itemDelegate()
    plan = plan_export(w.session.packet)
    for row in range(w.model.rowCount()):
        index = w.model.index(row)
        parts = delegate.layout(w.list.visualRect(index), w.list.font(), index)
        cite = plan.entries[row].cite
        assert cite in parts.right_text  # the cite is drawn in full ...
        assert parts.right.right() <= w.list.viewport().width()  # ... inside the visible row
        assert parts.right.width() >= parts.right_width
        assert not parts.right.intersects(parts.tab)
