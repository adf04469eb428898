"""One packet of every real-world file the manifest says to accept, exported once, and checked page by page.

Slow-ish (a few seconds: ~780 pages); the corpus lives in ../shared/corpus and is never copied into the project.
"""

from __future__ import annotations

import csv
import re
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter, ImageOps, ImageStat
from pypdf import PdfReader
from pypdf.generic import IndirectObject, NullObject

from packet.core.geometry import LETTER_H, LETTER_W, STAMP_BAND
from packet.core.plan import COVER, INDEX, SEPARATOR

from .pdfcheck import (
    _BIDI,
    NEEDS_POPPLER,
    active_content,
    page_index_of,
    pdfinfo_fields,
    pdfinfo_pages,
    squash,
)

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
MISSING = f"real-world corpus not found at {CORPUS} (expected ../shared/corpus beside the project)"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.slow,
    pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").is_file(), reason=MISSING),
]

# Right passwords, from the corpus README: with them these files are accepted too.
PASSWORDS = {"libreoffice-writer-password.pdf": "openpassword", "r6-user-password.pdf": "asdfzxcv"}
IMAGE_PAGES = {"g4-multi.tiff": 3}
ACTIVE_FILES = ("160F-2019.pdf", "sample_form.pdf", "form_dd0293.pdf", "autoprint.pdf", "pdflatex-forms.pdf",
                "libreoffice-form.pdf", "with-attachment.pdf", "with_newline_whitespace_in_indirect_object_numbers.pdf")
DPI = 30


