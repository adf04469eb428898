"""The window and other writers: it holds the packet's lock while open, opens a held packet read-only, and never
writes an old copy over a change made on disk behind its back."""

from __future__ import annotations

import json
import os

import pytest
from PySide6.QtWidgets import QMessageBox

from packet.cli import main
from packet.store.lock import PacketLock

from .conftest import HANG_MS, QT_LOG_IGNORE
from .test_main_window import problem_texts, select_row

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]


def packet_json(path) -> bytes:
    return (path / "packet.json").read_bytes()


def edit_on_disk(path, change) -> None:
    """What a program that ignores the lock does (a text editor): read packet.json, change it, write it back."""
    body = json.loads(packet_json(path))
    change(body)
    (path / "packet.json").write_text(json.dumps(body, indent=1), encoding="utf-8")


def rename_selected(window, title: str) -> None:
    window.inspector.title.setText(title)
    window.inspector.title.editingFinished.emit()


def test_the_window_holds_the_lock_until_the_packet_is_closed(main_window, sample_path, capsys, monkeypatch, disk):
    monkeypatch.setenv("PACKET_LOCK_WAIT", "0.1")
    before = packet_json(sample_path)
    capsys.readouterr()
    assert main(["set", str(sample_path), "judge=Hon. Kim"]) == 1
    err = capsys.readouterr().err
    assert f"in use by the Packet window, pid {os.getpid()}" in err and "Close it there" in err
    assert packet_json(sample_path) == before
    assert main_window.close_packet()
    assert main(["set", str(sample_path), "judge=Hon. Kim"]) == 0
    assert disk().cover.judge == "Hon. Kim"


@pytest.fixture
def held(sample_path):
    lock = PacketLock(sample_path, "'packet add'").acquire()
    yield lock
    lock.release()


def test_a_packet_another_program_holds_opens_read_only_and_is_never_saved(qtbot, sample_path, held, monkeypatch,
                                                                           make_pdf):
    from packet.ui.main_window import MainWindow

    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Open)
    window = MainWindow()
    qtbot.addWidget(window)
    before = packet_json(sample_path)
    stored = sorted(p.name for p in (sample_path / "documents").iterdir())
    window.open_path(sample_path)
    assert asked and "in use by 'packet add'" in asked[0] and "read-only" in asked[0]
    assert window.session is not None and window.session.read_only
    assert "read-only" in window.windowTitle() and window.save_label.text().endswith("Read-only")
    assert not window.act_add.isEnabled() and not window.act_add_lead.isEnabled()  # nothing offers to change it
    assert window.act_export.isEnabled()  # looking and exporting still work
    select_row(window, 1)
    assert not window.act_rename.isEnabled() and not window.act_remove.isEnabled()
    old = window.model.index(1).data()
    rename_selected(window, "Renamed while read-only")
    assert window.inspector.title.text() != "Renamed while read-only"  # the view shows the packet as it is
    window.add_paths([str(make_pdf("new.pdf"))])
    assert window.intake is not None and not window.intake.busy  # refused before any worker started
    assert any("read-only" in t and "nothing can be added" in t for t in problem_texts(window))
    assert packet_json(sample_path) == before
    assert sorted(p.name for p in (sample_path / "documents").iterdir()) == stored  # nothing was stored either
    assert window.model.index(1).data() == old
    window.close_packet()


def test_opening_a_held_packet_can_be_cancelled(qtbot, sample_path, held, monkeypatch):
    from packet.ui.main_window import MainWindow

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Cancel)
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_path(sample_path)
    assert window.session is None


