"""Two writers never overwrite each other: the packet lock, and saves as compare-and-swap on what was read."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading

import pytest

from packet.cli import main
from packet.store import lock as lock_module
from packet.store.folder import PacketChanged, PacketError, create_packet, open_packet
from packet.store.intake import add_files
from packet.store.lock import LOCK_FILE, LockError, PacketLock, intake_guard

HANG_GUARD_S = 120  # only against a hang: a slow, loaded machine passes far inside it


def run(capsys, *argv) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def snapshot(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- the lock ---------------------------------------------------------------------------------------------------

def test_a_held_lock_refuses_a_second_writer_naming_the_holder(tmp_path):
    pf = create_packet(tmp_path / "Lopez")
    with PacketLock(pf.path, "the Packet window"):
        with pytest.raises(LockError) as caught:
            PacketLock(pf.path, "'packet add'").acquire(wait=0)
    message = str(caught.value)
    assert "in use by the Packet window" in message
    assert f"pid {os.getpid()}" in message and "Close it there, or wait" in message
    assert caught.value.holder is not None and caught.value.holder.pid == os.getpid()
    PacketLock(pf.path, "again").acquire(wait=0).release()  # released: free again
    assert not (pf.path / LOCK_FILE).exists()  # the record goes with the lock


def test_a_killed_holder_never_leaves_the_packet_stuck(tmp_path):
    pf = create_packet(tmp_path / "Lopez")
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; from packet.store.lock import PacketLock; "
         "held = PacketLock(sys.argv[1], 'the Packet window').acquire(wait=0); print('held', flush=True); sys.stdin.read()",
         str(pf.path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert child.stdout.readline() == b"held\n"
        with pytest.raises(LockError, match=f"the Packet window, pid {child.pid}"):
            PacketLock(pf.path, "test").acquire(wait=0)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=HANG_GUARD_S)
    finally:
        child.kill()
        child.wait()
        child.stdin.close()
        child.stdout.close()
    assert (pf.path / LOCK_FILE).exists()  # its record is left behind, and does not count
    PacketLock(pf.path, "test").acquire(wait=0).release()


def test_the_cli_waits_for_a_lock_that_is_released(tmp_path, capsys, monkeypatch):
    pf = create_packet(tmp_path / "Lopez")
    holder = PacketLock(pf.path, "the Packet window").acquire()
    waiting = threading.Event()
    real_sleep = lock_module.time.sleep

    def sleep(seconds):  # the CLI found the lock held and waits: now let it go
        waiting.set()
        real_sleep(seconds)

    monkeypatch.setattr(lock_module.time, "sleep", sleep)
    monkeypatch.setenv("PACKET_LOCK_WAIT", str(HANG_GUARD_S))
    result: list = []
    worker = threading.Thread(target=lambda: result.append(main(["set", str(pf.path), "judge=Hon. Kim"])))
    worker.start()
    assert waiting.wait(HANG_GUARD_S)
    holder.release()
    worker.join(HANG_GUARD_S)
    assert result == [0]
    assert open_packet(pf.path).packet.cover.judge == "Hon. Kim"


@pytest.mark.parametrize("argv", [["set", "{p}", "judge=Hon. Kim"], ["add", "{p}", "{pdf}"], ["fill", "{p}", "A", "none"],
                                  ["add", "{p}", "{pdf}", "--translation-of", "A"]])
def test_the_cli_says_who_holds_the_packet_and_changes_nothing(tmp_path, capsys, monkeypatch, make_pdf, argv):
    pf = create_packet(tmp_path / "Lopez")
    add_files(pf, [make_pdf("first.pdf")])
    pdf = make_pdf("second.pdf")
    before = snapshot(pf.path)
    monkeypatch.setenv("PACKET_LOCK_WAIT", "0.1")
    with PacketLock(pf.path, "the Packet window"):
        rc, out, err = run(capsys, *[a.format(p=pf.path, pdf=pdf) for a in argv])
    assert rc == 1
    assert f"{pf.path}: in use by the Packet window, pid {os.getpid()}" in err
    assert "Traceback" not in err
    assert snapshot(pf.path) == before


# -- compare-and-swap -----------------------------------------------------------------------------------------

def test_saving_an_old_copy_is_refused_and_changes_nothing(tmp_path):
    pf = create_packet(tmp_path / "Lopez")
    first, second = open_packet(pf.path), open_packet(pf.path)
    second.packet.cover.judge = "Hon. Kim"
    second.save()
    before = snapshot(pf.path)
    first.packet.cover.court = "Immigration Court, Newark"
    with pytest.raises(PacketChanged, match="changed by another program"):
        first.save()
    assert snapshot(pf.path) == before
    assert open_packet(pf.path).packet.cover.judge == "Hon. Kim"


def test_write_is_the_compare_and_swap_whenever_the_bytes_were_encoded(tmp_path):
    """The window encodes on one thread and writes on another: the check is made by write, at the write."""
    pf = create_packet(tmp_path / "Lopez")
    pf.packet.cover.court = "Immigration Court, Newark"
    data = pf.encode()  # encoded while packet.json was still the version read...
    other = open_packet(pf.path)
    other.update(lambda p: setattr(p.cover, "judge", "Hon. Kim"))  # ...then another program saved
    before = snapshot(pf.path)
    with pytest.raises(PacketChanged):
        pf.write(data)
    assert snapshot(pf.path) == before
    pf.reload()
    pf.packet.cover.court = "Immigration Court, Newark"
    pf.write(pf.encode())  # on the version now on disk: written
    on_disk = open_packet(pf.path).packet
    assert (on_disk.cover.judge, on_disk.cover.court) == ("Hon. Kim", "Immigration Court, Newark")


def test_a_folder_opened_read_only_refuses_every_write(tmp_path):
    pf = create_packet(tmp_path / "Lopez")
    pf.read_only = True
    before = snapshot(pf.path)
    pf.packet.cover.judge = "Hon. Kim"
    for attempt in (pf.save, lambda: pf.write(pf.encode()),
                    lambda: pf.update(lambda p: setattr(p.cover, "court", "Newark"))):
        with pytest.raises(PacketError, match="read-only"):
            attempt()
    assert snapshot(pf.path) == before


def test_an_add_on_an_old_copy_keeps_what_another_program_added(tmp_path, make_pdf):
    """The window open, the CLI adds and sets a field, then the window's copy adds: nothing is lost."""
    pf = create_packet(tmp_path / "Lopez")
    stale = open_packet(pf.path)
    other = open_packet(pf.path)
    add_files(other, [make_pdf("by-other.pdf")])
    other.update(lambda p: setattr(p.cover, "judge", "Hon. Kim"))
    add_files(stale, [make_pdf("by-stale.pdf")])
    on_disk = open_packet(pf.path).packet
    assert [e.title for e in on_disk.exhibits] == ["By other", "By stale"]
    assert on_disk.cover.judge == "Hon. Kim"


