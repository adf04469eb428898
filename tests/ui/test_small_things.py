"""Issue 13, window item 16, the small things: Open file without a PDF viewer says so and offers Show in folder;
after Delete the preview shows no page of the removed exhibit; F2 edits the title in place without blanking the
row; a row says when an English translation is attached; automatic titles keep acronyms; Export PDF… is never
enabled where the toolbar's is not."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QToolButton

from packet.core import actions
from packet.core.titles import title_from_filename
from packet.ui import export_dialog as export_dialog_module
from packet.ui.exhibit_model import TitleRole

from .conftest import HANG_MS, QT_LOG_IGNORE

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]


def test_open_file_without_a_pdf_viewer_says_so_and_offers_the_folder(main_window, qtbot, tmp_path, monkeypatch):
    from packet.ui.export_dialog import ExportDialog

    w = main_window
    d = ExportDialog(w.session, w)
    qtbot.addWidget(d)
    out = tmp_path / "filing.pdf"
    d.target.setText(str(out))
    d.start_export()
    qtbot.waitUntil(lambda: d.worker is None and out.exists(), timeout=HANG_MS)
    opened: list[str] = []

    class NoViewer:
        @staticmethod
        def openUrl(url):  # noqa: N802 - Qt's name
            opened.append(url.toLocalFile())
            return not url.toLocalFile().endswith(".pdf")  # no program for PDFs; folders open

    asked: list[str] = []
    monkeypatch.setattr(export_dialog_module, "QDesktopServices", NoViewer)
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(d.open_button, Qt.MouseButton.LeftButton)
    assert asked and "No program to open PDF files" in asked[0] and "Show in folder" in asked[0]
    assert opened == [str(out), str(out.parent)]  # asked, then the folder shown
    assert "No program to open PDF files" in d.status.text()


def test_after_delete_the_preview_shows_no_page_of_the_removed_exhibit(main_window, qtbot):
    w = main_window
    w.tabs.setCurrentWidget(w.inspector)
    last = w.model.rowCount() - 1
    w.list.selectionModel().setCurrentIndex(w.model.index(last), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    gone = w.model.index(last).data(Qt.ItemDataRole.UserRole + 1)
    preview = w.inspector.preview
    qtbot.waitUntil(lambda: not preview.image.pixmap().isNull(), timeout=HANG_MS)
    w.act_remove.trigger()
    QApplication.processEvents()
    shown = w.inspector.exhibit_id
    assert shown != gone
    if shown:  # the next row is selected: its pages, not the removed one's
        e = w.session.packet.find(shown)
        assert preview.exhibit_id == shown and {d for d, _, _ in preview.pages} <= set(e.documents_used())
    else:
        assert preview.pages == [] and preview.image.pixmap().isNull() and preview.where.text() == \
            "No document selected"
    # with nothing selected at all, nothing is shown
    w.list.selectionModel().clearSelection()
    QApplication.processEvents()
    assert w.inspector.exhibit_id == "" and preview.pages == [] and preview.image.pixmap().isNull()


def test_f2_edits_the_title_in_its_line_and_keeps_the_row(main_window, qtbot):
    w = main_window
    w.activateWindow()
    assert QTest.qWaitForWindowActive(w, HANG_MS)
    index = w.model.index(2)
    w.list.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    w.list.setFocus()
    QTest.keyClick(w.list, Qt.Key.Key_F2)
    editors = [e for e in w.list.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    editor, row = editors[0], w.list.visualRect(index)
    assert editor.text() == index.data(TitleRole)
    assert editor.geometry().height() < row.height() / 2  # one line: the tab, cite, chips stay in view
    assert editor.geometry().left() > row.left() + 72  # right of the thumbnail
    editor.selectAll()
    QTest.keyClicks(editor, "Pay stub, July 2026")
    w.model.set_cites({})  # the row refreshes while the title is typed (cites, thumbnails): the typing stays
    assert editor.text() == "Pay stub, July 2026"
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits the editor's text on the next turn of the loop
    assert w.session.packet.find(index.data(Qt.ItemDataRole.UserRole + 1)).title == "Pay stub, July 2026"


def test_a_row_says_when_a_translation_is_attached(main_window, qtbot):
    from packet.ui.exhibit_model import TranslationRole

    w = main_window
    p = w.session.packet
    a, b = p.exhibits[0], p.exhibits[1]
    w.session.edit("Attach", lambda pk: actions.attach_translation(pk, a.id, pk.documents[b.document],
                                                                    language="Spanish"))
    row = w.model.row_of(a.id)
    text = w.model.index(row).data(TranslationRole)
    assert text.startswith("Spanish, with its English translation") and "2 pages" in text
    assert "English translation" in w.model.index(row).data(Qt.ItemDataRole.AccessibleTextRole)
    assert w.model.index(w.model.row_of(b.id)).data(TranslationRole) == ""


@pytest.mark.parametrize(("name", "title"), [
    ("us_constitution.pdf", "US constitution"),
    ("uscis-receipt-notice.pdf", "USCIS receipt notice"),
    ("irs_tax_transcript_2023.pdf", "IRS tax transcript 2023"),
    ("USCIS_I-797_receipt.pdf", "USCIS I-797 receipt"),  # the file's own case is kept
    ("McAllen police clearance.pdf", "McAllen police clearance"),
    ("birth_cert-ana_lopez.pdf", "Birth cert ana lopez"),
    ("ny_dmv_id.jpg", "NY DMV ID"),
])
def test_automatic_titles_keep_acronyms_and_the_files_own_case(name, title):
    assert title_from_filename(name) == title


def test_export_pdf_is_never_enabled_on_an_empty_packet(main_window):
    w = main_window
    header = [b for b in w.findChildren(QToolButton) if b.text().replace("&", "").startswith("Export PDF")]
    assert header and all(b.isEnabled() for b in header)
    w.session.edit("Remove all", lambda p: actions.remove_items(p, [e.id for e in p.items()]))
    w._refresh()
    assert not w.act_export.isEnabled()
    buttons = [b for b in w.findChildren(QToolButton) if b.text().replace("&", "").startswith("Export PDF")]
    assert buttons and not any(b.isEnabled() for b in buttons)
