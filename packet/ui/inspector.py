"""The inspector: title, date, description and factor tags of the selected exhibit, and a preview of its pages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from packet.core import actions
from packet.core.factors import load_factors
from packet.core.model import ROTATIONS, Exhibit
from packet.core.separate import files_separately
from packet.store.profile_library import packet_profile
from packet.ui.session import PacketSession
from packet.ui.translation_box import TranslationBox
from packet.ui.widgets import PlainTextField, buddy_label


class Preview(QWidget):
    """Pages of one document: QPdfView for PDFs, the page-ready image for photos; with page navigation."""

    def __init__(self, folder: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = folder
        self.pages: list[int] = []  # the exhibit's source pages, 1-based, in order
        self.index = 0  # which of them is shown
        self.doc = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.doc)
        self.view.setPageMode(QPdfView.PageMode.SinglePage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.view.setAccessibleName("Page preview")
        self.image = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumSize(QSize(120, 150))
        self.image.setAccessibleName("Page preview")
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(scroll)
        self.prev = QPushButton("◀ Previous page")
        self.next = QPushButton("Next page ▶")
        self.where = QLabel()
        self.prev.setAccessibleName("Previous page")
        self.next.setAccessibleName("Next page")
        self.prev.clicked.connect(lambda: self.go(self.index - 1))
        self.next.clicked.connect(lambda: self.go(self.index + 1))
        nav = QHBoxLayout()
        nav.addWidget(self.prev)
        nav.addStretch(1)
        nav.addWidget(self.where)
        nav.addStretch(1)
        nav.addWidget(self.next)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.stack, 1)
        lay.addLayout(nav)
        self.kind = ""
        self.files: list[Path] = []
        self.rotation = 0
        self._loaded = ""
        self.large: set[int] = set()

    def show_document(self, exhibit: Exhibit | None, session: PacketSession) -> None:
        if exhibit is None:
            self.pages, self.kind = [], ""
            self.doc.close()
            self._loaded = ""
            self.image.clear()
            self._update_nav()
            return
        doc = session.packet.documents[exhibit.document]
        self.pages = exhibit.page_numbers(doc.pages)
        self.rotation = exhibit.rotation
        self.kind = doc.kind
        self.large = set(doc.large_pages)
        if doc.kind == "pdf":
            if self._loaded != doc.sha256:
                # A document whose first page is poster-sized is not opened in the view at all (see above).
                if 1 in self.large:
                    self.doc.close()
                else:
                    self.doc.load(str(self.folder / doc.stored))
                self._loaded = doc.sha256
            self.stack.setCurrentIndex(0)
        else:
            self.files = [self.folder / img.file for img in doc.page_images]
            self._loaded = ""
            self.stack.setCurrentIndex(1)
        self.index = 0
        self.go(0)

    def go(self, index: int) -> None:
        if not self.pages:
            self._update_nav()
            return
        self.index = max(0, min(index, len(self.pages) - 1))
        page = self.pages[self.index] - 1
        if self.kind == "pdf":
            if page + 1 in self.large:
                self.stack.setCurrentIndex(1)
                self.image.setText("This page is over 20 inches a side (often a very large scan). It is not drawn\n"
                                   "here, because that takes a long time; the export includes it, shrunk to fit.")
            else:
                self.stack.setCurrentIndex(0)
                self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        elif 0 <= page < len(self.files):
            image = QImage(str(self.files[page]))
            if not image.isNull():
                parent = self.image.parentWidget()
                box = parent.size() if parent is not None else QSize(400, 500)
                pix = QPixmap.fromImage(image).scaled(box.expandedTo(QSize(120, 150)),
                                                      Qt.AspectRatioMode.KeepAspectRatio,
                                                      Qt.TransformationMode.SmoothTransformation)
                self.image.setPixmap(pix)
        self._update_nav()

    def _update_nav(self) -> None:
        n = len(self.pages)
        self.where.setText(f"Page {self.index + 1} of {n}" if n else "No document selected")
        self.prev.setEnabled(n > 0 and self.index > 0)
        self.next.setEnabled(n > 0 and self.index < n - 1)


class Inspector(QWidget):
    """Edits of the selected exhibit; each finished edit is one undoable step, saved at once."""

    def __init__(self, session: PacketSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.exhibit_id = ""
        self._loading = False
        self.title = QLineEdit()
        self.title.setAccessibleName("Exhibit title for the index")
        self.title.setPlaceholderText("Title shown in the index, e.g. Birth certificate of Ana Lopez (U.S. citizen daughter)")
        self.date = QLineEdit()
        self.date.setAccessibleName("Document date")
        self.date.setPlaceholderText("e.g. 2021-03-04, or 2019-2023")
        self.description = PlainTextField()
        self.description.setAccessibleName("Description")
        self.description.setPlaceholderText("Notes for yourself (not printed)")
        self.description.setMaximumHeight(70)
        self.rotation = QComboBox()
        self.rotation.setAccessibleName("Rotation")
        for r in ROTATIONS:
            self.rotation.addItem("As in the file" if r == 0 else f"Turn {r}° clockwise", r)
        self.slot = QComboBox()
        self.slot.setObjectName("fillsSlot")
        self.slot.setAccessibleName("Fills expected-evidence slot")
        self.slot.setToolTip("Which of the template's expected documents this exhibit is; the Factors tab shows "
                             "what is still missing.")
        self.separate = QCheckBox("File separately, as its own PDF beside the packet")
        self.separate.setObjectName("fileSeparately")
        self.separate.setToolTip("For a form the office takes as its own filing (ECAS: the EOIR-28 before the "
                                 "motion): left out of the packet's pages, listed in its index as filed separately, "
                                 "and exported as NAME_EOIR-28.pdf.")
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.factors = QListWidget()
        self.factors.setAccessibleName("Discretion factors")
        for f in load_factors():
            item = QListWidgetItem(f.name)
            item.setData(Qt.ItemDataRole.UserRole, f.id)
            item.setToolTip(f"{f.description}\nTypical evidence: {', '.join(f.evidence)}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.factors.addItem(item)
        self.preview = Preview(session.folder.path)
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("&Date:", self.date)
        form.addRow("&Notes:", self.description)
        form.addRow("&Rotation:", self.rotation)
        form.addRow("Fills &slot:", self.slot)
        form.addRow("", self.separate)
        self.translation = TranslationBox(session)
        form.addRow(buddy_label("&Language:", self.translation.language), self.translation)
        form.addRow("File:", self.source)
        top = QWidget()
        top_lay = QVBoxLayout(top)
        top_lay.setContentsMargins(0, 0, 0, 0)
        top_lay.addLayout(form)
        top_lay.addWidget(buddy_label("Discretion &factors this exhibit supports:", self.factors))
        top_lay.addWidget(self.factors, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("inspectorSplitter")
        split.addWidget(top)
        split.addWidget(self.preview)
        split.setStretchFactor(1, 1)
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
            if e is None:
                self.title.clear()
                self.date.clear()
                self.description.clear()
                self.source.setText("Select an exhibit in the list to edit it here.")
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
            text = f"{doc.original_name} ({doc.format}, {doc.pages} page{'s' if doc.pages != 1 else ''})"
            if e.shared:  # a family's shared exhibit: say what an edit here reaches
                text += ("\nShared with the family: its title, pages, date and notes are the same in every "
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

    def _reload_slots(self, e: Exhibit | None) -> None:
        """The slot choices are the packet's template slots; the exhibit's own slot is selected."""
        slots = self.session.packet.slots
        self.slot.clear()
        if not slots:
            self.slot.addItem("(this packet's template expects no particular documents)", "")
        else:
            self.slot.addItem("(none)", "")
            for s in slots:
                self.slot.addItem(s.title + (" (required)" if s.required else ""), s.id)
                if s.hint:
                    self.slot.setItemData(self.slot.count() - 1, s.hint, Qt.ItemDataRole.ToolTipRole)
        current = e.slot if e is not None else ""
        index = self.slot.findData(current)
        if index < 0 and current:  # a slot the template no longer has: show it rather than hide it
            self.slot.addItem(f"{current} (not in this packet's template)", current)
            index = self.slot.count() - 1
        self.slot.setCurrentIndex(max(0, index))
        self.slot.setEnabled(e is not None and bool(slots))

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
        text = f"Fill slot: {slot.title}" if slot else f"Clear the slot of {e.title!r}"
        return self.session.edit(text, lambda p: actions.fill_slot(p, eid, slot_id))

    def set_separately(self, on: bool) -> bool:
        """File the shown item as its own PDF (or keep it in the packet), as one undoable step."""
        if self._loading or not self.exhibit_id:
            return False
        e = self.session.packet.find(self.exhibit_id)
        if e is None:
            return False
        eid = self.exhibit_id
        text = f"File {e.title!r} separately" if on else f"Keep {e.title!r} in the packet"
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
        self.session.edit(f"Change title of {e.title!r}", lambda p: actions.rename(p, eid, text))

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
            self.session.edit(f"Change rotation of {e.title!r}",
                              lambda p: actions.set_details(p, eid, rotation=int(value)))
        elif field == "date":
            self.session.edit(f"Change date of {e.title!r}", lambda p: actions.set_details(p, eid, date=str(value)))
        else:
            self.session.edit(f"Change {what} of {e.title!r}",
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
        verb, change = ("Tag", actions.tag) if on else ("Untag", actions.untag)
        self.session.edit(f"{verb} {e.title!r}: {item.text()}", lambda p: change(p, [eid], factor))
