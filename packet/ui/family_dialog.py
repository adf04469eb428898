"""File ▸ New packet for a family member…: a linked packet for another person of the family, sharing the exhibits
ticked in a checklist (stored once, in the family's shared folder), with its own cover, respondent and A-number.

The dialog only gathers the choices; `store.family_members.make_member` does the work, as `packet family PACKET
--new NAME --share TAB...` does. Making a member saves the open packet (its shared exhibits now name the family's
store), so the window takes the packet as it is on disk afterwards and its undo history starts again: the steps
before it recorded exhibits that were not shared yet.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from packet import APP_NAME
from packet.core import actions
from packet.core.family import default_shared
from packet.core.i18n import _
from packet.core.model import Respondent
from packet.store.errors import PacketError
from packet.store.family_members import default_family_name, make_member
from packet.store.layout import SUFFIX
from packet.ui.session import PacketSession
from packet.ui.widgets import buddy_label

ItemIdRole = Qt.ItemDataRole.UserRole + 1


def folder_name(person: str) -> str:
    """The new packet's folder name from the person's name: 'Ana Núñez Ibáñez' (what a file name cannot hold
    becomes a space)."""
    return re.sub(r"\s+", " ", re.sub(r"[\\/:*?\"<>|]+", " ", person)).strip(" .")


class FamilyMemberDialog(QDialog):
    """The new member's name and A-number, the packet's name, and which exhibits it shares."""

    def __init__(self, session: PacketSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.created: Path | None = None
        packet = session.packet
        self.setWindowTitle(_("New packet for a family member"))
        self.person = QLineEdit()
        self.person.setPlaceholderText(_("Ana Núñez Ibáñez"))  # an example name
        self.person.setAccessibleName(_("Family member's name"))
        self.a_number = QLineEdit()
        self.a_number.setPlaceholderText("A-123-456-789")
        self.a_number.setAccessibleName(_("Family member's A-number"))
        self.folder = QLineEdit()
        self.folder.setAccessibleName(_("New packet's name"))
        self._folder_typed = False
        self.folder.textEdited.connect(lambda _text: setattr(self, "_folder_typed", True))
        self.person.textChanged.connect(self._person_changed)
        self.family = QLineEdit(default_family_name(packet, session.folder.path))
        self.family.setAccessibleName(_("Family's name"))
        in_family = session.folder.family is not None
        form = QFormLayout()
        form.addRow(_("Family &member:"), self.person)
        form.addRow(_("&A-number:"), self.a_number)
        form.addRow(_("New &packet:"), self.folder)
        if not in_family:  # the store is made with the first member; later ones join it
            form.addRow(_("&Family's folder:"), self.family)
        where = QLabel(_("The new packet goes beside this one, in {folder}.").format(folder=session.folder.path.parent))
        where.setWordWrap(True)
        self.items = QListWidget()
        self.items.setAccessibleName(_("Exhibits to share"))
        shared_now = set(default_shared(packet)) | {e.id for e in packet.items() if e.shared}
        for e in packet.items():
            label = packet.label_of(e)
            if label:
                text = (_("Tab {label}: {title}  (shared with the family)") if e.shared else
                        _("Tab {label}: {title}")).format(label=label, title=e.title)
            else:
                text = (_("Lead document: {title}  (shared with the family)") if e.shared else
                        _("Lead document: {title}")).format(title=e.title)
            row = QListWidgetItem(text)
            row.setData(ItemIdRole, e.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Checked if e.id in shared_now else Qt.CheckState.Unchecked)
            self.items.addItem(row)
        hint = QLabel(_("Shared exhibits are stored once: a change to a shared exhibit's title or pages shows in "
                        "every family member's packet. Identity documents and the request itself are each person's "
                        "own, so they are not ticked at first."))
        hint.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("familyError")
        self.error.setStyleSheet("color: #b91c1c")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(_("&Create packet"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.make_packet)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(where)
        lay.addWidget(buddy_label(_("E&xhibits to share:"), self.items))
        lay.addWidget(self.items, 1)
        lay.addWidget(hint)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.resize(560, 520)

    def _person_changed(self, text: str) -> None:
        if not self._folder_typed:
            self.folder.setText(folder_name(text))

    def chosen(self) -> list[str]:
        """The ticked items, in the packet's order."""
        rows = (self.items.item(i) for i in range(self.items.count()))
        return [r.data(ItemIdRole) for r in rows if r.checkState() == Qt.CheckState.Checked]

    def set_chosen(self, item_ids: list[str]) -> None:
        wanted = set(item_ids)
        for i in range(self.items.count()):
            row = self.items.item(i)
            row.setCheckState(Qt.CheckState.Checked if row.data(ItemIdRole) in wanted else Qt.CheckState.Unchecked)

    def _refuse(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def make_packet(self) -> None:
        """Make the member's packet; on a refusal, say why under the form and keep the dialog open."""
        person = self.person.text().strip()
        name = self.folder.text().strip().removesuffix(SUFFIX)
        if not person:
            return self._refuse(_("Type the family member's name: the new packet is for them."))
        if not name or name != folder_name(name):
            return self._refuse(_("Give the new packet a plain name (no / \\ : * ? \" < > |), for example "
                                  "{example!r}.").format(example=folder_name(person)))
        try:
            number = actions.parse_a_number("A-number", self.a_number.text())
        except actions.ActionError as exc:
            return self._refuse(_("A-number {value!r}: {accepted}.").format(
                value=self.a_number.text().strip(), accepted=exc.accepted))
        ids = self.chosen()
        if not ids:
            return self._refuse(_("Tick at least one exhibit to share (the family's documents), or make a new "
                                  "packet of its own with File ▸ New packet."))
        session = self.session
        if not session.flush():  # the window's last change is on disk before the packet is linked
            return self._refuse(_("This packet's last change is not saved yet; fix what the window says, then try "
                                  "again."))
        target = session.folder.path.parent / f"{name}{SUFFIX}"
        try:
            member = make_member(session.folder, target, ids, Respondent(person, number), self.family.text())
        except (PacketError, OSError) as exc:
            session.changed.emit()  # make_member put the packet back as it is on disk: the views show that
            return self._refuse(str(exc))
        session.reload_from_disk()  # shared now: the window takes the packet as saved (undo starts again)
        self.created = member.path
        self.accept()


def new_family_member(window: QWidget, session: PacketSession) -> Path | None:
    """Run the dialog; the new packet's folder when one was made (the window offers to open it)."""
    if session.read_only:
        QMessageBox.information(window, APP_NAME, _("{name} is open read-only, so no family member's packet can be "
                                                    "made from it here.").format(name=session.folder.path.name))
        return None
    dialog = FamilyMemberDialog(session, window)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.created is None:
        return None
    return dialog.created
