"""The summary of equities: only discretion factors, the user's statements, the right criminal-record heading for
what was filed, negative factors addressed, and cites that follow the packet's order."""

from __future__ import annotations

import copy
import json

import pytest

from packet.core.equities import (
    NEGATIVE,
    NO_RECORD,
    RECORD,
    UNKNOWN,
    SummaryText,
    criminal_record_kind,
    exhibit_cite,
    load_summary_rules,
    parse_summary_rules,
    summary_sections,
)
from packet.core.model import Exhibit, Packet, Slot
from packet.core.resources import resource
from packet.core.rule_data import RuleDataError


def ex(eid: str, title: str, *factors: str, slot: str = "") -> Exhibit:
    return Exhibit(document="d" * 64, title=title, id=eid, factors=list(factors), slot=slot)


def packet(*exhibits: Exhibit, lead: tuple[Exhibit, ...] = ()) -> Packet:
    p = Packet(name="Núñez")
    p.lead = list(lead)
    p.exhibits = list(exhibits)
    p.slots = [Slot("criminal_record_checks", "Checks", factor="no_criminal_history"),
               Slot("criminal_dispositions", "Dispositions", factor="no_criminal_history"),
               Slot("g28", "G-28", factor="procedural", section="lead")]
    return p


def headings(p: Packet, **kw) -> list[str]:
    return [s.heading for s in summary_sections(p, **kw)]


def test_only_discretion_factors_are_listed():
    p = packet(ex("pass", "Passport of José Núñez Ibáñez", "identity"), ex("nta", "Notice to Appear", "procedural"),
               ex("kids", "Birth certificates", "family_ties"), ex("years", "School records", "residence"),
               lead=(ex("g28", "Form G-28", slot="g28"),))
    sections = summary_sections(p)
    assert [s.key for s in sections] == ["residence", "family_ties"]
    assert all(s.key not in ("identity", "procedural") for s in sections)
    assert not any("pass" in s.exhibits or "nta" in s.exhibits or "g28" in s.exhibits for s in sections)


def test_statements_come_with_their_section_and_alone_when_there_is_no_exhibit():
    p = packet(ex("kids", "Birth certificates", "family_ties"))
    text = SummaryText({"family_ties": "Two U.S. citizen daughters, 9 and 12.", "medical": "  ",
                        "military": "Brother served in the Army (records requested)."})
    sections = {s.key: s for s in summary_sections(p, text=text)}
    assert sections["family_ties"].statement == "Two U.S. citizen daughters, 9 and 12."
    assert sections["family_ties"].exhibits == ("kids",)
    assert sections["military"].exhibits == () and "Army" in sections["military"].statement
    assert "medical" not in sections  # a blank statement and no exhibit: no section


@pytest.mark.parametrize(("exhibits", "kind", "heading"), [
    ([ex("fbi", "FBI identity history summary", "no_criminal_history")], NO_RECORD, "No criminal record"),
    ([ex("nypd", "Police clearance: no arrests found", "no_criminal_history")], NO_RECORD, "No criminal record"),
    ([ex("x", "Letter", slot="criminal_record_checks")], NO_RECORD, "No criminal record"),
    ([ex("dispo", "Certified disposition, Queens Criminal Court (2014)", "no_criminal_history")], RECORD,
     "Criminal history and rehabilitation"),
    ([ex("fbi", "FBI identity history summary", "no_criminal_history"),
      ex("y", "Court papers", slot="criminal_dispositions")], RECORD, "Criminal history and rehabilitation"),
    ([ex("z", "Records", "no_criminal_history")], UNKNOWN, "Criminal record"),
])
def test_the_criminal_record_heading_follows_what_was_filed(exhibits, kind, heading):
    p = packet(*exhibits)
    assert criminal_record_kind(p.exhibits, load_summary_rules().criminal) == kind
    crim = next(s for s in summary_sections(p) if s.key == "no_criminal_history")
    assert crim.heading == heading


