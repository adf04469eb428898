"""An exhibit's page selection in words ("pp. 1-3, 5 of 19; p. 2 turned 90°"), as the list and the CLI say it."""

from __future__ import annotations

from packet.core import actions
from packet.core.model import Document, Exhibit, Packet
from packet.core.selection import describe, is_plain, page_ranges

SHA = {k: k * 64 for k in "bcd"}


def packet() -> Packet:
    p = Packet(name="x")
    for k, n in (("b", 19), ("c", 4), ("d", 1)):
        p.documents[SHA[k]] = Document(sha256=SHA[k], original_name=f"{k}.pdf", stored=f"documents/{k}.pdf",
                                       kind="pdf", format="PDF", size=1, pages=n)
    p.exhibits = [Exhibit(document=SHA[k], title=k, id=k) for k in "bcd"]
    return p


def test_page_ranges_keep_the_order_given():
    assert page_ranges([1, 2, 3, 5]) == "1-3, 5"
    assert page_ranges([5, 1, 2]) == "5, 1-2"
    assert page_ranges([7]) == "7"
    assert page_ranges([]) == ""


def test_a_document_as_it_is_says_nothing():
    p = packet()
    assert is_plain(p.exhibits[0], p.documents) and describe(p.exhibits[0], p.documents) == ""
    actions.set_details(p, "b", rotation=90)  # the whole exhibit's turn is the inspector's, not the selection's
    assert describe(p.exhibits[0], p.documents) == ""


def test_kept_pages_and_turns():
    p = packet()
    actions.keep_pages(p, "b", [1, 2, 3, 5])
    actions.set_page_turns(p, "b", {2: 90})
    assert describe(p.exhibits[0], p.documents) == "pp. 1-3, 5 of 19; p. 2 turned 90°"
    actions.turn_pages(p, "c", [4], 90)
    actions.turn_pages(p, "c", [3], 180)
    assert describe(p.exhibits[1], p.documents) == "p. 3 turned 180°; p. 4 turned 90°"
    actions.order_pages(p, "c", [4, 1, 2, 3])
    assert describe(p.exhibits[1], p.documents).startswith("pp. 4, 1-3 of 4")


def test_a_merged_exhibit_names_its_documents():
    p = packet()
    actions.merge_with_next(p, "c")
    actions.hide_pages(p, "c", [2])
    assert describe(p.exhibits[1], p.documents) == "pp. 1, 3-4 of c.pdf; p. 1 of d.pdf"
