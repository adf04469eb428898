"""Verbs that make and change a packet: new, add, list, fill, set.

Each change is a core action (packet/core/actions), the same function the window's undo command calls; the verb
only turns the command line into its arguments, then saves it through `PacketFolder.update(change)`: under the
packet's lock, applied to packet.json as it is on disk at that moment, so another program's save is never lost.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from packet.cli.common import UsageError, Verb, pages, split_pairs
from packet.cli.text import print_suggestion, suggestion_row
from packet.core import actions
from packet.core.coverage import coverage_json
from packet.core.factor_sections import section_heading, section_of
from packet.core.factors import factor_ids, load_factors
from packet.core.i18n import N_, _, ngettext
from packet.core.model import CoverSheet, Document, Exhibit, Packet
from packet.core.selection import describe
from packet.core.separate import separate_ids
from packet.core.templates import Template, apply_template
from packet.store.folder import PacketFolder, create_packet, open_packet
from packet.store.intake import REJECT, IntakeResult, add_files, discard_unsaved, expand_paths, ingest
from packet.store.lock import intake_guard
from packet.store.profile_library import find_profile, packet_profile
from packet.store.suggestions import suggest_for
from packet.store.template_library import TemplateNotFound, find_template, list_templates


def _new_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet", help=_("path of the packet to create; '.packet' is added if missing"))
    s.add_argument("--template", default="blank", metavar="ID",
                   help=_("template id (see 'packet templates'); default blank"))
    s.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                   help=_("a cover-sheet field; fields: {fields}").format(fields=", ".join(CoverSheet.SETTABLE)))


def cmd_new(args: argparse.Namespace) -> int:
    template = _find_template(args.template)
    values = split_pairs(args.set, "--set ")
    probe = Packet(name="check")
    apply_template(probe, template)
    actions.set_cover_values(probe, values)  # refuse bad values before anything is created
    pf = create_packet(args.packet)
    apply_template(pf.packet, template)
    actions.set_cover_values(pf.packet, values)  # after the template: --set wins over its document title
    pf.save()
    print(_("Created {path} from the template {name!r}").format(path=pf.path, name=_(template.name)))
    if template.slots:
        required = len(template.required_slots)
        print(ngettext("It expects {n} kind of document ({required} required); 'packet list' shows which are still "
                       "missing, and 'packet fill' records which exhibit is which.",
                       "It expects {n} kinds of document ({required} required); 'packet list' shows which are "
                       "still missing, and 'packet fill' records which exhibit is which.",
                       len(template.slots)).format(n=len(template.slots), required=required))
    return 0


def _find_template(template_id: str) -> Template:
    try:
        return find_template(template_id)
    except TemplateNotFound as exc:
        problems = list_templates()[1]
        if not problems:
            raise UsageError(str(exc)) from None
        raise UsageError(ngettext("{error} ({n} template file could not be read; see 'packet templates')",
                                  "{error} ({n} template files could not be read; see 'packet templates')",
                                  len(problems)).format(error=exc, n=len(problems))) from None


def _add_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--factor", action="append", default=[], metavar="ID",
                   help=_("tag the new exhibits with a discretion factor (repeatable; ids in resources/factors.json)"))
    s.add_argument("--title", help=_("index title for the exhibit (only when adding one file)"))
    s.add_argument("--password", help=_("password for a protected PDF (the stored copy is decrypted)"))
    s.add_argument("--lead", action="store_true",
                   help=_("add as lead documents (before the exhibits, not lettered)"))
    s.add_argument("--language", help=_("the language the documents are in, when not English (e.g. Spanish)"))
    s.add_argument("--translation-of", metavar="TAB",
                   help=_("add the file as the English translation of this exhibit (its tab letter, e.g. C)"))
    s.add_argument("--suggest", action="store_true",
                   help=_("print what each document's text suggests: title, date, factor, language"))
    s.add_argument("--accept", action="store_true", help=_("with --suggest: take those suggestions (undo by hand)"))
    s.add_argument("--json", action="store_true", help=_("print the results as JSON"))


def cmd_add(args: argparse.Namespace) -> int:
    known = set(factor_ids())
    for f in args.factor:
        if f not in known:
            raise UsageError(_("--factor {factor!r} is not a discretion factor; use one of: {factors}").format(
                factor=f, factors=", ".join(sorted(known))))
    if args.title and len(args.files) > 1:
        raise UsageError(_("--title names one exhibit; add one file at a time to give each its title"))
    if args.title:
        args.title = actions.check_title(args.title, "--title")  # before any file is examined
    if args.accept and not args.suggest:
        raise UsageError(_("--accept takes the suggestions: add --suggest"))
    pf = open_packet(args.packet)
    passwords = {"*": args.password} if args.password else None
    if args.translation_of:
        return _add_translation(pf, args, passwords)
    files = expand_paths(args.files)  # folders: the files inside them, in name order
    results = add_files(pf, files, passwords=passwords, factors=args.factor, title=args.title, lead=args.lead,
                        language=args.language or "")
    suggested = _suggestions(pf, results, args.accept) if args.suggest else {}
    if args.json:
        rows = [r.to_json() for r in results]
        for row in rows:
            if row["exhibit_id"] in suggested:
                row["suggestion"] = suggested[row["exhibit_id"]]
        print(json.dumps(rows, indent=1, ensure_ascii=False))
    else:
        for r in results:
            if r.verdict == REJECT:
                print(f"{_('REFUSED'):<8} {r.messages[0] if r.messages else r.name}")
                continue
            if r.duplicate_of:
                print(f"{_('SKIPPED'):<8} {r.messages[-1]}")
                continue
            item = pf.packet.find(r.exhibit_id)
            where = (_("Tab {label}").format(label=pf.packet.label_of(item)) if item and pf.packet.label_of(item)
                     else _("Lead document"))
            print(f"{_('ADDED'):<8} {where}: {item.title if item else r.name} ({pages(r.pages)})")
            for m in r.messages:
                print("         " + _("warning: {problem}").format(problem=m))
            for m in r.notes:
                print("         " + _("note: {note}").format(note=m))
            if r.exhibit_id in suggested:
                print_suggestion(suggested[r.exhibit_id])
    added = sum(1 for r in results if r.exhibit_id)
    refused = sum(1 for r in results if r.verdict == REJECT)
    if not args.json:
        saved = (_("Saved {path}").format(path=pf.path) if added
                 else _("Nothing was changed in {path}").format(path=pf.path))
        print(_("{added} added, {refused} refused, {skipped} already in the packet. {saved}").format(
            added=added, refused=refused, skipped=len(results) - added - refused, saved=saved), file=sys.stderr)
    return 1 if refused else 0


def _suggestions(pf: PacketFolder, results: list[IntakeResult], accept: bool) -> dict[str, dict]:
    """What the new exhibits' text suggests (and, with --accept, the suggestions taken), by exhibit id."""
    found = {r.exhibit_id: suggest_for(pf.path, pf.packet, e) for r in results if r.exhibit_id
             for e in [pf.packet.find(r.exhibit_id)] if e is not None}
    changed: dict[str, list[str]] = {}
    if accept and found:
        def take(p: Packet) -> None:
            for item_id, s in found.items():
                if p.find(item_id) is not None:
                    changed[item_id] = actions.accept_suggestion(p, item_id, s.accepted)

        pf.update(take)
    rows = {}
    for item_id, s in found.items():
        e = pf.packet.find(item_id)
        if e is not None:
            rows[item_id] = suggestion_row(pf.packet, e, s, changed.get(item_id) if accept else None)
    return rows


