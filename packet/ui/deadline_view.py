"""The filing deadline where the user sees it: a line under the toolbar and in the cover form.

Both show `store.readiness.packet_deadline` (what `packet check` reports): the date and the days left, in the
warning colour inside a week and red once it has passed, with the fix; for a detained case without the court's
date, what to enter. Nothing shows when no deadline rule applies (an OPLA request, no upcoming hearing).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from packet.core.checks import BLOCKER, NOTE, WARNING
from packet.core.deadlines import long_date
from packet.core.filing_rules import DeadlineStatus
from packet.core.model import Packet
from packet.store.readiness import packet_deadline

OK = "ok"
COLOURS = {OK: ("#14532d", "#dcfce7"), NOTE: ("#14532d", "#dcfce7"), WARNING: ("#78350f", "#fef3c7"),
           BLOCKER: ("#7f1d1d", "#fee2e2")}


def deadline_text(status: DeadlineStatus) -> tuple[str, str]:
    """(plain text, level) for a deadline status; ('', '') when there is nothing to show."""
    d = status.deadline
    if d is None:
        f = status.finding
        if f is None:
            return "", ""
        return f"Filing deadline: {f.problem.removeprefix('Filing deadline: ')} {f.fix}", f.severity
    moved = f", moved from {long_date(d.counted)} ({d.moved_because})" if d.moved_because else ""
    text = f"Filing deadline: {long_date(d.due)} — {d.left()} ({status.basis}{moved})."
    if d.assumed:
        text += " " + d.assumed
    if d.severity == BLOCKER:
        text += f" {d.fix}"
    return text, NOTE if d.severity == OK else d.severity  # the levels of the readiness findings


class DeadlineLabel(QLabel):
    """A coloured line with the deadline, hidden when there is none; `show_for(packet)` brings it up to date."""

    def __init__(self, object_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName("Filing deadline")
        self.level = ""
        self.hide()

    def show_for(self, packet: Packet) -> None:
        self.show_status(packet_deadline(packet))

    def show_status(self, status: DeadlineStatus) -> None:
        text, level = deadline_text(status)
        self.level = level
        if not text:
            self.clear()
            self.hide()
            return
        fg, bg = COLOURS.get(level, COLOURS[OK])
        bold = level in (WARNING, BLOCKER)
        self.setStyleSheet(f"QLabel {{ color: {fg}; background: {bg}; border-radius: 4px; padding: 4px 8px; }}")
        self.setText(f"<b>{escape(text)}</b>" if bold else escape(text))
        self.setToolTip(status.deadline.rule.source.cite() if status.deadline else "")
        self.show()
