"""Filing deadlines before a hearing, and the time to respond, from the rules in resources/deadlines/.

Pure: given the hearing date and type, whether the person is detained, a date the court set (if any) and "today",
say when the filing is due, under which rule, how many days are left, and how serious that is: fine, a warning
inside a week, a blocker once the day has passed. Weekends and holidays move a deadline exactly as the rule file
says (for EOIR: to the next business day, whichever way the days were counted). Never legal advice: each result
carries its rule's source and the date it was read, and the judge can always set other deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from packet.core.holidays import SHIFTS, HolidayTable, load_holidays
from packet.core.i18n import N_, _, ngettext
from packet.core.resources import resource
from packet.core.rule_data import (
    BLOCKER,
    NOTE,
    WARNING,
    DataReader,
    RuleDataError,
    RuleFinding,
    Source,
    read_rule_file,
)

DEADLINES_FOLDER = "deadlines"
SCHEMA_VERSION = 1
MASTER, INDIVIDUAL = "master", "individual"
HEARING_TYPES = (MASTER, INDIVIDUAL)
BEFORE_HEARING, COURT_SET, AFTER_FILING = "before_hearing", "court_set", "after_filing"
KINDS = (BEFORE_HEARING, COURT_SET, AFTER_FILING)
OK = "ok"  # severities of a deadline: OK, WARNING, BLOCKER

_DAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"))
_MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
           N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))
_WEEKEND = {"Saturday": N_("a Saturday"), "Sunday": N_("a Sunday")}


def long_date(d: date) -> str:
    """'Monday, March 1, 2027' in the interface language ('lunes, 1 de marzo de 2027'), never the C library's
    locale (Qt sets it). Only messages use it: the filing's own dates are drawn by the export, in English."""
    return _("{weekday}, {month} {day}, {year}").format(weekday=_(_DAYS[d.weekday()]), month=_(_MONTHS[d.month - 1]),
                                                       day=d.day, year=d.year)


@dataclass(frozen=True)
class DeadlineRule:
    id: str
    kind: str  # before_hearing, court_set, after_filing
    rule: str  # the rule in Packet's words
    source: Source
    hearing_type: str = ""  # before_hearing: master or individual
    detained: bool | None = None  # None: either
    days: int = 0
    master_late_filing_days: int = 0  # after_filing: a filing this close to a master hearing may be answered there


@dataclass(frozen=True)
class DeadlineRules:
    id: str
    name: str
    holidays: str  # id of the holiday table
    warn_within_days: int
    shift_before_hearing: str
    shift_after_event: str
    shift_specific_date: str
    counting: str
    counting_source: Source
    rules: tuple[DeadlineRule, ...]
    fix_passed: str

    def find(self, kind: str, detained: bool | None = None, hearing_type: str = "") -> list[DeadlineRule]:
        return [r for r in self.rules if r.kind == kind and (hearing_type == "" or r.hearing_type == hearing_type)
                and (r.detained is None or detained is None or r.detained == detained)]


@dataclass(frozen=True)
class Deadline:
    """A computed deadline: when, under which rule, and how much time is left."""

    due: date
    counted: date  # the day the count landed on, before a weekend or holiday moved it
    moved_because: str  # "Saturday", "Thanksgiving Day", ... or ""
    rule: DeadlineRule
    days_left: int  # 0: due today; negative: passed
    severity: str  # ok, warning, blocker
    fix: str
    assumed: str = ""  # an assumption made for missing information, said in the message
    may_answer_at_hearing: bool = False  # responses only: the filing came so late it may be answered at the hearing

    def left(self) -> str:
        if self.days_left < 0:
            n = -self.days_left
            return ngettext("passed {n} day ago", "passed {n} days ago", n).format(n=n)
        if self.days_left == 0:
            return _("due today")
        return ngettext("{n} day left", "{n} days left", self.days_left).format(n=self.days_left)

    def summary(self) -> str:
        """'Monday, March 1, 2027 (5 days left; moved from Saturday, February 27, 2027, a Saturday)'."""
        if not self.moved_because:
            return _("{date} ({left})").format(date=long_date(self.due), left=self.left())
        return _("{date} ({left}; moved from {counted}, {why})").format(
            date=long_date(self.due), left=self.left(), counted=long_date(self.counted), why=_a(self.moved_because))


