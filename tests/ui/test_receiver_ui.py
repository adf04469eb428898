"""Issue 11 in the window: the inspector's "File separately" (undoable, the same action as `packet separate`), the
export dialog's "Copy email text" for a profile sent by email, and the I-246 fields end to end (cover form,
Readiness tab, both dates in the blocker)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from packet.core import actions
from packet.ui.export_dialog import ExportDialog

from .conftest import HANG_MS, QT_LOG_IGNORE
from .test_main_window import select_row

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]


def wait_done(qtbot, dialog: ExportDialog) -> None:
    qtbot.waitUntil(lambda: dialog.worker is None and not dialog.status.text().startswith(("Exporting", "Cancelling"))
                    and not dialog.progress.isVisible(), timeout=HANG_MS)


def test_inspector_files_a_lead_document_separately_and_undo_puts_it_back(main_window, qtbot, disk):
    session = main_window.session
    lead = session.packet.lead[0]
    assert select_row(main_window, 0) == lead.id  # the inspector shows the selected item
    box = main_window.inspector.separate
    assert box.isEnabled() and not box.isChecked()
    box.click()
    assert box.isChecked()
    assert disk().find(lead.id).file_separately is True
    assert session.undo_stack.undoText() == f"File {lead.title!r} separately"
    session.undo_stack.undo()
    assert disk().find(lead.id).file_separately is None and not box.isChecked()


def test_copy_email_text_puts_the_emailed_requests_text_on_the_clipboard(session, qtbot, tmp_path):
    session.edit("OPLA", lambda p: actions.set_values(p, [("court", "New York Field Location"),
                                                          ("hearing_date", "2027-03-02")]))
    session.edit("receiver", lambda p: setattr(p.cover, "receiver", "ice-opla"))
    from packet.store.profile_library import find_profile

    session.edit("profile", lambda p: actions.choose_profile(p, find_profile("opla-email")))
    d = ExportDialog(session)
    qtbot.addWidget(d)
    d.show()
    out = tmp_path / "out" / "request.pdf"
    out.parent.mkdir()
    d.target.setText(str(out))
    assert not d.email_button.isVisible()
    QGuiApplication.clipboard().setText("something else")
    qtbot.mouseClick(d.export_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, d)
    assert d.email_button.isVisible(), d.status.text()
    assert "request.email.txt" in d.status.text()
    qtbot.mouseClick(d.email_button, Qt.MouseButton.LeftButton)
    pasted = QGuiApplication.clipboard().text()
    assert pasted == out.with_name("request.email.txt").read_text(encoding="utf-8")
    names = "; ".join(r.name for r in session.packet.cover.respondents)
    assert pasted.startswith(f"Subject: Request for prosecutorial discretion: {names} - ")
    assert "Next hearing March 2, 2027" in pasted.splitlines()[0]
    size = out.stat().st_size
    assert f"1. request.pdf ({size / 1e6:.1f} MB" in pasted or f"1. request.pdf ({max(1, round(size / 1000))} KB" \
        in pasted
    manifest = json.loads(out.with_name("request.manifest.json").read_text(encoding="utf-8"))
    assert manifest["email"] == "request.email.txt"


def test_form_i246_dates_typed_in_the_cover_form_give_the_blocker_with_both_dates(main_window, qtbot, tmp_path,
                                                                                 monkeypatch):
    """Passport expiry and stay-until are on the cover form of an I-246 packet; typed there, the Readiness tab and
    `packet check --json` give the same blocker with both dates; the fee slot is expected evidence."""
    from tests.filing.helpers import run_cli

    monkeypatch.setenv("PACKET_TODAY", "2027-01-10")
    rc, _, err = run_cli("new", tmp_path / "Stay", "--template", "ice-stay-of-removal",
                         "--set", "respondent=José Núñez Ibáñez", "--set", "a_number=012345678")
    assert rc == 0, err
    stay = tmp_path / "Stay.packet"
    main_window.close_packet()
    assert main_window.open_path(stay)
    form = main_window.cover
    visible = lambda key: form.form.isRowVisible(form.form.getWidgetPosition(form.labels[key])[0])  # noqa: E731
    assert visible("passport_expiry") and visible("stay_until")
    assert not visible("judge") and not visible("hearing_date")  # post-order, at the ERO field office
    for key, value in (("passport_expiry", "2027-09-30"), ("stay_until", "2027-06-30")):
        form.edits[key].setText(value)
        form.edits[key].editingFinished.emit()
    cover = main_window.session.packet.cover
    assert (cover.passport_expiry, cover.stay_until) == ("2027-09-30", "2027-06-30")
    main_window.readiness.reload()
    found = {f.code: f for f in main_window.readiness.findings}
    blocker = found["passport-expires-too-soon"]
    for day in ("September 30, 2027", "June 30, 2027", "December 30, 2027"):
        assert day in blocker.problem, blocker.problem
    shown = [main_window.readiness.tree.item(i).text() for i in range(main_window.readiness.tree.count())]
    assert any("September 30, 2027" in t and "June 30, 2027" in t for t in shown)
    rc, out, _ = run_cli("check", stay, "--json")
    report = json.loads(out)
    assert rc == 1 and not report["ready"]
    (same,) = [f for f in report["findings"] if f["code"] == "passport-expires-too-soon"]
    assert same["problem"] == blocker.problem
    rc, out, _ = run_cli("list", stay, "--json")
    fee = next(s for s in json.loads(out)["coverage"]["slots"] if s["id"] == "fee")
    assert fee["required"] and "money order" in fee["title"]
