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
from packet.core.model import Respondent
from packet.store.family_members import family_of, make_member
from packet.store.folder import open_packet


def _family_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet")
    s.add_argument("--new", metavar="NAME", help="make a packet for another family member, beside PACKET")
    s.add_argument("--share", action="append", default=[], metavar="TAB",
                   help="an exhibit (C) or lead document (L1) the new packet shares (repeatable; 'all' for every "
                        "exhibit; default: every exhibit not tagged identity)")
    s.add_argument("--respondent", default="", metavar="NAME", help="the family member the new packet is for")
    s.add_argument("--a-number", default="", metavar="A-NUMBER", help="their A-number")
    s.add_argument("--family", default="", metavar="NAME",
                   help="the name of the family's shared folder when it is made (default: 'SURNAMES family')")
    s.add_argument("--json", action="store_true")


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
            raise UsageError("nothing to share: name the exhibits with --share TAB (see 'packet list')")
        number = actions.parse_a_number("--a-number", args.a_number)
        member = make_member(pf, args.new, ids, Respondent(args.respondent.strip(), number), args.family)
        titles = [e.title for e in pf.packet.items() if e.id in ids]
        print(f"Created {member.path} for {args.respondent.strip() or 'a family member'}, sharing "
              f"{len(titles)} item(s) with {pf.path.name}: {'; '.join(titles)}")
        print(f"The shared documents are stored once, in {pf.family.store if pf.family else ''}; an edit to a "
              "shared exhibit's title or pages shows in every member's packet.")
    found = family_of(pf)
    if found is None:
        print(f"{pf.path.name} is not part of a family. Make a packet for a family member with "
              f"'packet family {args.packet} --new NAME --respondent NAME --share TAB...'.")
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
    print(f"Family {family.name!r}: shared documents in {family.path}")
    for m in members:
        state = f"{m.name or '(no respondent yet)'}, {m.shared} shared item(s)" if m.exists else "missing (deleted?)"
        print(f"  {m.folder:<32} {state}")
    print(f"Shared exhibits in {pf.path.name}:")
    for e in pf.packet.items():
        if e.shared:
            tab = pf.packet.label_of(e)
            print(f"  {'Tab ' + tab if tab else 'Lead':<8} {e.title}")
    return 0


VERBS = (
    Verb("family", "make a packet for another family member sharing exhibits, or show the family", _family_args,
         cmd_family),
)
