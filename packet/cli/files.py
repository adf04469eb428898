"""Verbs about files rather than one packet's contents: inspect, archive, unarchive."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from packet.cli.common import Verb, pages
from packet.core.i18n import N_, _
from packet.store.archive import open_archive, write_archive
from packet.store.filenames import display_name
from packet.store.folder import open_packet
from packet.store.intake import REJECT, inspect_file

VERDICT_LABELS = {"accept": N_("OK"), "warn": N_("WARNING"), "reject": N_("REFUSED")}


def _inspect_args(s: argparse.ArgumentParser) -> None:

    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--password", help=_("password to try on protected PDFs"))
    s.add_argument("--json", action="store_true", help=_("print the results as JSON"))


def cmd_inspect(args: argparse.Namespace) -> int:
    results = [inspect_file(f, args.password) for f in args.files]
    if args.json:
        print(json.dumps([r.to_json() for r in results], indent=1, ensure_ascii=False))
    else:
        for r in results:
            label = _(VERDICT_LABELS[r.verdict])
            what = f"{r.format}, {pages(r.pages)}" if r.verdict != REJECT else r.format or _("unreadable")
            print(f"{label:<8} {display_name(r.path)}  ({what})")
            for m in [*r.messages, *r.notes]:
                print(f"         {m}")
    return 1 if any(r.verdict == REJECT for r in results) else 0


def _archive_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet")
    s.add_argument("-o", "--output", required=True, metavar="OUT.zip")


def cmd_archive(args: argparse.Namespace) -> int:
    pf = open_packet(args.packet)
    out = write_archive(pf, Path(args.output))
    print(_("Wrote {path}").format(path=out))
    return 0


def _unarchive_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("archive", metavar="ARCHIVE.zip")
    s.add_argument("-d", "--dest", default=".", metavar="FOLDER", help=_("where to put the packet (default: here)"))


def cmd_unarchive(args: argparse.Namespace) -> int:
    pf = open_archive(Path(args.archive), Path(args.dest))
    print(_("Unpacked {path}").format(path=pf.path))
    return 0


VERBS = (
    Verb("inspect", N_("what intake makes of files, without a packet"), _inspect_args, cmd_inspect),
    Verb("archive", N_("pack a packet into one .zip file to move it to another computer"), _archive_args,
         cmd_archive),
    Verb("unarchive", N_("unpack a packet archive (.zip) into a folder"), _unarchive_args, cmd_unarchive),

)
