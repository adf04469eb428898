"""Per-person rules of a filing: one applicant per packet (Form I-246), and a passport valid long enough past the
stay asked for. Pure checks over the cover sheet, returning `RuleFinding`s the readiness check wraps.

The numbers come from the packet's template (`one_applicant`, `passport_months_beyond_stay`), which names its
source; nothing here is legal advice.
"""

from __future__ import annotations

import calendar
from datetime import date

from packet.core.deadlines import long_date
from packet.core.model import CoverSheet
from packet.core.rule_data import BLOCKER, WARNING, RuleFinding

WHERE = "Cover sheet"
_WORDS = {1: "one month", 2: "two months", 3: "three months", 6: "six months", 12: "twelve months"}


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it has no such day (Aug 31 + 6 months = Feb 28/29)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _months(n: int) -> str:
    return _WORDS.get(n, f"{n} months")


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def one_applicant_findings(cover: CoverSheet, one_applicant: bool) -> list[RuleFinding]:
    """A blocker when the form is one application per person and the cover names more than one."""
    people = [r for r in cover.respondents if r.name.strip() or r.a_number.strip()]
    if not one_applicant or len(people) < 2:
        return []
    names = ", ".join(r.name.strip() or r.a_number.strip() for r in people)
    return [RuleFinding(BLOCKER, "one-applicant-only", WHERE,
                        f"This application is one per person, and the packet names {len(people)} people ({names}); "
                        "an application listing several applicants is rejected.",
                        "Make a packet for each family member.")]


def passport_findings(cover: CoverSheet, months_beyond_stay: int, today: date | None = None,
                      where_rule: str = "the Form I-246 instructions") -> list[RuleFinding]:
    """A blocker when the passport expires before `months_beyond_stay` months past the date the stay is asked for
    (both dates in the message); warnings when either date is missing, and blockers when one is not a date."""
    if months_beyond_stay <= 0:
        return []
    out: list[RuleFinding] = []
    expiry, until = _day(cover.passport_expiry), _day(cover.stay_until)
    for text, value, code, what in ((cover.passport_expiry, expiry, "passport-expiry-malformed", "passport's expiry"),
                                    (cover.stay_until, until, "stay-until-malformed", "date the stay is asked until")):
        if text.strip() and value is None:
            out.append(RuleFinding(BLOCKER, code, WHERE, f"The {what} ({text.strip()!r}) is not a date.",
                                   "Write it as YYYY-MM-DD."))
    if out:
        return out
    need = _months(months_beyond_stay)
    if expiry is None:
        out.append(RuleFinding(WARNING, "passport-expiry-missing", WHERE,
                               f"The passport's expiry date is not entered; {where_rule} ask for a passport valid "
                               f"{need} past the stay requested.",
                               "Enter the expiry date from the passport. If there is no valid passport, include "
                               "proof that one was applied for and say so in the statement."))
    if until is None:
        out.append(RuleFinding(WARNING, "stay-until-missing", WHERE,
                               "The date to which the stay is requested is not entered.",
                               "Enter the date (the form asks for it), so the passport's validity can be checked."))
    if expiry is None or until is None:
        return out
    if today is not None and until < today:
        out.append(RuleFinding(WARNING, "stay-until-past", WHERE,
                               f"The stay is requested until {long_date(until)}, which has passed.",
                               "Enter the date to which the stay is requested."))
    valid_until = add_months(until, months_beyond_stay)
    if expiry < valid_until:
        latest = _latest_stay(expiry, months_beyond_stay)
        out.append(RuleFinding(BLOCKER, "passport-expires-too-soon", WHERE,
                               f"The passport expires on {long_date(expiry)}, but it must be valid {need} past the "
                               f"end of the stay requested ({long_date(until)}), that is until at least "
                               f"{long_date(valid_until)} ({where_rule}).",
                               "Renew the passport before filing, or ask for a stay that ends by "
                               f"{long_date(latest)}; if no valid passport can be had, include proof that one was "
                               "applied for."))
    return out


def _latest_stay(expiry: date, months: int) -> date:
    """The latest stay end the passport still covers: the last day d with add_months(d, months) <= expiry."""
    guess = add_months(expiry, -months)
    while add_months(guess, months) > expiry:
        guess = date.fromordinal(guess.toordinal() - 1)
    while add_months(date.fromordinal(guess.toordinal() + 1), months) <= expiry:  # Aug 29-31 + 6 = Feb 28 too
        guess = date.fromordinal(guess.toordinal() + 1)
    return guess
