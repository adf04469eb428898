"""Fixtures for the desktop-app tests: isolated settings, a sample packet per test, a main window on it.

Every test gets its own QSettings file under tmp_path (never the user's real settings), its own copy of the sample
packet, and on teardown every worker thread and thumbnail job is waited for, so nothing outlives the test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QMimeData, QPointF, QSettings, Qt, QThread, QThreadPool, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

# The offscreen platform says this about any top-level window it cannot resize; it is not a problem of the app.
QT_LOG_IGNORE = ["This plugin does not support propagateSizeHints"]
# Every wait in the UI tests waits for an event or a count; this limit only stops a hang, so it is generous enough
# for one slow core shared with other work.
HANG_MS = 120_000


@pytest.fixture(scope="session", autouse=True)
def _app_names(qapp):
    """The names packet.ui.app.make_app sets, so QSettings() resolves as in the real app."""
    from packet.ui.app import make_app

    app = make_app([])
    assert app is qapp
    assert QCoreApplication.organizationName() == "Packet"
    return app


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """A fresh INI settings folder for each test; the real user settings are never read or written."""
    folder = tmp_path / "qsettings"
    folder.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / "xdg"))
    monkeypatch.setenv("HOME", str(folder / "home"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))
    s = QSettings()
    assert s.fileName().startswith(str(folder)), s.fileName()
    # Text recognition after intake is on for users; off here, so the tests that add files do not each read the
    # sample's photo. The OCR tests (test_ocr_window.py) turn it on and check it runs by itself.
    s.setValue("ocr/enabled", False)
    yield folder
    QSettings().sync()


@pytest.fixture(scope="session")
def sample_master(tmp_path_factory) -> Path:
    """The sample packet, built once per run (about a second); tests work on copies of it."""
    from packet.sample import build_sample

    return build_sample(tmp_path_factory.mktemp("sample-master") / "Sample", force=False)


@pytest.fixture(scope="session")
def court_sample_master(tmp_path_factory) -> Path:
    """The sample built on the blank template: the immigration-court cover and its filing deadline, no expected
    evidence. A test module written for a court filing overrides `sample_master` with this one."""
    from packet.sample import build_sample

    return build_sample(tmp_path_factory.mktemp("court-sample-master") / "Sample", force=False, template="blank")


@pytest.fixture
def sample_path(sample_master, tmp_path) -> Path:
    """This test's own copy of the sample packet (1 lead document, exhibits A-G)."""
    target = tmp_path / "work" / sample_master.name
    shutil.copytree(sample_master, target)
    return target


@pytest.fixture
def session(sample_path, qapp):
    from packet.store.folder import open_packet
    from packet.ui.session import PacketSession

    s = PacketSession(open_packet(sample_path))
    yield s
    s.deleteLater()


def wait_threads(parent) -> None:
    """Wait, as closing the window does, for every QThread child of `parent` and for the global pool (thumbnail
    jobs); a thread still running after the hang limit fails the test."""
    for t in parent.findChildren(QThread):
        assert t.wait(HANG_MS), f"{type(t).__name__} of {type(parent).__name__} did not finish"
    assert QThreadPool.globalInstance().waitForDone(HANG_MS), "thumbnail jobs did not finish"
    QApplication.processEvents()


@pytest.fixture
def main_window(qtbot, sample_path):
    """A shown MainWindow with the sample packet open."""
    from packet.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window, before_close_func=wait_threads)
    window.show()
    qtbot.waitExposed(window, timeout=HANG_MS)
    assert window.open_path(sample_path)
    yield window
    wait_threads(window)


@pytest.fixture
def disk(sample_path):
    """disk() -> the packet as saved now: packet.json re-read with open_packet."""
    from packet.store.folder import open_packet

    return lambda: open_packet(sample_path).packet


@pytest.fixture
def make_pdf(tmp_path):
    """make_pdf(name, pages=1, text=None, folder=None) -> a small PDF written with reportlab (unique per name)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    def make(name: str = "doc.pdf", pages: int = 1, text: str | None = None, folder: Path | None = None) -> Path:
        where = folder or tmp_path / "incoming"
        where.mkdir(parents=True, exist_ok=True)
        path = where / name
        c = canvas.Canvas(str(path), pagesize=letter, invariant=1)
        for n in range(1, pages + 1):
            c.setFont("Helvetica", 18)
            c.drawString(72, letter[1] - 72, f"{text or name} - page {n}")
            c.rect(72, 72, 200, 200, fill=1)
            c.showPage()
        c.save()
        return path

    return make


@pytest.fixture
def make_png(tmp_path):
    """make_png(name, size=(300, 200), color=...) -> a PNG written with Pillow."""
    from PIL import Image, ImageDraw

    def make(name: str = "photo.png", size=(300, 200), color=(200, 30, 30), folder: Path | None = None) -> Path:
        where = folder or tmp_path / "incoming"
        where.mkdir(parents=True, exist_ok=True)
        path = where / name
        with Image.new("RGB", size, (250, 250, 250)) as im:
            ImageDraw.Draw(im).rectangle((20, 20, size[0] - 20, size[1] - 20), fill=color)
            im.save(path)
        return path

    return make


@pytest.fixture
def drop_files():
    """drop_files(window, paths): a real DragEnter + Drop of file URLs, as from a file manager."""
    return _drop_files


def file_mime(paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def _drop_files(window, paths) -> tuple[QDragEnterEvent, QDropEvent]:
    """Drag files from a file manager onto the window and let go: DragEnter, then Drop, as Qt delivers them."""
    mime = file_mime(paths)
    centre = window.rect().center()
    enter = QDragEnterEvent(QPointF(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted(), "the window refused the drag"
    move = QDragMoveEvent(QPointF(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, move)
    assert move.isAccepted(), "the window refused the drag while it moved"
    drop = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    drop._mime = mime  # keep the data alive as long as the event
    return enter, drop


@pytest.fixture(autouse=True)
def _no_blocker_prompt(monkeypatch):
    """Exports in tests go ahead without the modal 'export anyway?' question; one test checks the question."""
    from packet.ui.export_dialog import ExportDialog

    if not hasattr(ExportDialog, "_confirm_blockers_real"):
        ExportDialog._confirm_blockers_real = ExportDialog._confirm_blockers
    monkeypatch.setattr(ExportDialog, "_confirm_blockers", lambda self, stopping: True)


@pytest.fixture(autouse=True)
def _dangling_threads(qapp, monkeypatch):
    """Fail a test that leaves a thread running: every QThread it started must have finished, and the global pool
    (thumbnail jobs) must be idle, once the test and its fixtures are done. The owner of a thread waits for it
    (closing a window or dialog does); this fixture only checks, it never waits."""
    import traceback
    import weakref

    started: weakref.WeakKeyDictionary[QThread, str] = weakref.WeakKeyDictionary()
    real_start = QThread.start

    def start(self, *args, **kwargs):
        where = "".join(traceback.format_stack(limit=6)[:-1])
        started[self] = f"{type(self).__name__} started at:\n{where}"
        return real_start(self, *args, **kwargs)

    monkeypatch.setattr(QThread, "start", start)
    yield
    running = [where for thread, where in list(started.items()) if shiboken6.isValid(thread) and thread.isRunning()]
    jobs = QThreadPool.globalInstance().activeThreadCount()
    assert not running, "the test left threads running:\n" + "\n".join(running)
    assert jobs == 0, f"the test left {jobs} thread-pool job(s) running"