def manifest() -> list[dict[str, str]]:
    with open(CORPUS / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


@dataclass
class CorpusExport:
    pdf: Path
    plan: object
    results: list
    rows: dict[str, dict[str, str]]
    progress: list
    reader: PdfReader
    tmp: Path

    @cached_property
    def _pdftotext(self) -> tuple[list[str], str]:
        """pdftotext of the whole export, run once: (text per page, what poppler complained about)."""
        run = subprocess.run(["pdftotext", "-enc", "UTF-8", str(self.pdf), "-"], capture_output=True, timeout=120)
        assert run.returncode == 0, run.stderr
        pages = _BIDI.sub(" ", run.stdout.decode("utf-8", "replace")).split("\f")
        return pages[: self.plan.total], run.stderr.decode("utf-8", "replace")

    @property
    def texts(self) -> list[str]:
        return self._pdftotext[0]

    @property
    def poppler_errors(self) -> list[str]:
        return [ln for ln in self._pdftotext[1].splitlines() if "Syntax Error" in ln]

    def item(self, name: str):
        """The plan entry and document of the exhibit made from corpus file `name`."""
        for e in self.plan.entries:
            doc = self.plan.packet.document_of(self.plan.packet.find(e.item_id))
            if doc.original_name == name:
                return e, doc
        raise KeyError(name)

    def out_index(self, name: str, source_page: int) -> int:
        e, _ = self.item(name)
        for i in range(e.first, e.last + 1):
            if self.plan.pages[i].source_page == source_page:
                return i
        raise KeyError((name, source_page))


@pytest.fixture(scope="module")
def corpus_export(tmp_path_factory) -> CorpusExport:
    from packet.export.build import export_packet
    from packet.store.folder import create_packet
    from packet.store.intake import add_files

    rows = {r["filename"]: r for r in manifest()}
    names = [n for n, r in rows.items() if r["expected_behaviour"].startswith("accept") or n in PASSWORDS]
    base = tmp_path_factory.mktemp("corpus")
    pf = create_packet(base / "Corpus", name="Corpus")
    results = add_files(pf, [CORPUS / n for n in names],
                        passwords={str(CORPUS / n): pw for n, pw in PASSWORDS.items()})
    calls: list = []
    out = export_packet(pf.packet, pf.path, base / "corpus.pdf", progress=lambda d, t, s: calls.append((d, t)))
    return CorpusExport(out.path, out.plan, results, rows, calls, PdfReader(out.path), base)


# -- every file, every page ----------------------------------------------------------------------------------

def test_every_file_marked_accept_went_in(corpus_export):
    refused = {r.name: r.messages for r in corpus_export.results if r.verdict == "reject"}
    assert refused == {}
    assert len(corpus_export.results) == len(corpus_export.plan.entries) == 54


def test_pages_in_equal_pages_out(corpus_export):
    plan = corpus_export.plan
    source_pages = 0
    for e in plan.entries:
        doc = plan.packet.document_of(plan.packet.find(e.item_id))
        listed = corpus_export.rows[doc.original_name]["pages"]
        expected = int(listed) if listed.isdigit() else IMAGE_PAGES.get(doc.original_name, 1)
        assert doc.pages == expected, doc.original_name
        assert e.last - e.first + 1 == expected, doc.original_name
        source_pages += expected
    generated = sum(p.kind in (COVER, INDEX, SEPARATOR) for p in plan.pages)
    assert generated == 1 + plan.index_pages + len(plan.entries)
    assert len(corpus_export.reader.pages) == plan.total == source_pages + generated
    assert corpus_export.progress[-1] == (plan.total, plan.total)


def test_every_page_is_us_letter_and_upright(corpus_export):
    for n, page in enumerate(corpus_export.reader.pages):
        assert [float(v) for v in page.mediabox] == [0, 0, LETTER_W, LETTER_H], n
        assert page.get("/Rotate", 0) == 0, n
        assert page.get("/UserUnit", 1) == 1, n


@NEEDS_POPPLER
def test_poppler_agrees_on_size_count_and_safety(corpus_export):
    pages = pdfinfo_pages(corpus_export.pdf)
    assert len(pages) == corpus_export.plan.total
    assert set(pages) == {(612.0, 792.0, 0)}
    info = pdfinfo_fields(corpus_export.pdf)
    assert (info["Encrypted"], info["JavaScript"], info["Form"]) == ("no", "no", "none")


def test_no_active_content_anywhere(corpus_export):
    reader = corpus_export.reader
    assert not reader.is_encrypted
    assert active_content(reader) == []
    data = corpus_export.pdf.read_bytes()
    for token in (b"/JavaScript", b"/OpenAction", b"/AcroForm", b"/XFA", b"/EmbeddedFiles", b"/Launch"):
        assert token not in data, token
    assert b"this.print" not in data


@pytest.mark.parametrize("name", ACTIVE_FILES)
def test_forms_scripts_and_attachments_leave_only_links(corpus_export, name):
    e, _ = corpus_export.item(name)
    for i in range(e.first, e.last + 1):
        for ref in corpus_export.reader.pages[i].get("/Annots", None) or []:
            a = ref.get_object()
            assert a["/Subtype"] == "/Link", (name, i, a["/Subtype"])
            if "/A" in a:
                assert a["/A"]["/S"] == "/URI"


def test_page_labels_match_the_plan(corpus_export):
    labels = list(corpus_export.reader.page_labels)
    assert labels == ["Cover"] + [p.label for p in corpus_export.plan.pages[1:]]


@NEEDS_POPPLER
def test_every_numbered_page_carries_its_stamp(corpus_export):
    texts = corpus_export.texts
    assert len(texts) == corpus_export.plan.total
    missing = [i for i, p in enumerate(corpus_export.plan.pages) if p.stamp and p.stamp not in texts[i].split()]
    assert missing == []


def test_links_inside_documents_stay_inside_them(corpus_export):
    """A kept link goes to a page of its own exhibit; a web link stays a plain URI; nothing else survives."""
    reader, plan = corpus_export.reader, corpus_export.plan
    index = page_index_of(reader)
    live = 0
    for e in plan.entries:
        for i in range(e.first, e.last + 1):
            for ref in reader.pages[i].get("/Annots", None) or []:
                a = ref.get_object()
                dest = a.get("/Dest")
                if dest is None:
                    assert a["/A"]["/S"] == "/URI"
                elif isinstance(dest[0], NullObject):
                    assert [float(v) for v in a["/Rect"]] == [0, 0, 0, 0]
                else:
                    assert isinstance(dest[0], IndirectObject)
                    assert e.first <= index[dest[0].idnum] <= e.last, (e.title, i)
                    live += 1
    assert live > 600  # The Art of Public Speaking's table of contents


# -- what the pages look like -------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]{4,}")


@NEEDS_POPPLER
def test_text_of_every_pdf_page_survives(corpus_export):
    """The words pdftotext finds on each source page are on its output page (whole pages, nothing clipped)."""
    texts = corpus_export.texts
    known_losses = {"sample_form.pdf", "libreoffice-form.pdf"}  # form values: see the xfail tests below
    poor = []
    for e in corpus_export.plan.entries:
        doc = corpus_export.plan.packet.document_of(corpus_export.plan.packet.find(e.item_id))
        if doc.kind != "pdf" or doc.original_name in known_losses:
            continue
        pw = ["-upw", PASSWORDS[doc.original_name]] if doc.original_name in PASSWORDS else []
        src = _run("pdftotext", "-enc", "UTF-8", *pw, str(CORPUS / doc.original_name), "-").split("\f")
        for i in range(e.first, e.last + 1):
            want = set(_WORD.findall(src[corpus_export.plan.pages[i].source_page - 1]))
            got = set(_WORD.findall(texts[i]))
            if want and len(want & got) < len(want):
                poor.append((doc.original_name, corpus_export.plan.pages[i].source_page, sorted(want - got)[:5]))
    assert poor == []


FORM_VALUES = {
    "sample_form.pdf": ["133 Tin Drive", "South Bay", "Timbuktu", "Arch Rival", "08/29/2020", "111-11-1111"],
    "libreoffice-form.pdf": ["Alice", "Bob"],
}


@NEEDS_POPPLER
def test_sample_form_values_survive(corpus_export):
    _check_form_values(corpus_export, "sample_form.pdf")


@NEEDS_POPPLER
def test_libreoffice_form_values_survive(corpus_export):
    _check_form_values(corpus_export, "libreoffice-form.pdf")


def _check_form_values(corpus_export, name: str) -> None:
    src = squash(_run("pdftotext", "-enc", "UTF-8", str(CORPUS / name), "-"))
    out = squash(corpus_export.texts[corpus_export.out_index(name, 1)])
    for value in FORM_VALUES[name]:
        assert value in src  # shown by a viewer before export
    assert [v for v in FORM_VALUES[name] if v not in out] == []


@NEEDS_POPPLER
def test_poppler_reads_the_export_without_syntax_errors(corpus_export):
    assert corpus_export.poppler_errors == []


# Pages with odd boxes and rotations: each must look like the source as a viewer shows it (/Rotate and CropBox
# applied), turned a quarter counter-clockwise when that view is landscape.
ODD_PAGES = [
    ("habibi-rotated.pdf", 1), ("habibi-rotated.pdf", 2), ("habibi-rotated.pdf", 3), ("habibi-rotated.pdf", 4),
    ("AutoCad_Simple.pdf", 1), ("type3_font_nomapping.pdf", 1), ("issue15789.pdf", 1), ("160F-2019.pdf", 1),
    ("cardinal.pdf", 1), ("cardinal.pdf", 2), ("cardinal.pdf", 3), ("cardinal.pdf", 4),
    ("multipage.pdf", 1), ("multipage.pdf", 3), ("multipage.pdf", 6),
    ("enormous.pdf", 1), ("annotated_pdf.pdf", 1), ("form_dd0293.pdf", 1),
    ("r6-user-password.pdf", 1), ("with_newline_whitespace_in_indirect_object_numbers.pdf", 1),
]


@NEEDS_POPPLER
@pytest.mark.parametrize("name, page", ODD_PAGES, ids=[f"{n}-p{p}" for n, p in ODD_PAGES])
def test_page_looks_like_the_source_as_shown(corpus_export, name, page):
    src = PdfReader(CORPUS / name, password=PASSWORDS.get(name)).pages[page - 1]
    out_index = corpus_export.out_index(name, page)
    # a page with text of its own by the stamp (a form's footer) is placed in the smaller, clearer area
    turned, scale, rect = _expected_place(src, corpus_export.plan.pages[out_index].clear_band)
    out = _render(corpus_export.pdf, out_index + 1, DPI, corpus_export.tmp)
    box = tuple(round(v * DPI / 72) for v in rect)
    got = out.crop(box)
    want = _render(CORPUS / name, page, DPI * scale, corpus_export.tmp, crop=True, password=PASSWORDS.get(name))
    if turned:
        want = want.rotate(90, expand=True)  # counter-clockwise
    diffs = {deg: _mad(got, want.rotate(deg, expand=True)) for deg in (0, 90, 180, 270)}
    if max(diffs.values()) < 0.02:  # a blank page (issue15789.pdf draws nothing visible)
        assert ImageStat.Stat(got).extrema[0][0] > 200
    else:
        assert diffs[0] < 0.5 * min(diffs[90], diffs[180], diffs[270]), diffs
    # nothing is drawn outside the placed page, except the stamp
    assert _ink_outside(out, box, DPI) == [], "content outside the placed area"


@NEEDS_POPPLER
def test_habibi_rotations(corpus_export):
    """habibi-rotated.pdf draws the same upright text on four pages, then sets /Rotate 90, 180, 270, 360.

    /Rotate 360 is /Rotate 0: upright. /Rotate 90 shows landscape, which the export turns back counter-clockwise:
    upright again, identical to the 360 page. /Rotate 180 shows (in any viewer) upside down, and /Rotate 270 shows
    landscape with its top on the left which, turned counter-clockwise for binding, is upside down too.
    """
    reader = PdfReader(CORPUS / "habibi-rotated.pdf")
    placed = {_expected_place(reader.pages[p - 1])[2] for p in (1, 2, 3, 4)}
    assert len(placed) == 1  # all four land on the same portrait area
    box = tuple(round(v * DPI / 72) for v in placed.pop())
    r90, r180, r270, r360 = (
        _render(corpus_export.pdf, corpus_export.out_index("habibi-rotated.pdf", p) + 1, DPI, corpus_export.tmp).crop(box)
        for p in (1, 2, 3, 4))
    upright, upside_down = r360, r360.rotate(180)
    assert _mad(r90, upright) < 0.5 * _mad(r90, upside_down)
    assert _mad(r180, upside_down) < 0.5 * _mad(r180, upright)
    assert _mad(r270, upside_down) < 0.5 * _mad(r270, upright)
    # the text is whole and where it belongs: in the top-left corner when upright
    ink = [ImageOps.invert(im).getbbox() for im in (r90, r180, r270, r360)]
    w, h = r360.size
    assert ink[3] is not None and ink[3][2] < w / 2 and ink[3][3] < h / 4
    flipped = (w - ink[3][2], h - ink[3][3], w - ink[3][0], h - ink[3][1])
    for got, want in ((ink[0], ink[3]), (ink[1], flipped), (ink[2], flipped)):
        assert got is not None and all(abs(a - b) <= 1 for a, b in zip(got, want, strict=True)), (got, want)


@NEEDS_POPPLER
def test_cropbox_page_shows_only_its_crop_box_at_real_size(corpus_export):
    """type3_font_nomapping.pdf: CropBox [0 612.217 301.092 792] of a Letter page; 301 x 180 pt is landscape, so it
    is turned, and it fits at 100 %: it must sit centred, 180 x 301 pt, with nothing else on the page."""
    i = corpus_export.out_index("type3_font_nomapping.pdf", 1)
    out = _render(corpus_export.pdf, i + 1, DPI, corpus_export.tmp)
    w, h = 792 - 612.217, 301.092
    left, top = 36 + (540 - w) / 2, 36 + (702 - h) / 2
    box = tuple(round(v * DPI / 72) for v in (left, top, left + w, top + h))
    assert _ink_outside(out, box, DPI) == []
    ink = ImageOps.invert(out.crop((0, 0, out.width, round((LETTER_H - STAMP_BAND) * DPI / 72)))).getbbox()
    assert ink is not None
    assert box[0] - 1 <= ink[0] and ink[2] <= box[2] + 1 and box[1] - 1 <= ink[1] and ink[3] <= box[3] + 1


# -- photos --------------------------------------------------------------------------------------------------

@NEEDS_POPPLER
def test_exif_orientations_all_come_out_the_same_way_up(corpus_export):
    """Landscape_1..8.jpg are one photo saved with EXIF orientations 1..8: upright, they are identical."""
    renders = {n: _photo_crop(corpus_export, f"Landscape_{n}.jpg") for n in range(1, 9)}
    # the photo itself, upright and level on the portrait page, as the window shows it (photos are never turned)
    with Image.open(CORPUS / "Landscape_1.jpg") as im:
        truth = ImageOps.exif_transpose(im).convert("L")
    for n, got in renders.items():
        right = _mad(got, truth)
        assert right < 8, (n, right)
        assert right < 0.5 * min(_mad(got, truth.rotate(180)), _mad(got, ImageOps.mirror(truth))), n


@NEEDS_POPPLER
@pytest.mark.parametrize("name", ["baiona_cmyk.jpg", "baiona_alpha.png", "baiona_gray.png", "baiona_colormapped.png",
                                  "pug.heic", "hopper.webp", "RGB_16__128x128.png"])
def test_photos_keep_their_colours(corpus_export, name):
    """CMYK must not come out inverted, transparency must be white, 16-bit must not be garbled."""
    got = _photo_crop(corpus_export, name, mode="RGB")
    with Image.open(CORPUS / name) as im:
        im = ImageOps.exif_transpose(im)
        if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
            im = im.convert("RGBA")
        if im.mode == "RGBA" and im.getchannel("A").getextrema()[0] < 128:  # see-through parts: on white
            white = Image.new("RGBA", im.size, (255, 255, 255, 255))
            black = Image.new("RGBA", im.size, (0, 0, 0, 255))
            truth = Image.alpha_composite(white, im).convert("RGB")
            wrong = Image.alpha_composite(black, im).convert("RGB")
        else:
            truth = im.convert("RGB")
            wrong = ImageOps.invert(truth)
    if got.width > got.height and truth.width < truth.height or got.width < got.height and truth.width > truth.height:
        truth, wrong = truth.rotate(90, expand=True), wrong.rotate(90, expand=True)
    right = _mad(got, truth)
    assert right < 12, right
    assert right < 0.5 * _mad(got, wrong)


# -- helpers -------------------------------------------------------------------------------------------------

def _run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, timeout=120).stdout.decode("utf-8", "replace")


