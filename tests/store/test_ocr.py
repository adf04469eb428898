"""Text recognition: the engine, one page read back with its accents, the cache, and runs in worker processes."""

from __future__ import annotations

import json
import shutil

import pytest
from PIL import Image

from packet.store import ocr, ocr_engine
from packet.store.intake import add_files
from packet.store.ocr_engine import OcrUnavailable, check_languages, find_engine
from packet.store.ocr_runner import READ, OcrRun, PageJob, default_workers, document_status, plan_pages
from tests.store.scanned import KNOWN_TEXT, found_share, jpeg_bytes, scan_image, scan_pdf, words_of

pytestmark = pytest.mark.skipif(find_engine() is None, reason="no OCR engine (tesserocr or tesseract)")
SHORT = KNOWN_TEXT[:3]


@pytest.fixture
def scanned_packet(packet_folder, tmp_path):
    """A packet with a two-page scanned PDF (200 dpi greyscale JPEG pages) as exhibit A."""
    pdf = scan_pdf(tmp_path / "acta.pdf", [scan_image(), scan_image(SHORT, seed=3, size_in=(8.5, 2.0))], 200)
    [result] = add_files(packet_folder, [pdf])
    assert result.verdict == "accept", result.messages
    return packet_folder


def test_the_bundled_languages_are_english_and_spanish_and_the_setting_is_checked():
    assert {"eng", "spa"} <= set(ocr_engine.available_languages())
    assert check_languages("spa+eng") == "spa+eng"
    with pytest.raises(OcrUnavailable, match="no language data for fra"):
        check_languages("spa+fra")
    with pytest.raises(OcrUnavailable, match="joined by '\\+'"):
        check_languages("Spanish, English")


def test_a_scanned_pdf_page_is_read_with_its_accents(scanned_packet):
    doc = next(iter(scanned_packet.packet.documents.values()))
    assert ocr.pages_to_read(scanned_packet.path, doc) == [1, 2]
    text = ocr.recognise_page(find_engine(), scanned_packet.path, doc, 1, "spa+eng")
    assert text.dpi == 200  # the scan's own resolution, not upscaled
    assert found_share(words_of(KNOWN_TEXT), text.text) >= 0.98, text.text
    assert "José Núñez Ibáñez" in text.text
    first = next(w for w in text.words if w.text == "ACTA")
    # boxes are fractions of the page from its top-left: the title is near the top-left corner
    assert 0.05 < first.x0 < 0.15 and first.y0 < 0.15 and first.x1 > first.x0 and first.y1 > first.y0
    assert text.reads_like_document


def test_the_command_line_engine_reads_the_same_words(tmp_path):
    if shutil.which("tesseract") is None:
        pytest.skip("no tesseract program on the PATH")
    image = scan_image(SHORT, size_in=(8.5, 2.0))
    a = ocr_engine.recognise_image(find_engine("tesseract"), image, "spa+eng", 200)
    b = ocr_engine.recognise_image(find_engine("tesserocr"), image, "spa+eng", 200)
    assert [w.text for w in a] == [w.text for w in b] == words_of(SHORT) or \
        found_share(words_of(SHORT), " ".join(w.text for w in a)) >= 0.98


def test_a_photo_page_is_read_from_its_page_ready_image(packet_folder, tmp_path):
    photo = tmp_path / "carta.jpg"
    photo.write_bytes(jpeg_bytes(scan_image(SHORT, size_in=(8.5, 2.0)).convert("RGB"), 200))
    [result] = add_files(packet_folder, [photo])
    doc = packet_folder.packet.documents[result.sha256]
    assert ocr.pages_to_read(packet_folder.path, doc) == [1]
    text = ocr.recognise_page(find_engine(), packet_folder.path, doc, 1, "spa+eng")
    assert found_share(words_of(SHORT), text.text) >= 0.98, text.text


