"""The filing rules together, per template and receiver: the court's deadline only for court filings, one
applicant and the passport only for Form I-246."""

from __future__ import annotations

from datetime import date

from packet.core.filing_rules import filing_rule_findings
from packet.core.model import Packet, Respondent
from packet.core.templates import apply_template, builtin_templates


def made_from(template_id: str, **cover) -> tuple[Packet, object]:
    t = next(x for x in builtin_templates()[0] if x.id == template_id)
    p = Packet(name="Núñez")
    apply_template(p, t)
    p.cover.respondents = [Respondent("José Núñez Ibáñez", "012345678")]
    for k, v in cover.items():
        setattr(p.cover, k, v)
    return p, t


def codes(findings) -> list[tuple[str, str]]:
    return [(f.severity, f.code) for f in findings]


def test_a_court_motion_gets_the_deadline():
    p, t = made_from("eoir-admin-closure", hearing_date="2027-03-04", hearing_type="master")
    assert codes(filing_rule_findings(p, date(2027, 3, 1), t)) == [("blocker", "filing-deadline-passed")]
    p.cover.detained = True
    assert codes(filing_rule_findings(p, date(2027, 3, 1), t)) == [("warning", "court-deadline-missing")]


def test_an_opla_request_has_no_court_deadline():
    p, t = made_from("opla-pd-request", hearing_date="2027-03-04", hearing_type="master")
    assert filing_rule_findings(p, date(2027, 3, 1), t) == []


def test_form_i246_checks_applicants_and_passport():
    p, t = made_from("ice-stay-of-removal", passport_expiry="2027-09-30", stay_until="2027-06-30")
    p.cover.respondents.append(Respondent("Ana Núñez Ibáñez", "098765432"))
    assert codes(filing_rule_findings(p, date(2026, 12, 1), t)) == [("blocker", "one-applicant-only"),
                                                                   ("blocker", "passport-expires-too-soon")]
    p.cover.respondents.pop()
    p.cover.passport_expiry = "2028-01-31"
    assert filing_rule_findings(p, date(2026, 12, 1), t) == []


def test_without_the_template_only_the_deadline_is_checked():
    p, _ = made_from("ice-stay-of-removal", passport_expiry="2020-01-01", stay_until="2027-06-30")
    p.cover.respondents.append(Respondent("Ana Núñez Ibáñez", "098765432"))
    assert filing_rule_findings(p, date(2026, 12, 1)) == []  # the ERO has no court deadlines
    p.cover.receiver = "no-such-office"  # a receiver Packet does not know: the immigration court's rules
    p.cover.hearing_date, p.cover.hearing_type = "2026-12-05", "individual"
    assert codes(filing_rule_findings(p, date(2026, 12, 1))) == [("blocker", "filing-deadline-passed")]
