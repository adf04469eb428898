"""Command-line verbs for filing: `packet check`, `packet profiles`, `packet set`, and the build's profile logic."""

from __future__ import annotations

import argparse
import json
import sys

from packet.core.checks import BLOCKER, Finding, blockers, check_packet
from packet.core.model import Packet
from packet.core.profiles import Profile

SETTINGS = {
    # name: (object, attribute, kind)
    "profile": ("packet", "profile", "text"),
    "summary": ("settings", "summary_of_equities", "bool"),
    "certificate_of_service": ("settings", "certificate_of_service", "bool"),
    "group_by_factor": ("settings", "group_index_by_factor", "bool"),
    "separators": ("settings", "separators", "bool"),
    "page_of_total": ("settings", "page_of_total", "bool"),
    "bates_prefix": ("settings", "bates_prefix", "text"),
    "bates_digits": ("settings", "bates_digits", "int"),
    "start_number": ("settings", "start_number", "int"),
    "stamp_position": ("settings", "stamp_position", "text"),
    "landscape": ("settings", "landscape", "text"),
    "label_style": ("settings", "label_style", "text"),
    "translator_name": ("translator", "name", "text"),
    "translator_address": ("translator", "address", "text"),
    "translator_phone": ("translator", "phone", "text"),
    "translator_email": ("translator", "email", "text"),
    "service_on": ("service", "served_on", "text"),
    "service_address": ("service", "address", "text"),
    "service_method": ("service", "method", "text"),
    "service_date": ("service", "date", "date"),
    "service_signer": ("service", "signer", "text"),
}


class FilingUsageError(Exception):
    pass


def add_parsers(sub) -> None:
    s = sub.add_parser("check", help="the filing-readiness check (exit 1 when there is a blocker)")
    s.add_argument("packet")
    s.add_argument("--profile", help="check against this filing profile (default: the packet's own)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_check)
    s = sub.add_parser("profiles", help="list the filing profiles")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_profiles)
    s = sub.add_parser("set", help="change packet settings, cover fields, translator or service details")
    s.add_argument("packet")
    s.add_argument("values", nargs="+", metavar="FIELD=VALUE",
                   help="cover fields as for 'new --set', and: " + ", ".join(SETTINGS))
    s.set_defaults(func=cmd_set)


def resolve_profile(packet: Packet, requested: str | None) -> tuple[Profile | None, list[str]]:
    from packet.store.paths import load_all_profiles

    profiles, problems = load_all_profiles()
    wanted = requested or packet.profile
    if not wanted:
        return None, problems
    if wanted not in profiles:
        raise FilingUsageError(f"unknown filing profile {wanted!r}; profiles: {', '.join(sorted(profiles))}")
    return profiles[wanted], problems


def template_requirements(packet: Packet) -> tuple[str, ...]:
    from packet.store.template_library import required_cover_fields

    return required_cover_fields(packet.template)


def run_check(folder, packet: Packet, profile: Profile | None) -> list[Finding]:
    from packet.store.facts import packet_facts

    return check_packet(packet, profile, packet_facts(folder, packet), required_cover=template_requirements(packet))


def print_findings(findings: list[Finding], stream=None) -> None:
    stream = stream or sys.stdout
    if not findings:
        print("Ready to file: no problems found.", file=stream)
        return
    for f in findings:
        print(f"{f.severity.upper():<8} {f.where}: {f.problem}", file=stream)
        print(f"         Fix: {f.fix}", file=stream)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("blocker", "warning", "note")}
    print(f"{counts['blocker']} blocker(s), {counts['warning']} warning(s), {counts['note']} note(s)", file=stream)


def cmd_check(args: argparse.Namespace) -> int:
    from packet.store.folder import open_packet

    pf = open_packet(args.packet)
    if pf.opened_from_backup:
        print(f"note: {pf.path / 'packet.json'} was unreadable; checked the previous save (packet.json.bak).",
              file=sys.stderr)
    profile, problems = resolve_profile(pf.packet, args.profile)
    for p in problems:
        print(f"warning: {p}", file=sys.stderr)
    findings = run_check(pf.path, pf.packet, profile)
    if args.json:
        print(json.dumps({"profile": profile.id if profile else "", "ready": not blockers(findings),
                          "findings": [f.to_json() for f in findings]}, indent=1, ensure_ascii=False))
    else:
        if profile:
            print(f"Checked against: {profile.name}")
        print_findings(findings)
    return 1 if any(f.severity == BLOCKER for f in findings) else 0


def cmd_profiles(args: argparse.Namespace) -> int:
    from packet.store.paths import load_all_profiles, user_profiles_dir

    profiles, problems = load_all_profiles()
    rows = [{"id": p.id, "name": p.name, "max_file_mb": p.max_file_mb, "certificate_of_service":
             p.certificate_of_service, "top_margin_in": p.top_margin_in, "source": p.source,
             "description": p.description} for p in profiles.values()]
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        for r in rows:
            limit = f"{r['max_file_mb']:g} MB per file" if r["max_file_mb"] else "no size limit"
            print(f"{r['id']:<14} {r['name']} ({limit})")
        print(f"Your own profiles go in {user_profiles_dir()} (copy a built-in one and change it).", file=sys.stderr)
    for p in problems:
        print(f"warning: {p}", file=sys.stderr)
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from packet.cli import UsageError, _parse_sets, apply_cover_values
    from packet.core.model import CoverSheet
    from packet.store.folder import open_packet

    pf = open_packet(args.packet)

    def apply(packet: Packet) -> None:  # on packet.json as it is when saving: another program's save is kept
        cover_values = []
        for item in args.values:
            key, sep, value = item.partition("=")
            key = key.strip().replace("-", "_")
            if not sep:
                raise UsageError(f"{item!r}: write FIELD=VALUE")
            if key in CoverSheet.SETTABLE:
                cover_values.append(item)
                continue
            if key not in SETTINGS:
                raise UsageError(f"unknown field {key!r}; fields: {', '.join([*CoverSheet.SETTABLE, *SETTINGS])}")
            where, attr, kind = SETTINGS[key]
            target = packet if where == "packet" else getattr(packet, where)
            setattr(target, attr, _convert(key, value, kind))
        if cover_values:
            apply_cover_values(packet, _parse_sets(cover_values))
        try:
            packet.settings.validate()
            if packet.profile:
                resolve_profile(packet, None)
        except (ValueError, FilingUsageError) as exc:
            raise UsageError(str(exc)) from exc

    pf.update(apply)
    print(f"Saved {pf.path}")
    return 0


def _convert(key: str, value: str, kind: str):
    from packet.cli import UsageError

    if kind == "bool":
        v = value.strip().lower()
        if v in ("1", "yes", "true", "on", "y"):
            return True
        if v in ("0", "no", "false", "off", "n", ""):
            return False
        raise UsageError(f"{key}={value!r}: use yes or no")
    if kind == "int":
        try:
            return int(value)
        except ValueError as exc:
            raise UsageError(f"{key}={value!r}: use a whole number") from exc
    if kind == "date" and value:
        from datetime import date

        try:
            date.fromisoformat(value)
        except ValueError as exc:
            raise UsageError(f"{key}={value!r}: write the date as YYYY-MM-DD") from exc
    return value.replace("\\n", "\n")

