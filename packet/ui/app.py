"""Start the desktop app: `packet [PACKET]`."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from packet import APP_NAME, __version__
from packet.core.resources import resource

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
    QCoreApplication.setOrganizationName("Packet")
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication([sys.argv[0], *(argv or [])])
    QGuiApplication.setDesktopFileName(APP_ID)  # Wayland matches the window to the desktop file and its icon
    app.setWindowIcon(app_icon())
    # Export and intake bookkeeping run in Python threads; a shorter GIL hand-over keeps the window answering.
    sys.setswitchinterval(0.002)
    return app  # type: ignore[return-value]


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
