"""The plan of one export: every output page, where it comes from, and the number it carries.

The plan is computed before anything is written, from a frozen copy of the packet; the index cites, bookmarks,
links, stamps and page labels all read their numbers from it, so they always agree.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from packet.core.factor_sections import sorted_by_factor
from packet.core.geometry import stamp_side
from packet.core.labels import exhibit_label
from packet.core.model import Exhibit, ExportSettings, Packet

COVER, INDEX, LEAD, SEPARATOR, EXHIBIT = "cover", "index", "lead", "separator", "exhibit"
SUMMARY, TRANSLATION, CERT_TRANSLATION, CERT_SERVICE, SLIP = (
    "summary", "translation", "certificate-of-translation", "certificate-of-service", "slip")
GENERATED_KINDS = (COVER, INDEX, SUMMARY, SEPARATOR, CERT_TRANSLATION, CERT_SERVICE, SLIP)
SOURCE_KINDS = (LEAD, EXHIBIT, TRANSLATION)
UNNUMBERED = (COVER, SLIP)


@dataclass(frozen=True)
class PlanPage:
    kind: str
    item_id: str = ""  # the exhibit or lead document this page belongs to
    document: str = ""  # sha256, for source pages
    source_page: int = 0  # 1-based page of the document (or page image), for source pages
    rotation: int = 0  # the user's extra clockwise turn (the exhibit's and the page's), for source pages
    number: int | None = None  # page number; None for the unnumbered cover
    label: str = ""  # the page label, exactly the number the stamp shows
    stamp: str = ""  # the text stamped on the page
    index_page: int = 0  # for index and summary pages: 0, 1, ...
    part: int = 1  # which output file holds the page, when the packet is split
    # How a source page wider than tall is fitted: "rotate" (turned onto the portrait page, for landscape
    # documents) or "shrink" (kept level, smaller). Photos, and pages the user turned, are "shrink": they come
    # out as the window shows them; other PDF pages follow the packet's landscape setting. The engine reads this.
    landscape: str = ""
    clear_band: bool = False  # a source page with its own text where the stamp goes: placed in a smaller area


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
    part: int = 1  # the part holding its first page
    translation: tuple[int, int] | None = None  # output page indexes of its English translation
    certificate: int | None = None  # output page index of its certificate of translation

    @property
    def cite(self) -> str:
        """'pp. 14-15', 'p. 14', or '' when the exhibit has no pages."""
        if self.first < 0:
            return ""
        if self.first == self.last:
            return f"p. {self.first_label}"
        if "-" in self.first_label or not self.first_label.isdigit():  # Bates numbers: keep each one whole
            return f"pp. {self.first_label} – {self.last_label}"
        return f"pp. {self.first_label}-{self.last_label}"


@dataclass
class Plan:
    packet: Packet  # the frozen snapshot this plan was made from
    pages: list[PlanPage] = field(default_factory=list)
    entries: list[PlanEntry] = field(default_factory=list)
    index_pages: int = 1
    summary_pages: int = 0
    parts: int = 1
    separate: list[tuple[str, str]] = field(default_factory=list)  # (item id, title) filed as their own PDF

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

    def part_range(self, part: int) -> range:
        """Output page indexes of one part (1-based), in order."""
        idx = [i for i, p in enumerate(self.pages) if p.part == part]
        return range(idx[0], idx[-1] + 1) if idx else range(0)


def stamp_text(number: int, last_number: int, settings: ExportSettings) -> tuple[str, str]:
    """(label, stamp) for a page number: the label is exactly the number printed in the stamp."""
    if settings.bates_prefix:
        label = f"{settings.bates_prefix}{number:0{settings.bates_digits}d}"
        return label, label
    label = str(number)
    if settings.page_of_total:
        return label, f"Page {number} of {last_number}"
    return label, label


def fit_landscape(packet: Packet, document: str, turn: int = 0) -> str:
    """How a page of `document` wider than tall goes on the portrait page (see PlanPage.landscape): a photo, or a
    page the user turned, as it is shown; any other page as the packet's landscape setting says."""
    doc = packet.documents.get(document)
    if doc is not None and doc.kind == "image" or turn % 360:
        return "shrink"
    return packet.settings.landscape


def lettered(packet: Packet) -> list[Exhibit]:
    """The exhibits in the order they get their tabs: the list's order, section by section when the index is
    grouped by factor (the actions keep a grouped list so; this only matters for a packet edited by hand or by
    an older Packet, which the readiness check warns about)."""
    if not packet.settings.group_index_by_factor:
        return list(packet.exhibits)
    by_id = {e.id: e for e in packet.exhibits}
    return [by_id[i] for i in sorted_by_factor(packet)]


def snapshot(packet: Packet) -> Packet:
    """A deep copy: nothing the user does during an export changes what is exported."""
    return copy.deepcopy(packet)


