"""Recognised text in the export: a scanned page made from known text comes back from the exported PDF with its
words and accents (pdftotext), each page is recognised once, `packet build --ocr` reads what is missing first,
Ctrl+C leaves the cache whole, and without an engine the command says how to get OCR."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from packet.store import ocr
from packet.store.folder import open_packet
from packet.store.ocr_engine import find_engine
from packet.store.ocr_runner import plan_pages
from tests.conftest import PROJECT_ROOT, hang_guard
from tests.export.pdfcheck import NEEDS_POPPLER, page_texts
from tests.filing.helpers import run_cli
from tests.store.scanned import KNOWN_TEXT, found_share, jpeg_bytes, scan_image, scan_pdf, words_of

pytestmark = [pytest.mark.skipif(find_engine() is None, reason="no OCR engine (tesserocr or tesseract)"),
              NEEDS_POPPLER]
SHORT = KNOWN_TEXT[:3]


@pytest.fixture
def scans(tmp_path):
    """A packet with a two-page scanned PDF (Tab A) and a phone photo of a letter (Tab B)."""
    pdf = scan_pdf(tmp_path / "acta.pdf", [scan_image(), scan_image(SHORT, seed=3, size_in=(8.5, 2.0))], 200)
    photo = tmp_path / "carta.jpg"
    photo.write_bytes(jpeg_bytes(scan_image(KNOWN_TEXT[3:], seed=5, size_in=(8.5, 3.0)).convert("RGB"), 200))
    path = tmp_path / "Lopez"
    assert run_cli("new", path, "--set", "respondent=José Núñez", "--set", "a_number=012345678")[0] == 0
    rc, out, err = run_cli("add", path, pdf, photo)
    assert rc == 0, (out, err)
    return path.with_suffix(".packet")


def _workers_env(monkeypatch):
    monkeypatch.setenv("PACKET_OCR_WORKERS", "1")


def test_an_exported_scan_gives_back_its_words_with_their_accents(scans, tmp_path, monkeypatch):
    _workers_env(monkeypatch)
    rc, out, err = run_cli("ocr", scans)
    assert rc == 0, (out, err)
    assert "Recognised the text of 3 of 3 pages" in out
    assert "Recognising text (spa+eng): 3/3 pages" in err
    rc, out, err = run_cli("build", scans, "-o", tmp_path / "out.pdf", "--quiet", "--force")
    assert rc == 0, (out, err)
    assert "3 scanned pages carry their recognised text" in out
    texts = page_texts(tmp_path / "out.pdf")
    # cover, index, separator A, the two scanned pages, separator B, the photo
    scan_page, short_page, photo_page = texts[3], texts[4], texts[6]
    assert found_share(words_of(KNOWN_TEXT), scan_page) >= 0.98, scan_page
    assert "José Núñez Ibáñez" in scan_page and "Ángela Muñoz Gutiérrez" in scan_page
    assert found_share(words_of(SHORT), short_page) >= 0.98, short_page
    assert found_share(words_of(KNOWN_TEXT[3:]), photo_page) >= 0.98, photo_page


def test_the_page_image_is_untouched_and_the_words_are_where_the_scan_shows_them(scans, tmp_path, monkeypatch):
    """Without compression the scan's image is the stored one, byte for byte; the layer is drawn in mode 3."""
    import pikepdf

    _workers_env(monkeypatch)
    run_cli("ocr", scans)
    run_cli("build", scans, "-o", tmp_path / "out.pdf", "--quiet", "--force", "--compress", "off")
    pf = open_packet(scans)
    doc = next(d for d in pf.packet.documents.values() if d.kind == "pdf")
    with pikepdf.open(pf.path / doc.stored) as src, pikepdf.open(tmp_path / "out.pdf") as out:
        stored = [x.read_raw_bytes() for x in src.pages[0].Resources.XObject.values()]
        page = out.pages[3]
        shown = [x.read_raw_bytes() for x in page.Resources.XObject.values()]
        assert stored == shown
        assert "/PktOCR" in page.Resources.Font
        layer = b"".join(s.read_bytes() for s in page.Contents)
        assert b"3 Tr" in layer and b"/PktOCR" in layer
    boxes = _boxes(tmp_path / "out.pdf", 4)
    first, last = boxes["ACTA"], boxes["Señor"]
    # the scan is landscape, turned a quarter turn to fit the portrait page: its first line is to the left of its
    # last line, and the lines run up the page (the words' boxes are taller than wide)
    assert first[0] < last[0] and first[3] - first[1] > first[2] - first[0]


def _boxes(pdf, page: int) -> dict[str, tuple[float, float, float, float]]:
    import re

    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
                         capture_output=True, check=True, timeout=60).stdout.decode()
    found = {}
    for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<', out):
        found.setdefault(m.group(5), tuple(float(m.group(i)) for i in range(1, 5)))
    return found


