"""The recognised text of the packet's pages, as the invisible layer the export draws over each scanned page.

For every source page OCR has read (`store/ocr.py`'s cache, whatever languages it used), `TextLayers` gives the
content operators that draw its words in text render mode 3 (`textlayer.text_layer`), in the coordinates the
page's own drawing uses: a PDF page's user space (the layer goes after its content streams, inside the same
placement matrix), or the output page for a page image (the image's own matrix). The glyphless font is made once
per output file and named /PktOCR in the pages that have a layer. The page image itself is never touched.

Words OCR was unsure of on a page that does not read like a document (a photo of a person or a car) are left out:
they are noise a search would find.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pikepdf

from packet.core.geometry import Box, Matrix
from packet.export.textlayer import FONT_NAME, font_for_pikepdf, pdf_page_matrix, text_layer
from packet.store.ocr import CONFIDENT, PageText, cached

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class TextLayers:
    """The text layers of one output file (its font is its own); counts the pages and words it drew."""

    def __init__(self, folder: Path, pdf: pikepdf.Pdf):
        self.folder = Path(folder)
        self.pdf = pdf
        self._font: pikepdf.Object | None = None
        self.pages = 0
        self.words = 0

    @property
    def font_name(self) -> str:
        return FONT_NAME

    def font(self) -> pikepdf.Object:
        if self._font is None:
            self._font = font_for_pikepdf(self.pdf)
        return self._font

    def for_pdf_page(self, sha256: str, page: int, box: Box, own_rotate: int) -> pikepdf.Object | None:
        """A content stream drawing the page's recognised words in its own user space, or None."""
        text = self._text(sha256, page)
        return self._stream(text, pdf_page_matrix(box, own_rotate, IDENTITY)) if text else None

    def for_image_page(self, sha256: str, page: int, image_matrix: Matrix) -> pikepdf.Object | None:
        """A content stream drawing a photo's recognised words over it on the output page, or None."""
        text = self._text(sha256, page)
        return self._stream(text, image_matrix) if text else None

    def _text(self, sha256: str, page: int) -> PageText | None:
        text = cached(self.folder, sha256, page, None)
        if text is None or not text.words:
            return None
        if not text.reads_like_document:
            text.words = [w for w in text.words if w.confidence >= CONFIDENT and len(w.text) > 1]
        return text if text.words else None

    def _stream(self, text: PageText, matrix: Matrix) -> pikepdf.Object | None:
        layer = text_layer(text.words, text.width, text.height, matrix, text.turn)
        if not layer.content:
            return None
        self.pages += 1
        self.words += layer.words
        stream = pikepdf.Stream(self.pdf, zlib.compress(b"\n" + layer.content, 6))
        stream.Filter = pikepdf.Name.FlateDecode
        return stream
