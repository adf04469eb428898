"""Which pages of a stored PDF carry text of their own near an edge (a page number, a form's footer), by side, so
the export can keep that text clear of its stamp (`plan.make_plan(band_text=...)`, `geometry.content_area(...,
clear_band=True)`).

Measured from PDFium's text positions (no rendering) once per document, at intake in its worker, and kept in
packet.json (`Document.edge_text`); a document an older Packet added is measured when it is exported, in memory. A photo or a scan has no text to
find here (its recognised text, once OCR is wired in, could be added the same way).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium

from packet.core.geometry import SIDES, STAMP_BAND, Box, normalise_rotation, side_strip
from packet.core.model import Document, Packet

VERSION = 1
log = logging.getLogger("packet")

PageSides = dict[int, frozenset[str]]


def _sides(page, depth: float = STAMP_BAND) -> frozenset[str]:
    """The sides of a PDFium page, as it shows (its /Rotate applied), with text within `depth` of the edge."""
    media = Box.normalised(*page.get_mediabox())
    crop = Box.normalised(*page.get_cropbox())
    box = crop.intersect(media) or media
    turn = normalise_rotation(float(page.get_rotation()))
    textpage = page.get_textpage()
    try:
        out = set()
        for side in SIDES:
            strip = side_strip(box, turn, side, depth)
            if textpage.get_text_bounded(strip.x0, strip.y0, strip.x1, strip.y1).strip():
                out.add(side)
        return frozenset(out)
    finally:
        textpage.close()


def measure(source: Path | bytes) -> PageSides:
    """Every page of one PDF (a path, or its bytes) with text near an edge: page number (1-based) -> sides.

    PDFium's text positions (fast: a few milliseconds a page), so intake can afford it in its worker."""
    pdf = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
    out: PageSides = {}
    try:
        for n in range(1, len(pdf) + 1):
            page = pdf[n - 1]
            try:
                sides = _sides(page)
            except Exception as exc:  # noqa: BLE001 - a page whose text cannot be read has none to keep clear
                log.info("band text: page %d not read (%s)", n, type(exc).__name__)
                continue
            finally:
                page.close()
            if sides:
                out[n] = sides
    finally:
        pdf.close()
    return out


def to_record(found: PageSides) -> dict[str, list[str]]:
    """What `Document.edge_text` stores (JSON keys are text)."""
    return {str(k): sorted(v) for k, v in found.items()}


@lru_cache(maxsize=256)
def _measured(path: str, mtime: float) -> PageSides:
    del mtime  # part of the cache key only
    return measure(Path(path))


def document_band_text(folder: str | Path, doc: Document) -> PageSides:
    """The pages of a stored document with text near an edge (none for images, or a PDF that cannot be read):
    as intake measured them (`Document.edge_text`), else measured now, in memory (the export never writes into the
    packet)."""
    if doc.kind != "pdf":
        return {}
    if doc.edge_text is not None:
        return {int(k): frozenset(v) for k, v in doc.edge_text.items()}
    path = Path(folder) / doc.pdf_file()
    try:
        return _measured(str(path), path.stat().st_mtime)
    except Exception as exc:  # noqa: BLE001 - the export must go on; the page is then placed as usual
        log.info("band text: %s not read (%s)", doc.sha256[:12], type(exc).__name__)
        return {}


def packet_band_text(folder: str | Path, packet: Packet) -> Mapping[str, PageSides]:
    """For `make_plan(band_text=...)`: every document the packet shows, and its pages with text near an edge."""
    out = {}
    for sha in sorted(packet.used_documents()):  # pages merged in from other documents and translations too
        doc = packet.documents.get(sha)
        if doc is not None:
            found = document_band_text(folder, doc)
            if found:
                out[sha] = found
    return out
