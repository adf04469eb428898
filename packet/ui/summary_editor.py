"""The Summary tab: the summary of equities as it will print, with a box per section for the user's own short
statement, the criminal-record heading to use, and the negative factors addressed (text and the exhibits cited).

Sections and cites come from core/equities.py (the same as `packet summary` and the export); each change is a core
action (set_statement, set_criminal_heading, set_negative_exhibits, export setting summary_of_equities), one
undoable step. A statement is committed when its box loses focus.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from packet.core import actions
from packet.core.equities import NEGATIVE, NO_RECORD, RECORD, load_summary_rules, summary_sections
from packet.core.factor_sections import section_order
from packet.core.factors import load_factors
from packet.core.i18n import N_, _
from packet.ui.session import PacketSession
from packet.ui.widgets import PlainTextField, buddy_label

HEADINGS = (("", N_("Automatic, by what was filed")), (NO_RECORD, N_("No criminal record")),
            (RECORD, N_("Criminal history and rehabilitation")))


class SummaryEditor(QScrollArea):
    def __init__(self, session: PacketSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("summaryEditor")
        self.session = session
        self._loading = False
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        self.include = QCheckBox(_("Include the summary of equities after the index"))
        self.include.setObjectName("summaryInclude")
        self.include.toggled.connect(self._include_toggled)
        self.criminal = QComboBox()
        self.criminal.setObjectName("summaryCriminalHeading")
        self.criminal.setAccessibleName(_("Criminal record heading"))
        for value, text in HEADINGS:
            self.criminal.addItem(_(text), value)
        self.criminal.activated.connect(self._heading_chosen)
        top = QFormLayout()
        top.addRow(self.include)
        top.addRow(buddy_label(_("Criminal record &heading:"), self.criminal), self.criminal)
        intro = QLabel(_("Only the discretion factors are listed; identity and procedural documents are not "
                          "equities. Write a sentence or two for a section if you like: the cites of its exhibits "
                          "follow it."))
        intro.setWordWrap(True)
        self.add_section = QComboBox()
        self.add_section.setObjectName("summaryAddSection")
        self.add_section.setAccessibleName(_("Write about another factor"))
        self.add_section.activated.connect(self._add_section)
        self._extra: set[str] = set()  # equities without evidence the user asked for a box for
        self.sections_box = QVBoxLayout()
        self.statements: dict[str, PlainTextField] = {}
        self.headings: dict[str, QLabel] = {}
        self.cites: dict[str, QLabel] = {}
        self.negative = PlainTextField()
        self.negative.setObjectName("summary_negative")
        self.negative.setAccessibleName(_("Negative factors addressed"))
        self.negative.setPlaceholderText(_("Address the negative factors here (an arrest, a prior order); "
                                            "optional."))
        self.negative.setMaximumHeight(90)
        self.negative.focusLost.connect(lambda: self._commit(NEGATIVE, self.negative))
        self.negative_cites = QListWidget()
        self.negative_cites.setObjectName("summaryNegativeCites")
        self.negative_cites.setAccessibleName(_("Exhibits cited under the negative factors"))
        self.negative_cites.setMaximumHeight(120)
        self.negative_cites.itemChanged.connect(self._negative_cites_changed)
        negative = QGroupBox(load_summary_rules().negative_heading)
        neg_lay = QVBoxLayout(negative)
        neg_lay.addWidget(self.negative)
        neg_lay.addWidget(QLabel(_("Cite these exhibits there:")))
        neg_lay.addWidget(self.negative_cites)
        lay = QVBoxLayout(body)
        lay.addLayout(top)
        lay.addWidget(intro)
        lay.addLayout(self.sections_box)
        lay.addWidget(self.add_section)
        lay.addWidget(negative)
        lay.addStretch(1)
        self._keys: list[str] = []
        session.changed.connect(self.reload)
        self.reload()

    # -- what is shown ---------------------------------------------------------------------------------------
    def shown_keys(self) -> list[str]:
        """The equities with a box: those in the summary (evidence or a statement), in the packet's section order,
        and the box being typed in (so it never vanishes while it has the focus)."""
        packet = self.session.packet
        listed = [s.key for s in summary_sections(packet) if s.key != NEGATIVE]
        focused = [k for k, box in self.statements.items() if box.hasFocus()]
        equities = {f.id for f in load_factors() if f.kind == "factor"}
        order = [f for f in section_order(packet.settings.factor_order) if f in equities]
        return [k for k in order if k in listed or k in focused or k in self._extra]

    def reload(self) -> None:
        packet = self.session.packet
        self._loading = True
        try:
            self.include.setChecked(packet.settings.summary_of_equities)
            self.criminal.setCurrentIndex(max(0, self.criminal.findData(packet.summary.criminal_heading)))
            keys = self.shown_keys()
            if keys != self._keys:
                self._rebuild(keys)
            sections = {s.key: s for s in summary_sections(packet)}
            for key in keys:
                section = sections.get(key)
                self.headings[key].setText(f"<b>{_(section.heading) if section else key}</b>")
                tabs = [self._tab(i) for i in (section.exhibits if section else ())]
                self.cites[key].setText(_("Cites: ") + ", ".join(tabs) if tabs else _("No exhibit yet."))
                box = self.statements[key]
                if not box.hasFocus():
                    box.setPlainText(packet.summary.statements.get(key, ""))
            names = {f.id: f.name for f in load_factors()}
            self.add_section.clear()
            self.add_section.addItem(_("Write about another factor…"), "")
            for key in (k for k in section_order(packet.settings.factor_order) if k in names):
                if key not in keys and key in actions.statement_keys():
                    self.add_section.addItem(names[key], key)
            self.add_section.setVisible(self.add_section.count() > 1)
            if not self.negative.hasFocus():
                self.negative.setPlainText(packet.summary.statements.get(NEGATIVE, ""))
            self._load_negative_cites()
        finally:
            self._loading = False

    def _tab(self, item_id: str) -> str:
        packet = self.session.packet
        e = packet.find(item_id)
        if e is None:
            return ""
        label = packet.label_of(e)
        return _("Tab {label}").format(label=label) if label else _("lead document {title!r}").format(title=e.title)

    def _rebuild(self, keys: list[str]) -> None:
        while self.sections_box.count():
            taken = self.sections_box.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.statements, self.headings, self.cites = {}, {}, {}
        for key in keys:
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 6, 0, 0)
            heading = QLabel()
            cites = QLabel()
            cites.setStyleSheet("color: #4b5563;")
            cites.setWordWrap(True)
            statement = PlainTextField()
            statement.setObjectName(f"summary_{key}")
            statement.setAccessibleName(_("Statement: {key}").format(key=key))
            statement.setPlaceholderText(_("Optional: a sentence or two for this section."))
            statement.setMaximumHeight(70)
            statement.focusLost.connect(lambda k=key, b=statement: self._commit(k, b))
            lay.addWidget(heading)
            lay.addWidget(statement)
            lay.addWidget(cites)
            self.sections_box.addWidget(box)
            self.statements[key], self.headings[key], self.cites[key] = statement, heading, cites
        self._keys = keys

    def _load_negative_cites(self) -> None:
        packet = self.session.packet
        chosen = set(packet.summary.negative_exhibits)
        wanted = [(e.id, _("Tab {label}: {title}").format(label=packet.label_of(e), title=e.title) if packet.label_of(e)
                   else f"{_('Lead')}: {e.title}")
                  for e in packet.items()]
        items = [self.negative_cites.item(i) for i in range(self.negative_cites.count())]
        self.negative_cites.blockSignals(True)
        try:
            if [(i.data(Qt.ItemDataRole.UserRole), i.text()) for i in items if i is not None] != wanted:
                self.negative_cites.clear()
                for eid, text in wanted:
                    item = QListWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, eid)
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    self.negative_cites.addItem(item)
            for i in range(self.negative_cites.count()):
                item = self.negative_cites.item(i)
                if item is not None:
                    on = item.data(Qt.ItemDataRole.UserRole) in chosen
                    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        finally:
            self.negative_cites.blockSignals(False)

    # -- edits -----------------------------------------------------------------------------------------------
    def _commit(self, key: str, box: PlainTextField) -> None:
        if self._loading:
            return
        text = box.toPlainText().strip()
        if text == self.session.packet.summary.statements.get(key, ""):
            return
        what = load_summary_rules().negative_heading if key == NEGATIVE else key.replace("_", " ")
        self.session.edit(_("Summary: statement for {what}").format(what=what), lambda p: actions.set_statement(p, key, text))

    def _add_section(self, _index: int) -> None:
        key = self.add_section.currentData() or ""
        if key:
            self._extra.add(key)
            self.reload()
            self.statements[key].setFocus()

    def _heading_chosen(self, _index: int) -> None:
        value = self.criminal.currentData() or ""
        if value != self.session.packet.summary.criminal_heading:
            self.session.edit(_("Summary: criminal record heading"),
                              lambda p: actions.set_criminal_heading(p, value or "auto"))

    def _include_toggled(self, on: bool) -> None:
        if not self._loading and on != self.session.packet.settings.summary_of_equities:
            self.session.edit(_("Include the summary of equities") if on else _("Leave out the summary of equities"),
                              lambda p: actions.set_export_settings(p, summary_of_equities=on))

    def _negative_cites_changed(self, _item: QListWidgetItem) -> None:
        if self._loading:
            return
        ids = [self.negative_cites.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.negative_cites.count())
               if self.negative_cites.item(i).checkState() == Qt.CheckState.Checked]
        if ids != self.session.packet.summary.negative_exhibits:
            self.session.edit(_("Summary: exhibits cited under the negative factors"),
                              lambda p: actions.set_negative_exhibits(p, ids))
