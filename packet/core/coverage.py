"""Coverage: which discretion factors the packet has evidence for, and which expected-evidence slots are filled.

Used by the window's factor panel, `packet list` and `packet check`. A slot is filled when at least one lead
document or exhibit says it fills it (`Exhibit.slot`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from packet.core.factors import load_factors
from packet.core.model import Exhibit, Packet, Slot


def _pages(packet: Packet, e: Exhibit) -> int:
    return len(e.kept(packet.documents))


def factor_coverage(packet: Packet) -> dict[str, tuple[list[str], int]]:
    """factor id -> (ids of the lead documents and exhibits tagged with it, their source pages), for every known
    factor (empty ones too, in the order of resources/factors.json), then any unknown tags found on exhibits."""
    out: dict[str, tuple[list[str], int]] = {f.id: ([], 0) for f in load_factors()}
    for e in packet.items():
        pages = _pages(packet, e)
        for f in dict.fromkeys(e.factors):  # a tag listed twice counts once
            ids, n = out.setdefault(f, ([], 0))
            ids.append(e.id)
            out[f] = (ids, n + pages)
    return out


def slot_status(packet: Packet) -> list[tuple[Slot, list[str]]]:
    """Each template slot, in order, with the ids of the items that fill it (empty list: not filled)."""
    filled: dict[str, list[str]] = {s.id: [] for s in packet.slots}
    for e in packet.items():
        if e.slot in filled:
            filled[e.slot].append(e.id)
    return [(s, filled[s.id]) for s in packet.slots]


def slot_for(packet: Packet, exhibit: Exhibit) -> Slot | None:
    """The obvious empty slot for an item that fills none: of its section (lead documents or exhibits), one whose
    factor the item is tagged with (for a lead document, also one with no factor: the request letter), required
    ones first. None when there is no such slot; only ever offered to the user, never filled by itself."""
    if exhibit.slot or packet.find(exhibit.id) is None:
        return None
    section = "lead" if any(e.id == exhibit.id for e in packet.lead) else "exhibits"
    empty = [s for s, ids in slot_status(packet) if not ids and s.section == section]
    fitting = [s for s in empty if s.factor and s.factor in exhibit.factors]
    if section == "lead":
        fitting += [s for s in empty if not s.factor]
    fitting.sort(key=lambda s: not s.required)  # stable: the template's order within each group
    return fitting[0] if fitting else None


def candidates_for(packet: Packet, slot: Slot) -> list[Exhibit]:
    """The items that could fill a slot, likeliest first: of its section and tagged with its factor, then the rest
    of its section, then everything else."""
    def rank(e: Exhibit) -> tuple[int, int]:
        lead = any(x.id == e.id for x in packet.lead)
        same_section = (slot.section == "lead") == lead
        return (0 if same_section and slot.factor and slot.factor in e.factors else 1 if same_section else 2,
                0 if not e.slot else 1)
    return sorted(packet.items(), key=rank)


def missing_required(packet: Packet) -> list[Slot]:
    """Required slots no item fills yet."""
    return [s for s, ids in slot_status(packet) if s.required and not ids]


def missing_cover_fields(packet: Packet, required: Iterable[str]) -> list[str]:
    """Of the cover fields a template requires (`Template.cover_require`), those still empty. "respondents" needs
    at least one respondent with a name; "detained" is a yes/no and is never missing."""
    out = []
    for name in required:
        if name == "respondents":
            if not any(r.name.strip() for r in packet.cover.respondents):
                out.append(name)
        elif name != "detained" and not str(getattr(packet.cover, name, "") or "").strip():
            out.append(name)
    return out


def _where(packet: Packet, e: Exhibit) -> str:
    label = packet.label_of(e)
    return f"Tab {label}" if label else "Lead"


def coverage_json(packet: Packet) -> dict[str, Any]:
    """Coverage as plain data: {"factors": {id: {...}}, "slots": [{...}]} (for `packet list --json`, checks)."""
    factors: dict[str, Any] = {}
    names = {f.id: f.name for f in load_factors()}
    for fid, (ids, pages) in factor_coverage(packet).items():
        items = [packet.find(i) for i in ids]
        factors[fid] = {
            "name": names.get(fid, fid),
            "exhibits": ids,
            "labels": [packet.label_of(e) for e in items if e is not None and packet.label_of(e)],
            "count": len(ids),
            "pages": pages,
        }
    slots = []
    for slot, ids in slot_status(packet):
        items = [packet.find(i) for i in ids]
        slots.append({
            "id": slot.id, "title": slot.title, "factor": slot.factor, "required": slot.required,
            "section": slot.section, "hint": slot.hint, "filled": bool(ids), "exhibits": ids,
            "where": [_where(packet, e) for e in items if e is not None],
        })
    return {"factors": factors, "slots": slots}
