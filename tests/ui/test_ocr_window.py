"""Text recognition, suggestions, converted letters and compression in the window: what a user sees and gets.

Every wait is on a signal or a state (the OCR controller's `finished`, the intake going idle); the timeouts only
stop a hang.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QSettings

from packet.store import ocr
from packet.store.ocr_engine import engine_available
from packet.ui.exhibit_model import IdRole, MarksRole
from tests.store.scanned import KNOWN_TEXT, jpeg_bytes, scan_image, scan_pdf
from tests.ui.conftest import HANG_MS
from tests.ui.test_main_window import problem_texts, select_row, wait_intake

pytestmark = pytest.mark.skipif(not engine_available(), reason="no OCR engine (tesserocr or tesseract)")

PAY_STUB = [
    "BRIGHT VALLEY KITCHENS LLC", "EARNINGS STATEMENT", "Employee: Jose Nunez Ibanez     Employee ID: BVK-0117",
    "Pay period: 03/01/2024 - 03/15/2024     Pay date: 03/20/2024",
    "Gross pay 1,480.00   Federal income tax 98.00   Social Security 91.76", "Net pay 1,268.78",
]


def ocr_settings(enabled: bool) -> None:
    s = QSettings()
    s.setValue("ocr/enabled", enabled)
    s.setValue("ocr/workers", 1)
    s.setValue("ocr/languages", "spa+eng")


def scanned_acta(tmp_path, pages: int = 1):
    """A scanned PDF of a Spanish birth certificate (no text of its own), `pages` pages at 150 dpi."""
    images = [scan_image(KNOWN_TEXT if n == 0 else KNOWN_TEXT[n % 4:], dpi=150, seed=n + 1, size_in=(8.5, 3.0))
              for n in range(pages)]
    folder = tmp_path / "incoming"
    folder.mkdir(exist_ok=True)
    return scan_pdf(folder / "acta-scan.pdf", images, 150)


def row_of_title(w, title: str) -> int:
    for r in range(w.model.rowCount()):
        e = w.session.packet.find(w.model.index(r).data(IdRole))
        if e is not None and e.title == title:
            return r
    raise AssertionError(f"no row titled {title!r}")


def marks(w, title: str) -> list[str]:
    return [text for text, _ in w.model.index(row_of_title(w, title)).data(MarksRole)]


def dropped_scan(w, qtbot, drop_files, tmp_path, pages: int = 1):
    """Drop a scanned acta of `pages` pages (OCR after intake off) and return its exhibit once intake is done."""
    ocr_settings(False)
    drop_files(w, [scanned_acta(tmp_path, pages=pages)])
    qtbot.waitUntil(lambda: any(e.title == "Acta scan" for e in w.session.packet.exhibits), timeout=HANG_MS)
    wait_intake(qtbot, w)
    return next(e for e in w.session.packet.exhibits if e.title == "Acta scan")


def test_ocr_runs_after_intake_marks_the_document_and_the_find_box_finds_its_words(main_window, qtbot,
                                                                                    drop_files, tmp_path):
    w = main_window
    ocr_settings(True)
    scan = scanned_acta(tmp_path)
    with qtbot.waitSignal(w.ocr.finished, timeout=HANG_MS) as done:
        drop_files(w, [scan])
    assert done.args[0] >= 1 and done.args[2] is False  # pages read, not cancelled
    wait_intake(qtbot, w)
    e = next(e for e in w.session.packet.exhibits if e.title == "Acta scan")
    doc = w.session.packet.documents[e.document]
    assert ocr.cache_path(w.session.folder.path, doc.sha256, 1).is_file()
    assert marks(w, "Acta scan") == ["Text recognised"]
    assert not w.ocr_progress.isVisible()
    # "find the lease that says 2014": a word only the recognised text has
    w.filter.setText("compareció")  # the sample's own documents do not have it
    w._find()
    assert w.selected_ids() == [e.id]
    assert "in the text of Tab" in w.statusBar().currentMessage()


def test_ocr_after_intake_can_be_turned_off(main_window, qtbot, drop_files, tmp_path):
    w = main_window
    dropped_scan(w, qtbot, drop_files, tmp_path)
    assert not w.ocr.busy
    assert marks(w, "Acta scan") == ["No searchable text"]
    w.filter.setText("compareció")
    w._find()
    assert "No exhibit has 'compareció'" in w.statusBar().currentMessage()


def test_cancel_stops_recognising_and_keeps_every_page_read_whole(main_window, qtbot, drop_files, tmp_path):
    w = main_window
    e = dropped_scan(w, qtbot, drop_files, tmp_path, pages=6)
    w.ocr.progress.connect(lambda done, total: w.ocr_progress.cancel.click() if done == 1 else None)
    with qtbot.waitSignal(w.ocr.started, timeout=HANG_MS) as started:
        w.recognise_text([e.id])
    assert started.args == [6]  # only this exhibit's pages
    with qtbot.waitSignal(w.ocr.finished, timeout=HANG_MS) as done:
        pass
    read, failed, cancelled = done.args
    assert cancelled is True and failed == 0
    cache = sorted((w.session.folder.path / "derived" / e.document / "ocr").glob("*.json"))
    assert len(cache) == read  # what was read is kept, and only that
    for path in cache:
        assert json.loads(path.read_text(encoding="utf-8"))["words"]  # each one whole
    assert "stopped" in w.statusBar().currentMessage()
    assert not w.ocr_progress.isVisible()


def test_readiness_offers_recognise_text_and_the_warning_goes_once_read(main_window, qtbot, drop_files, tmp_path):
    w = main_window
    e = dropped_scan(w, qtbot, drop_files, tmp_path, pages=2)
    w.readiness.reload()
    assert e.id in w.readiness.textless_exhibits()
    assert w.readiness.recognise.isVisibleTo(w.readiness)
    assert "have no searchable text" in w.readiness.recognise_note.text()
    with qtbot.waitSignal(w.ocr.finished, timeout=HANG_MS) as done:
        w.readiness.recognise.click()
    assert done.args[0] >= 2 and done.args[2] is False
    assert e.id not in w.readiness.textless_exhibits()  # the check counts recognised pages as searchable
    assert w.readiness.textless_exhibits() == [] and not w.readiness.recognise.isVisibleTo(w.readiness)


def test_preferences_keep_languages_cores_and_the_switch_and_refuse_unknown_languages(qtbot):
    from packet.ui.preferences import OcrPreferences, PreferencesDialog

    first = OcrPreferences.load()
    assert first.languages == "spa+eng" and first.workers >= 1
    d = PreferencesDialog()
    qtbot.addWidget(d)
    d.languages.setText("klingon")
    d.accept()
    assert d.result() == 0 and "klingon" in d.problem.text()  # refused, said, nothing saved
    assert OcrPreferences.load().languages == "spa+eng"
    d.languages.setText("eng")
    d.workers.setValue(1)
    d.enabled.setChecked(False)
    d.accept()
    assert OcrPreferences.load() == OcrPreferences(False, "eng", 1)


def test_a_suggestion_is_shown_accepted_as_one_undoable_step_or_dismissed(main_window, qtbot, drop_files, make_pdf,
                                                                          tmp_path, disk):
    from reportlab.pdfgen.canvas import Canvas

    w = main_window
    stub = tmp_path / "incoming" / "scan0001.pdf"
    stub.parent.mkdir(exist_ok=True)
    c = Canvas(str(stub), invariant=1)
    for n, line in enumerate(PAY_STUB):
        c.drawString(72, 740 - 16 * n, line)
    c.showPage()
    c.save()
    drop_files(w, [stub])
    qtbot.waitUntil(lambda: any(e.title == "Scan0001" for e in w.session.packet.exhibits), timeout=HANG_MS)
    wait_intake(qtbot, w)
    select_row(w, row_of_title(w, "Scan0001"))
    box = w.inspector.suggestion
    assert box.isVisibleTo(w.inspector) and box.accept_button.isVisibleTo(w.inspector)
    shown = box.text.text()
    assert "Pay stub" in shown and "2024-03-01 to 2024-03-15" in shown and "Employment" in shown
    eid = box.exhibit_id
    assert box.accept()
    e = disk().find(eid)
    assert (e.title, e.date, "employment" in e.factors) == ("Pay stub, March 2024", "2024-03-01 to 2024-03-15", True)
    assert not box.isVisibleTo(w.inspector)  # nothing left to suggest
    w.session.undo_stack.undo()
    e = disk().find(eid)
    assert (e.title, e.date, "employment" in e.factors) == ("Scan0001", "", False)
    assert box.isVisibleTo(w.inspector)  # offered again
    box.dismiss_button.click()
    assert not box.isVisibleTo(w.inspector)
    select_row(w, 0)
    select_row(w, row_of_title(w, "Scan0001"))
    assert not box.isVisibleTo(w.inspector)  # dismissed stays dismissed
    e = disk().find(eid)
    assert e.title == "Scan0001" and not e.factors  # dismissing takes nothing
    assert e.dismissed_suggestion.startswith("Pay stub, March 2024")  # and is kept in packet.json for the next open
    w.session.undo_stack.undo()  # one undoable step
    assert disk().find(eid).dismissed_suggestion == ""
    assert box.isVisibleTo(w.inspector)
    w.session.undo_stack.redo()
    assert not box.isVisibleTo(w.inspector)


def test_the_export_dialog_reports_the_size_before_and_after_compression(sample_path, qtbot, tmp_path):
    from packet.store.folder import open_packet
    from packet.ui.export_dialog import ExportDialog
    from packet.ui.session import PacketSession
    from tests.filing.helpers import run_cli

    photo = tmp_path / "scan-300dpi.jpg"
    photo.write_bytes(jpeg_bytes(scan_image(KNOWN_TEXT, dpi=300, size_in=(8.5, 11)).convert("RGB"), 300, 92))
    assert run_cli("add", sample_path, photo)[0] == 0
    session = PacketSession(open_packet(sample_path))
    d = ExportDialog(session)
    qtbot.addWidget(d, before_close_func=lambda d: d.worker.wait(HANG_MS) if d.worker else None)
    d.target.setText(str(tmp_path / "out.pdf"))
    d.compress.setCurrentIndex(d.compress.findData("strong"))
    d.start_export()
    qtbot.waitUntil(lambda: d.worker is None and d.status.text().startswith(("Saved", "Export failed")),
                    timeout=HANG_MS)
    text = d.status.text()
    assert text.startswith("Saved"), text
    assert session.packet.settings.compress_images == "strong"  # kept in the packet, as `packet set` would
    assert "Images compressed (strong)" in text and "without compression" in text
    import re

    after, before = (float(x) for x in re.search(r"the packet is ([\d.]+) MB \(about ([\d.]+) MB without", text).groups())
    assert after < before
    assert abs((tmp_path / "out.pdf").stat().st_size / 1e6 - after) < 0.06
    session.close()


def test_a_dropped_word_letter_is_converted_marked_in_the_list_and_exported_with_its_text(main_window, qtbot,
                                                                                         drop_files, tmp_path):
    from tests.export.pdfcheck import page_texts
    from tests.store.test_convert import NEEDS_SOFFICE, _letter_docx

    if NEEDS_SOFFICE.args[0]:
        pytest.skip(NEEDS_SOFFICE.kwargs["reason"])
    w = main_window
    letter = tmp_path / "incoming" / "carta-apoyo.docx"
    letter.parent.mkdir(exist_ok=True)
    letter.write_bytes(_letter_docx())
    drop_files(w, [letter])
    qtbot.waitUntil(lambda: any(e.title == "Carta apoyo" for e in w.session.packet.exhibits), timeout=HANG_MS)
    wait_intake(qtbot, w)
    assert marks(w, "Carta apoyo") == ["Converted from Word"]
    e = next(e for e in w.session.packet.exhibits if e.title == "Carta apoyo")
    assert w.session.packet.documents[e.document].converted_from == "DOCX"
    from packet.export.build import export_packet

    out = export_packet(w.session.packet, w.session.folder.path, tmp_path / "letter.pdf")
    assert "Conozco a José Núñez Ibáñez desde 2011" in " ".join(" ".join(page_texts(out.path)).split())


def test_without_an_engine_the_window_works_and_says_how_to_get_ocr(qtbot, sample_path, drop_files, tmp_path,
                                                                    monkeypatch):
    from packet.store.ocr_engine import unavailable_message
    from packet.ui.main_window import MainWindow
    from tests.ui.conftest import wait_threads

    monkeypatch.setenv("PACKET_OCR_ENGINE", "none")
    ocr_settings(True)
    w = MainWindow()
    qtbot.addWidget(w, before_close_func=wait_threads)
    w.show()
    assert w.open_path(sample_path)
    drop_files(w, [scanned_acta(tmp_path)])
    qtbot.waitUntil(lambda: "⚠ " + unavailable_message() in problem_texts(w), timeout=HANG_MS)
    wait_intake(qtbot, w)
    assert any(e.title == "Acta scan" for e in w.session.packet.exhibits)  # added as before
    assert not w.ocr.busy
    w.readiness.reload()
    assert not w.readiness.recognise.isVisibleTo(w.readiness)
    assert "not installed on this computer" in w.readiness.recognise_note.text()
    finding = next(f for f in w.readiness.findings if f.code == "no-searchable-text")
    assert "'packet ocr' says how to install it" in finding.fix
    wait_threads(w)
