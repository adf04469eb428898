"""Faults of the disk and of paths give a message, never a traceback, and leave the packet exactly as it was.

"Disk full" is a real limit: the command runs in a child process whose file size limit (RLIMIT_FSIZE) is lower
than what it must write, which works for root too (CI may run as root, where a read-only chmod does not stop
writes; those cases are skipped there, saying why).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from packet.cli import main
from packet.store.archive import write_archive
from packet.store.folder import create_packet
from packet.store.intake import add_files

resource = pytest.importorskip("resource", reason="file size limits need POSIX")
HANG_GUARD_S = 300
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def snapshot(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def packet_cli(*argv, limit: int | None = None, cwd=None) -> tuple[int, str]:
    """Run `packet ARGV` in a child process, its files limited to `limit` bytes; (exit code, stderr + stdout)."""

    def limited() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = subprocess.run([sys.executable, "-m", "packet", *map(str, argv)], capture_output=True, cwd=cwd,
                          preexec_fn=limited, timeout=HANG_GUARD_S,
                          env={**os.environ, "PYTHONWARNINGS": "ignore", "PACKET_LOCK_WAIT": "2"})
    return proc.returncode, proc.stderr.decode(errors="replace") + proc.stdout.decode(errors="replace")


def assert_clean_failure(rc: int, text: str, *names: str) -> None:
    assert rc == 1, text
    assert "Traceback" not in text and "Error:" not in text, text
    for name in names:
        assert name in text, (name, text)


@pytest.fixture
def filled(tmp_path, make_pdf):
    pf = create_packet(tmp_path / "Lopez")
    add_files(pf, [make_pdf("lease.pdf", pages=2)])
    pf.update(lambda p: setattr(p.cover, "judge", "Hon. Kim"))
    return pf


@pytest.fixture
def big_png(tmp_path):
    from PIL import Image

    path = tmp_path / "scan.png"
    Image.frombytes("RGB", (400, 400), os.urandom(400 * 400 * 3)).save(path)
    return path


# -- disk full ----------------------------------------------------------------------------------------------------

def test_disk_full_while_storing_a_document(filled, big_png):
    before = snapshot(filled.path)
    rc, text = packet_cli("add", filled.path, big_png, limit=100_000)
    assert_clean_failure(rc, text, "scan.png", "disk is full", "Free some disk space")
    assert "REFUSED" in text
    assert snapshot(filled.path) == before


def test_disk_full_while_saving_packet_json_takes_the_new_document_away(filled, make_pdf):
    filled.update(lambda p: setattr(p.cover, "filer_address", "x" * 300_000))  # packet.json is now large
    before = snapshot(filled.path)
    rc, text = packet_cli("add", filled.path, make_pdf("small.pdf"), limit=200_000)
    assert_clean_failure(rc, text, str(filled.path / "packet.json"), "disk is full")
    assert snapshot(filled.path) == before  # the stored copy of small.pdf is gone again


@pytest.mark.parametrize("argv", [["set", "{p}", "judge=Hon. Other"], ["fill", "{p}", "A", "none"]])
def test_disk_full_while_changing_a_packet(filled, argv):
    filled.update(lambda p: setattr(p.cover, "filer_address", "x" * 300_000))
    before = snapshot(filled.path)
    rc, text = packet_cli(*[a.format(p=filled.path) for a in argv], limit=200_000)
    assert_clean_failure(rc, text, "packet.json", "disk is full")
    assert snapshot(filled.path) == before


def test_disk_full_while_building(filled, tmp_path):
    before = snapshot(filled.path)
    rc, text = packet_cli("build", filled.path, "-o", tmp_path / "out.pdf", "--force", "--quiet", limit=4_000)
    assert_clean_failure(rc, text, tmp_path.name)
    assert not (tmp_path / "out.pdf").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert snapshot(filled.path) == before


def test_disk_full_while_unpacking(filled, tmp_path, big_png):
    add_files(filled, [big_png])
    archive = write_archive(filled, tmp_path / "lopez.zip")
    dest = tmp_path / "dest"
    dest.mkdir()
    rc, text = packet_cli("unarchive", archive, "-d", dest, limit=100_000)
    assert_clean_failure(rc, text, "disk is full")
    assert list(dest.iterdir()) == []


def test_disk_full_while_archiving(filled, tmp_path, big_png):
    add_files(filled, [big_png])
    before = snapshot(filled.path)
    rc, text = packet_cli("archive", filled.path, "-o", tmp_path / "lopez.zip", limit=100_000)
    assert_clean_failure(rc, text, "lopez.zip", "disk is full")
    assert not list(tmp_path.glob("*.zip")) and not list(tmp_path.glob(".*.tmp"))
    assert snapshot(filled.path) == before


# -- names and paths --------------------------------------------------------------------------------------------

def test_a_packet_name_of_250_bytes(tmp_path, capsys):
    rc = main(["new", str(tmp_path / ("n" * 250))])
    err = capsys.readouterr().err
    assert_clean_failure(rc, err, "too long", "shorter name")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("verb", ["build", "archive"])
def test_an_output_path_of_300_characters(filled, tmp_path, capsys, verb):
    before = snapshot(filled.path)
    target = tmp_path / (("o" * 296) + (".pdf" if verb == "build" else ".zip"))
    argv = ["build", str(filled.path), "-o", str(target), "--force", "--quiet"] if verb == "build" else \
        ["archive", str(filled.path), "-o", str(target)]
    rc = main(argv)
    err = capsys.readouterr().err
    assert_clean_failure(rc, err, "too long")
    assert snapshot(filled.path) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_file_where_a_folder_is_expected(filled, tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file")
    before = snapshot(filled.path)
    for argv in (["new", blocker / "Lopez"], ["build", filled.path, "-o", blocker / "out.pdf", "--force"],
                 ["archive", filled.path, "-o", blocker / "out.zip"], ["unarchive", tmp_path / "x.zip", "-d", blocker]):
        rc = main([str(a) for a in argv])
        err = capsys.readouterr().err
        assert_clean_failure(rc, err, "not-a-folder")
    assert snapshot(filled.path) == before


def test_the_destination_deleted_before_writing(filled, tmp_path, capsys, monkeypatch):
    import shutil

    import packet.export.build as build

    dest = tmp_path / "out-folder"
    dest.mkdir()
    real = build.draw_generated

    def vanish(*a, **kw):  # the folder disappears while the export runs (a USB stick pulled out)
        shutil.rmtree(dest)
        return real(*a, **kw)

    monkeypatch.setattr(build, "draw_generated", vanish)
    rc = main(["build", str(filled.path), "-o", str(dest / "out.pdf"), "--force", "--quiet"])
    err = capsys.readouterr().err
    assert_clean_failure(rc, err, "out-folder")
    assert not dest.exists()


@pytest.mark.skipif(AS_ROOT, reason="running as root: a read-only folder does not stop root's writes")
@pytest.mark.parametrize("argv", [["add", "{p}", "{pdf}"], ["set", "{p}", "judge=X"], ["fill", "{p}", "A", "none"]])
def test_a_read_only_packet(filled, make_pdf, capsys, argv):
    pdf = make_pdf("new.pdf")
    before = snapshot(filled.path)
    for sub in (filled.path / "documents", filled.path / "derived", filled.path):
        sub.chmod(0o555)
    try:
        rc = main([a.format(p=filled.path, pdf=pdf) for a in argv])
        err = capsys.readouterr().out + capsys.readouterr().err
    finally:
        for sub in (filled.path, filled.path / "documents", filled.path / "derived"):
            sub.chmod(0o700)
    assert_clean_failure(rc, err, "Lopez.packet")
    assert snapshot(filled.path) == before


@pytest.mark.skipif(AS_ROOT, reason="running as root: a read-only folder does not stop root's writes")
@pytest.mark.parametrize("verb", ["new", "build", "archive", "unarchive"])
def test_a_read_only_destination(filled, tmp_path, capsys, verb):
    ro = tmp_path / "read-only"
    ro.mkdir()
    archive = write_archive(filled, tmp_path / "a.zip")
    argv = {"new": ["new", ro / "Other"], "build": ["build", filled.path, "-o", ro / "out.pdf", "--force"],
            "archive": ["archive", filled.path, "-o", ro / "out.zip"],
            "unarchive": ["unarchive", archive, "-d", ro]}[verb]
    ro.chmod(0o555)
    try:
        rc = main([str(a) for a in argv])
        err = capsys.readouterr().err
    finally:
        ro.chmod(0o700)
    assert_clean_failure(rc, err, "read-only")
    assert list(ro.iterdir()) == []


@pytest.fixture
def denied(monkeypatch):
    """Every new file or folder is refused as on a read-only disk (EACCES), for root as for anyone."""
    import errno
    import tempfile

    def refuse(*a, **kw):
        where = kw.get("dir") or (a[0] if a else "")
        raise PermissionError(errno.EACCES, "Permission denied", str(where))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    monkeypatch.setattr(os, "mkdir", refuse)


@pytest.mark.parametrize("argv", [["add", "{p}", "{pdf}"], ["set", "{p}", "judge=X"], ["fill", "{p}", "A", "none"],
                                  ["new", "{tmp}/Other"], ["build", "{p}", "-o", "{tmp}/out.pdf", "--force"],
                                  ["archive", "{p}", "-o", "{tmp}/out.zip"], ["unarchive", "{zip}", "-d", "{dest}"]])
def test_permission_denied_gives_a_message_and_changes_nothing(filled, tmp_path, make_pdf, capsys, argv, request):
    pdf = make_pdf("new.pdf")
    archive = write_archive(filled, tmp_path / "a.zip")
    (tmp_path / "dest").mkdir()
    before, names_before = snapshot(filled.path), sorted(p.name for p in tmp_path.iterdir())
    request.getfixturevalue("denied")
    rc = main([a.format(p=filled.path, pdf=pdf, tmp=tmp_path, zip=archive, dest=tmp_path / "dest") for a in argv])
    text = capsys.readouterr()
    assert_clean_failure(rc, text.out + text.err, "may not", "read-only")
    assert snapshot(filled.path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == names_before
    assert list((tmp_path / "dest").iterdir()) == []
