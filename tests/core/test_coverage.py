"""Coverage: exhibits and pages per discretion factor, filled and empty template slots."""

from __future__ import annotations

from packet.core.coverage import (
    coverage_json,
    factor_coverage,
    missing_cover_fields,
    missing_required,
    slot_status,
)
from packet.core.factors import factor_ids
from packet.core.model import Document, Exhibit, Packet, Respondent, Slot
from packet.core.plan import EXHIBIT, LEAD, make_plan


def sha(ch: str) -> str:
    return ch * 64


def make_packet() -> Packet:
    p = Packet(name="Lopez")
    for ch, n in (("l", 2), ("a", 3), ("b", 1), ("c", 4), ("d", 2)):
        p.documents[sha(ch)] = Document(sha256=sha(ch), original_name=f"{ch}.pdf", stored=f"documents/{sha(ch)}.pdf",
                                        kind="pdf", format="PDF", size=10, pages=n)
    p.slots = [
        Slot("letter", "Request letter", "", True, section="lead"),
        Slot("kids", "Birth certificates of U.S. citizen children", "family_ties", True),
        Slot("medical", "Doctor's letter", "medical", False),
        Slot("id", "Passport", "identity", True),
    ]
    p.lead = [Exhibit(document=sha("l"), title="Letter", id="L", slot="letter")]
    p.exhibits = [
        Exhibit(document=sha("a"), title="Birth certificates", id="A", factors=["family_ties"], slot="kids"),
        Exhibit(document=sha("b"), title="Marriage certificate", id="B", factors=["family_ties", "community"],
                slot="kids"),
        # pages 1 and 3 of 4 only
        Exhibit(document=sha("c"), title="Medical records", id="C", factors=["medical", "family_ties"], pages=[1, 3]),
        Exhibit(document=sha("d"), title="Letters", id="D", factors=["community", "community"], slot="gone"),
    ]
    return p


def test_factor_coverage_counts_exhibits_and_selected_pages():
    cov = factor_coverage(make_packet())
    assert list(cov)[: len(factor_ids())] == list(factor_ids())  # every factor, in the usual order
    assert cov["family_ties"] == (["A", "B", "C"], 3 + 1 + 2)
    assert cov["medical"] == (["C"], 2)
    assert cov["community"] == (["B", "D"], 1 + 2)  # a tag listed twice counts once
    assert cov["military"] == ([], 0)


def test_factor_pages_match_the_plan():
    p = make_packet()
    plan = make_plan(p)
    for factor, (ids, pages) in factor_coverage(p).items():
        in_plan = sum(1 for pg in plan.pages if pg.kind in (LEAD, EXHIBIT) and pg.item_id in ids)
        assert in_plan == pages, factor


def test_slot_status_and_missing_required():
    p = make_packet()
    status = [(s.id, ids) for s, ids in slot_status(p)]
    assert status == [("letter", ["L"]), ("kids", ["A", "B"]), ("medical", []), ("id", [])]
    assert [s.id for s in missing_required(p)] == ["id"]  # medical is only recommended; "gone" is no slot
    p.exhibits[2].slot = "id"
    assert missing_required(p) == []


def test_coverage_json():
    data = coverage_json(make_packet())
    assert data["factors"]["family_ties"] == {"name": "Family ties to U.S. citizens or residents",
                                              "exhibits": ["A", "B", "C"], "labels": ["A", "B", "C"],
                                              "count": 3, "pages": 6}
    kids = data["slots"][1]
    assert kids == {"id": "kids", "title": "Birth certificates of U.S. citizen children", "factor": "family_ties",
                    "required": True, "section": "exhibits", "hint": "", "filled": True, "exhibits": ["A", "B"],
                    "where": ["Tab A", "Tab B"]}
    assert data["slots"][0]["where"] == ["Lead"]
    assert [(s["id"], s["filled"]) for s in data["slots"]] == [("letter", True), ("kids", True),
                                                             ("medical", False), ("id", False)]


def test_empty_packet():
    p = Packet(name="x")
    assert slot_status(p) == [] and missing_required(p) == []
    assert all(v == ([], 0) for v in factor_coverage(p).values())


def test_missing_cover_fields():
    p = Packet(name="x")
    required = ["filer_name", "respondents", "court", "detained", "document_title"]
    assert missing_cover_fields(p, required) == ["filer_name", "respondents", "court"]
    p.cover.filer_name = "Maria"
    p.cover.respondents = [Respondent("", "A-123-456-789")]
    assert missing_cover_fields(p, required) == ["respondents", "court"]
    p.cover.respondents[0].name = "Ana Lopez"
    p.cover.court = "Immigration Court, New York, NY"
    assert missing_cover_fields(p, required) == []


def test_slot_for_offers_the_obvious_empty_slot():
    from packet.core.coverage import candidates_for, slot_for
    from packet.core.model import Document, Exhibit, Packet, Slot

    p = Packet(name="x")
    for k in "abc":
        p.documents[k * 64] = Document(sha256=k * 64, original_name=k, stored=k, kind="pdf", format="PDF", size=1,
                                       pages=1)
    p.slots = [Slot(id="letter", title="Request letter", section="lead", required=True),
               Slot(id="kids", title="Birth certificates", factor="family_ties"),
               Slot(id="ids", title="Identity", factor="identity", required=True)]
    letter = Exhibit(document="a" * 64, title="Letter", id="L")
    cert = Exhibit(document="b" * 64, title="Birth certificate", id="B", factors=["family_ties", "identity"])
    other = Exhibit(document="c" * 64, title="Photo", id="C")
    p.lead, p.exhibits = [letter], [cert, other]
    assert slot_for(p, letter).id == "letter"
    assert slot_for(p, cert).id == "ids"  # required first
    assert slot_for(p, other) is None  # tagged with nothing: nothing obvious
    cert.slot = "ids"
    assert slot_for(p, cert) is None  # it fills one already
    other.factors = ["identity"]
    assert slot_for(p, other) is None  # the identity slot is taken
    assert [e.id for e in candidates_for(p, p.slots[1])] == ["B", "C", "L"]  # tagged first, then its section
