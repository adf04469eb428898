"""Per-person rules of a filing: one applicant per packet (Form I-246), and a passport valid long enough past the
stay asked for. Pure checks over the cover sheet, returning `RuleFinding`s the readiness check wraps.

The numbers come from the packet's template (`one_applicant`, `passport_months_beyond_stay`), which names its
source; nothing here is legal advice.
"""

from __future__ import annotations

import calendar
from datetime import date

from packet.core.deadlines import long_date
from packet.core.i18n import N_, _, ngettext
from packet.core.model import CoverSheet
from packet.core.rule_data import BLOCKER, WARNING, RuleFinding

WHERE = N_("Cover sheet")
_WORDS = {1: N_("one month"), 2: N_("two months"), 3: N_("three months"), 6: N_("six months"),
          12: N_("twelve months")}


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it has no such day (Aug 31 + 6 months = Feb 28/29)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _months(n: int) -> str:
    return _(_WORDS[n]) if n in _WORDS else ngettext("{n} month", "{n} months", n).format(n=n)


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
    return [RuleFinding(BLOCKER, "one-applicant-only", _(WHERE),
                        _("This application is one per person, and the packet names {n} people ({names}); an "
                          "application listing several applicants is rejected.").format(n=len(people), names=names),
                        _("Make a packet for each family member."))]


def passport_findings(cover: CoverSheet, months_beyond_stay: int, today: date | None = None,
                      where_rule: str = N_("the Form I-246 instructions")) -> list[RuleFinding]:
    """A blocker when the passport expires before `months_beyond_stay` months past the date the stay is asked for
    (both dates in the message); warnings when either date is missing, and blockers when one is not a date."""
    if months_beyond_stay <= 0:
        return []
    out: list[RuleFinding] = []
    expiry, until = _day(cover.passport_expiry), _day(cover.stay_until)
    for text, value, code, problem in (
            (cover.passport_expiry, expiry, "passport-expiry-malformed",
             N_("The passport's expiry ({text!r}) is not a date.")),
            (cover.stay_until, until, "stay-until-malformed",
             N_("The date the stay is asked until ({text!r}) is not a date."))):
        if text.strip() and value is None:
            out.append(RuleFinding(BLOCKER, code, _(WHERE), _(problem).format(text=text.strip()),
                                   _("Write it as YYYY-MM-DD.")))
    if out:
        return out
    need = _months(months_beyond_stay)
    if expiry is None:
        out.append(RuleFinding(WARNING, "passport-expiry-missing", _(WHERE),
                               _("The passport's expiry date is not entered; {source} ask for a passport valid "
                                 "{months} past the stay requested.").format(source=_(where_rule), months=need),
                               _("Enter the expiry date from the passport. If there is no valid passport, include "
                                 "proof that one was applied for and say so in the statement.")))
    if until is None:
        out.append(RuleFinding(WARNING, "stay-until-missing", _(WHERE),
                               _("The date to which the stay is requested is not entered."),
                               _("Enter the date (the form asks for it), so the passport's validity can be checked.")))
    if expiry is None or until is None:
        return out
    if today is not None and until < today:
        out.append(RuleFinding(WARNING, "stay-until-past", _(WHERE),
                               _("The stay is requested until {date}, which has passed.").format(date=long_date(until)),
                               _("Enter the date to which the stay is requested.")))
    valid_until = add_months(until, months_beyond_stay)
    if expiry < valid_until:
        latest = _latest_stay(expiry, months_beyond_stay)
        out.append(RuleFinding(BLOCKER, "passport-expires-too-soon", _(WHERE),
                               _("The passport expires on {expiry}, but it must be valid {months} past the end of the "
                                 "stay requested ({until}), that is until at least {valid_until} ({source}).").format(
                                   expiry=long_date(expiry), months=need, until=long_date(until),
                                   valid_until=long_date(valid_until), source=_(where_rule)),
                               _("Renew the passport before filing, or ask for a stay that ends by {date}; if no "
                                 "valid passport can be had, include proof that one was applied for.").format(
                                   date=long_date(latest))))

    return out


def _latest_stay(expiry: date, months: int) -> date:
    """The latest stay end the passport still covers: the last day d with add_months(d, months) <= expiry."""
    guess = add_months(expiry, -months)
    while add_months(guess, months) > expiry:
        guess = date.fromordinal(guess.toordinal() - 1)
    while add_months(date.fromordinal(guess.toordinal() + 1), months) <= expiry:  # Aug 29-31 + 6 = Feb 28 too
        guess = date.fromordinal(guess.toordinal() + 1)
    return guess
