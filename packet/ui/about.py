"""About Packet: version, and the licences of the bundled font and the libraries it is built on."""

from __future__ import annotations

from importlib import metadata

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from packet import APP_NAME, __version__
from packet.core.resources import resource

LIBRARIES = (
    ("PySide6-Essentials", "LGPL-3.0 (Qt for Python)"),
    ("pypdf", "BSD-3-Clause"),
    ("reportlab", "BSD-3-Clause"),
    ("pillow", "MIT-CMU (HPND)"),
    ("pillow-heif", "BSD-3-Clause (libheif: LGPL-3.0)"),
    ("platformdirs", "MIT"),
    ("cryptography", "Apache-2.0 or BSD-3-Clause"),
)


def about_text() -> str:
    lines = [f"{APP_NAME} {__version__}", "", "Works offline. Nothing you add leaves this computer; no telemetry.", "",
             "Libraries:"]
    for name, licence in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "not installed"
        lines.append(f"  {name} {version}: {licence}")
    lines += ["", "Bundled font: DejaVu Serif (Bitstream Vera licence, DejaVu changes public domain).", ""]
    try:
        lines.append(resource("fonts", "LICENSE-DejaVu.txt").read_text(encoding="utf-8"))
    except OSError:
        lines.append("(font licence file missing)")
    return "\n".join(lines)


class AboutDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        text = QPlainTextEdit(about_text())
        text.setReadOnly(True)
        text.setAccessibleName("Version and licences")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(f"<h2>{APP_NAME} {__version__}</h2><p>Evidence packets for prosecutorial-discretion "
                             "requests.</p>"))
        lay.addWidget(text)
        lay.addWidget(buttons)
        self.resize(620, 480)
