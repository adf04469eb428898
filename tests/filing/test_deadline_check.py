"""Filing deadlines, one applicant and the passport through the readiness entry point and `packet check --json`,
with fixed "today" dates (PACKET_TODAY), and the new cover fields through `packet new --set` / `packet set`."""

from __future__ import annotations

import json
from datetime import date

import pytest

from packet.store.folder import open_packet
from packet.store.readiness import checking_date, packet_deadline, readiness

from .helpers import add, check_json, codes, run_cli, set_, text_pdf

LATE_FIX = "File a motion to accept a late filing, or change the date if the court set another."


@pytest.fixture
def court_packet(tmp_path):
    """An immigration-court motion (the court's deadline rules apply) with one exhibit."""
    rc, _, err = run_cli("new", tmp_path / "Nunez", "--template", "eoir-admin-closure",
                         "--set", "respondent=José Núñez Ibáñez", "--set", "a_number=123456789")
    assert rc == 0, err
    packet = tmp_path / "Nunez.packet"
    add(packet, text_pdf(tmp_path / "lease.pdf", ["LEASE"]), title="Lease", factor="residence")
    return packet


def on(monkeypatch, day: str) -> None:
    monkeypatch.setenv("PACKET_TODAY", day)


def deadline_of(packet) -> tuple[dict | None, dict[str, list[dict]], dict]:
    _, report = check_json(packet)
    return report["deadline"], codes(report), report


def test_packet_today_fixes_the_checking_date(monkeypatch):
    on(monkeypatch, "2027-02-25")
    assert checking_date() == date(2027, 2, 25)
    on(monkeypatch, "not a date")
    assert checking_date() == date.today()


def test_individual_hearing_deadline_with_a_weekend_shift_and_days_left(court_packet, monkeypatch):
    # 15 days before Monday, March 15, 2027 is Sunday, February 28: due Monday, March 1.
    set_(court_packet, "hearing_date=2027-03-15", "hearing_type=individual")
    on(monkeypatch, "2027-02-01")
    deadline, found, report = deadline_of(court_packet)
    assert report["today"] == "2027-02-01"
    assert deadline["due"] == "2027-03-01" and deadline["counted"] == "2027-02-28"
    assert deadline["moved_because"] == "Sunday"
    assert deadline["days_left"] == 28 and deadline["severity"] == "ok"
    assert deadline["rule"] == "eoir-individual-non-detained"
    assert "Practice Manual" in deadline["source"] and deadline["read"] == "2026-12-01"
    note = found["filing-deadline"][0]
    assert note["severity"] == "note" and "Monday, March 1, 2027 (28 days left" in note["problem"]


def test_a_master_hearing_three_days_away_is_no_longer_ready(court_packet, monkeypatch):
    """The issue's first case: a non-detained packet whose hearing is 3 days away reported 0 blockers."""
    set_(court_packet, "hearing_date=2027-03-04", "hearing_type=master")
    on(monkeypatch, "2027-03-01")
    deadline, found, report = deadline_of(court_packet)
    assert deadline["rule"] == "eoir-master-non-detained" and deadline["due"] == "2027-02-17"
    assert deadline["days_left"] == -12 and deadline["severity"] == "blocker"
    blocker = found["filing-deadline-passed"][0]
    assert blocker["severity"] == "blocker" and "passed 12 days ago" in blocker["problem"]
    assert blocker["fix"] == LATE_FIX
    assert not report["ready"]
    rc, _, err = run_cli("build", court_packet, "-o", court_packet.parent / "out.pdf", "--quiet")
    assert rc == 1 and "late filing" in err  # build refuses, saying how to fix it


def test_inside_a_week_is_a_warning_and_the_day_itself_still_counts(court_packet, monkeypatch):
    set_(court_packet, "hearing_date=2027-04-20", "hearing_type=individual")  # due Monday, April 5
    on(monkeypatch, "2027-03-29")
    deadline, found, _ = deadline_of(court_packet)
    assert (deadline["due"], deadline["days_left"], deadline["severity"]) == ("2027-04-05", 7, "warning")
    assert found["filing-deadline-soon"][0]["fix"] == "File by Monday, April 5, 2027."
    on(monkeypatch, "2027-04-05")
    deadline, found, _ = deadline_of(court_packet)
    assert (deadline["days_left"], deadline["left"]) == (0, "due today") and "filing-deadline-soon" in found
    on(monkeypatch, "2027-04-06")
    deadline, found, _ = deadline_of(court_packet)
    assert deadline["severity"] == "blocker" and "filing-deadline-passed" in found


def test_a_holiday_moves_the_deadline(court_packet, monkeypatch):
    # 15 days before Friday, December 10, 2027 is Thanksgiving (Thursday, November 25): due Friday, November 26.
    set_(court_packet, "hearing_date=2027-12-10", "hearing_type=master")
    on(monkeypatch, "2027-11-01")
    deadline, _, _ = deadline_of(court_packet)
    assert (deadline["counted"], deadline["due"], deadline["moved_because"]) == (
        "2027-11-25", "2027-11-26", "Thanksgiving Day")


def test_an_unknown_hearing_type_uses_the_earlier_rule_and_says_so(court_packet, monkeypatch):
    set_(court_packet, "hearing_date=2027-03-15")
    on(monkeypatch, "2027-01-04")
    deadline, found, _ = deadline_of(court_packet)
    assert deadline["assumed"].startswith("The hearing type is not given")
    assert "hearing type is not given" in found["filing-deadline"][0]["problem"]


