"""Facts about stored documents that the readiness check and splitting need: how many bytes each page adds to an
export, which pages have no searchable text (their own, measured at intake with PDFium; or recognised by OCR,
`store/ocr.py`), which pages OCR found to be photos of things rather than documents, and the language of the
text (`store/doc_text.py`). Facts measured after intake are cached per file in memory.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pypdf import PdfReader

from packet.core.checks import DocumentFacts
from packet.core.model import Document, Packet
from packet.store.doc_text import document_language, recognised_page
from packet.store.pdf_intake import pypdf_reports
from packet.store.pdf_text import textless_pages

LANGUAGE_PAGES = 6  # the language of a document is told from its first pages with text

def page_bytes(folder: Path, doc: Document) -> list[float]:
    """Roughly what each page of the document adds to an exported file: a photo's page its page-ready image, a
    PDF's page an equal share of the stored file. The one size measure: the check's "over the limit" and "will
    split" findings and the export's choice of part breaks both use it."""
    if doc.kind == "image":
        return [float(_size(folder / img.file)) for img in doc.page_images]
    pages = max(doc.pages, 1)
    return [_size(folder / doc.pdf_file()) / pages] * pages  # what export reads: a repaired copy, a letter's PDF


def document_facts(folder: Path, doc: Document) -> DocumentFacts:
    sizes = page_bytes(folder, doc)
    if doc.kind == "image":
        bare = list(range(1, doc.pages + 1))
    elif doc.textless_pages is not None:  # measured at intake
        bare = list(doc.textless_pages)
    else:
        path = folder / doc.pdf_file()
        bare = list(_textless(str(path), _mtime(path)))
    textless, recognised, pictures = [], [], []
    for page in bare:
        found = recognised_page(folder, doc.sha256, page)
        if found is None:
            textless.append(page)
        elif found.reads_like_document:
            recognised.append(page)
        else:
            pictures.append(page)
    language = document_language(folder, doc, limit=LANGUAGE_PAGES)
    return DocumentFacts(size=round(sum(sizes)), textless_pages=textless, page_sizes=sizes,
                         recognised_pages=recognised, picture_pages=pictures,
                         language=language.language if language.mostly_not_english else "")


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
