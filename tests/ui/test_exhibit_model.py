"""The exhibit list model: Qt's model checks, drag-reorder by exhibit id, undo/redo, and file drops."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt, QUrl

from packet.ui.exhibit_model import MIME_IDS, ExhibitModel, IdRole, LabelRole, RoleRole, TitleRole

from .conftest import HANG_MS, QT_LOG_IGNORE

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]


@pytest.fixture
def model(session, qtbot):
    m = ExhibitModel(session)
    yield m
    m.deleteLater()


def labels(model: ExhibitModel) -> list[tuple[str, str]]:
    """(label, title) of every row as the view shows them; '' is a lead document."""
    return [(model.index(r).data(LabelRole), model.index(r).data(TitleRole)) for r in range(model.rowCount())]


def disk_order(disk) -> list[str]:
    p = disk()
    return [e.id for e in p.items()]


def test_model_passes_qt_model_checks(model, qtmodeltester):
    assert model.rowCount() == 8
    qtmodeltester.check(model)


def test_model_passes_checks_while_it_changes(model, session, qtmodeltester):
    """The tester stays attached while rows are moved, removed and restored (undo)."""
    from packet.core.actions import remove_items, shift_items

    qtmodeltester.check(model)
    ids = model.ids()
    session.edit("Move down", lambda p: shift_items(p, [ids[2]], 1))
    session.edit("Remove", lambda p: remove_items(p, [ids[4], ids[6]]))
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert model.ids() == ids


def test_rows_show_labels_titles_and_roles(model):
    rows = labels(model)
    assert rows[0] == ("", "Request for prosecutorial discretion (counsel's letter)")
    assert [label for label, _ in rows[1:]] == list("ABCDEFG")
    assert model.index(0).data(RoleRole) == "lead"
    assert model.index(1).data(RoleRole) == "exhibit"
    assert model.index(1).data(Qt.ItemDataRole.DisplayRole).startswith("Tab A: Birth certificate")
    assert model.index(0).data(Qt.ItemDataRole.DisplayRole).startswith("Lead document: ")


def test_drag_reorder_moves_exhibit_and_saves(model, session, disk):
    before_ids = model.ids()
    before = labels(model)
    moved_title = before[3][1]  # Tab C, the August pay stub
    assert before[3][0] == "C"
    data = model.mimeData([model.index(3)])
    assert json.loads(bytes(data.data(MIME_IDS).data()).decode()) == [before_ids[3]]
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, 1, 0, QModelIndex())

    accepted = model.dropMimeData(data, Qt.DropAction.MoveAction, 1, 0, QModelIndex())

    # By design: the move is done by the model, and False keeps the view from deleting the dragged row.
    assert accepted is False
    assert model.rowCount() == len(before_ids)
    after = labels(model)
    assert after[1] == ("A", moved_title)
    assert after[2] == ("B", before[1][1])
    assert after[3] == ("C", before[2][1])
    assert after[4:] == before[4:]
    expected = [before_ids[0], before_ids[3], before_ids[1], before_ids[2], *before_ids[4:]]
    assert model.ids() == expected
    assert disk_order(disk) == expected
    assert session.saved
    assert session.undo_stack.undoText() == f"Move {moved_title!r}"

    session.undo_stack.undo()
    assert model.ids() == before_ids
    assert labels(model) == before
    assert disk_order(disk) == before_ids

    session.undo_stack.redo()
    assert model.ids() == expected
    assert labels(model) == after
    assert disk_order(disk) == expected


def test_drag_to_end_and_into_lead(model, session, disk):
    ids = model.ids()
    # Tab A dropped below the last row: it becomes the last exhibit, G.
    model.dropMimeData(model.mimeData([model.index(1)]), Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert model.ids()[-1] == ids[1]
    assert model.index(model.rowCount() - 1).data(LabelRole) == "G"
    # The lead document dropped onto the exhibits (row 3) becomes an exhibit before the one it was dropped on.
    target = model.ids()[3]
    model.dropMimeData(model.mimeData([model.index(0)]), Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert session.packet.lead == []
    assert model.index(model.row_of(ids[0])).data(RoleRole) == "exhibit"
    assert model.row_of(ids[0]) == model.row_of(target) - 1
    assert [e.id for e in disk().lead] == []
    # With no lead document left there is no lead area: dropped at the top it becomes Tab A.
    model.dropMimeData(model.mimeData([model.index(model.row_of(ids[0]))]), Qt.DropAction.MoveAction, 0, 0,
                       QModelIndex())
    assert model.index(0).data(IdRole) == ids[0]
    assert model.index(0).data(LabelRole) == "A"
    assert disk().exhibits[0].id == ids[0]
    # Undo three times: everything back where it was, the lead document included.
    for _ in range(3):
        session.undo_stack.undo()
    assert model.ids() == ids
    assert model.index(0).data(RoleRole) == "lead"
    assert [e.id for e in disk().lead] == [ids[0]]


def test_drag_of_several_rows_keeps_their_order(model, session, disk):
    ids = model.ids()
    data = model.mimeData([model.index(6), model.index(2)])  # out of order on purpose
    model.dropMimeData(data, Qt.DropAction.MoveAction, 1, 0, QModelIndex())
    expected = [ids[0], ids[2], ids[6], ids[1], ids[3], ids[4], ids[5], ids[7]]
    assert model.ids() == expected
    assert disk_order(disk) == expected
    assert session.undo_stack.undoText() == "Move 2 exhibits"


def test_drop_onto_itself_changes_nothing(model, session, disk):
    ids = model.ids()
    count = session.undo_stack.count()
    model.dropMimeData(model.mimeData([model.index(3)]), Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert model.ids() == ids
    assert session.undo_stack.count() == count  # no empty undo step
    assert disk_order(disk) == ids


def test_damaged_drag_data_is_refused(model, disk):
    ids = model.ids()
    bad = QMimeData()
    bad.setData(MIME_IDS, b"not json")
    assert model.dropMimeData(bad, Qt.DropAction.MoveAction, 1, 0, QModelIndex()) is False
    unknown = QMimeData()
    unknown.setData(MIME_IDS, json.dumps(["no-such-id"]).encode())
    assert model.dropMimeData(unknown, Qt.DropAction.MoveAction, 1, 0, QModelIndex()) is False
    assert model.ids() == ids
    assert disk_order(disk) == ids


def test_file_urls_dropped_on_the_list_are_handed_on(model, qtbot, tmp_path):
    a, b = tmp_path / "one.pdf", tmp_path / "two photos"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(a)), QUrl("https://example.org/x.pdf"), QUrl.fromLocalFile(str(b))])
    assert mime.hasFormat("text/uri-list")
    assert model.canDropMimeData(mime, Qt.DropAction.CopyAction, 3, 0, QModelIndex())
    with qtbot.waitSignal(model.filesDropped, timeout=HANG_MS) as blocker:
        assert model.dropMimeData(mime, Qt.DropAction.CopyAction, 3, 0, QModelIndex()) is True
    # web links are not files: left out; the files go before the exhibit at row 3, where the drop line was
    assert blocker.args == [[str(a), str(b)], "exhibit", model.index(3).data(IdRole), None]  # not grouped
    # dropped above the first exhibit, in the lead area: they are to become lead documents
    with qtbot.waitSignal(model.filesDropped, timeout=HANG_MS) as blocker:
        model.dropMimeData(mime, Qt.DropAction.CopyAction, 0, 0, QModelIndex())
    assert blocker.args[1:] == ["lead", model.index(0).data(IdRole), None]
    assert model.rowCount() == 8  # nothing is added by the model itself


def test_rename_through_the_model(model, session, disk):
    idx = model.index(2)
    eid = idx.data(IdRole)
    assert model.flags(idx) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(idx, "  Renamed pay stub  ") is True
    assert idx.data(TitleRole) == "Renamed pay stub"
    assert disk().find(eid).title == "Renamed pay stub"
    assert model.setData(idx, "   ") is False  # an empty title is refused
    assert disk().find(eid).title == "Renamed pay stub"
    session.undo_stack.undo()
    assert idx.data(TitleRole).startswith("Pay stub, July 2026")
