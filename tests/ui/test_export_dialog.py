"""The export dialog: export to a chosen file, Bates numbering, Open file / Show in folder, and Cancel."""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from packet.export.build import plan_export
from packet.ui import export_dialog as export_dialog_module
from packet.ui import workers
from packet.ui.export_dialog import ExportDialog, default_target

from .conftest import HANG_MS, QT_LOG_IGNORE

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]



@pytest.fixture
def make_dialog(qtbot):
    """make_dialog(session) -> a shown ExportDialog; its worker is always finished before the test ends."""
    made: list[ExportDialog] = []

    def wait_worker(d: ExportDialog) -> None:
        if d.worker is not None:
            d.worker.cancel()
            d.worker.wait(HANG_MS)

    def make(session) -> ExportDialog:
        d = ExportDialog(session)
        qtbot.addWidget(d, before_close_func=wait_worker)
        d.show()
        qtbot.waitExposed(d, timeout=HANG_MS)
        made.append(d)
        return d

    yield make
    for d in made:
        wait_worker(d)


def wait_done(qtbot, dialog: ExportDialog) -> None:
    qtbot.waitUntil(lambda: dialog.worker is None and not dialog.status.text().startswith(("Exporting", "Cancelling"))
                    and not dialog.progress.isVisible(), timeout=HANG_MS)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_dialog_starts_with_the_packets_settings(session, make_dialog):
    d = make_dialog(session)
    assert Path(d.target.text()) == default_target(session)
    assert Path(d.target.text()).name == "SAMPLE - José Núñez Ibáñez.pdf"
    assert d.numbering.currentData() == "plain"
    assert not d.prefix.isEnabled()
    assert d.prefix.text() == "NUNEZ-"  # the first (paternal) surname, accents dropped: core/bates.py
    assert not d.open_button.isVisible() and not d.folder_button.isVisible()
    assert d.cancel_button.text() == "Cancel"


