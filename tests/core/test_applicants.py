"""One applicant per packet and the passport's validity past the stay requested (Form I-246)."""

from __future__ import annotations

from datetime import date

import pytest

from packet.core.applicants import _latest_stay, add_months, one_applicant_findings, passport_findings
from packet.core.model import CoverSheet, Respondent
from packet.core.rule_data import BLOCKER, WARNING


def cover(**kw) -> CoverSheet:
    c = CoverSheet(respondents=[Respondent("José Núñez Ibáñez", "012345678")])
    for k, v in kw.items():
        setattr(c, k, v)
    return c


def test_a_second_respondent_is_a_blocker_for_a_one_applicant_form():
    two = cover(respondents=[Respondent("José Núñez Ibáñez", "012345678"), Respondent("Ana Núñez", "098765432")])
    findings = one_applicant_findings(two, one_applicant=True)
    assert [(f.severity, f.code) for f in findings] == [(BLOCKER, "one-applicant-only")]
    assert "2 people (José Núñez Ibáñez, Ana Núñez)" in findings[0].problem
    assert findings[0].fix == "Make a packet for each family member."
    assert one_applicant_findings(two, one_applicant=False) == []  # forms that allow families
    assert one_applicant_findings(cover(), one_applicant=True) == []
    # an empty second row does not count as a person
    blank_row = cover(respondents=[Respondent("José Núñez Ibáñez", "012345678"), Respondent("", "")])
    assert one_applicant_findings(blank_row, one_applicant=True) == []


def test_a_passport_expiring_inside_six_months_of_the_stay_is_a_blocker_with_both_dates():
    c = cover(passport_expiry="2027-09-30", stay_until="2027-06-30")
    findings = passport_findings(c, 6)
    assert [(f.severity, f.code) for f in findings] == [(BLOCKER, "passport-expires-too-soon")]
    problem = findings[0].problem
    assert "Thursday, September 30, 2027" in problem and "Wednesday, June 30, 2027" in problem
    assert "until at least Thursday, December 30, 2027" in problem and "six months" in problem
    assert "a stay that ends by Wednesday, March 31, 2027" in findings[0].fix


@pytest.mark.parametrize(("expiry", "ok"), [("2027-12-30", True), ("2027-12-29", False), ("2028-06-01", True)])
def test_the_boundary_is_exactly_six_months(expiry, ok):
    findings = passport_findings(cover(passport_expiry=expiry, stay_until="2027-06-30"), 6)
    assert (findings == []) is ok


def test_missing_and_malformed_dates():
    both = passport_findings(cover(), 6)
    assert [(f.severity, f.code) for f in both] == [(WARNING, "passport-expiry-missing"),
                                                    (WARNING, "stay-until-missing")]
    assert "six months past the stay" in both[0].problem
    bad = passport_findings(cover(passport_expiry="30/09/2027", stay_until="2027-06-30"), 6)
    assert [(f.severity, f.code) for f in bad] == [(BLOCKER, "passport-expiry-malformed")]
    assert "'30/09/2027'" in bad[0].problem
    past = passport_findings(cover(passport_expiry="2030-01-01", stay_until="2026-01-31"), 6,
                             today=date(2026, 12, 1))
    assert [f.code for f in past] == ["stay-until-past"]
    assert passport_findings(cover(passport_expiry="2020-01-01", stay_until="2027-01-01"), 0) == []  # no rule


def test_months_are_added_as_on_a_calendar():
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)  # leap year
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 3, 15), -6) == date(2026, 9, 15)
    assert add_months(date(2027, 12, 1), 1) == date(2028, 1, 1)
    assert _latest_stay(date(2027, 2, 28), 6) == date(2026, 8, 31)
