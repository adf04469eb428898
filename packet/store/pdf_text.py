"""Which pages of a PDF have searchable text: a page counts when it uses a font (a scan with an OCR text layer
does; a bare scan does not). Measured at intake and, for packets made before that, by the readiness check."""

from __future__ import annotations

from typing import Any

from pypdf import PdfReader


def textless_pages(reader: PdfReader) -> list[int]:
    """1-based pages of an open PDF with no fonts, so no searchable text (a bare scan)."""
    return [n for n, page in enumerate(reader.pages, start=1) if not _uses_fonts(page.get("/Resources"), depth=2)]


def _uses_fonts(res: Any, depth: int) -> bool:
    """Fonts in the resources, or in those of the forms they draw (text often sits inside a form XObject)."""
    res = res.get_object() if res is not None else None
    if not hasattr(res, "get"):
        return False
    fonts = res.get("/Font")
    if fonts is not None and fonts.get_object():
        return True
    if depth <= 0:
        return False
    xobjects = res.get("/XObject")
    xobjects = xobjects.get_object() if xobjects is not None else {}
    for ref in xobjects.values() if hasattr(xobjects, "values") else []:
        x = ref.get_object()
        if x.get("/Subtype") == "/Form" and _uses_fonts(x.get("/Resources"), depth - 1):
            return True
    return False
