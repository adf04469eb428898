"""The inspector's suggestion: what the selected exhibit's text suggests (its kind, a title, a date, the factor it
supports, its language), with Accept and Dismiss.

The suggestion comes from `store.suggestions.suggest_for`, the function `packet suggest` prints; accepting it is
the core action `accept_suggestion`, one undoable step (Edit ▸ Undo puts the fields back). Dismiss is the core
action `dismiss_suggestion`, one undoable step too: the dismissed suggestion is kept in packet.json, so it stays
away when the packet is reopened, and a different suggestion (after OCR reads more of the document) is shown. A
scan whose text is not recognised yet has nothing to suggest; the box says so and fills in when OCR has read it
(`document_read`).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from packet.core import actions
from packet.core.factors import load_factors
from packet.core.i18n import N_, _
from packet.core.model import Exhibit
from packet.store.ocr import exhibit_recognised
from packet.store.suggestions import Suggested, suggest_for
from packet.ui.session import PacketSession

# A suggested field as the box shows it, with its value (HTML) in {value}.
FIELD_LINES = {"title": N_("Title: {value}"), "date": N_("Date: {value}"), "factor": N_("Factor: {value}"),
               "language": N_("Language: {value}")}


class SuggestionBox(QFrame):
    """One exhibit's suggestion; hidden when there is nothing to suggest or to say."""

    accepted = Signal(str, list)  # exhibit id, fields changed
    dismissed = Signal(str)

    def __init__(self, session: PacketSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("suggestionBox")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#suggestionBox { background: #f5f3ff; border: 1px solid #c4b5fd; border-radius: 6px; }")
        self.exhibit_id = ""
        self.current: Suggested | None = None
        self._factor_names = {f.id: f.name for f in load_factors()}
        self.text = QLabel()
        self.text.setObjectName("suggestionText")
        self.text.setWordWrap(True)
        self.accept_button = QPushButton(_("&Accept suggestion"))
        self.accept_button.setObjectName("acceptSuggestion")
        self.accept_button.setToolTip(_("Take the suggested title, date, factor and language (Edit ▸ Undo puts "
                                        "them back)"))
        self.dismiss_button = QPushButton(_("Dis&miss"))
        self.dismiss_button.setObjectName("dismissSuggestion")
        self.dismiss_button.setToolTip(_("Do not offer this suggestion for this exhibit again (Edit ▸ Undo brings it back)"))
        self.accept_button.clicked.connect(self.accept)
        self.dismiss_button.clicked.connect(self.dismiss)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.dismiss_button)
        row.addWidget(self.accept_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.addWidget(self.text)
        lay.addLayout(row)
        self.hide()

    def show_exhibit(self, e: Exhibit | None) -> None:
        self.exhibit_id = e.id if e is not None else ""
        self.current = None
        if e is None or e.document not in self.session.packet.documents:
            self.hide()
            return
        try:
            found = suggest_for(self.session.folder.path, self.session.packet, e)
        except (OSError, ValueError) as exc:  # a text file that cannot be read: no suggestion, said once
            self._show_note(_("No suggestion: the document's text could not be read ({problem}).").format(problem=exc))
            return
        changes = found.changes(e, self.session.packet)
        if not found.has_text:
            have, need = exhibit_recognised(self.session.folder.path, self.session.packet.documents, e)
            if have < need:  # a scan OCR has not read yet; a photo of a thing, once read, has nothing to say
                self._show_note(_("Packet suggests a title, date and factor from a document's text; this one's "
                                  "text is not recognised yet."))
            else:
                self.hide()
            return
        if not changes or found.dismissed(e):
            self.hide()
            return
        self.current = found
        self.text.setText(self._describe(found, changes))
        self.accept_button.setVisible(True)
        self.dismiss_button.setVisible(True)
        self.show()

    def _show_note(self, text: str) -> None:
        self.text.setText(f"<span style='color:#4b5563'>{html.escape(text)}</span>")
        self.accept_button.setVisible(False)
        self.dismiss_button.setVisible(False)
        self.show()

    def _describe(self, found: Suggested, changes: dict[str, str]) -> str:
        lines = []
        if found.kind_name:
            lines.append(_("This looks like a {kind}.").format(kind=f"<b>{html.escape(_(found.kind_name))}</b>"))
        for name, value in changes.items():
            if name == "factor":
                shown = _(self._factor_names[value]) if value in self._factor_names else value
            elif name == "language":
                shown = _(value)
            else:
                shown = value
            lines.append(_(FIELD_LINES[name]).format(value=f"<b>{html.escape(shown)}</b>"))
        if found.evidence:
            found_words = html.escape(", ".join(repr(x) for x in found.evidence[:3]))
            lines.append("<span style='color:#4b5563'>" + _("Found: {words}").format(words=found_words) + "</span>")
        return _("Suggested from its text.") + " " + "<br>".join(lines)

    def accept(self) -> bool:
        """Take the suggestion for the shown exhibit, as one undoable step."""
        e = self.session.packet.find(self.exhibit_id) if self.exhibit_id else None
        if e is None or self.current is None:
            return False
        changes = list(self.current.changes(e, self.session.packet))
        if not changes:
            return False
        eid, accepted = e.id, self.current.accepted
        try:
            ok = self.session.edit(_("Accept the suggestion for {title!r}").format(title=e.title),
                                   lambda p: actions.accept_suggestion(p, eid, accepted))
        except actions.ActionError as exc:  # a suggested value a rule refuses: say so, nothing changed
            self._show_note(_("The suggestion could not be taken: {problem}").format(problem=exc))
            return False
        if ok:
            self.accepted.emit(eid, changes)
        return ok

    def dismiss(self) -> bool:
        """Dismiss the shown suggestion for its exhibit, as one undoable step kept in the packet: it is not offered
        again when the packet is reopened, unless what Packet suggests changes."""
        e = self.session.packet.find(self.exhibit_id) if self.exhibit_id else None
        found, self.current = self.current, None
        self.hide()
        if e is None or found is None:
            return False
        eid, described = e.id, found.describe()
        try:
            ok = self.session.edit(_("Dismiss the suggestion for {title!r}").format(title=e.title),
                                   lambda p: actions.dismiss_suggestion(p, eid, described))
        except actions.ActionError as exc:
            self._show_note(_("The suggestion could not be dismissed: {problem}").format(problem=exc))
            return False
        self.dismissed.emit(eid)
        return ok
