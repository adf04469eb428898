"""Page-level editing without Qt: turn, hide, restore, reorder, split and merge; what the plan, counts and the
readiness check make of it; packet.json old and new."""

from __future__ import annotations

import copy
import json

import pytest

from packet.core import actions
from packet.core.actions import ActionError
from packet.core.checks import DocumentFacts, check_packet
from packet.core.coverage import factor_coverage
from packet.core.edits import Edit
from packet.core.model import Document, Exhibit, Packet, PageRef
from packet.core.plan import EXHIBIT, LEAD, make_plan

SHA = {k: k * 64 for k in "abcdef"}


def doc(key: str, pages: int, kind: str = "pdf") -> Document:
    return Document(sha256=SHA[key], original_name=f"{key}.pdf", stored=f"documents/{SHA[key]}.pdf", kind=kind,
                    format="PDF" if kind == "pdf" else "JPEG", size=100, pages=pages)


@pytest.fixture
def packet() -> Packet:
    """Lead L (document a, 2 pages); exhibits B (b, 19 pages: a tax return), C (c, 4 pages), D (d, 1 page)."""
    p = Packet(name="Lopez")
    for key, n in (("a", 2), ("b", 19), ("c", 4), ("d", 1)):
        p.documents[SHA[key]] = doc(key, n)
    p.lead = [Exhibit(document=SHA["a"], title="Letter", id="L")]
    p.exhibits = [Exhibit(document=SHA["b"], title="Tax return 2023", id="B", factors=["employment"]),
                  Exhibit(document=SHA["c"], title="Medical record", id="C", factors=["medical"], date="2024"),
                  Exhibit(document=SHA["d"], title="Letter of support", id="D", factors=["community"])]
    return p


def refused(change, packet: Packet, *words: str) -> ActionError:
    before = copy.deepcopy(packet)
    with pytest.raises(ActionError) as info:
        change(packet)
    assert packet == before, "a refused action changed the packet"
    for w in words:
        assert w in str(info.value), (w, str(info.value))
    return info.value


def shown(packet: Packet, item_id: str) -> list[tuple[str, int, int]]:
    """(document letter, page, turn) of each page the export shows for the item, from the plan."""
    plan = make_plan(packet)
    return [(p.document[0], p.source_page, p.rotation) for p in plan.pages
            if p.kind in (EXHIBIT, LEAD) and p.item_id == item_id]


# -- turn ------------------------------------------------------------------------------------------------------

def test_turning_pages_is_per_page_and_adds_to_the_exhibits_turn(packet):
    actions.turn_pages(packet, "C", [3], 180)
    actions.turn_pages(packet, "C", [4], 90)
    actions.turn_pages(packet, "C", [4], 90)
    actions.turn_pages(packet, "C", [4], -90)
    assert shown(packet, "C") == [("c", 1, 0), ("c", 2, 0), ("c", 3, 180), ("c", 4, 90)]
    actions.set_details(packet, "C", rotation=90)  # the whole exhibit, on top
    assert shown(packet, "C") == [("c", 1, 90), ("c", 2, 90), ("c", 3, 270), ("c", 4, 180)]


def test_set_page_turns_is_absolute_and_turning_back_forgets_the_selection(packet):
    actions.set_page_turns(packet, "C", {2: 90, 4: 180})
    assert [r.rotate for r in packet.exhibits[1].page_list(packet.documents)] == [0, 90, 0, 180]
    actions.set_page_turns(packet, "C", {2: 0, 4: 0})
    assert packet.exhibits[1].selection is None  # the document as it is: nothing stored


def test_bad_turns_and_pages_are_refused_whole(packet):
    refused(lambda p: actions.turn_pages(p, "C", [2], 45), packet, "turn", "45", "90")
    refused(lambda p: actions.turn_pages(p, "C", [5], 90), packet, "page", "5", "pages 1 to 4")
    refused(lambda p: actions.set_page_turns(p, "C", {1: 90, 9: 90}), packet, "page", "9")
    refused(lambda p: actions.set_page_turns(p, "C", {1: 45}), packet, "rotation", "45")
    refused(lambda p: actions.turn_pages(p, "nope", [1], 90), packet, "exhibit", "nope")


# -- hide, restore, keep -----------------------------------------------------------------------------------

