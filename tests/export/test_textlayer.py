"""The invisible text layer: words found by pdftotext where the scan shows them, accents kept, image untouched."""

from __future__ import annotations

import html
import io
import re
import subprocess

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from packet.core.geometry import LETTER_H, LETTER_W, Box, apply, content_area, place
from packet.export.textlayer import (
    FONT_NAME,
    font_for_pikepdf,
    font_for_pypdf,
    glyphless_font,
    pdf_page_matrix,
    text_layer,
)
from packet.store.ocr_engine import Word, find_engine, recognise_image
from tests.export.pdfcheck import NEEDS_POPPLER, page_texts, squash
from tests.store.scanned import KNOWN_TEXT, found_share, jpeg_bytes, scan_image, words_of

DPI = 200


def _image_page_pdf(path, image, placed: Box):
    """A Letter page with the scan drawn into `placed`, as the export draws a page image."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), pagesize=(LETTER_W, LETTER_H), invariant=1)
    c.drawImage(ImageReader(io.BytesIO(jpeg_bytes(image, DPI))), placed.x0, placed.y0, placed.width, placed.height)
    c.showPage()
    c.save()


def _image_bytes(pdf_path) -> list[bytes]:
    page = PdfReader(pdf_path).pages[0]
    xobjects = page["/Resources"]["/XObject"]
    return [xobjects[k].get_object()._data for k in xobjects]


def _add_layer_pypdf(src, dst, layer):
    writer = PdfWriter(clone_from=str(src))
    page = writer.pages[0]
    font = font_for_pypdf(writer)
    stream = DecodedStreamObject()
    stream.set_data(layer.content)
    page[NameObject("/Contents")] = writer._add_object(
        __import__("pypdf").generic.ArrayObject([*_contents(page), writer._add_object(stream)]))
    resources = page["/Resources"].get_object()
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else DictionaryObject()
    fonts[NameObject(FONT_NAME)] = font
    resources[NameObject("/Font")] = fonts
    with open(dst, "wb") as fh:
        writer.write(fh)


def _contents(page):
    c = page["/Contents"]
    obj = c.get_object()
    return list(obj) if isinstance(obj, list) else [c]


def _word_boxes(pdf) -> list[tuple[str, float, float, float, float]]:
    """pdftotext -bbox: each word with xMin, yMin, xMax, yMax in points from the top-left."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, timeout=60)
    rows = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                      out.stdout.decode())
    return [(html.unescape(t), float(a), float(b), float(c), float(d)) for a, b, c, d, t in rows]


@pytest.fixture(scope="module")
def recognised():
    if find_engine() is None:
        pytest.skip("no OCR engine (tesserocr or tesseract)")
    image = scan_image()
    return image, recognise_image(find_engine(), image, "spa+eng", DPI)


@NEEDS_POPPLER
def test_a_scan_gets_searchable_words_with_accents_in_reading_order_and_its_image_is_untouched(tmp_path, recognised):
    image, words = recognised
    # placed as the export places a page image: inside the content area, scaled to fit
    w_pt, h_pt = image.width * 72 / DPI, image.height * 72 / DPI
    placement = place(Box(0, 0, w_pt, h_pt), 0, content_area("bottom-center"), "shrink", max_scale=1.0)
    shown = placement.shown
    bare, layered = tmp_path / "bare.pdf", tmp_path / "layered.pdf"
    _image_page_pdf(bare, image, shown)
    assert squash(page_texts(bare)[0]) == ""  # a bare scan: nothing to find
    matrix = (shown.width, 0.0, 0.0, shown.height, shown.x0, shown.y0)  # the image's own matrix
    layer = text_layer(words, image.width, image.height, matrix)
    assert layer.words == len(words) and b" 3 Tr" in layer.content and set(layer.fonts) == {FONT_NAME}
    _add_layer_pypdf(bare, layered, layer)

    text = squash(page_texts(layered)[0])
    expected = words_of(KNOWN_TEXT)
    assert found_share(expected, text) >= 0.98, text
    assert "José Núñez Ibáñez" in text and "Ángela Muñoz Gutiérrez" in text
    # reading order: the lines come out top to bottom
    positions = [text.find(line.split()[0] + " " + line.split()[1]) for line in KNOWN_TEXT]
    assert positions == sorted(positions) and -1 not in positions, positions
    assert _image_bytes(layered) == _image_bytes(bare)  # the page image is the same bytes
    assert len(PdfReader(layered).pages) == 1 and PdfReader(layered).pages[0].mediabox.width == LETTER_W

    # each word lies where the scan shows it: pdftotext's box of "ACTA" is inside the placed image, near the
    # point OCR found it at (its box's fractions of the image, mapped into the placed area)
    acta = next(w for w in words if w.text == "ACTA")
    boxes = {t: (x0, y0, x1, y1) for t, x0, y0, x1, y1 in _word_boxes(layered)}
    x0, y0, x1, y1 = boxes["ACTA"]
    want_x0 = shown.x0 + acta.x0 * shown.width
    want_top = (LETTER_H - shown.y1) + acta.y0 * shown.height
    assert abs(x0 - want_x0) < 2 and abs(y0 - want_top) < 4, (x0, y0, want_x0, want_top)
    assert x1 <= shown.x1 and y1 <= LETTER_H - shown.y0


