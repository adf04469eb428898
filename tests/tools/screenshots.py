"""`make screenshots`: the window on the sample packet, saved as PNGs into docs/screenshots/.

Run under a display (the Makefile uses xvfb-run). Shows: the main window with the inspector and preview, the
cover-sheet form, the factor overview, the exhibit list grouped by factor, the summary of equities' tab, the
readiness check, the export dialog, then the page view (a scanned record added: a page turned, one hidden, blank
pages offered), the inspector's larger preview, the family-member dialog and the list with shared exhibits marked;
then text recognition: Readiness offering Recognise text, the list while OCR runs, and a suggestion in the
inspector. "Today" is fixed (PACKET_TODAY) a few days before the sample's filing deadline, so the deadline line
shows its warning colour and the pictures come out the same every time.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings, QTimer  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("en", "es"), default="en",
                        help="the window's language; Spanish pictures go into docs/screenshots/es/")
    args = parser.parse_args(argv)
    os.environ["PACKET_LANG"] = args.lang  # before Packet is imported: its messages and Qt's own words follow it
    os.environ["PACKET_TODAY"] = "2027-02-24"  # the sample's filing deadline is Monday, March 1, 2027
    out = ROOT / "docs" / "screenshots" / ("" if args.lang == "en" else args.lang)
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
    # The page view on a scanned record with blank backs: page 3 turned, page 6 hidden, the blank pages offered
    from packet.store.intake import add_files

    scan = _duplex_scan(tmp / "incoming" / "medical-record-scan.pdf")
    window.close_packet()
    from packet.store.folder import open_packet

    with open_packet(sample) as pf:
        add_files(pf, [scan], title="Medical records, Elmhurst Hospital (scanned)", factors=["medical"])
    window.open_path(sample)
    settle(800)
    eid = next(e.id for e in window.session.packet.exhibits if e.title.startswith("Medical records, Elmhurst"))
    window.session.edit("Turn", lambda p: actions.turn_pages(p, eid, [3], 90))
    window.session.edit("Hide", lambda p: actions.hide_pages(p, eid, [6]))
    window.splitter.setSizes([470, 810])
    window.select_exhibit(eid)
    window.show_pages()
    window.pages.set_zoom(200)
    settle(1500)
    window.pages.select_positions([3])
    window.pages.grid.scrollToTop()
    settle(800)
    save(window, "page-view.png")
    window.tabs.setCurrentWidget(window.inspector)
    window.select_exhibit(window.model.ids()[0])
    settle(1200)
    save(window, "preview.png")
    from packet.ui.family_dialog import FamilyMemberDialog

    family = FamilyMemberDialog(window.session, window)
    family.person.setText("Ana Núñez López")
    family.a_number.setText("987654321")
    family.show()
    settle()
    save(family, "family-dialog.png")
    family.make_packet()
    window.splitter.setSizes([640, 520])
    window.select_exhibit(window.model.ids()[1])
    settle(800)
    save(window, "family-list.png")
    _text_shots(app, window, tmp, settle, save)
    window.close()
    print("\n".join(shots))
    return 0


def _text_shots(app, window, tmp: Path, settle, save) -> None:
    """A scanned acta and a pay stub added: Readiness offering Recognise text, the list while OCR runs (marks and
    the status bar's progress), and the inspector's suggestion for the pay stub."""
    from reportlab.pdfgen.canvas import Canvas

    from tests.store.scanned import KNOWN_TEXT, scan_image, scan_pdf

    QSettings().setValue("ocr/enabled", False)  # started from the Readiness tab below
    QSettings().setValue("ocr/workers", 1)  # slow enough to be seen running
    incoming = tmp / "incoming"
    incoming.mkdir(exist_ok=True)
    acta = scan_pdf(incoming / "Acta de nacimiento (scan).pdf",
                    [scan_image(KNOWN_TEXT, dpi=200, seed=n + 1, size_in=(8.5, 11)) for n in range(4)], 200)
    stub = incoming / "scan0042.pdf"
    c = Canvas(str(stub), invariant=1)
    for n, line in enumerate(["BRIGHT VALLEY KITCHENS LLC", "EARNINGS STATEMENT",
                              "Employee: Jose Nunez Ibanez     Employee ID: BVK-0117",
                              "Pay period: 03/01/2024 - 03/15/2024     Pay date: 03/20/2024",
                              "Gross pay 1,480.00   Federal income tax 98.00", "Net pay 1,268.78"]):
        c.drawString(72, 740 - 16 * n, line)
    c.showPage()
    c.save()
    window.add_paths([str(acta), str(stub)])
    while window.intake.busy:
        app.processEvents()
    settle(600)
    window.tabs.setCurrentWidget(window.readiness)
    window.readiness.reload()
    settle()
    save(window, "readiness-recognise.png")
    progress = []
    window.ocr.progress.connect(lambda done, total: progress.append(done))
    window.readiness.recognise.click()
    while not progress and window.ocr.busy:
        app.processEvents()
    window.select_exhibit(next(e.id for e in window.session.packet.exhibits if e.title.startswith("Acta")))
    window.tabs.setCurrentWidget(window.inspector)
    settle(300)
    save(window, "ocr-status.png")
    while window.ocr.busy:
        app.processEvents()
    settle(600)
    window.select_exhibit(next(e.id for e in window.session.packet.exhibits if e.title == "Scan0042"))
    settle(600)
    save(window, "suggestion.png")


def _duplex_scan(path: Path) -> Path:
    """A made-up six-page scanned record whose even pages are the blank backs of a duplex scan."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), pagesize=letter)
    for n in range(1, 7):
        if n % 2:
            c.setFont("Helvetica-Bold", 16)
            c.drawString(72, 720, "ELMHURST HOSPITAL CENTER - SAMPLE, NOT A REAL RECORD")
            c.setFont("Helvetica", 11)
            c.drawString(72, 696, f"Patient: Ana Núñez López    Visit {n // 2 + 1} of 3    Page {n}")
            for line in range(28):
                c.drawString(72, 660 - 18 * line, f"{line + 1:2d}. Asthma follow-up: peak flow, inhaler use, school "
                                                  "attendance and the next appointment.")
        c.showPage()
    c.save()
    return path


if __name__ == "__main__":
    raise SystemExit(main())
