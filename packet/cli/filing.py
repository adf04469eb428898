"""Verbs for filing: check, build, profiles, separate. `check` and `build` run the readiness check through the one entry
point the window uses too (packet/store/readiness.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from packet.cli.common import UsageError, Verb, print_findings, severity_label
from packet.cli.text import add_ocr_options, run_ocr
from packet.core import actions
from packet.core.i18n import N_, _, ngettext
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
    s.add_argument("--profile", help=_("check against this filing profile (default: the packet's own)"))
    s.add_argument("--json", action="store_true", help=_("print the findings as JSON"))


def cmd_check(args: argparse.Namespace) -> int:
    pf = open_packet(args.packet)
    if pf.opened_from_backup:
        print(_("note: {path} was unreadable; checked the previous save ({backup}).").format(
            path=pf.path / PACKET_FILE, backup=BACKUP_FILE), file=sys.stderr)
    result = readiness(pf.path, pf.packet, args.profile)
    for p in result.problems:
        print(_("warning: {problem}").format(problem=p), file=sys.stderr)
    if args.json:
        print(json.dumps({"profile": result.profile.id if result.profile else "", "ready": result.ready,
                          "today": checking_date().isoformat(), "deadline": result.deadline.to_json(),
                          "findings": [f.to_json() for f in result.findings]}, indent=1, ensure_ascii=False))
    else:
        if result.profile:
            print(_("Checked against: {profile}").format(profile=_(result.profile.name)))
        print_findings(result.findings, sys.stdout)
    return 0 if result.ready else 1


def _build_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet")
    s.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    s.add_argument("--profile", help=_("filing profile id (see 'packet profiles'; default: the packet's own)"))
    s.add_argument("--force", action="store_true", help=_("build even when the readiness check finds blockers"))
    s.add_argument("--quiet", action="store_true", help=_("no progress on stderr"))
    s.add_argument("--ocr", action="store_true",
                   help=_("first recognise the text of scanned pages and photos not read yet (see 'packet ocr')"))
    add_ocr_options(s)
    s.add_argument("--compress", choices=COMPRESSION_CHOICES, metavar="LEVEL",
                   help=_("image compression for this build: {levels} (default: the packet's compress_images "
                          "setting; auto compresses for profiles with a size limit; fit picks the gentlest level "
                          "that fits one file)").format(levels=", ".join(COMPRESSION_CHOICES)))


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
            line = _("{stage}: {done}/{total} pages ({percent}%)").format(stage=_(stage), done=done, total=total,
                                                                          percent=pct)
            if self.tty:
                print(f"\r{line}\x1b[K", end="", file=sys.stderr, flush=True)
            else:
                print(line, file=sys.stderr, flush=True)

    def end_line(self) -> None:
        if not self.quiet and self.tty:
            print(file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    pf = open_packet(args.packet)
    if pf.opened_from_backup:
        print(_("note: {path} was unreadable; building from the previous save ({backup}). "
                "Check that the latest changes are in the PDF.").format(path=pf.path / PACKET_FILE,
                                                                        backup=BACKUP_FILE), file=sys.stderr)
    out = Path(args.output)
    if out.suffix.lower() != ".pdf":
        raise UsageError(_("-o {output!r}: the output should be a .pdf file").format(output=args.output))
    if args.ocr:
        try:
            read, planned, failures = run_ocr(pf.path, pf.packet, None, args.languages, args.workers, args.quiet)
        except OcrUnavailable as exc:
            print(_("warning: {problem} The packet is built without recognising text.").format(problem=exc),
                  file=sys.stderr)
        else:
            for message in failures:
                print(_("warning: {problem}").format(problem=message), file=sys.stderr)
            if planned and not args.quiet:
                print(ngettext("Recognised the text of {read} of {planned} page.",
                               "Recognised the text of {read} of {planned} pages.", planned).format(
                    read=read, planned=planned), file=sys.stderr)
    result = readiness(pf.path, pf.packet, args.profile)
    for p in result.problems:
        print(_("warning: {problem}").format(problem=p), file=sys.stderr)
    if result.blockers and not args.force:
        print(_("packet build: the readiness check found problems that would get the filing rejected:"),
              file=sys.stderr)
        print_findings(result.blockers, sys.stderr)
        print(_("Fix them (see 'packet check'), or build anyway with --force."), file=sys.stderr)
        return 1
    progress = _Progress(args.quiet)
    try:
        built = export_packet(pf.packet, pf.path, out, progress=progress, profile=result.profile,
                              compress=args.compress)
    except ExportError as exc:
        applog.log_exception("build", exc, (args.packet, args.output))
        progress.end_line()
        print(_("packet build: {error}").format(error=exc), file=sys.stderr)
        return 1
    progress.end_line()
    if not args.quiet:
        for f in result.findings:
            if f.severity != "blocker":
                print(f"{severity_label(f.severity).lower()}: {f.where}: {f.problem}", file=sys.stderr)
    for written in built.files:
        n = len(written.pages)
        print(ngettext("Wrote {path} ({n} page, {size} MB)", "Wrote {path} ({n} pages, {size} MB)", n).format(
            path=written.path, n=n, size=f"{written.size / 1e6:.1f}"))
    if built.compression.level or built.compression.message:
        print(built.compression.describe(built.size))
    if built.text_pages:
        print(ngettext("{n} scanned page carries its recognised text (searchable, invisible).",
                       "{n} scanned pages carry their recognised text (searchable, invisible).",
                       built.text_pages).format(n=built.text_pages))
    for apart in built.separate:
        n = len(apart.pages)
        print(ngettext("Wrote {path} ({n} page, {size} MB): {title}, filed separately (not in the packet)",
                       "Wrote {path} ({n} pages, {size} MB): {title}, filed separately (not in the packet)", n).format(
            path=apart.path, n=n, size=f"{apart.size / 1e6:.1f}", title=apart.title))
    if built.email:
        print(_("Wrote {path} (the email's subject and text: paste them into your mail program and attach the PDFs; "
                "Packet sends nothing)").format(path=built.email))
    if built.manifest:
        print(_("Wrote {path} (what was filed: file hashes, exhibits and pages)").format(path=built.manifest))
    return 0


def _separate_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet")
    s.add_argument("items", nargs="*", metavar="TAB",
                   help=_("lead documents (L1, L2...) or exhibits (C) to file as their own PDF; none: list them"))
    which = s.add_mutually_exclusive_group()
    which.add_argument("--no", action="store_true", help=_("keep them inside the packet instead"))
    which.add_argument("--default", action="store_true",
                       help=_("as their template slot and the filing profile say (ECAS: the EOIR-28 apart)"))


def cmd_separate(args: argparse.Namespace) -> int:
    pf = open_packet(args.packet)
    if args.items:
        value = None if args.default else not args.no

        def change(p: Packet) -> None:  # on packet.json as it is when saving: another program's save is kept
            actions.set_file_separately(p, [actions.find_item(p, wanted).id for wanted in args.items], value)

        pf.update(change)
        print(_("Saved {path}").format(path=pf.path))
    p = pf.packet
    profile = packet_profile(p)
    apart = separate_ids(p, profile)
    names = separate_names(p, apart)
    for e in p.items():
        label = p.label_of(e)
        where = _("Tab {label}").format(label=label) if label else f"L{p.lead.index(e) + 1}" if e in p.lead else e.id
        if e.id in apart:
            if e.file_separately:
                line = _("{title}: filed separately as OUT_{name}.pdf (your choice)")
            elif any(sl.id == e.slot and sl.file_separately for sl in p.slots) or not profile:
                line = _("{title}: filed separately as OUT_{name}.pdf (its slot)")
            else:
                line = _("{title}: filed separately as OUT_{name}.pdf (the {profile} profile)")
            print(f"  {where:<6} " + line.format(title=e.title, name=names[e.id], profile=profile.id if profile else ""))
        elif e.file_separately is False and default_separately(p, e, profile):
            print(f"  {where:<6} " + _("{title}: kept in the packet (your choice)").format(title=e.title))
    if not apart:
        print(_("Nothing is filed separately: every document goes into the packet's PDF."))
    return 0


def _profiles_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("--json", action="store_true", help=_("print the profiles as JSON"))


def cmd_profiles(args: argparse.Namespace) -> int:
    profiles, problems = load_all_profiles()
    rows = [{"id": p.id, "name": p.name, "max_file_mb": p.max_file_mb, "certificate_of_service":
             p.certificate_of_service, "top_margin_in": p.top_margin_in, "source": p.source,
             "description": p.description} for p in profiles.values()]
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        for r in rows:
            limit = (_("{mb} MB per file").format(mb=f"{r['max_file_mb']:g}") if r["max_file_mb"]
                     else _("no size limit"))
            print(f"{r['id']:<14} {_(str(r['name']))} ({limit})")
        print(_("Your own profiles go in {folder} (copy a built-in one and change it).").format(
            folder=user_profiles_dir()), file=sys.stderr)
    for p in problems:
        print(_("warning: {problem}").format(problem=p), file=sys.stderr)
    return 0


VERBS = (
    Verb("check", N_("the filing-readiness check (exit 1 when there is a blocker)"), _check_args, cmd_check),
    Verb("build", N_("export the packet as one paginated PDF"), _build_args, cmd_build),
    Verb("profiles", N_("list the filing profiles"), _profiles_args, cmd_profiles),
    Verb("separate", N_("file documents (an EOIR-28) as their own PDF beside the packet"), _separate_args,
         cmd_separate),
)
