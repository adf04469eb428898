"""Actions on lead documents and exhibits: add, reorder, make lead or exhibit, rename, details, factor tags,
template slots, language and translation.

Items are found by id; the command line turns what a user types (`C`, `L2`) into an id with `find_item`.
"""

from __future__ import annotations

from collections.abc import Iterable

from packet.core.actions.errors import ActionError
from packet.core.actions.values import check_title
from packet.core.factor_sections import arrange
from packet.core.factors import factor_ids
from packet.core.i18n import _
from packet.core.model import ROTATIONS, Document, Exhibit, Packet

LEAD, EXHIBIT = "lead", "exhibit"
ENGLISH = ("english", "en")
UNNAMED_LANGUAGE = "a language other than English"  # set when a translation comes before the language


def item(packet: Packet, item_id: str) -> Exhibit:
    e = packet.find(item_id)
    if e is None:
        raise ActionError(_("exhibit"), item_id, _("no such lead document or exhibit in the packet (see 'packet list')"))
    return e


def find_item(packet: Packet, wanted: str) -> Exhibit:
    """An item by what a user types: its tab (`C`, `Tab C`), `L1`, `L2`... for lead documents, or its id."""
    key = wanted.strip()
    tab = key.upper().removeprefix("TAB ").strip()
    for e in packet.exhibits:
        if packet.label_of(e).upper() == tab or e.id == key:
            return e
    for n, e in enumerate(packet.lead, start=1):
        if tab == f"L{n}" or e.id == key:
            return e
    raise ActionError(_("exhibit"), wanted, _("no such exhibit; give its tab (e.g. C), L1, L2... for lead documents, "
                                              "or its id (see 'packet list')"))


def add_item(packet: Packet, document: Document, *, title: str, factors: Iterable[str] = (),
             lead: bool = False) -> Exhibit:
    """Place a stored document in the packet as an exhibit (or a lead document); its record is added too."""
    name = check_title(title)
    if not name:
        raise ActionError(_("title"), title, _("an exhibit needs a title for the index"))
    packet.documents.setdefault(document.sha256, document)
    exhibit = Exhibit(document=document.sha256, title=name, factors=list(dict.fromkeys(factors)))
    (packet.lead if lead else packet.exhibits).append(exhibit)
    arrange(packet)
    return exhibit


def _role_list(packet: Packet, exhibit_id: str) -> list[Exhibit]:
    for lst in (packet.lead, packet.exhibits):
        if any(e.id == exhibit_id for e in lst):
            return lst
    item(packet, exhibit_id)  # raises
    raise AssertionError("unreachable")


def _role(role: str | None) -> str | None:
    if role not in (None, LEAD, EXHIBIT):
        raise ActionError(_("role"), role, _("use {lead} or {exhibit}").format(lead=LEAD, exhibit=EXHIBIT))
    return role


def move_items(packet: Packet, ids: Iterable[str], before_id: str | None, role: str | None = None) -> None:
    """Move items (in their current order) to just before `before_id`, or to the end of `role`'s list.

    Items keep their role unless `role` ("lead" or "exhibit") says otherwise.
    """
    role = _role(role)
    wanted = set(ids)
    moving = [e for e in packet.items() if e.id in wanted]
    if not moving:
        return
    for e in moving:
        _role_list(packet, e.id).remove(e)
    by_role = packet.lead if role == LEAD else packet.exhibits
    if before_id is not None and packet.find(before_id) is not None:
        target = _role_list(packet, before_id)
        if role is not None and target is not by_role:
            target, at = by_role, len(by_role)
        else:
            at = next(i for i, e in enumerate(target) if e.id == before_id)
    else:
        target, at = by_role, len(by_role)
    target[at:at] = moving
    arrange(packet)


def shift_items(packet: Packet, ids: Iterable[str], delta: int) -> None:
    """Move the selected items up (delta -1) or down (+1) by one place within their list, as a block."""
    if delta not in (-1, 1):
        raise ActionError(_("move by"), delta, _("use -1 (up) or 1 (down)"))
    wanted = set(ids)
    for lst in (packet.lead, packet.exhibits):
        positions = [i for i, e in enumerate(lst) if e.id in wanted]
        if not positions:
            continue
        if delta < 0 and positions[0] == 0 or delta > 0 and positions[-1] == len(lst) - 1:
            continue
        for i in positions if delta < 0 else reversed(positions):
            lst[i], lst[i + delta] = lst[i + delta], lst[i]
    arrange(packet)  # grouped: an exhibit moves inside its section, never out of it


