"""A source page's own printed number is left alone, and the stamp never comes near it: pages with text of their
own where the stamp goes are found (store/band_text.py), marked by the plan, and placed in a smaller area
(geometry.content_area(clear_band=True)). Checked on word boxes from `pdftotext -bbox`."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from packet.core.geometry import CLEAR_BAND, LETTER_H, STAMP_BASELINE, Box, content_area, place, stamp_side
from packet.core.model import Document, Exhibit, Packet
from packet.core.plan import EXHIBIT, make_plan
from packet.store.band_text import measure, packet_band_text

from .pdfcheck import page_words

QUARTER_INCH = 18.0


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """Templates and profiles of this test only (the CLI reads the user's folder)."""
    monkeypatch.setenv("PACKET_DATA_DIR", str(tmp_path / "userdata"))
    return tmp_path / "userdata"


def source(path: Path, pages: list[dict]) -> Path:
    """A Letter PDF; each page is {"body": text, "footer": text at y=4, "header": text near the top,
    "rotate": /Rotate}."""
    c = canvas.Canvas(str(path), pagesize=(612, 792), invariant=1)
    for p in pages:
        c.setFont("Helvetica", 12)
        c.drawString(72, 600, p.get("body", "Body text"))
        if "footer" in p:
            c.drawCentredString(306, 4, p["footer"])
        if "header" in p:
            c.drawString(72, 780, p["header"])
        c.showPage()
    c.save()
    if any(p.get("rotate") for p in pages):
        from pypdf import PdfReader, PdfWriter

        w = PdfWriter(clone_from=PdfReader(path))
        for page, spec in zip(w.pages, pages, strict=True):
            if spec.get("rotate"):
                page.rotate(spec["rotate"])
        w.write(path)
    return path


def test_text_near_an_edge_is_found_by_side(tmp_path):
    pdf = source(tmp_path / "s.pdf", [{"footer": "Page 1 of 4"}, {"header": "CONFIDENTIAL"}, {},
                                      {"footer": "Page 4 of 4", "rotate": 180}])
    assert measure(pdf) == {1: frozenset({"bottom"}), 2: frozenset({"top"}), 4: frozenset({"top"})}


def test_the_plan_marks_pages_whose_own_text_sits_by_the_stamp(tmp_path):
    sha = "a" * 64
    p = Packet(name="x")
    p.documents[sha] = Document(sha, "s.pdf", "s.pdf", "pdf", "PDF", 1, 3)
    p.exhibits = [Exhibit(sha, "Letter", id="e")]
    band = {sha: {1: frozenset({"bottom"}), 2: frozenset({"top"})}}
    flags = lambda plan: [pg.clear_band for pg in plan.pages if pg.kind == EXHIBIT]  # noqa: E731
    assert flags(make_plan(p, band_text=band)) == [True, False, False]
    p.settings.stamp_position = "top-right"
    assert flags(make_plan(p, band_text=band)) == [False, True, False]
    p.exhibits[0].rotation = 180  # turned by the user: its top edge is now at the bottom
    assert stamp_side("top-right", 180) == "bottom"
    assert flags(make_plan(p, band_text=band)) == [True, False, False]
    assert flags(make_plan(p)) == [False, False, False]  # nothing measured: placed as before


@pytest.mark.parametrize("stamp_size", [10.0, 24.0])
def test_the_clear_area_keeps_the_pages_own_number_a_quarter_inch_from_the_stamp(stamp_size):
    """Geometry alone: a Letter page whose footer sits 4 pt from its bottom edge, placed in the clear area."""
    letter = Box(0, 0, 612, 792)
    stamp_top = STAMP_BASELINE + stamp_size  # the stamp's glyphs stay below baseline + one em
    for clear in (False, True):
        placed = place(letter, 0, content_area("bottom-center", clear_band=clear))
        footer_bottom = placed.shown.y0 + (4 - 3) * placed.scale  # its baseline 4 pt up, descenders 3 pt below
        if clear:
            assert footer_bottom - stamp_top >= QUARTER_INCH
            assert placed.shown.y0 >= CLEAR_BAND and placed.scale > 0.85  # shrunk only a little
    assert content_area("top-left", clear_band=True).y1 == LETTER_H - CLEAR_BAND


def _stamped(tmp_path: Path, stamp_size: float):
    from packet.cli import main

    src = source(tmp_path / "letter.pdf", [{"footer": "Page 3 of 7"}])
    assert main(["new", str(tmp_path / "p"), "--set", "respondent=Ana Lopez", "--set", "a_number=123456789"]) == 0
    assert main(["add", str(tmp_path / "p.packet"), str(src), "--title", "Letter"]) == 0
    assert main(["set", str(tmp_path / "p.packet"), f"stamp_size={stamp_size:g}", "separators=no"]) == 0
    out = tmp_path / "out.pdf"
    assert main(["build", str(tmp_path / "p.packet"), "-o", str(out), "--force", "--quiet"]) == 0
    words = page_words(out, 3, 3)[0]  # cover, index, then the letter: numbered 2
    stamp = max(words, key=lambda w: w.y0)
    assert stamp.text == "2"
    own = [w for w in words if w is not stamp and w.text in ("Page", "3", "of", "7")]
    return own, stamp


@pytest.mark.parametrize("stamp_size", [10.0, 24.0])
def test_the_stamp_never_overlaps_the_pages_own_number(tmp_path, stamp_size, data_dir):
    own, stamp = _stamped(tmp_path, stamp_size)
    assert len(own) == 4
    for w in own:
        overlap_x = min(w.x1, stamp.x1) - max(w.x0, stamp.x0)
        overlap_y = min(w.y1, stamp.y1) - max(w.y0, stamp.y0)
        assert overlap_x <= 0 or overlap_y <= 0, (w, stamp)
        assert w.y1 < stamp.y0  # above it


def test_the_exported_page_keeps_its_own_number_a_quarter_inch_clear(tmp_path, data_dir):
    own, stamp = _stamped(tmp_path, 24.0)
    assert stamp.y0 - max(w.y1 for w in own) >= QUARTER_INCH


def test_the_packet_map_measures_only_pdfs_it_shows_and_never_writes_into_the_packet(tmp_path):
    folder = tmp_path / "p.packet"
    (folder / "documents").mkdir(parents=True)
    src = source(folder / "documents" / "s.pdf", [{"footer": "1"}])
    sha = "b" * 64
    p = Packet(name="x")
    p.documents[sha] = Document(sha, "s.pdf", "documents/s.pdf", "pdf", "PDF", src.stat().st_size, 1)
    p.documents["c" * 64] = Document("c" * 64, "photo.jpg", "documents/c.jpg", "image", "JPEG", 1, 1)
    p.exhibits = [Exhibit(sha, "Letter"), Exhibit("c" * 64, "Photo")]
    before = sorted(folder.rglob("*"))
    assert packet_band_text(folder, p) == {sha: {1: frozenset({"bottom"})}}
    assert sorted(folder.rglob("*")) == before  # the export only reads the packet
    # what intake measured (packet.json) is used as it is, without reading the file again
    p.documents[sha].edge_text = {"1": ["top"]}
    assert packet_band_text(folder, p) == {sha: {1: frozenset({"top"})}}


def test_intake_records_which_pages_have_text_by_an_edge(tmp_path):
    from packet.store.folder import create_packet
    from packet.store.intake import add_files

    src = source(tmp_path / "s.pdf", [{"footer": "Page 1 of 2"}, {"body": "nothing by the edges"}])
    pf = create_packet(tmp_path / "P")
    (result,) = add_files(pf, [str(src)], workers=1)
    assert pf.packet.documents[result.sha256].edge_text == {"1": ["bottom"]}


def test_page_choices_and_the_clear_band_go_together(tmp_path):
    """Issue 13's page selections (a page turned on its own, a page hidden, reordered, pages merged in from another
    document) and the clear band: each shown page is marked by its own document, page and total turn."""
    from packet.core.model import PageRef

    a, b = "a" * 64, "d" * 64
    p = Packet(name="x")
    p.documents[a] = Document(a, "a.pdf", "a.pdf", "pdf", "PDF", 1, 3)
    p.documents[b] = Document(b, "b.pdf", "b.pdf", "pdf", "PDF", 1, 2)
    p.exhibits = [Exhibit(a, "Record", id="e", selection=[
        PageRef(3), PageRef(1, rotate=180), PageRef(2, hidden=True), PageRef(2, document=b)])]
    band = {a: {1: frozenset({"top"}), 3: frozenset({"bottom"})}, b: {2: frozenset({"bottom"})}}
    shown = [(pg.document, pg.source_page, pg.rotation, pg.clear_band) for pg in make_plan(p, band_text=band).pages
             if pg.kind == EXHIBIT]
    # stamp at the bottom: page 3's own footer, page 1's header turned to the bottom, b's page 2's footer
    assert shown == [(a, 3, 0, True), (a, 1, 180, True), (b, 2, 0, True)]
    p.settings.stamp_position = "top-right"
    assert [pg.clear_band for pg in make_plan(p, band_text=band).pages if pg.kind == EXHIBIT] == [False, False, False]


def test_the_packet_map_measures_documents_merged_into_an_exhibit(tmp_path):
    from packet.core.model import PageRef

    folder = tmp_path / "p.packet"
    (folder / "documents").mkdir(parents=True)
    one = source(folder / "documents" / "one.pdf", [{}])
    two = source(folder / "documents" / "two.pdf", [{"footer": "2"}])
    p = Packet(name="x")
    p.documents["1" * 64] = Document("1" * 64, "one.pdf", "documents/one.pdf", "pdf", "PDF", one.stat().st_size, 1)
    p.documents["2" * 64] = Document("2" * 64, "two.pdf", "documents/two.pdf", "pdf", "PDF", two.stat().st_size, 1)
    p.exhibits = [Exhibit("1" * 64, "Merged", selection=[PageRef(1), PageRef(1, document="2" * 64)])]
    assert packet_band_text(folder, p) == {"2" * 64: {1: frozenset({"bottom"})}}
