"""The filing rules of issues 11 and 12 in one call, for the readiness check to wrap: the filing deadline (when the
packet's receiver has deadline rules), one applicant per packet, and the passport's validity past the stay.

`template` is the packet's template when it can be found (its `one_applicant` and `passport_months_beyond_stay`
say which rules apply); without it only the deadline is checked. Each result is a `RuleFinding` with the fields
of `packet.core.checks.Finding`.
"""

from __future__ import annotations

from datetime import date

from packet.core.applicants import one_applicant_findings, passport_findings
from packet.core.deadlines import deadline_findings, load_deadline_rules
from packet.core.model import Packet
from packet.core.receivers import load_receivers
from packet.core.rule_data import RuleFinding
from packet.core.templates import Template


def filing_rule_findings(packet: Packet, today: date, template: Template | None = None) -> list[RuleFinding]:
    cover = packet.cover
    receivers = load_receivers()
    receiver_id = cover.receiver or (template.receiver if template else "")
    try:
        receiver = receivers.get(receiver_id)
    except KeyError:
        receiver = receivers.get("")
    out: list[RuleFinding] = []
    if receiver.deadlines:
        out += deadline_findings(cover.hearing_date, cover.hearing_type, cover.detained, cover.court_set_deadline,
                                 today, load_deadline_rules(receiver.deadlines))
    if template is not None:
        out += one_applicant_findings(cover, template.one_applicant)
        out += passport_findings(cover, template.passport_months_beyond_stay, today)
    return out
