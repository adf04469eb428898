"""User edits of a packet that can be undone, without Qt.

The edits themselves are the actions in packet/core/actions; `Edit.capture` runs one and keeps a memento of the
arranged part of the packet (lead documents, exhibits, cover, settings) before and after it. Exhibits refer to
documents by hash, so mementos are small. Documents themselves are never removed by
an edit: an undone import leaves its stored copy on disk, and importing it again brings it straight back.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

from packet.core.model import Packet

# The parts of a packet a user edits; documents are only ever added, so they are not part of a memento.
EDITABLE = ("lead", "exhibits", "cover", "settings", "slots", "translator", "service", "summary", "profile", "template",
            "name")


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
    def capture(cls, packet: Packet, text: str, change: Callable[[Packet], object]) -> Edit | None:
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
