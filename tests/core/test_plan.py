"""The export plan: every output page in order, the number it carries, and the labels that print the same."""

from __future__ import annotations

import pytest

from packet.core.model import Document, Exhibit, ExportSettings, Packet
from packet.core.plan import (
    COVER,
    EXHIBIT,
    INDEX,
    LEAD,
    SEPARATOR,
    PlanEntry,
    make_plan,
    page_label_ranges,
    snapshot,
    stamp_text,
)


def sha(ch: str) -> str:
    return ch * 64


def doc(ch: str, pages: int) -> Document:
    return Document(sha256=sha(ch), original_name=f"{ch}.pdf", stored=f"documents/{sha(ch)}.pdf", kind="pdf",
                    format="PDF", size=100, pages=pages)


def make_packet(lead: list[tuple[str, int]] = (), exhibits: list[tuple[str, int]] = (), **settings) -> Packet:
    """A packet of lead documents and exhibits given as (letter, page count); the letter names its document."""
    p = Packet(name="Lopez", settings=ExportSettings(**settings))
    for ch, n in [*lead, *exhibits]:
        p.documents[sha(ch)] = doc(ch, n)
    p.lead = [Exhibit(document=sha(ch), title=f"Lead {ch}", id=f"lead-{ch}") for ch, _ in lead]
    p.exhibits = [Exhibit(document=sha(ch), title=f"Doc {ch}", id=f"ex-{ch}") for ch, _ in exhibits]
    return p


def label_from_ranges(ranges, i: int) -> str:
    """The label a PDF viewer shows for page index i, from (first, last, prefix, start) ranges."""
    for first, last, prefix, start in ranges:
        if first <= i <= last:
            return prefix if start is None else f"{prefix}{start + i - first}"
    raise AssertionError(f"page {i} is in no label range")


# -- order -------------------------------------------------------------------------------------------------

def test_order_is_cover_index_lead_then_separator_and_pages_per_exhibit():
    p = make_packet(lead=[("l", 2)], exhibits=[("a", 2), ("b", 1)])
    plan = make_plan(p, index_pages=2)
    kinds = [pg.kind for pg in plan.pages]
    assert kinds == [COVER, INDEX, INDEX, LEAD, LEAD, SEPARATOR, EXHIBIT, EXHIBIT, SEPARATOR, EXHIBIT]
    assert plan.total == 10
    assert [pg.index_page for pg in plan.pages[1:3]] == [0, 1]
    assert [pg.item_id for pg in plan.pages[3:]] == ["lead-l"] * 2 + ["ex-a"] * 3 + ["ex-b"] * 2
    assert [pg.source_page for pg in plan.pages if pg.kind in (LEAD, EXHIBIT)] == [1, 2, 1, 2, 1]
    assert [pg.document for pg in plan.pages if pg.kind == EXHIBIT] == [sha("a"), sha("a"), sha("b")]
    assert plan.first_of(COVER) == 0 and plan.first_of(INDEX) == 1 and plan.first_of(SEPARATOR) == 5
    assert plan.first_of("nothing") == -1


def test_index_pages_at_least_one():
    plan = make_plan(make_packet(exhibits=[("a", 1)]), index_pages=0)
    assert plan.index_pages == 1
    assert [pg.kind for pg in plan.pages] == [COVER, INDEX, SEPARATOR, EXHIBIT]


def test_entries_record_where_each_item_sits():
    plan = make_plan(make_packet(lead=[("l", 2)], exhibits=[("a", 2), ("b", 1)]))
    lead, a, b = plan.entries
    assert (lead.role, lead.label, lead.title, lead.separator, lead.first, lead.last) == ("lead", "", "Lead l", None, 2, 3)
    assert (a.role, a.label, a.title, a.separator, a.first, a.last) == ("exhibit", "A", "Doc a", 4, 5, 6)
    assert (b.role, b.label, b.separator, b.first, b.last) == ("exhibit", "B", 7, 8, 8)
    assert plan.entry("ex-b") is b
    with pytest.raises(KeyError):
        plan.entry("nope")


def test_number_labels_for_exhibits():
    plan = make_plan(make_packet(exhibits=[("a", 1), ("b", 1), ("c", 1)], label_style="numbers"))
    assert [e.label for e in plan.entries] == ["1", "2", "3"]


