"""Factor sections: when a packet's exhibits are grouped by discretion factor, which section each exhibit sits in
and in what order the sections come, so that tabs run A, B, C down the index and the pages follow in that order.

An exhibit sits in the section of its primary factor and is cited in the sections of its other factors. The
section order is the packet's own (`ExportSettings.factor_order`), else its template's (deferred action:
humanitarian first), else the order of resources/factors.json; factors an order leaves out follow in that file's
order, the equities before identity and procedural documents, and exhibits with no factor come last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from packet.core.factors import load_factors
from packet.core.i18n import N_
from packet.core.model import Exhibit, Packet, Slot

OTHER = ""  # the section of exhibits without a factor
OTHER_HEADING = N_("Other evidence")  # the filing draws it in English; the window and the CLI translate it


@dataclass(frozen=True)
class FactorSection:
    factor: str  # factor id, or OTHER
    heading: str
    exhibits: tuple[str, ...]  # ids of the exhibits placed here (their primary factor), in their order
    also_cited: tuple[str, ...] = ()  # ids placed in another section that support this factor too


def section_order(packet_order: Sequence[str] = (), template_order: Sequence[str] = ()) -> list[str]:
    """Every known factor id, in the order its section comes."""
    factors = load_factors()
    known = {f.id for f in factors}
    chosen = list(dict.fromkeys(f for f in (packet_order or template_order) if f in known))
    equities = [f.id for f in factors if f.kind == "factor" and f.id not in chosen]
    supporting = [f.id for f in factors if f.kind != "factor" and f.id not in chosen]
    return chosen + equities + supporting


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(f.id for f in load_factors())


def primary_factor(e: Exhibit, slots: Mapping[str, Slot]) -> str:
    """The factor an exhibit is filed under: the factor of the slot it fills, when it is tagged with that factor
    or with none; otherwise its first known tag; OTHER when it has none."""
    known = _known()
    slot = slots.get(e.slot)
    tags = [f for f in e.factors if f in known]
    if slot is not None and slot.factor in known and (slot.factor in tags or not tags):
        return slot.factor
    return tags[0] if tags else OTHER


def _factors_of(e: Exhibit, slots: Mapping[str, Slot]) -> list[str]:
    """Every known factor an exhibit supports: its tags and the factor of its slot."""
    known = _known()
    slot = slots.get(e.slot)
    extra = [slot.factor] if slot is not None and slot.factor in known else []
    return list(dict.fromkeys([*(f for f in e.factors if f in known), *extra]))


def factor_sections(packet: Packet, order: Sequence[str] | None = None) -> list[FactorSection]:
    """The exhibit sections in order, each with the exhibits placed in it (in packet order) and those cited there
    from other sections; sections with neither are left out. Lead documents are not lettered: not included.
    `order` defaults to the packet's own (`settings.factor_order`, which a template sets)."""
    if order is None:
        order = packet.settings.factor_order
    names = {f.id: f.name for f in load_factors()}
    slots = {s.id: s for s in packet.slots}
    placed: dict[str, list[str]] = {}
    cited: dict[str, list[str]] = {}
    for e in packet.exhibits:
        primary = primary_factor(e, slots)
        placed.setdefault(primary, []).append(e.id)
        for f in _factors_of(e, slots):
            if f != primary:
                cited.setdefault(f, []).append(e.id)
    out = []
    for fid in [*section_order(order), OTHER]:
        if fid in placed or fid in cited:
            out.append(FactorSection(fid, names.get(fid, OTHER_HEADING), tuple(placed.get(fid, ())),
                                     tuple(cited.get(fid, ()))))
    return out


def sorted_by_factor(packet: Packet, order: Sequence[str] | None = None) -> list[str]:
    """The exhibit ids in section order (stable inside a section): the order "Sort by factor" gives."""
    return [eid for s in factor_sections(packet, order) for eid in s.exhibits]


def is_sorted_by_factor(packet: Packet, order: Sequence[str] | None = None) -> bool:
    """Whether the exhibits already run section by section (tabs in order down a grouped index)."""
    return [e.id for e in packet.exhibits] == sorted_by_factor(packet, order)



def arrange(packet: Packet) -> None:
    """Keep a grouped packet's exhibits section by section (stable inside a section), so the list, the tabs and
    the grouped index always agree; an ungrouped packet keeps the order the user gave it. The actions that add,
    move or retag exhibits, or change the grouping or the section order, end with this."""
    if packet.settings.group_index_by_factor and not is_sorted_by_factor(packet):
        by_id = {e.id: e for e in packet.exhibits}
        packet.exhibits = [by_id[i] for i in sorted_by_factor(packet)]


def section_of(packet: Packet, exhibit: Exhibit) -> str:
    """The section an exhibit sits in: its primary factor (OTHER when it has none)."""
    return primary_factor(exhibit, {s.id: s for s in packet.slots})


def section_heading(factor: str) -> str:
    """The heading of a section: the factor's name, or "Other evidence"."""
    return next((f.name for f in load_factors() if f.id == factor), OTHER_HEADING)
