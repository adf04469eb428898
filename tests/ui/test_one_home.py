"""The command line and the window do each user action the same way, because both call the same core action.

Each test starts two copies of the same packet, does the action once with `packet ...` and once through the
window's own widgets, and compares what ends up on disk (and what the readiness check says). These were the
disagreements of issue 9: the profile's certificate of service, an impossible hearing time, filling a slot,
attaching a translation, the readiness check's inputs, and a mistyped verb.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from packet.core.actions import ActionError, parse_time
from packet.core.templates import apply_template
from packet.store.folder import open_packet
from packet.store.template_library import find_template
from packet.ui.cover_form import CoverForm
from packet.ui.export_dialog import ExportDialog
from packet.ui.inspector import Inspector
from packet.ui.readiness import ReadinessPanel
from packet.ui.session import PacketSession
from packet.ui.widgets import refusal

from .conftest import HANG_MS, QT_LOG_IGNORE

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]

ROOT = Path(__file__).resolve().parents[2]


def cli(*argv) -> tuple[int, str, str]:
    """`packet ARGV...` in-process: (exit code, stdout, stderr)."""
    import contextlib
    import io

    from packet.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main([str(a) for a in argv])
    return rc, out.getvalue(), err.getvalue()


def check_codes(path: Path, *extra: str) -> list[tuple[str, str, str]]:
    rc, out, err = cli("check", path, "--json", *extra)
    assert rc in (0, 1), err
    return [(f["severity"], f["code"], f["where"]) for f in json.loads(out)["findings"]]


def as_rows(findings) -> list[tuple[str, str, str]]:
    return [(f.severity, f.code, f.where) for f in findings]


@pytest.fixture
def twins(sample_master, tmp_path):
    """Two copies of the sample packet: one for the command line, one for the window."""
    def copy(name: str) -> Path:
        target = tmp_path / name / sample_master.name
        shutil.copytree(sample_master, target)
        return target

    return copy("cli"), copy("window")


@pytest.fixture
def window_session(qtbot):
    """window_session(path) -> a PacketSession on that packet, deleted after the test."""
    made: list[PacketSession] = []

    def make(path: Path) -> PacketSession:
        s = PacketSession(open_packet(path))
        made.append(s)
        return s

    yield make
    for s in made:
        s.deleteLater()
    QApplication.processEvents()


def test_choosing_a_profile_turns_on_its_certificate_of_service_in_both(twins, window_session, qtbot):
    cli_path, window_path = twins
    assert cli("set", cli_path, "profile=eoir-ecas")[0] == 0
    panel = ReadinessPanel(window_session(window_path))
    qtbot.addWidget(panel)
    index = panel.profile.findData("eoir-ecas")
    panel.profile.setCurrentIndex(index)
    panel.profile.activated.emit(index)  # as when the user picks it
    panel.reload()

    on_disk = [open_packet(p).packet for p in twins]
    assert [(p.profile, p.settings.certificate_of_service) for p in on_disk] == [("eoir-ecas", True)] * 2
    assert check_codes(cli_path) == as_rows(panel.findings) == check_codes(window_path)
    assert ("blocker", "service-certificate-off", "Certificate of service") not in check_codes(cli_path)


def test_an_impossible_hearing_time_is_refused_by_both_with_the_same_words(twins, window_session, qtbot):
    cli_path, window_path = twins
    before = [(p / "packet.json").read_bytes() for p in twins]
    rc, out, err = cli("set", cli_path, "hearing_time=99:99")
    form = CoverForm(window_session(window_path))
    qtbot.addWidget(form)
    form.edits["hearing_time"].setText("99:99")
    form.edits["hearing_time"].editingFinished.emit()

    with pytest.raises(ActionError) as refused:
        parse_time("hearing_time", "99:99")
    assert rc == 2 and f"packet set: {refused.value}" in err
    assert "hearing_time '99:99'" in err and "HH:MM" in err
    shown = form.errors["hearing_time"].text()  # the same words, said to be not saved (issue 13, item 7)
    assert shown.startswith("Not saved: ") and refusal(refused.value)[1:] in shown
    assert [(p / "packet.json").read_bytes() for p in twins] == before  # neither saved it


def test_filling_a_slot_tags_its_factor_in_both(twins, window_session, qtbot):
    cli_path, window_path = twins
    for p in twins:  # give both copies a template with slots
        pf = open_packet(p)
        apply_template(pf.packet, find_template("opla-pd-request"))
        pf.save()
    target = open_packet(cli_path).packet.exhibits[1]  # Tab B, a pay stub tagged "employment"
    assert cli("fill", cli_path, "B", "usc_children")[0] == 0
    inspector = Inspector(window_session(window_path))
    qtbot.addWidget(inspector)
    inspector.show_exhibit(target.id)
    index = inspector.slot.findData("usc_children")
    inspector.slot.setCurrentIndex(index)
    inspector.slot.activated.emit(index)

    got = [open_packet(p).packet.find(target.id) for p in twins]
    assert [(e.slot, e.factors) for e in got] == [("usc_children", ["employment", "family_ties"])] * 2


def test_attaching_a_translation_sets_the_same_fields_in_both(twins, window_session, qtbot, make_pdf):
    cli_path, window_path = twins
    translation = make_pdf("translation.pdf", text="English translation")
    target = open_packet(cli_path).packet.exhibits[0]
    assert cli("add", cli_path, translation, "--translation-of", "A")[0] == 0
    inspector = Inspector(window_session(window_path))
    qtbot.addWidget(inspector)
    inspector.show_exhibit(target.id)
    box = inspector.translation
    box.attach_file(str(translation))  # what "Attach translation…" does with the file chosen
    assert box.worker is not None
    qtbot.waitUntil(lambda: box.worker is None, timeout=HANG_MS)  # intake finished and merged

    got = [open_packet(p).packet for p in twins]
    rows = [(p.find(target.id).translation, p.find(target.id).language) for p in got]
    assert rows[0] == rows[1] and rows[0][1] == "a language other than English"
    sha = rows[0][0]
    assert all(sha in p.documents and p.documents[sha].original_name == "translation.pdf" for p in got)
    assert "Not attached" not in box.status.text()
    assert check_codes(cli_path) == check_codes(window_path)
    assert ("blocker", "language-missing") in {(s, c) for s, c, _ in check_codes(cli_path)}


def test_readiness_inputs_are_the_same_for_check_the_tab_and_the_export_dialog(twins, window_session, qtbot,
                                                                                monkeypatch):
    cli_path, window_path = twins
    for p in twins:  # a template that requires cover fields the sample leaves empty
        pf = open_packet(p)
        apply_template(pf.packet, find_template("eoir-close-or-dismiss"))
        pf.packet.cover.court = ""
        pf.packet.cover.respondents[0].a_number = ""  # and a blocker, so the dialog asks (and is told no)
        pf.save()
    session = window_session(window_path)
    panel = ReadinessPanel(session)
    qtbot.addWidget(panel)
    monkeypatch.setattr(ExportDialog, "_confirm_blockers", lambda self, stopping: False)  # stop before exporting
    dialog = ExportDialog(session)
    qtbot.addWidget(dialog)
    dialog.profile.setCurrentIndex(dialog.profile.findData(session.packet.profile))
    dialog.target.setText(str(window_path.parent / "out.pdf"))
    dialog.start_export()
    assert dialog.worker is None

    from_cli = check_codes(cli_path)
    assert ("warning", "cover-field-missing", "Cover sheet") in from_cli  # the template's required court
    assert ("blocker", "a-number-missing", "Cover sheet") in from_cli
    assert from_cli == as_rows(panel.findings) == as_rows(dialog.findings)


def test_a_mistyped_verb_is_a_usage_error_that_never_starts_qt(sample_path, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    code = ("import sys\nfrom packet.cli import main\nrc = main(sys.argv[1:])\n"
            "print('qt' if any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules) else 'no qt')\n"
            "raise SystemExit(rc)\n")
    run = subprocess.run([sys.executable, "-c", code, "chek", str(sample_path)], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=HANG_MS / 1000)
    assert run.returncode == 2, run
    assert "unknown verb 'chek'; did you mean 'check'?" in run.stderr
    assert run.stdout.strip() == "no qt"
    # and as a user runs it, with no display: exit 2, not SIGABRT
    run = subprocess.run([sys.executable, "-m", "packet", "chek", str(sample_path)], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=HANG_MS / 1000)
    assert (run.returncode, "did you mean 'check'?" in run.stderr) == (2, True), run
    # the real verb still works there
    run = subprocess.run([sys.executable, "-m", "packet", "check", str(sample_path)], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=HANG_MS / 1000)
    assert run.returncode == 0 and ("0 blockers" in run.stdout or "Ready to file" in run.stdout), run
