"""The inspector's language and translation controls: which language a document is in, and its English translation.

The translation is a document of its own, attached to the exhibit (not an exhibit itself); the export places it
after the original, followed by a certificate of translation with the translator's details from the Cover tab.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from packet.core import actions
from packet.core.i18n import _, ngettext
from packet.core.model import Document, Exhibit
from packet.store.intake import REJECT, IntakeResult
from packet.ui.session import PacketSession
from packet.ui.widgets import refusal, remember_folder, start_folder
from packet.ui.workers import IntakeWorker


class TranslationBox(QWidget):
    def __init__(self, session: PacketSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.exhibit_id = ""
        self.worker: IntakeWorker | None = None
        self._refused = ""  # why the last file chosen was not attached
        self.language = QLineEdit()
        self.language.setObjectName("exhibitLanguage")
        self.language.setAccessibleName(_("Language of the document"))
        self.language.setPlaceholderText(_("English (leave empty), or e.g. Spanish"))
        self.status = QLabel()
        self.status.setObjectName("translationStatus")
        self.status.setWordWrap(True)
        self.attach = QPushButton(_("Attach &translation…"))
        self.remove = QPushButton(_("Remove translation"))
        self.attach.clicked.connect(self._choose_file)
        self.remove.clicked.connect(self.detach)
        self.language.editingFinished.connect(self._commit_language)
        row = QHBoxLayout()
        row.addWidget(self.attach)
        row.addWidget(self.remove)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.language)
        lay.addWidget(self.status)
        lay.addLayout(row)

    def show_exhibit(self, e: Exhibit | None) -> None:
        self.exhibit_id = e.id if e else ""
        for w in (self.language, self.attach):
            w.setEnabled(e is not None)
        if e is None:
            self.language.clear()
            self.status.clear()
            self.remove.setEnabled(False)
            return
        if not self.language.hasFocus():
            self.language.setText(e.language)
        doc = self.session.packet.documents.get(e.translation) if e.translation else None
        self.remove.setEnabled(doc is not None)
        if doc is not None:
            self.status.setText(ngettext("English translation: {original_name} ({n} page), followed by a certificate "
                                         "of translation.", "English translation: {original_name} ({n} pages), "
                                         "followed by a certificate of translation.", doc.pages).format(
                original_name=doc.original_name, n=doc.pages))
        elif e.language.strip():
            self.status.setText(_("<span style='color:#b91c1c'>In {language}: attach its certified English "
                                   "translation.</span>").format(language=e.language))
        else:
            self.status.setText("")

    def _commit_language(self) -> None:
        e = self.session.packet.find(self.exhibit_id) if self.exhibit_id else None
        if e is None:
            return
        eid, value = self.exhibit_id, self.language.text()
        self.session.edit(_("Set language of {title!r}").format(title=e.title), lambda p: actions.set_language(p, eid, value))

    def _choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Attach the English translation"), start_folder("translation"),
                                              _("Documents (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.heic);;All "
                                                 "files (*)"))
        if path:
            remember_folder("translation", path)
            self.attach_file(path)

    def attach_file(self, path: str) -> None:
        """Import `path` (in the background) and attach it as the selected exhibit's translation."""
        if not self.exhibit_id or self.worker is not None:
            return
        eid = self.exhibit_id
        self.status.setText(_("Adding the translation…"))
        self._refused = ""
        self.worker = IntakeWorker(self.session.folder.path, [path], set(self.session.packet.documents), parent=self)
        self.worker.result.connect(lambda r: self._attached(eid, r))
        self.worker.finished.connect(self._done)
        self.worker.start()

    def _attached(self, eid: str, result: IntakeResult) -> None:
        if result.verdict == REJECT:
            self._refused = _("Not attached: ") + (result.messages[0] if result.messages else result.name)
            return
        e = self.session.packet.find(eid)
        if e is None:
            return
        packet = self.session.packet
        doc = Document.from_dict(result.document) if result.document is not None else packet.documents[result.sha256]
        try:
            self.session.edit(_("Attach translation to {title!r}").format(title=e.title), lambda p: actions.attach_translation(p, eid, doc))
        except actions.ActionError as exc:
            self._refused = _("Not attached: {value}").format(value=refusal(exc))

    def _done(self) -> None:
        self.worker = None
        self.show_exhibit(self.session.packet.find(self.exhibit_id) if self.exhibit_id else None)
        if self._refused:  # say why, until the next exhibit is shown
            self.status.setText(self._refused)

    def detach(self) -> None:
        e = self.session.packet.find(self.exhibit_id) if self.exhibit_id else None
        if e is None or not e.translation:
            return
        eid = self.exhibit_id
        self.session.edit(_("Remove translation of {title!r}").format(title=e.title), lambda p: actions.remove_translation(p, eid))