def test_detained_the_court_sets_the_date(court_packet, monkeypatch):
    """The issue's second case: a detained packet 9 days from its hearing."""
    set_(court_packet, "hearing_date=2027-03-10", "hearing_type=master", "detained=yes")
    on(monkeypatch, "2027-03-01")
    deadline, found, _ = deadline_of(court_packet)
    assert deadline is None
    missing = found["court-deadline-missing"][0]
    assert missing["severity"] == "warning" and "court sets" in missing["problem"]
    set_(court_packet, "court_set_deadline=2027-03-06")  # a Saturday: moves to Monday, March 8
    deadline, found, _ = deadline_of(court_packet)
    assert deadline["rule"] == "eoir-detained-court-set" and deadline["basis"] == "the date the court set"
    assert (deadline["due"], deadline["days_left"], deadline["severity"]) == ("2027-03-08", 7, "warning")
    on(monkeypatch, "2027-03-09")
    deadline, found, _ = deadline_of(court_packet)
    assert deadline["severity"] == "blocker" and found["filing-deadline-passed"][0]["fix"] == LATE_FIX


def test_an_opla_request_has_no_court_deadline(tmp_path, monkeypatch):
    rc, _, err = run_cli("new", tmp_path / "Opla", "--template", "opla-pd-request", "--set", "respondent=Ana Lopez",
                         "--set", "a_number=123456789", "--set", "hearing_date=2027-03-04")
    assert rc == 0, err
    on(monkeypatch, "2027-03-01")
    deadline, found, _ = deadline_of(tmp_path / "Opla.packet")
    assert deadline is None and not any(c.startswith("filing-deadline") for c in found)


def test_the_store_entry_point_and_the_window_helper_agree(court_packet, monkeypatch):
    set_(court_packet, "hearing_date=2027-03-15", "hearing_type=individual")
    pf = open_packet(court_packet)
    status = packet_deadline(pf.packet, date(2027, 2, 26))
    checked = readiness(pf.path, pf.packet, today=date(2027, 2, 26))
    assert status.deadline == checked.deadline.deadline and status.deadline.days_left == 3
    assert [f.code for f in checked.findings if f.code.startswith("filing-deadline")] == ["filing-deadline-soon"]


# -- one applicant and the passport (Form I-246) -------------------------------------------------------------

def test_form_i246_one_applicant_and_the_passport(tmp_path, monkeypatch):
    rc, _, err = run_cli("new", tmp_path / "Stay", "--template", "ice-stay-of-removal", "--set", "respondent=Ana Lopez",
                         "--set", "a_number=123456789")
    assert rc == 0, err
    packet = tmp_path / "Stay.packet"
    on(monkeypatch, "2027-01-10")
    _, found, _ = deadline_of(packet)
    assert {"passport-expiry-missing", "stay-until-missing"} <= set(found)
    # the passport rule says what the two dates are for; the template's "required field" warning does not repeat it
    assert not [f for f in found.get("cover-field-missing", []) if "passport" in f["problem"] or "stay" in
                f["problem"]]
    set_(packet, "passport_expiry=2027-09-30", "stay_until=2027-06-30")
    _, found, _ = deadline_of(packet)
    blocker = found["passport-expires-too-soon"][0]
    assert "September 30, 2027" in blocker["problem"] and "December 30, 2027" in blocker["problem"]
    set_(packet, "passport_expiry=2028-01-15", "respondent=Ana Lopez", "respondent=Luis Lopez")
    _, found, report = deadline_of(packet)
    assert "passport-expires-too-soon" not in found
    assert found["one-applicant-only"][0]["fix"] == "Make a packet for each family member."
    assert not report["ready"]


# -- the new cover fields, checked the same way by new --set and set ------------------------------------------

@pytest.mark.parametrize(("value", "stored"), [("individual", "individual"), ("Master calendar", "master"),
                                               ("merits", "individual"), ("", "")])
def test_hearing_type_words(court_packet, value, stored):
    set_(court_packet, f"hearing_type={value}")
    assert open_packet(court_packet).packet.cover.hearing_type == stored


@pytest.mark.parametrize(("pair", "words"), [
    ("hearing_type=bond", "use master or individual"),
    ("court_set_deadline=March 6", "YYYY-MM-DD"),
    ("passport_expiry=2027-02-30", "YYYY-MM-DD"),
    ("stay_until=soon", "YYYY-MM-DD"),
    ("posture=not-in-proceedings", "use one of: in-proceedings (In removal proceedings); post-order"),
])
def test_bad_cover_values_are_refused_and_change_nothing(court_packet, pair, words):
    before = (court_packet / "packet.json").read_bytes()
    rc, _, err = run_cli("set", court_packet, "requested=Administrative closure", pair)
    assert rc == 2 and words in err and pair.split("=")[0] in err
    assert (court_packet / "packet.json").read_bytes() == before
    rc, _, err = run_cli("new", court_packet.parent / "Other", "--template", "eoir-admin-closure", "--set", pair)
    assert rc == 2 and words in err
    assert not (court_packet.parent / "Other.packet").exists()


def test_posture_requested_and_dates_are_stored(court_packet):
    set_(court_packet, "posture=Post-order: subject to a final order of removal", "requested=Administrative closure",
         "court_set_deadline=2027-03-06", "passport_expiry=2030-01-01", "stay_until=2028-01-01")
    cover = json.loads((court_packet / "packet.json").read_text(encoding="utf-8"))["cover"]
    assert (cover["posture"], cover["requested"], cover["court_set_deadline"]) == (
        "post-order", "Administrative closure", "2027-03-06")
    assert (cover["passport_expiry"], cover["stay_until"]) == ("2030-01-01", "2028-01-01")
