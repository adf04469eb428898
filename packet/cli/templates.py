"""Verbs for templates: templates, template-save, template-import, template-export."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any

from packet.cli.common import UsageError, Verb
from packet.core.templates import TemplateError, template_from_packet
from packet.store.folder import open_packet
from packet.store.template_library import (
    TemplateNotFound,
    export_template,
    find_template,
    import_template,
    list_templates,
    save_user_template,
    templates_dir,
)


def _templates_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("--json", action="store_true")


def cmd_templates(args: argparse.Namespace) -> int:
    templates, problems = list_templates()
    rows: list[dict[str, Any]] = [{
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


def _save_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet")
    s.add_argument("--id", required=True, dest="template_id", metavar="ID",
                   help="the new template's id: lower-case letters, digits, '-' or '_'")
    s.add_argument("--name", required=True, help="the template's name, as 'packet templates' and New packet list it")
    s.add_argument("--purpose", default="", metavar="TEXT", help="what the template is for")
    s.add_argument("--replace", action="store_true", help="replace your template of the same id")
    s.add_argument("-o", "--output", metavar="FILE", help="also write the template to FILE, to share it")


def cmd_template_save(args: argparse.Namespace) -> int:
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


def _import_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("file", metavar="FILE")
    s.add_argument("--replace", action="store_true", help="replace your template of the same id")


def cmd_template_import(args: argparse.Namespace) -> int:
    try:
        template = import_template(args.file, overwrite=args.replace)
    except TemplateError as exc:
        message = str(exc).replace("Replace it, or change", "Add --replace to replace it, or change")
        print(f"packet template-import: {message}", file=sys.stderr)
        return 1
    print(f"Imported the template {template.name!r} (id {template.id}); use it with: "
          f"packet new PACKET --template {template.id}")
    return 0


def _export_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("template_id", metavar="ID")
    s.add_argument("-o", "--output", required=True, metavar="FILE")


def cmd_template_export(args: argparse.Namespace) -> int:
    try:
        out = export_template(args.template_id, args.output)
    except TemplateNotFound as exc:
        raise UsageError(str(exc)) from None
    except TemplateError as exc:
        print(f"packet template-export: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {out}")
    return 0


VERBS = (
    Verb("templates", "list the packet templates (built-in and your own)", _templates_args, cmd_templates),
    Verb("template-save", "save a packet's shape as one of your templates (no personal data)", _save_args,
         cmd_template_save),
    Verb("template-import", "add a template file (e.g. from a colleague) to your templates", _import_args,
         cmd_template_import),
    Verb("template-export", "write a template to a file, to share it", _export_args, cmd_template_export),
)
