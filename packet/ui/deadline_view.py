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
from packet.core.deadlines import long_date, moved_reason
from packet.core.filing_rules import DeadlineStatus
from packet.core.i18n import _
from packet.core.model import Packet
from packet.store.readiness import packet_deadline

OK = "ok"
COLOURS = {OK: ("#14532d", "#dcfce7"), NOTE: ("#14532d", "#dcfce7"), WARNING: ("#78350f", "#fef3c7"),
           BLOCKER: ("#7f1d1d", "#fee2e2")}


def deadline_parts(status: DeadlineStatus) -> tuple[str, str, str]:
    """(the headline, the details, the level) of a deadline status; ('', '', '') when there is nothing to show.
    The level is that of the readiness finding: note, warning or blocker."""
    d = status.deadline
    if d is None:
        f = status.finding
        if f is None:
            return "", "", ""
        return _("Filing deadline:"), f"{f.problem.removeprefix(_('Filing deadline: '))} {f.fix}", f.severity
    moved = _("; moved from {date}, {why}").format(date=long_date(d.counted), why=moved_reason(d.moved_because)) \
        if d.moved_because else ""
    details = f"({status.basis}{moved})."
    if d.assumed:
        details += " " + d.assumed
    if d.severity == BLOCKER:
        details += f" {d.fix}"
    return _("Filing deadline: {value} — {value2}").format(value=long_date(d.due), value2=d.left()), details, NOTE if d.severity == OK else d.severity


def deadline_text(status: DeadlineStatus) -> tuple[str, str]:
    """(plain text, level) for a deadline status; ('', '') when there is nothing to show."""
    head, details, level = deadline_parts(status)
    return (f"{head} {details}" if head else ""), level


class DeadlineLabel(QLabel):
    """A coloured line with the deadline, hidden when there is none; `show_for(packet)` brings it up to date."""

    def __init__(self, object_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName(_("Filing deadline"))
        self.level = ""
        self.plain = ""  # what it says, as plain text
        self.hide()

    def show_for(self, packet: Packet) -> None:
        self.show_status(packet_deadline(packet))

    def show_status(self, status: DeadlineStatus) -> None:
        head, details, level = deadline_parts(status)
        self.level = level
        self.plain = f"{head} {details}" if head else ""
        if not head:
            self.clear()
            self.hide()
            return
        fg, bg = COLOURS.get(level, COLOURS[OK])
        self.setStyleSheet(f"QLabel {{ color: {fg}; background: {bg}; border-radius: 4px; padding: 4px 8px; }}")
        self.setText(f"<b>{escape(head)}</b> {escape(details)}")
        self.setToolTip(status.deadline.rule.source.cite() if status.deadline else "")
        self.show()
