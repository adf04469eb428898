"""The find box: an exhibit by its title, or by the text of its pages (their own, or recognised by OCR), so
"2014" finds the lease that says 2014.

Titles are searched first; then each document's text (the pages it shows, `store.doc_text.exhibit_page_texts`, kept in memory until a
page is recognised or the document changes). Return in the box goes on to the next exhibit that matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from packet.core.model import Exhibit, Packet
from packet.store.doc_text import exhibit_page_texts

CONTEXT = 30  # characters shown either side of a match found in the text


@dataclass(frozen=True)
class Match:
    exhibit_id: str
    where: str  # "title", or "text" with `excerpt`
    excerpt: str = ""


def find_exhibits(folder: Path, packet: Packet, text: str) -> list[Match]:
    """Every item matching `text`, in packet order: titles first, then the items whose documents' text has it."""
    wanted = " ".join(text.lower().split())
    if not wanted:
        return []
    items = packet.items()
    out = [Match(e.id, "title") for e in items if wanted in e.title.lower()]
    titled = {m.exhibit_id for m in out}
    for e in items:
        if e.id in titled:
            continue
        excerpt = _in_text(folder, packet, e, wanted)
        if excerpt:
            out.append(Match(e.id, "text", excerpt))
    return out


def _in_text(folder: Path, packet: Packet, e: Exhibit, wanted: str) -> str:
    if e.document not in packet.documents:
        return ""
    text = " ".join(" ".join(exhibit_page_texts(folder, packet, e, limit=None)).split())
    low = text.lower()
    at = low.find(wanted)
    if at < 0:
        return ""
    if len(low) != len(text):  # a letter whose lower case is longer: show the lower-case text
        text = low
    start, end = max(0, at - CONTEXT), min(len(text), at + len(wanted) + CONTEXT)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
