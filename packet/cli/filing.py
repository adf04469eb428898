"""Verbs for filing: check, build, profiles, separate. `check` and `build` run the readiness check through the one entry
point the window uses too (packet/store/readiness.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from packet.cli.common import UsageError, Verb, print_findings
from packet.cli.text import add_ocr_options, run_ocr
from packet.core import actions
from packet.core.model import COMPRESSION_CHOICES, Packet
from packet.core.separate import default_separately, separate_ids, separate_names
from packet.export.build import ExportError, export_packet
from packet.store import applog
from packet.store.folder import BACKUP_FILE, PACKET_FILE, open_packet
from packet.store.ocr_engine import OcrUnavailable
from packet.store.paths import user_profiles_dir
from packet.store.profile_library import load_all_profiles, packet_profile
from packet.store.readiness import checking_date, readiness


def _check_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet")
    s.add_argument("--profile", help="check against this filing profile (default: the packet's own)")
    s.add_argument("--json", action="store_true")


def cmd_check(args: argparse.Namespace) -> int:
    pf = open_packet(args.packet)
    if pf.opened_from_backup:
        print(f"note: {pf.path / PACKET_FILE} was unreadable; checked the previous save ({BACKUP_FILE}).",
              file=sys.stderr)
    result = readiness(pf.path, pf.packet, args.profile)
    for p in result.problems:
        print(f"warning: {p}", file=sys.stderr)
    if args.json:
        print(json.dumps({"profile": result.profile.id if result.profile else "", "ready": result.ready,
                          "today": checking_date().isoformat(), "deadline": result.deadline.to_json(),
                          "findings": [f.to_json() for f in result.findings]}, indent=1, ensure_ascii=False))
    else:
        if result.profile:
            print(f"Checked against: {result.profile.name}")
        print_findings(result.findings, sys.stdout)
    return 0 if result.ready else 1


def _build_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet")
    s.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    s.add_argument("--profile", help="filing profile id (see 'packet profiles'; default: the packet's own)")
    s.add_argument("--force", action="store_true", help="build even when the readiness check finds blockers")
    s.add_argument("--quiet", action="store_true", help="no progress on stderr")
    s.add_argument("--ocr", action="store_true",
                   help="first recognise the text of scanned pages and photos not read yet (see 'packet ocr')")
    add_ocr_options(s)
    s.add_argument("--compress", choices=COMPRESSION_CHOICES, metavar="LEVEL",
                   help="image compression for this build: " + ", ".join(COMPRESSION_CHOICES) +
                        " (default: the packet's compress_images setting; auto compresses for profiles with a size "
                        "limit; fit picks the gentlest level that fits one file)")


class _Progress:
    """Progress on stderr: a line that rewrites itself on a terminal, every 25 % otherwise."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self.last = (-1, "")

    def __call__(self, done: int, total: int, stage: str) -> None:
        if self.quiet:
            return
        pct = done * 100 // max(total, 1)
        step = 5 if self.tty else 25
        if stage != self.last[1] or (pct != self.last[0] and pct % step == 0):
            self.last = (pct, stage)
            if self.tty:
                print(f"\r{stage}: {done}/{total} pages ({pct}%)\x1b[K", end="", file=sys.stderr, flush=True)
            else:
                print(f"{stage}: {done}/{total} pages ({pct}%)", file=sys.stderr, flush=True)

    def end_line(self) -> None:
        if not self.quiet and self.tty:
            print(file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    pf = open_packet(args.packet)
    if pf.opened_from_backup:
        print(f"note: {pf.path / PACKET_FILE} was unreadable; building from the previous save ({BACKUP_FILE}). "
              "Check that the latest changes are in the PDF.", file=sys.stderr)
    out = Path(args.output)
    if out.suffix.lower() != ".pdf":
        raise UsageError(f"-o {args.output!r}: the output should be a .pdf file")
    if args.ocr:
        try:
            read, planned, failures = run_ocr(pf.path, pf.packet, None, args.languages, args.workers, args.quiet)
        except OcrUnavailable as exc:
            print(f"warning: {exc} The packet is built without recognising text.", file=sys.stderr)
        else:
            for message in failures:
                print(f"warning: {message}", file=sys.stderr)
            if planned and not args.quiet:
                print(f"Recognised the text of {read} of {planned} page(s).", file=sys.stderr)
    result = readiness(pf.path, pf.packet, args.profile)
    for p in result.problems:
        print(f"warning: {p}", file=sys.stderr)
    if result.blockers and not args.force:
        print("packet build: the readiness check found problems that would get the filing rejected:", file=sys.stderr)
        print_findings(result.blockers, sys.stderr)
        print("Fix them (see 'packet check'), or build anyway with --force.", file=sys.stderr)
        return 1
    progress = _Progress(args.quiet)
    try:
        built = export_packet(pf.packet, pf.path, out, progress=progress, profile=result.profile,
                              compress=args.compress)
    except ExportError as exc:
        applog.log_exception("build", exc, (args.packet, args.output))
        progress.end_line()
        print(f"packet build: {exc}", file=sys.stderr)
        return 1
    progress.end_line()
    if not args.quiet:
        for f in result.findings:
            if f.severity != "blocker":
                print(f"{f.severity}: {f.where}: {f.problem}", file=sys.stderr)
    for written in built.files:
        print(f"Wrote {written.path} ({len(written.pages)} pages, {written.size / 1e6:.1f} MB)")
    if built.compression.level or built.compression.message:
        print(built.compression.describe(built.size))
    if built.text_pages:
        print(f"{built.text_pages} scanned page(s) carry their recognised text (searchable, invisible).")
    for apart in built.separate:
        print(f"Wrote {apart.path} ({len(apart.pages)} pages, {apart.size / 1e6:.1f} MB): {apart.title}, filed "
              "separately (not in the packet)")
    if built.email:
        print(f"Wrote {built.email} (the email's subject and text: paste them into your mail program and attach "
              "the PDFs; Packet sends nothing)")
    if built.manifest:
        print(f"Wrote {built.manifest} (what was filed: file hashes, exhibits and pages)")
    return 0


def _separate_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet")
    s.add_argument("items", nargs="*", metavar="TAB",
                   help="lead documents (L1, L2...) or exhibits (C) to file as their own PDF; none: list them")
    which = s.add_mutually_exclusive_group()
    which.add_argument("--no", action="store_true", help="keep them inside the packet instead")
    which.add_argument("--default", action="store_true",
                       help="as their template slot and the filing profile say (ECAS: the EOIR-28 apart)")


def cmd_separate(args: argparse.Namespace) -> int:
    pf = open_packet(args.packet)
    if args.items:
        value = None if args.default else not args.no

        def change(p: Packet) -> None:  # on packet.json as it is when saving: another program's save is kept
            actions.set_file_separately(p, [actions.find_item(p, wanted).id for wanted in args.items], value)

        pf.update(change)
        print(f"Saved {pf.path}")
    p = pf.packet
    profile = packet_profile(p)
    apart = separate_ids(p, profile)
    names = separate_names(p, apart)
    for e in p.items():
        label = p.label_of(e)
        where = f"Tab {label}" if label else f"L{p.lead.index(e) + 1}" if e in p.lead else e.id
        if e.id in apart:
            why = "your choice" if e.file_separately else (
                "its slot" if any(sl.id == e.slot and sl.file_separately for sl in p.slots) else
                f"the {profile.id} profile" if profile else "its slot")
            print(f"  {where:<6} {e.title}: filed separately as OUT_{names[e.id]}.pdf ({why})")
        elif e.file_separately is False and default_separately(p, e, profile):
            print(f"  {where:<6} {e.title}: kept in the packet (your choice)")
    if not apart:
        print("Nothing is filed separately: every document goes into the packet's PDF.")
    return 0


def _profiles_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("--json", action="store_true")


def cmd_profiles(args: argparse.Namespace) -> int:
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


VERBS = (
    Verb("check", "the filing-readiness check (exit 1 when there is a blocker)", _check_args, cmd_check),
    Verb("build", "export the packet as one paginated PDF", _build_args, cmd_build),
    Verb("profiles", "list the filing profiles", _profiles_args, cmd_profiles),
    Verb("separate", "file documents (an EOIR-28) as their own PDF beside the packet", _separate_args,
         cmd_separate),
)