def _render(pdf: Path, page: int, dpi: float, tmp: Path, crop: bool = False, password: str | None = None,
            mode: str = "L") -> Image.Image:
    stem = tmp / f"r-{pdf.stem}-{page}-{int(dpi * 1000)}-{int(crop)}-{mode}"
    if not Path(f"{stem}.png").exists():
        _run("pdftoppm", "-r", f"{dpi:.4f}", *(["-gray"] if mode == "L" else []), "-png", "-singlefile",
             *(["-cropbox"] if crop else []), *(["-upw", password] if password else []),
             "-f", str(page), "-l", str(page), str(pdf), str(stem))
    with Image.open(f"{stem}.png") as im:
        return im.convert(mode)


def _mad(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference (0-255) after matching sizes and a slight blur (rasterising differs by a pixel)."""
    b = b.resize(a.size)
    blur = ImageFilter.GaussianBlur(1)
    stat = ImageStat.Stat(ImageChops.difference(a.filter(blur), b.filter(blur)))
    return sum(stat.mean) / len(stat.mean)


def _expected_place(page, clear_band: bool = False) -> tuple[bool, float, tuple[float, float, float, float]]:
    """Worked out from scratch: (turned, scale, (left, top, right, bottom) in points from the top-left); the
    area is 540 x 702 pt above a 54-pt stamp band, or 18 pt less tall above a 1-inch band (`clear_band`)."""
    mb = [float(v) for v in page.mediabox]
    cb = [float(v) for v in page.cropbox]
    w = min(mb[2], cb[2]) - max(mb[0], cb[0])
    h = min(mb[3], cb[3]) - max(mb[1], cb[1])
    if int(page.get("/Rotate", 0) or 0) % 180 == 90:
        w, h = h, w
    turned = w > 1.02 * h
    if turned:
        w, h = h, w
    band = 72 if clear_band else 54  # the stamp band (1 in, or 0.75 in), see geometry.content_area
    tall = LETTER_H - 36 - band
    s = min(540 / w, tall / h, 1.0)
    left = 36 + (540 - w * s) / 2
    bottom = band + (tall - h * s) / 2
    return turned, s, (left, LETTER_H - bottom - h * s, left + w * s, LETTER_H - bottom)


def _ink_outside(img: Image.Image, box: tuple[int, int, int, int], dpi: float) -> list[tuple[int, int, int, int]]:
    """Bounding boxes of dark pixels outside `box` and above the stamp band."""
    page = img.copy()
    page.paste(255, (box[0] - 1, box[1] - 1, box[2] + 1, box[3] + 1))
    page.paste(255, (0, round((LETTER_H - STAMP_BAND) * dpi / 72), page.width, page.height))
    bbox = ImageOps.invert(page.point(lambda v: 255 if v > 200 else 0)).getbbox()
    return [bbox] if bbox else []


def _photo_crop(ce: CorpusExport, name: str, mode: str = "L") -> Image.Image:
    """The placed photo on its output page, cut out of a rendering."""
    _, doc = ce.item(name)
    image = doc.page_images[0]
    if image.dpi:
        w, h, cap = image.width * 72 / image.dpi, image.height * 72 / image.dpi, 1.0
    else:
        w, h, cap = float(image.width), float(image.height), None
    s = min(540 / w, 702 / h, cap or 1e9)
    left, bottom = 36 + (540 - w * s) / 2, 54 + (702 - h * s) / 2
    rect = (left, LETTER_H - bottom - h * s, left + w * s, LETTER_H - bottom)
    img = _render(ce.pdf, ce.out_index(name, 1) + 1, DPI, ce.tmp, mode=mode)
    box = tuple(round(v * DPI / 72) for v in rect)
    inner = (box[0] + 1, box[1] + 1, box[2] - 1, box[3] - 1)  # clear of the anti-aliased edge
    assert _ink_outside(img.convert("L"), box, DPI) == []
    return img.crop(inner)