def moved_reason(why: str) -> str:
    """Why a deadline moved: 'a Saturday' ('un sábado'), or the holiday's name (as the holiday table gives it)."""
    return _(_WEEKEND[why]) if why in _WEEKEND else why


_a = moved_reason


def severity_of(days_left: int, warn_within_days: int) -> str:
    """Blocker once the deadline has passed; a warning when it is `warn_within_days` days away or closer."""
    if days_left < 0:
        return BLOCKER
    return WARNING if days_left <= warn_within_days else OK


# -- reading the rules -------------------------------------------------------------------------------------------

_TOP = ("schema_version", "id", "name", "about", "holidays", "warn_within_days", "counting", "rules", "fix_passed")
_COUNTING = ("id", "rule", "unit", "shift_before_hearing", "shift_after_event", "shift_specific_date", "source",
             "read", "confirmed", "note")
_RULE = ("id", "kind", "hearing_type", "detained", "days", "rule", "source", "read", "confirmed", "note", "history",
         "master_late_filing_days")


def parse_deadline_rules(data: object, source: str) -> DeadlineRules:
    r = DataReader(source)
    obj = r.object(data, "", _TOP, ("schema_version", "id", "holidays", "counting", "rules", "fix_passed"))
    version = r.whole(obj, "schema_version", "schema_version", 1, 1_000)
    if version > SCHEMA_VERSION:
        raise r.fail("schema_version", f"is {version}: written by a newer Packet (this one reads up to "
                                       f"{SCHEMA_VERSION}); update Packet")
    c = r.object(obj["counting"], "counting", _COUNTING, ("rule", "source", "read"))
    if r.text(c, "unit", "counting.unit", "calendar_days") != "calendar_days":
        raise r.fail("counting.unit", "must be \"calendar_days\" (the only unit Packet counts)")
    rules: list[DeadlineRule] = []
    for i, raw in enumerate(r.items(obj, "rules", "rules", required=True)):
        where = f"rules[{i}]"
        o = r.object(raw, where, _RULE, ("id", "kind", "rule", "source"))
        rule_id = r.text(o, "id", f"{where}.id", required=True)
        where = f"rules[{i}] (\"{rule_id}\")"
        if any(x.id == rule_id for x in rules):
            raise r.fail(f"{where}.id", "is used by another rule too")
        kind = r.choice(o, "kind", f"{where}.kind", KINDS)
        detained = o.get("detained")
        if detained is not None and not isinstance(detained, bool):
            raise r.fail(f"{where}.detained", "must be true, false, or left out (either)")
        rule = DeadlineRule(
            id=rule_id, kind=kind, rule=r.text(o, "rule", f"{where}.rule", required=True),
            source=r.source_of(o, where, read=r.text(o, "read", f"{where}.read"),
                               confirmed=r.flag(o, "confirmed", f"{where}.confirmed", True),
                               note=r.text(o, "note", f"{where}.note")),
            hearing_type=r.choice(o, "hearing_type", f"{where}.hearing_type", HEARING_TYPES)
            if kind == BEFORE_HEARING else "",
            detained=detained,
            days=r.whole(o, "days", f"{where}.days", 1, 365) if kind != COURT_SET else 0,
            master_late_filing_days=r.whole(o, "master_late_filing_days", f"{where}.master_late_filing_days", 0,
                                            365, default=0),
        )
        rules.append(rule)
    for t in HEARING_TYPES:
        if not any(x.kind == BEFORE_HEARING and x.hearing_type == t for x in rules):
            raise r.fail("rules", f"has no \"before_hearing\" rule for {t} hearings")
    return DeadlineRules(
        id=r.text(obj, "id", "id", required=True),
        name=r.text(obj, "name", "name"),
        holidays=r.text(obj, "holidays", "holidays", required=True),
        warn_within_days=r.whole(obj, "warn_within_days", "warn_within_days", 0, 90, default=7),
        shift_before_hearing=r.choice(c, "shift_before_hearing", "counting.shift_before_hearing", SHIFTS),
        shift_after_event=r.choice(c, "shift_after_event", "counting.shift_after_event", SHIFTS),
        shift_specific_date=r.choice(c, "shift_specific_date", "counting.shift_specific_date", SHIFTS),
        counting=r.text(c, "rule", "counting.rule", required=True),
        counting_source=r.source_of(c, "counting", read=r.text(c, "read", "counting.read"),
                                    confirmed=r.flag(c, "confirmed", "counting.confirmed", True),
                                    note=r.text(c, "note", "counting.note")),
        rules=tuple(rules),
        fix_passed=r.text(obj, "fix_passed", "fix_passed", required=True),
    )


