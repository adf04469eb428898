"""The invisible text layer: recognised words drawn over a scanned page in text render mode 3 (no ink).

A viewer's search, copy and `pdftotext` find the words where they are on the page; the page image underneath is
untouched. The font is the glyphless font of Tesseract's own PDF renderer (`resources/tessdata/pdf.ttf`, as
OCRmyPDF uses it): a Type0 font with two-byte codes that are the characters' Unicode values (Identity-H), every
code drawn with the same empty glyph, and a ToUnicode map that turns each code back into its character. So every
character of the Basic Multilingual Plane survives (accents, ñ, Vietnamese, Cyrillic), with one small font.

The layer is PDF-engine neutral: `text_layer` returns content-stream bytes, and the font comes back as a
description (`glyphless_font()`: plain dicts, lists, names as "/Name" strings and `PdfStream`s) that
`font_for_pypdf` or `font_for_pikepdf` turn into objects of one output document (make it once per document and
put it under the same resource name on every page that has a layer).

Phase 2, in the export: for each output page whose source page has recognised text (`packet.store.ocr.cached`),
append `text_layer(words, width, height, matrix).content` after the page's own content and add
`/Font << /PktOCR <font> >>` to its resources. The matrix maps the shown page's unit square to the output page:
for a page image, the image matrix the page already draws it with; for a PDF page, `pdf_page_matrix(box,
source_rotate, placement_matrix)`.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from packet.core.geometry import Box, Matrix, fmt_matrix, multiply, normalise_rotation
from packet.core.resources import resource
from packet.store.ocr_engine import Word

FONT_NAME = "/PktOCR"
GLYPH_WIDTH = 500  # every glyph of the glyphless font is half an em wide
MIN_FONT_SIZE = 1.0  # pixels of the page image; smaller boxes are noise


@dataclass(frozen=True)
class PdfStream:
    """A stream in a font description: its dictionary (without /Length or /Filter) and its unencoded data."""

    dictionary: dict[str, Any]
    data: bytes


@dataclass(frozen=True)
class TextLayer:
    content: bytes  # content-stream operators, wrapped in q ... Q; empty when there are no words
    fonts: dict[str, dict[str, Any]]  # resource name -> font description, e.g. {"/PktOCR": glyphless_font()}
    words: int


# The unit square of an image turned clockwise by the key's degrees, mapped back onto the unturned image's.
TURNED_BACK: dict[int, Matrix] = {
    0: (1.0, 0.0, 0.0, 1.0, 0.0, 0.0),
    90: (0.0, 1.0, -1.0, 0.0, 1.0, 0.0),
    180: (-1.0, 0.0, 0.0, -1.0, 1.0, 1.0),
    270: (0.0, -1.0, 1.0, 0.0, 0.0, 1.0),
}


def text_layer(words: Sequence[Word], width: int, height: int, matrix: Matrix, turn: int = 0) -> TextLayer:
    """Operators that draw `words` invisibly. Boxes are fractions of a `width` x `height` pixel page image
    (origin top-left), which is the shown page turned clockwise by `turn` degrees when OCR found it read better
    that way; `matrix` maps the shown page's unit square (origin bottom-left, as PDF) to the output page."""
    if not words or width <= 0 or height <= 0:
        return TextLayer(b"", {}, 0)
    to_out = multiply(multiply((1.0 / width, 0.0, 0.0, 1.0 / height, 0.0, 0.0), TURNED_BACK[turn % 360]), matrix)
    out = [f"q {fmt_matrix(to_out)} cm BT 3 Tr".encode()]
    drawn = 0
    by_line: dict[int, list[Word]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    for _, line in sorted(by_line.items()):
        line.sort(key=lambda w: w.x0)
        top = min(w.y0 for w in line) * height
        bottom = max(w.y1 for w in line) * height
        size = bottom - top
        if size < MIN_FONT_SIZE:
            continue
        baseline = height - bottom  # the font has no descent: its glyph box is the line box
        out.append(f"{FONT_NAME} {_num(size)} Tf".encode())
        for i, w in enumerate(line):
            text = w.text if i == len(line) - 1 else w.text + " "
            codes = _codes(text)
            if not codes:
                continue
            x = w.x0 * width
            right = line[i + 1].x0 * width if i + 1 < len(line) else w.x1 * width
            natural = len(codes) // 4 * GLYPH_WIDTH / 1000.0 * size
            stretch = max(1.0, 100.0 * max(right - x, 1.0) / natural)
            out.append(f"{_num(stretch)} Tz 1 0 0 1 {_num(x)} {_num(baseline)} Tm <{codes}> Tj".encode())
            drawn += 1
    out.append(b"ET Q\n")
    if not drawn:
        return TextLayer(b"", {}, 0)
    return TextLayer(b"\n".join(out), {FONT_NAME: glyphless_font()}, drawn)


def pdf_page_matrix(box: Box, source_rotate: int, placement: Matrix) -> Matrix:
    """For a PDF page: the unit square of the page as OCR saw it (its visible box turned by its own /Rotate) to the
    output page, given the export's placement matrix (source user space to output, with any extra turn)."""
    turn = normalise_rotation(source_rotate)
    w, h = (box.height, box.width) if turn in (90, 270) else (box.width, box.height)
    # user space -> shown page (in points, origin bottom-left), as packet.core.geometry.place turns it
    shown = multiply((1.0, 0.0, 0.0, 1.0, -box.x0, -box.y0), _turn(turn, box.width, box.height))
    return multiply(multiply((w, 0.0, 0.0, h, 0.0, 0.0), invert(shown)), placement)


def invert(m: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    det = a * d - b * c
    if abs(det) < 1e-12:
        raise ValueError("matrix cannot be inverted")
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    return (ia, ib, ic, id_, -(e * ia + f * ic), -(e * ib + f * id_))


def _turn(rotation: int, w: float, h: float) -> Matrix:
    if rotation == 90:
        return (0.0, -1.0, 1.0, 0.0, 0.0, w)
    if rotation == 180:
        return (-1.0, 0.0, 0.0, -1.0, w, h)
    if rotation == 270:
        return (0.0, 1.0, -1.0, 0.0, h, 0.0)
    return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _codes(text: str) -> str:
    """Identity-H codes: each character's Unicode value in four hex digits; characters beyond the BMP dropped."""
    return "".join(f"{ord(ch):04X}" for ch in text if ord(ch) <= 0xFFFF and not 0xD800 <= ord(ch) <= 0xDFFF)


def _num(v: float) -> str:
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return s if s not in ("", "-0") else "0"


# -- the font ------------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def glyphless_font() -> dict[str, Any]:
    """The Type0 font description. Every CID maps to glyph 1 of pdf.ttf; widths are constant."""
    font_file = resource("tessdata", "pdf.ttf").read_bytes()
    descriptor = {
        "/Type": "/FontDescriptor", "/FontName": "/GlyphLessFont", "/Flags": 5, "/FontBBox": [0, 0, GLYPH_WIDTH, 1000],
        "/ItalicAngle": 0, "/Ascent": 1000, "/Descent": 0, "/CapHeight": 1000, "/StemV": 80,
        "/FontFile2": PdfStream({"/Length1": len(font_file)}, font_file),
    }
    cid_font = {
        "/Type": "/Font", "/Subtype": "/CIDFontType2", "/BaseFont": "/GlyphLessFont",
        "/CIDSystemInfo": {"/Registry": "(Adobe)", "/Ordering": "(Identity)", "/Supplement": 0},
        "/FontDescriptor": descriptor, "/DW": GLYPH_WIDTH,
        "/CIDToGIDMap": PdfStream({}, b"\x00\x01" * 65536),
    }
    return {
        "/Type": "/Font", "/Subtype": "/Type0", "/BaseFont": "/GlyphLessFont", "/Encoding": "/Identity-H",
        "/DescendantFonts": [cid_font], "/ToUnicode": PdfStream({}, _to_unicode()),
    }


def _to_unicode() -> bytes:
    """Code = Unicode value, in 256 ranges of 256 codes (a range may not cross its first byte); surrogates left out."""
    ranges = [f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in range(256) if not 0xD8 <= hi <= 0xDF]
    body = []
    for start in range(0, len(ranges), 100):  # at most 100 entries per block
        chunk = ranges[start : start + 100]
        body.append(f"{len(chunk)} beginbfrange\n" + "\n".join(chunk) + "\nendbfrange")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" + "\n".join(body) +
            "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode("ascii")


# -- into a PDF engine's objects -------------------------------------------------------------------------------------

def font_for_pypdf(writer: Any, description: dict[str, Any] | None = None) -> Any:
    """The font as an indirect object of a pypdf PdfWriter."""
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        StreamObject,
        TextStringObject,
    )

    def convert(value: Any) -> Any:
        if isinstance(value, PdfStream):
            stream = StreamObject()
            for k, v in value.dictionary.items():
                stream[NameObject(k)] = convert(v)
            stream._data = zlib.compress(value.data, 9)
            stream[NameObject("/Filter")] = NameObject("/FlateDecode")
            return writer._add_object(stream)
        if isinstance(value, dict):
            return DictionaryObject({NameObject(k): convert(v) for k, v in value.items()})
        if isinstance(value, list):
            return ArrayObject(convert(v) for v in value)
        if isinstance(value, str):
            if value.startswith("/"):
                return NameObject(value)
            return TextStringObject(value.strip("()"))
        return NumberObject(value)

    return writer._add_object(convert(description or glyphless_font()))


def font_for_pikepdf(pdf: Any, description: dict[str, Any] | None = None) -> Any:
    """The font as an indirect object of a pikepdf Pdf."""
    import pikepdf

    def convert(value: Any) -> Any:
        if isinstance(value, PdfStream):
            stream = pikepdf.Stream(pdf, zlib.compress(value.data, 9))
            for k, v in value.dictionary.items():
                stream[k] = convert(v)
            stream.Filter = pikepdf.Name.FlateDecode
            return pdf.make_indirect(stream)
        if isinstance(value, dict):
            return pikepdf.Dictionary({k: convert(v) for k, v in value.items()})
        if isinstance(value, list):
            return pikepdf.Array([convert(v) for v in value])
        if isinstance(value, str):
            return pikepdf.Name(value) if value.startswith("/") else pikepdf.String(value.strip("()"))
        return value

    return pdf.make_indirect(convert(description or glyphless_font()))
