"""The `packet` command: the same operations as the window, for scripts, tests and headless machines.

Exit codes: 0 success, 1 the work could not be done (rejected input, blockers), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from packet import __version__
from packet.core.anumber import ANumberError, format_a_number
from packet.core.coverage import coverage_json
from packet.core.factors import factor_ids, load_factors
from packet.core.model import CoverSheet, Packet, Respondent
from packet.core.titles import TitleTooLong, check_title

VERBS = ("new", "add", "list", "build", "check", "set", "inspect", "templates", "profiles", "archive", "unarchive",
         "fill", "template-save", "template-import", "template-export")


class UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="packet",
        description="Assemble evidence into one filing-ready PDF for prosecutorial-discretion requests.",
        epilog="Run 'packet VERB --help' for the options of a verb. 'packet [PACKET]' opens the desktop app.",
    )
    p.add_argument("--version", action="version", version=f"packet {__version__}")
    sub = p.add_subparsers(dest="verb", metavar="VERB")

    s = sub.add_parser("new", help="create an empty packet folder (NAME.packet), shaped by a template")
    s.add_argument("packet", help="path of the packet to create; '.packet' is added if missing")
    s.add_argument("--template", default="blank", metavar="ID",
                   help="template id (see 'packet templates'); default blank")
    s.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                   help=f"a cover-sheet field; fields: {', '.join(CoverSheet.SETTABLE)}")

    s = sub.add_parser("add", help="import documents into a packet as exhibits")
    s.add_argument("packet")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--factor", action="append", default=[], metavar="ID",
                   help="tag the new exhibits with a discretion factor (repeatable; ids in resources/factors.json)")
    s.add_argument("--title", help="index title for the exhibit (only when adding one file)")
    s.add_argument("--password", help="password for a protected PDF (the stored copy is decrypted)")
    s.add_argument("--lead", action="store_true", help="add as lead documents (before the exhibits, not lettered)")
    s.add_argument("--language", help="the language the documents are in, when not English (e.g. Spanish)")
    s.add_argument("--translation-of", metavar="TAB",
                   help="add the file as the English translation of this exhibit (its tab letter, e.g. C)")
    s.add_argument("--json", action="store_true", help="print the results as JSON")

    s = sub.add_parser("list", help="show the packet's lead documents and exhibits")
    s.add_argument("packet")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("build", help="export the packet as one paginated PDF")
    s.add_argument("packet")
    s.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    s.add_argument("--profile", help="filing profile id (see 'packet profiles'; default: the packet's own)")
    s.add_argument("--force", action="store_true", help="build even when the readiness check finds blockers")
    s.add_argument("--quiet", action="store_true", help="no progress on stderr")

    s = sub.add_parser("inspect", help="what intake makes of files, without a packet")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--password", help="password to try on protected PDFs")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("templates", help="list the packet templates (built-in and your own)")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("fill", help="say which expected-evidence slot of the template an exhibit fills")
    s.add_argument("packet")
    s.add_argument("item", metavar="TAB", help="the exhibit's tab (e.g. C), L1, L2... for lead documents, or its id")
    s.add_argument("slot", metavar="SLOT", help="the slot id (see 'packet list'), or 'none' to clear it")

    s = sub.add_parser("template-save", help="save a packet's shape as one of your templates (no personal data)")
    s.add_argument("packet")
    s.add_argument("--id", required=True, dest="template_id", metavar="ID",
                   help="the new template's id: lower-case letters, digits, '-' or '_'")
    s.add_argument("--name", required=True, help="the template's name, as 'packet templates' and New packet list it")
    s.add_argument("--purpose", default="", metavar="TEXT", help="what the template is for")
    s.add_argument("--replace", action="store_true", help="replace your template of the same id")
    s.add_argument("-o", "--output", metavar="FILE", help="also write the template to FILE, to share it")
    s.set_defaults(func=cmd_template_save)

    s = sub.add_parser("template-import", help="add a template file (e.g. from a colleague) to your templates")
    s.add_argument("file", metavar="FILE")
    s.add_argument("--replace", action="store_true", help="replace your template of the same id")
    s.set_defaults(func=cmd_template_import)

    s = sub.add_parser("template-export", help="write a template to a file, to share it")
    s.add_argument("template_id", metavar="ID")
    s.add_argument("-o", "--output", required=True, metavar="FILE")
    s.set_defaults(func=cmd_template_export)

    from packet.cli_filing import add_parsers

    add_parsers(sub)
    s = sub.add_parser("archive", help="pack a packet into one .zip file to move it to another computer")
    s.add_argument("packet")
    s.add_argument("-o", "--output", required=True, metavar="OUT.zip")

    s = sub.add_parser("unarchive", help="unpack a packet archive (.zip) into a folder")
    s.add_argument("archive", metavar="ARCHIVE.zip")
    s.add_argument("-d", "--dest", default=".", metavar="FOLDER", help="where to put the packet (default: here)")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):  # a path that is not UTF-8 is printed escaped, never a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if not argv or (argv[0] not in VERBS and argv[0] not in ("-h", "--help", "--version")):
        return _open_app(argv)  # `packet`, `packet PACKET`, `packet --quit-after=MS` (start-up checks)
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    from packet.cli_filing import FilingUsageError

    from packet.store.lock import set_program_name

    set_program_name(f"'packet {args.verb}'")  # how a refused writer names this one
    handler = getattr(args, "func", None) or globals()[f"cmd_{args.verb}"]
    try:
        return int(handler(args) or 0)
    except (UsageError, FilingUsageError) as exc:
        print(f"packet {args.verb}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("packet: interrupted; nothing was left half-written.", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `packet list | head`
        sys.stderr.close()
        return 0
    except Exception as exc:
        from packet.store.errors import PacketError, os_problem

        if isinstance(exc, PacketError):
            print(f"packet {args.verb}: {exc}", file=sys.stderr)
            return 1
        if isinstance(exc, OSError):  # disk full, read-only, a name too long: words, never a traceback
            print(f"packet {args.verb}: {os_problem(exc)}", file=sys.stderr)
            return 1
        raise


def _open_app(argv: list[str]) -> int:
    try:
        from packet.ui.app import run_app
    except ImportError as exc:
        print(f"packet: the desktop app cannot start ({exc}). The command-line verbs work: "
              f"{', '.join(VERBS)} (see 'packet --help').", file=sys.stderr)
        return 1
    return run_app(argv)


# -- verbs ---------------------------------------------------------------------------------------------------

def cmd_new(args: argparse.Namespace) -> int:
    from packet.core.templates import apply_template
    from packet.store.folder import create_packet

    template = _find_template(args.template)
    values = _parse_sets(args.set)
    probe = Packet(name="check")
    apply_template(probe, template)
    apply_cover_values(probe, values)  # refuse bad values before anything is created
    pf = create_packet(args.packet)
    apply_template(pf.packet, template)
    apply_cover_values(pf.packet, values)  # after the template: --set wins over its document title
    pf.save()
    print(f"Created {pf.path} from the template {template.name!r}")
    if template.slots:
        required = len(template.required_slots)
        print(f"It expects {len(template.slots)} kinds of document ({required} required); 'packet list' shows "
              "which are still missing, and 'packet fill' records which exhibit is which.")
    return 0


def _find_template(template_id: str):
    from packet.store.template_library import TemplateNotFound, find_template, list_templates

    try:
        return find_template(template_id)
    except TemplateNotFound as exc:
        _, problems = list_templates()
        hint = f" ({len(problems)} template file(s) could not be read; see 'packet templates')" if problems else ""
        raise UsageError(f"{exc}{hint}") from None


def _parse_sets(items: list[str]) -> list[tuple[str, str]]:
    out = []
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip().replace("-", "_")
        if not sep:
            raise UsageError(f"--set {item!r}: write FIELD=VALUE, for example --set respondent='Ana Lopez'")
        if key not in CoverSheet.SETTABLE:
            raise UsageError(f"--set: unknown field {key!r}; fields: {', '.join(CoverSheet.SETTABLE)}")
        out.append((key, value))
    return out


def apply_cover_values(packet: Packet, values: list[tuple[str, str]]) -> None:
    """Apply FIELD=VALUE pairs; 'respondent' and 'a_number' pair up in order to build the respondents list."""
    cover = packet.cover
    names = [v for k, v in values if k == "respondent"]
    numbers = [v for k, v in values if k == "a_number"]
    # The n-th respondent= and a_number= fill the n-th respondent; what is not given is kept.
    for i in range(max(len(names), len(numbers))):
        while len(cover.respondents) <= i:
            cover.respondents.append(Respondent())
        if i < len(numbers):
            number = numbers[i].strip()
            if number:
                try:
                    number = format_a_number(number)
                except ANumberError as exc:
                    raise UsageError(f"--set a_number: {exc}") from exc
            cover.respondents[i].a_number = number
        if i < len(names):
            cover.respondents[i].name = names[i].strip()
    for key, value in values:
        if key in ("respondent", "a_number"):
            continue
        if key == "detained":
            cover.detained = value.strip().lower() in ("1", "yes", "true", "y", "detained")
        elif key == "hearing_date" and value:
            _check_date(value)
            cover.hearing_date = value
        elif key == "filer_address":
            cover.filer_address = value.replace("\\n", "\n")
        elif key == "document_title":
            try:
                cover.document_title = check_title(value, "document_title")
            except TitleTooLong as exc:
                raise UsageError(str(exc)) from None
        else:
            setattr(cover, key, value)


def _check_date(value: str) -> None:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"hearing_date {value!r}: write the date as YYYY-MM-DD, for example 2027-01-15") from exc


def cmd_add(args: argparse.Namespace) -> int:
    from packet.store.folder import open_packet
    from packet.store.intake import REJECT, add_files, expand_paths

    known = set(factor_ids())
    for f in args.factor:
        if f not in known:
            raise UsageError(f"--factor {f!r} is not a discretion factor; use one of: {', '.join(sorted(known))}")
    if args.title and len(args.files) > 1:
        raise UsageError("--title names one exhibit; add one file at a time to give each its title")
    if args.title:
        try:
            args.title = check_title(args.title, "--title")
        except TitleTooLong as exc:
            raise UsageError(str(exc)) from None
    pf = open_packet(args.packet)
    passwords = {"*": args.password} if args.password else None
    if args.translation_of:
        return _add_translation(pf, args, passwords)
    files = expand_paths(args.files)  # folders: the files inside them, in name order
    results = add_files(pf, files, passwords=passwords, factors=args.factor, title=args.title, lead=args.lead,
                        language=args.language or "")
    if args.json:
        print(json.dumps([r.to_json() for r in results], indent=1, ensure_ascii=False))
    else:
        for r in results:
            if r.verdict == REJECT:
                print(f"REFUSED  {r.messages[0] if r.messages else r.name}")
                continue
            if r.duplicate_of:
                print(f"SKIPPED  {r.messages[-1]}")
                continue
            item = pf.packet.find(r.exhibit_id)
            where = f"Tab {pf.packet.label_of(item)}" if item and pf.packet.label_of(item) else "Lead document"
            print(f"ADDED    {where}: {item.title if item else r.name} ({_pages(r.pages)})")
            for m in r.messages:
                print(f"         warning: {m}")
            for m in r.notes:
                print(f"         note: {m}")
    added = sum(1 for r in results if r.exhibit_id)
    refused = sum(1 for r in results if r.verdict == REJECT)
    if not args.json:
        saved = f"Saved {pf.path}" if added else f"Nothing was changed in {pf.path}"
        print(f"{added} added, {refused} refused, {len(results) - added - refused} already in the packet. {saved}",
              file=sys.stderr)
    return 1 if refused else 0


def _add_translation(pf, args: argparse.Namespace, passwords) -> int:
    """Import one file as the English translation of an exhibit (it is not an exhibit of its own)."""
    from packet.core.labels import exhibit_label
    from packet.core.model import Document
    from packet.store.intake import REJECT, discard_unsaved, ingest
    from packet.store.lock import intake_guard

    if len(args.files) != 1:
        raise UsageError("--translation-of takes one file: the translation of that exhibit")
    wanted = args.translation_of.strip().upper().removeprefix("TAB ").strip()

    def find_target(p: Packet):
        target = next((e for n, e in enumerate(p.exhibits, start=1)
                       if exhibit_label(n, p.settings.label_style) == wanted or e.id == args.translation_of), None)
        if target is None:
            raise UsageError(f"--translation-of {args.translation_of!r}: no such exhibit (see 'packet list')")
        return target

    find_target(pf.packet)
    pf.wait_until_free()
    with intake_guard(pf.path):
        result = next(iter(ingest(pf.path, args.files, pf.packet.documents, passwords)))
        if result.verdict == REJECT:
            print(f"REFUSED  {result.messages[0] if result.messages else result.name}")
            return 1

        def attach(p: Packet):  # applied to packet.json as it is when saving (another program may have saved)
            target = find_target(p)
            if result.document is not None:
                p.documents[result.sha256] = Document.from_dict(result.document)
            target.translation = result.sha256
            if args.language:
                target.language = args.language.strip()
            elif not target.language:
                target.language = "a language other than English"
            return target

        try:
            target = pf.update(attach)
        except BaseException:
            discard_unsaved(pf.path, [result])
            raise
    p = pf.packet
    print(f"ADDED    English translation of Tab {wanted}: {target.title} ({_pages(result.pages)})")
    if not p.translator.name:
        print("         note: enter the translator's details for the certificate: packet set PACKET "
              "translator_name=... translator_address=... translator_phone=...")
    return 0


def _pages(n: int) -> str:
    return f"{n} page" if n == 1 else f"{n} pages"


def cmd_list(args: argparse.Namespace) -> int:
    from packet.store.folder import open_packet

    pf = open_packet(args.packet)
    p = pf.packet
    rows = []
    for e in p.items():
        doc = p.document_of(e)
        rows.append({
            "id": e.id, "role": "lead" if p.label_of(e) == "" else "exhibit", "label": p.label_of(e),
            "title": e.title, "factors": e.factors, "slot": e.slot, "pages": len(e.page_numbers(doc.pages)),
            "document": doc.sha256, "file": doc.original_name, "format": doc.format, "messages": doc.messages,
        })
    coverage = coverage_json(p)
    if args.json:
        print(json.dumps({"name": p.name, "path": str(pf.path), "template": p.template, "items": rows,
                          "coverage": coverage}, indent=1, ensure_ascii=False))
        return 0
    print(f"{p.name}  ({pf.path})")
    if pf.opened_from_backup:
        print("note: packet.json was unreadable; opened the previous save (packet.json.bak)")
    if not rows:
        print("  (empty: add documents with 'packet add')")
    names = {f.id: f.name for f in load_factors()}
    for r in rows:
        tab = f"Tab {r['label']}" if r["label"] else "Lead"
        tags = f"  [{', '.join(names.get(f, f) for f in r['factors'])}]" if r["factors"] else ""
        warn = "  (!)" if r["messages"] else ""
        print(f"  {tab:<8} {r['title']}  - {_pages(r['pages'])}{tags}{warn}")
    total = sum(r["pages"] for r in rows)
    print(f"{len(rows)} item(s), {total} source page(s)")
    _print_slots(coverage["slots"])
    return 0


def _print_slots(slots: list[dict]) -> None:
    """The template's expected evidence: how much is in, and the required slots still empty."""
    if not slots:
        return
    filled = sum(1 for s in slots if s["filled"])
    print(f"Expected evidence: {filled} of {len(slots)} slot(s) filled")
    for s in slots:
        if s["filled"]:
            print(f"  [x] {s['title']}  ({', '.join(s['where'])})")
    empty_required = [s for s in slots if s["required"] and not s["filled"]]
    for s in empty_required:
        print(f"  [ ] {s['title']}  (required; slot {s['id']})")
    for s in slots:
        if not s["required"] and not s["filled"]:
            print(f"  [ ] {s['title']}  (recommended; slot {s['id']})")
    if empty_required:
        print(f"{len(empty_required)} required slot(s) empty. Add the document, then: packet fill PACKET TAB SLOT")