CHILD_ADD = r"""
import sys
from packet.cli import main
print("ready", flush=True)
sys.stdin.readline()
sys.exit(main(["add", *sys.argv[1:]]))
"""


@pytest.mark.slow
def test_two_concurrent_adds_both_keep_their_exhibits(tmp_path, make_pdf):
    """Real processes released at the same moment; every trial, every exhibit of both is in the packet."""
    trials, per_add = 6, 3
    env = {**os.environ, "PACKET_LOCK_WAIT": str(HANG_GUARD_S), "PYTHONWARNINGS": "ignore"}
    for trial in range(trials):
        pf = create_packet(tmp_path / f"Trial{trial}")
        files = {side: [make_pdf(f"{trial}-{side}-{n}.pdf") for n in range(per_add)] for side in "ab"}
        kids = [subprocess.Popen([sys.executable, "-c", CHILD_ADD, str(pf.path), *map(str, files[side])],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
                for side in "ab"]
        try:
            for kid in kids:
                assert kid.stdout.readline() == b"ready\n"
            for kid in kids:  # both go at once
                kid.stdin.write(b"go\n")
                kid.stdin.flush()
            outputs = [kid.communicate(timeout=HANG_GUARD_S) for kid in kids]
        finally:
            for kid in kids:
                kid.kill()
                kid.wait()
        for kid, (_out, err) in zip(kids, outputs, strict=True):
            assert kid.returncode == 0, err.decode(errors="replace")
            assert b"3 added" in err
        packet = open_packet(pf.path).packet
        titles = sorted(e.title for e in packet.exhibits)
        assert titles == sorted(f"{trial} {side} {n}" for side in "ab" for n in range(per_add)), trial
        assert len(packet.documents) == 2 * per_add
        for doc in packet.documents.values():
            assert (pf.path / doc.stored).is_file()


# -- what crashes leave ------------------------------------------------------------------------------------------

def test_documents_no_packet_json_names_are_removed_at_open(tmp_path, make_pdf):
    pf = create_packet(tmp_path / "Lopez")
    add_files(pf, [make_pdf("kept.pdf")])
    kept = snapshot(pf.path)
    orphan = pf.path / "documents" / ("ab" * 32 + ".pdf")
    orphan.write_bytes(b"%PDF-1.4 left by a killed add")
    derived = pf.path / "derived" / ("cd" * 32)
    derived.mkdir()
    (derived / "p0001.jpg").write_bytes(b"\xff\xd8 left behind")
    with intake_guard(pf.path):  # an add is still writing: its documents are not touched
        open_packet(pf.path)
        assert orphan.exists() and (derived / "p0001.jpg").exists()
    open_packet(pf.path)
    assert not orphan.exists() and not derived.exists()
    assert snapshot(pf.path) == kept


def test_documents_named_only_by_the_backup_are_kept(tmp_path, make_pdf):
    pf = create_packet(tmp_path / "Lopez")
    add_files(pf, [make_pdf("old.pdf")])
    body = json.loads((pf.path / "packet.json").read_bytes())
    (pf.path / "packet.json.bak").write_bytes((pf.path / "packet.json").read_bytes())
    stored = next(iter(body["documents"].values()))["stored"]
    body["documents"], body["exhibits"] = {}, []
    (pf.path / "packet.json").write_text(json.dumps(body), encoding="utf-8")
    open_packet(pf.path)
    assert (pf.path / stored).is_file()


def test_caches_of_named_documents_survive_the_clean_up(tmp_path, make_pdf):
    """The clean-up at open removes what killed adds left, never what main's engines keep beside a document it
    names: recognised text (derived/<sha>/ocr/) and a converted letter's PDF (derived/<sha>/converted.pdf)."""
    from packet.store.convert import converted_path
    from packet.store.ocr import cache_path

    pf = create_packet(tmp_path / "Lopez")
    add_files(pf, [make_pdf("kept.pdf")])
    sha = next(iter(pf.packet.documents))
    ocr = cache_path(pf.path, sha, 1)
    ocr.parent.mkdir(parents=True)
    ocr.write_text('{"words": []}', encoding="utf-8")
    converted = pf.path / converted_path(sha)
    converted.write_bytes(b"%PDF-1.4 converted")
    orphan_ocr = cache_path(pf.path, "ef" * 32, 1)  # a document no packet.json names: its cache goes too
    orphan_ocr.parent.mkdir(parents=True)
    orphan_ocr.write_text("{}", encoding="utf-8")
    open_packet(pf.path, lock="test").release_lock()
    assert ocr.is_file() and converted.is_file()
    assert not orphan_ocr.exists() and not (pf.path / "derived" / ("ef" * 32)).exists()
