"""The actions of issue 12, without Qt: factor sections (sort, move into a section, section order, a grouped list
kept in section order by every action), the summary's own words, the new cover fields and the default Bates
prefix. Each changes the packet as asked or refuses and leaves it exactly as it was; each is one undoable edit."""

from __future__ import annotations

import pytest

from packet.core import actions
from packet.core.edits import Edit
from packet.core.factor_sections import OTHER, is_sorted_by_factor, section_of
from packet.core.model import Document, Exhibit, Packet, Respondent, Slot

from .test_actions import refused

SHA = {k: k * 64 for k in "abcdefgh"}


def doc(key: str) -> Document:
    return Document(SHA[key], f"{key}.pdf", f"documents/{SHA[key]}.pdf", "pdf", "PDF", 100, 1)


@pytest.fixture
def packet() -> Packet:
    """Lead document L; exhibits added as they come: residence (r1), medical + caregiving (m), residence (r2)."""
    p = Packet(name="Lopez")
    for k in "abcde":
        p.documents[SHA[k]] = doc(k)
    p.lead = [Exhibit(SHA["a"], "Request letter", id="L")]
    p.exhibits = [Exhibit(SHA["b"], "School records", id="r1", factors=["residence"]),
                  Exhibit(SHA["c"], "Doctor's letter", id="m", factors=["medical", "caregiving"]),
                  Exhibit(SHA["d"], "Lease", id="r2", factors=["residence"])]
    p.slots = [Slot("doctor", "Treating doctor's letter", factor="medical")]
    return p


def ids(p: Packet) -> list[str]:
    return [e.id for e in p.exhibits]


def test_sort_by_factor_is_one_undoable_edit(packet):
    edit = Edit.capture(packet, "Sort by factor", actions.sort_by_factor)
    assert edit is not None and ids(packet) == ["r1", "r2", "m"]
    edit.revert(packet)
    assert ids(packet) == ["r1", "m", "r2"]
    packet.exhibits = [packet.exhibits[0], packet.exhibits[2], packet.exhibits[1]]
    assert Edit.capture(packet, "Sort by factor", actions.sort_by_factor) is None  # already sorted: no step


def test_a_grouped_list_stays_in_section_order(packet):
    actions.set_export_settings(packet, group_index_by_factor=True)  # turning grouping on arranges at once
    assert ids(packet) == ["r1", "r2", "m"]
    actions.add_item(packet, doc("e"), title="Rent receipts", factors=["residence"])
    assert ids(packet)[:3] == ["r1", "r2", packet.exhibits[2].id] and ids(packet)[-1] == "m"
    actions.tag(packet, ["r1"], "medical")  # a second factor: it stays in its section, cited in the other
    assert section_of(packet, packet.exhibits[0]) == "residence"
    actions.untag(packet, ["r1"], "residence")  # its primary factor gone: it moves to medical (list order kept)
    assert ids(packet)[-2:] == ["r1", "m"] and section_of(packet, packet.find("r1")) == "medical"
    actions.fill_slot(packet, "r2", "doctor")  # the slot's factor wins when it is tagged
    assert section_of(packet, packet.find("r2")) == "medical"
    assert is_sorted_by_factor(packet)
    # Ctrl+Down on the last exhibit of a section does not take it out of its section
    last_residence = next(e.id for e in reversed(packet.exhibits) if section_of(packet, e) == "residence")
    before = ids(packet)
    actions.shift_items(packet, [last_residence], 1)
    assert ids(packet) == before


def test_moving_into_another_section_retags_the_primary_factor(packet):
    actions.set_export_settings(packet, group_index_by_factor=True)
    edit = Edit.capture(packet, "Move to Medical", lambda p: actions.move_to_section(p, ["r2"], "medical"))
    assert edit is not None
    e = packet.find("r2")
    assert e.factors == ["medical"] and section_of(packet, e) == "medical"
    assert ids(packet) == ["r1", "m", "r2"]  # at the end of its new section
    actions.move_to_section(packet, ["m"], "residence", before_id="r1")  # first in the section
    assert ids(packet)[0] == "m" and packet.find("m").factors == ["residence", "caregiving"]  # still cited there
    edit.revert(packet)
    assert packet.find("r2").factors == ["residence"] and ids(packet) == ["r1", "r2", "m"]


def test_a_lead_document_moved_into_a_section_becomes_an_exhibit(packet):
    actions.set_export_settings(packet, group_index_by_factor=True)
    actions.move_to_section(packet, ["L"], "residence", before_id="m")
    assert packet.lead == [] and ids(packet) == ["r1", "r2", "L", "m"]
    assert packet.find("L").factors == ["residence"]


