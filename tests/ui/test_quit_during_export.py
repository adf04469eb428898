"""Issue 13, window item 2: "An export is running. Cancel it and quit?" answered Yes must cancel the export and
leave no output, even when the export would have finished while the question was open."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QDeadlineTimer
from PySide6.QtWidgets import QMessageBox

from .conftest import HANG_MS, QT_LOG_IGNORE

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]


def test_yes_to_cancel_and_quit_leaves_no_pdf_and_no_manifest(main_window, qtbot, tmp_path, monkeypatch):
    w = main_window
    w.show_export()
    dialog = w.export_dialog
    out = tmp_path / "out" / "packet.pdf"
    out.parent.mkdir()
    dialog.target.setText(str(out))
    dialog.export_button.click()
    assert dialog.running()
    worker = dialog.worker
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        """The user reads the question for a while: the export goes on meanwhile, unless the window holds it."""
        asked.append(text)
        deadline = QDeadlineTimer(HANG_MS)
        while not (worker.isFinished() or getattr(worker, "held", False)):
            assert not deadline.hasExpired(), "the export neither finished nor waited"
            QCoreApplication.processEvents()
            worker.wait(10)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    assert w.close()
    assert asked and "Cancel it and quit?" in asked[0]
    assert not w.isVisible() and w.session is None
    assert sorted(p.name for p in out.parent.iterdir()) == []  # no PDF, no manifest, no temporary file


def test_no_lets_the_export_finish(main_window, qtbot, tmp_path, monkeypatch):
    w = main_window
    w.show_export()
    dialog = w.export_dialog
    out = tmp_path / "kept.pdf"
    dialog.target.setText(str(out))
    dialog.export_button.click()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    w.close()
    assert w.isVisible() and w.session is not None
    qtbot.waitUntil(lambda: not dialog.running(), timeout=HANG_MS)
    assert out.is_file() and out.with_name("kept.manifest.json").is_file()