def test_a_photo_of_an_object_does_not_read_like_a_document(packet_folder, make_image):
    [result] = add_files(packet_folder, [make_image("car.png", size=(900, 600), color=(40, 90, 160))])
    doc = packet_folder.packet.documents[result.sha256]
    text = ocr.recognise_page(find_engine(), packet_folder.path, doc, 1, "spa+eng")
    assert not text.reads_like_document


def test_each_page_is_recognised_once_and_a_new_selection_reads_only_new_pages(scanned_packet):
    path, packet = scanned_packet.path, scanned_packet.packet
    exhibit = packet.exhibits[0]
    doc = packet.documents[exhibit.document]
    exhibit.pages = [1]
    jobs = plan_pages(path, packet)
    assert [(j.sha256, j.page) for j in jobs] == [(doc.sha256, 1)]
    assert document_status(path, doc, pages=exhibit.pages) == (0, 1)
    done = list(OcrRun(path, packet.documents, jobs, in_process=True))
    assert [(d.page, d.status, d.done, d.total) for d in done] == [(1, READ, 1, 1)]
    assert plan_pages(path, packet) == []  # a second export recognises nothing again
    assert document_status(path, doc, pages=exhibit.pages) == (1, 1)
    cache_file = ocr.cache_path(path, doc.sha256, 1)
    before = cache_file.stat().st_mtime_ns
    exhibit.pages = [2, 1]
    assert [j.page for j in plan_pages(path, packet)] == [2]  # only the page new to the selection
    assert cache_file.stat().st_mtime_ns == before
    assert plan_pages(path, packet, languages="eng") != []  # other languages: read again


def test_a_damaged_cache_file_is_read_again(scanned_packet):
    path, packet = scanned_packet.path, scanned_packet.packet
    doc = packet.documents[packet.exhibits[0].document]
    list(OcrRun(path, packet.documents, plan_pages(path, packet)[:1], in_process=True))
    cache_file = ocr.cache_path(path, doc.sha256, 1)
    assert json.loads(cache_file.read_text())["languages"] == "spa+eng"
    cache_file.write_text('{"format": 1, "words": [')
    assert ocr.cached(path, doc.sha256, 1, "spa+eng") is None
    assert [j.page for j in plan_pages(path, packet)] == [1, 2]


def test_worker_processes_read_every_page_and_report_each(scanned_packet):
    path, packet = scanned_packet.path, scanned_packet.packet
    jobs = plan_pages(path, packet)
    run = OcrRun(path, packet.documents, jobs, workers=2)
    events = list(run)
    assert sorted(e.page for e in events) == [1, 2]
    assert [e.done for e in events] == [1, 2] and {e.total for e in events} == {2}
    assert all(e.status == READ and e.words > 0 and e.name == "acta.pdf" for e in events)
    doc = packet.documents[packet.exhibits[0].document]
    assert found_share(words_of(SHORT), ocr.cached(path, doc.sha256, 2, "spa+eng").text) >= 0.98
    assert "Núñez" in ocr.document_text(path, doc, "spa+eng")
    assert default_workers() == max(1, (__import__("os").cpu_count() or 1) - 1)


def test_cancel_stops_the_run_and_its_workers(packet_folder, tmp_path):
    pages = [scan_image(SHORT, seed=s, size_in=(8.5, 2.0)) for s in range(6)]
    add_files(packet_folder, [scan_pdf(tmp_path / "many.pdf", pages, 200)])
    path, packet = packet_folder.path, packet_folder.packet
    run = OcrRun(path, packet.documents, plan_pages(path, packet), workers=1)
    seen = []
    for event in run:
        seen.append(event)
        run.cancel()
    assert len(seen) == 1 and run.cancelled
    assert run._pool is not None and not any(p.is_alive() for p in run._pool._pool)
    assert len(plan_pages(path, packet)) >= 6 - 2  # the rest is still to do, and will be done next time


