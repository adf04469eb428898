"""Receivers and postures: the built-in data loads, each office gets its own heading and posture phrase, the
letter-style first page and the email text carry the case's details, and a broken file is refused naming the
field."""

from __future__ import annotations

import copy
import json

import pytest

from packet.core.model import CoverSheet, Respondent
from packet.core.receivers import (
    BOARD,
    COURT,
    LETTER,
    Attachment,
    ReceiverError,
    case_fields,
    cover_heading,
    email_body,
    email_subject,
    letter_lines,
    load_receivers,
    parse_receivers,
    posture_line,
)
from packet.core.resources import resource

COURT_LINES = ["UNITED STATES DEPARTMENT OF JUSTICE", "EXECUTIVE OFFICE FOR IMMIGRATION REVIEW"]


def cover(**extra) -> CoverSheet:
    c = CoverSheet(respondents=[Respondent("José Núñez Ibáñez", "012345678"), Respondent("Ana Núñez Ibáñez",
                                                                                          "A 987 654 321")],
                   hearing_date="2027-03-17", hearing_type="individual", filer_name="María Abogada",
                   filer_phone="(718) 555-0100", filer_email="maria@example.org")
    for k, v in extra.items():
        setattr(c, k, v)
    return c


def raw() -> dict:
    return json.loads(resource("receivers.json").read_text(encoding="utf-8"))


def test_the_builtin_receivers_load_with_sources():
    rs = load_receivers()
    assert set(rs.receivers) == {"immigration-court", "bia", "ice-opla", "ice-ero", "uscis"}
    assert set(rs.postures) == {"in-proceedings", "post-order", "not-in-proceedings"}
    for r in rs.receivers.values():
        assert r.sources and all(s.read == "2026-12-01" and s.title and s.url.startswith("https://")
                                 for s in r.sources)
        assert r.default_posture in r.postures
    assert rs.get("").id == "immigration-court"
    assert (rs.get("immigration-court").caption, rs.get("bia").caption, rs.get("ice-opla").caption) == \
        (COURT, BOARD, LETTER)
    assert rs.get("immigration-court").certificate_of_service and not rs.get("ice-opla").certificate_of_service
    assert rs.get("immigration-court").deadlines == "eoir"
    assert rs.get("ice-opla").emailed and not rs.get("ice-ero").emailed
    with pytest.raises(KeyError, match="known receivers"):
        rs.get("consulate")


def test_court_heading_names_the_court_without_repeating_it():
    rs = load_receivers()
    r = rs.get("immigration-court")
    lines = cover_heading(r, case_fields(cover(court="Immigration Court, New York, NY"), r))
    assert lines == [*COURT_LINES, "IMMIGRATION COURT", "NEW YORK, NY"]
    assert posture_line(r, cover()) == "In removal proceedings"


def test_board_caption_and_post_order_posture():
    rs = load_receivers()
    r = rs.get("bia")
    lines = cover_heading(r, case_fields(cover(court="Immigration Court, Newark, NJ"), r))
    assert lines == [*COURT_LINES, "BOARD OF IMMIGRATION APPEALS"]
    assert "IMMIGRATION COURT" not in lines
    assert posture_line(r, cover()) == "Post-order: subject to a final order of removal"
    assert posture_line(r, cover(posture="in-proceedings")) == "In removal proceedings"


def test_opla_letter_has_no_court_caption_and_names_the_case():
    rs = load_receivers()
    r = rs.get("ice-opla")
    f = case_fields(cover(court="New York Field Location", requested="Agree to dismiss without prejudice",
                          detained=True), r)
    heading = cover_heading(r, f)
    assert heading[0] == "U.S. DEPARTMENT OF HOMELAND SECURITY"
    assert not any("JUSTICE" in x or "IMMIGRATION COURT" in x for x in heading)
    to, block = letter_lines(r, f)
    assert to == ["Office of the Chief Counsel", "New York Field Location"]
    assert block == [("Re", "José Núñez Ibáñez, A-012-345-678"), ("", "Ana Núñez Ibáñez, A-987-654-321"),
                     ("Status", "In removal proceedings"), ("Custody", "Detained"), ("Next hearing", "March 17, 2027 (individual hearing)"),
                     ("Request", "Agree to dismiss without prejudice")]


