"""The page view as a user drives it: turn, hide and restore, drag to reorder, split and merge, each one undoable,
saved at once, and checked in the PDF the export dialog writes (pages, which way up, cites); blank pages offered,
never hidden by themselves; the inspector's preview shows the pages as the export will."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from packet.export.build import plan_export
from packet.ui.exhibit_model import CiteRole, PagesRole
from packet.ui.export_dialog import ExportDialog
from tests.export.pdfcheck import NEEDS_POPPLER, page_texts, page_words

from .conftest import HANG_MS, QT_LOG_IGNORE

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]

PAYSTUB = 2  # the sample's Tab B (row 2, after the lead document and Tab A): a pay stub of 2 pages
JULY_1 = "EARNINGS STATEMENT · July 2026 José Núñez Ibáñez"  # its page 1 (pdftotext, spaces squashed)
JULY_2 = "EARNINGS STATEMENT · July 2026 · page 2 of 2"  # its page 2


def open_pages(window, row: int = PAYSTUB):
    """Select an exhibit, show its pages, and return (exhibit id, the page view)."""
    idx = window.model.index(row)
    window.list.selectionModel().setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    window.show_pages()
    QApplication.processEvents()
    view = window.pages
    assert view.model.exhibit_id == idx.data(Qt.ItemDataRole.UserRole + 1)
    return view.model.exhibit_id, view


def pick(view, *positions: int) -> None:
    """Select pages as a click and Ctrl+clicks would, the first one current; the keyboard focus in the grid."""
    view.window().activateWindow()
    assert QTest.qWaitForWindowActive(view.window(), HANG_MS)
    view.grid.setFocus()
    view.select_positions(list(positions))
    assert view.selected_positions() == sorted(positions)


def kept(window, eid: str) -> list[tuple[int, int]]:
    e = window.session.packet.find(eid)
    return [(r.page, r.rotate) for r in e.kept(window.session.packet.documents)]


def on_disk(disk, eid: str) -> list[tuple[int, int, bool]]:
    p = disk()
    e = p.find(eid)
    return [(r.page, r.rotate, r.hidden) for r in e.page_list(p.documents)] if e else []


def export(window, qtbot, out: Path) -> Path:
    """Export through the export dialog, as a user does; the PDF written."""
    d = ExportDialog(window.session, window)
    qtbot.addWidget(d)
    d.target.setText(str(out))
    d.show()
    d.start_export()
    qtbot.waitUntil(lambda: d.worker is None and not d.progress.isVisible(), timeout=HANG_MS)
    assert out.exists(), d.status.text()
    d.close()
    return out


def exhibit_range(window, eid: str) -> range:
    e = plan_export(window.session.packet).entry(eid)
    return range(e.first, e.last + 1)


# -- turn ------------------------------------------------------------------------------------------------------

@NEEDS_POPPLER
def test_turn_a_page_with_the_keyboard_undo_redo_and_export(main_window, qtbot, disk, tmp_path):
    w = main_window
    eid, view = open_pages(w)
    pick(view, 2)
    QTest.keyClick(view.grid, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert on_disk(disk, eid) == [(1, 0, False), (2, 90, False)]
    assert "p. 2 turned 90°" in view.heading.text()
    assert view.selected_positions() == [2]  # still selected: turn again at once
    w.act_undo.trigger()
    assert on_disk(disk, eid) == [(1, 0, False), (2, 0, False)]
    w.act_redo.trigger()
    assert on_disk(disk, eid) == [(1, 0, False), (2, 90, False)]
    pdf = export(w, qtbot, tmp_path / "turned.pdf")
    pages = exhibit_range(w, eid)
    words = page_words(pdf, pages[0] + 1, pages[-1] + 1)
    heading = [[x for x in page if x.text == "EARNINGS"] for page in words]
    assert heading[0] and heading[0][0].horizontal  # page 1 level
    assert heading[1] and not heading[1][0].horizontal  # page 2 on its side, as the page view shows it
    assert heading[1][0].x0 > 612 / 2  # turned clockwise: its top at the right


def test_turn_left_and_right_buttons_add_up(main_window, disk):
    w = main_window
    eid, view = open_pages(w)
    pick(view, 1, 2)
    view.act_left.trigger()
    view.act_left.trigger()
    assert on_disk(disk, eid) == [(1, 180, False), (2, 180, False)]
    view.act_right.trigger()
    assert on_disk(disk, eid) == [(1, 270, False), (2, 270, False)]
    assert w.session.undo_stack.count() == 3


# -- hide and restore ------------------------------------------------------------------------------------------

@NEEDS_POPPLER
def test_hide_a_page_counts_cites_and_export_then_restore(main_window, qtbot, disk, tmp_path):
    w = main_window
    eid, view = open_pages(w)
    before = plan_export(w.session.packet).total
    pick(view, 1)
    QTest.keyClick(view.grid, Qt.Key.Key_Delete)  # Delete hides pages here; it never removes the exhibit
    assert eid in w.model.ids()
    assert on_disk(disk, eid) == [(1, 0, True), (2, 0, False)]
    row = w.model.row_of(eid)
    assert w.model.index(row).data(PagesRole) == 1
    qtbot.waitUntil(lambda: w.model.index(row).data(CiteRole) == plan_export(w.session.packet).entry(eid).cite,
                    timeout=HANG_MS)
    assert w.model.index(row).data(CiteRole).startswith("p. ")
    assert view.model.index(0).data(Qt.ItemDataRole.DisplayRole) == "Page 1 (hidden)"  # greyed, not gone
    pdf = export(w, qtbot, tmp_path / "hidden.pdf")
    assert len(PdfReader(pdf).pages) == before - 1
    texts = [" ".join(t.split()) for t in page_texts(pdf)]
    assert not any(JULY_1 in t for t in texts)
    assert [i for i, t in enumerate(texts) if JULY_2 in t] == list(exhibit_range(w, eid))
    pick(view, 1)
    QTest.keyClick(view.grid, Qt.Key.Key_H)  # H restores a hidden page
    assert on_disk(disk, eid) == [(1, 0, False), (2, 0, False)]


def test_hiding_every_page_is_refused_with_a_message(main_window, qtbot, disk):
    w = main_window
    eid, view = open_pages(w)
    said: list[str] = []
    view.message.connect(said.append)
    pick(view, 1, 2)
    before = on_disk(disk, eid)
    view.act_hide.trigger()
    assert on_disk(disk, eid) == before
    assert said and "at least one page" in said[0]


# -- reorder ---------------------------------------------------------------------------------------------------

@NEEDS_POPPLER
def test_drag_page_two_before_page_one(main_window, qtbot, disk, tmp_path):
    w = main_window
    eid, view = open_pages(w)
    m = view.model
    mime = m.mimeData([m.index(1)])
    m.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert on_disk(disk, eid) == [(2, 0, False), (1, 0, False)]
    assert w.session.undo_stack.undoText() == "Move page 2"
    pdf = export(w, qtbot, tmp_path / "reordered.pdf")
    texts = [" ".join(page_texts(pdf)[i].split()) for i in exhibit_range(w, eid)]
    assert JULY_2 in texts[0] and JULY_1 in texts[1]
    w.act_undo.trigger()
    assert on_disk(disk, eid) == [(1, 0, False), (2, 0, False)]
    pick(view, 1)
    QTest.keyClick(view.grid, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # the keyboard way
    assert on_disk(disk, eid) == [(2, 0, False), (1, 0, False)]


def test_pages_of_another_exhibit_are_not_dropped_here(main_window, disk):
    w = main_window
    eid, view = open_pages(w)
    mime = view.model.mimeData([view.model.index(1)])
    open_pages(w, 0)  # the lead document
    before = disk().to_dict()
    view.model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert disk().to_dict()["exhibits"] == before["exhibits"] and disk().to_dict()["lead"] == before["lead"]


# -- split and merge -------------------------------------------------------------------------------------------

@NEEDS_POPPLER
def test_split_at_a_page_then_merge_back_and_undo(main_window, qtbot, disk, tmp_path):
    w = main_window
    eid, view = open_pages(w)
    n = len(w.session.packet.exhibits)
    pick(view, 2)
    assert view.act_split.isEnabled()
    view.act_split.trigger()
    p = disk()
    assert len(p.exhibits) == n + 1
    new = p.exhibits[2]
    assert (p.exhibits[1].id, new.title) == (eid, "Pay stub, July 2026 (Bella Vista Kitchen LLC) (continued)")
    assert [p.label_of(e) for e in p.exhibits[1:3]] == ["B", "C"]
    pdf = export(w, qtbot, tmp_path / "split.pdf")
    index = " ".join(page_texts(pdf)[1].split())
    plan = plan_export(w.session.packet)
    assert f"(continued) {plan.entry(new.id).cite}" in index
    assert [o.title for o in PdfReader(pdf).outline[-1]][1:3] == [
        "Tab B: Pay stub, July 2026 (Bella Vista Kitchen LLC)",
        "Tab C: Pay stub, July 2026 (Bella Vista Kitchen LLC) (continued)"]
    # merge the two halves back, then merge the August pay stub (its own document) in too
    view.act_merge.trigger()
    assert on_disk(disk, eid) == [(1, 0, False), (2, 0, False)] and len(disk().exhibits) == n
    view.act_merge.trigger()
    p = disk()
    assert len(p.exhibits) == n - 1
    assert [r.page for r in p.find(eid).kept(p.documents)] == [1, 2, 1]
    assert "2 of 3 pages" not in view.heading.text() and "3 of 3 pages kept" in view.heading.text()
    for _ in range(3):
        w.act_undo.trigger()
    assert len(disk().exhibits) == n and on_disk(disk, eid) == [(1, 0, False), (2, 0, False)]


# -- blank pages: a suggestion ---------------------------------------------------------------------------------

def test_blank_pages_are_offered_and_hidden_only_when_accepted(main_window, qtbot, tmp_path, disk, drop_files):
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    scan = tmp_path / "incoming" / "duplex-scan.pdf"
    scan.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(scan), pagesize=letter)
    for n in range(1, 5):
        if n % 2:
            for line in range(25):
                c.drawString(72, 720 - 18 * line, f"Page {n}, line {line}: treatment notes and prescriptions.")
        c.showPage()
    c.save()
    w = main_window
    drop_files(w, [scan])
    qtbot.waitUntil(lambda: not w.intake.busy and any(
        w.session.packet.document_of(e).original_name == "duplex-scan.pdf" for e in w.session.packet.exhibits),
        timeout=HANG_MS)
    e = next(x for x in w.session.packet.exhibits if w.session.packet.document_of(x).original_name == "duplex-scan.pdf")
    w.select_exhibit(e.id)
    w.show_pages()
    view = w.pages
    qtbot.waitUntil(lambda: view.suggestion.isVisible() and view.accept_blank.isVisible(), timeout=HANG_MS)
    assert "Pages 2, 4 look blank" in view.suggestion_text.text()
    assert on_disk(disk, e.id) == [(n, 0, False) for n in range(1, 5)]  # nothing hidden by itself
    qtbot.mouseClick(view.accept_blank, Qt.MouseButton.LeftButton)
    assert on_disk(disk, e.id) == [(1, 0, False), (2, 0, True), (3, 0, False), (4, 0, True)]
    assert not view.suggestion.isVisible()
    w.act_undo.trigger()
    assert on_disk(disk, e.id) == [(n, 0, False) for n in range(1, 5)]


# -- the preview -----------------------------------------------------------------------------------------------

def test_preview_shows_kept_pages_turned_and_fits_the_width(main_window, qtbot):
    w = main_window
    eid, view = open_pages(w)
    pick(view, 1)
    view.act_hide.trigger()
    pick(view, 2)
    view.act_right.trigger()
    w.tabs.setCurrentWidget(w.inspector)
    preview = w.inspector.preview
    assert preview.pages == [(w.session.packet.find(eid).document, 2, 90)]
    assert preview.where.text() == "Page 1 of 1"
    # on its side, as it will be exported
    qtbot.waitUntil(lambda: not preview.image.pixmap().isNull() and
                    preview.image.pixmap().width() > preview.image.pixmap().height(), timeout=HANG_MS)
    pix = preview.image.pixmap()
    width = preview.area.viewport().width()
    assert width - 40 <= pix.width() / pix.devicePixelRatio() <= width  # fitted to the width (room for a scroll bar)
    fitted = pix.width()
    preview.zoom_in.click()
    qtbot.waitUntil(lambda: preview.image.pixmap().width() > fitted * 1.2, timeout=HANG_MS)
    assert preview.zoom_label.text() == "125%"
    preview.set_fit("page")
    qtbot.waitUntil(lambda: preview.image.height() <= preview.area.viewport().height(), timeout=HANG_MS)
