"""Factor sections: sort the exhibits by factor, move exhibits into another section (which retags them), and the
order the sections come in (the template's, changed per packet).

A grouped packet keeps its exhibits section by section (`factor_sections.arrange`, which every action that could
disturb the order calls), so tabs run A, B, C down the grouped index and the pages follow in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from packet.core.actions.errors import ActionError
from packet.core.actions.items import EXHIBIT, item, move_items
from packet.core.factor_sections import OTHER, arrange, section_heading, section_of, section_order, sorted_by_factor
from packet.core.factors import factor_ids
from packet.core.i18n import _
from packet.core.model import Packet


def sort_by_factor(packet: Packet) -> None:
    """Put the exhibits in section order (the packet's section order; stable inside a section), grouped or not."""
    by_id = {e.id: e for e in packet.exhibits}
    packet.exhibits = [by_id[i] for i in sorted_by_factor(packet)]


def _factor(value: str) -> str:
    if value != OTHER and value not in factor_ids():
        raise ActionError(_("section"), value, _("use a factor id ({ids}), or '' for other evidence").format(
            ids=", ".join(factor_ids())))
    return value


def move_to_section(packet: Packet, ids: Iterable[str], factor: str, before_id: str | None = None) -> None:
    """Move items into the section of `factor` (just before `before_id`, or at the section's end) and retag them:
    the factor of the section they leave is replaced by `factor`, which becomes their primary factor; their other
    factors stay (they are still cited in those sections). Lead documents moved here become exhibits. `factor`
    OTHER ("") clears their factors; an item that fills a template slot with a factor cannot go there."""
    target = _factor(factor)
    moving = [item(packet, i) for i in dict.fromkeys(ids)]
    if not moving:
        return
    slots = {s.id: s for s in packet.slots}
    for e in moving:
        slot = slots.get(e.slot)
        if target == OTHER and slot is not None and slot.factor:
            raise ActionError(_("section"), _(section_heading(OTHER)),
                              _("{title!r} fills the slot {slot!r}, evidence of {factor}; choose another slot for it "
                                "first").format(title=e.title, slot=_(slot.title),
                                                factor=_(section_heading(slot.factor))))
    exhibits = {e.id for e in packet.exhibits}
    for e in moving:
        old = section_of(packet, e) if e.id in exhibits else None  # lead documents sit in no section
        if target == OTHER:
            e.factors = []
            continue
        e.factors = [target, *(f for f in e.factors if f not in (target, old))]
    at_end = before_id is None or before_id not in {e.id for e in packet.exhibits} or before_id in {
        e.id for e in moving}
    if at_end:
        # the end of the section: before the first exhibit of a later section, after its own
        arrange(packet)
        order = [*section_order(packet.settings.factor_order), OTHER]
        rank = {f: n for n, f in enumerate(order)}
        moving_ids = {e.id for e in moving}
        later = next((e.id for e in packet.exhibits if e.id not in moving_ids
                      and rank.get(section_of(packet, e), len(order)) > rank[target]), None)
        before_id = later
    move_items(packet, [e.id for e in moving], before_id, EXHIBIT)
    arrange(packet)


def checked_order(values: Sequence[str]) -> list[str]:
    """Factor ids for a section order: known ones, each once (blanks skipped)."""
    known = factor_ids()
    out: list[str] = []
    for v in values:
        v = v.strip()
        if not v:
            continue
        if v not in known:
            raise ActionError("factor_order", v, _("use factor ids: {ids}").format(ids=", ".join(known)))
        if v in out:
            raise ActionError("factor_order", v, _("name each factor once"))
        out.append(v)
    return out


def set_factor_order(packet: Packet, order: Sequence[str]) -> None:
    """The order of the factor sections for this packet (factors left out follow in factors.json order); [] goes
    back to factors.json order. A grouped packet's exhibits follow at once."""
    packet.settings.factor_order = checked_order(order)
    arrange(packet)


def move_section(packet: Packet, factor: str, delta: int) -> None:
    """Move one section up (-1) or down (+1) in the packet's section order."""
    if delta not in (-1, 1):
        raise ActionError(_("move by"), delta, _("use -1 (up) or 1 (down)"))
    if factor not in factor_ids():
        raise ActionError(_("section"), factor, _("use a factor id: {ids}").format(ids=", ".join(factor_ids())))

    order = section_order(packet.settings.factor_order)
    i = order.index(factor)
    j = i + delta
    if not 0 <= j < len(order):
        return
    order[i], order[j] = order[j], order[i]
    packet.settings.factor_order = order
    arrange(packet)
