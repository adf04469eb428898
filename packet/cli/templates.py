"""Verbs for templates: templates, template-save, template-import, template-export."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any

from packet.cli.common import UsageError, Verb
from packet.core.i18n import N_, _, ngettext
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
    s.add_argument("--json", action="store_true", help=_("print the templates as JSON"))


def cmd_templates(args: argparse.Namespace) -> int:
    templates, problems = list_templates()
    rows: list[dict[str, Any]] = [{
        "id": t.id, "name": t.name, "purpose": t.purpose, "source": "built-in" if t.builtin else t.source,
        "profile": t.profile, "slots": len(t.slots), "required_slots": len(t.required_slots),
        "summary_of_equities": t.summary_of_equities, "certificate_of_service": t.certificate_of_service,
    } for t in templates]
    for message in problems:  # a broken file is reported, never fatal: the others are still listed
        print(_("packet templates: {problem}").format(problem=message), file=sys.stderr)
    if args.json:
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    width = max(len(r["id"]) for r in rows) + 2 if rows else 12
    for heading, builtin in ((_("Built-in templates:"), True),
                             (_("Your templates ({folder}):").format(folder=templates_dir()), False)):
        group = [r for r in rows if (r["source"] == "built-in") == builtin]
        if not group and builtin:
            continue
        print(heading)
        if not group:
            print("  " + _("(none yet: make one with 'packet template-save' or 'packet template-import')"))
        for r in group:
            print(f"  {r['id']:<{width}}{_(r['name'])}")
            extra = " " + _("Profile: {profile}.").format(profile=r["profile"]) if r["profile"] else ""
            if r["slots"]:
                extra += " " + ngettext("Expects {n} kind of document ({required} required).",
                                        "Expects {n} kinds of document ({required} required).", r["slots"]).format(
                    n=r["slots"], required=r["required_slots"])
            for line in textwrap.wrap(_(r["purpose"]) + extra, 100 - width - 2, break_on_hyphens=False):
                print(f"  {'':<{width}}{line}")
    print(_("Create a packet from one: packet new PACKET --template ID"))
    return 0


def _save_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet")
    s.add_argument("--id", required=True, dest="template_id", metavar="ID",
                   help=_("the new template's id: lower-case letters, digits, '-' or '_'"))
    s.add_argument("--name", required=True,
                   help=_("the template's name, as 'packet templates' and New packet list it"))
    s.add_argument("--purpose", default="", metavar="TEXT", help=_("what the template is for"))
    s.add_argument("--replace", action="store_true", help=_("replace your template of the same id"))
    s.add_argument("-o", "--output", metavar="FILE", help=_("also write the template to FILE, to share it"))


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
    print(_("Saved the template {name!r} as {path}").format(name=template.name, path=path))
    kept = [k for k in ("filer_name", "filer_address", "filer_phone", "filer_email", "eoir_id")
            if getattr(template.filer, k)]
    print(ngettext("Kept: {n} expected-evidence slot, numbering and layout, profile {profile}, filer details "
                   "({filer}). Not kept: respondents, A-numbers, hearing, judge, court, documents.",
                   "Kept: {n} expected-evidence slots, numbering and layout, profile {profile}, filer details "
                   "({filer}). Not kept: respondents, A-numbers, hearing, judge, court, documents.",
                   len(template.slots)).format(n=len(template.slots), profile=template.profile or _("(none)"),
                                               filer=", ".join(kept) or _("none")))
    if args.output:
        try:
            out = export_template(template.id, args.output)
        except TemplateError as exc:
            print(_("packet template-save: {error}").format(error=exc), file=sys.stderr)
            return 1
        print(_("Wrote a copy to share: {path}").format(path=out))
    return 0


def _import_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("file", metavar="FILE")
    s.add_argument("--replace", action="store_true", help=_("replace your template of the same id"))


def cmd_template_import(args: argparse.Namespace) -> int:
    try:
        template = import_template(args.file, overwrite=args.replace)
    except TemplateError as exc:
        message = str(exc).replace("Replace it, or change", "Add --replace to replace it, or change")
        print(_("packet template-import: {error}").format(error=message), file=sys.stderr)
        return 1
    print(_("Imported the template {name!r} (id {id}); use it with: packet new PACKET --template {id}").format(
        name=template.name, id=template.id))
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
        print(_("packet template-export: {error}").format(error=exc), file=sys.stderr)
        return 1
    print(_("Wrote {path}").format(path=out))
    return 0


VERBS = (
    Verb("templates", N_("list the packet templates (built-in and your own)"), _templates_args, cmd_templates),
    Verb("template-save", N_("save a packet's shape as one of your templates (no personal data)"), _save_args,
         cmd_template_save),
    Verb("template-import", N_("add a template file (e.g. from a colleague) to your templates"), _import_args,
         cmd_template_import),
    Verb("template-export", N_("write a template to a file, to share it"), _export_args, cmd_template_export),

)
