"""Which discretion factors the packet has evidence for: exhibits and pages per factor."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from packet.core.factors import load_factors
from packet.core.model import Packet
from packet.ui.session import PacketSession


def coverage(packet: Packet) -> dict[str, tuple[list[str], int]]:
    """factor id -> (ids of the exhibits tagged with it, their pages)."""
    out: dict[str, tuple[list[str], int]] = {f.id: ([], 0) for f in load_factors()}
    for e in packet.items():
        doc = packet.documents.get(e.document)
        pages = len(e.page_numbers(doc.pages)) if doc else 0
        for f in e.factors:
            ids, n = out.setdefault(f, ([], 0))
            ids.append(e.id)
            out[f] = (ids, n + pages)
    return out


class FactorOverview(QWidget):
    exhibitActivated = Signal(str)

    def __init__(self, session: PacketSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.tree = QTreeWidget()
        self.tree.setObjectName("factorOverview")
        self.tree.setAccessibleName("Factor overview")
        self.tree.setHeaderLabels(["Discretion factor", "Exhibits", "Pages"])
        self.tree.setColumnWidth(0, 300)
        self.tree.itemActivated.connect(self._activated)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.tree)
        session.changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        packet = self.session.packet
        cov = coverage(packet)
        expanded = {self.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
                    for i in range(self.tree.topLevelItemCount()) if self.tree.topLevelItem(i).isExpanded()}
        self.tree.clear()
        with_evidence = 0
        for f in load_factors():
            ids, pages = cov.get(f.id, ([], 0))
            top = QTreeWidgetItem([f.name, str(len(ids)), str(pages)])
            top.setData(0, Qt.ItemDataRole.UserRole, f.id)
            top.setToolTip(0, f"{f.description}\nTypical evidence: {', '.join(f.evidence)}")
            if ids:
                with_evidence += f.kind == "factor"
            else:
                for col in range(3):
                    top.setForeground(col, QBrush(QColor("#6b7280")))
            for i in ids:
                e = packet.find(i)
                if e is None:
                    continue
                label = packet.label_of(e)
                child = QTreeWidgetItem([f"{'Tab ' + label if label else 'Lead'}: {e.title}", "", ""])
                child.setData(0, Qt.ItemDataRole.UserRole + 1, e.id)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(f.id in expanded)
        total = sum(1 for f in load_factors() if f.kind == "factor")
        self.summary.setText(f"Evidence for {with_evidence} of {total} discretion factors. Tag exhibits in the "
                             "inspector; double-click an exhibit here to select it.")

    def counts(self) -> dict[str, tuple[int, int]]:
        """factor id -> (exhibits, pages), as shown."""
        out = {}
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            out[item.data(0, Qt.ItemDataRole.UserRole)] = (int(item.text(1)), int(item.text(2)))
        return out

    def _activated(self, item: QTreeWidgetItem, column: int) -> None:
        eid = item.data(0, Qt.ItemDataRole.UserRole + 1)
        if eid:
            self.exhibitActivated.emit(eid)