def test_keeping_three_pages_of_nineteen_counts_cites_and_plans_only_those(packet):
    actions.keep_pages(packet, "B", actions.parse_page_list("keep", "1-3,5"))
    e = packet.exhibits[0]
    assert [r.page for r in e.kept(packet.documents)] == [1, 2, 3, 5]
    assert len(e.page_list(packet.documents)) == 19  # the others are hidden, not gone
    assert shown(packet, "B") == [("b", p, 0) for p in (1, 2, 3, 5)]
    plan = make_plan(packet)
    # index p. 1, the letter pp. 2-3, B's separator p. 4, its four pages, C's separator p. 9
    assert plan.entry("B").cite == "pp. 5-8"
    assert plan.entry("C").cite == "pp. 10-13"
    assert factor_coverage(packet)["employment"] == (["B"], 4)


def test_hide_and_restore_in_place(packet):
    actions.hide_pages(packet, "C", [2, 4])
    assert shown(packet, "C") == [("c", 1, 0), ("c", 3, 0)]
    actions.restore_pages(packet, "C", [4])
    assert shown(packet, "C") == [("c", 1, 0), ("c", 3, 0), ("c", 4, 0)]
    actions.restore_pages(packet, "C")
    assert packet.exhibits[1].selection is None


def test_hiding_every_page_is_refused(packet):
    refused(lambda p: actions.hide_pages(p, "D", [1]), packet, "at least one page", "remove the exhibit")
    actions.hide_pages(packet, "C", [1, 2, 3])
    refused(lambda p: actions.hide_pages(p, "C", [4]), packet, "at least one page")
    refused(lambda p: actions.keep_pages(p, "C", []), packet, "at least one page")


def test_a_hidden_page_keeps_its_turn(packet):
    actions.turn_pages(packet, "C", [2], 90)
    actions.hide_pages(packet, "C", [2])
    actions.restore_pages(packet, "C", [2])
    assert shown(packet, "C")[1] == ("c", 2, 90)


# -- reorder ---------------------------------------------------------------------------------------------------

def test_move_pages_before_another_or_to_the_end(packet):
    actions.move_pages(packet, "C", [4], 1)
    assert [p for _, p, _ in shown(packet, "C")] == [4, 1, 2, 3]
    actions.move_pages(packet, "C", [1, 2], None)  # positions 1 and 2 (pages 4 and 1) to the end
    assert [p for _, p, _ in shown(packet, "C")] == [2, 3, 4, 1]
    actions.move_pages(packet, "C", [2], 2)  # dropped onto itself: nothing moves
    assert [p for _, p, _ in shown(packet, "C")] == [2, 3, 4, 1]
    actions.move_pages(packet, "C", [4], 1)
    assert packet.exhibits[1].selection is None  # back to the file's order


def test_order_pages_needs_every_page_once(packet):
    actions.order_pages(packet, "C", [3, 1, 2, 4])
    assert [p for _, p, _ in shown(packet, "C")] == [3, 1, 2, 4]
    refused(lambda p: actions.order_pages(p, "C", [1, 2, 3]), packet, "every page", "missing: 4")
    refused(lambda p: actions.order_pages(p, "C", [1, 1, 2, 3]), packet, "listed twice")


# -- split and merge -------------------------------------------------------------------------------------------

def test_split_at_a_page_makes_a_second_exhibit_right_after(packet):
    new = actions.split_exhibit(packet, "C", 3)
    assert [e.id for e in packet.exhibits] == ["B", "C", new.id, "D"]
    assert new.title == "Medical record (continued)" and new.factors == ["medical"] and new.date == "2024"
    assert shown(packet, "C") == [("c", 1, 0), ("c", 2, 0)]
    assert shown(packet, new.id) == [("c", 3, 0), ("c", 4, 0)]
    assert [packet.label_of(e) for e in packet.exhibits] == ["A", "B", "C", "D"]
    plan = make_plan(packet)
    assert (plan.entry("C").cite, plan.entry(new.id).cite) == ("pp. 25-26", "pp. 28-29")


def test_split_refusals(packet):
    refused(lambda p: actions.split_exhibit(p, "C", 1), packet, "split at", "2 to 4")
    refused(lambda p: actions.split_exhibit(p, "C", 5), packet, "split at")
    refused(lambda p: actions.split_exhibit(p, "D", 2), packet, "one page cannot be split")
    actions.hide_pages(packet, "C", [3, 4])
    refused(lambda p: actions.split_exhibit(p, "C", 3), packet, "at least one page")