def _words(pdf, page: int) -> list[str]:
    """Every word pdftotext finds on a page, duplicates included, whichever way the words run."""
    import re

    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
                         capture_output=True, check=True, timeout=60).stdout.decode()
    return re.findall(r'<word [^>]*>([^<]+)<', out)


def test_each_page_is_recognised_once_and_a_new_selection_reads_only_its_new_pages(scans, monkeypatch):
    _workers_env(monkeypatch)
    pf = open_packet(scans)
    acta = pf.packet.exhibits[0]
    acta.pages = [1]
    pf.save()
    rc, out, _ = run_cli("ocr", scans, "A")
    assert rc == 0 and "Recognised the text of 1 of 1 page;" in out
    doc = pf.packet.documents[acta.document]
    first = ocr.cache_path(scans, doc.sha256, 1)
    stamp = first.stat().st_mtime_ns
    rc, out, _ = run_cli("ocr", scans, "A")
    assert rc == 0 and "Nothing to recognise" in out  # a second run reads nothing again
    pf = open_packet(scans)
    pf.packet.exhibits[0].pages = [2, 1]
    pf.save()
    rc, out, _ = run_cli("ocr", scans, "A")
    assert "Recognised the text of 1 of 1 page;" in out  # only the page new to the selection
    assert first.stat().st_mtime_ns == stamp
    assert ocr.cache_path(scans, doc.sha256, 2).is_file()
    assert oct(first.parent.stat().st_mode & 0o777) == "0o700"  # recognised text is as private as the documents


def test_build_with_ocr_recognises_what_is_missing_first(scans, tmp_path, monkeypatch):
    _workers_env(monkeypatch)
    rc, out, err = run_cli("build", scans, "-o", tmp_path / "out.pdf", "--ocr", "--force")
    assert rc == 0, (out, err)
    assert "Recognised the text of 3 of 3 pages" in err
    assert "José Núñez Ibáñez" in page_texts(tmp_path / "out.pdf")[3]
    pf = open_packet(scans)
    assert plan_pages(pf.path, pf.packet) == []
    rc, out, err = run_cli("build", scans, "-o", tmp_path / "again.pdf", "--ocr", "--force")
    assert rc == 0 and "Recognised the text" not in err  # nothing read twice


def test_recognised_pages_count_as_searchable_in_the_readiness_check(scans, monkeypatch):
    _workers_env(monkeypatch)
    rc, out, _ = run_cli("check", scans, "--json")
    report = json.loads(out)
    textless = [f for f in report["findings"] if f["code"] == "no-searchable-text"]
    assert [f["where"].split(":")[0] for f in textless] == ["Tab A"]  # the scan; the photo (Tab B) is not nagged
    assert "packet ocr PACKET A" in textless[0]["fix"]
    run_cli("ocr", scans)
    report = json.loads(run_cli("check", scans, "--json")[1])
    assert not [f for f in report["findings"] if f["code"] == "no-searchable-text"]


def test_a_photo_of_a_thing_is_not_nagged_about_and_ocr_finds_it_is_no_document(tmp_path, make_image, monkeypatch):
    """Photos are images by nature (issue 13: no OCR advice for them); read, a house is found to be no document."""
    _workers_env(monkeypatch)
    path = tmp_path / "Lopez"
    run_cli("new", path, "--set", "respondent=Ana Lopez", "--set", "a_number=012345678")
    run_cli("add", path, make_image("house.png", size=(900, 600), color=(40, 90, 160)))
    report = json.loads(run_cli("check", path, "--json")[1])
    assert "no-searchable-text" not in [f["code"] for f in report["findings"]]
    # not read yet: one note (never a warning) says a photo of a document would be searchable once read
    [note] = [f for f in report["findings"] if f["code"] == "photos-not-read"]
    assert note["severity"] == "note" and "Tab A" in note["problem"] and "packet ocr" in note["fix"]
    run_cli("ocr", path)
    report = json.loads(run_cli("check", path, "--json")[1])
    assert {"no-searchable-text", "photos-not-read"}.isdisjoint(f["code"] for f in report["findings"])
    pf = open_packet(path.with_suffix(".packet"))
    [doc] = pf.packet.documents.values()
    read = ocr.cached(pf.path, doc.sha256, 1, None)
    assert read is not None and not read.reads_like_document


def test_without_an_engine_ocr_says_how_to_get_it_and_build_goes_on(scans, tmp_path, monkeypatch):
    monkeypatch.setenv("PACKET_OCR_ENGINE", "none")
    rc, out, err = run_cli("ocr", scans)
    assert rc == 1 and "pip install tesserocr" in err and "tesseract-ocr" in err
    rc, out, err = run_cli("build", scans, "-o", tmp_path / "out.pdf", "--ocr", "--force", "--quiet")
    assert rc == 0, (out, err)
    assert "built without recognising text" in err
    report = json.loads(run_cli("check", scans, "--json")[1])
    fixes = [f["fix"] for f in report["findings"] if f["code"] == "no-searchable-text"]
    assert fixes and all("not installed on this computer" in f for f in fixes)