def cmd_inspect(args: argparse.Namespace) -> int:
    from packet.store.filenames import display_name
    from packet.store.intake import REJECT, inspect_file

    results = [inspect_file(f, args.password) for f in args.files]
    if args.json:
        print(json.dumps([r.to_json() for r in results], indent=1, ensure_ascii=False))
    else:
        for r in results:
            label = {"accept": "OK", "warn": "WARNING", "reject": "REFUSED"}[r.verdict]
            what = f"{r.format}, {_pages(r.pages)}" if r.verdict != REJECT else r.format or "unreadable"
            print(f"{label:<8} {display_name(r.path)}  ({what})")
            for m in [*r.messages, *r.notes]:
                print(f"         {m}")
    return 1 if any(r.verdict == REJECT for r in results) else 0


def cmd_templates(args: argparse.Namespace) -> int:
    import textwrap

    from packet.store.template_library import list_templates, templates_dir

    templates, problems = list_templates()
    rows = [{
        "id": t.id, "name": t.name, "purpose": t.purpose, "source": "built-in" if t.builtin else t.source,
        "profile": t.profile, "slots": len(t.slots), "required_slots": len(t.required_slots),
        "summary_of_equities": t.summary_of_equities, "certificate_of_service": t.certificate_of_service,
    } for t in templates]
    for message in problems:  # a broken file is reported, never fatal: the others are still listed
        print(f"packet templates: {message}", file=sys.stderr)
    if args.json:
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    width = max(len(r["id"]) for r in rows) + 2 if rows else 12
    for heading, builtin in (("Built-in templates:", True), (f"Your templates ({templates_dir()}):", False)):
        group = [r for r in rows if (r["source"] == "built-in") == builtin]
        if not group and builtin:
            continue
        print(heading)
        if not group:
            print("  (none yet: make one with 'packet template-save' or 'packet template-import')")
        for r in group:
            print(f"  {r['id']:<{width}}{r['name']}")
            extra = f" Profile: {r['profile']}." if r["profile"] else ""
            if r["slots"]:
                extra += f" Expects {r['slots']} kinds of document ({r['required_slots']} required)."
            for line in textwrap.wrap(r["purpose"] + extra, 100 - width - 2, break_on_hyphens=False):
                print(f"  {'':<{width}}{line}")
    print("Create a packet from one: packet new PACKET --template ID")
    return 0


