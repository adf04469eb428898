"""Actions on the pages inside an exhibit: turn, hide and restore, reorder, split into two exhibits, merge two.

Pages are named by their position in the exhibit's page list (1-based, hidden pages included), as the page view
and `packet pages` show them; for an exhibit that was never reordered or merged that is the document's own page
number. The stored documents never change: every choice is data in the exhibit's `selection` (model.PageRef).
Each action checks everything first and raises ActionError, having changed nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from packet.core.actions.errors import ActionError
from packet.core.actions.items import item
from packet.core.i18n import _
from packet.core.model import ROTATIONS, Exhibit, Packet, PageRef, new_id

TURNS = (90, 180, 270, -90)  # what "turn by" accepts: right, half, left (as 270 or -90)


def _pages(packet: Packet, e: Exhibit) -> list[PageRef]:
    return e.page_list(packet.documents)


def _positions(refs: list[PageRef], positions: Iterable[int], field: str = "page") -> list[int]:
    """Checked 0-based indexes of 1-based positions, in the order given, each once."""
    out: list[int] = []
    for p in positions:
        if isinstance(p, bool) or not isinstance(p, int) or not 1 <= p <= len(refs):
            raise ActionError(field, p, _range(refs))
        if p - 1 not in out:
            out.append(p - 1)
    return out


def _range(refs: list[PageRef]) -> str:
    if not refs:
        return _("this exhibit has no pages")
    return _("the exhibit has page 1 only") if len(refs) == 1 else _("the exhibit has pages 1 to {n_refs}").format(
                                                                    n_refs=len(refs))


def _store(e: Exhibit, refs: list[PageRef], documents: Mapping[str, object]) -> None:
    """Keep `refs` as the exhibit's selection; back to None when it is simply the document as it is."""
    n = getattr(documents.get(e.document), "pages", 0)
    plain = (len(refs) == n and all(r.document in ("", e.document) and r.page == i and not r.rotate and not r.hidden
                                    for i, r in enumerate(refs, start=1)))
    e.pages = None
    e.selection = None if plain else [
        PageRef(r.page, r.rotate % 360, r.hidden, "" if r.document == e.document else r.document) for r in refs]


def _place(packet: Packet, e: Exhibit) -> tuple[list[Exhibit], int]:
    """The list holding the item (lead documents or exhibits) and its index there."""
    for lst in (packet.lead, packet.exhibits):
        for i, x in enumerate(lst):
            if x.id == e.id:
                return lst, i
    raise ActionError("exhibit", e.id, _("no such lead document or exhibit in the packet"))


def _need_kept(refs: list[PageRef], what: str) -> None:
    if refs and all(r.hidden for r in refs):
        raise ActionError("pages", what, _("an exhibit needs at least one page; to leave the whole document out, "
                                           "remove the exhibit instead"))


def turn_pages(packet: Packet, item_id: str, positions: Iterable[int], by: int) -> None:
    """Turn pages by a quarter turn clockwise (90), a half (180) or anticlockwise (270 or -90)."""
    if isinstance(by, bool) or by not in TURNS:
        raise ActionError("turn", by, _("use 90 (clockwise), 180, or 270 / -90 (anticlockwise)"))
    e = item(packet, item_id)
    refs = _pages(packet, e)
    for i in _positions(refs, positions):
        refs[i] = PageRef(refs[i].page, (refs[i].rotate + by) % 360, refs[i].hidden, refs[i].document)
    _store(e, refs, packet.documents)


def set_page_turns(packet: Packet, item_id: str, turns: Mapping[int, int]) -> None:
    """Give pages an extra clockwise turn of 0, 90, 180 or 270 degrees ({position: degrees})."""
    e = item(packet, item_id)
    refs = _pages(packet, e)
    for pos, degrees in turns.items():
        if isinstance(degrees, bool) or not isinstance(degrees, int) or degrees % 360 not in ROTATIONS:
            raise ActionError("rotation", degrees, _("turn a page by 0, 90, 180 or 270 degrees clockwise"))
        _positions(refs, [pos])
    for pos, degrees in turns.items():
        r = refs[pos - 1]
        refs[pos - 1] = PageRef(r.page, degrees % 360, r.hidden, r.document)
    _store(e, refs, packet.documents)


def hide_pages(packet: Packet, item_id: str, positions: Iterable[int]) -> None:
    """Leave pages out of the export (they stay in the page list, greyed, and can be restored in place)."""
    e = item(packet, item_id)
    refs = _pages(packet, e)
    wanted = _positions(refs, positions)
    for i in wanted:
        r = refs[i]
        refs[i] = PageRef(r.page, r.rotate, True, r.document)
    _need_kept(refs, ", ".join(str(i + 1) for i in wanted))
    _store(e, refs, packet.documents)


def restore_pages(packet: Packet, item_id: str, positions: Iterable[int] | None = None) -> None:
    """Put hidden pages back (None: all of them)."""
    e = item(packet, item_id)
    refs = _pages(packet, e)
    wanted = range(len(refs)) if positions is None else _positions(refs, positions)
    for i in wanted:
        r = refs[i]
        refs[i] = PageRef(r.page, r.rotate, False, r.document)
    _store(e, refs, packet.documents)


def keep_pages(packet: Packet, item_id: str, positions: Iterable[int]) -> None:
    """Keep only these pages (restoring any of them that were hidden); every other page is hidden."""
    e = item(packet, item_id)
    refs = _pages(packet, e)
    wanted = set(_positions(refs, positions))
    if not wanted:
        raise ActionError("keep", "", _("name at least one page to keep"))
    refs = [PageRef(r.page, r.rotate, i not in wanted, r.document) for i, r in enumerate(refs)]
    _store(e, refs, packet.documents)


