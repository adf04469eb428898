"""Starting like an app: the window icon, one window per user (a second start hands over its paths and exits),
Ctrl+C in the terminal closes the window cleanly, and `packet PATH` opens packets and archives or adds files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from packet.ui.app import APP_ID, ICON_SIZES, open_paths
from packet.ui.single_instance import SingleInstance
from tests.conftest import hang_guard

from .conftest import QT_LOG_IGNORE, wait_threads

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]
TIMEOUT = 120  # seconds; only a guard against a hang
INTAKE_TIMEOUT = 120_000
HAND_OFF = ("import sys; from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]); "
            "from packet.ui.single_instance import SingleInstance; "
            "sys.exit(0 if SingleInstance(sys.argv[1]).hand_off(sys.argv[2:]) else 3)")


def test_window_icon_and_desktop_file_name(qapp):
    assert QGuiApplication.desktopFileName() == APP_ID
    sizes = QApplication.windowIcon().availableSizes()
    assert {QSize(s, s) for s in ICON_SIZES} <= set(sizes)


def test_second_start_hands_its_paths_to_the_running_one(qtbot, tmp_path):
    name = str(tmp_path / "si")
    server = SingleInstance(name)
    assert server.listen()
    try:
        with qtbot.waitSignal(server.received, timeout=TIMEOUT * 1000) as got:
            client = subprocess.Popen([sys.executable, "-c", HAND_OFF, name, "Lopez.packet", "/tmp/x.pdf"],
                                      cwd=tmp_path)
        qtbot.waitUntil(lambda: client.poll() is not None, timeout=TIMEOUT * 1000)  # the server keeps answering
        assert client.returncode == 0  # it was told "ok", so it would exit instead of opening a window
        assert got.args[0] == [str(tmp_path / "Lopez.packet"), "/tmp/x.pdf"]  # absolute, in order
    finally:
        server.close()


def test_without_a_running_instance_nothing_is_handed_over(tmp_path):
    assert SingleInstance(str(tmp_path / "nobody")).hand_off(["Lopez.packet"]) is False


def test_a_socket_left_by_a_crash_does_not_stop_the_next_start(tmp_path):
    stale = tmp_path / "si"
    stale.write_text("left by a crashed Packet")
    server = SingleInstance(str(stale))
    try:
        assert server.listen()
    finally:
        server.close()


# -- packet PATH... ------------------------------------------------------------------------------------------

def wait_intake(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.intake is None or not window.intake.busy, timeout=INTAKE_TIMEOUT)
    QApplication.processEvents()


def test_files_given_to_the_running_window_are_added_to_its_packet(qtbot, main_window, make_png):
    before = main_window.model.rowCount()
    open_paths(main_window, [make_png("receipt.png")])
    wait_intake(qtbot, main_window)
    assert main_window.model.rowCount() == before + 1
    assert main_window.session.packet.exhibits[-1].title == "Receipt"


def test_a_packet_or_archive_given_to_the_window_is_opened(qtbot, main_window, sample_master, tmp_path, monkeypatch):
    from packet.store.archive import write_archive
    from packet.store.folder import open_packet

    archive = write_archive(open_packet(sample_master), tmp_path / "Other.packet.zip")
    dest = tmp_path / "unpacked"
    dest.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(dest)))
    open_paths(main_window, [archive])
    assert main_window.session.folder.path == dest / sample_master.name
    wait_threads(main_window)
    open_paths(main_window, [dest / sample_master.name])  # a packet folder
    assert main_window.session.folder.path == dest / sample_master.name


def test_files_with_no_packet_open_are_not_lost_silently(qtbot, monkeypatch, make_png):
    from packet.ui.main_window import MainWindow

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda parent, title, text, *a: shown.append(text)))
    window = MainWindow()
    qtbot.addWidget(window, before_close_func=wait_threads)
    open_paths(window, [make_png("receipt.png")])
    assert window.session is None
    assert shown and "Open or create a packet first" in shown[0] and "receipt.png" in shown[0]


# -- the real program, twice ---------------------------------------------------------------------------------

def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "XDG_"))}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               PACKET_LOG_DIR=str(home / "logs"), PYTHONDONTWRITEBYTECODE="1")
    home.mkdir(parents=True, exist_ok=True)
    return env


def _wait_for_log(home: Path, text: str, proc: subprocess.Popen) -> str:
    """Until the log says `text` (the app got there), or the program ended, or the guard ran out."""
    log = home / "logs" / "packet.log"
    content = ""
    with hang_guard(TIMEOUT, f"waiting for the log to say {text!r}"):
        while proc.poll() is None:
            content = log.read_text(encoding="utf-8") if log.is_file() else ""
            if text in content:
                return content
            time.sleep(0.05)  # between looks at the log; what is waited for is its text
    content = log.read_text(encoding="utf-8") if log.is_file() else ""
    if text in content:
        return content
    out, err = proc.communicate(timeout=TIMEOUT)
    pytest.fail(f"the log never said {text!r} (exit {proc.poll()}):\n{content}\n{err}")


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="signals to a child: POSIX")
def test_second_start_opens_in_the_first_window_and_ctrl_c_quits_it_cleanly(tmp_path, sample_path):
    home = tmp_path / "home"
    env = _env(home)
    first = subprocess.Popen([sys.executable, "-m", "packet"], env=env, cwd=home, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_log(home, "app: start", first)
        second = subprocess.run([sys.executable, "-m", "packet", str(sample_path)], env=env, cwd=home,
                                capture_output=True, text=True, timeout=TIMEOUT)
        assert second.returncode == 0, second.stderr
        _wait_for_log(home, "app: received 1 path(s) from another start", first)
        first.send_signal(signal.SIGINT)  # Ctrl+C in the terminal
        out, err = first.communicate(timeout=TIMEOUT)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    assert first.returncode == 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    log = (home / "logs" / "packet.log").read_text(encoding="utf-8")
    assert log.count("app: start") == 1  # one window: the second start handed over and exited
    assert "app: handed 1 path(s) to the running window" in log
    assert "app: SIGINT; closing the window" in log and "app: exit 0" in log
    settings = (home / ".config" / "Packet" / "Packet.conf").read_text(encoding="utf-8")
    assert sample_path.name in settings  # the first window opened the packet (recent packets)
    assert "geometry" in settings  # and closed as its close button does (geometry saved)


def test_ctrl_c_during_an_export_cancels_it_without_asking(qtbot, main_window, tmp_path, monkeypatch):
    """What the SIGINT handler calls: no question is asked, the export stops, no partial file is left."""
    from packet.ui import workers

    real = workers.export_packet
    real_cancel = workers.ExportWorker.cancel
    started = []
    cancel_asked = threading.Event()

    def cancel(self):
        real_cancel(self)
        cancel_asked.set()

    def export_held(packet, folder, target, progress=None, cancelled=lambda: False, **kwargs):
        def hold(done, total, stage):
            progress(done, total, stage)
            started.append(stage)
            if stage == "Assembling pages":
                cancel_asked.wait(TIMEOUT)  # until the window cancels it (the timeout only against a hang)

        return real(packet, folder, target, progress=hold, cancelled=cancelled, **kwargs)

    monkeypatch.setattr(workers, "export_packet", export_held)
    monkeypatch.setattr(workers.ExportWorker, "cancel", cancel)
    monkeypatch.setattr(workers.ExportWorker, "in_child", False)  # held here, in this process
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: pytest.fail("a question was asked")))
    main_window.show_export()
    dialog = main_window.export_dialog
    out = tmp_path / "out" / "packet.pdf"
    out.parent.mkdir()
    dialog.target.setText(str(out))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "Assembling pages" in started, timeout=INTAKE_TIMEOUT)
    assert dialog.running()
    assert main_window.close_without_asking()
    assert not main_window.isVisible()
    assert main_window.session is None  # the packet was closed (saved) like the close button does
    assert list(out.parent.iterdir()) == []  # the cancelled export left nothing behind
