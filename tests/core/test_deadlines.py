"""Filing deadlines with fixed "today" dates: each rule, weekend and holiday shifts, detained cases with and
without a date the court set, the warning and blocker boundaries, and the rule files' provenance."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta

import pytest

from packet.core.deadlines import (
    BLOCKER,
    OK,
    WARNING,
    deadline_findings,
    filing_deadline,
    load_deadline_rules,
    long_date,
    parse_deadline_rules,
    response_deadline,
    severity_of,
)
from packet.core.holidays import load_holidays
from packet.core.resources import resource
from packet.core.rule_data import NOTE, RuleDataError

RULES_FILE = resource("deadlines", "eoir.json")


def raw_rules() -> dict:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


def rule_data(**changes) -> dict:
    data = raw_rules()
    for rule in data["rules"]:
        if rule["id"] in changes:
            rule.update(changes[rule["id"]])
    return data


# -- the rules as the manual states them -------------------------------------------------------------------------

def test_individual_hearing_non_detained_is_15_days_before():
    hearing = date(2027, 3, 17)  # a Wednesday
    d = filing_deadline(hearing, "individual", False, today=date(2027, 2, 1))
    assert d is not None
    assert d.rule.id == "eoir-individual-non-detained" and d.rule.days == 15
    assert d.due == date(2027, 3, 2) == hearing - timedelta(days=15)  # the hearing is day 0, the day before day 1
    assert d.moved_because == "" and d.counted == d.due
    assert (d.days_left, d.severity) == (29, OK)


def test_master_hearing_non_detained_is_15_days_before_when_a_ruling_is_wanted():
    d = filing_deadline(date(2027, 3, 17), "master", False, today=date(2027, 2, 1))
    assert d is not None and d.rule.id == "eoir-master-non-detained"
    assert d.due == date(2027, 3, 2)
    assert "ruling" in d.rule.rule


def test_unknown_hearing_type_takes_the_earlier_deadline_and_says_so():
    rules = parse_deadline_rules(rule_data(**{"eoir-individual-non-detained": {"days": 30}}), "x.json")
    d = filing_deadline(date(2027, 3, 17), "", False, today=date(2027, 1, 4), rules=rules)
    assert d is not None and d.rule.id == "eoir-individual-non-detained"
    assert d.counted == date(2027, 2, 15) and d.moved_because == "Washington's Birthday"  # 30 days before
    assert d.due == date(2027, 2, 16)
    assert "hearing type is not given" in d.assumed
    # with the real (equal) rules the individual hearing's rule is the one named
    real = filing_deadline(date(2027, 3, 17), "", False, today=date(2027, 1, 4))
    assert real is not None and real.rule.id == "eoir-individual-non-detained" and real.assumed


def test_response_is_due_10_days_after_the_filing():
    d = response_deadline(date(2027, 3, 3), today=date(2027, 3, 4))  # Wednesday + 10 = Saturday
    assert d is not None and d.rule.id == "eoir-response"
    assert d.counted == date(2027, 3, 13) and d.moved_because == "Saturday"
    assert d.due == date(2027, 3, 15)  # the next business day, a Monday
    assert not d.may_answer_at_hearing


def test_late_filing_before_a_master_hearing_may_be_answered_at_the_hearing():
    d = response_deadline(date(2027, 3, 8), today=date(2027, 3, 8), hearing_date=date(2027, 3, 17),
                          hearing_type="master")
    assert d is not None and d.may_answer_at_hearing
    early = response_deadline(date(2027, 3, 1), today=date(2027, 3, 1), hearing_date=date(2027, 3, 17),
                              hearing_type="master")
    assert early is not None and not early.may_answer_at_hearing
    assert response_deadline(date(2027, 3, 1), today=date(2027, 3, 1), detained=True) is None


# -- weekends and holidays ---------------------------------------------------------------------------------------

def test_weekend_moves_the_deadline_to_the_next_business_day():
    d = filing_deadline(date(2027, 3, 15), "individual", False, today=date(2027, 2, 1))  # Monday hearing
    assert d is not None
    assert d.counted == date(2027, 2, 28) and d.counted.weekday() == 6  # a Sunday
    assert d.due == date(2027, 3, 1) and d.moved_because == "Sunday"
    assert "moved from Sunday, February 28, 2027, a Sunday" in d.summary()


def test_thanksgiving_moves_the_deadline_to_the_friday_after():
    hearing = date(2026, 11, 26) + timedelta(days=15)  # 15 days after Thanksgiving 2026
    d = filing_deadline(hearing, "individual", False, today=date(2026, 11, 1))
    assert d is not None
    assert d.counted == date(2026, 11, 26) and d.moved_because == "Thanksgiving Day"
    assert d.due == date(2026, 11, 27)  # the day after Thanksgiving is not a federal holiday


def test_july_4_observed_on_friday_moves_a_response_to_monday():
    d = response_deadline(date(2026, 6, 23), today=date(2026, 6, 24))  # + 10 = Friday, July 3, 2026
    assert d is not None
    assert d.counted == date(2026, 7, 3) and d.moved_because == "Independence Day (observed)"
    assert d.due == date(2026, 7, 6)


def test_holiday_after_a_weekend_moves_past_both():
    d = filing_deadline(None, "", False, today=date(2027, 12, 1), court_set=date(2027, 12, 24))
    assert d is not None and d.due == date(2027, 12, 27)  # Christmas observed Friday Dec 24, then the weekend
    new_year = filing_deadline(None, "", False, today=date(2027, 12, 1), court_set=date(2027, 12, 31))
    assert new_year is not None and new_year.due == date(2028, 1, 3)  # New Year's Day 2028 observed Dec 31


def test_the_shift_direction_is_data():
    data = raw_rules()
    data["counting"]["shift_before_hearing"] = "previous_business_day"
    rules = parse_deadline_rules(data, "x.json")
    d = filing_deadline(date(2027, 3, 15), "individual", False, today=date(2027, 2, 1), rules=rules)
    assert d is not None and d.due == date(2027, 2, 26)  # Sunday back to Friday


# -- detained cases and dates the court set ----------------------------------------------------------------------

def test_detained_without_a_court_set_date_has_no_computed_deadline():
    assert filing_deadline(date(2027, 3, 17), "individual", True, today=date(2027, 3, 8)) is None
    findings = deadline_findings("2027-03-17", "individual", True, "", today=date(2027, 3, 8))
    assert [(f.severity, f.code) for f in findings] == [(WARNING, "court-deadline-missing")]
    assert "court sets the filing deadlines" in findings[0].problem
    assert "Enter the filing deadline" in findings[0].fix


def test_detained_with_a_court_set_date():
    d = filing_deadline(date(2027, 3, 17), "master", True, today=date(2027, 3, 1), court_set=date(2027, 3, 10))
    assert d is not None and d.rule.id == "eoir-detained-court-set"
    assert (d.due, d.days_left, d.severity) == (date(2027, 3, 10), 9, OK)
    weekend = filing_deadline(date(2027, 3, 17), "master", True, today=date(2027, 3, 1),
                              court_set=date(2027, 3, 13))
    assert weekend is not None and weekend.due == date(2027, 3, 15)


def test_a_court_set_date_replaces_the_default_for_non_detained_cases():
    d = filing_deadline(date(2027, 3, 17), "individual", False, today=date(2027, 3, 1),
                        court_set=date(2027, 3, 12))
    assert d is not None and d.rule.id == "eoir-court-set-date" and d.due == date(2027, 3, 12)


# -- severity and findings ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("left", "level"), [(30, OK), (8, OK), (7, WARNING), (1, WARNING), (0, WARNING),
                                             (-1, BLOCKER), (-40, BLOCKER)])
def test_severity_boundaries(left, level):
    assert severity_of(left, 7) == level


def test_findings_at_the_boundaries():
    hearing = "2027-03-17"  # deadline Tuesday, March 2, 2027
    eight = deadline_findings(hearing, "individual", False, "", today=date(2027, 2, 22))
    assert [(f.severity, f.code) for f in eight] == [(NOTE, "filing-deadline")]
    assert "Tuesday, March 2, 2027 (8 days left)" in eight[0].problem
    assert "15 days before the individual hearing on Wednesday, March 17, 2027" in eight[0].problem
    assert "Appendix C" in eight[0].problem and "(read 2026-12-01)" in eight[0].problem
    seven = deadline_findings(hearing, "individual", False, "", today=date(2027, 2, 23))
    assert [(f.severity, f.code) for f in seven] == [(WARNING, "filing-deadline-soon")]
    assert seven[0].fix == "File by Tuesday, March 2, 2027."
    today = deadline_findings(hearing, "individual", False, "", today=date(2027, 3, 2))
    assert today[0].severity == WARNING and "due today" in today[0].problem
    late = deadline_findings(hearing, "individual", False, "", today=date(2027, 3, 3))
    assert [(f.severity, f.code) for f in late] == [(BLOCKER, "filing-deadline-passed")]
    assert "passed 1 day ago" in late[0].problem
    assert late[0].fix == "File a motion to accept a late filing, or change the date if the court set another."


def test_the_issue_cases_are_no_longer_ready():
    """Issue 12: a non-detained hearing 3 days away and a detained one 9 days away both reported 0 blockers."""
    today = date(2027, 3, 1)
    near = deadline_findings((today + timedelta(days=3)).isoformat(), "master", False, "", today)
    assert near[0].severity == BLOCKER and "passed 12 days ago" in near[0].problem
    detained = deadline_findings((today + timedelta(days=9)).isoformat(), "individual", True, "", today)
    assert detained[0].severity == WARNING and detained[0].code == "court-deadline-missing"
    set_and_passed = deadline_findings((today + timedelta(days=9)).isoformat(), "individual", True,
                                       (today - timedelta(days=3)).isoformat(), today)  # Friday, Feb 26
    assert set_and_passed[0].severity == BLOCKER and "the date the court set" in set_and_passed[0].problem
    # two days ago was a Saturday: the court's date moves to Monday, today, so it is due today, not passed
    weekend = deadline_findings((today + timedelta(days=9)).isoformat(), "individual", True,
                                (today - timedelta(days=2)).isoformat(), today)
    assert weekend[0].severity == WARNING and "due today" in weekend[0].problem


def test_no_findings_without_an_upcoming_hearing_and_a_clear_error_for_a_bad_date():
    assert deadline_findings("", "", False, "", today=date(2027, 3, 1)) == []
    assert deadline_findings("2027-02-01", "master", False, "", today=date(2027, 3, 1)) == []  # past: checked elsewhere
    bad = deadline_findings("2027-04-01", "master", True, "03/10/2027", today=date(2027, 3, 1))
    assert [(f.severity, f.code) for f in bad] == [(BLOCKER, "court-deadline-malformed")]
    assert "'03/10/2027'" in bad[0].problem and "YYYY-MM-DD" in bad[0].fix
    odd = deadline_findings("2027-04-01", "merits", False, "", today=date(2027, 3, 1))
    assert odd[0].code == "hearing-type-unknown"


def test_a_deadline_beyond_the_holiday_table_says_so():
    f = deadline_findings("2031-03-17", "individual", False, "", today=date(2031, 1, 2))
    assert "holiday table runs 2024-2030" in f[0].problem


def test_dates_print_in_english_whatever_the_locale():
    assert long_date(date(2026, 12, 1)) == "Tuesday, December 1, 2026"


# -- the rule file -----------------------------------------------------------------------------------------------

def test_every_rule_names_its_source_and_the_date_read():
    rules = load_deadline_rules()
    assert rules.holidays == "us-federal" and rules.warn_within_days == 7
    assert rules.counting_source.read == "2026-12-01"
    for r in rules.rules:
        assert r.source.title and r.source.url.startswith("https://") and r.source.read == "2026-12-01"
        assert r.rule
    individual = next(r for r in raw_rules()["rules"] if r["id"] == "eoir-individual-non-detained")
    assert individual["days"] == 15 and {h["days"] for h in individual["history"]} == {15, 30}
    assert "15 days" in individual["note"] and "newest" in individual["note"]


@pytest.mark.parametrize(("change", "field", "words"), [
    (lambda d: d["rules"][1].update(days="fifteen"), 'rules[1] ("eoir-individual-non-detained").days',
     "must be a whole number"),
    (lambda d: d["rules"][0].pop("read"), 'rules[0] ("eoir-master-non-detained").read', "is missing"),
    (lambda d: d["rules"][2].update(kind="before"), 'rules[2] ("eoir-detained-court-set").kind', "is not allowed"),
    (lambda d: d["counting"].update(shift_after_event="nearest"), "counting.shift_after_event", "is not allowed"),
    (lambda d: d.update(colour="red"), "colour", "is not a known field"),
    (lambda d: d["rules"][0]["source"].update(read="1 Dec 2026"), 'rules[0] ("eoir-master-non-detained").source.read',
     "YYYY-MM-DD"),
])
def test_a_bad_rule_file_is_refused_naming_the_file_and_field(change, field, words):
    data = copy.deepcopy(raw_rules())
    change(data)
    with pytest.raises(RuleDataError) as info:
        parse_deadline_rules(data, "deadline rules mine.json")
    message = str(info.value)
    assert message.startswith(f'deadline rules mine.json: field "{field}"'), message
    assert words in message


def test_the_holiday_table_is_the_one_the_rules_name():
    assert load_holidays(load_deadline_rules().holidays).id == "us-federal"