def _add_translation(pf: PacketFolder, args: argparse.Namespace, passwords: dict[str, str] | None) -> int:
    """Import one file as the English translation of an exhibit (it is not an exhibit of its own).

    The file is examined and stored without the packet's lock; the attachment is then applied to packet.json as
    it is on disk (another program may have saved meanwhile), and a failed save takes the stored file away again.
    """
    if len(args.files) != 1:
        raise UsageError(_("--translation-of takes one file: the translation of that exhibit"))

    def target_in(p: Packet) -> Exhibit:
        try:
            return actions.find_item(p, args.translation_of)
        except actions.ActionError:
            raise UsageError(_("--translation-of {tab!r}: no such exhibit (see 'packet list')").format(
                tab=args.translation_of)) from None

    target_in(pf.packet)  # a wrong tab is said before any file is examined
    pf.wait_until_free()  # and so is a packet another program has
    with intake_guard(pf.path):
        result = next(iter(ingest(pf.path, args.files, pf.packet.documents, passwords)))
        if result.verdict == REJECT:
            print(f"{_('REFUSED'):<8} {result.messages[0] if result.messages else result.name}")
            return 1

        def attach(p: Packet) -> Exhibit:
            target = target_in(p)
            known = p.documents.get(result.sha256)
            document = Document.from_dict(result.document) if result.document is not None else known
            if document is None:
                raise UsageError(_("{name}: its stored copy is no longer in the packet; add it again").format(
                    name=result.name))
            actions.attach_translation(p, target.id, document, language=args.language)
            return target

        try:
            target = pf.update(attach)
        except BaseException:  # not saved: the stored copy goes again (unless packet.json names it)
            discard_unsaved(pf.path, [result])
            raise
    p = pf.packet
    tab = p.label_of(target)
    what = (_("English translation of Tab {label}").format(label=tab) if tab
            else _("English translation of the lead document"))
    print(f"{_('ADDED'):<8} {what}: {target.title} ({pages(result.pages)})")
    for m in result.notes:
        print("         " + _("note: {note}").format(note=m))
    if not p.translator.name:
        print("         " + _("note: enter the translator's details for the certificate: packet set PACKET "
                              "translator_name=... translator_address=... translator_phone=..."))
    return 0


