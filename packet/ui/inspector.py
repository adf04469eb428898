"""The inspector: title, date, description and factor tags of the selected exhibit, and a preview of its pages
(packet/ui/preview.py) as the export shows them."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from packet.core import actions
from packet.core.coverage import slot_for
from packet.core.factors import load_factors
from packet.core.i18n import _, ngettext
from packet.core.model import ROTATIONS, Exhibit
from packet.core.separate import files_separately
from packet.store.profile_library import packet_profile
from packet.ui.preview import Preview
from packet.ui.session import PacketSession
from packet.ui.suggestion_box import SuggestionBox
from packet.ui.thumbnails import ThumbnailCache
from packet.ui.translation_box import TranslationBox
from packet.ui.widgets import PlainTextField, buddy_label


class Inspector(QWidget):
    """Edits of the selected exhibit; each finished edit is one undoable step, saved at once."""

    def __init__(self, session: PacketSession, thumbnails: ThumbnailCache | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.thumbnails = thumbnails or ThumbnailCache(session.folder.path, self)
        self.exhibit_id = ""
        self._loading = False
        self.title = QLineEdit()
        self.title.setAccessibleName(_("Exhibit title for the index"))
        self.title.setPlaceholderText(_("Title shown in the index, e.g. Birth certificate of Ana Lopez (U.S. "
                                         "citizen daughter)"))
        self.date = QLineEdit()
        self.date.setAccessibleName(_("Document date"))
        self.date.setPlaceholderText(_("e.g. 2021-03-04, or 2019-2023"))
        self.description = PlainTextField()
        self.description.setAccessibleName(_("Description"))
        self.description.setPlaceholderText(_("Notes for yourself (not printed)"))
        self.description.setMaximumHeight(70)
        self.rotation = QComboBox()
        self.rotation.setAccessibleName(_("Rotation"))
        for r in ROTATIONS:
            self.rotation.addItem(_("As in the file") if r == 0 else _("Turn {r}° clockwise").format(r=r), r)
        self.slot = QComboBox()
        self.slot.setObjectName("fillsSlot")
        self.slot.setAccessibleName(_("Fills expected-evidence slot"))
        for box in (self.rotation, self.slot):  # long choices are elided on a narrow window, never widen it
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(14)
        self.slot.setToolTip(_("Which of the template's expected documents this exhibit is; the Factors tab "
                                "shows what is still missing."))
        self.separate = QCheckBox(_("File separately, as its own PDF beside the packet"))
        self.separate.setObjectName("fileSeparately")
        self.separate.setToolTip(_("For a form the office takes as its own filing (ECAS: the EOIR-28 before the "
                                   "motion): left out of the packet's pages, listed in its index as filed "
                                   "separately, and exported as NAME_EOIR-28.pdf."))
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.factors = QListWidget()
        self.factors.setAccessibleName(_("Discretion factors"))
        for f in load_factors():
            item = QListWidgetItem(_(f.name))
            item.setData(Qt.ItemDataRole.UserRole, f.id)
            item.setToolTip(_("{description}\nTypical evidence: {value}").format(
                                description=_(f.description), value=", ".join(_(x) for x in f.evidence)))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.factors.addItem(item)
        self.preview = Preview(self.thumbnails)
        form = QFormLayout()
        form.addRow(_("&Title:"), self.title)
        form.addRow(_("&Date:"), self.date)
        form.addRow(_("&Notes:"), self.description)
        form.addRow(_("&Rotation:"), self.rotation)
        self.slot_offer = QPushButton()  # "Fill “Birth certificates of U.S. citizen children”": an offer, never done
        self.slot_offer.setObjectName("slotOffer")
        self.slot_offer.setToolTip(_("This exhibit looks like one of the template's expected documents that is "
                                      "still missing. Click to record it; Undo takes it back."))
        self.slot_offer.clicked.connect(self._fill_offered)
        self.slot_offer.hide()
        slot_row = QVBoxLayout()
        slot_row.setSpacing(2)
        slot_row.addWidget(self.slot)
        slot_row.addWidget(self.slot_offer, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow(buddy_label(_("Fills &slot:"), self.slot), slot_row)
        form.addRow("", self.separate)
        self.translation = TranslationBox(session)
        form.addRow(buddy_label(_("&Language:"), self.translation.language), self.translation)
        form.addRow(_("File:"), self.source)
        top = QWidget()
        top_lay = QVBoxLayout(top)
        top_lay.setContentsMargins(0, 0, 0, 0)
        self.suggestion = SuggestionBox(session)
        self._suggest_timer = QTimer(self, singleShot=True, interval=1500)
        self._suggest_timer.timeout.connect(self._refresh_suggestion)
        top_lay.addWidget(self.suggestion)
        top_lay.addLayout(form)
        top_lay.addWidget(buddy_label(_("Discretion &factors this exhibit supports:"), self.factors))
        top_lay.addWidget(self.factors, 1)
        self.factors.setMinimumHeight(90)
        fields = QScrollArea()  # the fields scroll, so the splitter can give the preview most of the height
        fields.setObjectName("inspectorFields")
        fields.setWidget(top)
        fields.setWidgetResizable(True)
        fields.setFrameShape(QScrollArea.Shape.NoFrame)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("inspectorSplitter")
        split.addWidget(fields)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([320, 480])  # the preview gets the larger share: large enough to read
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        self.title.editingFinished.connect(self._commit_title)
        self.date.editingFinished.connect(lambda: self._commit_detail("date", self.date.text().strip()))
        self.description.focusLost.connect(
            lambda: self._commit_detail("description", self.description.toPlainText().strip()))
        self.rotation.activated.connect(lambda _: self._commit_detail("rotation", self.rotation.currentData()))
        self.factors.itemChanged.connect(self._factor_toggled)
        self.slot.activated.connect(lambda _: self.assign_slot(self.slot.currentData() or ""))
        self.separate.toggled.connect(self.set_separately)
        session.changed.connect(self.reload)
        self.show_exhibit("")

    def show_exhibit(self, exhibit_id: str) -> None:
        self.exhibit_id = exhibit_id
        self.reload(preview=True)

    def reload(self, preview: bool = False) -> None:
        e = self.session.packet.find(self.exhibit_id) if self.exhibit_id else None
        self._loading = True
        try:
            for w in (self.title, self.date, self.description, self.rotation, self.factors):
                w.setEnabled(e is not None)
            self._reload_slots(e)
            self.separate.setEnabled(e is not None)
            self.separate.setChecked(e is not None and files_separately(self.session.packet, e,
                                                                        packet_profile(self.session.packet)))
            self.translation.show_exhibit(e)
            self.suggestion.show_exhibit(e)
            if e is None:
                self.title.clear()
                self.date.clear()
                self.description.clear()
                self.source.setText(_("Select an exhibit in the list to edit it here."))
                for i in range(self.factors.count()):
                    self.factors.item(i).setCheckState(Qt.CheckState.Unchecked)
                self.preview.show_document(None, self.session)
                return
            doc = self.session.packet.documents[e.document]
            if not self.title.hasFocus():
                self.title.setText(e.title)
            if not self.date.hasFocus():
                self.date.setText(e.date)
            if not self.description.hasFocus():
                self.description.setPlainText(e.description)
            self.rotation.setCurrentIndex(max(0, self.rotation.findData(e.rotation)))
            text = ngettext("{original_name} ({format}, {n} page)", "{original_name} ({format}, {n} pages)",
                            doc.pages).format(original_name=doc.original_name, format=doc.format, n=doc.pages)
            if e.shared:  # a family's shared exhibit: say what an edit here reaches
                text += "\n" + _("Shared with the family: its title, pages, date and notes are the same in every "
                                 "member's packet; its factors and place are this packet's own.")
            if doc.messages:
                text += "\n⚠ " + "\n⚠ ".join(doc.messages)
            self.source.setText(text)
            for i in range(self.factors.count()):
                item = self.factors.item(i)
                on = item.data(Qt.ItemDataRole.UserRole) in e.factors
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            if preview or True:
                self.preview.show_document(e, self.session)
        finally:
            self._loading = False

    def document_read(self, sha256: str) -> None:
        """OCR read a page of this document: the suggestion may now have text to go on. Looked at again once the
        pages stop coming for a moment (working it out for a long document takes a while on the GUI thread)."""
        e = self.session.packet.find(self.exhibit_id) if self.exhibit_id else None
        if e is not None and sha256 in e.documents_used() and not self._suggest_timer.isActive():
            self._suggest_timer.start()

    def _refresh_suggestion(self) -> None:
        self.suggestion.show_exhibit(self.session.packet.find(self.exhibit_id) if self.exhibit_id else None)

    def _reload_slots(self, e: Exhibit | None) -> None:
        """The slot choices are the packet's template slots; the exhibit's own slot is selected."""
        slots = self.session.packet.slots
        self.slot.clear()
        if not slots:
            self.slot.addItem(_("(this packet's template expects no particular documents)"), "")
        else:
            self.slot.addItem(_("(none)"), "")
            for s in slots:
                self.slot.addItem(_(s.title) + (_(" (required)") if s.required else ""), s.id)
                if s.hint:
                    self.slot.setItemData(self.slot.count() - 1, _(s.hint), Qt.ItemDataRole.ToolTipRole)
        current = e.slot if e is not None else ""
        index = self.slot.findData(current)
        if index < 0 and current:  # a slot the template no longer has: show it rather than hide it
            self.slot.addItem(_("{current} (not in this packet's template)").format(current=current), current)
            index = self.slot.count() - 1
        self.slot.setCurrentIndex(max(0, index))
        self.slot.setEnabled(e is not None and bool(slots))
        offer = slot_for(self.session.packet, e) if e is not None else None
        self._offered = offer.id if offer is not None else ""
        if offer is not None:
            title = offer.title if len(offer.title) <= 60 else offer.title[:57] + "…"
            self.slot_offer.setText(_("Fill “{title}”").format(title=title))
        self.slot_offer.setVisible(offer is not None)

    def _fill_offered(self) -> None:
        if self._offered:
            self.assign_slot(self._offered)

    def assign_slot(self, slot_id: str) -> bool:
        """Make the shown exhibit fill a slot ('' for none), as one undoable step. Choosing a slot tied to a
        discretion factor also tags the exhibit with that factor (the core action does both)."""
        if self._loading or not self.exhibit_id:
            return False
        e = self.session.packet.find(self.exhibit_id)
        if e is None or e.slot == slot_id:
            return False
        slot = next((s for s in self.session.packet.slots if s.id == slot_id), None)
        eid = self.exhibit_id
        text = _("Fill slot: {title}").format(title=slot.title) if slot else _("Clear the slot of {title!r}").format(title=e.title)
        return self.session.edit(text, lambda p: actions.fill_slot(p, eid, slot_id))

    def set_separately(self, on: bool) -> bool:
        """File the shown item as its own PDF (or keep it in the packet), as one undoable step."""
        if self._loading or not self.exhibit_id:
            return False
        e = self.session.packet.find(self.exhibit_id)
        if e is None:
            return False
        eid = self.exhibit_id
        text = (_("File {title!r} separately") if on else _("Keep {title!r} in the packet")).format(title=e.title)
        return self.session.edit(text, lambda p: actions.set_file_separately(p, [eid], on))

    def _commit_title(self) -> None:
        e = self.session.packet.find(self.exhibit_id) if self.exhibit_id else None
        text = self.title.text().strip()
        if self._loading or e is None or text == e.title:
            return
        if not text:  # an exhibit needs a title: show the saved one again (reload() skips the field while it has focus)
            self.title.setText(e.title)
            return
        eid = self.exhibit_id
        self.session.edit(_("Change title of {title!r}").format(title=e.title), lambda p: actions.rename(p, eid, text))

    def _commit_detail(self, field: str, value: str | int) -> None:
        """The date, notes ('description') or rotation of the shown exhibit, as one undoable step."""
        if self._loading or not self.exhibit_id:
            return
        e = self.session.packet.find(self.exhibit_id)
        if e is None or getattr(e, field) == value:
            return
        eid = self.exhibit_id
        what = {"description": "notes"}.get(field, field)
        if field == "rotation":
            self.session.edit(_("Change rotation of {title!r}").format(title=e.title),
                              lambda p: actions.set_details(p, eid, rotation=int(value)))
        elif field == "date":
            self.session.edit(_("Change date of {title!r}").format(title=e.title), lambda p: actions.set_details(p, eid, date=str(value)))
        else:
            self.session.edit(_("Change {what} of {title!r}").format(what=what, title=e.title),
                              lambda p: actions.set_details(p, eid, description=str(value)))

    def _factor_toggled(self, item: QListWidgetItem) -> None:
        if self._loading or not self.exhibit_id:
            return
        e = self.session.packet.find(self.exhibit_id)
        if e is None:
            return
        factor = item.data(Qt.ItemDataRole.UserRole)
        on = item.checkState() == Qt.CheckState.Checked
        eid = self.exhibit_id
        verb, change = (_("Tag"), actions.tag) if on else (_("Untag"), actions.untag)
        self.session.edit(f"{verb} {e.title!r}: {item.text()}", lambda p: change(p, [eid], factor))
