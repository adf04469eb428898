"""Verbs for how the evidence argues: sort (exhibits by factor section) and summary (the summary of equities'
statements, criminal-record heading and negative factors).

Both call core actions, as the window's Edit ▸ Sort by factor and Summary tab do; `packet summary PACKET` prints
the summary's sections with the cites the export will print.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from packet.cli.common import UsageError, Verb
from packet.core import actions
from packet.core.equities import NEGATIVE, summary_sections
from packet.core.factor_sections import factor_sections
from packet.core.i18n import N_, _, ngettext
from packet.export.build import plan_export
from packet.export.index_pages import summary_cite
from packet.store.folder import open_packet

SORT_KEYS = ("factor",)


def _sort_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet")
    s.add_argument("--by", choices=SORT_KEYS, default="factor",
                   help=_("factor: section by section, in the packet's section order (the only sort; the default)"))


def cmd_sort(args: argparse.Namespace) -> int:
    pf = open_packet(args.packet)
    p = pf.packet
    before = [e.id for e in p.exhibits]
    actions.sort_by_factor(p)
    if [e.id for e in p.exhibits] == before:
        print(_("The exhibits are already in section order; nothing changed."))
        return 0
    pf.save()
    for section in factor_sections(p):
        if section.exhibits:
            tabs = ", ".join(p.label_of(e) for e in p.exhibits if e.id in section.exhibits)
            line = ngettext("{heading}: Tab {tabs}", "{heading}: Tabs {tabs}", len(section.exhibits))
            print("  " + line.format(heading=_(section.heading), tabs=tabs))
    print(_("Saved {path}").format(path=pf.path))
    return 0


def _summary_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet")
    s.add_argument("factor", nargs="?", metavar="FACTOR",
                   help=_("a discretion factor id, or '{negative}' for the negative factors addressed").format(
                       negative=NEGATIVE))
    s.add_argument("text", nargs="?", metavar="TEXT", help=_("the statement for that section ('' removes it)"))
    s.add_argument("--cite", action="append", default=None, metavar="TAB",
                   help=_("with {negative}: an exhibit to cite there (repeatable; 'none' for none)").format(
                       negative=NEGATIVE))
    s.add_argument("--criminal-heading", metavar="CHOICE",
                   help=_("auto (by what was filed), record (criminal history and rehabilitation) or no-record"))
    s.add_argument("--json", action="store_true", help=_("print the summary's sections as JSON"))


def cmd_summary(args: argparse.Namespace) -> int:
    pf = open_packet(args.packet)
    p = pf.packet
    changed = False
    if args.cite is not None:
        if args.factor != NEGATIVE:
            raise UsageError(_("--cite is for '{negative}': a factor's own cites come from its exhibits' tags "
                               "(packet add --factor, packet fill)").format(negative=NEGATIVE))
        wanted = [] if [c.lower() for c in args.cite] == ["none"] else args.cite
        actions.set_negative_exhibits(p, [actions.find_item(p, t).id for t in wanted])
        changed = True
    if args.text is not None:
        actions.set_statement(p, args.factor, args.text)
        changed = True
    elif args.factor is not None and args.factor not in actions.statement_keys():
        actions.set_statement(p, args.factor, "")  # refuses, saying what is accepted
    if args.criminal_heading is not None:
        actions.set_criminal_heading(p, args.criminal_heading)
        changed = True
    if changed:
        pf.save()
    plan = plan_export(p)
    entries = {e.item_id: e for e in plan.entries}
    sections = [s for s in summary_sections(p) if args.factor in (None, s.key)]
    rows: list[dict[str, Any]] = [
        {"key": s.key, "heading": s.heading, "statement": s.statement,
         "cites": [{"id": i, "cite": summary_cite(entries[i]), "title": entries[i].title}
                   for i in s.exhibits if i in entries]} for s in sections]
    if args.json:
        print(json.dumps({"sections": rows, "on": p.settings.summary_of_equities}, indent=1, ensure_ascii=False))
        return 0
    if not rows:
        print(_("The summary has no sections yet: tag exhibits with discretion factors, or write a statement."))
    for r in rows:
        print(r["heading"])
        if r["statement"]:
            print(f"  {r['statement']}")
        for c in r["cites"]:
            print(f"    {c['cite']}  {c['title']}")
    if changed:
        print(_("Saved {path}").format(path=pf.path))
    if not p.settings.summary_of_equities:
        print(_("note: the export leaves the summary out; turn it on with: packet set PACKET summary=yes"))
    return 0


VERBS = (
    Verb("sort", N_("put the exhibits in factor-section order (tabs then run A, B, C down a grouped index)"),
         _sort_args, cmd_sort),
    Verb("summary", N_("show or write the summary of equities (statements, criminal-record heading, negative "
                       "factors)"), _summary_args, cmd_summary),

)
