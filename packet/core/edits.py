"""User edits of a packet that can be undone, without Qt.

Each edit keeps a memento of the arranged part of the packet (lead documents, exhibits, cover, settings) before
and after; exhibits refer to documents by hash, so mementos are small. Documents themselves are never removed by
an edit: an undone import leaves its stored copy on disk, and importing it again brings it straight back.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Callable, Iterable

from packet.core.model import Exhibit, Packet
from packet.core.titles import check_title


# The parts of a packet a user edits; documents are only ever added, so they are not part of a memento.
EDITABLE = ("lead", "exhibits", "cover", "settings", "slots", "translator", "service", "profile", "template", "name")


@dataclass
class Memento:
    state: dict[str, object]

    @classmethod
    def take(cls, packet: Packet) -> Memento:
        return cls({k: copy.deepcopy(getattr(packet, k)) for k in EDITABLE})

    def restore(self, packet: Packet) -> None:
        for k, v in self.state.items():
            setattr(packet, k, copy.deepcopy(v))

    def same_as(self, other: Memento) -> bool:
        return self.state == other.state


@dataclass
class Edit:
    """One undoable user action: 'Move "Pay stubs" up', 'Tag 3 exhibits: Medical condition'."""

    text: str
    before: Memento
    after: Memento

    def apply(self, packet: Packet) -> None:
        self.after.restore(packet)

    def revert(self, packet: Packet) -> None:
        self.before.restore(packet)

    @classmethod
    def capture(cls, packet: Packet, text: str, change: Callable[[Packet], None]) -> Edit | None:
        """Run `change` on the packet and record it; None (and the packet untouched) when nothing changed."""
        before = Memento.take(packet)
        try:
            change(packet)
        except Exception:
            before.restore(packet)
            raise
        after = Memento.take(packet)
        if before.same_as(after):
            return None
        return cls(text, before, after)


# -- operations (each changes the packet in place; wrap them in Edit.capture) ---------------------------------

def _role_list(packet: Packet, exhibit_id: str) -> list[Exhibit]:
    for lst in (packet.lead, packet.exhibits):
        if any(e.id == exhibit_id for e in lst):
            return lst
    raise KeyError(f"no exhibit {exhibit_id} in the packet")


def move_items(packet: Packet, ids: Iterable[str], before_id: str | None, role: str | None = None) -> None:
    """Move exhibits (in their current order) to just before `before_id`, or to the end of `role`'s list.

    Items keep their role unless `role` ("lead" or "exhibit") says otherwise.
    """
    ids = [i for i in ids]
    moving = [e for e in packet.items() if e.id in set(ids)]
    if not moving:
        return
    for e in moving:
        _role_list(packet, e.id).remove(e)
    if before_id is not None and packet.find(before_id) is not None:
        target = _role_list(packet, before_id)
        if role is not None and target is not (packet.lead if role == "lead" else packet.exhibits):
            target = packet.lead if role == "lead" else packet.exhibits
            at = len(target)
        else:
            at = next(i for i, e in enumerate(target) if e.id == before_id)
    else:
        target = packet.lead if role == "lead" else packet.exhibits
        at = len(target)
    target[at:at] = moving


def shift_items(packet: Packet, ids: Iterable[str], delta: int) -> None:
    """Move the selected exhibits up (delta -1) or down (+1) by one place within their list, as a block."""
    wanted = set(ids)
    for lst in (packet.lead, packet.exhibits):
        positions = [i for i, e in enumerate(lst) if e.id in wanted]
        if not positions:
            continue
        if delta < 0 and positions[0] == 0 or delta > 0 and positions[-1] == len(lst) - 1:
            continue
        order = positions if delta < 0 else list(reversed(positions))
        for i in order:
            lst[i], lst[i + delta] = lst[i + delta], lst[i]


def remove_items(packet: Packet, ids: Iterable[str]) -> None:
    wanted = set(ids)
    packet.lead = [e for e in packet.lead if e.id not in wanted]
    packet.exhibits = [e for e in packet.exhibits if e.id not in wanted]


def set_role(packet: Packet, ids: Iterable[str], role: str) -> None:
    """Make the items lead documents (appended to the lead list) or exhibits (appended to the exhibits)."""
    move_items(packet, ids, None, role)


def update_exhibit(packet: Packet, exhibit_id: str, **fields: object) -> None:
    e = packet.find(exhibit_id)
    if e is None:
        raise KeyError(f"no exhibit {exhibit_id} in the packet")
    if "title" in fields:
        fields["title"] = check_title(str(fields["title"]))
    for k, v in fields.items():
        if not hasattr(e, k) or k in ("id", "document"):
            raise AttributeError(f"an exhibit has no editable field {k!r}")
        setattr(e, k, v)


def set_factor(packet: Packet, ids: Iterable[str], factor: str, on: bool) -> None:
    for i in ids:
        e = packet.find(i)
        if e is None:
            continue
        if on and factor not in e.factors:
            e.factors.append(factor)
        elif not on and factor in e.factors:
            e.factors.remove(factor)


def update_cover(packet: Packet, **fields: object) -> None:
    if "document_title" in fields:
        fields["document_title"] = check_title(str(fields["document_title"]), "The document title")
    for k, v in fields.items():
        if not hasattr(packet.cover, k):
            raise AttributeError(f"the cover sheet has no field {k!r}")
        setattr(packet.cover, k, v)