def test_merge_with_next_joins_pages_of_two_documents_and_undo_brings_both_back(packet):
    actions.turn_pages(packet, "D", [1], 90)
    edit = Edit.capture(packet, "Merge", lambda p: actions.merge_with_next(p, "C"))
    assert edit is not None
    assert [e.id for e in packet.exhibits] == ["B", "C"]
    c = packet.exhibits[1]
    assert shown(packet, "C") == [("c", 1, 0), ("c", 2, 0), ("c", 3, 0), ("c", 4, 0), ("d", 1, 90)]
    assert c.factors == ["medical", "community"] and c.title == "Medical record"
    assert packet.used_documents() == {SHA[k] for k in "abcd"}
    assert packet.check_integrity() == []
    edit.revert(packet)
    assert [e.id for e in packet.exhibits] == ["B", "C", "D"]
    assert shown(packet, "D") == [("d", 1, 90)]


def test_merging_exhibits_with_different_whole_turns_bakes_them_into_the_pages(packet):
    actions.set_details(packet, "D", rotation=180)
    before = shown(packet, "C") + shown(packet, "D")
    actions.merge_with_next(packet, "C")
    assert shown(packet, "C") == before


def test_merge_refusals(packet):
    refused(lambda p: actions.merge_with_next(p, "D"), packet, "last exhibit")
    refused(lambda p: actions.merge_with_next(p, "L"), packet, "last lead document")
    packet.exhibits[2].language = "Spanish"
    refused(lambda p: actions.merge_with_next(p, "C"), packet, "different languages", "Spanish")
    packet.exhibits[2].language = ""
    packet.documents[SHA["e"]] = doc("e", 1)
    packet.documents[SHA["f"]] = doc("f", 1)
    packet.exhibits[1].translation, packet.exhibits[2].translation = SHA["e"], SHA["f"]
    refused(lambda p: actions.merge_with_next(p, "C"), packet, "both have an English translation")


def test_a_merged_exhibit_splits_back_into_its_documents(packet):
    actions.merge_with_next(packet, "C")
    new = actions.split_exhibit(packet, "C", 5)
    assert new.document == SHA["d"] and new.selection is None
    assert packet.exhibits[1].selection is None


# -- the readiness check ---------------------------------------------------------------------------------------

def test_the_check_looks_only_at_kept_pages(packet):
    facts = {SHA["c"]: DocumentFacts(size=4000, textless_pages=[3, 4])}
    codes = [(f.code, f.pages) for f in check_packet(packet, facts=facts) if f.code == "no-searchable-text"]
    assert codes == [("no-searchable-text", (3, 4))]
    actions.hide_pages(packet, "C", [3, 4])
    assert not [f for f in check_packet(packet, facts=facts) if f.code == "no-searchable-text"]


# -- packet.json -----------------------------------------------------------------------------------------------

def test_selection_round_trips_and_older_versions_see_the_kept_pages(packet):
    actions.keep_pages(packet, "B", [1, 2, 3, 5])
    actions.turn_pages(packet, "B", [2], 90)
    actions.merge_with_next(packet, "B")  # B's pages, then C's (another document)
    data = json.loads(json.dumps(packet.to_dict()))
    b = data["exhibits"][0]
    assert b["pages"] == [1, 2, 3, 5]  # what an older Packet, which knows only `pages`, exports
    assert b["selection"][1] == {"page": 2, "rotate": 90}
    assert b["selection"][3] == {"page": 4, "hidden": True}
    assert {"page": 1, "document": SHA["c"]} in b["selection"]
    again = Packet.from_dict(data)
    assert again == packet


def test_older_packet_json_pages_list_still_reads(packet):
    data = packet.to_dict()
    data["exhibits"][0]["pages"] = [3, 1]  # written by the first version
    data["exhibits"][0].pop("selection")
    p = Packet.from_dict(json.loads(json.dumps(data)))
    e = p.exhibits[0]
    assert [r.page for r in e.kept(p.documents)] == [3, 1]
    listed = e.page_list(p.documents)
    assert len(listed) == 19 and all(r.hidden for r in listed[2:])
    actions.restore_pages(p, "B", [3])  # the third in the list: document page 2, hidden until now
    assert [r.page for r in e.kept(p.documents)] == [3, 1, 2]
    assert e.pages is None and e.selection is not None


def test_pages_of_a_document_not_in_the_packet_make_it_inconsistent(packet):
    packet.exhibits[0].selection = [PageRef(1), PageRef(1, document="9" * 64)]
    assert any("not in the packet" in p for p in packet.check_integrity())