@lru_cache(maxsize=4)
def load_deadline_rules(rules_id: str = "eoir") -> DeadlineRules:
    """The built-in rule file `resources/deadlines/<id>.json`."""
    path = resource(DEADLINES_FOLDER, f"{rules_id}.json")
    source = f"deadline rules {path.name}"
    return parse_deadline_rules(read_rule_file(path, source), source)


# -- computing ---------------------------------------------------------------------------------------------------

def _deadline(counted: date, shift: str, rule: DeadlineRule, rules: DeadlineRules, holidays: HolidayTable,
              today: date, fix: str = "", assumed: str = "", answer_at_hearing: bool = False) -> Deadline:
    due = holidays.shift(counted, shift)
    left = (due - today).days
    level = severity_of(left, rules.warn_within_days)
    if not fix:
        fix = _(rules.fix_passed) if level == BLOCKER else _("File by {date}.").format(date=long_date(due))
    return Deadline(due, counted, holidays.why_closed(counted) if due != counted else "", rule, left, level, fix,
                    assumed, answer_at_hearing)


def filing_deadline(hearing_date: date | None, hearing_type: str, detained: bool, today: date,
                    court_set: date | None = None, rules: DeadlineRules | None = None,
                    holidays: HolidayTable | None = None) -> Deadline | None:
    """The deadline to file before the next hearing, or None when no date can be computed: no hearing date, or a
    detained case without the date the court set. A date the court set always wins over the default rule.
    `hearing_type` "" (not known) takes the earliest of the rules for master and individual hearings."""
    rules = rules or load_deadline_rules()
    holidays = holidays or load_holidays(rules.holidays)
    if court_set is not None:
        found = rules.find(COURT_SET, detained)
        preferred = [x for x in found if x.detained == detained] or found
        if not preferred:
            raise RuleDataError(f"deadline rules {rules.id}: no \"court_set\" rule", rules.id, "rules")
        return _deadline(court_set, rules.shift_specific_date, preferred[0], rules, holidays, today)
    if hearing_date is None or detained:
        return None
    if hearing_type and hearing_type not in HEARING_TYPES:
        raise ValueError(f"hearing type {hearing_type!r}: use one of {', '.join(HEARING_TYPES)}, or '' if unknown")
    candidates = rules.find(BEFORE_HEARING, False, hearing_type)
    # Unknown type: the earliest deadline; between equal ones, the individual hearing's (no "if requesting a ruling").
    candidates.sort(key=lambda x: (-x.days, x.hearing_type != INDIVIDUAL))
    rule = candidates[0]
    assumed = "" if hearing_type else {
        MASTER: _("The hearing type is not given, so the earlier deadline is used (the rule for master hearings)."),
        INDIVIDUAL: _("The hearing type is not given, so the earlier deadline is used (the rule for individual "
                      "hearings)."),
    }.get(rule.hearing_type, "")
    return _deadline(hearing_date - timedelta(days=rule.days), rules.shift_before_hearing, rule, rules, holidays,
                     today, assumed=assumed)


def response_deadline(filed_on: date, today: date, detained: bool = False, hearing_date: date | None = None,
                      hearing_type: str = "", rules: DeadlineRules | None = None,
                      holidays: HolidayTable | None = None) -> Deadline | None:
    """The deadline to respond to the other party's filing received by the court on `filed_on`; None when the
    person is detained (the court sets it). Before a master hearing, a filing made late may be answered at the
    hearing itself: `may_answer_at_hearing` says so."""
    rules = rules or load_deadline_rules()
    holidays = holidays or load_holidays(rules.holidays)
    if detained:
        return None
    found = rules.find(AFTER_FILING, False)
    if not found:
        raise RuleDataError(f"deadline rules {rules.id}: no \"after_filing\" rule", rules.id, "rules")
    rule = found[0]
    late = bool(hearing_type == MASTER and hearing_date is not None and rule.master_late_filing_days
                and (hearing_date - filed_on).days < rule.master_late_filing_days)
    return _deadline(filed_on + timedelta(days=rule.days), rules.shift_after_event, rule, rules, holidays, today,
                     answer_at_hearing=late)


