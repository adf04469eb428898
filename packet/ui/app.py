"""Start the desktop app: `packet [PACKET]`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from packet import APP_NAME, __version__


def make_app(argv: list[str] | None = None) -> QApplication:
    QCoreApplication.setOrganizationName("Packet")
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication([sys.argv[0], *(argv or [])])
    secure_settings()
    app.aboutToQuit.connect(secure_settings)
    # Export and intake bookkeeping run in Python threads; a shorter GIL hand-over keeps the window answering.
    sys.setswitchinterval(0.002)
    return app  # type: ignore[return-value]


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
    paths = [a for a in argv if not a.startswith("-")]
    app = make_app([a for a in argv if a.startswith("-")])
    from packet.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if paths:
        target = Path(paths[0])
        QTimer.singleShot(0, lambda: window.open_path(target))
    quit_after = next((a.split("=", 1)[1] for a in argv if a.startswith("--quit-after=")), None)
    if quit_after:  # for start-up timing and smoke tests
        QTimer.singleShot(int(quit_after), app.quit)
    return app.exec()