def test_moving_to_other_evidence(packet):
    actions.move_to_section(packet, ["r1"], OTHER)
    assert packet.find("r1").factors == [] and ids(packet)[-1] == "r1"
    actions.fill_slot(packet, "m", "doctor")
    refused(lambda p: actions.move_to_section(p, ["m"], OTHER), packet, "fills the slot", "choose another slot")
    refused(lambda p: actions.move_to_section(p, ["m"], "astrology"), packet, "section", "'astrology'")


def test_section_order_per_packet(packet):
    actions.set_export_settings(packet, group_index_by_factor=True)
    actions.set_factor_order(packet, ["medical", "residence"])
    assert ids(packet) == ["m", "r1", "r2"]
    actions.move_section(packet, "medical", 1)
    assert packet.settings.factor_order[:2] == ["residence", "medical"] and ids(packet) == ["r1", "r2", "m"]
    refused(lambda p: actions.set_factor_order(p, ["medical", "medical"]), packet, "name each factor once")
    refused(lambda p: actions.set_factor_order(p, ["zodiac"]), packet, "factor_order", "'zodiac'")
    refused(lambda p: actions.move_section(p, "medical", 2), packet, "-1 (up) or 1 (down)")
    actions.set_values(packet, [("factor_order", "medical, residence")])
    assert packet.settings.factor_order == ["medical", "residence"] and ids(packet)[0] == "m"


def test_summary_words(packet):
    edit = Edit.capture(packet, "Summary", lambda p: actions.set_statement(p, "medical", " Chemotherapy until June. "))
    assert edit is not None and packet.summary.statements == {"medical": "Chemotherapy until June."}
    edit.revert(packet)
    assert packet.summary.statements == {}
    actions.set_statement(packet, "negative", "One arrest in 2016, dismissed.")
    actions.set_negative_exhibits(packet, ["r1", "r1", "L"])
    assert packet.summary.negative_exhibits == ["r1", "L"]
    actions.set_criminal_heading(packet, "No record")
    assert packet.summary.criminal_heading == "no_record"
    actions.set_statement(packet, "negative", "")
    assert "negative" not in packet.summary.statements
    refused(lambda p: actions.set_statement(p, "identity", "x"), packet, "not equities")
    refused(lambda p: actions.set_statement(p, "medical", "x" * 5000), packet, "under 4000 characters")
    refused(lambda p: actions.set_negative_exhibits(p, ["nope"]), packet, "no such lead document or exhibit")
    refused(lambda p: actions.set_criminal_heading(p, "sometimes"), packet, "use auto, record")
    again = Packet.from_dict(packet.to_dict())
    assert again.summary == packet.summary


def test_an_older_packet_without_a_summary_opens():
    data = Packet(name="Old").to_dict()
    del data["summary"]
    assert Packet.from_dict(data).summary.statements == {}


def test_new_cover_fields(packet):
    actions.set_cover_values(packet, [("hearing_type", "Master calendar"), ("court_set_deadline", "2027-03-06"),
                                      ("posture", "post-order"), ("requested", " Administrative closure "),
                                      ("passport_expiry", "2029-05-01"), ("stay_until", "2028-01-31")])
    c = packet.cover
    assert (c.hearing_type, c.court_set_deadline, c.posture, c.requested) == (
        "master", "2027-03-06", "post-order", "Administrative closure")
    assert (c.passport_expiry, c.stay_until) == ("2029-05-01", "2028-01-31")
    refused(lambda p: actions.set_cover(p, posture="not-in-proceedings"), packet, "posture", "in-proceedings")
    packet.cover.receiver = "ice-ero"  # the ICE field office takes cases not in proceedings
    actions.set_cover(packet, posture="Not in removal proceedings")
    assert packet.cover.posture == "not-in-proceedings"
    refused(lambda p: actions.set_cover(p, hearing_type="bond"), packet, "hearing_type", "master or individual")
    refused(lambda p: actions.set_cover(p, stay_until="31/01/2028"), packet, "stay_until", "YYYY-MM-DD")


def test_the_default_bates_prefix_is_the_first_surname(packet):
    packet.cover.respondents = [Respondent("José Núñez Ibáñez", "A-123-456-789")]
    actions.set_values(packet, [("bates_prefix", "auto")])
    assert packet.settings.bates_prefix == "NUNEZ-"
    actions.set_values(packet, [("respondent", "María de la Cruz López"), ("bates_prefix", "AUTO")])
    assert packet.settings.bates_prefix == "DELACRUZ-"  # the respondent named in the same command
