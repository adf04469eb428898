"""The text of a stored document, for the language check, the suggestions and the window's find box.

A PDF's own text is read with PDFium once, at intake in its worker (`measure`), and kept beside the document as
`derived/<sha256>/text.json`: how many characters each page has (which pages have no searchable text) and the
text of its first MAX_PAGES pages. A page without text of its own has, once OCR has read it, its recognised
text (`store/ocr.py`'s cache). `page_texts` joins the two, page by page; `document_language` and
`document_suggestions` read them through `core/language.py` and `core/suggest.py`.

Nothing here is slow on a second call: results are kept in memory, keyed by the files' modification times, so a
page recognised later (a new cache file) is seen at once. A document an older Packet added has no text.json: it
is measured when first asked, in memory (the readiness check and the export never write into the packet).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from packet.core.language import DocumentLanguage
from packet.core.language import document_language as language_of
from packet.core.model import Document, Exhibit, Packet
from packet.core.suggest import Suggestion, suggest
from packet.store.atomic import write_atomic
from packet.store.layout import DERIVED
from packet.store.ocr import MIN_TEXT_CHARS, cache_path, cached, private_dirs

FORMAT = 1
TEXT_FILE = "text.json"
MAX_PAGES = 40  # pages whose text is kept: enough to tell the language and the kind of any document
MAX_CHARS = 20_000  # characters kept per page
LANGUAGE_CHARS = 4_000  # characters of a page the language is judged on


@dataclass(frozen=True)
class PdfText:
    """What PDFium found in a PDF: characters per page, and the text of the first MAX_PAGES pages."""

    chars: tuple[int, ...]
    texts: tuple[str, ...]

    @property
    def textless_pages(self) -> list[int]:
        """1-based pages with no searchable text (a bare scan, a photo): fewer than MIN_TEXT_CHARS characters."""
        return [n for n, c in enumerate(self.chars, start=1) if c < MIN_TEXT_CHARS]

    def to_json(self) -> dict:
        return {"format": FORMAT, "chars": list(self.chars), "texts": list(self.texts)}

    @classmethod
    def from_json(cls, data: dict) -> PdfText:
        if data.get("format") != FORMAT:
            raise ValueError(f"text format {data.get('format')!r}")
        return cls(tuple(int(c) for c in data["chars"]), tuple(str(t) for t in data["texts"]))


def measure(source: bytes | Path) -> PdfText:
    """PDFium's text of one PDF (its bytes, or a path). Raises what PDFium raises for a file it cannot read."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source), password="")
    chars: list[int] = []
    texts: list[str] = []
    try:
        for n in range(len(pdf)):
            page = pdf[n]
            try:
                textpage = page.get_textpage()
                try:
                    count = textpage.count_chars()
                    text = textpage.get_text_range() if count else ""
                finally:
                    textpage.close()
            except Exception:  # noqa: BLE001 - a page whose text cannot be read has none to offer
                count, text = 0, ""
            finally:
                page.close()
            if not text.strip():
                count = 0
            chars.append(count)
            if n < MAX_PAGES:
                texts.append(text[:MAX_CHARS].replace("\r\n", "\n").replace("\r", "\n"))
    finally:
        pdf.close()
    return PdfText(tuple(chars), tuple(texts))


def text_path(sha256: str) -> str:
    """Where intake keeps a PDF's text, relative to the packet folder."""
    return f"{DERIVED}/{sha256}/{TEXT_FILE}"