def test_a_change_on_disk_in_another_part_is_combined_with_the_windows(main_window, sample_path, disk, qtbot):
    w = main_window
    eid = select_row(w, 1)
    edit_on_disk(sample_path, lambda body: body["cover"].update(judge="Hon. Edited Elsewhere"))
    rename_selected(w, "Renamed in the window")
    # the writer thread's compare-and-swap refuses; the session combines on the GUI thread, after the edit
    qtbot.waitUntil(lambda: any("combined" in t for t in problem_texts(w)), timeout=HANG_MS)
    saved = disk()
    assert saved.find(eid).title == "Renamed in the window"
    assert saved.cover.judge == "Hon. Edited Elsewhere"
    assert "all changes saved" in w.windowTitle()
    assert w.session.packet.cover.judge == "Hon. Edited Elsewhere"  # the window shows the other change too
    assert any("combined" in t for t in problem_texts(w))


class _Choice:
    """Stands in for the QMessageBox the window asks with; clicks the button whose text starts with `pick`."""

    pick = ""
    asked: list[str] = []

    def __init__(self, icon, title, text, parent=None):
        _Choice.asked.append(text)
        self.buttons: list[str] = []
        self.clicked = None

    def addButton(self, text, role):
        self.buttons.append(text)
        return text

    def exec(self):
        self.clicked = next(b for b in self.buttons if b.startswith(_Choice.pick))

    def clickedButton(self):
        return self.clicked

    Icon = QMessageBox.Icon
    ButtonRole = QMessageBox.ButtonRole


@pytest.mark.parametrize("pick", ["Keep my version", "Take the version on disk"])
def test_a_clashing_change_on_disk_is_the_users_choice(main_window, sample_path, disk, monkeypatch, pick, qtbot):
    import packet.ui.main_window as mw

    _Choice.pick, _Choice.asked = pick, []
    monkeypatch.setattr(mw, "QMessageBox", _Choice)
    w = main_window
    eid = select_row(w, 1)
    edit_on_disk(sample_path, lambda body: body["exhibits"][0].update(title="Renamed elsewhere"))
    rename_selected(w, "Renamed in the window")
    qtbot.waitUntil(lambda: bool(_Choice.asked), timeout=HANG_MS)
    assert "exhibits" in _Choice.asked[0]
    qtbot.waitUntil(lambda: "all changes saved" in w.windowTitle(), timeout=HANG_MS)
    saved = disk()
    if pick == "Keep my version":
        assert saved.find(eid).title == "Renamed in the window"
        assert saved.exhibits[0].title != "Renamed elsewhere"
    else:
        assert saved.exhibits[0].title == "Renamed elsewhere"
        assert saved.find(eid).title != "Renamed in the window"
        assert w.session.packet.exhibits[0].title == "Renamed elsewhere"
    assert "all changes saved" in w.windowTitle()


def test_a_file_name_that_is_not_utf8_is_added_and_saved(main_window, sample_path, disk, tmp_path, make_pdf, qtbot):
    from .test_main_window import titles, wait_intake

    source = make_pdf("acta.pdf")
    latin1 = os.path.join(os.fsencode(tmp_path), b"Jos\xe9 acta.pdf")
    os.rename(source, latin1)
    main_window.add_paths([os.fsdecode(latin1)])
    wait_intake(qtbot, main_window)
    assert "José acta" in titles(main_window)
    assert "all changes saved" in main_window.windowTitle()
    saved = disk()
    assert any(e.title == "José acta" for e in saved.exhibits)
    assert any(d.original_name == "José acta.pdf" for d in saved.documents.values())