def test_user_rotation_is_carried_to_each_source_page():
    p = make_packet(exhibits=[("a", 2)])
    p.exhibits[0].rotation = 90
    plan = make_plan(p)
    assert [pg.rotation for pg in plan.pages if pg.kind == EXHIBIT] == [90, 90]
    assert all(pg.rotation == 0 for pg in plan.pages if pg.kind != EXHIBIT)


# -- numbers -----------------------------------------------------------------------------------------------

def test_numbers_start_on_the_first_page_after_the_unnumbered_cover():
    plan = make_plan(make_packet(lead=[("l", 1)], exhibits=[("a", 3)], start_number=14))
    cover = plan.pages[0]
    assert cover.kind == COVER and cover.number is None and cover.label == "" and cover.stamp == ""
    numbers = [pg.number for pg in plan.pages[1:]]
    assert numbers == list(range(14, 14 + plan.total - 1))
    assert [pg.label for pg in plan.pages[1:]] == [str(n) for n in numbers]
    assert [pg.stamp for pg in plan.pages[1:]] == [str(n) for n in numbers]


def test_page_of_total_counts_numbered_pages():
    plan = make_plan(make_packet(exhibits=[("a", 3)], page_of_total=True, start_number=5))
    # index, separator, 3 pages: numbered 5..9
    assert [pg.stamp for pg in plan.pages[1:]] == [f"Page {n} of 9" for n in range(5, 10)]
    assert [pg.label for pg in plan.pages[1:]] == [str(n) for n in range(5, 10)]


def test_bates_labels_are_zero_padded_with_the_prefix():
    plan = make_plan(make_packet(exhibits=[("a", 3)], bates_prefix="LOPEZ-", bates_digits=6))
    assert [pg.stamp for pg in plan.pages[1:]] == [f"LOPEZ-{n:06d}" for n in range(1, 6)]
    assert [pg.label for pg in plan.pages[1:]] == [pg.stamp for pg in plan.pages[1:]]
    # Bates numbering wins over "Page N of M"
    plan2 = make_plan(make_packet(exhibits=[("a", 1)], bates_prefix="X", bates_digits=3, page_of_total=True))
    assert [pg.stamp for pg in plan2.pages[1:]] == ["X001", "X002", "X003"]


def test_bates_numbers_wider_than_the_digits_are_not_cut():
    label, stamp = stamp_text(12345, 12345, ExportSettings(bates_prefix="B-", bates_digits=3))
    assert label == stamp == "B-12345"


def test_stamp_text():
    assert stamp_text(7, 20, ExportSettings()) == ("7", "7")
    assert stamp_text(7, 20, ExportSettings(page_of_total=True)) == ("7", "Page 7 of 20")
    assert stamp_text(7, 20, ExportSettings(bates_prefix="LOPEZ-")) == ("LOPEZ-000007", "LOPEZ-000007")


# -- page selection and separators -----------------------------------------------------------------------------

def test_page_selection_is_respected_in_order_and_out_of_range_pages_dropped():
    p = make_packet(exhibits=[("a", 5), ("b", 2)])
    p.exhibits[0].pages = [4, 2, 9, 0]
    plan = make_plan(p)
    a_pages = [pg.source_page for pg in plan.pages if pg.item_id == "ex-a" and pg.kind == EXHIBIT]
    assert a_pages == [4, 2]
    assert plan.total == 1 + 1 + (1 + 2) + (1 + 2)
    a = plan.entry("ex-a")
    assert (a.first, a.last) == (3, 4)


def test_exhibit_with_no_pages_selected_keeps_its_separator_but_has_no_cite():
    p = make_packet(exhibits=[("a", 3), ("b", 1)])
    p.exhibits[0].pages = []
    plan = make_plan(p)
    a, b = plan.entries
    assert a.separator == 2 and a.first == -1 and a.last == -1
    assert a.cite == "" and a.first_label == "" and a.last_label == ""
    assert b.separator == 3 and b.first == 4
    assert b.cite == "p. 4"


def test_separators_off():
    plan = make_plan(make_packet(exhibits=[("a", 2), ("b", 1)], separators=False))
    assert [pg.kind for pg in plan.pages] == [COVER, INDEX, EXHIBIT, EXHIBIT, EXHIBIT]
    a, b = plan.entries
    assert a.separator is None and b.separator is None
    assert (a.first, a.last, b.first, b.last) == (2, 3, 4, 4)
    assert (a.cite, b.cite) == ("pp. 2-3", "p. 4")


