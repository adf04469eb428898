"""Issue 13, window items 12 and 15: file dialogs start in the folder last used for that kind of file (adding
documents, a translation, exporting), and recent packets are remembered by their full path, so they are still
there when the app starts from another folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from .conftest import HANG_MS, QT_LOG_IGNORE

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]


def test_add_files_starts_where_the_last_files_came_from(main_window, qtbot, make_pdf, monkeypatch, tmp_path):
    w = main_window
    scans = tmp_path / "Scans from the clinic"
    picked = make_pdf("lease.pdf", folder=scans)
    starts: list[str] = []

    def dialog(parent, caption, folder, *args, **kwargs):
        starts.append(folder)
        return ([str(picked)], "") if len(starts) == 1 else ([], "")

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(dialog))
    w.act_add.trigger()
    qtbot.waitUntil(lambda: not w.intake.busy, timeout=HANG_MS)
    w.act_add.trigger()
    assert starts[0] == str(Path.home())  # nothing chosen yet: the home folder
    assert Path(starts[1]) == scans  # then where the last documents came from


def test_the_translation_dialog_remembers_its_own_folder(main_window, qtbot, make_pdf, monkeypatch, tmp_path):
    w = main_window
    box = w.inspector.translation
    translations = tmp_path / "Translations"
    picked = make_pdf("acta-en.pdf", folder=translations)
    starts: list[str] = []

    def dialog(parent, caption, folder, *args, **kwargs):
        starts.append(folder)
        return (str(picked), "") if len(starts) == 1 else ("", "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(dialog))
    w.select_exhibit(w.model.ids()[1])
    box._choose_file()
    qtbot.waitUntil(lambda: box.worker is None and bool(w.session.packet.find(w.model.ids()[1]).translation),
                    timeout=HANG_MS)
    box._choose_file()
    assert Path(starts[1]) == translations
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(
        lambda parent, caption, folder, *a, **k: (starts.append(folder), ([], ""))[1]))
    w.act_add.trigger()
    assert Path(starts[2]) == Path.home()  # each kind of file its own folder


def test_export_goes_where_the_last_export_went(main_window, qtbot, tmp_path):
    from packet.ui.export_dialog import ExportDialog

    w = main_window
    filings = tmp_path / "Filings"
    filings.mkdir()
    d = ExportDialog(w.session, w)
    qtbot.addWidget(d)
    assert Path(d.target.text()).parent == w.session.folder.path.parent  # first time: beside the packet
    d.target.setText(str(filings / "Lopez.pdf"))
    d.start_export()
    qtbot.waitUntil(lambda: d.worker is None and (filings / "Lopez.pdf").exists(), timeout=HANG_MS)
    d.close()
    again = ExportDialog(w.session, w)
    qtbot.addWidget(again)
    assert Path(again.target.text()).parent == filings


def test_recent_packets_are_kept_by_their_full_path(qtbot, sample_path, monkeypatch, tmp_path):
    from packet.ui.main_window import MainWindow
    from packet.ui.start_screen import recent_packets

    from .conftest import wait_threads

    monkeypatch.chdir(sample_path.parent.parent)
    relative = Path(sample_path.parent.name) / sample_path.name  # as `packet work/Sample.packet` gives it
    w = MainWindow()
    qtbot.addWidget(w, before_close_func=wait_threads)
    assert w.open_path(relative)
    stored = QSettings().value("recent")
    stored = [stored] if isinstance(stored, str) else list(stored)
    assert stored[0] == str(sample_path.resolve()) and os.path.isabs(stored[0])
    monkeypatch.chdir(tmp_path / "qsettings")  # the app started from somewhere else
    assert recent_packets()[0] == str(sample_path.resolve())
    wait_threads(w)


def test_older_relative_entries_are_made_absolute_when_they_exist(sample_path, monkeypatch):
    from packet.ui.start_screen import recent_packets

    monkeypatch.chdir(sample_path.parent)
    QSettings().setValue("recent", [sample_path.name, "gone/Nowhere.packet"])
    assert recent_packets() == [str(sample_path.resolve())]
