"""About Packet: version, its licence, and the licences of the bundled font and the libraries it is built on.

LIBRARIES names every distribution the app runs on (tests/test_licences.py checks it against the installed
dependency tree, so a new dependency cannot ship unlisted). Full texts: THIRD-PARTY-LICENSES beside a frozen app.
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from packet import APP_NAME, __version__
from packet.core.i18n import _
from packet.core.resources import resource

LICENCE = "Apache-2.0"

# (distribution, licence as shipped in Packet, what it is for)
LIBRARIES = (
    ("PySide6-Essentials", "LGPL-3.0-only (Qt for Python and Qt, shipped as replaceable shared libraries)", "window"),
    ("PySide6-Pdf", "LGPL-3.0-only (Qt PDF, with PDFium: BSD-3-Clause)", "page previews"),
    ("shiboken6", "LGPL-3.0-only", "Qt for Python's bindings"),
    ("pypdf", "BSD-3-Clause", "reading PDF"),
    ("pikepdf", "MPL-2.0 (its bundled qpdf: Apache-2.0)", "writing the exported PDF"),
    ("lxml", "BSD-3-Clause (its bundled libxml2 and libxslt: MIT)", "used by pikepdf"),
    ("packaging", "Apache-2.0 OR BSD-2-Clause", "used by pikepdf"),
    ("reportlab", "BSD-3-Clause", "cover, index and separator pages"),
    ("charset-normalizer", "MIT", "used by reportlab"),
    ("pillow", "MIT-CMU (its bundled image libraries: permissive licences)", "photos and scans"),
    ("pi-heif", "BSD-3-Clause; its bundled libheif and libde265: LGPL-3.0", "iPhone (HEIC) photos"),
    ("platformdirs", "MIT", "the user's folders"),
    ("cryptography", "Apache-2.0 OR BSD-3-Clause (its bundled OpenSSL: Apache-2.0)", "encrypted PDFs"),
    ("cffi", "MIT-0", "used by cryptography"),
    ("tesserocr", "MIT (its bundled Tesseract: Apache-2.0; Leptonica: BSD-2-Clause)", "text recognition"),
    ("pypdfium2", "Apache-2.0 OR BSD-3-Clause (its bundled PDFium: BSD-3-Clause)", "reading scanned pages"),
    ("pycparser", "BSD-3-Clause", "used by cffi"),
)


def third_party_file() -> Path | None:
    """The THIRD-PARTY-LICENSES file of a frozen build (beside the program), if there is one."""
    here = Path(getattr(sys, "_MEIPASS", "")) if getattr(sys, "frozen", False) else None
    for folder in (here, Path(sys.executable).resolve().parent):
        if folder and (folder / "THIRD-PARTY-LICENSES").is_file():
            return folder / "THIRD-PARTY-LICENSES"
    return None


def about_text() -> str:
    lines = [f"{APP_NAME} {__version__}", _("Licence: {licence} (see LICENSE).").format(licence=LICENCE), "",
             _("Works offline. Nothing you add leaves this computer; no telemetry."), "",
             _("Built on Python {value} (PSF-2.0) and these libraries:").format(value=sys.version.split()[0])]
    for name, licence, purpose in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = _("(version unknown)")
        lines.append(f"  {name} {version} ({purpose}): {licence}")
    lines += ["", _("The LGPL libraries are separate shared libraries in Packet's folder: you may replace them "
                     "with your own builds of the same versions.")]
    full = third_party_file()
    lines.append(_("Their full licence texts: {full}").format(full=full) if full else
                 _("Their full licence texts come with each library (a frozen build has THIRD-PARTY-LICENSES)."))
    lines += ["", _("Bundled font: DejaVu Serif (Bitstream Vera licence, DejaVu changes public domain)."), ""]
    try:
        lines.append(resource("fonts", "LICENSE-DejaVu.txt").read_text(encoding="utf-8"))
    except OSError:
        lines.append(_("(font licence file missing)"))
    return "\n".join(lines)


class AboutDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("About {app_name}").format(app_name=APP_NAME))
        text = QPlainTextEdit(about_text())
        text.setReadOnly(True)
        text.setAccessibleName(_("Version and licences"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(_("<h2>{app_name} {version__}</h2><p>Evidence packets for prosecutorial-discretion "
                                "requests. Licence: {licence}.</p>").format(
                                 app_name=APP_NAME, version__=__version__, licence=LICENCE)))
        lay.addWidget(text)
        lay.addWidget(buttons)
        self.resize(680, 500)
