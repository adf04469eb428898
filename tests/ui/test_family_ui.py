"""Family packets in the window (issue 11): File ▸ New packet for a family member… makes the linked packet with the
exhibits ticked in its checklist (the same `make_member` as `packet family --new`), the shared exhibits are marked
in the list, and a change another member made to a shared exhibit shows when the window comes back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from packet.core import actions
from packet.store.folder import open_packet
from packet.ui.exhibit_model import IdRole, SharedRole
from packet.ui.family_dialog import FamilyMemberDialog

from .conftest import HANG_MS, QT_LOG_IGNORE

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]

ANA = "Ana Núñez López"


def dialog_for(window, qtbot) -> FamilyMemberDialog:
    d = FamilyMemberDialog(window.session, window)
    qtbot.addWidget(d)
    return d


def test_the_checklist_starts_with_the_familys_exhibits_and_the_new_packet_shares_the_ticked_ones(main_window,
                                                                                                  qtbot, sample_path):
    session = main_window.session
    packet = session.packet
    lead, birth, stub = packet.lead[0], packet.exhibits[0], packet.exhibits[1]
    d = dialog_for(main_window, qtbot)
    assert lead.id not in d.chosen()  # the request is each person's own
    assert birth.id in d.chosen() and stub.id in d.chosen()
    d.person.setText(ANA)
    assert d.folder.text() == ANA  # the packet's name follows the person's until typed
    d.a_number.setText("987654321")
    d.set_chosen([birth.id, stub.id])
    before_undo = session.undo_stack.count()
    session.edit("rename", lambda p: actions.rename(p, stub.id, "Pay stub, July 2026"))
    assert session.undo_stack.count() == before_undo + 1
    qtbot.mouseClick(d.create_button, Qt.MouseButton.LeftButton)
    assert d.result() == d.DialogCode.Accepted, d.error.text()
    target = sample_path.parent / f"{ANA}.packet"
    assert d.created == target
    ana = open_packet(target).packet
    assert [(r.name, r.a_number) for r in ana.cover.respondents] == [(ANA, "A-987-654-321")]
    assert [e.title for e in ana.items()] == [birth.title, "Pay stub, July 2026"]  # the window's last edit too
    # this packet: the two are shared now (marked in the list), its documents stored once, in the family's folder
    shared = {main_window.model.index(r).data(IdRole) for r in range(main_window.model.rowCount())
              if main_window.model.index(r).data(SharedRole)}
    assert shared == {birth.id, stub.id}
    assert "Shared with the family" in main_window.model.index(1).data(Qt.ItemDataRole.ToolTipRole)
    main_window.select_exhibit(stub.id)
    assert "Shared with the family" in main_window.inspector.source.text()
    main_window.select_exhibit(lead.id)
    assert "Shared" not in main_window.inspector.source.text()
    store = session.folder.family.store
    for e in (birth, stub):
        doc = session.packet.documents[e.document]
        assert doc.stored.startswith(f"../{store.name}/")
        assert not list((sample_path / "documents").glob(f"{e.document}.*"))
        assert len(list(store.glob(f"documents/{e.document}.*"))) == 1
    assert session.undo_stack.count() == 0  # the steps before recorded exhibits that were not shared
    assert session.saved


def test_a_bad_a_number_or_nothing_ticked_is_said_and_nothing_is_made(main_window, qtbot, sample_path):
    before = (sample_path / "packet.json").read_bytes()
    d = dialog_for(main_window, qtbot)
    d.show()
    d.person.setText(ANA)
    d.a_number.setText("12")
    qtbot.mouseClick(d.create_button, Qt.MouseButton.LeftButton)
    assert d.error.isVisible() and "A-number '12': has 2 digits" in d.error.text()
    d.a_number.setText("")
    d.set_chosen([])
    qtbot.mouseClick(d.create_button, Qt.MouseButton.LeftButton)
    assert "Tick at least one exhibit" in d.error.text()
    assert d.created is None and d.isVisible()
    assert sorted(p.name for p in sample_path.parent.iterdir()) == [sample_path.name]
    assert (sample_path / "packet.json").read_bytes() == before


def test_another_members_edit_shows_when_the_window_looks_again(main_window, qtbot, sample_path):
    session = main_window.session
    birth = session.packet.exhibits[0]
    d = dialog_for(main_window, qtbot)
    d.person.setText(ANA)
    d.set_chosen([birth.id])
    d.make_packet()
    assert d.created is not None, d.error.text()
    other = open_packet(d.created)
    theirs = other.packet.exhibits[0]
    other.update(lambda p: actions.rename(p, theirs.id, "Birth certificate of Ana (renamed in Ana's packet)"))
    assert session.refresh_family() is True
    assert session.packet.find(birth.id).title == "Birth certificate of Ana (renamed in Ana's packet)"
    assert main_window.model.index(1).data(Qt.ItemDataRole.DisplayRole).endswith("(renamed in Ana's packet)")
    assert session.refresh_family() is False  # nothing new since


def test_the_window_and_the_command_line_make_the_same_member(main_window, qtbot, sample_path, tmp_path):
    """One home: the dialog's defaults and `packet family --new` (no --share) share the same exhibits and make the
    same packet and store."""
    import shutil

    from tests.export.cli_helpers import ok

    other = tmp_path / "cli" / sample_path.name
    shutil.copytree(sample_path, other)
    ok("family", other, "--new", other.parent / ANA, "--respondent", ANA, "--a-number", "987654321")
    d = dialog_for(main_window, qtbot)
    d.person.setText(ANA)
    d.a_number.setText("987654321")
    d.make_packet()
    assert d.created is not None, d.error.text()

    def made(folder):
        member = open_packet(folder).packet
        store = sorted(p.name for p in folder.parent.glob("*.family/documents/*"))
        return ([(r.name, r.a_number) for r in member.cover.respondents], [e.title for e in member.items()], store,
                member.family.store)

    assert made(d.created) == made(other.parent / f"{ANA}.packet")


def test_the_page_view_refuses_to_split_a_shared_exhibit_and_says_why(main_window, qtbot):
    session = main_window.session
    d = dialog_for(main_window, qtbot)
    d.person.setText(ANA)
    d.make_packet()
    assert d.created is not None, d.error.text()
    packet = session.packet
    e = next(x for x in packet.exhibits if x.shared and len(x.kept(packet.documents)) > 1)
    count = len(packet.exhibits)
    main_window.select_exhibit(e.id)
    main_window.show_pages()
    view = main_window.pages
    qtbot.waitUntil(lambda: view.model.exhibit is not None and view.model.exhibit.id == e.id, timeout=HANG_MS)
    view.grid.setCurrentIndex(view.grid.model().index(1, 0))
    with qtbot.waitSignal(view.message, timeout=HANG_MS) as said:
        view.split_here()
    assert "shared with the family" in said.args[0] and "hide the pages" in said.args[0]
    assert len(session.packet.exhibits) == count and session.undo_stack.count() == 0
