"""The family verb: make a linked packet for another family member that shares chosen exhibits (stored once in
the family's shared folder), or show a packet's family.

`packet family PACKET --new NAME --share TAB...` calls `store.family_members.make_member`, as the window's "New
packet for a family member..." does."""

from __future__ import annotations

import argparse
import json

from packet.cli.common import UsageError, Verb
from packet.core import actions
from packet.core.family import default_shared
from packet.core.i18n import N_, _, ngettext
from packet.core.model import Respondent
from packet.store.family_members import family_of, make_member
from packet.store.folder import open_packet

NO_RESPONDENT = N_("(no respondent yet)")


def _family_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet")
    s.add_argument("--new", metavar="NAME", help=_("make a packet for another family member, beside PACKET"))
    s.add_argument("--share", action="append", default=[], metavar="TAB",
                   help=_("an exhibit (C) or lead document (L1) the new packet shares (repeatable; 'all' for every "
                          "exhibit; default: every exhibit not tagged identity)"))
    s.add_argument("--respondent", default="", metavar="NAME", help=_("the family member the new packet is for"))
    s.add_argument("--a-number", default="", metavar="A-NUMBER", help=_("their A-number"))
    s.add_argument("--family", default="", metavar="NAME",
                   help=_("the name of the family's shared folder when it is made (default: 'SURNAMES family')"))
    s.add_argument("--json", action="store_true", help=_("print the family as JSON"))


def cmd_family(args: argparse.Namespace) -> int:
    pf = open_packet(args.packet)
    if args.new:
        p = pf.packet
        if args.share == ["all"]:
            ids = [e.id for e in p.exhibits]
        elif args.share:
            ids = [actions.find_item(p, wanted).id for wanted in args.share]
        else:
            ids = default_shared(p)
        if not ids:
            raise UsageError(_("nothing to share: name the exhibits with --share TAB (see 'packet list')"))
        number = actions.parse_a_number("--a-number", args.a_number)
        member = make_member(pf, args.new, ids, Respondent(args.respondent.strip(), number), args.family)
        titles = [e.title for e in pf.packet.items() if e.id in ids]
        person, n = args.respondent.strip(), len(titles)
        made = (ngettext("Created {path} for {person}, sharing {n} item with {packet}: {titles}",
                         "Created {path} for {person}, sharing {n} items with {packet}: {titles}", n) if person else
                ngettext("Created {path} for a family member, sharing {n} item with {packet}: {titles}",
                         "Created {path} for a family member, sharing {n} items with {packet}: {titles}", n))
        print(made.format(path=member.path, person=person, n=n, packet=pf.path.name, titles="; ".join(titles)))
        print(_("The shared documents are stored once, in {store}; an edit to a shared exhibit's title or pages "
                "shows in every member's packet.").format(store=pf.family.store if pf.family else ""))
    found = family_of(pf)
    if found is None:
        print(_("{name} is not part of a family. Make a packet for a family member with "
                "'packet family {packet} --new NAME --respondent NAME --share TAB...'.").format(
                    name=pf.path.name, packet=args.packet))
        return 0
    family, members = found
    used = {e.shared: e for e in pf.packet.items() if e.shared}
    if args.json:
        print(json.dumps({
            "family": family.name, "id": family.id, "store": str(family.path),
            "members": [{"folder": m.folder, "exists": m.exists, "respondents": m.name, "shared": m.shared}
                        for m in members],
            "shared_exhibits": [{"shared_id": sid, "title": v.get("title", ""), "here": used[sid].id if sid in used
                                 else ""} for sid, v in family.exhibits.items()],
        }, indent=1, ensure_ascii=False))
        return 0
    print(_("Family {name!r}: shared documents in {path}").format(name=family.name, path=family.path))
    for m in members:
        if m.exists:
            state = ngettext("{name}, {n} shared item", "{name}, {n} shared items", m.shared).format(
                name=m.name or _(NO_RESPONDENT), n=m.shared)
        else:
            state = _("missing (deleted?)")
        print(f"  {m.folder:<32} {state}")
    print(_("Shared exhibits in {name}:").format(name=pf.path.name))
    for e in pf.packet.items():
        if e.shared:
            tab = pf.packet.label_of(e)
            where = _("Tab {label}").format(label=tab) if tab else _("Lead")
            print(f"  {where:<8} {e.title}")
    return 0


VERBS = (
    Verb("family", N_("make a packet for another family member sharing exhibits, or show the family"), _family_args,
         cmd_family),
)
