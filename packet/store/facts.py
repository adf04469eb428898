"""Facts about stored documents that the readiness check and splitting need: how many bytes each page adds to an
export, and which pages have no searchable text (see pdf_text.py). Photos never have text. Text facts measured
after intake are cached per file in memory.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pypdf import PdfReader

from packet.core.checks import DocumentFacts
from packet.core.model import Document, Packet
from packet.store.pdf_intake import pypdf_reports
from packet.store.pdf_text import textless_pages


def page_bytes(folder: Path, doc: Document) -> list[float]:
    """Roughly what each page of the document adds to an exported file: a photo's page its page-ready image, a
    PDF's page an equal share of the stored file. The one size measure: the check's "over the limit" and "will
    split" findings and the export's choice of part breaks both use it."""
    if doc.kind == "image":
        return [float(_size(folder / img.file)) for img in doc.page_images]
    pages = max(doc.pages, 1)
    return [_size(folder / (doc.repaired or doc.stored)) / pages] * pages  # export reads the repaired copy


def document_facts(folder: Path, doc: Document) -> DocumentFacts:
    sizes = page_bytes(folder, doc)
    if doc.kind == "image":
        textless = list(range(1, doc.pages + 1))
    elif doc.textless_pages is not None:  # measured at intake
        textless = list(doc.textless_pages)
    else:
        path = folder / doc.stored
        textless = list(_textless(str(path), _mtime(path)))
    return DocumentFacts(size=round(sum(sizes)), textless_pages=textless, page_sizes=sizes)


def packet_facts(folder: Path, packet: Packet) -> dict[str, DocumentFacts]:
    return {sha: document_facts(folder, packet.documents[sha]) for sha in packet.used_documents()}


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


@lru_cache(maxsize=512)
def _textless(path: str, mtime: float) -> tuple[int, ...]:
    del mtime  # part of the cache key only
    try:
        with pypdf_reports():
            reader = PdfReader(path, strict=False)
            if reader.is_encrypted:
                reader.decrypt("")
            return tuple(textless_pages(reader))
    except Exception:  # noqa: BLE001 - a file the check cannot read has no facts; intake reported it
        return ()