# -- findings for the readiness check ----------------------------------------------------------------------------

WHERE = N_("Filing deadline")


def deadline_basis(d: Deadline, hearing: date | None, hearing_type: str) -> str:
    """What the deadline is counted from: 'the date the court set', '15 days before the individual hearing on
    Monday, March 15, 2027' (an unknown hearing type: 'before the hearing'), or the rule's own words."""
    if d.rule.kind == COURT_SET:
        return _("the date the court set")
    if hearing is None:
        return _(d.rule.rule)
    n, on = d.rule.days, long_date(hearing)
    if not hearing_type:
        return ngettext("{n} day before the hearing on {date}", "{n} days before the hearing on {date}", n).format(
            n=n, date=on)
    if d.rule.hearing_type == MASTER:
        return ngettext("{n} day before the master hearing on {date}", "{n} days before the master hearing on {date}",
                        n).format(n=n, date=on)
    return ngettext("{n} day before the individual hearing on {date}",
                    "{n} days before the individual hearing on {date}", n).format(n=n, date=on)


def _parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


def deadline_findings(hearing_date: str, hearing_type: str, detained: bool, court_set: str, today: date,
                      rules: DeadlineRules | None = None, holidays: HolidayTable | None = None) -> list[RuleFinding]:
    """What the readiness check reports about the filing deadline, from the cover's text fields (dates written
    YYYY-MM-DD, "" when empty). Always one finding when there is a deadline: a note with the date and days left, a
    warning inside a week, a blocker once passed. Nothing when there is no upcoming hearing (other checks report a
    missing or past hearing date)."""
    rules = rules or load_deadline_rules()
    holidays = holidays or load_holidays(rules.holidays)
    out: list[RuleFinding] = []
    set_day = _parse_day(court_set)
    if court_set.strip() and set_day is None:
        return [RuleFinding(BLOCKER, "court-deadline-malformed", _(WHERE),
                            _("The filing deadline the court set ({date!r}) is not a date.").format(
                                date=court_set.strip()),
                            _("Write it as YYYY-MM-DD, as on the court's order or notice, or clear it."))]
    hearing = _parse_day(hearing_date)
    if set_day is None and (hearing is None or hearing < today):
        return []
    if hearing_type.strip() and hearing_type.strip() not in HEARING_TYPES:
        return [RuleFinding(WARNING, "hearing-type-unknown", _("Cover sheet"),
                            _("The hearing type {type!r} is not one Packet knows.").format(type=hearing_type.strip()),
                            _("Choose master calendar or individual (merits) hearing."))]
    d = filing_deadline(hearing, hearing_type.strip(), detained, today, set_day, rules, holidays)
    if d is None:  # detained, no date set by the court
        set_rules = rules.find(COURT_SET, True)
        problem = (_("In detained cases the immigration court sets the filing deadlines, and no date is entered "
                     "({source}).").format(source=set_rules[0].source.cite()) if set_rules else
                   _("In detained cases the immigration court sets the filing deadlines, and no date is entered."))
        return [RuleFinding(WARNING, "court-deadline-missing", _(WHERE), problem,
                            _("Enter the filing deadline from the court's order or scheduling notice."))]
    basis = deadline_basis(d, hearing, hearing_type.strip())  # an unknown type: the rule assumed, said below
    # Whole sentences, each translated on its own, joined with spaces.
    sentences = [_("Due {summary}, {basis}.").format(summary=d.summary(), basis=basis)]
    if d.assumed:
        sentences.append(d.assumed)
    sentences.append(_("Rule: {source}.").format(source=d.rule.source.cite()))
    if not holidays.covers(d.counted):
        sentences.append(_("Packet's holiday table runs {first}-{last}; holidays outside it are not counted.").format(
            first=holidays.first_year, last=holidays.last_year))
    code = {OK: "filing-deadline", WARNING: "filing-deadline-soon", BLOCKER: "filing-deadline-passed"}[d.severity]
    level = {OK: NOTE, WARNING: WARNING, BLOCKER: BLOCKER}[d.severity]
    out.append(RuleFinding(level, code, _(WHERE), " ".join(sentences), d.fix))

    return out