def test_every_page_that_cannot_be_read_is_reported_by_document_and_page(scanned_packet):
    path, packet = scanned_packet.path, scanned_packet.packet
    doc = packet.documents[packet.exhibits[0].document]
    jobs = plan_pages(path, packet)
    (path / doc.stored).write_bytes(b"%PDF-1.4 damaged")  # simulate pages the renderer cannot read
    jobs.append(PageJob(doc.sha256, 99))  # and a page the document does not have
    events = list(OcrRun(path, packet.documents, jobs, in_process=True))
    assert [e.status for e in events] == ["failed"] * 3
    assert all("acta.pdf, page" in e.message and "without a text layer" in e.message for e in events)


def test_without_an_engine_the_run_says_how_to_get_ocr(scanned_packet, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(ocr_engine, "_cached", {})
    monkeypatch.setattr(ocr_engine, "TesserocrEngine", _raise_import_error)
    assert ocr_engine.find_engine() is None
    assert not ocr_engine.engine_available()  # known now: no engine
    with pytest.raises(OcrUnavailable, match="pip install tesserocr.*tesseract-ocr"):
        OcrRun(scanned_packet.path, scanned_packet.packet.documents, [])


def _raise_import_error():
    raise ImportError("no tesserocr")


def test_the_caller_learns_an_engine_exists_without_loading_tesseract(monkeypatch):
    monkeypatch.setattr(ocr_engine, "_cached", {})
    assert ocr_engine.engine_available("tesserocr") == (ocr_engine.importlib.util.find_spec("tesserocr") is not None)
    assert ocr_engine._cached == {}  # nothing was loaded to find out
    monkeypatch.setenv("PATH", "/nonexistent")
    assert not ocr_engine.engine_available("tesseract")


def test_page_source_of_an_unscanned_pdf_page_renders_at_300_dpi(packet_folder, make_pdf):
    [result] = add_files(packet_folder, [make_pdf("letter.pdf")])
    doc = packet_folder.packet.documents[result.sha256]
    source = ocr.page_source(packet_folder.path, doc, 1)
    assert source.dpi == ocr.RENDER_DPI
    assert abs(source.image.width - 2550) <= 1 and abs(source.image.height - 3300) <= 1
    assert ocr.pages_to_read(packet_folder.path, doc) == []  # it has text: nothing to recognise
    assert isinstance(source.image, Image.Image) and source.image.mode == "L"


def test_ocr_follows_the_kept_pages_of_a_page_selection(scanned_packet, tmp_path):
    """Issue 13's page editing: a hidden page is not read; a merged exhibit's pages of another document are; the
    list's count and the suggestions go by the same kept pages."""
    from packet.core import actions
    from packet.store.ocr import exhibit_recognised
    from packet.store.suggestions import suggest_for

    path, packet = scanned_packet.path, scanned_packet.packet
    second = scan_pdf(tmp_path / "carta.pdf", [scan_image(KNOWN_TEXT[3:], seed=5, size_in=(8.5, 3.0))], 200)
    [result] = add_files(scanned_packet, [second])
    packet = scanned_packet.packet
    first, other = packet.exhibits[0], packet.exhibits[1]
    actions.hide_pages(packet, first.id, [2])
    acta = packet.documents[first.document]
    assert [(j.sha256, j.page) for j in plan_pages(path, packet, items=[first])] == [(acta.sha256, 1)]
    assert suggest_for(path, packet, first).has_text is False  # nothing read yet: nothing to go on
    actions.merge_with_next(packet, first.id)
    jobs = plan_pages(path, packet)
    assert [(j.sha256, j.page) for j in jobs] == [(acta.sha256, 1), (result.sha256, 1)]
    assert exhibit_recognised(path, packet.documents, packet.exhibits[0]) == (0, 2)
    list(OcrRun(path, packet.documents, jobs, in_process=True))
    assert not ocr.cache_path(path, acta.sha256, 2).exists()  # the hidden page was never read
    assert exhibit_recognised(path, packet.documents, packet.exhibits[0]) == (2, 2)
    found = suggest_for(path, packet, packet.exhibits[0])
    assert found.has_text and found.kind_name.startswith("Birth certificate")
    assert other.id not in [e.id for e in packet.exhibits]
