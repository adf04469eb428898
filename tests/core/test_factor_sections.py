"""Factor sections: exhibits sorted section by section so tabs run A, B, C down a grouped index; the order comes
from the packet or its template (deferred action: humanitarian first); a multi-factor exhibit sits in its primary
factor's section and is cited in the others."""

from __future__ import annotations

from packet.core.factor_sections import (
    OTHER,
    factor_sections,
    is_sorted_by_factor,
    primary_factor,
    section_order,
    sorted_by_factor,
)
from packet.core.factors import load_factors
from packet.core.labels import letter_label
from packet.core.model import Exhibit, Packet, Slot


def ex(eid: str, *factors: str, slot: str = "") -> Exhibit:
    return Exhibit(document="d" * 64, title=f"Exhibit {eid}", id=eid, factors=list(factors), slot=slot)


def opla_like() -> Packet:
    """The issue's OPLA packet: list order that scrambled the tabs of a grouped index (B, C, E, D, F, G, A)."""
    p = Packet(name="Lopez")
    p.exhibits = [ex("passport", "identity"), ex("school", "residence"), ex("lease", "residence"),
                  ex("kids", "family_ties"), ex("doctor", "medical", "caregiving"), ex("w2", "employment"),
                  ex("letters", "community"), ex("photo")]
    return p


def test_sorting_by_factor_makes_tabs_run_down_the_index():
    p = opla_like()
    assert not is_sorted_by_factor(p)
    order = sorted_by_factor(p)
    assert order == ["school", "lease", "kids", "doctor", "w2", "letters", "passport", "photo"]
    by_id = {e.id: e for e in p.exhibits}
    p.exhibits = [by_id[i] for i in order]
    assert is_sorted_by_factor(p)
    # the grouped index lists sections in order, and the tabs (list positions) now increase down it
    listed = [eid for s in factor_sections(p) for eid in s.exhibits]
    tabs = [letter_label([e.id for e in p.exhibits].index(eid) + 1) for eid in listed]
    assert tabs == sorted(tabs) == ["A", "B", "C", "D", "E", "F", "G", "H"]
    assert [s.factor for s in factor_sections(p)][-2:] == ["identity", OTHER]  # supporting, then other, last


def test_a_multi_factor_exhibit_sits_in_its_primary_section_and_is_cited_in_the_others():
    sections = {s.factor: s for s in factor_sections(opla_like())}
    assert sections["medical"].exhibits == ("doctor",)
    assert sections["caregiving"].exhibits == () and sections["caregiving"].also_cited == ("doctor",)


def test_the_slot_decides_the_primary_factor():
    slots = {"humanitarian": Slot("humanitarian", "Evidence of the circumstances", factor="humanitarian"),
             "identity": Slot("identity", "Identity", factor="identity")}
    assert primary_factor(ex("a", "medical", "humanitarian", slot="humanitarian"), slots) == "humanitarian"
    assert primary_factor(ex("b", slot="humanitarian"), slots) == "humanitarian"  # untagged: the slot's factor
    assert primary_factor(ex("c", "family_ties", slot="identity"), slots) == "family_ties"  # tags win otherwise
    assert primary_factor(ex("d", "no-such-factor"), slots) == OTHER


def test_deferred_action_order_puts_humanitarian_first_and_a_packet_can_change_it():
    p = Packet(name="x")
    p.exhibits = [ex("years", "residence"), ex("illness", "medical"), ex("age", "humanitarian")]
    p.settings.factor_order = ["humanitarian", "medical", "caregiving"]  # as the deferred-action template sets
    assert sorted_by_factor(p) == ["age", "illness", "years"]
    assert factor_sections(p)[0].factor == "humanitarian"
    assert sorted_by_factor(p, order=["residence"]) == ["years", "illness", "age"]  # another order for this packet
    assert sorted_by_factor(p, order=[]) == ["years", "illness", "age"]  # factors.json order


def test_section_order_names_every_factor_once_equities_first():
    ids = [f.id for f in load_factors()]
    order = section_order(["humanitarian", "unknown", "humanitarian", "identity"])
    assert order[0] == "humanitarian" and order[1] == "identity"
    assert sorted(order) == sorted(ids) and len(order) == len(ids)
    default = section_order()
    assert default[-2:] == ["identity", "procedural"]
    assert section_order((), ["medical"])[0] == "medical"  # the template's order when the packet has none


def test_sorting_is_stable_inside_a_section():
    p = Packet(name="x")
    p.exhibits = [ex("r2", "residence"), ex("k", "family_ties"), ex("r1", "residence")]
    assert sorted_by_factor(p) == ["r2", "r1", "k"]
