"""`make screenshots`: the window on the sample packet, saved as PNGs into docs/screenshots/.

Run under a display (the Makefile uses xvfb-run). Shows: the main window with the inspector and preview, the
cover-sheet form, the factor overview, the exhibit list grouped by factor, the summary of equities' tab, the
readiness check, the export dialog, the family-member dialog and the list with shared exhibits marked. "Today" is fixed (PACKET_TODAY) a few days before the sample's filing
deadline, so the deadline line shows its warning colour and the pictures come out the same every time.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings, QTimer  # noqa: E402


def main() -> int:
    os.environ["PACKET_TODAY"] = "2027-02-24"  # the sample's filing deadline is Monday, March 1, 2027
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="packet-shots-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    from packet.sample import build_sample
    from packet.ui.app import make_app
    from packet.ui.export_dialog import ExportDialog
    from packet.ui.main_window import MainWindow

    sample = build_sample(tmp / "Núñez PD request.packet")
    app = make_app()
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    shots: list[str] = []
    for _ in range(20):
        app.processEvents()
    window.grab().save(str(out / "start-screen.png"))
    shots.append("docs/screenshots/start-screen.png")
    window.open_path(sample)

    def settle(ms: int = 400) -> None:
        end = QTimer()
        end.setSingleShot(True)
        end.start(ms)
        while end.isActive():
            app.processEvents()
        window.thumbnails.wait(5000)
        app.processEvents()

    def save(widget, name: str) -> None:
        path = out / name
        widget.grab().save(str(path))
        shots.append(str(path.relative_to(ROOT)))

    settle(800)
    window.select_exhibit(window.model.ids()[2])
    settle(800)
    save(window, "main-window.png")
    window.tabs.setCurrentWidget(window.cover)
    settle()
    window.cover.ensureWidgetVisible(window.cover.deadline, 0, 120)  # the hearing fields and the deadline
    settle()
    save(window, "cover-form.png")
    window.tabs.setCurrentWidget(window.factors)
    window.factors.tree.expandAll()
    settle()
    save(window, "factors.png")
    from packet.core import actions

    session = window.session
    session.edit("Group exhibits by factor",
                 lambda p: actions.set_export_settings(p, group_index_by_factor=True, summary_of_equities=True))
    session.edit("Summary: statement for family ties", lambda p: actions.set_statement(
        p, "family_ties", "Mr. Núñez is the father and main caregiver of Ana, 10, a U.S. citizen."))
    session.edit("Summary: statement for medical", lambda p: actions.set_statement(
        p, "medical", "Ana has severe asthma; her father takes her to every appointment (Dr. Raman's letter)."))
    settle(800)
    window.select_exhibit(window.model.ids()[4])
    window.tabs.setCurrentWidget(window.factors)
    settle(800)
    save(window, "sections.png")
    window.tabs.setCurrentWidget(window.summary_tab)
    settle()
    save(window, "summary.png")
    window.tabs.setCurrentWidget(window.readiness)
    settle()
    save(window, "readiness.png")
    window.tabs.setCurrentWidget(window.inspector)
    dialog = ExportDialog(window.session, window)
    dialog.target.setText(str(tmp / "sample.pdf"))
    dialog.show()
    settle()
    save(dialog, "export-dialog.png")
    dialog.start_export()
    while dialog.worker is not None:
        app.processEvents()
    settle()
    save(dialog, "export-done.png")
    dialog.close()
    from packet.ui.family_dialog import FamilyMemberDialog

    family = FamilyMemberDialog(window.session, window)
    family.person.setText("Ana Núñez López")
    family.a_number.setText("987654321")
    family.show()
    settle()
    save(family, "family-dialog.png")
    family.make_packet()
    window.select_exhibit(window.model.ids()[1])
    settle(800)
    save(window, "family-list.png")
    window.close()
    print("\n".join(shots))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
