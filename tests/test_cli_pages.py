"""`packet pages` as a user runs it, checked in the PDF that comes out: which pages, which way up, what the index
cites; and `packet list` saying which pages an exhibit keeps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageOps
from pypdf import PdfReader
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from packet.cli import main
from packet.store.folder import open_packet
from tests.export.pdfcheck import NEEDS_POPPLER, page_texts, render


def run(capsys, *argv) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def lopez(tmp_path, capsys) -> Path:
    assert run(capsys, "new", tmp_path / "Lopez", "--set", "respondent=Ana Lopez", "--set", "a_number=123456789")[0] == 0
    return tmp_path / "Lopez.packet"


def numbered_pdf(path: Path, pages: int, blank: tuple[int, ...] = (), word: str = "TAXPAGE") -> Path:
    """A document whose page n says TAXPAGEn (and a paragraph); pages in `blank` are left empty."""
    c = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    for n in range(1, pages + 1):
        if n not in blank:
            c.setFont("Helvetica-Bold", 20)
            c.drawString(72, 700, f"{word}{n}")
            c.setFont("Helvetica", 11)
            for line in range(12):
                c.drawString(72, 660 - 16 * line, f"Line {line} of page {n}: wages, withholding and refunds.")
        c.showPage()
    c.save()
    return path


def build(capsys, packet: Path, out: Path) -> dict:
    rc, _, err = run(capsys, "build", packet, "-o", out, "--force", "--quiet")
    assert rc == 0, err
    return json.loads(out.with_name(f"{out.stem}.manifest.json").read_text())


def exhibit_pages(manifest: dict, tab: str) -> range:
    """0-based output page indexes of an exhibit's own pages (labels are page numbers; the cover is index 0)."""
    e = next(x for x in manifest["exhibits"] if x["tab"] == tab)
    return range(int(e["first_page"]), int(e["last_page"]) + 1)


# -- keep, list, cites -------------------------------------------------------------------------------------------

@NEEDS_POPPLER
def test_keep_three_pages_of_a_19_page_return(lopez, tmp_path, capsys):
    run(capsys, "add", lopez, numbered_pdf(tmp_path / "tax-return.pdf", 19), "--title", "Tax return 2023")
    run(capsys, "add", lopez, numbered_pdf(tmp_path / "lease.pdf", 2, word="LEASEPAGE"), "--title", "Lease")
    rc, out, err = run(capsys, "pages", lopez, "A", "--keep", "1-3,5", "--rotate", "2:90")
    assert rc == 0, err
    assert "4 of 19 pages kept: pp. 1-3, 5 of 19; p. 2 turned 90°" in out
    rc, out, _ = run(capsys, "list", lopez)
    assert "Tax return 2023  - 4 pages (pp. 1-3, 5 of 19; p. 2 turned 90°)" in out
    assert "Lease  - 2 pages" in out and "Lease  - 2 pages (" not in out
    manifest = build(capsys, lopez, tmp_path / "out.pdf")
    pdf = tmp_path / "out.pdf"
    texts = page_texts(pdf)
    # cover, index, separator A, 4 pages, separator B, 2 pages
    assert len(PdfReader(pdf).pages) == manifest["total_pages"] == 10
    shown = exhibit_pages(manifest, "A")
    assert [t.split()[0] for t in (texts[i] for i in shown) if t.strip()][:1] == ["TAXPAGE1"]
    words = [next(w for w in ("TAXPAGE1", "TAXPAGE2", "TAXPAGE3", "TAXPAGE5", "TAXPAGE4") if w in texts[i])
             for i in shown]
    assert words == ["TAXPAGE1", "TAXPAGE2", "TAXPAGE3", "TAXPAGE5"]
    assert not any("TAXPAGE4" in t or "TAXPAGE19" in t for t in texts)
    index = " ".join(texts[1].split())
    assert "Tax return 2023 pp. 3-6" in index and "Lease pp. 8-9" in index
    a = next(x for x in manifest["exhibits"] if x["tab"] == "A")
    assert a["source_pages"] == [1, 2, 3, 5]


