"""Issue 13, window item 4: files dropped between two exhibits go where the drop line shows, and a drop from the
file manager is always a copy (a "move" answer would let the file manager delete the user's original)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from packet.ui.exhibit_model import LabelRole, TitleRole

from .conftest import HANG_MS, QT_LOG_IGNORE, file_mime

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]

BOTH = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction


def drag_to(widget, point: QPointF, mime, modifiers=Qt.KeyboardModifier.NoModifier) -> QDropEvent:
    """A file manager's drag entering `widget`, moving to `point` and dropping there; Move offered as well as
    Copy (Shift held makes Move the proposed action, as file managers do)."""
    for kind in (QDragEnterEvent, QDragMoveEvent):
        ev = kind(point, BOTH, mime, Qt.MouseButton.LeftButton, modifiers)
        QApplication.sendEvent(widget, ev)
        assert ev.isAccepted(), f"{kind.__name__} refused"
        assert ev.dropAction() == Qt.DropAction.CopyAction, f"{kind.__name__} answered {ev.dropAction()}"
    drop = QDropEvent(point, BOTH, mime, Qt.MouseButton.LeftButton, modifiers)
    QApplication.sendEvent(widget, drop)
    return drop


def labels_and_titles(w) -> list[tuple[str, str]]:
    m = w.model
    return [(m.index(r).data(LabelRole), m.index(r).data(TitleRole)) for r in range(m.rowCount())]


@pytest.mark.parametrize("modifiers", [Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier])
def test_files_dropped_between_tab_c_and_tab_d_become_tab_d(main_window, qtbot, make_pdf, modifiers):
    w = main_window
    before = labels_and_titles(w)
    row_d = next(r for r, (label, _) in enumerate(before) if label == "D")
    rect = w.list.visualRect(w.model.index(row_d))
    point = QPointF(rect.center().x(), rect.top() + 2)  # just above Tab D: the drop line between C and D
    mime = file_mime([make_pdf("lease.pdf"), make_pdf("utility-bill.pdf")])
    drop = drag_to(w.list.viewport(), point, mime, modifiers)
    assert drop.isAccepted() and drop.dropAction() == Qt.DropAction.CopyAction
    qtbot.waitUntil(lambda: not w.intake.busy and w.model.rowCount() == len(before) + 2, timeout=HANG_MS)
    after = labels_and_titles(w)
    assert [t for _, t in after[row_d:row_d + 2]] == ["Lease", "Utility bill"]
    assert after[row_d][0] == "D" and after[row_d + 2] == ("F", before[row_d][1])  # old Tab D is now F
    assert [t for _, t in after[:row_d]] == [t for _, t in before[:row_d]]
    # one drop, one undo: both files go, and the rest is as before
    w.act_undo.trigger()
    assert labels_and_titles(w) == before


def test_a_drop_elsewhere_on_the_window_is_a_copy_and_goes_at_the_end(main_window, qtbot, make_pdf):
    w = main_window
    before = labels_and_titles(w)
    mime = file_mime([make_pdf("school-record.pdf")])
    drop = drag_to(w, QPointF(w.rect().center()), mime, Qt.KeyboardModifier.ShiftModifier)
    assert drop.isAccepted() and drop.dropAction() == Qt.DropAction.CopyAction
    qtbot.waitUntil(lambda: not w.intake.busy and w.model.rowCount() == len(before) + 1, timeout=HANG_MS)
    assert labels_and_titles(w)[-1][1] == "School record"


def test_files_dropped_among_the_lead_documents_become_lead_documents(main_window, qtbot, make_pdf):
    w = main_window
    before = labels_and_titles(w)
    rect = w.list.visualRect(w.model.index(0))
    drop = drag_to(w.list.viewport(), QPointF(rect.center().x(), rect.top() + 2), file_mime([make_pdf("g28.pdf")]))
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: not w.intake.busy and w.model.rowCount() == len(before) + 1, timeout=HANG_MS)
    after = labels_and_titles(w)
    assert after[0] == ("", "G28") and after[1:] == before


def test_files_dropped_inside_a_factor_section_join_it_where_the_line_shows(main_window, qtbot, make_pdf):
    """Grouped by factor (issue 12's sections), a file drop still lands where the drop line shows: in the section
    the line is in, tagged with its factor, so arranging by section does not carry it off to "Other evidence"."""
    from packet.core import actions
    from packet.core.factor_sections import section_of
    from packet.ui.exhibit_model import IdRole, SectionIdRole

    w = main_window
    w.session.edit("Group", lambda p: actions.set_export_settings(p, group_index_by_factor=True))
    w.list.doItemsLayout()  # rows with a heading are taller: lay the list out now, as the next paint would
    m = w.model
    sections = [m.index(r).data(SectionIdRole) for r in range(m.rowCount())]
    # a section with at least two exhibits: drop between its first and second
    row = next(r for r in range(1, len(sections)) if sections[r] is not None and sections[r] == sections[r - 1])
    factor, below = sections[row], m.index(row).data(IdRole)
    ids_before = m.ids()
    w.list.scrollTo(m.index(row))
    rect = w.list.visualRect(m.index(row))
    drop = drag_to(w.list.viewport(), QPointF(rect.center().x(), rect.top() + 2), file_mime([make_pdf("lease.pdf")]))
    assert drop.isAccepted() and drop.dropAction() == Qt.DropAction.CopyAction
    qtbot.waitUntil(lambda: not w.intake.busy and m.rowCount() == len(ids_before) + 1, timeout=HANG_MS)
    ids = m.ids()
    assert ids.index(below) == row + 1 and m.index(row).data(TitleRole) == "Lease"
    new = w.session.packet.find(ids[row])
    assert new.factors == [factor] and section_of(w.session.packet, new) == factor
    assert [i for i in ids if i != ids[row]] == ids_before
    w.act_undo.trigger()
    assert m.ids() == ids_before


def test_files_dropped_on_the_line_above_a_heading_end_the_section_before(main_window, qtbot, make_pdf):
    from packet.core import actions
    from packet.ui.exhibit_model import IdRole, SectionIdRole, SectionRole

    w = main_window
    w.session.edit("Group", lambda p: actions.set_export_settings(p, group_index_by_factor=True))
    w.list.doItemsLayout()  # rows with a heading are taller: lay the list out now, as the next paint would
    m = w.model
    w.list.doItemsLayout()
    sections = [m.index(r).data(SectionIdRole) for r in range(m.rowCount())]
    # the first row that starts a section after another exhibits' section
    row = next(r for r in range(1, len(sections)) if m.index(r).data(SectionRole) and sections[r - 1] is not None)
    above = sections[row - 1]
    first_of_next = m.index(row).data(IdRole)
    w.list.scrollTo(m.index(row))
    rect = w.list.visualRect(m.index(row))
    n = m.rowCount()
    drag_to(w.list.viewport(), QPointF(rect.center().x(), rect.top() + 2), file_mime([make_pdf("lease.pdf")]))
    qtbot.waitUntil(lambda: not w.intake.busy and m.rowCount() == n + 1, timeout=HANG_MS)
    ids = m.ids()
    new = w.session.packet.find(ids[row])
    assert m.index(row).data(TitleRole) == "Lease" and new.factors == [above]
    assert ids[row + 1] == first_of_next and not m.index(row).data(SectionRole)
