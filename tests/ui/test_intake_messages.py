"""Issue 13, window items 8 and 13: the panel of refused files and warnings belongs to the packet it was about;
a wrong password is asked again, a cancelled one says how to add the file later; the status bar sums up the whole
drop (its password retries included), not the last part of it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QInputDialog

from .conftest import HANG_MS, QT_LOG_IGNORE
from .test_main_window import _encrypted_pdf, problem_texts, wait_intake

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]


def refuse_something(w, qtbot, drop_files, tmp_path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("not a document")
    drop_files(w, [bad])
    qtbot.waitUntil(lambda: any("notes.txt" in t for t in problem_texts(w)), timeout=HANG_MS)
    wait_intake(qtbot, w)
    assert w.problems_dock.isVisible()


def test_closing_the_packet_clears_its_messages(main_window, qtbot, drop_files, tmp_path, sample_master):
    w = main_window
    refuse_something(w, qtbot, drop_files, tmp_path)
    assert w.close_packet()
    assert w.stack.currentWidget() is w.start
    assert w.problems.count() == 0 and not w.problems_dock.isVisible()  # the start screen shows none


def test_opening_another_packet_starts_with_an_empty_panel(main_window, qtbot, drop_files, tmp_path,
                                                           sample_master):
    import shutil

    w = main_window
    refuse_something(w, qtbot, drop_files, tmp_path)
    other = tmp_path / "other" / "Other.packet"
    shutil.copytree(sample_master, other)
    assert w.open_path(other)
    assert w.problems.count() == 0 and not w.problems_dock.isVisible()


def test_wrong_then_right_password_and_one_summary_for_the_whole_drop(main_window, qtbot, drop_files, tmp_path,
                                                                     make_pdf, monkeypatch):
    w = main_window
    files = [make_pdf(f"pay-stub-{n}.pdf") for n in range(7)] + [_encrypted_pdf(tmp_path / "lease.pdf", "s3cret")]
    answers = iter([("wrong", True), ("s3cret", True)])
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (asked.append(a[2]), next(answers))[1]))
    shown: list[str] = []
    w.statusBar().messageChanged.connect(lambda m: shown.append(m) if m else None)
    stack = w.session.undo_stack
    count, rows = stack.count(), w.model.rowCount()
    drop_files(w, files)
    qtbot.waitUntil(lambda: w.model.rowCount() == rows + 8 and not w.intake.busy, timeout=HANG_MS)
    QApplication.processEvents()
    assert len(asked) == 2 and "did not open it" in asked[1]
    assert shown and shown[-1] == "Added 8 files."
    assert not any("1 processed" in m for m in shown)
    assert stack.count() == count + 1  # the drop, its password included, is one undo


def test_a_cancelled_password_says_how_to_add_the_file_later(main_window, qtbot, drop_files, tmp_path,
                                                             make_pdf, monkeypatch):
    w = main_window
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False)))
    shown: list[str] = []
    w.statusBar().messageChanged.connect(lambda m: shown.append(m) if m else None)
    drop_files(w, [make_pdf("letter.pdf"), _encrypted_pdf(tmp_path / "locked.pdf", "s3cret")])
    qtbot.waitUntil(lambda: any("locked.pdf" in t for t in problem_texts(w)), timeout=HANG_MS)
    wait_intake(qtbot, w)
    message = next(t for t in problem_texts(w) if "locked.pdf" in t)
    assert "not added" in message and "Add files" in message and "password" in message
    assert shown[-1] == "Added 1 of 2 files; 1 was not added (see the list below)."