def cmd_fill(args: argparse.Namespace) -> int:
    from packet.core.edits import set_factor, update_exhibit
    from packet.store.folder import open_packet

    pf = open_packet(args.packet)
    slot_id = "" if args.slot.lower() in ("none", "-", "") else args.slot

    def fill(p: Packet):
        item = _find_item(p, args.item)
        slot = next((s for s in p.slots if s.id == slot_id), None)
        if slot_id and slot is None:
            ids = ", ".join(s.id for s in p.slots) or "none: its template expects no particular documents"
            raise UsageError(f"{args.slot!r} is not a slot of this packet; its slots are: {ids}")
        update_exhibit(p, item.id, slot=slot_id)
        if slot is not None and slot.factor:
            set_factor(p, [item.id], slot.factor, True)
        return item, slot

    item, slot = pf.update(fill)
    p = pf.packet
    where = f"Tab {p.label_of(item)}" if p.label_of(item) else "Lead document"
    print(f"{where} ({item.title}) fills: {slot.title if slot else 'no slot'}")
    return 0


def _find_item(p: Packet, wanted: str):
    key = wanted.strip()
    for e in p.exhibits:
        if p.label_of(e).upper() == key.upper() or e.id == key:
            return e
    for n, e in enumerate(p.lead, start=1):
        if key.upper() == f"L{n}" or e.id == key:
            return e
    raise UsageError(f"{wanted!r}: no such exhibit; give its tab (e.g. C), L1, L2... for lead documents, or its id "
                     "(see 'packet list')")