def test_export_writes_the_planned_pdf(session, make_dialog, qtbot, tmp_path, monkeypatch, disk):
    d = make_dialog(session)
    out = tmp_path / "out" / "filing.pdf"
    out.parent.mkdir()
    d.target.setText(str(out))
    planned = plan_export(session.packet).total
    seen: list[tuple[int, int]] = []
    d.progress.valueChanged.connect(lambda v: seen.append((v, d.progress.maximum())))

    qtbot.mouseClick(d.export_button, Qt.MouseButton.LeftButton)
    assert d.running() and not d.export_button.isEnabled()
    assert d.cancel_button.text() == "Cancel export"
    wait_done(qtbot, d)

    assert d.status.text().startswith(f"Saved {out} ({planned} pages"), d.status.text()
    assert out.is_file()
    assert len(PdfReader(out).pages) == planned
    assert d.result_path == out
    assert d.open_button.isVisible() and d.folder_button.isVisible()
    assert d.export_button.isEnabled() and d.cancel_button.text() == "Close"
    assert not d.progress.isVisible()
    assert seen and seen[-1][1] == planned
    assert leftovers(out.parent) == []
    # the options used are kept in the packet (and on disk) for next time
    assert disk().settings.bates_prefix == ""

    opened: list[str] = []

    class FakeDesktop:
        @staticmethod
        def openUrl(url):  # noqa: N802 - Qt's name
            opened.append(url.toLocalFile())
            return True

    monkeypatch.setattr(export_dialog_module, "QDesktopServices", FakeDesktop)
    qtbot.mouseClick(d.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(d.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [str(out), str(out.parent)]

    # Close now closes the dialog
    qtbot.mouseClick(d.cancel_button, Qt.MouseButton.LeftButton)
    assert not d.isVisible()


def test_export_adds_pdf_suffix_and_replaces_existing_file(session, make_dialog, qtbot, tmp_path):
    d = make_dialog(session)
    (tmp_path / "filing.pdf").write_bytes(b"old")
    d.target.setText(str(tmp_path / "filing"))
    d.export_button.click()
    wait_done(qtbot, d)
    out = tmp_path / "filing.pdf"
    assert d.status.text().startswith(f"Saved {out}")
    assert out.read_bytes().startswith(b"%PDF")
    assert leftovers(tmp_path) == []


def test_bates_numbers_are_stamped(session, make_dialog, qtbot, tmp_path, disk):
    d = make_dialog(session)
    d.numbering.setCurrentIndex(d.numbering.findData("bates"))
    assert d.prefix.isEnabled() and d.digits.isEnabled()
    d.prefix.setText("TEST-")
    out = tmp_path / "bates.pdf"
    d.target.setText(str(out))
    d.export_button.click()
    wait_done(qtbot, d)
    assert d.status.text().startswith("Saved"), d.status.text()
    settings = disk().settings
    assert (settings.bates_prefix, settings.bates_digits, settings.page_of_total) == ("TEST-", 6, False)
    assert session.undo_stack.undoText() == "Change export options"
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    assert "TEST-000002" in text
    pages = text.split("\f")
    total = len(PdfReader(out).pages)
    # The cover sheet carries no stamp; numbering starts on the index (TEST-000001) and runs on page by page.
    assert "TEST-" not in pages[0]
    assert "TEST-000001" in pages[1]
    for n in range(3, total + 1):
        assert f"TEST-{n - 1:06d}" in pages[n - 1], (n, pages[n - 1][-300:])


def test_bad_options_are_explained_and_nothing_starts(session, make_dialog, tmp_path, disk):
    d = make_dialog(session)
    d.numbering.setCurrentIndex(d.numbering.findData("bates"))
    d.prefix.setText("")
    d.target.setText(str(tmp_path / "x.pdf"))
    d.export_button.click()
    assert d.worker is None
    assert "Bates prefix" in d.status.text()
    d.prefix.setText("BAD/PREFIX")
    d.export_button.click()
    assert d.worker is None
    assert "Bates prefix" in d.status.text()
    assert disk().settings.bates_prefix == ""  # the refused change was not saved
    d.prefix.setText("OK-")
    d.target.setText(str(tmp_path / "no such folder" / "x.pdf"))
    d.export_button.click()
    assert d.worker is None
    assert "does not exist" in d.status.text()
    assert not (tmp_path / "no such folder").exists()


@pytest.fixture
def big_session(tmp_path, make_pdf, qapp):
    """A packet of 30 generated PDFs of 3 pages each (about 100 pages exported)."""
    from packet.store.folder import create_packet
    from packet.store.intake import add_files
    from packet.ui.session import PacketSession

    pf = create_packet(tmp_path / "Big", name="Big")
    files = [make_pdf(f"exhibit_{n:02d}.pdf", pages=3) for n in range(30)]
    results = add_files(pf, files, workers=1)
    assert all(r.exhibit_id for r in results)
    s = PacketSession(pf)
    yield s
    s.deleteLater()


def test_cancel_right_after_start(big_session, make_dialog, qtbot, tmp_path):
    d = make_dialog(big_session)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "big.pdf"
    d.target.setText(str(out))
    d.export_button.click()
    assert d.running()
    d._cancel_or_close()  # what the "Cancel export" button does
    assert d.status.text() == "Cancelling…"
    assert d.isVisible()  # cancelling does not close the dialog
    wait_done(qtbot, d)
    assert "cancelled" in d.status.text().lower(), d.status.text()
    assert not out.exists()
    assert leftovers(out_dir) == []
    assert list(out_dir.iterdir()) == []
    assert not d.open_button.isVisible()
    assert d.cancel_button.text() == "Close"


def test_cancel_while_pages_are_assembled(big_session, make_dialog, qtbot, tmp_path, monkeypatch):
    """Cancel pressed while the progress bar moves: the worker stops at its next page and leaves no file."""
    gate = threading.Event()
    real = workers.export_packet

    def export_held_at_first_page(packet, folder, target, progress=None, cancelled=lambda: False, **kwargs):
        def hold(done, total, stage):
            progress(done, total, stage)
            if stage == "Assembling pages" and not gate.is_set():
                assert gate.wait(HANG_MS / 1000), "the test never pressed Cancel"

        return real(packet, folder, target, progress=hold, cancelled=cancelled)

    monkeypatch.setattr(workers, "export_packet", export_held_at_first_page)
    monkeypatch.setattr(workers.ExportWorker, "in_child", False)  # held here, in this process
    d = make_dialog(big_session)
    out = tmp_path / "big.pdf"
    d.target.setText(str(out))
    cancel = d.cancel_button
    qtbot.mouseClick(d.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: d.status.text().startswith("Assembling pages"), timeout=HANG_MS)
    assert d.progress.isVisible() and d.progress.maximum() > 90
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    gate.set()
    wait_done(qtbot, d)
    assert d.status.text() == "Export cancelled; no file was written."
    assert not out.exists()
    assert leftovers(tmp_path) == []


def test_closing_the_dialog_while_exporting_cancels(big_session, make_dialog, qtbot, tmp_path):
    d = make_dialog(big_session)
    out = tmp_path / "closed.pdf"
    d.target.setText(str(out))
    d.export_button.click()
    d.reject()  # Esc: cancels the export first, the dialog stays until it has stopped
    assert d.isVisible()
    wait_done(qtbot, d)
    assert "cancelled" in d.status.text().lower()
    assert not out.exists() and leftovers(tmp_path) == []


def test_export_from_the_main_window(main_window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    w = main_window
    assert w.act_export.isEnabled()
    w.act_export.trigger()
    d = w.export_dialog
    assert d is not None and d.isVisible()
    out = tmp_path / "from-window.pdf"
    d.target.setText(str(out))
    d.export_button.click()
    assert w.export_dialog.running()
    # the window will not close the packet under a running export; it says why
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: told.append(a[2])))
    assert w.close_packet() is False
    assert told and "export is running" in told[0]
    wait_done(qtbot, d)
    assert out.is_file()
    assert w.close_packet()
    assert w.stack.currentWidget() is w.start


def test_blockers_are_confirmed_before_export(big_session, make_dialog, qtbot, tmp_path, monkeypatch):
    """A packet the readiness check would reject (no respondent) asks first; No exports nothing."""
    from PySide6.QtWidgets import QMessageBox

    asked = []
    monkeypatch.setattr(ExportDialog, "_confirm_blockers", ExportDialog._confirm_blockers_real)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    d = make_dialog(big_session)
    target = tmp_path / "draft.pdf"
    d.target.setText(str(target))
    d.start_export()
    assert asked and "respondent" in asked[0].lower()
    assert d.worker is None and not target.exists()
    assert "blockers" in d.status.text()
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    d.start_export()
    wait_done(qtbot, d)
    assert target.exists()
