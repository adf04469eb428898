"""Family packets: packets for members of one family that share exhibits, stored once.

Each member's packet is its own packet (own cover, respondent and A-number, own identity documents, own export).
A shared exhibit is one exhibit in the family's shared store (store/family.py): its document is stored there once,
and its content fields (title, page selection, rotation, date, notes, language, translation: everything but the
per-packet fields below) are kept in the store's family.json, so an edit made in one member's packet shows in every
member's. Each member keeps, per packet, where the exhibit sits in its list, its factor tags, the template slot it
fills and whether it is filed separately.

This module is the pure part: which fields are shared, the new member's packet, and the three-way sync of the
shared fields (what this packet changed since it last read the store goes into the store; what others changed comes
into the packet).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from packet.core.model import Document, Exhibit, FamilyLink, Packet, Respondent, new_id

FAMILY_SUFFIX = ".family"
# Exhibit fields each member keeps for itself; every other Exhibit field is the shared exhibit's own.
PER_PACKET = ("id", "factors", "slot", "file_separately", "shared")
SHARED_FIELDS = tuple(f.name for f in fields(Exhibit) if f.name not in PER_PACKET)
# Kept out of a new member's packet by default: who the person is is their own (their passport, birth certificate).
OWN_FACTORS = ("identity",)

Shared = dict[str, dict[str, Any]]  # shared id -> the shared fields

__all__ = ["FAMILY_SUFFIX", "OWN_FACTORS", "PER_PACKET", "SHARED_FIELDS", "FamilyLink", "Shared", "changes",
           "default_shared", "documents_of", "member_packet", "overlay", "share", "shared_fields", "shared_of", "shared_of_body"]


def documents_of(values: Mapping[str, Any]) -> list[str]:
    """The documents an exhibit's fields (`Exhibit.to_dict()`, or a shared exhibit's fields in family.json) name:
    its own, those its page selection takes pages from (an exhibit merged from several documents), its
    translation; each once, in that order."""
    selection = values.get("selection") or []
    named = [values.get("document"), *(r.get("document") for r in selection if isinstance(r, dict)),
             values.get("translation")]
    out: list[str] = []
    for sha in named:
        if isinstance(sha, str) and sha and sha not in out:
            out.append(sha)
    return out


def shared_fields(exhibit: Exhibit) -> dict[str, Any]:
    data = exhibit.to_dict()
    return {k: copy.deepcopy(data[k]) for k in SHARED_FIELDS}


def shared_of(packet: Packet) -> Shared:
    """The shared fields of every shared exhibit in the packet, by shared id."""
    return {e.shared: shared_fields(e) for e in packet.items() if e.shared}


def shared_of_body(body: dict[str, Any]) -> Shared:
    """The same, read from a packet.json body (what a save writes), without building a Packet."""
    out: Shared = {}
    for role in ("lead", "exhibits"):
        for e in body.get(role) or []:
            if isinstance(e, dict) and e.get("shared"):
                out[str(e["shared"])] = {k: copy.deepcopy(e.get(k)) for k in SHARED_FIELDS if k in e}
    return out


def changes(mine: Shared, base: Shared) -> Shared:
    """The fields this packet changed since `base` (what it last read or wrote); new shared exhibits whole."""
    out: Shared = {}
    for sid, values in mine.items():
        before = base.get(sid)
        if before is None:
            out[sid] = dict(values)
            continue
        changed = {k: v for k, v in values.items() if before.get(k) != v}
        if changed:
            out[sid] = changed
    return out


def overlay(packet: Packet, store: Shared) -> bool:
    """Take the store's shared fields into the packet's shared exhibits (the store is the truth for them); True
    when something changed. A shared exhibit the store does not know keeps the packet's own copy."""
    changed = False
    for e in packet.items():
        values = store.get(e.shared) if e.shared else None
        if not values:
            continue
        fresh = Exhibit.from_dict({**e.to_dict(), **values})
        for k in SHARED_FIELDS:
            if getattr(e, k) != getattr(fresh, k):
                setattr(e, k, getattr(fresh, k))
                changed = True
    return changed


def share(packet: Packet, item_ids: list[str]) -> dict[str, str]:
    """Give each item a shared id (keeping one it has): item id -> shared id."""
    out: dict[str, str] = {}
    for item_id in item_ids:
        e = packet.find(item_id)
        if e is None:
            raise KeyError(item_id)
        if not e.shared:
            e.shared = new_id()
        out[item_id] = e.shared
    return out


def default_shared(packet: Packet) -> list[str]:
    """The items a new member's packet shares unless the user chooses: every exhibit not about who the person is
    (identity documents are each person's own), and no lead documents (each person's request is their own)."""
    return [e.id for e in packet.exhibits if not set(e.factors) & set(OWN_FACTORS)]


def member_packet(source: Packet, name: str, item_ids: list[str], respondent: Respondent,
                  documents: dict[str, Document]) -> Packet:
    """The new member's packet: the source's template shape, settings, filer and case details, the new person as
    the only respondent, and the chosen (already shared) items, in the source's order, with the shared documents
    (`documents`, their paths as the new member reads them)."""
    p = Packet(name=name)
    p.template, p.profile = source.template, source.profile
    p.slots = copy.deepcopy(source.slots)
    p.settings = copy.deepcopy(source.settings)
    p.cover = copy.deepcopy(source.cover)
    p.cover.respondents = [respondent] if respondent.name or respondent.a_number else []
    p.cover.passport_expiry = ""  # the person's own passport
    p.translator = copy.deepcopy(source.translator)
    p.service = copy.deepcopy(source.service)
    p.family = copy.deepcopy(source.family)
    wanted = set(item_ids)
    for role in ("lead", "exhibits"):
        for e in getattr(source, role):
            if e.id not in wanted:
                continue
            if not e.shared:
                raise ValueError(f"{e.title!r} is not shared yet")
            copied = Exhibit.from_dict({**e.to_dict(), "id": new_id()})
            getattr(p, role).append(copied)
            for sha in documents_of(copied.to_dict()):
                p.documents[sha] = copy.deepcopy(documents[sha])
    return p
