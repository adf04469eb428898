"""The readiness panel: the filing-readiness check, kept up to date as the packet changes.

It runs the check through `packet.store.readiness.readiness`, the entry point `packet check` uses, and chooses a
profile with the core action `choose_profile`, as `packet set PACKET profile=ID` does.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from packet.core import actions
from packet.core.checks import BLOCKER, NOTE, WARNING, Finding
from packet.core.i18n import N_, _, ngettext
from packet.core.profiles import Profile
from packet.store.profile_library import load_all_profiles
from packet.store.readiness import readiness
from packet.ui.session import PacketSession
from packet.ui.widgets import buddy_label

COLOURS = {BLOCKER: "#b91c1c", WARNING: "#b45309", NOTE: "#1d4ed8"}
MARKS = {BLOCKER: N_("✖ Blocker"), WARNING: N_("⚠ Warning"), NOTE: N_("ℹ Note")}


class ReadinessPanel(QWidget):
    exhibitActivated = Signal(str)

    def __init__(self, session: PacketSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.findings: list[Finding] = []
        self.profiles, self.problems = load_all_profiles()
        self.profile = QComboBox()
        self.profile.setAccessibleName(_("Filing profile"))
        self.profile.addItem(_("No particular receiver (no size limit)"), "")
        for p in sorted(self.profiles.values(), key=lambda p: p.name):
            self.profile.addItem(_(p.name), p.id)
            self.profile.setItemData(self.profile.count() - 1, _(p.description), Qt.ItemDataRole.ToolTipRole)
        self.profile.activated.connect(self._profile_chosen)
        self.profile.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.profile.setMinimumContentsLength(16)  # long profile names are elided on a narrow window
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("readinessSummary")
        self.tree = QListWidget()
        self.tree.setObjectName("readinessFindings")
        self.tree.setAccessibleName(_("Readiness findings"))
        self.tree.setWordWrap(True)
        self.tree.setResizeMode(QListView.ResizeMode.Adjust)
        self.tree.setSpacing(3)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemActivated.connect(self._activated)
        form = QFormLayout()
        form.addRow(buddy_label(_("&Filing for:"), self.profile), self.profile)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.summary)
        lay.addWidget(self.tree, 1)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.reload)
        session.changed.connect(self._timer.start)
        self.reload()

    def current_profile(self) -> Profile | None:
        return self.profiles.get(self.session.packet.profile)

    def reload(self) -> None:
        packet = self.session.packet
        self.profile.setCurrentIndex(max(0, self.profile.findData(packet.profile)))
        self.findings = readiness(self.session.folder.path, packet).findings
        self.tree.clear()
        for f in self.findings:
            item = QListWidgetItem(_("{value} — {where}\n{problem}\nFix: {fix}").format(
                                       value=_(MARKS[f.severity]), where=f.where, problem=f.problem, fix=f.fix))
            item.setForeground(QBrush(QColor(COLOURS[f.severity])))
            item.setData(Qt.ItemDataRole.UserRole, f.exhibit_id or "")
            item.setToolTip(_("{problem}\n\nHow to fix it: {fix}").format(problem=f.problem, fix=f.fix))
            self.tree.addItem(item)
        counts = {s: sum(1 for f in self.findings if f.severity == s) for s in (BLOCKER, WARNING, NOTE)}
        if not self.findings:
            self.summary.setText(_("<b style='color:#15803d'>Ready to file.</b> No problems found."))
        elif counts[BLOCKER]:
            tally = ", ".join((ngettext("{n} warning", "{n} warnings", counts[WARNING]).format(n=counts[WARNING]),
                               ngettext("{n} note", "{n} notes", counts[NOTE]).format(n=counts[NOTE])))
            self.summary.setText(ngettext("<b style='color:#b91c1c'>{n} blocker</b> would get this filing rejected; "
                                          "{tally}. Double-click a finding to go to its exhibit.",
                                          "<b style='color:#b91c1c'>{n} blockers</b> would get this filing rejected; "
                                          "{tally}. Double-click a finding to go to its exhibit.",
                                          counts[BLOCKER]).format(n=counts[BLOCKER], tally=tally))
        else:
            tally = ", ".join((ngettext("{n} warning", "{n} warnings", counts[WARNING]).format(n=counts[WARNING]),
                               ngettext("{n} note", "{n} notes", counts[NOTE]).format(n=counts[NOTE])))
            self.summary.setText(_("No blockers. {tally} worth a look.").format(tally=tally))

    def blockers(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == BLOCKER]

    def _profile_chosen(self, _index: int) -> None:
        pid = self.profile.currentData() or ""
        if pid == self.session.packet.profile:
            return
        name = self.profile.currentText()
        chosen = self.profiles.get(pid)
        self.session.edit(_("Filing for {name}").format(name=name), lambda p: actions.choose_profile(p, chosen))

    def _activated(self, item: QListWidgetItem) -> None:
        eid = item.data(Qt.ItemDataRole.UserRole)
        if eid:
            self.exhibitActivated.emit(eid)

