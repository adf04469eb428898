"""The plan of one export: every output page, where it comes from, and the number it carries.

The plan is computed before anything is written, from a frozen copy of the packet; the index cites, bookmarks,
links, stamps and page labels all read their numbers from it, so they always agree.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from packet.core.labels import exhibit_label
from packet.core.model import ExportSettings, Packet

COVER, INDEX, LEAD, SEPARATOR, EXHIBIT = "cover", "index", "lead", "separator", "exhibit"
GENERATED_KINDS = (COVER, INDEX, SEPARATOR)


@dataclass(frozen=True)
class PlanPage:
    kind: str
    item_id: str = ""  # the exhibit or lead document this page belongs to
    document: str = ""  # sha256, for source pages
    source_page: int = 0  # 1-based page of the document (or page image), for source pages
    rotation: int = 0  # the user's extra rotation, for source pages
    number: int | None = None  # page number; None for the unnumbered cover
    label: str = ""  # the page label, exactly the number the stamp shows
    stamp: str = ""  # the text stamped on the page
    index_page: int = 0  # for index pages: 0, 1, ...


@dataclass
class PlanEntry:
    """One lead document or exhibit, with where it sits in the output."""

    item_id: str
    role: str  # "lead" or "exhibit"
    label: str  # "C", or "" for lead documents
    title: str
    factors: list[str]
    separator: int | None  # 0-based output page index of its separator page
    first: int  # 0-based output page index of its first source page (-1 when it has none)
    last: int
    first_label: str = ""
    last_label: str = ""

    @property
    def cite(self) -> str:
        """'pp. 14-15', 'p. 14', or '' when the exhibit has no pages."""
        if self.first < 0:
            return ""
        if self.first == self.last:
            return f"p. {self.first_label}"
        return f"pp. {self.first_label}-{self.last_label}"


@dataclass
class Plan:
    packet: Packet  # the frozen snapshot this plan was made from
    pages: list[PlanPage] = field(default_factory=list)
    entries: list[PlanEntry] = field(default_factory=list)
    index_pages: int = 1

    @property
    def total(self) -> int:
        return len(self.pages)

    def entry(self, item_id: str) -> PlanEntry:
        for e in self.entries:
            if e.item_id == item_id:
                return e
        raise KeyError(item_id)

    def first_of(self, kind: str) -> int:
        for i, p in enumerate(self.pages):
            if p.kind == kind:
                return i
        return -1


def stamp_text(number: int, last_number: int, settings: ExportSettings) -> tuple[str, str]:
    """(label, stamp) for a page number: the label is exactly the number printed in the stamp."""
    if settings.bates_prefix:
        label = f"{settings.bates_prefix}{number:0{settings.bates_digits}d}"
        return label, label
    label = str(number)
    if settings.page_of_total:
        return label, f"Page {number} of {last_number}"
    return label, label


def snapshot(packet: Packet) -> Packet:
    """A deep copy: nothing the user does during an export changes what is exported."""
    return copy.deepcopy(packet)


def make_plan(packet: Packet, index_pages: int = 1) -> Plan:
    """Lay out the export: cover, index, lead documents, then each exhibit's separator and pages."""
    s = packet.settings
    plan = Plan(packet=packet, index_pages=max(1, index_pages))
    raw: list[PlanPage] = [PlanPage(COVER)]
    raw += [PlanPage(INDEX, index_page=i) for i in range(plan.index_pages)]
    spans: list[tuple[str, str, str, str, list[str], int | None, int, int]] = []
    for role, items in (("lead", packet.lead), ("exhibit", packet.exhibits)):
        for n, item in enumerate(items, start=1):
            doc = packet.documents[item.document]
            label = exhibit_label(n, s.label_style) if role == "exhibit" else ""
            sep = None
            if role == "exhibit" and s.separators:
                sep = len(raw)
                raw.append(PlanPage(SEPARATOR, item_id=item.id))
            first = len(raw)
            for p in item.page_numbers(doc.pages):
                raw.append(PlanPage(LEAD if role == "lead" else EXHIBIT, item_id=item.id, document=doc.sha256,
                                    source_page=p, rotation=item.rotation))
            last = len(raw) - 1
            if last < first:
                first = last = -1
            spans.append((item.id, role, label, item.title, list(item.factors), sep, first, last))
    first_number = s.start_number
    last_number = first_number + len(raw) - 2  # every page but the cover is numbered
    for i, page in enumerate(raw):
        if page.kind == COVER:
            plan.pages.append(page)
            continue
        number = first_number + i - 1
        label, stamp = stamp_text(number, last_number, s)
        plan.pages.append(PlanPage(page.kind, page.item_id, page.document, page.source_page, page.rotation,
                                   number, label, stamp, page.index_page))
    for item_id, role, label, title, factors, sep, first, last in spans:
        entry = PlanEntry(item_id, role, label, title, factors, sep, first, last)
        if first >= 0:
            entry.first_label = plan.pages[first].label
            entry.last_label = plan.pages[last].label
        plan.entries.append(entry)
    return plan


def page_label_ranges(plan: Plan) -> list[tuple[int, int, str, int | None]]:
    """PDF page-label ranges (first index, last index, prefix, start) that print exactly as the stamps.

    Decimal labels need one range; Bates labels with zero padding need a new range wherever the number of
    digits changes (LOPEZ-000009 -> LOPEZ-000010), since PDF labels cannot pad numbers themselves.
    A start of None means a label of the prefix alone (the cover).
    """
    s = plan.packet.settings
    ranges: list[tuple[int, int, str, int | None]] = []
    for i, page in enumerate(plan.pages):
        if page.number is None:
            ranges.append((i, i, "Cover", None))
            continue
        if s.bates_prefix:
            digits = len(str(page.number))
            pad = max(0, s.bates_digits - digits)
            prefix = s.bates_prefix + "0" * pad
        else:
            prefix = ""
        if ranges and ranges[-1][3] is not None and ranges[-1][2] == prefix and ranges[-1][1] == i - 1:
            first, _, pre, start = ranges[-1]
            ranges[-1] = (first, i, pre, start)
        else:
            ranges.append((i, i, prefix, page.number))
    return ranges
