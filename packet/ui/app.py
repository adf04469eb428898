"""Start the desktop app: `packet [PACKET | ARCHIVE | FILE...]`.

Starts like an app: a second start hands its paths to the running window (single_instance.py) and exits; Ctrl+C
in the terminal (or SIGTERM at logout) closes the window as its close button does, so the packet is saved and a
running export is cancelled; the log file records the start, hand-overs and errors (packet/store/applog.py).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, QSize, QTimer, qVersion
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from packet import APP_NAME, __version__
from packet.core.i18n import _
from packet.core.resources import resource
from packet.store import applog
from packet.store.applog import log
from packet.store.folder import PACKET_FILE, SUFFIX
from packet.ui.language import apply_language
from packet.ui.single_instance import SingleInstance

if TYPE_CHECKING:
    from packet.ui.main_window import MainWindow

APP_ID = "org.packet.Packet"  # the desktop file, the icon and the AppStream id (packaging/linux/)
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """The window icon from the PNGs (an SVG would need Qt's SVG plugin in every frozen build)."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource("icons", f"{APP_ID}-{size}.png")
        if path.is_file():
            icon.addFile(str(path), QSize(size, size))
    return icon


def make_app(argv: list[str] | None = None) -> QApplication:
    QCoreApplication.setOrganizationName(_("Packet"))
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *(argv or [])])
    QGuiApplication.setDesktopFileName(APP_ID)  # Wayland matches the window to the desktop file and its icon
    app.setWindowIcon(app_icon())
    secure_settings()
    app.aboutToQuit.connect(secure_settings)
    apply_language()  # before any window is built: --lang / PACKET_LANG, else Help > Language, else the locale
    # Export and intake bookkeeping run in Python threads; a shorter GIL hand-over keeps the window answering.
    sys.setswitchinterval(0.002)
    return app


def secure_settings() -> None:
    """Packet.conf lists recent packets, whose names usually name the client: only its owner may read it (0600,
    in a 0700 folder). Qt keeps the mode of the file it rewrites, so it is set before Qt writes and after."""
    settings = QSettings()
    settings.sync()
    path = Path(settings.fileName())
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if path.parent.name == APP_NAME:
            path.parent.chmod(0o700)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600))
        path.chmod(0o600)
    except OSError:
        pass  # no settings file can be made: Qt keeps the settings in memory


def run_app(argv: list[str]) -> int:
    applog.setup()
    applog.install_excepthook()
    paths = [a for a in argv if not a.startswith("-")]
    app = make_app([a for a in argv if a.startswith("-")])
    instance = SingleInstance(parent=app)
    if instance.hand_off(paths):
        log.info("app: handed %d path(s) to the running window", len(paths))
        return 0
    instance.listen()
    from packet.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    log.info("app: start (Packet %s, Qt %s, %s)", __version__, qVersion(), QGuiApplication.platformName())
    instance.received.connect(lambda handed: come_forward(window, handed))
    if paths:
        QTimer.singleShot(0, lambda: open_paths(window, [Path(p) for p in paths]))
    quit_on_signals(window)
    quit_after = next((a.split("=", 1)[1] for a in argv if a.startswith("--quit-after=")), None)
    if quit_after:  # for start-up timing and smoke tests
        QTimer.singleShot(int(quit_after), app.quit)
    code = app.exec()
    instance.close()
    log.info("app: exit %d", code)
    return code


def quit_on_signals(window: MainWindow) -> None:
    """Ctrl+C (SIGINT) and SIGTERM close the window cleanly. Python runs signal handlers only between bytecodes,
    and Qt's event loop is C++, so a timer gives the interpreter a moment four times a second."""
    def close(signum: int, _frame: object) -> None:
        log.info("app: %s; closing the window", signal.Signals(signum).name)
        QTimer.singleShot(0, window.close_without_asking)

    for signum in (signal.SIGINT, getattr(signal, "SIGTERM", None)):
        if signum is not None:
            signal.signal(signum, close)
    timer = QTimer(window, interval=250)
    timer.timeout.connect(lambda: None)
    timer.start()


def come_forward(window: QMainWindow, paths: list[str]) -> None:
    """Another start handed over: show this window on top, and open what it was given."""
    log.info("app: received %d path(s) from another start", len(paths))
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()
    if paths:
        open_paths(window, [Path(p) for p in paths])


def is_packet(path: Path) -> bool:
    return path.is_dir() and (path.name.endswith(SUFFIX) or (path / PACKET_FILE).is_file())


def open_paths(window, paths: list[Path]) -> None:
    """What `packet PATH...` (or a double-click) opens: a packet folder or archive in the window; other files and
    folders are added to the open packet, as if dropped on it."""
    packets = [p for p in paths if is_packet(p) or (p.suffix.lower() == ".zip" and p.is_file())]
    documents = [p for p in paths if p not in packets]
    if packets:
        target = packets[0]
        if target.suffix.lower() == ".zip":
            window.start.open_archive_file(target)
        else:
            window.open_path(target)
        if len(packets) > 1:
            window.show_problem(_("Packet opens one packet at a time; {n_packets} more were not opened.").format(
                                    n_packets=len(packets) - 1))
    if documents:
        if window.session is None:
            QMessageBox.information(window, APP_NAME, _("Open or create a packet first, then add these files to "
                                                         "it: ")
                                    + ", ".join(p.name for p in documents[:5]) + (" …" if len(documents) > 5 else ""))
        else:
            window.add_paths([str(p) for p in documents])
