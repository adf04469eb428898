"""Translator and certificate-of-service details, entered once per packet (on the Cover sheet tab)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from packet.core import actions
from packet.core.actions import ActionError
from packet.core.i18n import N_, _
from packet.ui.session import PacketSession
from packet.ui.widgets import PlainTextField, buddy_label, refusal

TRANSLATOR = (("name", N_("Translator's &name")), ("phone", N_("Translator's p&hone")), ("email", N_("Translator's e&mail")))
SERVICE = (("served_on", N_("Served &on")), ("method", N_("&How")), ("date", N_("Date &served")), ("signer", N_("&Signed by")))


class FilingDetails(QWidget):
    def __init__(self, session: PacketSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._loading = False
        self.edits: dict[tuple[str, str], QLineEdit] = {}
        translator = QGroupBox(_("Translator (printed on every certificate of translation)"))
        tform = QFormLayout(translator)
        tform.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key, label in ((k, _(text)) for k, text in TRANSLATOR):
            tform.addRow(buddy_label(label + ":", self._line("translator", key, label)),
                         self.edits[("translator", key)])
        self.translator_address = self._area("translator", _("Translator's address"))
        tform.addRow(buddy_label(_("Translator's a&ddress:"), self.translator_address), self.translator_address)
        service = QGroupBox(_("Certificate of service (turn it on in Export PDF)"))
        sform = QFormLayout(service)
        sform.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key, label in ((k, _(text)) for k, text in SERVICE):
            sform.addRow(buddy_label(label + ":", self._line("service", key, label)), self.edits[("service", key)])
            if key == "served_on":
                self.service_address = self._area("service", _("Address served"))
                sform.addRow(buddy_label(_("Add&ress served:"), self.service_address), self.service_address)
        self.edits[("service", "served_on")].setPlaceholderText(_("e.g. DHS/ICE Office of the Principal Legal "
                                                                   "Advisor, New York"))
        self.edits[("service", "method")].setPlaceholderText(_("electronic filing system, mail, in person, or "
                                                                "email"))
        self.edits[("service", "date")].setPlaceholderText(_("YYYY-MM-DD"))
        self.date_error = QLabel()
        self.date_error.setStyleSheet("color: #b91c1c;")
        sform.addRow("", self.date_error)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(translator)
        lay.addWidget(service)
        session.changed.connect(self.reload)
        self.reload()

    def _line(self, group: str, key: str, label: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"{group}_{key}")
        edit.setAccessibleName(label.replace("&", ""))
        edit.editingFinished.connect(lambda: self._commit(group, key, edit.text().strip()))
        self.edits[(group, key)] = edit
        return edit

    def _area(self, group: str, label: str) -> PlainTextField:
        area = PlainTextField()
        area.setObjectName(f"{group}_address")
        area.setAccessibleName(label)
        area.setMaximumHeight(54)
        area.focusLost.connect(lambda: self._commit(group, "address", area.toPlainText().strip()))
        return area

    def reload(self) -> None:
        p = self.session.packet
        self._loading = True
        try:
            for (group, key), edit in self.edits.items():
                if not edit.hasFocus():
                    edit.setText(str(getattr(getattr(p, group), key)))
            if not self.translator_address.hasFocus():
                self.translator_address.setPlainText(p.translator.address)
            if not self.service_address.hasFocus():
                self.service_address.setPlainText(p.service.address)
        finally:
            self._loading = False

    def _commit(self, group: str, key: str, value: str) -> None:
        if self._loading:
            return
        if getattr(getattr(self.session.packet, group), key) == value:
            if group == "service" and key == "date":
                self.date_error.setText("")
            return
        what = "translator" if group == "translator" else _("certificate of service")
        change = actions.set_translator if group == "translator" else actions.set_service
        try:
            self.session.edit(_("Edit {what}: {value}").format(what=what, value=key.replace('_', ' ')), lambda p: change(p, **{key: value}))
        except ActionError as exc:
            self.date_error.setText(refusal(exc))
            return
        if group == "service" and key == "date":
            self.date_error.setText("")