def test_ero_letter_is_post_order_and_never_in_proceedings():
    rs = load_receivers()
    r = rs.get("ice-ero")
    c = cover(court="New York Field Office", stay_until="2027-12-31", hearing_date="", posture="in-proceedings")
    f = case_fields(c, r)
    assert posture_line(r, c) == "Post-order: subject to a final order of removal"  # not allowed here: default
    to, block = letter_lines(r, f)
    assert to == ["Field Office Director", "New York Field Office"]
    labels = dict(block)
    assert labels["Status"] == "Post-order: subject to a final order of removal"
    assert labels["Stay requested until"] == "December 31, 2027"
    assert not any("removal proceedings" in text.lower() and "not" not in text.lower() for _, text in block)
    assert "ENFORCEMENT AND REMOVAL OPERATIONS" in cover_heading(r, f)


def test_letter_leaves_out_lines_without_values():
    rs = load_receivers()
    r = rs.get("ice-opla")
    _, block = letter_lines(r, case_fields(cover(hearing_date="", document_title="Request for PD"), r))
    assert [label for label, _ in block] == ["Re", "", "Status", "Custody", "Request"]
    assert block[-1] == ("Request", "Request for PD")  # no request given: the document's title stands in


def test_email_subject_and_body():
    rs = load_receivers()
    r = rs.get("ice-opla")
    files = (Attachment("Nunez_PD_Part1.pdf", 18_400_000, 240), Attachment("Nunez_PD_Part2.pdf", 640_000, 31))
    f = case_fields(cover(court="New York Field Location", requested="Agree to dismiss without prejudice"), r,
                    files)
    assert email_subject(r, f) == ("Request for prosecutorial discretion: José Núñez Ibáñez; Ana Núñez Ibáñez - "
                                   "A-012-345-678, A-987-654-321 - Not detained - Next hearing March 17, 2027 "
                                   "(individual hearing)")
    body = email_body(r, f)
    assert body.startswith("To the Office of the Chief Counsel, New York Field Location:\n\nRe: José Núñez")
    assert "Request: Agree to dismiss without prejudice\n" in body
    assert "Attached, as PDF files (2 files):\n1. Nunez_PD_Part1.pdf (18.4 MB, 240 pages)\n" \
           "2. Nunez_PD_Part2.pdf (0.6 MB, 31 pages)\n" in body
    assert body.endswith("María Abogada\n(718) 555-0100\nmaria@example.org\n")
    assert "\n\n\n" not in body
    bare = email_subject(r, case_fields(cover(hearing_date="", respondents=[Respondent("Ana", "")]), r))
    assert bare == "Request for prosecutorial discretion: Ana - Not detained"


def edit(fn) -> dict:
    data = copy.deepcopy(raw())
    fn(data)
    return data


@pytest.mark.parametrize(("fn", "field", "words"), [
    (lambda d: d["receivers"][0].update(caption="stamp"), 'receivers[0] ("immigration-court").caption',
     "is not allowed"),
    (lambda d: d["receivers"][2].update(default_posture="post-order-x"), 'receivers[2] ("ice-opla").default_posture',
     "is not one of this receiver's postures"),
    (lambda d: d["receivers"][2]["re"][1].update(value="{custody}"), 'receivers[2] ("ice-opla").re[1].value',
     "unknown placeholder {custody}"),
    (lambda d: d["receivers"][2].pop("email"), 'receivers[2] ("ice-opla").email', "needs the email's subject"),
    (lambda d: d["receivers"][3]["sources"][0].pop("read"), 'receivers[3] ("ice-ero").sources[0].read',
     "is missing"),
    (lambda d: d["receivers"][1]["postures"].append("deported"), 'receivers[1] ("bia").postures[2]',
     "is not a posture"),
    (lambda d: d["receivers"].pop(0), "receivers", "no 'immigration-court' receiver"),
])
def test_a_broken_receivers_file_is_refused_naming_the_field(fn, field, words):
    with pytest.raises(ReceiverError) as info:
        parse_receivers(edit(fn), "receivers.json")
    assert str(info.value).startswith(f'receivers.json: field "{field}"'), str(info.value)
    assert words in str(info.value)
