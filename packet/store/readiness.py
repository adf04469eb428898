"""The one way to run the filing-readiness check on an open packet: `packet check`, `packet build`, the window's
Readiness tab and its export dialog all call `readiness()`, so they always see the same findings.

It gathers every input the pure rules in core/checks.py need: the filing profile (the packet's own, or one asked
for), the facts about the stored documents (sizes, pages without text), the cover fields the packet's template
requires, and the filing rules of core/filing_rules.py (the filing deadline, one applicant, the passport), which
need "today": `checking_date()` is the real date unless PACKET_TODAY=YYYY-MM-DD says otherwise (for tests and for
checking a packet as of another day).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from packet.core.checks import BLOCKER, SEVERITY_ORDER, WARNING, Finding, blockers, check_packet
from packet.core.filing_rules import DeadlineStatus, deadline_status, filing_rule_findings
from packet.core.i18n import _
from packet.core.model import Packet
from packet.core.profiles import Profile
from packet.store.facts import packet_facts
from packet.store.ocr_engine import engine_available
from packet.store.profile_library import ProfileNotFound, load_all_profiles
from packet.store.template_library import packet_template

__all__ = ["ProfileNotFound", "Readiness", "packet_deadline", "checking_date", "readiness"]

TODAY_VARIABLE = "PACKET_TODAY"


def checking_date() -> date:
    """The date the filing rules are checked on: PACKET_TODAY (YYYY-MM-DD) when it is set and a date, else today."""
    fixed = os.environ.get(TODAY_VARIABLE, "").strip()
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            pass
    return date.today()


def packet_deadline(packet: Packet, on: date | None = None) -> DeadlineStatus:
    """The packet's filing deadline as the readiness check sees it (cheap: no disk beyond the template), for the
    window's deadline line and the cover form."""
    return deadline_status(packet, on or checking_date(), packet_template(packet.template))


@dataclass
class Readiness:
    profile: Profile | None  # what the packet was checked against; None: no particular receiver
    findings: list[Finding]  # blockers first
    problems: list[str] = field(default_factory=list)  # profile files that could not be read, and were skipped
    deadline: DeadlineStatus = field(default_factory=lambda: DeadlineStatus(None, None))

    @property
    def blockers(self) -> list[Finding]:
        return blockers(self.findings)

    @property
    def ready(self) -> bool:
        return not any(f.severity == BLOCKER for f in self.findings)


def readiness(folder: str | Path, packet: Packet, profile_id: str | None = None,
              today: date | None = None) -> Readiness:
    """Check `packet` (whose documents live in `folder`) against `profile_id`, or against its own profile.

    A profile asked for by id that does not exist raises ProfileNotFound. The packet's own profile missing (a
    user profile deleted since) is a warning finding, and the packet is checked without one.
    """
    profiles, problems = load_all_profiles()
    findings: list[Finding] = []
    profile: Profile | None = None
    if profile_id:
        if profile_id not in profiles:
            raise ProfileNotFound(_("unknown filing profile {profile_id!r}; profiles: {profiles}").format(
                                      profile_id=profile_id, profiles=', '.join(sorted(profiles))))
        profile = profiles[profile_id]
    elif packet.profile:
        profile = profiles.get(packet.profile)
        if profile is None:
            findings.append(Finding(
                WARNING, "profile-missing", _("Filing profile"),
                _("The packet is set to file with the profile {profile!r}, which is not installed here; it was "
                  "checked without one (no size limit, no certificate-of-service rule).").format(
                    profile=packet.profile),
                _("Choose a filing profile (one of: {profiles}), or copy the missing profile into your profiles "
                  "folder (see 'packet profiles').").format(profiles=', '.join(sorted(profiles)))))
    on = today or checking_date()
    template = packet_template(packet.template)
    # The passport rule reports its own two fields, with what they are for; not twice.
    own = ("passport_expiry", "stay_until") if template and template.passport_months_beyond_stay else ()
    required = tuple(f for f in template.cover_require if f not in own) if template else ()
    findings += check_packet(packet, profile, packet_facts(Path(folder), packet), today=on, required_cover=required,
                             ocr_available=engine_available())
    status = deadline_status(packet, on, template)
    findings += [Finding(**f.as_dict()) for f in filing_rule_findings(packet, on, template)]
    findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    return Readiness(profile, findings, problems, status)
