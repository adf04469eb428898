"""The summary of equities' own words: the user's statement per factor, the criminal-record heading they choose,
and the exhibits cited under "Negative factors addressed". Everything else in the summary comes from the exhibits
(core/equities.py), so it is right after any reorder or split.
"""

from __future__ import annotations

from collections.abc import Iterable

from packet.core.actions.errors import ActionError
from packet.core.actions.items import item
from packet.core.equities import NEGATIVE, NO_RECORD, RECORD
from packet.core.factors import load_factors
from packet.core.i18n import _
from packet.core.model import Packet

HEADING_WORDS = {"": "", "auto": "", "automatic": "", "record": RECORD, "criminal-history": RECORD,
                 "no-record": NO_RECORD}
MAX_STATEMENT = 4000  # characters: a summary is a few short paragraphs, not the brief


def statement_keys() -> tuple[str, ...]:
    """What a statement can be written for: each discretion factor (identity and procedural documents are not
    equities), and the negative factors."""
    return (*(f.id for f in load_factors() if f.kind == "factor"), NEGATIVE)


def set_statement(packet: Packet, key: str, text: str) -> None:
    """The user's short statement for one factor's section (or NEGATIVE); '' removes it."""
    keys = statement_keys()
    if key not in keys:
        kind = next((f.kind for f in load_factors() if f.id == key), "")
        why = (_("identity and procedural documents are not equities; use one of: {keys}") if kind
               else _("no such factor; use one of: {keys}"))
        raise ActionError(_("summary section"), key, why.format(keys=", ".join(keys)))
    value = text.strip()
    if len(value) > MAX_STATEMENT:
        raise ActionError(_("statement for {key}").format(key=key), value[:40] + "…",
                          _("keep it under {n} characters; the argument belongs in the brief").format(n=MAX_STATEMENT))
    if value:
        packet.summary.statements[key] = value
    else:
        packet.summary.statements.pop(key, None)


def set_criminal_heading(packet: Packet, choice: str) -> None:
    """The criminal-record section's heading: '' (or 'auto') lets the exhibits decide, 'record' is "Criminal
    history and rehabilitation", 'no_record' is "No criminal record"."""
    value = "-".join(choice.strip().lower().replace("_", " ").replace("-", " ").split())
    if value not in HEADING_WORDS:
        raise ActionError(_("criminal heading"), choice, _("use auto, record (criminal history and rehabilitation) or "
                                                           "no-record (no criminal record)"))

    packet.summary.criminal_heading = HEADING_WORDS[value]


def set_negative_exhibits(packet: Packet, ids: Iterable[str]) -> None:
    """The lead documents and exhibits cited under "Negative factors addressed" ([] for none)."""
    chosen = [item(packet, i).id for i in dict.fromkeys(ids)]
    packet.summary.negative_exhibits = chosen