def cmd_template_save(args: argparse.Namespace) -> int:
    from packet.core.templates import TemplateError, template_from_packet
    from packet.store.folder import open_packet
    from packet.store.template_library import TemplateNotFound, export_template, find_template, save_user_template

    pf = open_packet(args.packet)
    try:
        base = find_template(pf.packet.template)
    except TemplateNotFound:
        base = None
    try:
        template = template_from_packet(pf.packet, args.template_id, args.name, args.purpose, base)
        path = save_user_template(template, overwrite=args.replace)
    except TemplateError as exc:
        raise UsageError(str(exc).replace("Choose another id, or replace it.",
                                          "Choose another --id, or add --replace.")) from None
    print(f"Saved the template {template.name!r} as {path}")
    kept = [k for k in ("filer_name", "filer_address", "filer_phone", "filer_email", "eoir_id")
            if getattr(template.filer, k)]
    print(f"Kept: {len(template.slots)} expected-evidence slot(s), numbering and layout, profile "
          f"{template.profile or '(none)'}, filer details ({', '.join(kept) or 'none'}). Not kept: respondents, "
          "A-numbers, hearing, judge, court, documents.")
    if args.output:
        try:
            out = export_template(template.id, args.output)
        except TemplateError as exc:
            print(f"packet template-save: {exc}", file=sys.stderr)
            return 1
        print(f"Wrote a copy to share: {out}")
    return 0


