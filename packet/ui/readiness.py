"""The readiness panel: the filing-readiness check, kept up to date as the packet changes.

It runs the check through `packet.store.readiness.readiness`, the entry point `packet check` uses, and chooses a
profile with the core action `choose_profile`, as `packet set PACKET profile=ID` does. Pages without searchable
text offer **Recognise text**, which asks the window to run OCR on those exhibits (`packet ocr` on the command
line).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from packet.core import actions
from packet.core.checks import BLOCKER, NOTE, WARNING, Finding
from packet.core.profiles import Profile
from packet.store.ocr_engine import engine_available
from packet.store.profile_library import load_all_profiles
from packet.store.readiness import readiness
from packet.ui.session import PacketSession
from packet.ui.widgets import buddy_label

COLOURS = {BLOCKER: "#b91c1c", WARNING: "#b45309", NOTE: "#1d4ed8"}
MARKS = {BLOCKER: "✖ Blocker", WARNING: "⚠ Warning", NOTE: "ℹ Note"}


TEXTLESS = "no-searchable-text"


class ReadinessPanel(QWidget):
    exhibitActivated = Signal(str)
    recogniseRequested = Signal(list)  # ids of the exhibits whose scans' text to recognise

    def __init__(self, session: PacketSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.findings: list[Finding] = []
        self.profiles, self.problems = load_all_profiles()
        self.profile = QComboBox()
        self.profile.setAccessibleName("Filing profile")
        self.profile.addItem("No particular receiver (no size limit)", "")
        for p in sorted(self.profiles.values(), key=lambda p: p.name):
            self.profile.addItem(p.name, p.id)
            self.profile.setItemData(self.profile.count() - 1, p.description, Qt.ItemDataRole.ToolTipRole)
        self.profile.activated.connect(self._profile_chosen)
        self.profile.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.profile.setMinimumContentsLength(16)  # long profile names are elided on a narrow window
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("readinessSummary")
        self.tree = QListWidget()
        self.tree.setObjectName("readinessFindings")
        self.tree.setAccessibleName("Readiness findings")
        self.tree.setWordWrap(True)
        self.tree.setResizeMode(QListView.ResizeMode.Adjust)
        self.tree.setSpacing(3)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemActivated.connect(self._activated)
        self.ocr_available = engine_available()  # whether this computer can recognise text
        self.recognise = QPushButton("Recognise &text")
        self.recognise.setObjectName("recogniseText")
        self.recognise.setToolTip("Read the text of the scans and photos listed below, in the background; the "
                                  "export adds it as an invisible, searchable layer (the pages stay as they are)")
        self.recognise.clicked.connect(self._recognise)
        self.recognise.hide()
        self.recognise_note = QLabel()
        self.recognise_note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(buddy_label("&Filing for:", self.profile), self.profile)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.summary)
        row = QHBoxLayout()
        row.addWidget(self.recognise_note, 1)
        row.addWidget(self.recognise)
        lay.addLayout(row)
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
            item = QListWidgetItem(f"{MARKS[f.severity]} — {f.where}\n{f.problem}\nFix: {f.fix}")
            item.setForeground(QBrush(QColor(COLOURS[f.severity])))
            item.setData(Qt.ItemDataRole.UserRole, f.exhibit_id or "")
            item.setToolTip(f"{f.problem}\n\nHow to fix it: {f.fix}")
            self.tree.addItem(item)
        counts = {s: sum(1 for f in self.findings if f.severity == s) for s in (BLOCKER, WARNING, NOTE)}
        if not self.findings:
            self.summary.setText("<b style='color:#15803d'>Ready to file.</b> No problems found.")
        elif counts[BLOCKER]:
            self.summary.setText(f"<b style='color:#b91c1c'>{counts[BLOCKER]} blocker(s)</b> would get this filing "
                                 f"rejected; {counts[WARNING]} warning(s), {counts[NOTE]} note(s). Double-click a "
                                 "finding to go to its exhibit.")
        else:
            self.summary.setText(f"No blockers. {counts[WARNING]} warning(s) and {counts[NOTE]} note(s) worth a look.")
        textless = self.textless_exhibits()
        self.recognise.setVisible(bool(textless) and self.ocr_available)
        if textless:
            pages = sum(len(f.pages) for f in self.findings if f.code == TEXTLESS)
            self.recognise_note.setText(f"{pages} page(s) of {len(textless)} exhibit(s) have no searchable text."
                                        if self.ocr_available else
                                        f"{pages} page(s) have no searchable text, and text recognition (OCR) is "
                                        "not installed on this computer.")
        else:
            self.recognise_note.setText("")

    def textless_exhibits(self) -> list[str]:
        return list(dict.fromkeys(f.exhibit_id for f in self.findings if f.code == TEXTLESS and f.exhibit_id))

    def _recognise(self) -> None:
        ids = self.textless_exhibits()
        if ids:
            self.recogniseRequested.emit(ids)

    def blockers(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == BLOCKER]

    def _profile_chosen(self, _index: int) -> None:
        pid = self.profile.currentData() or ""
        if pid == self.session.packet.profile:
            return
        name = self.profile.currentText()
        chosen = self.profiles.get(pid)
        self.session.edit(f"Filing for {name}", lambda p: actions.choose_profile(p, chosen))

    def _activated(self, item: QListWidgetItem) -> None:
        eid = item.data(Qt.ItemDataRole.UserRole)
        if eid:
            self.exhibitActivated.emit(eid)