def _list_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet")
    s.add_argument("--json", action="store_true", help=_("print the packet's contents as JSON"))


def cmd_list(args: argparse.Namespace) -> int:
    pf = open_packet(args.packet)
    p = pf.packet
    rows: list[dict[str, Any]] = []
    apart = set(separate_ids(p, packet_profile(p)))
    for e in p.items():
        doc = p.document_of(e)
        rows.append({
            "id": e.id, "role": "lead" if p.label_of(e) == "" else "exhibit", "label": p.label_of(e),
            "title": e.title, "factors": e.factors, "slot": e.slot, "pages": len(e.kept(p.documents)),
            "selection": describe(e, p.documents), "document": doc.sha256, "file": doc.original_name,
            "format": doc.format, "messages": doc.messages,
            "section": section_of(p, e) if p.label_of(e) else None,
            "file_separately": e.id in apart, "shared": bool(e.shared),
        })
    coverage = coverage_json(p)
    if args.json:
        print(json.dumps({"name": p.name, "path": str(pf.path), "template": p.template,
                          "grouped_by_factor": p.settings.group_index_by_factor, "items": rows,
                          "coverage": coverage}, indent=1, ensure_ascii=False))
        return 0
    print(f"{p.name}  ({pf.path})")
    if pf.opened_from_backup:
        print(_("note: packet.json was unreadable; opened the previous save (packet.json.bak)"))
    if not rows:
        print("  " + _("(empty: add documents with 'packet add')"))
    names = {f.id: _(f.name) for f in load_factors()}
    section: str | None = None
    for r in rows:
        if p.settings.group_index_by_factor and r["label"] and r["section"] != section:
            section = r["section"]
            print(f"  -- {_(section_heading(section or ''))}")
        tab = _("Tab {label}").format(label=r["label"]) if r["label"] else _("Lead")
        tags = f"  [{', '.join(names.get(f, f) for f in r['factors'])}]" if r["factors"] else ""
        warn = "  (!)" if r["messages"] else ""
        chosen = f" ({r['selection']})" if r["selection"] else ""
        own = "  " + _("(filed separately, its own PDF)") if r["file_separately"] else ""
        own += "  " + _("(shared with the family)") if r["shared"] else ""
        print(f"  {tab:<8} {r['title']}  - {pages(r['pages'])}{chosen}{tags}{own}{warn}")
    total = sum(r["pages"] for r in rows)
    print(ngettext("{n} item", "{n} items", len(rows)).format(n=len(rows)) + ", "
          + ngettext("{n} source page", "{n} source pages", total).format(n=total))
    _print_slots(coverage["slots"])
    return 0