def encode(found: PdfText) -> bytes:
    return json.dumps(found.to_json(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def store(packet_dir: Path, sha256: str, found: PdfText) -> Path:
    path = Path(packet_dir) / text_path(sha256)
    private_dirs(packet_dir, path.parent)
    write_atomic(path, encode(found), sync_dir=False)
    return path


def pdf_text(packet_dir: Path, doc: Document) -> PdfText | None:
    """The PDF's own text, as intake kept it, else measured now (in memory); None for photos and unreadable files."""
    if doc.kind != "pdf":
        return None
    folder = Path(packet_dir)
    kept = folder / text_path(doc.sha256)
    source = folder / doc.pdf_file()
    return _pdf_text(str(kept), _mtime(kept), str(source), _mtime(source))


@lru_cache(maxsize=512)
def _pdf_text(kept: str, kept_mtime: int, source: str, source_mtime: int) -> PdfText | None:
    del kept_mtime, source_mtime  # part of the cache key only
    try:
        return PdfText.from_json(json.loads(Path(kept).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    try:
        return measure(Path(source))
    except Exception:  # noqa: BLE001 - a file PDFium cannot read has no text to give; its export reports it
        return None


def page_texts(packet_dir: Path, doc: Document, pages: Sequence[int] | None = None,
               limit: int | None = MAX_PAGES, confident: bool = False) -> list[str]:
    """The text of each page (1-based `pages`, default all; the first `limit` of them): the page's own text when
    it has some (kept for the first MAX_PAGES pages), else what OCR recognised on it (in any languages; with
    `confident`, only the words OCR was sure of), else ''."""
    folder = Path(packet_dir)
    wanted = [p for p in (pages if pages is not None else range(1, doc.pages + 1)) if 1 <= p <= doc.pages]
    wanted = wanted[:limit] if limit is not None else wanted
    own = pdf_text(folder, doc)
    out = []
    for p in wanted:
        text = ""
        if own is not None and p <= len(own.texts) and own.chars[p - 1] >= MIN_TEXT_CHARS:
            text = own.texts[p - 1]
        if not text:
            found = recognised_page(folder, doc.sha256, p)
            text = "" if found is None else found.confident_text if confident else found.text
        out.append(text)
    return out


@dataclass(frozen=True)
class RecognisedPage:
    """What OCR found on one page, as the checks and the search need it (not the words' boxes)."""

    text: str
    reads_like_document: bool
    confident_text: str = ""


def recognised_page(packet_dir: Path, sha256: str, page: int) -> RecognisedPage | None:
    """What OCR recognised on one page (whatever languages it used), or None when it has not read it."""
    folder = Path(packet_dir)
    return _recognised(str(folder), sha256, page, _mtime(cache_path(folder, sha256, page)))


@lru_cache(maxsize=4096)
def _recognised(folder: str, sha256: str, page: int, mtime: int) -> RecognisedPage | None:
    if not mtime:
        return None
    found = cached(Path(folder), sha256, page, None)
    return (RecognisedPage(found.text, found.reads_like_document, found.confident_text)
            if found is not None else None)


def document_language(packet_dir: Path, doc: Document, pages: Sequence[int] | None = None,
                      limit: int | None = MAX_PAGES) -> DocumentLanguage:
    """The language of a document's text (its own, or recognised), weighed by words over its pages (the first
    `limit` pages; a few thousand words tell a language). Of recognised text only the confident words count:
    what OCR makes of a smudge or a stamp is not a language."""
    return language_of([t[:LANGUAGE_CHARS] for t in page_texts(packet_dir, doc, pages, limit, confident=True)])


def document_suggestions(packet_dir: Path, doc: Document, pages: Sequence[int] | None = None) -> list[Suggestion]:
    """What a paralegal would type for this document, from its text (best first; [] when nothing is named)."""
    text = "\n".join(page_texts(packet_dir, doc, pages))
    return suggest(text) if text.strip() else []


def searchable_text(packet_dir: Path, doc: Document) -> str:
    """All the text the find box searches: the document's own (its first MAX_PAGES pages) and its recognised text."""
    return "\n".join(page_texts(packet_dir, doc, limit=None))


def exhibit_page_texts(packet_dir: Path, packet: Packet, exhibit: Exhibit, limit: int | None = MAX_PAGES) -> list[str]:
    """The text of the pages an exhibit shows (its kept page references: hidden pages left out, a merged
    exhibit's pages of other documents included), document by document, at most `limit` pages in all."""
    kept = exhibit.kept(packet.documents)
    out: list[str] = []
    for sha in dict.fromkeys(r.document for r in kept):
        doc = packet.documents[sha]
        left = None if limit is None else limit - len(out)
        if left is not None and left <= 0:
            break
        out += page_texts(packet_dir, doc, [r.page for r in kept if r.document == sha], limit=left)
    return out


def _mtime(path: Path) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0
