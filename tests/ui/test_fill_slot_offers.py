"""Issue 13, window item 10: tagging a document with a slot's factor, or making it the lead document, offers to
fill the obvious empty slot; double-clicking an empty slot in the Factors tab offers to fill it. Offers only:
nothing is filled until the user says so."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from packet.core.templates import apply_template
from packet.store.folder import open_packet
from packet.store.template_library import find_template

from .conftest import HANG_MS, QT_LOG_IGNORE

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]


@pytest.fixture
def sample_master(court_sample_master):
    """These tests are about a court filing (or shape the packet themselves): the sample on the blank template."""
    return court_sample_master


@pytest.fixture
def opla_window(qtbot, sample_path):
    """The sample packet shaped by the OPLA template (its expected evidence, no slot filled yet)."""
    from packet.ui.main_window import MainWindow

    from .conftest import wait_threads

    pf = open_packet(sample_path)
    apply_template(pf.packet, find_template("opla-pd-request"))
    pf.save()
    w = MainWindow()
    qtbot.addWidget(w, before_close_func=wait_threads)
    w.show()
    assert w.open_path(sample_path)
    yield w
    wait_threads(w)


def by_title(w, start: str) -> str:
    return next(e.id for e in w.session.packet.items() if e.title.startswith(start))


def factor_item(inspector, factor_id: str):
    return next(inspector.factors.item(i) for i in range(inspector.factors.count())
                if inspector.factors.item(i).data(Qt.ItemDataRole.UserRole) == factor_id)


def test_tagging_with_a_slots_factor_offers_that_slot(opla_window, qtbot, disk):
    w = opla_window
    eid = by_title(w, "School attendance record")
    w.select_exhibit(eid)
    ins = w.inspector
    assert ins.slot_offer.isVisibleTo(ins)  # tagged "residence" in the sample already
    factor_item(ins, "residence").setCheckState(Qt.CheckState.Unchecked)
    assert not ins.slot_offer.isVisibleTo(ins)  # tagged with nothing: nothing obvious
    factor_item(ins, "residence").setCheckState(Qt.CheckState.Checked)
    assert ins.slot_offer.isVisibleTo(ins)
    assert "Proof of years of residence" in ins.slot_offer.text()
    assert disk().find(eid).slot == ""  # an offer, not done
    count = w.session.undo_stack.count()
    qtbot.mouseClick(ins.slot_offer, Qt.MouseButton.LeftButton)
    assert disk().find(eid).slot == "residence"
    assert w.session.undo_stack.count() == count + 1
    assert not ins.slot_offer.isVisibleTo(ins)
    assert ins.slot.currentData() == "residence"


def test_making_it_the_lead_document_offers_the_lead_slot(opla_window, qtbot, disk):
    w = opla_window
    eid = by_title(w, "Letter of support")
    w.select_exhibit(eid)
    w.act_lead.trigger()
    ins = w.inspector
    assert ins.exhibit_id == eid and ins.slot_offer.isVisibleTo(ins)
    assert "Request letter or brief" in ins.slot_offer.text()
    qtbot.mouseClick(ins.slot_offer, Qt.MouseButton.LeftButton)
    assert disk().find(eid).slot == "request_letter"


def test_double_clicking_an_empty_slot_offers_to_fill_it(opla_window, qtbot, disk, monkeypatch):
    w = opla_window
    w.tabs.setCurrentWidget(w.factors)
    tree = w.factors.slots_tree
    row = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
               if tree.topLevelItem(i).text(0).startswith("Medical records"))
    assert row.text(1) == "Empty"
    offered: list[list[str]] = []

    def pick(parent, title, label, items, current=0, editable=True, *args, **kwargs):
        offered.append(list(items))
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(pick))
    tree.itemActivated.emit(row, 0)  # what a double-click or Enter on the row does
    assert offered and offered[0][0].startswith("Tab D: Letter from Dr. Priya Raman")  # tagged medical: first
    eid = by_title(w, "Letter from Dr. Priya Raman")
    assert disk().find(eid).slot == "medical"
    # filled, it is evidence of the medical section, first there in a packet grouped by factor (issue 12): its tab
    # is the one the packet gives it now
    tab = f"Tab {w.session.packet.label_of(w.session.packet.find(eid))}"
    qtbot.waitUntil(lambda: any(tree.topLevelItem(i).text(0).startswith("Medical records") and
                                tree.topLevelItem(i).text(1) == tab for i in range(tree.topLevelItemCount())),
                    timeout=HANG_MS)
