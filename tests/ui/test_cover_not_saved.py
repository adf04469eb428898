"""Issue 13, window item 7: an A-number the cover form refuses is kept as typed, marked, and said plainly not to
be saved, until it is fixed; removing its row takes the message away with it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from .conftest import QT_LOG_IGNORE
from .test_main_window import _edit_cell, packet_json

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]


def cover_tab(qtbot, w):
    w.tabs.setCurrentWidget(w.cover)
    w.activateWindow()
    qtbot.waitActive(w)
    return w.cover


def test_a_refused_a_number_stays_as_typed_and_says_it_was_not_saved(main_window, qtbot, sample_path, disk):
    w = main_window
    cover = cover_tab(qtbot, w)
    table = cover.people
    before = packet_json(sample_path)
    _edit_cell(qtbot, table, 0, 1, "12345")
    assert packet_json(sample_path) == before
    message = cover.people_error.text()
    assert cover.people_error.isVisible() and "not saved" in message and "'12345'" in message
    assert "A-012-345-678" in message  # what the packet still holds
    assert table.item(0, 1).text() == "12345"  # what was typed, kept to correct
    assert table.item(0, 1).foreground().color().name() == "#b91c1c"
    # another edit elsewhere reloads the form: the typed text and the message stay until fixed
    w.session.edit("Detained", lambda p: setattr(p.cover, "detained", not p.cover.detained))
    assert table.item(0, 1).text() == "12345" and "not saved" in cover.people_error.text()
    _edit_cell(qtbot, table, 0, 1, "123456789")
    assert cover.people_error.text() == "" and disk().cover.respondents[0].a_number == "A-123-456-789"


def test_removing_the_row_takes_its_message_away(main_window, qtbot, disk):
    w = main_window
    cover = cover_tab(qtbot, w)
    table = cover.people
    add = next(b for b in cover.findChildren(type(w.start.new_button)) if b.text() == "Add respondent")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    _edit_cell(qtbot, table, 1, 0, "Luis Lopez")
    _edit_cell(qtbot, table, 1, 1, "A-12")
    assert "not saved" in cover.people_error.text()
    table.clearSelection()
    table.selectRow(1)
    remove = next(b for b in cover.findChildren(type(w.start.new_button)) if b.text() == "Remove selected")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert len(disk().cover.respondents) == 1
    assert cover.people_error.text() == "" and not cover.people_error.isVisible()
    assert table.rowCount() == 1 and table.item(0, 1).text() == "A-012-345-678"


def test_a_refused_cover_date_says_it_was_not_saved(main_window, qtbot, sample_path):
    w = main_window
    cover = cover_tab(qtbot, w)
    edit, error = cover.edits["hearing_date"], cover.errors["hearing_date"]
    before = packet_json(sample_path)
    edit.setText("15/03/2027")
    edit.editingFinished.emit()
    assert packet_json(sample_path) == before
    assert "Not saved" in error.text() and "2027-03-15" in error.text() and "YYYY-MM-DD" in error.text()
