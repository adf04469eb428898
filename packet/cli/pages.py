"""`packet pages`: the pages inside one exhibit: list them, keep or hide some, turn them, reorder them, split the
exhibit in two at a page, merge it with the next one, and find the near-empty pages a duplex scan leaves.

Page numbers are positions in the exhibit's page list as `packet pages PACKET TAB` prints it before the command
(hidden pages included; for an exhibit never reordered or merged, the document's own page numbers); with
--merge-next, which comes first, the next exhibit's pages follow on, numbered after this one's. Every change
is a core action (packet/core/actions/pages.py), the same the window's page view calls; all of one command's
changes are checked, then saved together, or none is.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from packet.cli.common import UsageError, Verb
from packet.core import actions
from packet.core.i18n import N_, _, ngettext
from packet.core.model import Exhibit, Packet
from packet.core.selection import describe, page_ranges
from packet.store.blank_pages import near_empty_pages
from packet.store.folder import open_packet


def _pages_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("packet")
    s.add_argument("item", metavar="TAB", help=_("the exhibit's tab (e.g. C), L1, L2... for lead documents, or "
                                                 "its id"))
    s.add_argument("--keep", metavar="PAGES", help=_("keep only these pages, e.g. 1-3,5 (the others are hidden)"))
    s.add_argument("--hide", metavar="PAGES", help=_("leave these pages out of the export, e.g. 2,4"))
    s.add_argument("--restore", metavar="PAGES", help=_("put hidden pages back, e.g. 4 ('all' for every one)"))
    s.add_argument("--rotate", metavar="PAGE:DEG", help=_("turn pages clockwise, e.g. 2:90,4:180 (0 turns back)"))
    s.add_argument("--order", metavar="PAGES", help=_("a new order, every page once, e.g. 3,1-2,4-19"))
    s.add_argument("--split-at", type=int, metavar="PAGE",
                   help=_("cut the exhibit in two: this page and the ones after it become the next exhibit"))
    s.add_argument("--merge-next", action="store_true",
                   help=_("append the next exhibit's pages to this one (and take the next one out)"))
    s.add_argument("--find-blank", action="store_true",
                   help=_("list the near-empty pages (blank backs of a duplex scan); nothing is changed"))
    s.add_argument("--hide-blank", action="store_true", help=_("hide the pages --find-blank lists"))
    s.add_argument("--json", action="store_true", help=_("print the exhibit's pages as JSON"))


def cmd_pages(args: argparse.Namespace) -> int:
    if args.split_at is not None and (args.order or args.merge_next):
        raise UsageError(_("--split-at cannot be combined with --order or --merge-next; run them one after the "
                           "other"))
    pf = open_packet(args.packet)
    e = actions.find_item(pf.packet, args.item)
    tab = pf.packet.tab_of(e)
    changes: list[str] = []
    if any((args.keep, args.hide, args.restore, args.rotate, args.order, args.split_at is not None, args.merge_next,
            args.hide_blank)):
        # on packet.json as it is when saving (another program's save is kept); refused, nothing is saved
        changes = pf.update(lambda packet: _apply(pf.path, packet, e.id, args))
    p = pf.packet
    e = p.find(e.id) or e
    blank = near_empty_pages(pf.path, p, e) if args.find_blank else None
    if args.json:
        print(json.dumps(_json(p, e, blank), indent=1, ensure_ascii=False))
        return 0
    for line in changes:
        print(line)
    if p.find(e.id) is not None:
        _print_pages(p, e, tab if not changes else p.tab_of(e))
    if blank is not None:
        if blank:
            print(_("Near-empty pages (blank backs of a duplex scan?): {value}. Look at them, then hide them "
                    "with: packet pages PACKET {value2} --hide {value3} (or --hide-blank)").format(
                      value=page_ranges(blank), value2=p.tab_of(e), value3=','.join(map(str, blank))))
        else:
            print(_("No near-empty pages among the kept ones."))
    if changes:
        print(_("Saved {path}").format(path=pf.path))
    return 0


def _apply(folder: Path, p: Packet, eid: str, args: argparse.Namespace) -> list[str]:
    """Every change the options ask for, in an order that keeps page numbers meaning what they meant before the
    command; what was done, in words. An ActionError leaves the packet on disk untouched (nothing is saved)."""
    done: list[str] = []
    e = actions.find_item(p, eid)
    if args.merge_next:
        lst = p.lead if any(x.id == eid for x in p.lead) else p.exhibits
        at = next(i for i, x in enumerate(lst) if x.id == eid)
        other = lst[at + 1] if at + 1 < len(lst) else None
        other_tab = p.tab_of(other) if other is not None else ""
        actions.merge_with_next(p, eid)
        done.append(_("Merged {other} ({title}) into {tab}").format(
            other=other_tab, title=other.title if other else "", tab=p.tab_of(e)))
    if args.keep:
        actions.keep_pages(p, eid, actions.parse_page_list("--keep", args.keep))
        done.append(f"Kept pages {args.keep}")
    if args.restore:
        wanted = None if args.restore.strip().lower() == "all" else actions.parse_page_list("--restore", args.restore)
        actions.restore_pages(p, eid, wanted)
        done.append(f"Restored pages {args.restore}")
    if args.hide:
        actions.hide_pages(p, eid, actions.parse_page_list("--hide", args.hide))
        done.append(f"Hid pages {args.hide}")
    if args.rotate:
        actions.set_page_turns(p, eid, actions.parse_page_turns("--rotate", args.rotate))
        done.append(f"Turned pages {args.rotate}")
    if args.hide_blank:
        blank = near_empty_pages(folder, p, e)
        if blank:
            actions.hide_pages(p, eid, blank)
            done.append(_("Hid the near-empty pages {value}").format(value=page_ranges(blank)))
        else:
            done.append(_("No near-empty pages to hide"))
    if args.order:
        actions.order_pages(p, eid, actions.parse_page_list("--order", args.order))
        done.append(_("Put the pages in the order {order}").format(order=args.order))
    if args.split_at is not None:
        new = actions.split_exhibit(p, eid, args.split_at)
        done.append(_("Split {value} before page {split_at}: the rest is now {value2} ({title})").format(
                        value=p.tab_of(e), split_at=args.split_at, value2=p.tab_of(new), title=new.title))
    return done



def _print_pages(p: Packet, e: Exhibit, tab: str) -> None:
    refs = e.page_list(p.documents)
    kept = sum(1 for r in refs if not r.hidden)
    doc = p.document_of(e)
    summary = describe(e, p.documents)
    where = _("Tab {label}").format(label=tab) if not tab.startswith("L") else _("Lead document {label}").format(
        label=tab)
    print(f"{where}: {e.title} ({doc.original_name})")
    print("  " + ngettext("{kept} of {n} page kept", "{kept} of {n} pages kept", len(refs)).format(
        kept=kept, n=len(refs)) + (f": {summary}" if summary else ""))
    several = len({r.document for r in refs}) > 1
    for n, r in enumerate(refs, start=1):
        source = (_("p. {page} of {name}").format(page=r.page, name=p.documents[r.document].original_name)
                  if several else _("p. {page}").format(page=r.page))
        notes = [x for x in (_("turned {rotate}°").format(rotate=r.rotate) if r.rotate else "",
                             _("hidden") if r.hidden else "") if x]
        print(f"  {n:>4}  {source}" + (f"  ({', '.join(notes)})" if notes else ""))


def _json(p: Packet, e: Exhibit, blank: list[int] | None) -> dict[str, Any]:
    refs = e.page_list(p.documents)
    out: dict[str, Any] = {
        "id": e.id, "tab": p.tab_of(e), "title": e.title, "rotation": e.rotation,
        "kept": sum(1 for r in refs if not r.hidden), "summary": describe(e, p.documents),
        "pages": [{"position": n, "document": r.document, "file": p.documents[r.document].original_name,
                   "page": r.page, "turn": r.rotate, "hidden": r.hidden} for n, r in enumerate(refs, start=1)],
    }
    if blank is not None:
        out["near_empty"] = blank
    return out


VERBS = (
    Verb("pages", N_("the pages of one exhibit: keep, hide, turn, reorder, split, merge, find blank pages"),
         _pages_args, cmd_pages),
)
