"""Issue 12 in the window: the filing deadline (fixed "today" dates) in the Readiness tab, under the toolbar and in
the cover form; the new cover fields; section headings in a grouped exhibit list, a drag from one section to
another that retags the exhibit and undoes; Sort by factor; the section order in the Factors tab; the Summary
tab. The window calls the same core actions as the command line, so the packets on disk agree."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from packet.core.checks import BLOCKER, WARNING
from packet.store.folder import open_packet
from packet.ui.cover_form import CoverForm
from packet.ui.exhibit_model import ExhibitModel, IdRole, SectionIdRole, SectionRole
from packet.ui.session import PacketSession
from packet.ui.summary_editor import SummaryEditor

from .conftest import QT_LOG_IGNORE

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]

LATE_FIX = "File a motion to accept a late filing, or change the date if the court set another."


@pytest.fixture
def sample_master(court_sample_master):
    """These tests are about a court filing (or shape the packet themselves): the sample on the blank template."""
    return court_sample_master


def cli(*argv) -> tuple[int, str, str]:
    import contextlib
    import io

    from packet.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main([str(a) for a in argv])
    return rc, out.getvalue(), err.getvalue()


def rows(model: ExhibitModel) -> list[tuple[str, str, str | None]]:
    """(heading above the row, title, section id) of every row."""
    return [(model.index(r).data(SectionRole), model.index(r).data(Qt.ItemDataRole.EditRole),
             model.index(r).data(SectionIdRole)) for r in range(model.rowCount())]


def row_of_title(model: ExhibitModel, start: str) -> int:
    return next(r for r in range(model.rowCount()) if model.index(r).data(Qt.ItemDataRole.EditRole).startswith(start))


# -- the deadline --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("today", "level", "left"), [
    ("2026-12-01", "note", "90 days left"),
    ("2027-02-25", WARNING, "4 days left"),
    ("2027-03-03", BLOCKER, "passed 2 days ago"),
])
def test_the_deadline_in_the_readiness_tab_the_banner_and_the_cover_form(main_window, monkeypatch, today, level,
                                                                         left):
    """The sample's individual-or-master hearing on Monday, March 15, 2027: due Monday, March 1 (15 days before
    is Sunday, February 28)."""
    monkeypatch.setenv("PACKET_TODAY", today)
    main_window.readiness.reload()
    main_window._refresh()
    deadline = [f for f in main_window.readiness.findings if f.code.startswith("filing-deadline")]
    assert len(deadline) == 1 and deadline[0].severity == level
    assert "Monday, March 1, 2027" in deadline[0].problem and left in deadline[0].problem
    banner = main_window.deadline
    assert banner.isVisible() and banner.level == level
    assert "Monday, March 1, 2027" in banner.plain and left in banner.plain
    assert (LATE_FIX in banner.plain) == (level == BLOCKER)
    main_window.cover.reload()
    assert main_window.cover.deadline.plain == banner.plain
    if level == BLOCKER:
        assert main_window.readiness.summary.text().count("blocker") >= 1
        item = next(main_window.readiness.tree.item(i) for i in range(main_window.readiness.tree.count())
                    if "Filing deadline" in main_window.readiness.tree.item(i).text())
        assert LATE_FIX in item.text()


def test_detained_without_the_courts_date_then_with_it(main_window, monkeypatch, qtbot):
    monkeypatch.setenv("PACKET_TODAY", "2027-03-01")
    form = main_window.cover
    form.detained.setChecked(True)
    assert "court sets the filing deadlines" in form.deadline.plain and form.deadline.level == WARNING
    qtbot.waitUntil(lambda: "court sets the filing deadlines" in main_window.deadline.plain)  # refreshed
    form.edits["court_set_deadline"].setText("2027-03-06")  # a Saturday: Monday, March 8
    form.edits["court_set_deadline"].editingFinished.emit()
    qtbot.waitUntil(lambda: "Monday, March 8, 2027 — 7 days left (the date the court set" in
                    main_window.deadline.plain)
    main_window.session.undo_stack.undo()
    assert main_window.session.packet.cover.court_set_deadline == ""


def test_no_deadline_line_for_an_opla_request(main_window, sample_path):
    main_window.close_packet()  # the window holds the packet's lock while it is open
    pf = open_packet(sample_path)
    pf.packet.cover.receiver = "ice-opla"
    pf.save()
    assert main_window.open_path(sample_path)
    assert not main_window.deadline.isVisible()


# -- the new cover fields, the same in the window and through `packet set` -----------------------------------

def test_new_cover_fields_in_the_window_and_the_command_line_agree(sample_master, tmp_path, qtbot):
    paths = []
    for name in ("cli", "window"):
        target = tmp_path / name / sample_master.name
        shutil.copytree(sample_master, target)
        paths.append(target)
    rc, _, err = cli("set", paths[0], "hearing_type=individual", "posture=post-order", "requested=Dismissal",
                     "court_set_deadline=2027-03-01")
    assert rc == 0, err
    session = PacketSession(open_packet(paths[1]))
    form = CoverForm(session)
    qtbot.addWidget(form)
    kind = form.choices["hearing_type"]
    kind.setCurrentIndex(kind.findData("individual"))
    kind.activated.emit(kind.currentIndex())
    posture = form.choices["posture"]
    assert [posture.itemData(i) for i in range(posture.count())] == ["in-proceedings", "post-order"]
    posture.setCurrentIndex(posture.findData("post-order"))
    posture.activated.emit(posture.currentIndex())
    for key, value in (("requested", "Dismissal"), ("court_set_deadline", "2027-03-01")):
        form.edits[key].setText(value)
        form.edits[key].editingFinished.emit()
    form.edits["court_set_deadline"].setText("March 1")  # refused, with the words `packet set` uses
    form.edits["court_set_deadline"].editingFinished.emit()
    rc, _, err = cli("set", paths[0], "court_set_deadline=March 1")
    assert rc == 2 and "YYYY-MM-DD" in err and "YYYY-MM-DD" in form.errors["court_set_deadline"].text()
    covers = [json.loads((p / "packet.json").read_text(encoding="utf-8"))["cover"] for p in paths]
    assert covers[0] == covers[1] and covers[0]["hearing_type"] == "individual"
    session.deleteLater()


def test_the_passport_fields_show_for_form_i246_only(main_window, sample_path):
    form = main_window.cover
    visible = lambda key: form.form.isRowVisible(form.form.getWidgetPosition(form.labels[key])[0])  # noqa: E731
    assert not visible("passport_expiry") and not visible("stay_until")
    main_window.close_packet()  # the window holds the packet's lock while it is open
    pf = open_packet(sample_path)
    pf.packet.template = "ice-stay-of-removal"
    pf.save()
    assert main_window.open_path(sample_path)
    form = main_window.cover
    assert visible("passport_expiry") and visible("stay_until") and "*" in form.labels["stay_until"].text()


# -- factor sections in the exhibit list -------------------------------------------------------------------

@pytest.fixture
def grouped(session, qtbot):
    from packet.core import actions

    session.edit("Group", lambda p: actions.set_export_settings(p, group_index_by_factor=True))
    m = ExhibitModel(session)
    yield m
    m.deleteLater()


def test_a_grouped_list_has_a_heading_over_each_section(grouped, qtmodeltester):
    qtmodeltester.check(grouped)
    got = rows(grouped)
    headings = [h for h, _, _ in got if h]
    assert headings == ["Lead documents", "Length of residence", "Family ties to U.S. citizens or residents",
                        "Medical condition (self or family)", "Employment and taxes",
                        "Community ties and letters of support"]
    assert got[1][1].startswith("School attendance record")  # Tab A: the residence evidence, first by factor
    assert [grouped.index(r).data(Qt.ItemDataRole.DisplayRole)[:5] for r in range(1, 8)] == [
        f"Tab {c}" for c in "ABCDEFG"]


def test_dragging_an_exhibit_into_another_section_retags_it_and_undo_puts_it_back(grouped, session, disk):
    before_ids, before_rows = grouped.ids(), rows(grouped)
    stub = row_of_title(grouped, "Pay stub, August")
    doctor = row_of_title(grouped, "Letter from Dr. Priya Raman")  # the first row of the Medical section
    moving = grouped.index(stub).data(IdRole)
    # dropped on the line between the family-ties section and the medical heading: the end of family ties
    assert not grouped.dropMimeData(grouped.mimeData([grouped.index(stub)]), Qt.DropAction.MoveAction, doctor, 0,
                                    QModelIndex())
    e = session.packet.find(moving)
    assert e.factors == ["family_ties"]
    assert rows(grouped)[doctor] == ("", e.title, "family_ties")  # now the last row of family ties
    assert session.undo_stack.undoText() == f"Move {e.title!r} to Family ties to U.S. citizens or residents"
    assert disk().find(moving).factors == ["family_ties"]
    session.undo_stack.undo()
    assert grouped.ids() == before_ids and rows(grouped) == before_rows
    assert disk().find(moving).factors == ["employment"]


def test_dropping_onto_an_exhibit_puts_it_first_in_that_section(grouped, session):
    stub = row_of_title(grouped, "Pay stub, July")
    school = row_of_title(grouped, "School attendance record")
    grouped.dropMimeData(grouped.mimeData([grouped.index(stub)]), Qt.DropAction.MoveAction, -1, 0,
                         grouped.index(school))
    assert rows(grouped)[school][1].startswith("Pay stub, July") and rows(grouped)[school][0] == "Length of residence"
    assert session.packet.find(grouped.index(school).data(IdRole)).factors == ["residence"]


def test_a_drag_inside_a_section_only_moves(grouped, session):
    july, august = row_of_title(grouped, "Pay stub, July"), row_of_title(grouped, "Pay stub, August")
    # onto the first exhibit of its own section: first in it
    grouped.dropMimeData(grouped.mimeData([grouped.index(august)]), Qt.DropAction.MoveAction, -1, 0,
                         grouped.index(july))
    assert rows(grouped)[july][1].startswith("Pay stub, August") and rows(grouped)[july][0] == "Employment and taxes"
    assert session.packet.find(grouped.index(july).data(IdRole)).factors == ["employment"]
    assert session.undo_stack.undoText() == "Move 'Pay stub, August 2026 (Bella Vista Kitchen LLC)'"
    # below the last exhibit of its section: still that section
    grouped.dropMimeData(grouped.mimeData([grouped.index(july)]), Qt.DropAction.MoveAction, august + 1, 0,
                         QModelIndex())
    assert [t[:16] for _, t, _ in rows(grouped)[july:august + 1]] == ["Pay stub, July 2", "Pay stub, August"]
    assert session.packet.find(grouped.index(july).data(IdRole)).factors == ["employment"]


def test_the_line_above_a_sections_heading_is_the_end_of_the_section_before(grouped, session):
    """Between rows, the drop line is drawn above the next section's heading: the exhibit joins the section
    above it."""
    stub = row_of_title(grouped, "Pay stub, July")
    school = row_of_title(grouped, "School attendance record")
    grouped.dropMimeData(grouped.mimeData([grouped.index(stub)]), Qt.DropAction.MoveAction, school + 1, 0,
                         QModelIndex())
    assert rows(grouped)[school + 1][1].startswith("Pay stub, July") and rows(grouped)[school + 1][2] == "residence"


def test_sort_by_factor_and_grouping_are_undoable_menu_actions(main_window, disk):
    titles = lambda: [e.title for e in disk().exhibits]  # noqa: E731
    before = titles()
    main_window.act_sort.trigger()
    assert titles()[0].startswith("School attendance record") and main_window.act_undo.text() == "&Undo Sort by factor"
    main_window.act_undo.trigger()
    assert titles() == before
    main_window.act_group.trigger()
    assert main_window.act_group.isChecked() and disk().settings.group_index_by_factor
    assert main_window.model.index(0).data(SectionRole) == "Lead documents"
    main_window.act_undo.trigger()
    assert not main_window.act_group.isChecked() and titles() == before
    assert main_window.model.index(0).data(SectionRole) == ""


def test_the_factors_tab_changes_the_section_order(main_window, disk):
    panel = main_window.factors
    assert panel.factor_order()[:2] == ["residence", "family_ties"]
    top = next(panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())
               if panel.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == "family_ties")
    panel.tree.setCurrentItem(top)
    assert panel.section_up.isEnabled()
    panel.section_up.click()
    assert panel.factor_order()[:2] == ["family_ties", "residence"]
    assert disk().settings.factor_order[:2] == ["family_ties", "residence"]
    assert panel.section_reset.isEnabled()
    panel.section_reset.click()
    assert panel.factor_order()[:2] == ["residence", "family_ties"]
    main_window.act_undo.trigger()
    main_window.act_undo.trigger()
    assert disk().settings.factor_order == []


# -- the summary tab ---------------------------------------------------------------------------------------

def test_the_summary_tab_writes_statements_and_choices(session, qtbot, disk, tmp_path):
    editor = SummaryEditor(session)
    qtbot.addWidget(editor)
    assert "identity" not in editor.statements and "medical" in editor.statements
    box = editor.statements["family_ties"]
    box.setPlainText("His daughter Ana, 10, is a U.S. citizen.")
    box.focusLost.emit()
    assert disk().summary.statements == {"family_ties": "His daughter Ana, 10, is a U.S. citizen."}
    assert editor.cites["family_ties"].text() == "Cites: Tab A"
    editor.criminal.setCurrentIndex(editor.criminal.findData("no_record"))
    editor.criminal.activated.emit(editor.criminal.currentIndex())
    assert disk().summary.criminal_heading == "no_record"
    editor.negative.setPlainText("A 2015 arrest; the charge was dismissed.")
    editor.negative.focusLost.emit()
    item = editor.negative_cites.item(2)  # Tab B
    tab_b = item.data(Qt.ItemDataRole.UserRole)
    item.setCheckState(Qt.CheckState.Checked)
    on_disk = disk().summary
    assert on_disk.statements["negative"] == "A 2015 arrest; the charge was dismissed."
    assert on_disk.negative_exhibits == [tab_b]
    assert editor.negative_cites.item(2).checkState() == Qt.CheckState.Checked
    editor.include.setChecked(True)
    assert disk().settings.summary_of_equities
    # what the window wrote is what `packet summary` prints and the export draws
    rc, out, err = cli("summary", session.folder.path, "--json")
    sections = {s["key"]: s for s in json.loads(out)["sections"]}
    assert sections["family_ties"]["statement"] == "His daughter Ana, 10, is a U.S. citizen."
    assert sections["negative"]["cites"][0]["cite"].startswith("Tab B, p")
    for _ in range(5):
        session.undo_stack.undo()
    assert disk().summary.statements == {} and not disk().settings.summary_of_equities
    QApplication.processEvents()


def test_a_statement_for_a_factor_without_evidence(session, qtbot, disk):
    editor = SummaryEditor(session)
    qtbot.addWidget(editor)
    assert "military" not in editor.statements
    editor.add_section.setCurrentIndex(editor.add_section.findData("military"))
    editor.add_section.activated.emit(editor.add_section.currentIndex())
    editor.statements["military"].setPlainText("His brother served in the Army, 2009-2013.")
    editor.statements["military"].focusLost.emit()
    assert disk().summary.statements["military"].startswith("His brother served")
    assert "military" in editor.shown_keys()


def test_readiness_tab_passport_and_one_applicant(main_window, sample_path, monkeypatch):
    """Form I-246 rules in the Readiness tab: two people and a passport that runs out too soon."""
    monkeypatch.setenv("PACKET_TODAY", "2027-01-10")
    main_window.close_packet()  # the window holds the packet's lock while it is open
    rc, _, err = cli("set", sample_path, "respondent=José Núñez Ibáñez", "respondent=Ana Núñez López",
                     "passport_expiry=2027-09-30", "stay_until=2027-06-30")
    assert rc == 0, err
    pf = open_packet(sample_path)
    pf.packet.template = "ice-stay-of-removal"
    pf.save()
    assert main_window.open_path(sample_path)
    codes = {f.code: f for f in main_window.readiness.findings}
    assert codes["one-applicant-only"].severity == BLOCKER
    assert "December 30, 2027" in codes["passport-expires-too-soon"].problem
    assert Path(sample_path).exists()
