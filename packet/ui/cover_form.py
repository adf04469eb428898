"""The cover-sheet form, with checks on A-numbers, dates and times as you type, and the filing deadline.

Every change is a core action (packet/core/actions/cover.py), the same the command line's `packet set` calls, so
a value the form refuses is refused there too, with the same words. The hearing type, the court's own deadline,
the posture (the choices of the packet's receiver), what is requested (the template's suggestions), and the
passport and stay dates of Form I-246 show when the template uses them.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from packet.core import actions
from packet.core.actions import ActionError
from packet.core.actions.cover import posture_choices
from packet.core.i18n import N_, _
from packet.store.template_library import packet_template, template_cover_fields
from packet.ui.deadline_view import DeadlineLabel
from packet.ui.filing_details import FilingDetails
from packet.ui.session import PacketSession
from packet.ui.widgets import PlainTextField, buddy_label, refusal

TEXT_FIELDS = (
    ("filer_name", N_("Filer's &name")),
    ("filer_phone", N_("&Phone")),
    ("filer_email", N_("&Email")),
    ("eoir_id", N_("EOIR &ID")),
    ("represented_party", N_("&Representing")),
    ("court", N_("&Court or office")),
    ("judge", N_("Immigration &judge")),
    ("hearing_date", N_("Next &hearing date")),
    ("hearing_time", N_("Hearing &time")),
    ("hearing_type", N_("Hearing t&ype")),
    ("court_set_deadline", N_("Deadline set by the co&urt")),
    ("posture", N_("Where the case &stands")),
    ("requested", N_("Re&quested")),
    ("passport_expiry", N_("Passport e&xpires")),
    ("stay_until", N_("Stay re&quested until")),
    ("document_title", N_("Document &title")),
)
CHOICE_FIELDS = ("hearing_type", "posture")  # picked from a list
DATE_FIELDS = ("hearing_date", "court_set_deadline", "passport_expiry", "stay_until")
HEARING_TYPES = (("", N_("Not known")), ("master", N_("Master calendar hearing")), ("individual", N_("Individual (merits) hearing")))


NOT_SAVED = "#b91c1c"  # the red of a value that was refused and not saved


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class CoverForm(QScrollArea):
    def __init__(self, session: PacketSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._loading = False
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # Spanish labels are longer: no sideways scroll
        self.form = form
        self.labels: dict[str, QLabel] = {}
        self.edits: dict[str, QLineEdit] = {}
        self.choices: dict[str, QComboBox] = {}
        self.errors: dict[str, QLabel] = {}
        self.deadline = DeadlineLabel("coverDeadline")
        self.detained = QCheckBox(_("The respondent is &detained"))
        self.detained.setObjectName("cover_detained")
        self.detained.toggled.connect(self._commit_detained)
        for key, label in ((k, _(text)) for k, text in TEXT_FIELDS):
            edit: QWidget
            if key in CHOICE_FIELDS:
                combo = QComboBox()
                combo.activated.connect(lambda _i, k=key: self._commit_choice(k))
                self.choices[key] = combo
                edit = combo
            else:
                line = QLineEdit()
                line.editingFinished.connect(lambda k=key: self._commit_text(k))
                self.edits[key] = line
                edit = line
            edit.setAccessibleName(label.replace("&", ""))
            edit.setObjectName(f"cover_{key}")
            err = QLabel()
            err.setStyleSheet("color: #b91c1c;")
            err.setWordWrap(True)
            err.hide()
            self.errors[key] = err
            cell = QVBoxLayout()
            cell.setSpacing(0)
            cell.addWidget(edit)
            cell.addWidget(err)
            self.labels[key] = buddy_label(label + ":", edit)
            form.addRow(self.labels[key], cell)
            if key == "hearing_time":
                form.addRow("", self.detained)
            if key == "court_set_deadline":
                form.addRow("", self.deadline)
            if key == "filer_name":
                self.address = PlainTextField()
                self.address.setObjectName("cover_filer_address")
                self.address.setAccessibleName(_("Filer's address"))
                self.address.setMaximumHeight(60)
                self.address.focusLost.connect(self._commit_address)
                self.labels["filer_address"] = buddy_label(_("&Address:"), self.address)
                form.addRow(self.labels["filer_address"], self.address)
        for key in DATE_FIELDS:
            self.edits[key].setPlaceholderText(_("YYYY-MM-DD"))
        self.edits["court_set_deadline"].setToolTip(_("A filing deadline from the court's order or scheduling "
                                                       "notice (detained cases: the court sets them). It replaces "
                                                       "the default rule."))
        for value, text in HEARING_TYPES:
            self.choices["hearing_type"].addItem(_(text), value)
        self._request_list = QStringListModel(self)
        self._requests = QCompleter(self._request_list, self)
        self._requests.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._requests.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.edits["requested"].setCompleter(self._requests)
        self.edits["hearing_time"].setPlaceholderText(_("HH:MM (24-hour)"))
        self.edits["court"].setPlaceholderText(_("e.g. Immigration Court, New York, NY  or  ICE OPLA, New York"))
        self.people = QTableWidget(0, 2)
        self.people.setObjectName("cover_respondents")
        self.people.setAccessibleName(_("Respondents and A-numbers"))
        self.people.setHorizontalHeaderLabels([_("Respondent's name"), _("A-number")])
        self.people.horizontalHeader().setStretchLastSection(True)
        self.people.setColumnWidth(0, 260)
        self.people.itemChanged.connect(self._people_changed)
        self.pending: dict[tuple[int, int], tuple[str, str]] = {}  # (row, column) -> (typed text, message)
        self.people_error = QLabel()
        self.people_error.setStyleSheet(f"color: {NOT_SAVED};")
        self.people_error.setWordWrap(True)
        add = QPushButton(_("Add respondent"))
        remove = QPushButton(_("Remove selected"))
        add.clicked.connect(self._add_person)
        remove.clicked.connect(self._remove_person)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        lay = QVBoxLayout(body)
        people_heading = QLabel(_("<b>Respondents</b> (names as on the Notice to Appear; A-numbers like "
                                  "A-123-456-789)"))
        people_heading.setWordWrap(True)  # longer in Spanish than the panel is wide
        lay.addWidget(people_heading)
        lay.addWidget(self.people)
        lay.addWidget(self.people_error)
        lay.addLayout(buttons)
        lay.addSpacing(8)
        lay.addLayout(form)
        self.filing = FilingDetails(session)
        lay.addSpacing(8)
        lay.addWidget(self.filing)
        lay.addStretch(1)
        session.changed.connect(self.reload)
        self.reload()

    def _show_pending(self) -> None:
        """Refused respondent cells keep what was typed, in red, with a message saying it was not saved."""
        self.pending = {k: v for k, v in self.pending.items() if k[0] < self.people.rowCount()}
        was, self._loading = self._loading, True
        try:
            for (row, col), (typed, _) in self.pending.items():
                item = self.people.item(row, col)
                if item is not None:
                    item.setText(typed)
                    item.setForeground(QColor(NOT_SAVED))
        finally:
            self._loading = was
        self.people_error.setText("\n".join(message for _, message in sorted(self.pending.values(),
                                                                             key=lambda v: v[1])))
        self.people_error.setVisible(bool(self.pending))

    def reload(self) -> None:
        cover = self.session.packet.cover
        self._loading = True
        try:
            for key, edit in self.edits.items():
                if not edit.hasFocus():
                    edit.setText(str(getattr(cover, key)))
            self._load_choices()
            self.deadline.show_for(self.session.packet)
            if not self.address.hasFocus():
                self.address.setPlainText(cover.filer_address)
            self.detained.setChecked(cover.detained)
            self._apply_template_fields()
            if self.people.state() != QTableWidget.State.EditingState:
                self.people.setRowCount(len(cover.respondents))
                for row, r in enumerate(cover.respondents):
                    self.people.setItem(row, 0, QTableWidgetItem(r.name))
                    self.people.setItem(row, 1, QTableWidgetItem(r.a_number))
        finally:
            self._loading = False
        self._show_pending()

    def _load_choices(self) -> None:
        """The hearing type, the postures the packet's receiver takes, and the template's suggested requests."""
        cover = self.session.packet.cover
        postures = self.choices["posture"]
        wanted = posture_choices(cover.receiver)
        if [postures.itemData(i) for i in range(postures.count())] != [pid for pid, _ in wanted]:
            postures.clear()
            for pid, phrase in wanted:
                postures.addItem(_(phrase), pid)
        postures.setCurrentIndex(max(0, postures.findData(cover.posture)))
        kind = self.choices["hearing_type"]
        kind.setCurrentIndex(max(0, kind.findData(cover.hearing_type)))
        template = packet_template(self.session.packet.template)
        requests = list(template.requests) if template else []
        if self._request_list.stringList() != requests:
            self._request_list.setStringList(requests)
        self.edits["requested"].setPlaceholderText(f"e.g. {requests[0]}" if requests else _("what you ask for"))

    def _commit_choice(self, key: str) -> None:
        if self._loading:
            return
        value = self.choices[key].currentData() or ""
        if getattr(self.session.packet.cover, key) != value:
            self._set_field(key, value)

    def _set_field(self, key: str, value: str) -> None:
        """One cover field through the core action, as one undoable step; a refusal shows under the field."""
        label = _(dict(TEXT_FIELDS)[key]).replace("&", "").lower()
        try:
            self.session.edit(_("Edit cover: {label}").format(label=label), lambda p: actions.set_cover(p, **{key: value}))
        except ActionError as exc:  # said plainly: the field shows what was typed, the packet keeps its value
            saved = str(getattr(self.session.packet.cover, key))
            keeps = _(" The packet keeps {saved}.").format(saved=saved) if saved else ""
            self._set_error(key, _("Not saved: {value}{keeps}").format(value=_lower_first(refusal(exc)), keeps=keeps))
            return
        self._set_error(key, "")

    def _apply_template_fields(self) -> None:
        """Show the fields the packet's template uses, and mark the ones it requires with an asterisk."""
        shown, required = template_cover_fields(self.session.packet.template)
        for key, label in self.labels.items():
            visible = not shown or key in shown or bool(str(getattr(self.session.packet.cover, key, "")).strip())
            row, _role = cast(tuple[int, QFormLayout.ItemRole], self.form.getWidgetPosition(label))
            if row >= 0 and self.form.isRowVisible(row) != visible:
                self.form.setRowVisible(row, visible)
                if key in self.errors:  # showing a row shows all its widgets: keep an empty error hidden
                    self.errors[key].setVisible(bool(self.errors[key].text()) and visible)
            base = label.text().rstrip(":* ")
            label.setText(base + (" *:" if key in required else ":"))
            label.setToolTip(_("The packet's template requires this field.") if key in required else "")

    def _set_error(self, key: str, message: str) -> None:
        self.errors[key].setText(message)
        self.errors[key].setVisible(bool(message))

    def _commit_text(self, key: str) -> None:
        if self._loading:
            return
        value = self.edits[key].text()
        if str(getattr(self.session.packet.cover, key)) == value.strip():
            self._set_error(key, "")
            return
        self._set_field(key, value)

    def _commit_address(self) -> None:
        if self._loading:
            return
        value = self.address.toPlainText().strip()
        if value != self.session.packet.cover.filer_address:
            self.session.edit(_("Edit cover: address"), lambda p: actions.set_cover(p, filer_address=value))

    def _commit_detained(self, on: bool) -> None:
        if self._loading or on == self.session.packet.cover.detained:
            return
        self.session.edit(_("Mark detained") if on else _("Mark not detained"),
                          lambda p: actions.set_cover(p, detained=on))

    def _add_person(self) -> None:
        self.session.edit(_("Add respondent"), actions.add_respondent)
        self.people.setCurrentCell(self.people.rowCount() - 1, 0)
        item = self.people.item(self.people.rowCount() - 1, 0)
        if item is not None:
            self.people.editItem(item)

    def _remove_person(self) -> None:
        rows = sorted({i.row() for i in self.people.selectedIndexes()} & set(range(self.people.rowCount())))
        if rows and self.session.edit(_("Remove respondent"), lambda p: actions.remove_respondents(p, rows)):
            # a refused value goes with its row; those of the rows below move up with them
            self.pending = {(r - sum(1 for x in rows if x < r), c): v for (r, c), v in self.pending.items()
                            if r not in rows}
            self.reload()

    def _people_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        row, col = item.row(), item.column()
        text = item.text().strip()
        people = self.session.packet.cover.respondents
        if row >= len(people):
            return
        try:
            if col == 1:
                self.session.edit(_("Edit cover: A-number"), lambda p: actions.set_respondent(p, row, a_number=text))
            else:
                self.session.edit(_("Edit cover: respondent's name"), lambda p: actions.set_respondent(p, row, name=text))
        except ActionError as exc:
            saved = people[row].a_number if col == 1 else people[row].name
            what = _("A-number") if col == 1 else "name"
            self.pending[(row, col)] = (item.text(), (
                _("Row {value}: the {what} {text!r} was not saved: {value2} The packet still has {value3}; "
                   "correct it here to save it.").format(
                    value=row + 1, what=what, text=text, value2=_lower_first(refusal(exc)), value3=saved or 'none')))
            self._show_pending()
            return
        self.pending.pop((row, col), None)
        self._show_pending()
        if self.people.state() == QTableWidget.State.EditingState:
            # reload() leaves the table alone while a cell is being edited: refresh it (to show the A-number as
            # saved, A-123-456-789) once the cell's editor has closed.
            QTimer.singleShot(0, self, self.reload)
        else:
            self.reload()
