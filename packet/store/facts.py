"""Facts about stored documents that the readiness check needs: how big, and which pages have no text.

Pages count as having text when the page uses a font (a scan with an OCR text layer does; a bare scan does
not). Photos never have text. Results are cached per folder in memory.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pypdf import PdfReader

from packet.core.checks import DocumentFacts
from packet.core.model import Document, Packet
from packet.store.pdf_intake import pypdf_reports


def document_facts(folder: Path, doc: Document) -> DocumentFacts:
    if doc.kind == "image":
        size = sum(_size(folder / img.file) for img in doc.page_images)
        return DocumentFacts(size=size, textless_pages=list(range(1, doc.pages + 1)))
    path = folder / doc.stored
    if doc.textless_pages is not None:  # measured at intake
        return DocumentFacts(size=_size(path), textless_pages=list(doc.textless_pages))
    return DocumentFacts(size=_size(path), textless_pages=list(_textless(str(path), _mtime(path))))


def textless_pages(reader) -> list[int]:
    """1-based pages of an open PDF with no fonts, so no searchable text (a bare scan)."""
    return [n for n, page in enumerate(reader.pages, start=1) if not _uses_fonts(page.get("/Resources"), depth=2)]


def packet_facts(folder: Path, packet: Packet) -> dict[str, DocumentFacts]:
    used = {e.document for e in packet.items()} | {e.translation for e in packet.items() if e.translation}
    return {sha: document_facts(folder, packet.documents[sha]) for sha in used if sha in packet.documents}


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _mtime(path: Path) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def _uses_fonts(res, depth: int) -> bool:
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


@lru_cache(maxsize=512)
def _textless(path: str, mtime: float) -> tuple[int, ...]:
    del mtime  # part of the cache key only
    out = []
    try:
        with pypdf_reports():
            reader = PdfReader(path, strict=False)
            if reader.is_encrypted:
                reader.decrypt("")
            out = textless_pages(reader)
    except Exception:
        return ()
    return tuple(out)
