"""What Packet suggests for an exhibit from its document's text: the kind of document with a title, a date and the
factor it supports (`core/suggest.py`), and its language when it is mostly not English (`core/language.py`).

The text is the document's own or, for scans and photos, what OCR recognised (`store/doc_text.py`); a scan OCR
has not read yet has nothing to suggest. The result is only shown (the inspector, `packet suggest`, `packet add
--suggest`); accepting it is the core action `accept_suggestion`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from packet.core.actions import Accepted
from packet.core.language import document_language as language_of
from packet.core.model import Exhibit, Packet
from packet.core.suggest import suggest
from packet.store.doc_text import LANGUAGE_CHARS, exhibit_page_texts


@dataclass(frozen=True)
class Suggested:
    """The suggestion for one exhibit, and why (the phrases found), ready to show or accept."""

    accepted: Accepted
    kind_name: str  # "Pay stub / talón de pago"; "" when only the language is suggested
    evidence: tuple[str, ...]
    score: float
    has_text: bool  # False: no text yet (a scan OCR has not read), so nothing could be suggested

    def changes(self, exhibit: Exhibit, packet: Packet | None = None) -> dict[str, str]:
        return self.accepted.changes(exhibit, packet)

    def describe(self) -> str:
        """One line for people: 'Pay stub, March 2024; 2024-03-01 to 2024-03-15; factor employment'."""
        a = self.accepted
        parts = [x for x in (a.title, a.date, f"factor {a.factor}" if a.factor else "",
                             f"in {a.language}" if a.language else "") if x]
        return "; ".join(parts)

    def dismissed(self, exhibit: Exhibit) -> bool:
        """Whether the user dismissed this very suggestion for the exhibit (a changed one is offered again)."""
        return bool(exhibit.dismissed_suggestion) and exhibit.dismissed_suggestion == self.describe()


def suggest_for(folder: Path, packet: Packet, exhibit: Exhibit) -> Suggested:
    """The suggestion for an exhibit, from the text of the pages it shows (its kept pages, of whatever document)."""
    texts = exhibit_page_texts(folder, packet, exhibit)
    has_text = any(t.strip() for t in texts)
    found = suggest("\n".join(texts)) if has_text else []
    language = language_of([t[:LANGUAGE_CHARS] for t in texts]) if has_text else None
    lang = language.language if language is not None and language.mostly_not_english else ""
    if not found:
        return Suggested(Accepted(language=lang or None), "", (), 0.0, has_text)
    best = found[0]
    return Suggested(Accepted(title=best.title or None, date=best.date or None, factor=best.factor or None,
                              language=lang or None), best.kind_name, best.evidence, best.score, has_text)