def make_plan(
    packet: Packet, index_pages: int = 1, summary_pages: int | None = None, breaks: tuple[int, ...] = (),
    band_text: Mapping[str, Mapping[int, Collection[str]]] | None = None, separate: Collection[str] = (),
) -> Plan:
    """Lay out the export: cover, index, summary of equities, lead documents, then each exhibit's separator, pages,
    translation and certificate of translation, then the certificate of service.

    `breaks` say where a new output file starts, counted in pages after the front matter (cover, index and
    summary); each later part begins with an unnumbered slip page, so numbering runs on across parts.
    `separate` names the items filed as their own PDF (core/separate.py): they get no pages or numbers here and
    are listed in `plan.separate`, for the index.
    `band_text` (document sha256 -> 1-based page -> the sides of the page, as it shows, with text of its own
    near the edge, as `store.band_text` measures them) marks the pages whose text would sit by the stamp
    `clear_band`, for the assembler's smaller content area (`geometry.content_area(..., clear_band=True)`).
    """
    band_text = band_text or {}

    def banded(sha: str, page: int, turn: int) -> bool:
        return stamp_side(s.stamp_position, turn) in band_text.get(sha, {}).get(page, ())
    s = packet.settings
    if summary_pages is None:
        summary_pages = 1 if s.summary_of_equities else 0
    plan = Plan(packet=packet, index_pages=max(1, index_pages),
                summary_pages=summary_pages if s.summary_of_equities else 0)
    raw: list[PlanPage] = [PlanPage(COVER)]
    raw += [PlanPage(INDEX, index_page=i) for i in range(plan.index_pages)]
    raw += [PlanPage(SUMMARY, index_page=i) for i in range(plan.summary_pages)]
    spans: list[dict[str, Any]] = []
    apart = set(separate)
    plan.separate = [(e.id, e.title) for e in packet.items() if e.id in apart]
    for role, every in (("lead", packet.lead), ("exhibit", lettered(packet))):
        items = [e for e in every if e.id not in apart]
        for n, item in enumerate(items, start=1):
            span: dict[str, Any] = {"item": item, "role": role, "sep": None, "translation": None, "certificate": None,
                          "label": exhibit_label(n, s.label_style) if role == "exhibit" else ""}
            if role == "exhibit" and s.separators:
                span["sep"] = len(raw)
                raw.append(PlanPage(SEPARATOR, item_id=item.id))
            first = len(raw)
            for ref in item.kept(packet.documents):
                turn = (item.rotation + ref.rotate) % 360
                raw.append(PlanPage(LEAD if role == "lead" else EXHIBIT, item_id=item.id, document=ref.document,
                                    source_page=ref.page, rotation=turn,
                                    landscape=fit_landscape(packet, ref.document, turn),
                                    clear_band=banded(ref.document, ref.page, turn)))
            tdoc = packet.documents.get(item.translation) if item.translation else None
            if tdoc is not None:
                t0 = len(raw)
                for p in range(1, tdoc.pages + 1):
                    raw.append(PlanPage(TRANSLATION, item_id=item.id, document=tdoc.sha256, source_page=p,
                                        landscape=fit_landscape(packet, tdoc.sha256),
                                        clear_band=banded(tdoc.sha256, p, 0)))
                span["translation"] = (t0, len(raw) - 1)
                span["certificate"] = len(raw)
                raw.append(PlanPage(CERT_TRANSLATION, item_id=item.id))
            last = len(raw) - 1
            span["first"], span["last"] = (first, last) if last >= first else (-1, -1)
            spans.append(span)
    if s.certificate_of_service:
        raw.append(PlanPage(CERT_SERVICE))
    # Part slips go in before each break. Breaks count from the end of the front matter (cover, index, summary),
    # so they stay on the same exhibit page when the index grows a page. `shift` maps raw to final positions.
    front = 1 + plan.index_pages + plan.summary_pages
    cuts = sorted({front + b for b in breaks if 0 < front + b < len(raw) and b >= 0})
    final: list[PlanPage] = []
    shift: list[int] = []
    part = 1
    for i, page in enumerate(raw):
        if i in cuts:
            part += 1
            final.append(PlanPage(SLIP, part=part))
        shift.append(len(final))
        final.append(page)
    plan.parts = part
    numbered = sum(1 for p in final if p.kind not in UNNUMBERED)
    first_number = s.start_number
    last_number = first_number + numbered - 1
    number = first_number
    part = 1
    for page in final:
        if page.kind == SLIP:
            part = page.part
            plan.pages.append(page)
            continue
        if page.kind == COVER:
            plan.pages.append(page)
            continue
        label, stamp = stamp_text(number, last_number, s)
        plan.pages.append(replace(page, number=number, label=label, stamp=stamp, part=part))
        number += 1
    for span in spans:
        item = span["item"]
        first = shift[span["first"]] if span["first"] >= 0 else -1
        last = shift[span["last"]] if span["last"] >= 0 else -1
        sep = shift[span["sep"]] if span["sep"] is not None else None
        entry = PlanEntry(item.id, span["role"], span["label"], item.title, list(item.factors), sep, first, last)
        if first >= 0:
            entry.first_label = plan.pages[first].label
            entry.last_label = plan.pages[last].label
        start = sep if sep is not None else first
        entry.part = plan.pages[start].part if start is not None and start >= 0 else 1
        if span["translation"]:
            entry.translation = (shift[span["translation"][0]], shift[span["translation"][1]])
            entry.certificate = shift[span["certificate"]]
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
    if all(page.number is None for page in plan.pages):  # a separate filing: no numbers, no labels
        return ranges
    for i, page in enumerate(plan.pages):
        if page.number is None:
            ranges.append((i, i, "Cover" if page.kind == COVER else f"Part {page.part}", None))
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