def move_pages(packet: Packet, item_id: str, positions: Iterable[int], before: int | None) -> None:
    """Move pages (in their current order) to just before the page now at position `before` (None: the end)."""
    e = item(packet, item_id)
    refs = _pages(packet, e)
    moving = sorted(_positions(refs, positions))
    if before is not None and not 1 <= before <= len(refs) + 1:
        raise ActionError(_("before page"), before, _range(refs))
    anchor = None if before is None or before == len(refs) + 1 else before - 1
    while anchor is not None and anchor in moving:  # dropped onto itself: before the next page that stays
        anchor = anchor + 1 if anchor + 1 < len(refs) else None
    picked = [refs[i] for i in moving]
    rest = [(i, r) for i, r in enumerate(refs) if i not in set(moving)]
    at = next((n for n, (i, _) in enumerate(rest) if i == anchor), len(rest)) if anchor is not None else len(rest)
    out = [r for _, r in rest]
    out[at:at] = picked
    _store(e, out, packet.documents)


def order_pages(packet: Packet, item_id: str, order: list[int]) -> None:
    """Put the pages in a new order: `order` lists every position once (the page first shown first)."""
    e = item(packet, item_id)
    refs = _pages(packet, e)
    idx = _positions(refs, order)
    if len(order) != len(refs) or len(idx) != len(refs):
        missing = [str(i + 1) for i in range(len(refs)) if i not in idx]
        twice = sorted({p for p in order if order.count(p) > 1})
        what = (_("page {value} is listed twice").format(value=', '.join(map(str, twice))) if twice
                else f"missing: {', '.join(missing)}")
        raise ActionError("order", ",".join(map(str, order)),
                          _("list every page of the exhibit once, 1 to {n_refs} ({what})").format(
                              n_refs=len(refs), what=what))
    _store(e, [refs[i] for i in idx], packet.documents)


def _not_shared(e: Exhibit, what: str) -> None:
    """A family's shared exhibit is one exhibit in every member's packet (core/family.py): cutting it in two, or
    merging another into it, here would change the others' pages without giving them the other half."""
    if e.shared:
        raise ActionError(what, e.title, _("it is shared with the family's other packets, so it cannot be split or "
                                           "merged here (their packets would change too); hide the pages you do not "
                                           "want instead, which every member's packet then shows"))


def split_exhibit(packet: Packet, item_id: str, at: int) -> Exhibit:
    """Cut an exhibit in two before page `at`: pages `at`... become a new exhibit right after it (same factors,
    date, notes and language; its title says "(continued)"). Returns the new exhibit."""
    e = item(packet, item_id)
    _not_shared(e, _("split"))
    refs = _pages(packet, e)
    if isinstance(at, bool) or not isinstance(at, int) or not 2 <= at <= len(refs):
        accepted = (_("split before one of pages 2 to {n_refs}").format(n_refs=len(refs)) if len(refs) > 1
                    else _("an exhibit of one page cannot be split"))
        raise ActionError(_("split at"), at, accepted)
    first, second = refs[: at - 1], refs[at - 1:]
    _need_kept(first, f"1-{at - 1}")
    _need_kept(second, f"{at}-{len(refs)}")
    new = Exhibit(document=second[0].document, title=f"{e.title} (continued)", id=new_id(),
                  factors=list(e.factors), date=e.date, description=e.description, rotation=e.rotation,
                  language=e.language)
    _store(e, first, packet.documents)
    _store(new, second, packet.documents)
    lst, at = _place(packet, e)
    lst.insert(at + 1, new)
    return new


def merge_with_next(packet: Packet, item_id: str) -> None:
    """Append the next exhibit's pages (each keeping its turn and whether it is hidden) to this one, and take
    the next one out. The first keeps its title; factors are joined; a translation either had is kept."""
    e = item(packet, item_id)
    lst, at = _place(packet, e)
    if at + 1 >= len(lst):
        raise ActionError(_("merge"), e.title, _("this is the last lead document; select the one before it to merge "
                                                 "the two") if lst is packet.lead else
                          _("this is the last exhibit; select the one before it to merge the two"))
    other = lst[at + 1]
    for x in (e, other):
        _not_shared(x, _("merge"))
    if e.language.strip().lower() != other.language.strip().lower():
        raise ActionError(_("merge"), other.title, _("the two are in different languages ({value}, {value2}); only "
                                                  "documents in one language can be one exhibit").format(
                                                    value=e.language or 'English', value2=other.language or 'English'))
    if e.translation and other.translation and e.translation != other.translation:
        raise ActionError(_("merge"), other.title, _("both have an English translation; remove one of them first, "
                                                  "or keep them as two exhibits"))
    mine = _pages(packet, e)
    theirs = _pages(packet, other)
    if e.rotation != other.rotation:  # bake each exhibit's own turn into its pages, so nothing looks different
        mine = [PageRef(r.page, (r.rotate + e.rotation) % 360, r.hidden, r.document) for r in mine]
        theirs = [PageRef(r.page, (r.rotate + other.rotation) % 360, r.hidden, r.document) for r in theirs]
        e.rotation = 0
    _store(e, mine + theirs, packet.documents)
    e.factors = list(dict.fromkeys([*e.factors, *other.factors]))
    e.translation = e.translation or other.translation
    e.slot = e.slot or other.slot
    e.description = e.description or other.description
    del lst[at + 1]
