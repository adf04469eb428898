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
from packet.core.i18n import N_, _, ngettext
from packet.core.profiles import Profile
from packet.store.ocr_engine import engine_available
from packet.store.profile_library import load_all_profiles
from packet.store.readiness import readiness
from packet.ui.session import PacketSession
from packet.ui.widgets import buddy_label

COLOURS = {BLOCKER: "#b91c1c", WARNING: "#b45309", NOTE: "#1d4ed8"}
MARKS = {BLOCKER: N_("✖ Blocker"), WARNING: N_("⚠ Warning"), NOTE: N_("ℹ Note")}


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
        self.ocr_available = engine_available()  # whether this computer can recognise text
        self.recognise = QPushButton(_("Recognise &text"))
        self.recognise.setObjectName("recogniseText")
        self.recognise.setToolTip(_("Read the text of the scans and photos listed below, in the background; the "
                                    "export adds it as an invisible, searchable layer (the pages stay as they are)"))
        self.recognise.clicked.connect(self._recognise)
        self.recognise.hide()
        self.recognise_note = QLabel()
        self.recognise_note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(buddy_label(_("&Filing for:"), self.profile), self.profile)
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
        textless = self.textless_exhibits()
        self.recognise.setVisible(bool(textless) and self.ocr_available)
        if textless:
            pages = sum(len(f.pages) for f in self.findings if f.code == TEXTLESS)
            self.recognise_note.setText(self._textless_note(pages, len(textless)))
        else:
            self.recognise_note.setText("")

    def _textless_note(self, pages: int, exhibits: int) -> str:
        """How much has no searchable text: a page count, and of how many exhibits (each finding is one exhibit,
        so there are at least as many pages as exhibits)."""
        if not self.ocr_available:
            return ngettext("{pages} page has no searchable text, and text recognition (OCR) is not installed on "
                            "this computer.",
                            "{pages} pages have no searchable text, and text recognition (OCR) is not installed "
                            "on this computer.", pages).format(pages=pages)
        if exhibits == 1:
            return ngettext("{pages} page of 1 exhibit has no searchable text.",
                            "{pages} pages of 1 exhibit have no searchable text.", pages).format(pages=pages)
        return ngettext("{pages} pages of {n} exhibit have no searchable text.",
                        "{pages} pages of {n} exhibits have no searchable text.", exhibits).format(
                            pages=pages, n=exhibits)

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
        self.session.edit(_("Filing for {name}").format(name=name), lambda p: actions.choose_profile(p, chosen))

    def _activated(self, item: QListWidgetItem) -> None:
        eid = item.data(Qt.ItemDataRole.UserRole)
        if eid:
            self.exhibitActivated.emit(eid)