def cmd_template_import(args: argparse.Namespace) -> int:
    from packet.core.templates import TemplateError
    from packet.store.template_library import import_template

    try:
        template = import_template(args.file, overwrite=args.replace)
    except TemplateError as exc:
        message = str(exc).replace("Replace it, or change", "Add --replace to replace it, or change")
        print(f"packet template-import: {message}", file=sys.stderr)
        return 1
    print(f"Imported the template {template.name!r} (id {template.id}); use it with: "
          f"packet new PACKET --template {template.id}")
    return 0


def cmd_template_export(args: argparse.Namespace) -> int:
    from packet.core.templates import TemplateError
    from packet.store.template_library import TemplateNotFound, export_template

    try:
        out = export_template(args.template_id, args.output)
    except TemplateNotFound as exc:
        raise UsageError(str(exc)) from None
    except TemplateError as exc:
        print(f"packet template-export: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {out}")
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    from packet.store.archive import write_archive
    from packet.store.folder import open_packet

    pf = open_packet(args.packet)
    out = write_archive(pf, Path(args.output))
    print(f"Wrote {out}")
    return 0


def cmd_unarchive(args: argparse.Namespace) -> int:
    from packet.store.archive import open_archive

    pf = open_archive(Path(args.archive), Path(args.dest))
    print(f"Unpacked {pf.path}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from packet.cli_filing import print_findings, resolve_profile, run_check
    from packet.core.checks import blockers
    from packet.export.build import ExportError, export_packet
    from packet.store.folder import open_packet

    pf = open_packet(args.packet)
    if pf.opened_from_backup:
        print(f"note: {pf.path / 'packet.json'} was unreadable; building from the previous save (packet.json.bak). "
              "Check that the latest changes are in the PDF.", file=sys.stderr)
    out = Path(args.output)
    if out.suffix.lower() != ".pdf":
        raise UsageError(f"-o {args.output!r}: the output should be a .pdf file")
    profile, problems = resolve_profile(pf.packet, args.profile)
    for p in problems:
        print(f"warning: {p}", file=sys.stderr)
    findings = run_check(pf.path, pf.packet, profile)
    stopping = blockers(findings)
    if stopping and not args.force:
        print("packet build: the readiness check found problems that would get the filing rejected:", file=sys.stderr)
        print_findings(stopping, sys.stderr)
        print("Fix them (see 'packet check'), or build anyway with --force.", file=sys.stderr)
        return 1
    last = [-1, ""]
    tty = sys.stderr.isatty()

    def progress(done: int, total: int, stage: str) -> None:
        if args.quiet:
            return
        pct = done * 100 // max(total, 1)
        step = 5 if tty else 25
        if stage != last[1] or (pct != last[0] and pct % step == 0):
            last[0], last[1] = pct, stage
            if tty:
                print(f"\r{stage}: {done}/{total} pages ({pct}%)\x1b[K", end="", file=sys.stderr, flush=True)
            else:
                print(f"{stage}: {done}/{total} pages ({pct}%)", file=sys.stderr, flush=True)

    try:
        result = export_packet(pf.packet, pf.path, out, progress=progress, profile=profile)
    except ExportError as exc:
        if not args.quiet and tty:
            print(file=sys.stderr)
        print(f"packet build: {exc}", file=sys.stderr)
        return 1
    if not args.quiet and tty:
        print(file=sys.stderr)
    if not args.quiet:
        for f in findings:
            if f.severity != "blocker":
                print(f"{f.severity}: {f.where}: {f.problem}", file=sys.stderr)
    for f in result.files:
        print(f"Wrote {f.path} ({len(f.pages)} pages, {f.size / 1e6:.1f} MB)")
    if result.manifest:
        print(f"Wrote {result.manifest} (what was filed: file hashes, exhibits and pages)")
    return 0