@NEEDS_POPPLER
def test_a_page_turned_90_lies_the_other_way_in_the_pdf(lopez, tmp_path, capsys):
    run(capsys, "add", lopez, numbered_pdf(tmp_path / "record.pdf", 2), "--title", "Record")
    run(capsys, "pages", lopez, "A", "--rotate", "2:90")
    manifest = build(capsys, lopez, tmp_path / "out.pdf")
    from tests.export.pdfcheck import page_words

    first, second = exhibit_pages(manifest, "A")
    words = page_words(tmp_path / "out.pdf", first + 1, second + 1)
    level = next(w for w in words[0] if w.text == "TAXPAGE1")
    turned = next(w for w in words[1] if w.text == "TAXPAGE2")
    assert level.horizontal and not turned.horizontal
    # a page turned clockwise has its top at the right: the heading is near the right edge
    assert turned.x0 > 612 / 2


# -- a scanned record with page 3 upside down and page 4 sideways (the corpus's cardinal.pdf) ----------------------

def _page_image(pdf: Path, index: int, tmp: Path) -> Image.Image:
    png = render(pdf, tmp, index + 1, dpi=24, name=f"p{index}")
    with Image.open(png) as im:
        return ImageOps.autocontrast(im.convert("L"))


def _difference(a: Image.Image, b: Image.Image) -> float:
    b = b.resize(a.size)
    hist = ImageChops.difference(a, b).histogram()
    return sum(level * n for level, n in enumerate(hist)) / (a.width * a.height)


@NEEDS_POPPLER
def test_turning_the_upside_down_and_sideways_pages_of_a_scan(lopez, tmp_path, capsys, corpus):
    """cardinal.pdf holds one brochure page four ways: upright, sideways (landscape), upside down, and sideways
    the other way. Turned page by page, all four come out alike, the right way up."""
    run(capsys, "add", lopez, corpus / "cardinal.pdf", "--title", "Scanned record")
    before = build(capsys, lopez, tmp_path / "before.pdf")
    pages = exhibit_pages(before, "A")
    upright = _page_image(tmp_path / "before.pdf", pages[0], tmp_path / "b")
    p3 = _page_image(tmp_path / "before.pdf", pages[2], tmp_path / "b")
    p4 = _page_image(tmp_path / "before.pdf", pages[3], tmp_path / "b")
    # before: page 3 is the upright page upside down, page 4 is turned too (the test can tell)
    assert _difference(upright.rotate(180), p3) < _difference(upright, p3)
    assert _difference(upright.rotate(180), p4) < _difference(upright, p4)

    rc, out, err = run(capsys, "pages", lopez, "A", "--rotate", "3:180,4:90")
    assert rc == 0, err
    assert "pp. 3 turned 180°" not in out and "p. 3 turned 180°" in out and "p. 4 turned 90°" in out
    after = build(capsys, lopez, tmp_path / "after.pdf")
    pages = exhibit_pages(after, "A")
    assert len(pages) == 4
    for n in range(4):
        got = _page_image(tmp_path / "after.pdf", pages[n], tmp_path / "a")
        right, wrong = _difference(upright, got), _difference(upright.rotate(180), got)
        assert right < 0.6 * wrong, (n + 1, right, wrong)
    # every output page is US Letter portrait; the stored document is untouched
    assert all(float(p.mediabox.width) == 612 for p in PdfReader(tmp_path / "after.pdf").pages)
    doc = next(iter(open_packet(lopez).packet.documents.values()))
    from tests.conftest import sha256_of

    assert sha256_of(lopez / doc.stored) == doc.sha256 == sha256_of(corpus / "cardinal.pdf")


# -- split, merge, order -----------------------------------------------------------------------------------------