def remove_items(packet: Packet, ids: Iterable[str]) -> None:
    """Take items out of the packet; their stored documents stay (an undo brings them straight back)."""
    wanted = set(ids)
    packet.lead = [e for e in packet.lead if e.id not in wanted]
    packet.exhibits = [e for e in packet.exhibits if e.id not in wanted]


def set_role(packet: Packet, ids: Iterable[str], role: str) -> None:
    """Make the items lead documents (appended to the lead list) or exhibits (appended to the exhibits)."""
    if role not in (LEAD, EXHIBIT):
        raise ActionError(_("role"), role, _("use {lead} or {exhibit}").format(lead=LEAD, exhibit=EXHIBIT))
    move_items(packet, ids, None, role)


def rename(packet: Packet, item_id: str, title: str) -> None:
    """A new index title (up to MAX_TITLE_CHARS characters)."""
    name = check_title(title)
    if not name:
        raise ActionError(_("title"), title, _("an exhibit needs a title for the index; type what the document is"))
    item(packet, item_id).title = name


def set_details(packet: Packet, item_id: str, *, date: str | None = None, description: str | None = None,
                rotation: int | None = None) -> None:
    """The document date (free text: '2021-03-04', '2019-2023'), notes, and an extra clockwise turn."""
    e = item(packet, item_id)
    if rotation is not None and rotation not in ROTATIONS:
        raise ActionError(_("rotation"), rotation, _("use one of: {choices}").format(
            choices=", ".join(str(r) for r in ROTATIONS)))
    if date is not None:
        e.date = date.strip()
    if description is not None:
        e.description = description.strip()
    if rotation is not None:
        e.rotation = rotation


def _known_factor(factor: str) -> str:
    known = factor_ids()
    if factor not in known:
        raise ActionError(_("factor"), factor, _("use one of: {choices}").format(choices=", ".join(sorted(known))))
    return factor


def tag(packet: Packet, ids: Iterable[str], factor: str) -> None:
    """Tag items with a discretion factor (each tag once)."""
    _known_factor(factor)
    for e in [item(packet, i) for i in ids]:
        if factor not in e.factors:
            e.factors.append(factor)
    arrange(packet)


def untag(packet: Packet, ids: Iterable[str], factor: str) -> None:
    for e in [item(packet, i) for i in ids]:
        if factor in e.factors:
            e.factors.remove(factor)
    arrange(packet)


def fill_slot(packet: Packet, item_id: str, slot_id: str) -> None:
    """Record that an item fills one of the template's expected-evidence slots ('' clears it). A slot tied to a
    discretion factor also tags the item with it."""
    e = item(packet, item_id)
    slot = next((s for s in packet.slots if s.id == slot_id), None)
    if slot_id and slot is None:
        ids = ", ".join(s.id for s in packet.slots) or _("none: its template expects no particular documents")
        raise ActionError(_("slot"), slot_id, _("not a slot of this packet; its slots are: {ids}").format(ids=ids))
    e.slot = slot_id
    if slot is not None and slot.factor and slot.factor not in e.factors:
        e.factors.append(slot.factor)
    arrange(packet)


def set_file_separately(packet: Packet, ids: Iterable[str], value: bool | None) -> None:
    """Mark items to be filed as their own PDF beside the packet (True), kept inside it (False), or as their slot
    and the filing profile say (None; see core/separate.py)."""
    if value is not None and not isinstance(value, bool):
        raise ActionError("file_separately", str(value), _("yes, no, or default"))
    wanted = [item(packet, i) for i in dict.fromkeys(ids)]
    for e in wanted:
        e.file_separately = value


def set_language(packet: Packet, item_id: str, language: str) -> None:
    """The language the document is in: '' when not given (English is assumed), 'English' when the user says so
    (the check then believes it over a document whose text looks like another language), or the language."""
    value = language.strip()
    item(packet, item_id).language = "English" if value.lower() in ENGLISH else value


def attach_translation(packet: Packet, item_id: str, document: Document, language: str | None = None) -> None:
    """Attach a stored document as the item's English translation (placed after it, with a certificate of
    translation). Without a language, an item marked English is marked as 'a language other than English', which
    the readiness check asks to be named."""
    e = item(packet, item_id)
    if document.sha256 == e.document:
        raise ActionError(_("translation"), document.original_name, _("choose the English translation, not the "
                                                                      "document itself"))

    packet.documents.setdefault(document.sha256, document)
    e.translation = document.sha256
    if language is not None and language.strip():
        set_language(packet, item_id, language)
    if not e.language:
        e.language = UNNAMED_LANGUAGE


def remove_translation(packet: Packet, item_id: str) -> None:
    item(packet, item_id).translation = ""
