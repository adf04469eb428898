"""Which discretion factors the packet has evidence for (exhibits and pages per factor), and which of the
template's expected-evidence slots are filled; empty required slots stand out.

The factors are listed in the packet's section order (the order of a grouped index and of the summary of
equities, from the template: deferred action puts humanitarian first); Move up / Move down change it for this
packet, and "Template's order" puts it back, each one undoable step (core actions move_section, set_factor_order).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from packet.core import actions
from packet.core.coverage import candidates_for, factor_coverage, slot_status
from packet.core.factor_sections import section_order
from packet.core.factors import load_factors
from packet.core.i18n import _, ngettext
from packet.store.template_library import packet_template
from packet.ui.session import PacketSession

# The coverage sums live in the core (packet check and packet list use them too).
coverage = factor_coverage

REQUIRED_COLOUR = "#b91c1c"
MUTED_COLOUR = "#6b7280"


class FactorOverview(QWidget):
    exhibitActivated = Signal(str)

    def __init__(self, session: PacketSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.current_exhibit: Callable[[], str] = lambda: ""  # the exhibit selected in the window, offered first
        self.slots_tree = QTreeWidget()
        self.slots_tree.setObjectName("expectedEvidence")
        self.slots_tree.setAccessibleName(_("Expected evidence"))
        self.slots_tree.setHeaderLabels([_("Expected evidence"), _("Filled by")])
        self.slots_tree.setColumnWidth(0, 330)
        self.slots_tree.setRootIsDecorated(False)
        self.slots_tree.setWordWrap(True)
        self.slots_tree.itemActivated.connect(self._activated)
        self.slots_summary = QLabel()
        self.slots_summary.setWordWrap(True)
        self.slots_summary.setObjectName("expectedEvidenceSummary")
        self.tree = QTreeWidget()
        self.tree.setObjectName("factorOverview")
        self.tree.setAccessibleName(_("Factor overview"))
        self.tree.setHeaderLabels([_("Discretion factor"), _("Exhibits"), _("Pages")])
        self.tree.setColumnWidth(0, 300)
        self.tree.itemActivated.connect(self._activated)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.slots_box = QWidget()
        slots_lay = QVBoxLayout(self.slots_box)
        slots_lay.setContentsMargins(0, 0, 0, 0)
        slots_lay.addWidget(QLabel(_("<b>Expected evidence</b> (from the packet's template)")))
        slots_lay.addWidget(self.slots_summary)
        slots_lay.addWidget(self.slots_tree)
        factors_box = QWidget()
        factors_lay = QVBoxLayout(factors_box)
        factors_lay.setContentsMargins(0, 0, 0, 0)
        factors_lay.addWidget(QLabel(_("<b>Discretion factors</b>, in section order")))
        factors_lay.addWidget(self.summary)
        factors_lay.addWidget(self.tree)
        self.section_up = QPushButton(_("Move section &up"))
        self.section_down = QPushButton(_("Move section do&wn"))
        self.section_reset = QPushButton(_("Template's &order"))
        self.section_up.clicked.connect(lambda: self._move_section(-1))
        self.section_down.clicked.connect(lambda: self._move_section(1))
        self.section_reset.clicked.connect(self._reset_order)
        self.section_reset.setToolTip(_("The section order of the packet's template"))
        buttons = QHBoxLayout()
        for b in (self.section_up, self.section_down, self.section_reset):
            buttons.addWidget(b)
        buttons.addStretch(1)
        factors_lay.addLayout(buttons)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("factorSplitter")
        split.addWidget(self.slots_box)
        split.addWidget(factors_box)
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        session.changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self._reload_slots()
        self._reload_factors()

    def _reload_factors(self) -> None:
        packet = self.session.packet
        cov = factor_coverage(packet)
        expanded = {item.data(0, Qt.ItemDataRole.UserRole) for item in _top_items(self.tree) if item.isExpanded()}
        current = self.tree.currentItem()
        current_id = current.data(0, Qt.ItemDataRole.UserRole) if current is not None and current.parent() is None \
            else None
        self.tree.clear()
        with_evidence = 0
        by_id = {f.id: f for f in load_factors()}
        for f in (by_id[i] for i in section_order(packet.settings.factor_order)):
            ids, pages = cov.get(f.id, ([], 0))
            top = QTreeWidgetItem([_(f.name), str(len(ids)), str(pages)])
            top.setData(0, Qt.ItemDataRole.UserRole, f.id)
            top.setToolTip(0, _("{description}\nTypical evidence: {value}").format(
                                  description=_(f.description), value=", ".join(_(x) for x in f.evidence)))
            if ids:
                with_evidence += f.kind == "factor"
            else:
                for col in range(3):
                    top.setForeground(col, QBrush(QColor(MUTED_COLOUR)))
            for i in ids:
                e = packet.find(i)
                if e is None:
                    continue
                label = packet.label_of(e)
                where = _("Tab {label}").format(label=label) if label else _("Lead")
                child = QTreeWidgetItem([f"{where}: {e.title}", "", ""])
                child.setData(0, Qt.ItemDataRole.UserRole + 1, e.id)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(f.id in expanded)
            if f.id == current_id:
                self.tree.setCurrentItem(top)
        total = sum(1 for f in load_factors() if f.kind == "factor")
        self.summary.setText(_("Evidence for {with_evidence} of {total} discretion factors. Tag exhibits in the "
                                "inspector; double-click an exhibit here to select it. A grouped index and the "
                                "summary of equities follow this order.").format(
                                 with_evidence=with_evidence, total=total))
        self._update_buttons()

    def factor_order(self) -> list[str]:
        """The factor ids as listed (the packet's section order)."""
        return [item.data(0, Qt.ItemDataRole.UserRole) for item in _top_items(self.tree)]

    def _selected_factor(self) -> str:
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else ""

    def _update_buttons(self) -> None:
        order = self.factor_order()
        chosen = self._selected_factor()
        at = order.index(chosen) if chosen in order else -1
        self.section_up.setEnabled(at > 0)
        self.section_down.setEnabled(0 <= at < len(order) - 1)
        template = packet_template(self.session.packet.template)
        wanted = section_order(template.factor_order if template else ())
        self.section_reset.setEnabled(section_order(self.session.packet.settings.factor_order) != wanted)

    def _move_section(self, delta: int) -> None:
        factor = self._selected_factor()
        if factor:
            name = next((_(f.name) for f in load_factors() if f.id == factor), factor)
            self.session.edit((_("Move section {name} up") if delta < 0 else _("Move section {name} down")).format(
                name=name),
                              lambda p: actions.move_section(p, factor, delta))

    def _reset_order(self) -> None:
        template = packet_template(self.session.packet.template)
        order = list(template.factor_order) if template else []
        self.session.edit(_("Section order of the template"), lambda p: actions.set_factor_order(p, order))

    def _reload_slots(self) -> None:
        packet = self.session.packet
        status = slot_status(packet)
        self.slots_tree.clear()
        self.slots_box.setVisible(bool(status))
        factor_names = {f.id: _(f.name) for f in load_factors()}
        missing = 0
        for slot, ids in status:
            title = _(slot.title) + (_(" (required)") if slot.required else "")
            items = [e for e in (packet.find(i) for i in ids) if e is not None]
            where = ", ".join(f"Tab {packet.label_of(e)}" if packet.label_of(e) else "Lead" for e in items)
            row = QTreeWidgetItem([title, where or _("Empty")])
            row.setData(0, Qt.ItemDataRole.UserRole, slot.id)
            row.setData(0, Qt.ItemDataRole.UserRole + 2, slot.required and not ids)
            tip = [_(slot.title)] + ([_(slot.hint)] if slot.hint else [])
            if slot.factor:
                tip.append(_("Factor: {value}").format(value=factor_names.get(slot.factor, slot.factor)))
            tip.append(_("Lead document") if slot.section == "lead" else _("Exhibit"))
            tip.append(_("Double-click to choose the exhibit that fills it (or use Fills slot in the inspector).")
                       if not ids else _("Double-click to select the exhibit that fills it."))
            row.setToolTip(0, "\n".join(tip))
            if not ids and slot.required:
                missing += 1
                font = row.font(0)
                font.setBold(True)
                row.setFont(0, font)
                for col in range(2):
                    row.setForeground(col, QBrush(QColor(REQUIRED_COLOUR)))
            elif not ids:
                for col in range(2):
                    row.setForeground(col, QBrush(QColor(MUTED_COLOUR)))
            if items:
                row.setData(0, Qt.ItemDataRole.UserRole + 1, items[0].id)
            self.slots_tree.addTopLevelItem(row)
        filled = sum(1 for _, ids in status if ids)
        text = _("{filled} of {n_status} expected documents are in the packet.").format(
                   filled=filled, n_status=len(status))
        if missing:
            text += " " + ngettext("<span style='color:{colour}'><b>{n} required slot is still empty.</b></span>",
                                   "<span style='color:{colour}'><b>{n} required slots are still empty.</b></span>",
                                   missing).format(colour=REQUIRED_COLOUR, n=missing)
        self.slots_summary.setText(text)

    def counts(self) -> dict[str, tuple[int, int]]:
        """factor id -> (exhibits, pages), as shown."""
        return {item.data(0, Qt.ItemDataRole.UserRole): (int(item.text(1)), int(item.text(2)))
                for item in _top_items(self.tree)}

    def empty_required_titles(self) -> list[str]:
        """The titles of the required slots shown as empty (what stands out in red), in order."""
        return [item.text(0).removesuffix(_(" (required)")) for item in _top_items(self.slots_tree)
                if item.data(0, Qt.ItemDataRole.UserRole + 2)]

    def slot_rows(self) -> list[tuple[str, str]]:
        """(slot title as shown, 'Filled by' text) for each row of the expected-evidence list."""
        return [(item.text(0), item.text(1)) for item in _top_items(self.slots_tree)]

    def _activated(self, item: QTreeWidgetItem, column: int) -> None:
        eid = item.data(0, Qt.ItemDataRole.UserRole + 1)
        if eid:
            self.exhibitActivated.emit(eid)
        elif item.treeWidget() is self.slots_tree:
            self.offer_fill(str(item.data(0, Qt.ItemDataRole.UserRole)))

    def offer_fill(self, slot_id: str) -> bool:
        """An empty slot double-clicked: offer the exhibits that could fill it (likeliest first); the one chosen
        fills it, as one undoable step."""
        packet = self.session.packet
        slot = next((s for s in packet.slots if s.id == slot_id), None)
        if slot is None or not packet.items():
            return False
        items = candidates_for(packet, slot)
        names = [(_("Tab {label}: {title}").format(label=packet.label_of(e), title=e.title) if packet.label_of(e)
                  else _("Lead document: {title}").format(title=e.title)) for e in items]
        current = next((n for n, e in enumerate(items) if e.id == self.current_exhibit()), 0)
        chosen, ok = QInputDialog.getItem(self, _("Fill this slot"), _("Which document is “{title}”?").format(
                                                                      title=_(slot.title)), names,
                                          current, False)
        if not ok or chosen not in names:
            return False
        e = items[names.index(chosen)]
        return self.session.edit(_("Fill slot: {title}").format(title=slot.title), lambda p: actions.fill_slot(p, e.id, slot.id))


def _top_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    """The tree's top-level rows, in order."""
    items = (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
    return [item for item in items if item is not None]
