"""Accepting what Packet suggests from a document's text (`core/suggest.py`, `core/language.py`): its title, date,
the discretion factor it supports and its language. A suggestion is never applied by itself; accepting it is this
one action, which the window's inspector (Accept, undoable) and `packet suggest --accept` /
`packet add --suggest --accept` both call. Dismissing one is recorded on the item (`dismiss_suggestion`: the
inspector's Dismiss, `packet suggest --dismiss`), so it is not offered again when the packet is reopened.
"""

from __future__ import annotations

from dataclasses import dataclass

from packet.core.actions.errors import ActionError
from packet.core.actions.items import item, rename, set_details, set_language, tag
from packet.core.actions.values import check_title
from packet.core.factors import factor_ids
from packet.core.i18n import N_, _
from packet.core.model import Exhibit, Packet
from packet.core.titles import title_from_filename

FIELDS = ("title", "date", "factor", "language")
# The fields as a message names them (translated where shown; the CLI's --only and the JSON keep the ids).
FIELD_NAMES = {"title": N_("title"), "date": N_("date"), "factor": N_("factor"), "language": N_("language")}


def field_name(field: str) -> str:
    """The untranslated name of a suggestion field (pass it to _() where it is shown)."""
    return FIELD_NAMES.get(field, field)


@dataclass(frozen=True)
class Accepted:
    """The values to take from a suggestion; None (or '') leaves that field as it is."""

    title: str | None = None
    date: str | None = None
    factor: str | None = None
    language: str | None = None

    def offered(self) -> dict[str, str]:
        return {k: v for k, v in ((f, getattr(self, f)) for f in FIELDS) if v}

    def changes(self, exhibit: Exhibit, packet: Packet | None = None) -> dict[str, str]:
        """What accepting would change on this exhibit (a factor it has, a title it has, are no change).

        Given the packet, what the user typed is never replaced: a title is offered only while it is empty or
        still the one made from the file's name, a date only while there is none, and a lead document (the
        request itself, a notice of appearance) is offered no discretion factor."""
        out = {}
        for name, value in self.offered().items():
            if packet is not None and not _open_to(packet, exhibit, name):
                continue
            if name == "factor":
                if value not in exhibit.factors:
                    out[name] = value
            elif name == "language":
                if not exhibit.language.strip():  # a language the user gave is never overridden
                    out[name] = value
            elif getattr(exhibit, name) != value:
                out[name] = value
        return out


def _open_to(packet: Packet, exhibit: Exhibit, field: str) -> bool:
    """Whether a suggestion may fill `field` of the item: only what the user has not given themselves."""
    if field == "title":
        doc = packet.documents.get(exhibit.document)
        automatic = title_from_filename(doc.original_name) if doc is not None else ""
        return not exhibit.title.strip() or exhibit.title == automatic
    if field == "date":
        return not exhibit.date.strip()
    if field == "factor":
        return not any(x.id == exhibit.id for x in packet.lead)
    return True


def accept_suggestion(packet: Packet, item_id: str, accepted: Accepted, only: tuple[str, ...] = FIELDS) -> list[str]:
    """Take the suggested title, date, factor and language (those named in `only`) for an item; returns the
    fields changed. Everything is checked before anything changes, so a refused value changes nothing."""
    e = item(packet, item_id)
    unknown = [f for f in only if f not in FIELDS]
    if unknown:
        raise ActionError(_("suggestion field"), unknown[0], _("use one of: {choices}").format(choices=", ".join(FIELDS)))
    wanted = {k: v for k, v in accepted.changes(e, packet).items() if k in only}
    if "title" in wanted:
        wanted["title"] = check_title(wanted["title"])
        if not wanted["title"]:
            del wanted["title"]
    if "factor" in wanted and wanted["factor"] not in factor_ids():
        raise ActionError(_("factor"), wanted["factor"], _("use one of: {choices}").format(
            choices=", ".join(sorted(factor_ids()))))
    if "title" in wanted:
        rename(packet, item_id, wanted["title"])
    if "date" in wanted:
        set_details(packet, item_id, date=wanted["date"])
    if "language" in wanted:
        set_language(packet, item_id, wanted["language"])
    if "factor" in wanted:
        tag(packet, [item_id], wanted["factor"])
    return list(wanted)


def dismiss_suggestion(packet: Packet, item_id: str, described: str) -> bool:
    """Record that the user dismissed this suggestion (its `describe()` line) for an item: it is not offered again
    until what Packet suggests for the item changes. False when that one was dismissed already."""
    e = item(packet, item_id)
    described = described.strip()
    if not described:
        raise ActionError(_("suggestion"), described, _("name the suggestion to dismiss (there is none for this item)"))
    if e.dismissed_suggestion == described:
        return False
    e.dismissed_suggestion = described
    return True
