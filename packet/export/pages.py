"""Shaping the gathered pages of one output file on US Letter: source PDF pages, page images, generated pages.

A source page's content streams are kept as they are (qpdf copies their data from the source file when the
output is written; they are never decoded here) and wrapped: a short stream in front draws the stamp and sets
the clip and the placement matrix; the page's own streams follow; a short stream after them draws flattened
annotations (form fields, markup) and restores the state. Only what the page needs to draw is kept: its
resources, contents and transparency group; everything else of the page (actions, thumbnails, structure,
boxes, rotation) is removed.

A page OCR has read gets its invisible text layer (`ocr_layer.py`): on a PDF page after its own streams, inside
the same placement (its own streams are wrapped in one more q ... Q first); on a page image after the image, with
the image's matrix. With image compression on, a page's big images are re-encoded in its own copy of its
resources (`image_compression.py`); the image is drawn at the same place and size.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary

from packet.core.geometry import (
    LETTER_H,
    LETTER_W,
    Box,
    fmt_matrix,
    multiply,
    normalise_rotation,
    place,
)
from packet.core.model import PageImage
from packet.export.annotations import AnnotationFlattener
from packet.export.cleaning import Cleaner
from packet.export.image_compression import ImageCompressor
from packet.export.ocr_layer import TextLayers
from packet.store.layers import content_streams

LETTER_BOX = [0, 0, int(LETTER_W), int(LETTER_H)]
KEPT_KEYS = frozenset({"/Type", "/Parent", "/MediaBox", "/Resources", "/Contents", "/Group"})


class PageBuilder:
    """Shapes the pages of one gathered Pdf in place."""

    def __init__(self, pdf: pikepdf.Pdf, cleaner: Cleaner, flattener: AnnotationFlattener, fonts: Dictionary,
                 layers: TextLayers | None = None, compressor: ImageCompressor | None = None):
        self.pdf = pdf
        self.cleaner = cleaner
        self.annotations = flattener
        self.fonts = fonts  # the stamp fonts, in every page's resources
        self.layers = layers  # recognised text, drawn invisibly over scanned pages
        self.compressor = compressor  # image compression, when the export compresses
        self._restore = pdf.make_stream(b"\nQ\n")

    # -- generated pages -------------------------------------------------------------------------------------
    def shape_generated(self, page: Dictionary) -> None:
        _keep_only(page)
        page.MediaBox = LETTER_BOX

    # -- source PDF pages ------------------------------------------------------------------------------------
    def shape_pdf_page(self, page: Dictionary, src: pikepdf.Pdf, src_page: Dictionary, document: str, rotation: int,
                       area: Box, landscape: str, stamp: bytes, source_page: int = 0) -> None:
        """Shape `page` (qpdf's copy of page `source_page` of document `src`) in place."""
        box = visible_box(page)
        unit = user_unit(page)
        own_rotate = normalise_rotation(_number(page.get("/Rotate"), 0.0))
        turn = normalise_rotation(own_rotate + rotation)
        placement = place(box, turn, area, landscape, max_scale=unit)
        m = placement.matrix
        res = page.get("/Resources")
        if isinstance(res, Dictionary):
            self.cleaner.clean(res)
        resources = _own_resources(res if isinstance(res, Dictionary) else None)
        if self.compressor is not None:
            self.compressor.pdf_page(self.pdf, page, resources.XObject, placement.scale, (document, source_page))
        contents: list[pikepdf.Object] = list(content_streams(page))
        layer = self.layers.for_pdf_page(document, source_page, box, own_rotate) if self.layers else None
        annots_ops, kept = self.annotations.flatten(src, src_page, m, resources, document)
        prefix = stamp + (f"q {fmt_matrix(m)} cm {_n(box.x0)} {_n(box.y0)} {_n(box.width)} "
                          f"{_n(box.height)} re W n\n{'q' if layer is not None else ''}\n").encode()
        _add_fonts(resources, self.fonts)
        if layer is not None:
            assert self.layers is not None
            resources.Font[self.layers.font_name] = self.layers.font()
            contents = [*contents, self.pdf.make_stream(b"\nQ\n"), layer]  # the page's own state, then the words
        suffix = self.pdf.make_stream(b"\n" + annots_ops + b"Q\n") if annots_ops else self._restore
        group = page.get("/Group")
        _keep_only(page)
        page.MediaBox = LETTER_BOX
        page.Resources = resources
        page.Contents = Array([self.pdf.make_stream(prefix), *contents, suffix])
        if "/Group" in page and not isinstance(group, Dictionary):
            del page["/Group"]
        if kept:
            page.Annots = Array(kept)

    # -- page images -----------------------------------------------------------------------------------------
    def shape_image_page(self, page: Dictionary, image: PageImage, rotation: int, area: Box, landscape: str,
                         stamp: bytes, document: str = "", source_page: int = 0) -> None:
        m = image_matrix(image, rotation, area, landscape)
        ops = stamp + f"q {fmt_matrix(m)} cm /PktImg Do Q\n".encode()
        xobject = page.Resources.XObject.PktImg
        layer = self.layers.for_image_page(document, source_page, m) if self.layers and document else None
        _keep_only(page)
        fonts = self.fonts
        if layer is not None:
            assert self.layers is not None
            fonts = Dictionary({k: v for k, v in self.fonts.items()})
            fonts[self.layers.font_name] = self.layers.font()
        page.Resources = Dictionary(XObject=Dictionary(PktImg=xobject), Font=fonts)
        page.Contents = Array([self.pdf.make_stream(ops), layer]) if layer is not None else self.pdf.make_stream(ops)


def image_matrix(image: PageImage, rotation: int, area: Box, landscape: str) -> tuple:
    """The matrix that draws a page image (its unit square) on the output page: real size when its resolution is
    known (never enlarged), else fitted to the area."""
    if image.dpi:
        w, h = image.width * 72.0 / image.dpi, image.height * 72.0 / image.dpi
        cap: float | None = 1.0
    else:
        w, h, cap = float(image.width), float(image.height), None
    placement = place(Box(0, 0, w, h), rotation, area, landscape, max_scale=cap)
    return multiply((w, 0.0, 0.0, h, 0.0, 0.0), placement.matrix)


def shown_inches(m: tuple) -> tuple[float, float]:
    """Width and height in inches at which a matrix draws a unit square (an image)."""
    a, b, c, d = m[:4]
    return ((a * a + b * b) ** 0.5 / 72.0, (c * c + d * d) ** 0.5 / 72.0)


# -- reading source pages --------------------------------------------------------------------------------------

def _keep_only(page: Dictionary) -> None:
    for key in list(page.keys()):
        if key not in KEPT_KEYS:
            del page[key]


def _number(value, default: float) -> float:
    try:
        return float(value) if value is not None else default
    except (TypeError, ValueError):
        return default


def visible_box(page: Dictionary) -> Box:
    """What a viewer shows: the crop box inside the media box (falling back to the media box, then Letter).

    qpdf has pushed inherited boxes and /Rotate down to each page it copied, so the page's own keys tell."""
    media = Box.parse(page.get("/MediaBox")) or Box(0, 0, LETTER_W, LETTER_H)
    crop = Box.parse(page.get("/CropBox"))
    if crop is None:
        return media
    return crop.intersect(media) or media


def user_unit(page: Dictionary) -> float:
    unit = _number(page.get("/UserUnit"), 1.0)
    return unit if 0 < unit < 100 else 1.0


def _own_resources(res: Dictionary | None) -> Dictionary:
    """A shallow copy of the page's resources (with its own XObject dict), so shared dicts are never changed."""
    own = Dictionary({k: v for k, v in res.items()}) if isinstance(res, Dictionary) else Dictionary()
    xo = own.get("/XObject")
    own.XObject = Dictionary({k: v for k, v in xo.items()}) if isinstance(xo, Dictionary) else Dictionary()
    return own


def _add_fonts(resources: Dictionary, fonts: Dictionary) -> None:
    """Add the stamp fonts to a page's own resources (copying its font dict, which may be shared)."""
    current = resources.get("/Font")
    merged = Dictionary({k: v for k, v in current.items()}) if isinstance(current, Dictionary) else Dictionary()
    for k, v in fonts.items():
        merged[k] = v
    resources.Font = merged


def _n(v: float) -> str:
    return fmt_matrix((v, 0, 0, 0, 0, 0)).split()[0]