def _print_slots(slots: list[dict[str, Any]]) -> None:
    """The template's expected evidence: how much is in, and the required slots still empty."""
    if not slots:
        return
    filled = sum(1 for s in slots if s["filled"])
    print(ngettext("Expected evidence: {filled} of {n} slot filled", "Expected evidence: {filled} of {n} slots filled",
                   len(slots)).format(filled=filled, n=len(slots)))
    for s in slots:
        if s["filled"]:
            print(f"  [x] {_(s['title'])}  ({', '.join(s['where'])})")
    empty_required = [s for s in slots if s["required"] and not s["filled"]]
    for s in empty_required:
        print(f"  [ ] {_(s['title'])}  " + _("(required; slot {id})").format(id=s["id"]))
    for s in slots:
        if not s["required"] and not s["filled"]:
            print(f"  [ ] {_(s['title'])}  " + _("(recommended; slot {id})").format(id=s["id"]))
    if empty_required:
        n = len(empty_required)
        print(ngettext("{n} required slot empty. Add the document, then: packet fill PACKET TAB SLOT",
                       "{n} required slots empty. Add the document, then: packet fill PACKET TAB SLOT", n).format(n=n))


def _fill_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet")
    s.add_argument("item", metavar="TAB",
                   help=_("the exhibit's tab (e.g. C), L1, L2... for lead documents, or its id"))
    s.add_argument("slot", metavar="SLOT", help=_("the slot id (see 'packet list'), or 'none' to clear it"))


def cmd_fill(args: argparse.Namespace) -> int:
    pf = open_packet(args.packet)
    slot_id = "" if args.slot.lower() in ("none", "-", "") else args.slot

    labels: list[str] = []

    def fill(p: Packet) -> Exhibit:  # on packet.json as it is when saving: another program's save is kept
        item = actions.find_item(p, args.item)
        labels[:] = [p.label_of(item)]
        actions.fill_slot(p, item.id, slot_id)
        return item

    item = pf.update(fill)
    p = pf.packet
    before = labels[0] if labels else ""
    slot = next((s for s in p.slots if s.id == slot_id), None)
    where = _("Tab {label}").format(label=before) if before else _("Lead document")
    what = _(slot.title) if slot else _("no slot")
    if before and p.label_of(item) != before:
        print(_("{where} ({title}) fills: {slot}; the packet is grouped by factor, so it moved into its section and "
                "is now Tab {label}").format(where=where, title=item.title, slot=what, label=p.label_of(item)))
    else:
        print(_("{where} ({title}) fills: {slot}").format(where=where, title=item.title, slot=what))
    return 0


def _set_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet")
    s.add_argument("values", nargs="+", metavar="FIELD=VALUE",
                   help=_("cover fields as for 'new --set', and: {fields}").format(
                       fields=", ".join((actions.PROFILE_FIELD, *actions.PACKET_FIELDS))))


def cmd_set(args: argparse.Namespace) -> int:
    pf = open_packet(args.packet)
    pairs = split_pairs(args.values)
    profiles = [v for k, v in pairs if k == actions.PROFILE_FIELD]
    chosen = [find_profile(wanted.strip()) if wanted.strip() else None for wanted in profiles]

    def change(packet: Packet) -> None:  # on packet.json as it is when saving: another program's save is kept
        # the profile first: what it implies (a certificate of service) gives way to values set in the same command
        for profile in chosen:
            actions.choose_profile(packet, profile)
        actions.set_values(packet, [(k, v) for k, v in pairs if k != actions.PROFILE_FIELD])

    pf.update(change)
    print(_("Saved {path}").format(path=pf.path))
    return 0


VERBS = (
    Verb("new", N_("create an empty packet folder (NAME.packet), shaped by a template"), _new_args, cmd_new),
    Verb("add", N_("import documents into a packet as exhibits"), _add_args, cmd_add),
    Verb("list", N_("show the packet's lead documents and exhibits"), _list_args, cmd_list),
    Verb("fill", N_("say which expected-evidence slot of the template an exhibit fills"), _fill_args, cmd_fill),
    Verb("set", N_("change packet settings, cover fields, translator or service details"), _set_args, cmd_set),

)