# -- cites -------------------------------------------------------------------------------------------------

def test_cites_quote_the_stamped_numbers():
    plan = make_plan(make_packet(exhibits=[("a", 2), ("b", 1)], start_number=11))
    # cover, index 11, sep A 12, A 13-14, sep B 15, B 16
    a, b = plan.entries
    assert a.cite == "pp. 13-14" and (a.first_label, a.last_label) == ("13", "14")
    assert b.cite == "p. 16"
    for e in plan.entries:
        assert e.first_label == plan.pages[e.first].stamp and e.last_label == plan.pages[e.last].stamp


def test_cite_properties():
    e = PlanEntry("x", "exhibit", "A", "T", [], None, 13, 14, "14", "15")
    assert e.cite == "pp. 14-15"
    assert PlanEntry("x", "exhibit", "A", "T", [], None, 13, 13, "14", "14").cite == "p. 14"
    assert PlanEntry("x", "exhibit", "A", "T", [], 3, -1, -1).cite == ""


def test_bates_cites():
    plan = make_plan(make_packet(exhibits=[("a", 2)], bates_prefix="LOPEZ-", bates_digits=6))
    assert plan.entries[0].cite == "pp. LOPEZ-000003 – LOPEZ-000004"  # spaced, so the index wraps between numbers


# -- page labels -----------------------------------------------------------------------------------------------

def test_decimal_labels_need_one_range_after_the_cover():
    plan = make_plan(make_packet(exhibits=[("a", 30)], start_number=3))
    ranges = page_label_ranges(plan)
    assert ranges == [(0, 0, "Cover", None), (1, plan.total - 1, "", 3)]
    for i, pg in enumerate(plan.pages):
        assert label_from_ranges(ranges, i) == (pg.label or "Cover")


def test_bates_ranges_split_where_the_digit_count_changes():
    # numbers 8 .. 8+total-2; with 6 digits the padding shrinks at 10 and at 100
    plan = make_plan(make_packet(exhibits=[("a", 100)], start_number=8, bates_prefix="LOPEZ-", bates_digits=6))
    assert plan.pages[1].number == 8 and plan.pages[-1].number == 8 + plan.total - 2 == 109
    ranges = page_label_ranges(plan)
    assert ranges == [
        (0, 0, "Cover", None),
        (1, 2, "LOPEZ-00000", 8),  # 8, 9
        (3, 92, "LOPEZ-0000", 10),  # 10 .. 99
        (93, 102, "LOPEZ-000", 100),  # 100 .. 109
    ]
    for i, pg in enumerate(plan.pages):
        expected = "Cover" if pg.number is None else pg.stamp
        assert label_from_ranges(ranges, i) == expected


@pytest.mark.parametrize("start, digits, pages", [(1, 6, 12), (9, 1, 5), (99, 3, 4), (995, 4, 10), (1, 12, 3)])
def test_ranges_always_print_exactly_the_stamps(start, digits, pages):
    plan = make_plan(make_packet(exhibits=[("a", pages), ("b", 2)], start_number=start, bates_prefix="AB.",
                                 bates_digits=digits))
    ranges = page_label_ranges(plan)
    # ranges tile the pages, in order, without gaps or overlaps
    assert ranges[0][0] == 0 and ranges[-1][1] == plan.total - 1
    for (_f0, l0, *_), (f1, *_rest) in zip(ranges, ranges[1:], strict=False):
        assert f1 == l0 + 1
    for i, pg in enumerate(plan.pages):
        assert label_from_ranges(ranges, i) == ("Cover" if pg.number is None else pg.stamp)


# -- snapshot ----------------------------------------------------------------------------------------------

def test_plan_is_made_from_a_snapshot_the_user_cannot_change():
    p = make_packet(exhibits=[("a", 2)])
    frozen = snapshot(p)
    plan = make_plan(frozen)
    p.exhibits[0].title = "Changed"
    p.exhibits.append(Exhibit(document=sha("a"), title="More"))
    p.settings.start_number = 50
    assert plan.packet.exhibits[0].title == "Doc a" and len(plan.packet.exhibits) == 1
    assert plan.packet.settings.start_number == 1
