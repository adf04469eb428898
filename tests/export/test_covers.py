"""Covers by receiver (issue 11): a packet built from each built-in template, with accented names and two
A-numbers where the form allows it, read back from the PDF's first page: the receiver's heading, the posture
phrase, no court caption on OPLA and ICE covers, the Board caption on Board filings."""

from __future__ import annotations

from pathlib import Path

import pytest

from .cli_helpers import cli, marker_pdf
from .pdfcheck import NEEDS_POPPLER, page_texts, squash

pytestmark = NEEDS_POPPLER

JOSE, ANA = "José Núñez Ibáñez", "Ana Núñez Ibáñez"
COURT_HEAD = ("UNITED STATES DEPARTMENT OF JUSTICE", "EXECUTIVE OFFICE FOR IMMIGRATION REVIEW")
DHS_HEAD = ("U.S. DEPARTMENT OF HOMELAND SECURITY", "U.S. IMMIGRATION AND CUSTOMS ENFORCEMENT")
IN_PROCEEDINGS = "In removal proceedings"
POST_ORDER = "Post-order: subject to a final order of removal"
NOT_IN = "Not in removal proceedings"

# template -> (caption kind, heading lines, posture phrase)
EXPECTED = {
    "opla-pd-request": ("letter", (*DHS_HEAD, "OFFICE OF THE PRINCIPAL LEGAL ADVISOR"), IN_PROCEEDINGS),
    "eoir-admin-closure": ("court", (*COURT_HEAD, "IMMIGRATION COURT", "NEW YORK, NY"), IN_PROCEEDINGS),
    "eoir-dismiss": ("court", (*COURT_HEAD, "IMMIGRATION COURT"), IN_PROCEEDINGS),
    "eoir-joint-dismiss": ("court", (*COURT_HEAD, "IMMIGRATION COURT"), IN_PROCEEDINGS),
    "eoir-terminate": ("court", (*COURT_HEAD, "IMMIGRATION COURT"), IN_PROCEEDINGS),
    "eoir-stay-motion": ("court", (*COURT_HEAD, "IMMIGRATION COURT"), POST_ORDER),
    "bia-stay-motion": ("board", (*COURT_HEAD, "BOARD OF IMMIGRATION APPEALS"), POST_ORDER),
    "ice-stay-of-removal": ("letter", (*DHS_HEAD, "ENFORCEMENT AND REMOVAL OPERATIONS"), POST_ORDER),
    "deferred-action": ("letter", (*DHS_HEAD, "ENFORCEMENT AND REMOVAL OPERATIONS"), NOT_IN),
    "blank": ("court", (*COURT_HEAD, "IMMIGRATION COURT"), IN_PROCEEDINGS),
}
ONE_APPLICANT = {"ice-stay-of-removal"}


def build(base: Path, template: str, *extra: str) -> Path:
    lead = base / "request.pdf"
    if not lead.exists():
        marker_pdf(lead, "REQUESTLETTER")
    people = ["--set", f"respondent={JOSE}", "--set", "a_number=012345678"]
    if template not in ONE_APPLICANT:
        people += ["--set", f"respondent={ANA}", "--set", "a_number=987654321"]
    name = base / template
    rc, err = cli("new", name, "--template", template, *people, "--set", "court=New York, NY",
                  "--set", "hearing_date=2027-03-02", "--set", "hearing_time=09:30", "--set", "judge=Jane Roe",
                  "--set", "filer_name=María Ruiz", "--set", "eoir_id=AB123456", "--set", "stay_until=2027-06-30",
                  "--set", "passport_expiry=2029-01-01", "--set", "requested=Dismissal without prejudice", *extra)
    assert rc == 0, err
    packet = name.with_name(template + ".packet")
    rc, err = cli("add", packet, lead, "--lead", "--title", "The request")
    assert rc == 0, err
    out = base / f"{template}.pdf"
    rc, err = cli("build", packet, "-o", out, "--force", "--quiet")
    assert rc == 0, err
    return out


@pytest.fixture(scope="module")
def covers(tmp_path_factory) -> dict[str, str]:
    """The first page's text of a packet built from each built-in template."""
    base = tmp_path_factory.mktemp("covers")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PACKET_DATA_DIR", str(base / "userdata"))
        return {t: page_texts(build(base, t))[0] for t in EXPECTED}


