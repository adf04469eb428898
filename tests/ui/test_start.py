"""Starting the app: the `packet` command without a verb, the start screen (New, Open, Open archive, recent
packets), friendly messages for folders that are not packets, and the About box."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QPlainTextEdit

from packet import __version__

from .conftest import HANG_MS, QT_LOG_IGNORE, wait_threads

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]


@pytest.fixture
def window(qtbot):
    from packet.ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w, before_close_func=wait_threads)
    w.show()
    qtbot.waitExposed(w, timeout=HANG_MS)
    yield w
    wait_threads(w)


@pytest.fixture
def warnings_shown(monkeypatch):
    """Every QMessageBox.warning the app shows, as (title, text), instead of a modal box."""
    shown: list[tuple[str, str]] = []

    def warning(parent, title, text, *args, **kwargs):
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    return shown


def test_packet_without_arguments_starts_the_app(monkeypatch, tmp_path, capsys):
    import packet.cli
    import packet.ui.app

    assert callable(packet.ui.app.run_app) and callable(packet.ui.app.make_app)
    calls: list[list[str]] = []
    monkeypatch.setattr(packet.ui.app, "run_app", lambda argv: calls.append(list(argv)) or 0)
    some = tmp_path / "Some.packet"
    some.mkdir()
    assert packet.cli.main([]) == 0
    assert packet.cli.main([str(some)]) == 0  # an existing path, not a verb: opened in the window
    assert calls == [[], [str(some)]]
    # a path that is not there is a usage error, not a window
    assert packet.cli.main([str(tmp_path / "Gone.packet")]) == 2
    assert "Gone.packet: no such packet folder" in capsys.readouterr().err
    assert calls == [[], [str(some)]]


def _run_packet(args: list[str], home: Path, command: tuple[str, ...] = ("-m", "packet")) -> subprocess.CompletedProcess:
    """`python -m packet ARGS` as a user starts it, offscreen, with its own home and settings folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "XDG_"))}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               PYTHONDONTWRITEBYTECODE="1")
    home.mkdir(parents=True, exist_ok=True)
    return subprocess.run([sys.executable, *command, *args], env=env, capture_output=True, text=True,
                          timeout=120, cwd=home)


def test_run_app_starts_the_window_and_quits(tmp_path):
    """run_app in its own process: app.exec() and quitting (which closes every window) are not for this one.

    (`packet --quit-after=N` with no packet is taken for a verb by the command line; run_app is called here.)
    """
    home = tmp_path / "home"
    code = "import sys; from packet.ui.app import run_app; sys.exit(run_app(sys.argv[1:]))"
    done = _run_packet(["--quit-after=200"], home, ("-c", code))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    settings = home / ".config" / "Packet" / "Packet.conf"
    assert "geometry" in settings.read_text(encoding="utf-8")  # closed by quitting: its layout was kept


def test_packet_command_opens_the_packet_given(tmp_path, sample_path):
    home = tmp_path / "home"
    done = _run_packet([str(sample_path), "--quit-after=1500"], home)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    settings = (home / ".config" / "Packet" / "Packet.conf").read_text(encoding="utf-8")
    assert str(sample_path) in settings  # opened, so remembered among the recent packets
    assert "splitter" in settings  # the packet view was built (and its layout saved on quitting)


def test_start_screen_buttons(window):
    w = window
    assert w.stack.currentWidget() is w.start
    assert w.start.isVisible()
    assert w.windowTitle() == "Packet"
    buttons = {b.text().replace("&", "") for b in (w.start.new_button, w.start.open_button, w.start.archive_button)}
    assert buttons == {"New packet…", "Open packet…", "Open packet archive (.zip)…"}
    assert all(b.isVisible() and b.isEnabled() for b in (w.start.new_button, w.start.open_button,
                                                         w.start.archive_button))
    assert w.start.recent.count() == 1
    assert w.start.recent.item(0).text() == "No recent packets yet"
    assert not (w.start.recent.item(0).flags() & Qt.ItemFlag.ItemIsEnabled)
    # with no packet open, the packet actions are off
    for a in (w.act_add, w.act_export, w.act_close, w.act_undo, w.act_remove, w.act_up):
        assert not a.isEnabled(), a.text()
    assert w.act_new.isEnabled() and w.act_open.isEnabled()


def test_open_path_on_a_folder_that_is_not_a_packet(window, tmp_path, warnings_shown):
    plain = tmp_path / "Holiday photos"
    plain.mkdir()
    (plain / "beach.jpg").write_bytes(b"not really")
    assert window.open_path(plain) is False
    assert len(warnings_shown) == 1
    title, text = warnings_shown[0]
    assert title == "Packet"
    assert "Holiday photos" in text and "not a packet" in text
    assert window.stack.currentWidget() is window.start
    assert window.session is None
    assert not (plain / "packet.json").exists()  # nothing written into the user's folder


def test_open_path_on_missing_or_damaged_packets(window, tmp_path, sample_path, warnings_shown):
    assert window.open_path(tmp_path / "nowhere") is False
    assert "no packet here" in warnings_shown[-1][1]
    damaged = tmp_path / "Damaged.packet"
    damaged.mkdir()
    (damaged / "packet.json").write_text("{not json", encoding="utf-8")
    assert window.open_path(damaged) is False
    assert "damaged" in warnings_shown[-1][1]
    data = json.loads((sample_path / "packet.json").read_text(encoding="utf-8"))
    data["schema_version"] = 99
    (sample_path / "packet.json").write_text(json.dumps(data), encoding="utf-8")
    before = (sample_path / "packet.json").read_bytes()
    assert window.open_path(sample_path) is False
    assert "newer version of Packet" in warnings_shown[-1][1]
    assert (sample_path / "packet.json").read_bytes() == before
    assert window.session is None and len(warnings_shown) == 3


