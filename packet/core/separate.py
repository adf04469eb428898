"""Separate filings: documents that go to the office as their own file, beside the packet, never inside it.

ECAS takes each submission as its own file, and the notice of appearance (Form EOIR-28, the Board's EOIR-27) must
be on file before the motion; a change of address (EOIR-33) is its own filing too, and some offices want a
proposed order apart. Such an item is left out of the packet's pages and numbering, listed at the end of the index
as filed separately, and written by the export as `<name>_EOIR-28.pdf`.

Whether an item is filed separately: the user's own choice (`Exhibit.file_separately` True or False) wins; else
the template slot it fills says so (`Slot.file_separately`), or the filing profile does for that slot
(`Profile.file_separately`: ECAS for the EOIR-28 and EOIR-27).

A separate filing is not stamped: it is a form or an order that stands on its own (ECAS stamps what it receives,
and a page number of the motion's sequence on an EOIR-28 would say it belongs to the motion). Its pages are placed
on US Letter and cleaned as every exported page is.
"""

from __future__ import annotations

import re
import unicodedata

from packet.core.model import Exhibit, Packet
from packet.core.plan import LEAD, TRANSLATION, Plan, PlanEntry, PlanPage, snapshot
from packet.core.profiles import Profile

FORM_NUMBER = re.compile(r"\b((?:EOIR|I|G)-\d{1,3}[A-Z]?)(?![\w-])", re.IGNORECASE)
MAX_NAME = 40


def default_separately(packet: Packet, item: Exhibit, profile: Profile | None) -> bool:
    """What the slot the item fills, or the profile, says (the user's own choice aside)."""
    if not item.slot:
        return False
    slot = next((s for s in packet.slots if s.id == item.slot), None)
    if slot is not None and slot.file_separately:
        return True
    return profile is not None and item.slot in profile.file_separately


def files_separately(packet: Packet, item: Exhibit, profile: Profile | None) -> bool:
    if item.file_separately is not None:
        return item.file_separately
    return default_separately(packet, item, profile)


def separate_ids(packet: Packet, profile: Profile | None) -> tuple[str, ...]:
    """The items filed separately, in packet order (lead documents first)."""
    return tuple(e.id for e in packet.items() if files_separately(packet, e, profile))


def form_name(packet: Packet, item: Exhibit) -> str:
    """The short name a separate file is named by: the form number in the slot's or the item's title
    ('EOIR-28'), else the first words of the item's title in plain letters ('Proposed-order')."""
    slot = next((s for s in packet.slots if s.id == item.slot), None)
    for text in (slot.title if slot else "", item.title):
        m = FORM_NUMBER.search(text)
        if m:
            return m.group(1).upper()
    plain = unicodedata.normalize("NFKD", item.title).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[A-Za-z0-9]+", plain)
    name = ""
    for w in words:
        if len(name) + len(w) + 1 > MAX_NAME:
            break
        name = f"{name}-{w}" if name else w
    return name[:1].upper() + name[1:] if name else "Separate"


def separate_names(packet: Packet, ids: tuple[str, ...]) -> dict[str, str]:
    """item id -> its short name, unique among the packet's separate filings ('EOIR-28', 'EOIR-28_2')."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for item_id in ids:
        item = packet.find(item_id)
        if item is None:
            continue
        base = form_name(packet, item)
        name, n = base, 2
        while name.lower() in used:
            name, n = f"{base}_{n}", n + 1
        used.add(name.lower())
        out[item_id] = name
    return out


def separate_plan(packet: Packet, item_id: str) -> Plan:
    """The plan of one separate filing: the item's pages (and its English translation's, if any), unnumbered and
    unstamped, from a frozen copy of the packet whose title is the item's."""
    frozen = snapshot(packet)
    item = frozen.find(item_id)
    if item is None:
        raise KeyError(item_id)
    frozen.cover.document_title = item.title
    doc = frozen.documents[item.document]
    pages = [PlanPage(LEAD, item_id=item.id, document=doc.sha256, source_page=p, rotation=item.rotation)
             for p in item.page_numbers(doc.pages)]
    tdoc = frozen.documents.get(item.translation) if item.translation else None
    translation = None
    if tdoc is not None:
        start = len(pages)
        pages += [PlanPage(TRANSLATION, item_id=item.id, document=tdoc.sha256, source_page=p)
                  for p in range(1, tdoc.pages + 1)]
        translation = (start, len(pages) - 1)
    entry = PlanEntry(item.id, "lead", "", item.title, list(item.factors), None, 0 if pages else -1,
                      len(pages) - 1 if pages else -1, translation=translation)
    return Plan(packet=frozen, pages=pages, entries=[entry], index_pages=0, summary_pages=0)