@NEEDS_POPPLER
def test_split_then_merge_back_with_cites_and_bookmarks(lopez, tmp_path, capsys):
    run(capsys, "add", lopez, numbered_pdf(tmp_path / "records.pdf", 6), "--title", "Medical records")
    rc, out, err = run(capsys, "pages", lopez, "A", "--split-at", "4")
    assert rc == 0, err
    assert "Split A before page 4: the rest is now B (Medical records (continued))" in out
    manifest = build(capsys, lopez, tmp_path / "split.pdf")
    assert [(e["tab"], e["pages_in_packet"]) for e in manifest["exhibits"]] == [("A", "pp. 3-5"), ("B", "pp. 7-9")]
    titles = [str(o.title) for o in PdfReader(tmp_path / "split.pdf").outline[-1]]
    assert titles == ["Tab A: Medical records", "Tab B: Medical records (continued)"]

    rc, out, err = run(capsys, "pages", lopez, "A", "--merge-next", "--order", "4-6,1-3")
    assert rc == 0, err
    manifest = build(capsys, lopez, tmp_path / "merged.pdf")
    assert [(e["tab"], e["pages_in_packet"]) for e in manifest["exhibits"]] == [("A", "pp. 3-8")]
    texts = page_texts(tmp_path / "merged.pdf")
    order = [next(f"TAXPAGE{n}" for n in range(1, 7) if f"TAXPAGE{n}\n" in texts[i] or
                  texts[i].startswith(f"TAXPAGE{n}")) for i in exhibit_pages(manifest, "A")]
    assert order == ["TAXPAGE4", "TAXPAGE5", "TAXPAGE6", "TAXPAGE1", "TAXPAGE2", "TAXPAGE3"]


# -- blank pages -------------------------------------------------------------------------------------------------

def test_find_blank_only_suggests_and_hide_blank_hides(lopez, tmp_path, capsys):
    scan = numbered_pdf(tmp_path / "duplex.pdf", 6, blank=(2, 4, 6))
    run(capsys, "add", lopez, scan, "--title", "Duplex scan")
    before = (lopez / "packet.json").read_bytes()
    rc, out, err = run(capsys, "pages", lopez, "A", "--find-blank")
    assert rc == 0, err
    assert "Near-empty pages (blank backs of a duplex scan?): 2, 4, 6" in out
    assert "--hide 2,4,6" in out
    assert (lopez / "packet.json").read_bytes() == before  # a suggestion: nothing changed
    rc, out, _ = run(capsys, "pages", lopez, "A", "--find-blank", "--json")
    assert json.loads(out)["near_empty"] == [2, 4, 6]
    rc, out, err = run(capsys, "pages", lopez, "A", "--hide-blank")
    assert rc == 0, err
    assert "Hid the near-empty pages 2, 4, 6" in out and "3 of 6 pages kept: pp. 1, 3, 5 of 6" in out
    data = json.loads(run(capsys, "pages", lopez, "A", "--json")[1])
    assert [p["hidden"] for p in data["pages"]] == [False, True, False, True, False, True]
    assert run(capsys, "pages", lopez, "A", "--find-blank")[1].count("No near-empty pages") == 1


# -- refusals ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("argv", "words"), [
    (["--rotate", "2:45"], ["--rotate", "2:45", "90, 180 or 270"]),
    (["--rotate", "9:90"], ["page", "9", "pages 1 to 3"]),
    (["--keep", "1-x"], ["--keep", "1-3,5"]),
    (["--hide", "1-3"], ["at least one page", "remove the exhibit"]),
    (["--order", "1,2"], ["every page", "missing: 3"]),
    (["--split-at", "1"], ["split at", "2 to 3"]),
    (["--merge-next"], ["last exhibit"]),
    (["--split-at", "2", "--merge-next"], ["cannot be combined"]),
])
def test_refused_options_change_nothing(lopez, tmp_path, capsys, argv, words):
    run(capsys, "add", lopez, numbered_pdf(tmp_path / "three.pdf", 3), "--title", "Three pages")
    before = (lopez / "packet.json").read_bytes()
    rc, out, err = run(capsys, "pages", lopez, "A", "--hide", "1", *argv) if argv[0] == "--rotate" and argv[1] == "9:90" \
        else run(capsys, "pages", lopez, "A", *argv)
    assert rc == 2
    for w in words:
        assert w in err, (w, err)
    assert (lopez / "packet.json").read_bytes() == before


def test_unknown_tab_says_how_to_name_one(lopez, tmp_path, capsys):
    run(capsys, "add", lopez, numbered_pdf(tmp_path / "one.pdf", 1), "--title", "One")
    rc, _, err = run(capsys, "pages", lopez, "Q", "--hide", "1")
    assert rc == 2 and "'Q'" in err and "tab" in err
