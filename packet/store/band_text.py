"""Which pages of a stored PDF carry text of their own near an edge (a page number, a form's footer), by side, so
the export can keep that text clear of its stamp (`plan.make_plan(band_text=...)`, `geometry.content_area(...,
clear_band=True)`).

Measured from the text positions pypdf reports while extracting a page's text (no rendering); once per document,
kept in `derived/<sha>/band.json` beside the page-ready images, and in memory. A photo or a scan has no text to
find here (its recognised text, once OCR is wired in, could be added the same way).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from pypdf import PdfReader

from packet.core.geometry import SIDES, STAMP_BAND, Box, normalise_rotation, side_strip
from packet.core.model import Document, Packet
from packet.store.atomic import write_atomic

VERSION = 1
CACHE_NAME = "band.json"
log = logging.getLogger("packet")

PageSides = dict[int, frozenset[str]]


def _visible_box(page) -> Box:
    media = Box.normalised(*(float(v) for v in page.mediabox))
    crop = Box.normalised(*(float(v) for v in page.cropbox))
    return crop.intersect(media) or media


def _points(page) -> list[tuple[float, float]]:
    """Where each run of text starts, in the page's user space (the text matrix times the CTM)."""
    found: list[tuple[float, float]] = []

    def visit(text, cm, tm, _font, _size) -> None:
        if not text.strip():
            return
        x, y = tm[4], tm[5]
        found.append((x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return found


def page_sides(page, depth: float = STAMP_BAND) -> frozenset[str]:
    """The sides of a pypdf page, as it shows (its /Rotate applied), with text within `depth` of the edge."""
    box = _visible_box(page)
    turn = normalise_rotation(float(page.get("/Rotate", 0) or 0))
    points = _points(page)
    out = set()
    for side in SIDES:
        strip = side_strip(box, turn, side, depth)
        if any(strip.x0 <= x <= strip.x1 and strip.y0 <= y <= strip.y1 for x, y in points):
            out.add(side)
    return frozenset(out)


def measure(path: Path) -> PageSides:
    """Every page of one PDF with text near an edge: page number (1-based) -> sides."""
    reader = PdfReader(path, strict=False)
    out: PageSides = {}
    for n, page in enumerate(reader.pages, start=1):
        try:
            sides = page_sides(page)
        except Exception as exc:  # noqa: BLE001 - a page whose text cannot be read has none to keep clear
            log.info("band text: page %d not read (%s)", n, type(exc).__name__)
            continue
        if sides:
            out[n] = sides
    return out


@lru_cache(maxsize=256)
def _cached(folder: str, sha: str, stored: str) -> PageSides:
    cache = Path(folder) / "derived" / sha / CACHE_NAME
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("version") == VERSION:
            return {int(k): frozenset(v) for k, v in data["pages"].items()}
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        pass
    found = measure(Path(folder) / stored)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cache, json.dumps({"version": VERSION, "pages": {str(k): sorted(v) for k, v in found.items()}})
                     .encode("utf-8"))
    except OSError:
        pass  # a read-only packet (an archive unpacked elsewhere) is measured again next time
    return found


def document_band_text(folder: str | Path, doc: Document) -> PageSides:
    """The pages of a stored document with text near an edge (none for images, or a PDF that cannot be read)."""
    if doc.kind != "pdf":
        return {}
    try:
        return _cached(str(Path(folder)), doc.sha256, doc.stored)
    except Exception as exc:  # noqa: BLE001 - the export must go on; the page is then placed as usual
        log.info("band text: %s not read (%s)", doc.sha256[:12], type(exc).__name__)
        return {}


def packet_band_text(folder: str | Path, packet: Packet) -> Mapping[str, PageSides]:
    """For `make_plan(band_text=...)`: every document the packet shows, and its pages with text near an edge."""
    used = {e.document for e in packet.items()} | {e.translation for e in packet.items() if e.translation}
    out = {}
    for sha in sorted(used):
        doc = packet.documents.get(sha)
        if doc is not None:
            found = document_band_text(folder, doc)
            if found:
                out[sha] = found
    return out
