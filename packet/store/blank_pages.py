"""Near-empty pages (the blank backs of a duplex scan), found by drawing each page small and measuring its ink.

Only ever a suggestion: the window and `packet pages --find-blank` offer the pages for hiding, and nothing is
hidden unless the user says so. A page is near-empty when almost none of it (inside the margins, where scanners
leave dark edges and punch holes) is darker than its paper, and it carries at most a line of text ("This page
intentionally left blank"). Each measure is kept per document page in `derived/<sha>/ink.json`: the stored
document never changes, so neither does its measure. Poster-sized pages are never drawn (see Document.large_pages).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from packet.core.model import Document, Exhibit, Packet
from packet.store.atomic import write_atomic

MEASURE = 1  # version of the measure below; a cache of another version is measured again
LONG_SIDE = 500  # pixels along a page's longer side: a line of text shows as ink, a page draws in milliseconds
MARGIN = 0.06  # of each side, left out
DARK_STEP = 40  # a pixel this much darker than the paper (0-255) is ink; show-through from the other side is not
PAPER_AT_LEAST = 150  # a page whose usual tone is darker than this is not paper (a photo of a person, a car)
NEAR_EMPTY_INK = 0.003  # ink on under 0.3% of the page (a page number, specks, one short line) is near-empty
MAX_TEXT_CHARS = 60  # more text than a line or two is a page someone wrote on
CACHE = "ink.json"


@dataclass(frozen=True)
class PageInk:
    ink: float  # the share of the page (inside the margins) that is darker than its paper
    chars: int  # characters of text on the page (0 for photos and scans)

    @property
    def near_empty(self) -> bool:
        return self.ink < NEAR_EMPTY_INK and self.chars <= MAX_TEXT_CHARS


def ink_of(image: Image.Image) -> float:
    """The share of a page image, inside the margins, that clearly differs from its paper (1.0 when the page is
    not paper at all: a photo that is mostly dark)."""
    grey = image.convert("L")
    w, h = grey.size
    dx, dy = int(w * MARGIN), int(h * MARGIN)
    inner = grey.crop((dx, dy, max(dx + 1, w - dx), max(dy + 1, h - dy)))
    histogram = inner.histogram()
    total = sum(histogram)
    if not total:
        return 0.0
    # The paper's tone: the level half the page is at or above (scans are often grey or yellowish).
    seen, paper = 0, 255
    for level in range(255, -1, -1):
        seen += histogram[level]
        if seen >= total * 0.5:
            paper = level
            break
    if paper < PAPER_AT_LEAST:
        return 1.0
    far = sum(histogram[: max(0, paper - DARK_STEP)]) + sum(histogram[min(256, paper + DARK_STEP + 1):])
    return round(far / total, 6)


def _cache_path(folder: Path, sha: str) -> Path:
    return Path(folder) / "derived" / sha / CACHE


def _read_cache(folder: Path, sha: str) -> dict[int, PageInk]:
    try:
        data = json.loads(_cache_path(folder, sha).read_text(encoding="utf-8"))
        if data.get("measure") != MEASURE:
            return {}
        return {int(k): PageInk(float(v[0]), int(v[1])) for k, v in data["pages"].items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return {}


def _write_cache(folder: Path, sha: str, pages: dict[int, PageInk]) -> None:
    path = _cache_path(folder, sha)
    body = {"measure": MEASURE, "long_side": LONG_SIDE,
            "pages": {str(k): [round(v.ink, 6), v.chars] for k, v in sorted(pages.items())}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(body, separators=(",", ":")).encode("utf-8"), sync_dir=False)
    except OSError:
        pass  # a cache that cannot be written is measured again next time


def measure(folder: Path, doc: Document, pages: Iterable[int]) -> dict[int, PageInk]:
    """The ink of these 1-based pages of a document (from the cache, or drawn now and cached). Pages that cannot
    be drawn (poster-sized, or unreadable) are left out: they are never suggested."""
    folder = Path(folder)
    wanted = [p for p in dict.fromkeys(pages) if 1 <= p <= doc.pages and p not in doc.large_pages]
    known = _read_cache(folder, doc.sha256)
    missing = [p for p in wanted if p not in known]
    if missing:
        found = _measure_images(folder, doc, missing) if doc.kind == "image" else _measure_pdf(folder, doc, missing)
        if found:
            known.update(found)
            _write_cache(folder, doc.sha256, known)
    return {p: known[p] for p in wanted if p in known}


def _measure_images(folder: Path, doc: Document, pages: list[int]) -> dict[int, PageInk]:
    out = {}
    for p in pages:
        try:
            with Image.open(folder / doc.page_images[p - 1].file) as im:
                im.draft("L", (LONG_SIDE, LONG_SIDE))  # JPEGs decode at a reduced scale, quickly
                small = im.convert("L")
                small.thumbnail((LONG_SIDE, LONG_SIDE))
                out[p] = PageInk(ink_of(small), 0)
        except (OSError, IndexError, ValueError):
            continue
    return out


def _measure_pdf(folder: Path, doc: Document, pages: list[int]) -> dict[int, PageInk]:
    import pypdfium2 as pdfium  # loaded on first use: `packet list` and intake's workers never need it

    out: dict[int, PageInk] = {}
    try:
        pdf = pdfium.PdfDocument(str(folder / doc.stored), password="")
    except (pdfium.PdfiumError, OSError):
        return out
    try:
        for p in pages:
            try:
                page = pdf[p - 1]
                textpage = page.get_textpage()
                chars = len(textpage.get_text_range().strip())
                textpage.close()
                width, height = page.get_size()
                scale = LONG_SIDE / max(width, height, 1.0)
                image = page.render(scale=scale, grayscale=True, may_draw_forms=True).to_pil()
                page.close()
            except (pdfium.PdfiumError, IndexError, ValueError):
                continue
            out[p] = PageInk(ink_of(image), chars)
    finally:
        pdf.close()
    return out


def near_empty_pages(folder: Path, packet: Packet, exhibit: Exhibit) -> list[int]:
    """Positions (1-based, as the page view and `packet pages` count them) of the exhibit's kept pages that are
    near-empty. Opens the documents: call it from a worker, never from the window's thread."""
    refs = exhibit.page_list(packet.documents)
    inks: dict[str, dict[int, PageInk]] = {}
    for sha in dict.fromkeys(r.document for r in refs if not r.hidden):
        inks[sha] = measure(folder, packet.documents[sha], [r.page for r in refs if r.document == sha and not r.hidden])
    return [n for n, r in enumerate(refs, start=1)
            if not r.hidden and r.page in inks.get(r.document, {}) and inks[r.document][r.page].near_empty]