def test_open_packet_dialog_and_recent_list(window, qtbot, sample_path, monkeypatch, warnings_shown):
    w = window
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(sample_path)))
    qtbot.mouseClick(w.start.open_button, Qt.MouseButton.LeftButton)
    assert w.session is not None and w.session.folder.path == sample_path
    assert w.model.rowCount() == 8
    assert QSettings().value("recent") in ([str(sample_path)], str(sample_path))
    assert w.close_packet()
    item = w.start.recent.item(0)
    assert item.text() == "Sample"
    assert item.toolTip() == str(sample_path)
    w.start.recent.itemActivated.emit(item)  # double-click
    assert w.session is not None and w.session.folder.path == sample_path
    assert warnings_shown == []


def test_recent_packet_that_was_deleted_is_not_listed(window, sample_path, tmp_path):
    from packet.ui.start_screen import recent_packets, remember

    gone = tmp_path / "Gone.packet"
    gone.mkdir()
    remember(gone)
    remember(sample_path)
    gone.rmdir()
    assert recent_packets() == [str(sample_path)]
    window.start.reload()
    assert [window.start.recent.item(i).text() for i in range(window.start.recent.count())] == ["Sample"]


def test_new_packet(window, qtbot, tmp_path, monkeypatch):
    w = window
    where = tmp_path / "cases"
    where.mkdir()
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Lopez request", True)))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(where)))
    qtbot.mouseClick(w.start.new_button, Qt.MouseButton.LeftButton)
    folder = where / "Lopez request.packet"
    assert (folder / "packet.json").is_file()
    assert w.session is not None and w.session.folder.path == folder
    assert w.model.rowCount() == 0
    assert w.list_stack.currentWidget() is w.empty_hint
    assert "Lopez request" in w.windowTitle() and "saved" in w.windowTitle()
    assert w.act_add.isEnabled() and not w.act_export.isEnabled()
    # the same name again: refused with a message, the open packet stays
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: shown.append(text)))
    w.close_packet()
    qtbot.mouseClick(w.start.new_button, Qt.MouseButton.LeftButton)
    assert shown and "already exists" in shown[0]
    assert w.session is None


def test_new_packet_cancelled(window, qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False)))
    qtbot.mouseClick(window.start.new_button, Qt.MouseButton.LeftButton)
    assert window.session is None
    assert window.stack.currentWidget() is window.start


def test_open_archive(window, qtbot, tmp_path, sample_path, monkeypatch, warnings_shown):
    from packet.store.archive import write_archive
    from packet.store.folder import open_packet

    archive = write_archive(open_packet(sample_path), tmp_path / "sample.zip")
    dest = tmp_path / "unpacked"
    dest.mkdir()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(archive), "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(dest)))
    qtbot.mouseClick(window.start.archive_button, Qt.MouseButton.LeftButton)
    assert warnings_shown == []
    assert window.session is not None
    assert Path(window.session.folder.path).parent == dest
    assert window.model.rowCount() == 8
    # a file that is not an archive: a message, nothing opened
    window.close_packet()
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK not really")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), "")))
    qtbot.mouseClick(window.start.archive_button, Qt.MouseButton.LeftButton)
    assert len(warnings_shown) == 1 and warnings_shown[0][0] == "Open packet archive"
    assert window.session is None


def test_about_dialog(window, monkeypatch):
    from packet.ui.about import AboutDialog, about_text

    text = about_text()
    assert f"Packet {__version__}" in text
    assert "DejaVu" in text
    assert "Bitstream Vera" in text  # the font licence itself is included
    dialog = AboutDialog(window)
    shown = dialog.findChild(QPlainTextEdit).toPlainText()
    assert __version__ in shown and "DejaVu" in shown
    assert dialog.windowTitle() == "About Packet"
    dialog.deleteLater()
    # from the Help menu, without blocking on exec()
    seen: list[str] = []
    monkeypatch.setattr(AboutDialog, "exec", lambda self: seen.append(self.findChild(QPlainTextEdit).toPlainText()) or 0)
    window.act_about.trigger()
    assert seen and __version__ in seen[0] and "DejaVu" in seen[0]


def test_the_settings_file_and_its_folder_are_private(tmp_path):
    """Packet.conf names recent packets (usually the clients): 0600 in a 0700 folder, also after Qt rewrites it."""
    home = tmp_path / "home"
    folder = home / ".config" / "Packet"
    folder.mkdir(parents=True)
    (folder / "Packet.conf").write_text("[General]\nrecent=/old/Lopez.packet\n", encoding="utf-8")
    (folder / "Packet.conf").chmod(0o644)
    folder.chmod(0o755)
    code = "import sys; from packet.ui.app import run_app; sys.exit(run_app(sys.argv[1:]))"
    done = _run_packet(["--quit-after=200"], home, ("-c", code))
    assert done.returncode == 0, done.stderr
    assert "geometry" in (folder / "Packet.conf").read_text(encoding="utf-8")  # rewritten by Qt on quitting
    assert (folder / "Packet.conf").stat().st_mode & 0o777 == 0o600
    assert folder.stat().st_mode & 0o777 == 0o700