def test_wrong_languages_are_refused_with_what_to_write(scans):
    rc, out, err = run_cli("ocr", scans, "--languages", "Spanish")
    assert rc == 1 and "joined by '+'" in err


def test_ctrl_c_stops_ocr_and_keeps_every_page_read_so_far_whole(tmp_path):
    pages = [scan_image(SHORT, seed=s, size_in=(8.5, 2.0)) for s in range(8)]
    path = tmp_path / "Many"
    run_cli("new", path)
    run_cli("add", path, scan_pdf(tmp_path / "many.pdf", pages, 200))
    packet_dir = path.with_suffix(".packet")
    env = dict(os.environ, PACKET_OCR_WORKERS="1", PYTHONPATH=str(PROJECT_ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "packet", "ocr", str(packet_dir)], stderr=subprocess.PIPE,
                            stdout=subprocess.PIPE, env=env, text=True)
    with hang_guard(300, "packet ocr before Ctrl+C"):
        line = proc.stderr.readline()
        while line and "Recognising text" not in line:
            line = proc.stderr.readline()
    assert "Recognising text" in line
    proc.send_signal(signal.SIGINT)
    with hang_guard(120, "packet ocr after Ctrl+C"):
        _, rest = proc.communicate()
    assert proc.returncode == 1 and "pages read so far are kept" in rest
    pf = open_packet(packet_dir)
    doc = next(iter(pf.packet.documents.values()))
    done = [p for p in range(1, 9) if ocr.cache_path(packet_dir, doc.sha256, p).exists()]
    assert 1 <= len(done) < 8
    for p in done:  # every cache file there is whole
        assert ocr.cached(packet_dir, doc.sha256, p, "spa+eng") is not None
    assert not list((packet_dir / "derived" / doc.sha256 / "ocr").glob("*.tmp*"))
    assert len(plan_pages(pf.path, pf.packet)) == 8 - len(done)


def test_a_scan_fed_upside_down_or_sideways_is_read_the_right_way_up(tmp_path, monkeypatch):
    """cardinal.pdf in the corpus has an upside-down and a sideways page: OCR reads such pages turned, keeps the
    turn with the words, and the text layer is drawn turned back, so the words read right in the export whether
    or not the user turns the page, and stay where the page shows them when they do."""
    from PIL import Image

    _workers_env(monkeypatch)
    upright = scan_image(KNOWN_TEXT, size_in=(8.5, 4.0))
    pdf = scan_pdf(tmp_path / "fed-wrong.pdf",
                   [upright.transpose(Image.Transpose.ROTATE_180), upright.transpose(Image.Transpose.ROTATE_90)],
                   200)
    path = tmp_path / "Lopez"
    assert run_cli("new", path, "--set", "respondent=José Núñez")[0] == 0
    packet = path.with_suffix(".packet")
    assert run_cli("add", packet, pdf)[0] == 0
    rc, out, err = run_cli("ocr", packet)
    assert rc == 0, (out, err)
    pf = open_packet(packet)
    doc = next(iter(pf.packet.documents.values()))
    turns = [ocr.cached(packet, doc.sha256, p, None).turn for p in (1, 2)]
    assert turns[0] == 180 and turns[1] in (90, 270), turns
    expected = words_of(KNOWN_TEXT)
    assert run_cli("build", packet, "-o", tmp_path / "as-fed.pdf", "--quiet", "--force")[0] == 0
    texts = page_texts(tmp_path / "as-fed.pdf")
    assert found_share(expected, texts[3]) >= 0.98, texts[3]
    assert "José Núñez Ibáñez" in texts[3]
    # the sideways page's words run up or down the sheet, which pdftotext reads in columns: check the words only
    assert found_share(expected, " ".join(_words(tmp_path / "as-fed.pdf", 5))) >= 0.98
    # the user turns the upside-down page: its words now read top to bottom, left to right, as the scan shows
    assert run_cli("pages", packet, "A", "--rotate", "1:180")[0] == 0
    assert run_cli("build", packet, "-o", tmp_path / "turned.pdf", "--quiet", "--force")[0] == 0
    texts = page_texts(tmp_path / "turned.pdf")
    assert found_share(expected, texts[3]) >= 0.98, texts[3]
    boxes = _boxes(tmp_path / "turned.pdf", 4)
    first, last = boxes["ACTA"], boxes["Señor"]
    assert first[1] < last[1]  # the first line above the last (pdftotext's y grows downwards)
    assert first[3] - first[1] < first[2] - first[0]  # level words: wider than tall
