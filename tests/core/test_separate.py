"""Which items are filed as their own PDF, and what their files are called (core/separate.py), and the action that
marks them; without Qt or disk."""

from __future__ import annotations

import pytest

from packet.core import actions
from packet.core.model import Document, Exhibit, Packet, Slot
from packet.core.plan import make_plan
from packet.core.profiles import Profile
from packet.core.separate import form_name, separate_ids, separate_names, separate_plan

from .test_actions import refused

SHA = {k: k * 64 for k in "abc"}
ECAS = Profile("eoir-ecas", "ECAS", file_separately=("eoir28",))


@pytest.fixture
def packet() -> Packet:
    p = Packet(name="Lopez")
    for k in "abc":
        p.documents[SHA[k]] = Document(SHA[k], f"{k}.pdf", f"documents/{SHA[k]}.pdf", "pdf", "PDF", 10, 2)
    p.slots = [Slot("eoir28", "Form EOIR-28, notice of appearance", section="lead"),
               Slot("eoir33", "Change of address (Form EOIR-33/IC)", section="lead", file_separately=True)]
    p.lead = [Exhibit(SHA["a"], "Motion", id="m"), Exhibit(SHA["b"], "Notice of appearance", id="n", slot="eoir28")]
    p.exhibits = [Exhibit(SHA["c"], "Proposed order — Núñez", id="o")]
    return p


def test_the_users_choice_wins_over_slot_and_profile(packet):
    assert separate_ids(packet, None) == ()  # the eoir28 slot here does not say so itself
    assert separate_ids(packet, ECAS) == ("n",)  # the profile does
    actions.set_file_separately(packet, ["n"], False)
    assert separate_ids(packet, ECAS) == ()
    actions.set_file_separately(packet, ["n", "o"], True)
    assert separate_ids(packet, None) == ("n", "o")
    actions.set_file_separately(packet, ["n"], None)
    assert separate_ids(packet, None) == ("o",) and separate_ids(packet, ECAS) == ("n", "o")
    packet.lead[0].slot = "eoir33"  # a slot marked file_separately needs no profile
    assert separate_ids(packet, None) == ("m", "o")


def test_files_are_named_by_the_form_number_else_the_title(packet):
    assert form_name(packet, packet.lead[1]) == "EOIR-28"  # from its slot's title
    assert form_name(packet, packet.exhibits[0]) == "Proposed-order-Nunez"
    packet.lead[0].slot = "eoir33"
    assert form_name(packet, packet.lead[0]) == "EOIR-33"
    packet.exhibits[0].title = "Form I-246 (copy)"
    packet.exhibits[0].slot = ""
    assert form_name(packet, packet.exhibits[0]) == "I-246"
    packet.exhibits[0].title = "Second notice, EOIR-28"
    assert separate_names(packet, ("n", "o")) == {"n": "EOIR-28", "o": "EOIR-28_2"}


def test_the_packets_plan_leaves_them_out_and_their_own_plan_is_unnumbered(packet):
    plan = make_plan(packet, separate=("n",))
    assert "n" not in {p.item_id for p in plan.pages} and plan.separate == [("n", "Notice of appearance")]
    assert [e.item_id for e in plan.entries] == ["m", "o"] and plan.entries[1].label == "A"
    alone = separate_plan(packet, "n")
    assert [(p.source_page, p.number, p.stamp) for p in alone.pages] == [(1, None, ""), (2, None, "")]
    assert alone.packet.cover.document_title == "Notice of appearance"
    assert packet.cover.document_title != "Notice of appearance"  # a frozen copy was retitled, not the packet


def test_marking_an_unknown_item_is_refused_and_changes_nothing(packet):
    refused(lambda p: actions.set_file_separately(p, ["n", "zz"], True), packet, "zz", "no such")