@NEEDS_POPPLER
def test_the_pikepdf_font_gives_the_same_text(tmp_path, recognised):
    pikepdf = pytest.importorskip("pikepdf")
    image, words = recognised
    bare, layered = tmp_path / "bare.pdf", tmp_path / "layered.pdf"
    shown = Box(0, 0, LETTER_W, LETTER_W * image.height / image.width)
    _image_page_pdf(bare, image, shown)
    layer = text_layer(words, image.width, image.height, (shown.width, 0, 0, shown.height, 0, 0))
    with pikepdf.open(bare) as pdf:
        page = pdf.pages[0]
        page.contents_add(pikepdf.Stream(pdf, layer.content), prepend=False)
        fonts = page.Resources.get("/Font", pikepdf.Dictionary())
        fonts[FONT_NAME] = font_for_pikepdf(pdf)
        page.Resources.Font = fonts
        pdf.save(layered)
    text = squash(page_texts(layered)[0])
    assert found_share(words_of(KNOWN_TEXT), text) >= 0.98 and "Ibáñez" in text
    assert _image_bytes(layered) == _image_bytes(bare)


@NEEDS_POPPLER
def test_letters_beyond_latin_survive_and_characters_beyond_the_bmp_are_dropped(tmp_path):
    words = [Word("Nguyễn", 0.1, 0.1, 0.3, 0.15, 95, 0), Word("Thị", 0.32, 0.1, 0.4, 0.15, 95, 0),
             Word("Москва", 0.1, 0.3, 0.35, 0.35, 95, 1), Word("Ðorđe", 0.1, 0.5, 0.3, 0.55, 95, 2),
             Word("a\U0001F600b", 0.1, 0.7, 0.3, 0.75, 95, 3)]
    blank = tmp_path / "blank.pdf"
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(blank), pagesize=(LETTER_W, LETTER_H), invariant=1)
    c.rect(10, 10, 20, 20)
    c.showPage()
    c.save()
    out = tmp_path / "out.pdf"
    _add_layer_pypdf(blank, out, text_layer(words, 1000, 1300, (LETTER_W, 0, 0, LETTER_H, 0, 0)))
    text = squash(page_texts(out)[0])
    assert text.split() == ["Nguyễn", "Thị", "Москва", "Ðorđe", "ab"], text


def test_no_words_no_layer():
    assert text_layer([], 100, 100, (1, 0, 0, 1, 0, 0)).content == b""
    tiny = [Word("x", 0.1, 0.1, 0.2, 0.1001, 90, 0)]  # a box too small to be text
    assert text_layer(tiny, 100, 100, (1, 0, 0, 1, 0, 0)).words == 0


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
@pytest.mark.parametrize("extra", [0, 90])
def test_a_rotated_pdf_page_maps_its_shown_corners_where_the_export_puts_them(rotate, extra):
    box = Box(10, 20, 622, 812)  # a Letter page whose visible box does not start at the origin
    placement = place(box, rotate + extra, content_area("bottom-center"), "shrink")
    m = pdf_page_matrix(box, rotate, placement.matrix)
    # the shown page's top-left corner (unit square (0, 1)) is a corner of the box in user space that depends
    # on the turn: /Rotate 90 brings the bottom-left of user space to the top-left of the screen
    top_left_user = {0: (box.x0, box.y1), 90: (box.x0, box.y0), 180: (box.x1, box.y0), 270: (box.x1, box.y1)}[rotate]
    bottom_right_user = {0: (box.x1, box.y0), 90: (box.x1, box.y1), 180: (box.x0, box.y1),
                         270: (box.x0, box.y0)}[rotate]
    for unit, user in (((0, 1), top_left_user), ((1, 0), bottom_right_user)):
        got, want = apply(m, *unit), apply(placement.matrix, *user)
        assert abs(got[0] - want[0]) < 1e-6 and abs(got[1] - want[1]) < 1e-6, (rotate, extra, unit, got, want)


def test_the_font_description_is_a_type0_font_with_a_unicode_map():
    font = glyphless_font()
    assert font["/Subtype"] == "/Type0" and font["/Encoding"] == "/Identity-H"
    to_unicode = font["/ToUnicode"].data.decode()
    assert "<0000> <00FF> <0000>" in to_unicode and "<1E00> <1EFF> <1E00>" in to_unicode  # Latin, Vietnamese
    assert "<D800>" not in to_unicode  # no surrogates
    assert font["/DescendantFonts"][0]["/FontDescriptor"]["/FontFile2"].data[:4] == b"\x00\x01\x00\x00"
