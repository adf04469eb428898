"""The main window as a user drives it: drops of files and folders, reordering, removing and undo, the inspector,
the factor overview and the cover sheet; each checked on screen and in packet.json on disk."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from packet.ui.exhibit_model import IdRole, LabelRole, TitleRole

from .conftest import HANG_MS, QT_LOG_IGNORE

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]



# -- helpers ------------------------------------------------------------------------------------------------------

def wait_intake(qtbot, window) -> None:
    """Until every queued intake has finished and its results are merged."""
    qtbot.waitUntil(lambda: not window.intake.busy, timeout=HANG_MS)
    QApplication.processEvents()


def titles(window) -> list[str]:
    m = window.model
    return [m.index(r).data(TitleRole) for r in range(m.rowCount())]


def problem_texts(window) -> list[str]:
    return [window.problems.item(i).text() for i in range(window.problems.count())]


def select_row(window, row: int) -> str:
    """Click-like selection of one row (whatever modifier keys Qt thinks are held)."""
    idx = window.model.index(row)
    window.list.selectionModel().setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert window.selected_ids() == [idx.data(IdRole)]
    return idx.data(IdRole)


def packet_json(path: Path) -> bytes:
    return (path / "packet.json").read_bytes()


def stored_files(path: Path) -> set[str]:
    return {str(p.relative_to(path)) for p in path.rglob("*") if p.is_file()} - {"packet.json", "packet.json.bak"}


# -- opening ------------------------------------------------------------------------------------------------------

def test_open_sample_shows_exhibits_and_title(main_window, sample_path, disk):
    w = main_window
    assert w.stack.currentWidget() is not w.start
    assert w.model.rowCount() == 8
    assert [w.model.index(r).data(LabelRole) for r in range(8)] == ["", *"ABCDEFG"]
    title = w.windowTitle()
    assert "SAMPLE - José Núñez Ibáñez" in title
    assert "saved" in title and "NOT SAVED" not in title
    assert w.save_label.text() == "7 exhibits · Saved"
    assert w.list_stack.currentWidget() is w.list
    # the first row is selected and shown in the inspector
    assert w.selected_ids() == [disk().lead[0].id]
    assert w.inspector.title.text() == "Request for prosecutorial discretion (counsel's letter)"
    assert w.act_export.isEnabled() and not w.act_undo.isEnabled()
    assert not w.problems_dock.isVisible()


# -- dropping files -----------------------------------------------------------------------------------------------

def test_drop_pdf_and_png_adds_exhibits(main_window, qtbot, disk, drop_files, make_pdf, make_png):
    w = main_window
    pdf = make_pdf("lease_agreement_2024.pdf", pages=2)
    png = make_png("family_photo.png")
    enter, drop = drop_files(w, [pdf, png])
    assert drop.isAccepted()
    assert w.intake.busy and w.intake_bar.isVisible()
    wait_intake(qtbot, w)
    assert w.model.rowCount() == 10
    new = [w.model.index(r) for r in (8, 9)]
    assert [i.data(LabelRole) for i in new] == ["H", "I"]
    assert [i.data(Qt.ItemDataRole.UserRole + 5) for i in new] == [2, 1]  # pages
    on_disk = disk()
    assert [on_disk.documents[e.document].original_name for e in on_disk.exhibits[-2:]] == [
        "lease_agreement_2024.pdf", "family_photo.png"]
    assert [e.id for e in on_disk.items()] == w.model.ids()
    for e in on_disk.exhibits[-2:]:
        assert (w.session.folder.path / on_disk.documents[e.document].stored).is_file()
    assert not w.intake_bar.isVisible()
    assert "9 exhibits · Saved" == w.save_label.text()
    assert w.act_undo.text().startswith("&Undo Add ")
    assert not w.problems_dock.isVisible()
    # Undo takes the adds back (one step per batch of results merged together): list and packet.json as before.
    while w.session.undo_stack.canUndo():
        w.act_undo.trigger()
    assert w.model.rowCount() == 8
    assert len(disk().exhibits) == 7
    assert w.save_label.text() == "7 exhibits · Saved"


def test_refused_files_are_reported_and_change_nothing(main_window, qtbot, sample_path, drop_files, tmp_path):
    w = main_window
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    empty = incoming / "empty_scan.pdf"
    empty.write_bytes(b"")
    fake = incoming / "notes.pdf"
    fake.write_text("These are my notes, not a PDF at all.\n" * 20, encoding="utf-8")
    before_json, before_files, before_ids = packet_json(sample_path), stored_files(sample_path), w.model.ids()
    before_undo = w.session.undo_stack.count()

    drop_files(w, [empty, fake])
    wait_intake(qtbot, w)

    texts = problem_texts(w)
    assert len(texts) == 2, texts
    assert "empty_scan.pdf" in texts[0] and "empty (0 bytes)" in texts[0]
    assert "notes.pdf" in texts[1] and "named like a PDF file but is really" in texts[1]
    assert all(t.startswith("✖ ") for t in texts)
    assert w.problems_dock.isVisible()
    # nothing else changed: list, undo history, packet.json and the stored documents
    assert w.model.ids() == before_ids
    assert w.session.undo_stack.count() == before_undo
    assert packet_json(sample_path) == before_json
    assert stored_files(sample_path) == before_files
    # Clear empties and hides the panel
    clear = [b for b in w.problems_dock.widget().findChildren(type(w.start.new_button)) if b.text() == "Clear"][0]
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert w.problems.count() == 0 and not w.problems_dock.isVisible()


def test_duplicate_file_is_reported_not_added_twice(main_window, qtbot, sample_path, disk, drop_files, tmp_path,
                                                   make_pdf):
    w = main_window
    packet = disk()
    birth = packet.exhibits[0]
    copy = tmp_path / "incoming" / "birth certificate copy.pdf"
    copy.parent.mkdir(parents=True)
    shutil.copyfile(sample_path / packet.documents[birth.document].stored, copy)  # same bytes, another name
    new = make_pdf("new_letter.pdf")
    same_again = tmp_path / "incoming" / "new_letter (1).pdf"
    shutil.copyfile(new, same_again)
    before_ids = w.model.ids()

    drop_files(w, [copy, new, same_again])
    wait_intake(qtbot, w)

    assert w.model.rowCount() == len(before_ids) + 1  # only new_letter.pdf
    assert w.model.index(w.model.rowCount() - 1).data(TitleRole) == "New letter"
    on_disk = disk()
    assert len(on_disk.exhibits) == 8
    assert [e.document for e in on_disk.exhibits].count(birth.document) == 1
    texts = problem_texts(w)
    assert any("birth certificate copy.pdf" in t and birth.title in t and "not added again" in t for t in texts), texts
    # merged in the same batch as new_letter.pdf or after it: either way reported, and added once
    assert any("new_letter (1).pdf" in t and ("not added again" in t or "added once" in t) for t in texts), texts
    assert w.problems_dock.isVisible()


def test_dropped_folder_adds_the_files_inside(main_window, qtbot, disk, drop_files, tmp_path, make_pdf, make_png):
    w = main_window
    folder = tmp_path / "scans"
    make_pdf("b_tax_return_2023.pdf", folder=folder)
    make_png("a_id_card.png", folder=folder / "photos")
    (folder / ".hidden.pdf").write_bytes(b"%PDF-1.4 hidden")
    drop_files(w, [folder])
    wait_intake(qtbot, w)
    names = [disk().documents[e.document].original_name for e in disk().exhibits[-2:]]
    # files in name order, sub-folders after the folder's own files; hidden files skipped
    assert names == ["b_tax_return_2023.pdf", "a_id_card.png"]
    assert titles(w)[-2:] == ["B tax return 2023", "A ID card"]  # "id" is the acronym ID
    assert w.model.rowCount() == 10
    assert w.problems.count() == 0


def test_dropped_empty_folder_says_so(main_window, qtbot, drop_files, tmp_path):
    w = main_window
    (tmp_path / "nothing here").mkdir()
    drop_files(w, [tmp_path / "nothing here"])
    assert not w.intake.busy
    assert "Nothing to add" in problem_texts(w)[0]
    assert w.problems_dock.isVisible()


def test_drop_of_many_files_uses_worker_processes(main_window, qtbot, disk, drop_files, tmp_path, make_pdf,
                                                 make_png, monkeypatch):
    """Five files: intake runs in a spawn process pool started from the IntakeWorker thread."""
    from packet.store import intake_workers as intake  # where the pool is made

    w = main_window
    pools: list[int] = []
    real = intake.ProcessPoolExecutor

    class CountingPool(real):  # type: ignore[misc, valid-type]
        def __init__(self, *a, **kw):
            pools.append(kw.get("max_workers"))
            super().__init__(*a, **kw)

    monkeypatch.setattr(intake, "ProcessPoolExecutor", CountingPool)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # a pool even on a one-core machine
    files = [make_pdf(f"letter_{n}.pdf", pages=n) for n in (1, 2, 3)]
    files += [make_png("photo_1.png"), make_png("photo_2.png", color=(30, 30, 200))]
    files.insert(2, tmp_path / "missing.pdf")  # one refused in the middle: the others still come in order

    drop_files(w, files)
    wait_intake(qtbot, w)

    assert pools == [2]
    on_disk = disk()
    assert [on_disk.documents[e.document].original_name for e in on_disk.exhibits[7:]] == [
        "letter_1.pdf", "letter_2.pdf", "letter_3.pdf", "photo_1.png", "photo_2.png"]
    assert [on_disk.documents[e.document].pages for e in on_disk.exhibits[7:]] == [1, 2, 3, 1, 1]
    assert w.model.rowCount() == 13
    assert [w.model.index(r).data(LabelRole) for r in range(8, 13)] == list("HIJKL")
    texts = problem_texts(w)
    assert len(texts) == 1 and "missing.pdf" in texts[0] and "no such file" in texts[0]


def test_second_drop_while_adding_is_queued(main_window, qtbot, disk, drop_files, make_pdf):
    w = main_window
    first, second = make_pdf("first.pdf"), make_pdf("second.pdf")
    drop_files(w, [first])
    drop_files(w, [second])  # arrives while the first is still being added
    wait_intake(qtbot, w)
    assert titles(w)[-2:] == ["First", "Second"]
    assert [disk().documents[e.document].original_name for e in disk().exhibits[-2:]] == ["first.pdf", "second.pdf"]


def test_drag_without_files_is_not_accepted(main_window):
    from PySide6.QtCore import QMimeData, QPointF
    from PySide6.QtGui import QDragEnterEvent

    mime = QMimeData()
    mime.setText("just some text")
    event = QDragEnterEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    event.ignore()
    QApplication.sendEvent(main_window, event)
    assert not event.isAccepted()


# -- reordering, removing, undo -------------------------------------------------------------------------------------

def test_move_down_and_up_with_actions(main_window, disk):
    w = main_window
    ids = w.model.ids()
    eid = select_row(w, 2)  # Tab B
    assert w.act_down.isEnabled() and w.act_up.isEnabled()
    w.act_down.trigger()
    assert w.model.ids().index(eid) == 3
    assert w.model.index(3).data(LabelRole) == "C"
    assert w.selected_ids() == [eid]  # the selection follows the exhibit
    assert [e.id for e in disk().items()] == [ids[0], ids[1], ids[3], ids[2], *ids[4:]]
    assert w.act_undo.text() == "&Undo Move down"
    w.act_up.trigger()
    w.act_up.trigger()
    assert w.model.ids().index(eid) == 1
    assert w.model.index(1).data(LabelRole) == "A"
    assert disk().exhibits[0].id == eid
    assert w.act_undo.text() == "&Undo Move up"
    # at the top of the exhibits, up again does nothing and adds no undo step
    count = w.session.undo_stack.count()
    w.act_up.trigger()
    assert w.model.ids().index(eid) == 1 and w.session.undo_stack.count() == count


def test_ctrl_down_and_up_keys_on_the_list(main_window, qtbot, disk):
    w = main_window
    w.activateWindow()
    qtbot.waitActive(w)
    eid = select_row(w, 4)  # Tab D
    w.list.setFocus()
    QTest.keyClick(w.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert w.model.row_of(eid) == 5
    assert w.model.index(5).data(LabelRole) == "E"
    assert [e.id for e in disk().items()].index(eid) == 5
    QTest.keyClick(w.list, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(w.list, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert w.model.row_of(eid) == 3
    assert disk().exhibits[2].id == eid
    QTest.keyClick(w.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo by keyboard
    assert w.model.row_of(eid) == 4
    assert disk().exhibits[3].id == eid
    # A key press taken by a shortcut leaves Ctrl "held" in Qt's view: let go of it.
    QTest.keyRelease(w.list, Qt.Key.Key_Control)
    assert QApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier


def test_remove_then_undo_restores(main_window, disk):
    w = main_window
    ids = w.model.ids()
    eid = select_row(w, 3)
    title = w.model.index(3).data(TitleRole)
    w.act_remove.trigger()
    assert w.model.row_of(eid) == -1
    assert w.model.rowCount() == 7
    assert disk().find(eid) is None
    assert w.model.index(3).data(LabelRole) == "C"  # the next exhibit takes the label
    assert w.act_undo.text() == f"&Undo Remove {title!r}"
    assert "Remove" in w.session.undo_stack.undoText()
    assert w.save_label.text() == "6 exhibits · Saved"
    w.act_undo.trigger()
    assert w.model.ids() == ids
    assert [e.id for e in disk().items()] == ids
    assert w.act_redo.text() == f"&Redo Remove {title!r}"
    w.act_redo.trigger()
    assert disk().find(eid) is None
    w.act_undo.trigger()
    assert disk().find(eid) is not None


def test_remove_everything_shows_the_empty_hint(main_window, qtbot, disk):
    w = main_window
    w.list.selectAll()
    w.act_remove.trigger()
    assert w.model.rowCount() == 0
    assert disk().items() == []
    qtbot.waitUntil(lambda: w.list_stack.currentWidget() is w.empty_hint, timeout=HANG_MS)
    assert not w.act_export.isEnabled()
    assert w.act_undo.text() == "&Undo Remove 8 exhibits"
    w.act_undo.trigger()
    qtbot.waitUntil(lambda: w.list_stack.currentWidget() is w.list, timeout=HANG_MS)
    assert len(disk().items()) == 8


def test_make_lead_and_back(main_window, disk):
    w = main_window
    eid = select_row(w, 1)
    w.act_lead.trigger()
    assert [e.id for e in disk().lead][-1] == eid
    assert w.model.index(w.model.row_of(eid)).data(LabelRole) == ""
    assert w.model.index(2).data(LabelRole) == "A"
    w.act_exhibit.trigger()
    assert disk().exhibits[-1].id == eid
    assert w.model.index(w.model.row_of(eid)).data(LabelRole) == "G"


# -- inspector, factors -------------------------------------------------------------------------------------------

def test_rename_in_inspector(main_window, qtbot, disk):
    w = main_window
    eid = select_row(w, 2)
    assert w.inspector.exhibit_id == eid
    w.inspector.title.setText("Pay stub for July 2026")
    w.inspector.title.editingFinished.emit()
    assert w.model.index(2).data(TitleRole) == "Pay stub for July 2026"
    assert w.model.index(2).data(Qt.ItemDataRole.DisplayRole) == "Tab B: Pay stub for July 2026"
    assert disk().find(eid).title == "Pay stub for July 2026"
    assert w.act_undo.text() == "&Undo Change title of 'Pay stub, July 2026 (Bella Vista Kitchen LLC)'"
    # typed, as a user does: select all, type, Enter
    w.activateWindow()
    qtbot.waitActive(w)
    w.inspector.title.setFocus()
    w.inspector.title.selectAll()
    QTest.keyClicks(w.inspector.title, "July pay stub")
    QTest.keyClick(w.inspector.title, Qt.Key.Key_Return)
    assert disk().find(eid).title == "July pay stub"
    assert w.model.index(2).data(TitleRole) == "July pay stub"
    # an emptied title is not saved: the field shows the title again
    w.inspector.title.clear()
    w.inspector.title.editingFinished.emit()
    assert disk().find(eid).title == "July pay stub"
    assert w.inspector.title.text() == "July pay stub"


def test_date_edit_in_inspector(main_window, disk):
    w = main_window
    eid = select_row(w, 1)
    w.inspector.date.setText("2016-05-03")
    w.inspector.date.editingFinished.emit()
    assert disk().find(eid).date == "2016-05-03"


def test_factor_tag_updates_overview(main_window, disk):
    w = main_window
    eid = select_row(w, 1)  # Tab A, birth certificate: family ties only
    pages = w.model.index(1).data(Qt.ItemDataRole.UserRole + 5)
    before = w.factors.counts()
    assert before["employment"] == (2, 3)
    item = next(w.inspector.factors.item(i) for i in range(w.inspector.factors.count())
                if w.inspector.factors.item(i).data(Qt.ItemDataRole.UserRole) == "employment")
    assert item.checkState() == Qt.CheckState.Unchecked
    item.setCheckState(Qt.CheckState.Checked)
    assert w.factors.counts()["employment"] == (3, 3 + pages)
    assert disk().find(eid).factors == ["family_ties", "employment"]
    assert w.act_undo.text().startswith("&Undo Tag ")
    assert {k: v for k, v in w.factors.counts().items() if k != "employment"} == {
        k: v for k, v in before.items() if k != "employment"}
    item.setCheckState(Qt.CheckState.Unchecked)
    assert w.factors.counts() == before
    assert disk().find(eid).factors == ["family_ties"]
    # selecting an exhibit from the overview
    w.factors.exhibitActivated.emit(w.model.index(5).data(IdRole))
    assert w.selected_ids() == [w.model.index(5).data(IdRole)]


# -- cover sheet --------------------------------------------------------------------------------------------------

def _edit_cell(qtbot, table, row: int, col: int, text: str) -> None:
    """Open the cell's editor (unless it is open already), type the text over what is there, press Enter."""
    if not (table.state() == QAbstractItemView.State.EditingState and (table.currentRow(), table.currentColumn())
            == (row, col)):
        table.setCurrentCell(row, col)
        table.editItem(table.item(row, col))
    editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, editors
    editor = editors[0]
    editor.selectAll()
    if text.isascii():
        QTest.keyClicks(editor, text)
    else:  # QTest types ASCII only; paste-like for the rest
        editor.insert(text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert table.state() != QAbstractItemView.State.EditingState


def test_cover_a_number_checked_and_formatted(main_window, qtbot, sample_path, disk):
    w = main_window
    w.tabs.setCurrentWidget(w.cover)
    w.activateWindow()
    qtbot.waitActive(w)
    table = w.cover.people
    assert table.rowCount() == 1
    assert table.item(0, 1).text() == "A-012-345-678"
    before = packet_json(sample_path)

    _edit_cell(qtbot, table, 0, 1, "12345")
    assert w.cover.people_error.isVisible()
    assert "Row 1" in w.cover.people_error.text() and "5 digits" in w.cover.people_error.text()
    assert packet_json(sample_path) == before
    assert disk().cover.respondents[0].a_number == "A-012-345-678"

    _edit_cell(qtbot, table, 0, 1, "a 123 456 789")
    assert w.cover.people_error.text() == ""
    assert disk().cover.respondents[0].a_number == "A-123-456-789"
    assert w.session.packet.cover.respondents[0].a_number == "A-123-456-789"
    qtbot.waitUntil(lambda: table.item(0, 1).text() == "A-123-456-789", timeout=HANG_MS)  # shown as it will be printed
    assert w.act_undo.text() == "&Undo Edit cover: A-number"


def test_cover_add_respondent(main_window, qtbot, disk):
    w = main_window
    w.tabs.setCurrentWidget(w.cover)
    w.activateWindow()
    qtbot.waitActive(w)
    add = next(b for b in w.cover.findChildren(type(w.start.new_button)) if b.text() == "Add respondent")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert len(disk().cover.respondents) == 2
    table = w.cover.people
    assert table.rowCount() == 2
    _edit_cell(qtbot, table, 1, 0, "Ana Núñez López")
    _edit_cell(qtbot, table, 1, 1, "12345678")
    people = disk().cover.respondents
    assert (people[1].name, people[1].a_number) == ("Ana Núñez López", "A-012-345-678")


def test_cover_hearing_date_checked(main_window, qtbot, sample_path, disk):
    w = main_window
    w.tabs.setCurrentWidget(w.cover)
    edit, error = w.cover.edits["hearing_date"], w.cover.errors["hearing_date"]
    assert edit.text() == "2027-03-15"
    before = packet_json(sample_path)
    edit.setText("15/03/2027")
    edit.editingFinished.emit()
    assert error.isVisible()
    assert "YYYY-MM-DD" in error.text()
    assert packet_json(sample_path) == before
    edit.setText("2027-02-30")  # no such day
    edit.editingFinished.emit()
    assert error.isVisible()
    edit.setText("2027-04-01")
    edit.editingFinished.emit()
    assert not error.isVisible()
    assert disk().cover.hearing_date == "2027-04-01"
    # the hearing time too
    w.cover.edits["hearing_time"].setText("9am")
    w.cover.edits["hearing_time"].editingFinished.emit()
    assert w.cover.errors["hearing_time"].isVisible()
    assert disk().cover.hearing_time == "09:00"


def test_cover_text_field_and_detained(main_window, disk):
    w = main_window
    w.tabs.setCurrentWidget(w.cover)
    w.cover.edits["judge"].setText("Hon. Example Judge")
    w.cover.edits["judge"].editingFinished.emit()
    assert disk().cover.judge == "Hon. Example Judge"
    w.cover.detained.click()
    assert disk().cover.detained is True
    assert w.act_undo.text() == "&Undo Mark detained"
    w.act_undo.trigger()
    assert disk().cover.detained is False
    assert not w.cover.detained.isChecked()


# -- title and saving ---------------------------------------------------------------------------------------------

def test_title_says_not_saved_when_saving_fails(main_window, monkeypatch, disk):
    from packet.store.folder import PacketFolder

    w = main_window
    eid = select_row(w, 1)

    def fail(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(PacketFolder, "write", fail)
    w.inspector.title.setText("Birth certificate")
    w.inspector.title.editingFinished.emit()
    assert "NOT SAVED" in w.windowTitle()
    assert w.isWindowModified()
    assert w.save_label.text().endswith("Not saved")
    assert any("Could not save" in t and "No space left" in t for t in problem_texts(w))
    assert w.problems_dock.isVisible()
    assert disk().find(eid).title != "Birth certificate"
    monkeypatch.undo()
    w.inspector.date.setText("2016-05-04")
    w.inspector.date.editingFinished.emit()  # any change retries the save, and saves the earlier one too
    assert "all changes saved" in w.windowTitle()
    saved = disk().find(eid)
    assert (saved.title, saved.date) == ("Birth certificate", "2016-05-04")


def test_close_packet_returns_to_start(main_window, qtbot, sample_path):
    w = main_window
    assert w.close_packet()
    assert w.stack.currentWidget() is w.start
    assert w.session is None and w.windowTitle() == "Packet"
    assert w.start.recent.item(0).data(Qt.ItemDataRole.UserRole) == str(sample_path)
    assert not w.act_add.isEnabled()


def test_window_destroyed_without_closing_raises_nothing(qtbot, sample_path):
    """A window deleted with a packet open and undo history (no closeEvent first): the undo stack signals while
    it is destroyed, after the list and actions are gone; that must not raise in a slot."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from packet.ui.main_window import MainWindow

    w = MainWindow()
    w.show()
    qtbot.waitExposed(w, timeout=HANG_MS)
    assert w.open_path(sample_path)
    select_row(w, 2)
    w.act_down.trigger()
    w.act_down.trigger()
    w.act_undo.trigger()
    assert w.session.undo_stack.count() == 2
    w.thumbnails.wait(HANG_MS)
    w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # pytest-qt fails the test on any raise


def _encrypted_pdf(path: Path, password: str) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def test_password_protected_pdf_asks_for_its_password(main_window, qtbot, drop_files, tmp_path, monkeypatch,
                                                      disk):
    """Dropped, it is asked for after the other files; the right password adds it, stored without one."""
    from PySide6.QtWidgets import QInputDialog

    w = main_window
    locked = _encrypted_pdf(tmp_path / "locked-lease.pdf", "s3cret")
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *a, **k: (asked.append(a[2]) or ("s3cret", True)))
    before = len(w.model.ids())
    drop_files(w, [locked])
    qtbot.waitUntil(lambda: len(w.model.ids()) == before + 1, timeout=HANG_MS)
    wait_intake(qtbot, w)
    assert asked and "locked-lease.pdf" in asked[0] and "password" in asked[0]
    added = [e for e in disk().exhibits if e.title == "Locked lease"]
    assert len(added) == 1
    doc = disk().documents[added[0].document]
    assert doc.decrypted
    from pypdf import PdfReader

    assert not PdfReader(w.session.folder.path / doc.stored).is_encrypted


def test_password_prompt_cancelled_reports_the_file(main_window, qtbot, drop_files, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    w = main_window
    locked = _encrypted_pdf(tmp_path / "locked.pdf", "s3cret")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    before = w.model.ids()
    drop_files(w, [locked])
    qtbot.waitUntil(lambda: any("locked.pdf" in t and "password" in t for t in problem_texts(w)), timeout=HANG_MS)
    assert w.model.ids() == before


@pytest.mark.parametrize("where", ["helper process", "thread"])
def test_page_cites_follow_the_export_plan_and_a_reorder(main_window, qtbot, monkeypatch, where):
    """Cites are worked out off the GUI thread (by the helper process, or a thread where there is none); the list
    shows the plan's cites, and new ones after a move."""
    from packet.export.build import plan_export
    from packet.ui.cite_planner import CitePlanner
    from packet.ui.exhibit_model import CiteRole

    w = main_window
    planner = CitePlanner.shared()
    if where == "thread":
        monkeypatch.setattr(planner, "available", False)
    threads: list[object] = []
    monkeypatch.setattr(w, "_cites_computed", lambda g, c, real=w._cites_computed: (threads.append(g), real(g, c)))

    def shown() -> dict[str, str]:
        return {w.model.index(r).data(IdRole): w.model.index(r).data(CiteRole) for r in range(w.model.rowCount())}

    def planned() -> dict[str, str]:
        return {e.item_id: e.cite for e in plan_export(w.session.packet).entries}

    qtbot.waitUntil(lambda: w.cites_worker is None and shown() == planned(), timeout=HANG_MS)
    assert all(c.startswith("p") for c in shown().values()), shown()  # "p. 5" or "pp. 6-7"
    before = shown()
    last = w.model.ids()[-1]
    w.select_exhibit(last)
    for _ in range(3):
        w.act_up.trigger()
    qtbot.waitUntil(lambda: w.cites_worker is None and shown() == planned(), timeout=HANG_MS)
    assert shown() != before  # the moved exhibit and those it passed have new cites
    assert shown()[last] != before[last]
    if where == "helper process":
        assert planner.proc is not None and planner.proc.state() == planner.proc.ProcessState.Running
        assert threads == [] and w.cites_worker is None


def test_a_wrong_password_is_asked_again_saying_so(main_window, qtbot, drop_files, tmp_path, monkeypatch, disk):
    """Intake says by a typed result that the password given did not open the file; the window asks again."""
    from PySide6.QtWidgets import QInputDialog

    w = main_window
    locked = _encrypted_pdf(tmp_path / "locked-lease.pdf", "s3cret")
    answers = iter([("wrong", True), ("s3cret", True)])
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (asked.append(a[2]) or next(answers)))
    before = len(w.model.ids())
    drop_files(w, [locked])
    qtbot.waitUntil(lambda: len(w.model.ids()) == before + 1, timeout=HANG_MS)
    wait_intake(qtbot, w)
    assert len(asked) == 2
    assert "did not open" not in asked[0] and "That password did not open it" in asked[1]
    assert [e.title for e in disk().exhibits].count("Locked lease") == 1
    assert not any("locked-lease.pdf" in t for t in problem_texts(w))
