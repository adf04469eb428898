"""Issue 13, window item 1, as the walkthrough found it: a packet open in the window is in use for every other
program (another window's process, the command line) and says so; a crashed program's lock does not leave the
packet stuck; a packet opened while another program has it is read-only and never says "all changes saved"."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from .conftest import HANG_MS, QT_LOG_IGNORE, wait_threads

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]

TAKE_LOCK = """
import os, sys
from packet.store.folder import open_packet
from packet.store.lock import LockError
pf = open_packet(sys.argv[1])
try:
    pf.take_lock("another Packet window", wait=0.2)
except LockError as exc:
    print("REFUSED", exc, flush=True)
    sys.exit(3)
print("HOLDING", flush=True)
if sys.argv[2] == "crash":
    os.kill(os.getpid(), 9)  # as a crash, a kill or a power cut leaves it: no release
sys.stdin.readline()
"""


def other_program(sample_path, mode: str) -> subprocess.Popen:
    env = {**os.environ, "PACKET_LOCK_WAIT": "0.2"}
    return subprocess.Popen([sys.executable, "-c", TAKE_LOCK, str(sample_path), mode], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_another_programs_window_cannot_take_the_packet_the_window_has(main_window, sample_path, disk):
    w = main_window
    eid = w.session.packet.exhibits[0].id
    w.session.edit("Rename", lambda p: setattr(p.find(eid), "title", "Birth certificate of Ana (U.S. citizen)"))
    other = other_program(sample_path, "hold")
    out, err = other.communicate(timeout=HANG_MS / 1000)
    assert other.returncode == 3, (out, err)
    assert "in use by the Packet window" in out and str(os.getpid()) in out
    assert disk().find(eid).title == "Birth certificate of Ana (U.S. citizen)"  # nothing overwritten
    assert "all changes saved" in w.windowTitle()  # and that is the truth


def test_the_command_line_cannot_write_over_the_window(main_window, sample_path, disk):
    before = (sample_path / "packet.json").read_bytes()
    run = subprocess.run([sys.executable, "-m", "packet", "set", str(sample_path), "judge=Hon. Kim"],
                         capture_output=True, text=True, timeout=HANG_MS / 1000,
                         env={**os.environ, "PACKET_LOCK_WAIT": "0.2"})
    assert run.returncode == 1 and "in use by the Packet window" in run.stderr
    assert (sample_path / "packet.json").read_bytes() == before


def test_a_crashed_programs_lock_does_not_leave_the_packet_stuck(qtbot, sample_path, disk, monkeypatch):
    from packet.ui.main_window import MainWindow

    crashed = other_program(sample_path, "crash")
    assert crashed.stdout.readline().strip() == "HOLDING"
    crashed.communicate(timeout=HANG_MS / 1000)  # (closes its pipes)
    assert crashed.returncode == -signal.SIGKILL
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: pytest.fail("asked: " + a[2])))
    w = MainWindow()
    qtbot.addWidget(w, before_close_func=wait_threads)
    w.show()
    assert w.open_path(sample_path)
    assert not w.session.read_only
    w.session.edit("Judge", lambda p: setattr(p.cover, "judge", "Hon. Kim"))
    assert disk().cover.judge == "Hon. Kim" and "all changes saved" in w.windowTitle()
    wait_threads(w)


def test_opened_while_another_program_has_it_is_read_only_and_says_so(qtbot, sample_path, monkeypatch):
    from packet.ui.main_window import MainWindow

    holder = other_program(sample_path, "hold")
    assert holder.stdout.readline().strip() == "HOLDING"
    try:
        asked: list[str] = []
        monkeypatch.setenv("PACKET_LOCK_WAIT", "0.2")
        monkeypatch.setattr(QMessageBox, "question", staticmethod(
            lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Open))
        before = (sample_path / "packet.json").read_bytes()
        w = MainWindow()
        qtbot.addWidget(w, before_close_func=wait_threads)
        w.show()
        w.open_path(sample_path)
        assert asked and "another Packet window" in asked[0] and "read-only" in asked[0]
        assert w.session is not None and w.session.read_only
        assert "read-only" in w.windowTitle() and "all changes saved" not in w.windowTitle()
        w.session.edit("Judge", lambda p: setattr(p.cover, "judge", "Hon. Kim"))
        assert (sample_path / "packet.json").read_bytes() == before
        assert json.loads(before)["cover"]["judge"] != "Hon. Kim"
        wait_threads(w)
    finally:
        holder.communicate(input="\n", timeout=HANG_MS / 1000)
