"""Verbs for what the text tells: ocr (recognise the text of scans and photos) and suggest (title, date, factor and
language from a document's text, accepted with --accept).

`packet ocr` reads the pages the exhibits show that have no text of their own, in worker processes (all cores but
one by default), and keeps each page's words in the packet's cache (`derived/<sha>/ocr/`), so a page is read once
and the export adds its invisible text layer. It changes nothing in packet.json, so it needs no lock; Ctrl+C stops
it at once, keeping every page read so far (each cache file is written whole or not at all).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from packet.cli.common import UsageError, Verb
from packet.core import actions
from packet.core.actions.suggestions import FIELDS as SUGGESTION_FIELDS
from packet.core.actions.suggestions import field_name
from packet.core.i18n import N_, _, ngettext
from packet.core.model import Exhibit, Packet
from packet.store.folder import open_packet
from packet.store.ocr_engine import OcrUnavailable, engine_available, unavailable_message
from packet.store.ocr_runner import FAILED, OcrRun, configured_languages, configured_workers, plan_pages
from packet.store.suggestions import Suggested, suggest_for


def add_ocr_options(s: argparse.ArgumentParser) -> None:
    s.add_argument("--languages", metavar="LANGS",
                   help=_("Tesseract languages, joined by '+' (default: PACKET_OCR_LANGUAGES, else spa+eng)"))
    s.add_argument("--workers", type=int, metavar="N",
                   help=_("pages read at once (default: PACKET_OCR_WORKERS, else all cores but one)"))


def _ocr_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet")
    s.add_argument("items", nargs="*", metavar="TAB", help=_("only these exhibits (C, L1...; default: all)"))
    add_ocr_options(s)
    s.add_argument("--quiet", action="store_true", help=_("no progress on stderr"))


def run_ocr(folder: Path, packet: Packet, items: Iterable[Exhibit] | None, languages: str | None,
            workers: int | None, quiet: bool = False) -> tuple[int, int, list[str]]:
    """Recognise what is missing for `items` (default: every item): (pages read, pages planned, failures).
    Raises OcrUnavailable when this computer has no engine or the languages are wrong."""
    if not engine_available():
        raise OcrUnavailable(unavailable_message())
    langs = configured_languages(languages)
    jobs = plan_pages(folder, packet, langs, items)
    if not jobs:
        return 0, 0, []
    run = OcrRun(folder, packet.documents, jobs, langs, configured_workers(workers))
    read, failures = 0, []
    tty = sys.stderr.isatty()
    for done in run:
        if done.status == FAILED:
            failures.append(done.message)
        else:
            read += 1
        if not quiet:
            line = ngettext("Recognising text ({languages}): {done}/{total} page ({name}, page {page})",
                            "Recognising text ({languages}): {done}/{total} pages ({name}, page {page})",
                            done.total).format(languages=langs, done=done.done, total=done.total, name=done.name,
                                               page=done.page)
            print(f"\r{line}\x1b[K" if tty else line, end="" if tty else "\n", file=sys.stderr, flush=True)
    if not quiet and tty:
        print(file=sys.stderr)
    return read, len(jobs), failures


def cmd_ocr(args: argparse.Namespace) -> int:
    pf = open_packet(args.packet)
    items = [actions.find_item(pf.packet, t) for t in args.items] if args.items else None
    try:
        read, planned, failures = run_ocr(pf.path, pf.packet, items, args.languages, args.workers, args.quiet)
    except OcrUnavailable as exc:
        print(_("packet ocr: {problem}").format(problem=exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("packet ocr: stopped. The pages read so far are kept; run 'packet ocr' again to read the rest."),
              file=sys.stderr)
        return 1
    for message in failures:
        print(_("warning: {problem}").format(problem=message), file=sys.stderr)
    if not planned:
        print(_("Nothing to recognise: every page shown has text (its own, or recognised before)."))
        return 0
    print(ngettext("Recognised the text of {read} of {planned} page; the export adds it as an invisible text layer.",
                   "Recognised the text of {read} of {planned} pages; the export adds it as an invisible text layer.",
                   planned).format(read=read, planned=planned))
    for e in items if items is not None else pf.packet.items():
        suggested = suggest_for(pf.path, pf.packet, e)
        if suggested.accepted.language and not e.language:
            print("  " + _looks_like(pf.packet, e, suggested.accepted.language))
    return 1 if failures else 0


def _suggest_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet")
    s.add_argument("items", nargs="*", metavar="TAB", help=_("only these exhibits (C, L1...; default: all)"))
    s.add_argument("--accept", action="store_true",
                   help=_("take the suggestions (title, date, factor, language) for these exhibits"))
    s.add_argument("--only", action="append", choices=SUGGESTION_FIELDS, metavar="FIELD",
                   help=_("with --accept: take only this field (title, date, factor or language; repeatable)"))
    s.add_argument("--dismiss", action="store_true",
                   help=_("do not offer these exhibits' suggestions again (as the window's Dismiss); a changed "
                          "suggestion is offered"))
    s.add_argument("--json", action="store_true", help=_("print the results as JSON"))


def cmd_suggest(args: argparse.Namespace) -> int:
    pf = open_packet(args.packet)
    items = [actions.find_item(pf.packet, t) for t in args.items] if args.items else pf.packet.items()
    if args.only and not args.accept:
        raise UsageError(_("--only chooses what --accept takes; add --accept"))
    if args.accept and args.dismiss:
        raise UsageError(_("--accept and --dismiss cannot be used together: choose one"))
    found = {e.id: suggest_for(pf.path, pf.packet, e) for e in items}
    # Asked for all exhibits, --accept leaves the suggestions the user dismissed; a tab named takes it anyway.
    wanted = {e.id for e in items if args.items or not found[e.id].dismissed(e)}
    changed: dict[str, list[str]] = {}
    dismissed: set[str] = set()
    if args.accept:
        only = tuple(args.only or SUGGESTION_FIELDS)

        def accept(p: Packet) -> None:  # on packet.json as it is when saving: another program's save is kept
            for item_id, suggested in found.items():
                if item_id in wanted and p.find(item_id) is not None:
                    changed[item_id] = actions.accept_suggestion(p, item_id, suggested.accepted, only)

        pf.update(accept)
    elif args.dismiss:

        def dismiss(p: Packet) -> None:
            for item_id, suggested in found.items():
                e = p.find(item_id)
                if e is not None and suggested.changes(e, p) and actions.dismiss_suggestion(p, item_id,
                                                                                            suggested.describe()):
                    dismissed.add(item_id)

        pf.update(dismiss, always=False)
    rows = [suggestion_row(pf.packet, pf.packet.find(e.id) or e, found[e.id], changed.get(e.id)) for e in items]
    if args.json:
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    for r in rows:
        print_suggestion(r)
    if args.accept:
        print(_("Saved {path}").format(path=pf.path) if any(changed.values()) else _("Nothing to change."),
              file=sys.stderr)
    elif args.dismiss:
        print(ngettext("Dismissed {n} suggestion; saved {path}", "Dismissed {n} suggestions; saved {path}",
                       len(dismissed)).format(n=len(dismissed), path=pf.path) if dismissed
              else _("Nothing to dismiss."), file=sys.stderr)
    elif any(r["changes"] and not r["dismissed"] for r in rows):
        print(_("Take them with: packet suggest PACKET [TAB...] --accept [--only title ...]"), file=sys.stderr)
    return 0


def suggestion_row(packet: Packet, e: Exhibit, s: Suggested, changed: list[str] | None) -> dict:
    a = s.accepted
    return {"id": e.id, "tab": packet.tab_of(e), "title": e.title, "has_text": s.has_text, "kind": s.kind_name,
            "suggested": {"title": a.title, "date": a.date, "factor": a.factor, "language": a.language},
            "evidence": list(s.evidence), "score": s.score, "changes": s.changes(e, packet) if changed is None else {},
            "accepted": changed or [], "dismissed": s.dismissed(e)}


def print_suggestion(r: dict, indent: str = "") -> None:
    """One exhibit's suggestion as a line (the JSON rows keep the English kind and field names)."""
    where = _("Tab {tab}").format(tab=r["tab"]) if not r["tab"].startswith("L") else _("Lead {tab}").format(
        tab=r["tab"])
    kind = _(r["kind"]) if r["kind"] else ""
    if r["accepted"]:
        line = _("{where}: took the suggested {fields}: {title}").format(
            where=where, fields=", ".join(_(field_name(f)) for f in r["accepted"]), title=r["title"])
    elif not r["has_text"]:
        line = _("{where}: no text yet (a scan or photo): run 'packet ocr PACKET {tab}', then ask again").format(
            where=where, tab=r["tab"])
    elif not r["changes"]:
        line = (_("{where}: nothing to suggest (a {kind}, as it is)").format(where=where, kind=kind) if kind
                else _("{where}: nothing to suggest").format(where=where))
    else:
        what = "; ".join(_("{field} {value!r}").format(field=_(field_name(k)), value=v) for k, v in r["changes"].items())
        if r.get("dismissed"):
            print(indent + _("{where}: dismissed ({changes}); name the tab with --accept to take it anyway").format(
                where=where, changes=what))
            return
        line = (_("{where}: looks like a {kind} ({evidence}): {changes}").format(
                    where=where, kind=kind, evidence=", ".join(r["evidence"][:3]), changes=what) if kind
                else _("{where}: {changes}").format(where=where, changes=what))
    print(indent + line)



def _looks_like(packet: Packet, e: Exhibit, language: str) -> str:
    tab = packet.tab_of(e)
    label = packet.label_of(e)
    if label:
        text = _("Tab {label} looks like {language}: attach its English translation (packet add PACKET FILE "
                 "--translation-of {tab}).")
    else:
        text = _("The lead document {title!r} looks like {language}: attach its English translation (packet add "
                 "PACKET FILE --translation-of {tab}).")
    return text.format(label=label, title=e.title, language=_(language), tab=tab)


VERBS = (
    Verb("ocr", N_("recognise the text of scanned pages and photos (kept in the packet; the export adds it)"),
         _ocr_args, cmd_ocr),
    Verb("suggest", N_("suggested titles, dates, factors and languages from the documents' text (--accept takes "
                       "them)"), _suggest_args, cmd_suggest),
)