def test_dispositions_bring_the_rehabilitation_evidence_into_one_section():
    p = packet(ex("dispo", "Certificate of disposition", "no_criminal_history"),
               ex("kids", "Birth certificates", "family_ties"),
               ex("aa", "Letter from AA sponsor", "rehabilitation"))
    text = SummaryText({"no_criminal_history": "One DWI in 2014, sentence completed.",
                        "rehabilitation": "Sober since 2015."})
    sections = {s.key: s for s in summary_sections(p, text=text)}
    assert "rehabilitation" not in sections
    crim = sections["no_criminal_history"]
    assert crim.heading == "Criminal history and rehabilitation"
    assert crim.exhibits == ("dispo", "aa")
    assert crim.statement == "One DWI in 2014, sentence completed.\n\nSober since 2015."
    # with clearance letters instead, rehabilitation keeps its own section
    clear = packet(ex("fbi", "FBI clearance", "no_criminal_history"), ex("aa", "Letter", "rehabilitation"))
    assert headings(clear) == ["Rehabilitation", "No criminal record"]


def test_the_user_can_choose_the_criminal_heading():
    p = packet(ex("fbi", "FBI identity history summary", "no_criminal_history"))
    chosen = summary_sections(p, text=SummaryText(criminal_heading=RECORD))
    assert chosen[0].heading == "Criminal history and rehabilitation"
    assert SummaryText.from_dict({"criminal_heading": "maybe"}).criminal_heading == ""


def test_negative_factors_section_comes_last_when_addressed():
    p = packet(ex("kids", "Birth certificates", "family_ties"), ex("dispo", "Disposition", "no_criminal_history"))
    assert NEGATIVE not in [s.key for s in summary_sections(p)]
    text = SummaryText({NEGATIVE: "Entered without inspection in 2005; one misdemeanour in 2014, see Tab B."},
                       negative_exhibits=["dispo", "gone"])
    last = summary_sections(p, text=text)[-1]
    assert (last.key, last.heading) == (NEGATIVE, "Negative factors addressed")
    assert last.exhibits == ("dispo",) and "2005" in last.statement  # an exhibit since removed is dropped


def test_sections_follow_the_packet_order_and_cites_follow_reordering():
    p = packet(ex("years", "Leases", "residence"), ex("ill", "Doctor's letter", "medical", "humanitarian"),
               ex("age", "Birth certificate (78 years old)", "humanitarian"))
    p.settings.factor_order = ["humanitarian", "medical"]  # deferred action
    sections = summary_sections(p)
    assert [s.key for s in sections] == ["humanitarian", "medical", "residence"]
    assert sections[0].exhibits == ("ill", "age")  # cited under every factor it supports, in packet order
    p.exhibits.reverse()
    assert summary_sections(p)[0].exhibits == ("age", "ill")
    assert [s.key for s in summary_sections(p, order=[])] == ["residence", "medical", "humanitarian"]


def test_summary_text_round_trips():
    t = SummaryText({"medical": "Chemotherapy until June."}, NO_RECORD, ["a1"])
    assert SummaryText.from_dict(json.loads(json.dumps(t.to_dict()))) == t
    assert SummaryText.from_dict(None) == SummaryText()


def test_cites():
    assert exhibit_cite("C", "14") == "Tab C, p. 14"
    assert exhibit_cite("C", "14", "16") == "Tab C, pp. 14-16"
    assert exhibit_cite("", "3", "3") == "p. 3"


def test_summary_rules_name_their_sources_and_bad_rules_name_the_field():
    rules = load_summary_rules()
    assert rules.sources and all(s.read == "2026-12-01" for s in rules.sources)
    data = json.loads(resource("factors.json").read_text(encoding="utf-8"))
    broken = copy.deepcopy(data)
    del broken["summary"]["criminal_history"]["headings"]["record"]
    with pytest.raises(RuleDataError, match=r'factors.json: field "summary.criminal_history.headings.record"'):
        parse_summary_rules(broken, "factors.json")
    broken = copy.deepcopy(data)
    broken["summary"]["criminal_history"]["with_record_also_cites"] = ["rehab"]
    with pytest.raises(RuleDataError, match=r"with_record_also_cites\[0\]"):
        parse_summary_rules(broken, "factors.json")
