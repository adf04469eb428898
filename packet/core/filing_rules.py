"""The filing rules of issues 11 and 12 in one call, for the readiness check to wrap: the filing deadline (when the
packet's receiver has deadline rules), one applicant per packet, and the passport's validity past the stay.

`template` is the packet's template when it can be found (its `one_applicant` and `passport_months_beyond_stay`
say which rules apply); without it only the deadline is checked. Each result is a `RuleFinding` with the fields
of `packet.core.checks.Finding`. `deadline_status` gives the deadline itself (date, days left, rule and source)
for `packet check --json`, the cover form and the window's deadline line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from packet.core.applicants import one_applicant_findings, passport_findings
from packet.core.deadlines import (
    HEARING_TYPES,
    Deadline,
    deadline_basis,
    deadline_findings,
    filing_deadline,
    load_deadline_rules,
)
from packet.core.model import Packet
from packet.core.receivers import Receiver, load_receivers
from packet.core.rule_data import RuleFinding
from packet.core.templates import Template


@dataclass(frozen=True)
class DeadlineStatus:
    """The filing deadline of a packet as the readiness check sees it.

    `deadline` is None when none can be computed (no receiver rules, no upcoming hearing, a detained case without
    the court's date, a date that is not a date); `finding` is the readiness finding about it, if any (also the
    reason there is no deadline: "the court sets it, enter its date")."""

    deadline: Deadline | None
    finding: RuleFinding | None
    basis: str = ""  # "15 days before the individual hearing on Monday, March 15, 2027", "the date the court set"

    def to_json(self) -> dict[str, Any] | None:
        """What `packet check --json` prints under "deadline" (None when there is no deadline)."""
        d = self.deadline
        if d is None:
            return None
        return {
            "due": d.due.isoformat(), "days_left": d.days_left, "severity": d.severity, "left": d.left(),
            "counted": d.counted.isoformat(), "moved_because": d.moved_because, "basis": self.basis,
            "assumed": d.assumed, "fix": d.fix, "rule": d.rule.id, "rule_text": d.rule.rule,
            "source": d.rule.source.cite(), "source_url": d.rule.source.url, "read": d.rule.source.read,
            "confirmed": d.rule.source.confirmed,
        }


def _receiver(packet: Packet, template: Template | None) -> Receiver:
    receivers = load_receivers()
    receiver_id = packet.cover.receiver or (template.receiver if template else "")
    try:
        return receivers.get(receiver_id)
    except KeyError:
        return receivers.get("")


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


def deadline_status(packet: Packet, today: date, template: Template | None = None) -> DeadlineStatus:
    """The packet's filing deadline, with the finding the readiness check reports about it."""
    receiver = _receiver(packet, template)
    if not receiver.deadlines:
        return DeadlineStatus(None, None)
    cover = packet.cover
    rules = load_deadline_rules(receiver.deadlines)
    findings = deadline_findings(cover.hearing_date, cover.hearing_type, cover.detained, cover.court_set_deadline,
                                 today, rules)
    finding = findings[0] if findings else None
    set_day, hearing = _day(cover.court_set_deadline), _day(cover.hearing_date)
    kind = cover.hearing_type.strip()
    if finding is None or (cover.court_set_deadline.strip() and set_day is None) or (kind and kind not in
                                                                                      HEARING_TYPES):
        return DeadlineStatus(None, finding)
    d = filing_deadline(hearing, kind, cover.detained, today, set_day, rules)
    if d is None:
        return DeadlineStatus(None, finding)
    return DeadlineStatus(d, finding, deadline_basis(d, hearing, kind))



def filing_rule_findings(packet: Packet, today: date, template: Template | None = None) -> list[RuleFinding]:
    cover = packet.cover
    status = deadline_status(packet, today, template)
    out: list[RuleFinding] = [status.finding] if status.finding is not None else []
    if template is not None:
        out += one_applicant_findings(cover, template.one_applicant)
        out += passport_findings(cover, template.passport_months_beyond_stay, today)
    return out