def test_a_save_failure_is_shown_with_its_cause(main_window, sample_path, monkeypatch):
    import errno

    from packet.store import atomic

    def full(*a, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    select_row(main_window, 1)
    monkeypatch.setattr(atomic, "prepare_atomic", full)
    before = packet_json(sample_path)
    rename_selected(main_window, "Renamed on a full disk")
    assert "NOT SAVED" in main_window.windowTitle()
    shown = [t for t in problem_texts(main_window) if "Could not save" in t]
    assert shown and "disk is full" in shown[-1] and str(sample_path / "packet.json") in shown[-1]
    assert packet_json(sample_path) == before


def test_a_title_over_the_cap_is_refused_with_a_message(main_window, sample_path, disk):
    eid = select_row(main_window, 1)
    old = disk().find(eid).title
    before = packet_json(sample_path)
    rename_selected(main_window, "T" * 2_000)
    assert any("2,000 characters long" in t and "up to 300" in t for t in problem_texts(main_window))
    assert packet_json(sample_path) == before
    assert main_window.session.packet.find(eid).title == old
    assert main_window.model.setData(main_window.model.index(1), "R" * 301) is False
    assert packet_json(sample_path) == before


def test_the_writer_thread_makes_the_check_and_the_gui_thread_combines(session, sample_path, disk, qtbot):
    """An edit that does not wait for its write (intake's merges): the compare-and-swap is made on the writer
    thread when it writes; the refusal comes back to the GUI thread, which combines and saves."""
    import threading

    from packet.core import actions

    writers: list[str] = []
    write = session.folder.write

    def recording_write(data: bytes) -> None:
        writers.append(threading.current_thread().name)
        write(data)

    session.folder.write = recording_write
    notices: list[str] = []
    session.notice.connect(notices.append)
    eid = session.packet.exhibits[0].id
    edit_on_disk(sample_path, lambda body: body["cover"].update(judge="Hon. Edited Elsewhere"))
    assert session.edit("Rename", lambda p: actions.rename(p, eid, "Renamed in the window"), wait=False)
    qtbot.waitUntil(lambda: bool(notices), timeout=HANG_MS)
    assert session.flush()
    saved = disk()
    assert saved.find(eid).title == "Renamed in the window"
    assert saved.cover.judge == "Hon. Edited Elsewhere"
    assert len(writers) == 2 and set(writers) == {"packet-save"}  # refused, then the combined packet
    assert "combined" in notices[0]
    session.close()


def test_a_read_only_session_never_hands_anything_to_the_writer(sample_path, qapp, make_pdf):
    from packet.core import actions
    from packet.store.folder import open_packet
    from packet.ui.session import PacketSession

    with PacketLock(sample_path, "'packet add'"):
        session = PacketSession(open_packet(sample_path), read_only=True)
        before = packet_json(sample_path)
        failures: list[str] = []
        session.saveFailed.connect(failures.append)
        eid = session.packet.exhibits[0].id
        assert not session.edit("Rename", lambda p: actions.rename(p, eid, "Nope"), wait=False)
        assert session.save() is False and not session.saving
        assert session._writer is None  # no writer thread was ever started
        assert failures and "read-only" in failures[0]
        assert packet_json(sample_path) == before
        session.close()
        session.deleteLater()


def test_a_photo_that_records_its_location_gives_a_note_in_the_window(main_window, tmp_path, qtbot, disk):
    """The intake controller shows intake notes (a note, not a refusal), and the photo is added."""
    from tests.store.test_photo_privacy import phone_jpeg

    from .test_main_window import titles, wait_intake

    path, _ = phone_jpeg(tmp_path / "porch.jpg", size=(800, 600), tail=b"")
    main_window.add_paths([str(path)])
    wait_intake(qtbot, main_window)
    notes = [t for t in problem_texts(main_window) if "GPS location" in t]
    assert notes and notes[0].startswith("⚠") and "porch.jpg" in notes[0]
    assert "Porch" in titles(main_window)
    assert any(e.title == "Porch" for e in disk().exhibits)


def test_closing_right_after_a_refused_write_still_combines_and_saves(session, sample_path, disk):
    """The conflict of an edit waits for the next turn of the event loop; closing before it comes resolves it."""
    from packet.core import actions

    eid = session.packet.exhibits[0].id
    edit_on_disk(sample_path, lambda body: body["cover"].update(judge="Hon. Edited Elsewhere"))
    session.edit("Rename", lambda p: actions.rename(p, eid, "Renamed just before closing"))  # waits: refused
    assert not session.saved
    session.close()  # no event loop turn in between
    saved = disk()
    assert saved.find(eid).title == "Renamed just before closing"
    assert saved.cover.judge == "Hon. Edited Elsewhere"