@pytest.mark.parametrize("template", list(EXPECTED))
def test_each_template_gets_its_receivers_cover(covers, template):
    kind, heading, posture = EXPECTED[template]
    raw = covers[template]
    text = squash(raw)
    lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
    for line in heading:
        assert line in lines, (template, line, lines)
    assert posture in text, (template, posture)
    if kind == "letter":
        assert "In the Matter of" not in text and "EXECUTIVE OFFICE FOR IMMIGRATION REVIEW" not in text
        assert "Immigration Judge" not in text and "File No." not in text
        assert f"{JOSE}, A-012-345-678" in text  # the Re: line, names as written, accents kept
        assert "To:" in text and "Re:" in text and "Custody: Not detained" in text
    else:
        assert "In the Matter of:" in text and "JOSÉ NÚÑEZ IBÁÑEZ" in text
        assert "File No.: A-012-345-678" in text
        assert "EOIR ID: AB123456" in text
        assert "DEPARTMENT OF HOMELAND SECURITY" not in text
    if template not in ONE_APPLICANT:
        assert "A-987-654-321" in text and ("ANA NÚÑEZ IBÁÑEZ" in text or ANA in text)
    if kind == "board":
        assert "IMMIGRATION COURT" not in lines and "Immigration Judge" not in text  # the Board, not a court
    if kind == "court":
        assert "BOARD OF IMMIGRATION APPEALS" not in text
        assert "Immigration Judge: Jane Roe" in text and "March 2, 2027, 9:30 a.m." in text


def test_opla_letter_is_to_the_chief_counsel_with_the_case_and_the_request(covers):
    text = squash(covers["opla-pd-request"])
    assert "To: Office of the Chief Counsel New York, NY" in text
    assert "Next hearing: March 2, 2027, 9:30 a.m." in text
    assert "Request: Dismissal without prejudice" in text
    assert "RESPONDENTS' REQUEST FOR PROSECUTORIAL DISCRETION" in text  # two respondents: the plural
    assert "Representing: Respondents" in text
    assert "EOIR ID" not in text  # the court's registration, not ICE's


def test_one_respondent_keeps_the_singular_and_the_filers_own_words_are_kept(covers, tmp_path, monkeypatch):
    text = squash(covers["ice-stay-of-removal"])  # one applicant, and Form I-246 calls the person the applicant
    assert "Representing: Applicant " in text + " " and "Applicants" not in text and "Respondent" not in text
    assert "Representing: Requestors" in squash(covers["deferred-action"])  # two people ask for deferred action
    monkeypatch.setenv("PACKET_DATA_DIR", str(tmp_path / "userdata"))
    own = squash(page_texts(build(tmp_path, "eoir-dismiss", "--set", "document_title=Motion of the family",
                                  "--set", "represented_party=the Núñez family"))[0])
    assert "MOTION OF THE FAMILY" in own and "Representing: the Núñez family" in own


def test_ero_letter_is_post_order_with_the_stay_and_never_in_removal_proceedings(covers):
    text = squash(covers["ice-stay-of-removal"])
    assert "To: Field Office Director New York, NY" in text
    assert "Stay requested until: June 30, 2027" in text
    assert IN_PROCEEDINGS not in text and "removal proceedings" not in text.replace(NOT_IN, "")


def test_posture_follows_the_cover_field(tmp_path, monkeypatch):
    """The posture the user chose is printed; one the receiver does not allow falls back to its default."""
    monkeypatch.setenv("PACKET_DATA_DIR", str(tmp_path / "userdata"))
    opla = squash(page_texts(build(tmp_path, "opla-pd-request", "--set", "posture=not-in-proceedings"))[0])
    assert "Status: Not in removal proceedings" in opla and IN_PROCEEDINGS not in opla
    court = squash(page_texts(build(tmp_path, "eoir-dismiss", "--set", "posture=post-order"))[0])
    assert POST_ORDER in court and IN_PROCEEDINGS not in court


def test_detained_letter_says_so_twice(tmp_path, monkeypatch):
    monkeypatch.setenv("PACKET_DATA_DIR", str(tmp_path / "userdata"))
    text = squash(page_texts(build(tmp_path, "opla-pd-request", "--set", "detained=yes"))[0])
    assert "DETAINED" in text and "Custody: Detained" in text


def test_the_party_is_plural_only_for_several_people_and_only_in_the_templates_words():
    from packet.core.model import CoverSheet, Respondent
    from packet.export.covers import plural_party

    one, two = CoverSheet(), CoverSheet()
    one.respondents = [Respondent(JOSE, "")]
    two.respondents = [Respondent(JOSE, ""), Respondent(ANA, "")]
    assert plural_party(one, "Respondent's Motion to Terminate") == "Respondent's Motion to Terminate"
    assert plural_party(two, "Respondent's Motion to Terminate") == "Respondents' Motion to Terminate"
    assert plural_party(two, "RESPONDENT'S MOTION") == "RESPONDENTS' MOTION"
    assert plural_party(two, "Respondent") == "Respondents" and plural_party(one, "Respondent") == "Respondent"
    assert plural_party(two, "Joint Motion to Dismiss") == "Joint Motion to Dismiss"
    assert plural_party(two, "the respondent's mother") == "the respondent's mother"
