"""An export's files are checked, private while written, and put in place together or not at all (issue 10).

Each numbered item of the reliability issue that is the export's is tested through the command line:
4 (a killed export leaves private temporaries, removed by the next export to that folder), 9 (output that
fails qpdf's check is an error naming the part, never a file), 12 (the PDFs and the manifest of one export
are committed together: a full disk or a name too long for the manifest changes nothing).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from packet.cli import main
from packet.export import build, commit
from packet.export.build import ExportError, export_packet
from packet.export.tempfiles import PREFIX, SUFFIX, new_temp, remove_stale_temps

from .samples import build_sample_packet

QPDF = shutil.which("qpdf")
NEEDS_QPDF = pytest.mark.skipif(QPDF is None, reason="qpdf (Debian package qpdf) not installed")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return build_sample_packet(tmp_path_factory.mktemp("sample"))


def _temps(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith(PREFIX) and p.name.endswith(SUFFIX))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- what comes out passes qpdf --check -------------------------------------------------------------------------

@NEEDS_QPDF
def test_exported_packet_passes_qpdf_check(sample, tmp_path, capsys):
    out = tmp_path / "filing.pdf"
    assert main(["build", str(sample.path), "-o", str(out), "--quiet"]) == 0
    run = subprocess.run([QPDF, "--check", str(out)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "No syntax or stream encoding errors" in run.stdout


def test_exported_files_are_readable_like_documents_and_no_temporary_is_left(sample, tmp_path):
    out = tmp_path / "filing.pdf"
    assert main(["build", str(sample.path), "-o", str(out), "--quiet"]) == 0
    mask = os.umask(0o022)
    os.umask(mask)
    for path in (out, out.with_name("filing.manifest.json")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask, path
    assert _temps(tmp_path) == []


# -- item 9: a failed check is an error naming the part, never a file -----------------------------------------------

def test_output_failing_its_check_is_an_error_naming_the_part(sample, tmp_path, monkeypatch, capsys):
    real_write = build.write_pdf

    def damaged_write(pdf, where, *args):  # as if qpdf wrote a broken file
        path = real_write(pdf, where, *args)
        data = path.read_bytes()
        path.write_bytes(data[: len(data) * 3 // 5])  # cut short, as a full disk or a crash would leave it
        return path

    monkeypatch.setattr(build, "write_pdf", damaged_write)
    out = tmp_path / "filing.pdf"
    assert main(["build", str(sample.path), "-o", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "filing.pdf" in err and ("failed its check" in err or "could not be read back" in err), err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_check_finds_a_damaged_stream_qpdf_would_report(tmp_path):
    import zlib

    import pikepdf

    pdf = pikepdf.Pdf.new()
    pdf.add_blank_page(page_size=(612, 792))
    stream = pdf.make_stream(b"")
    stream.write(zlib.compress(b"0 0 m 100 100 l S " * 200)[:-30], filter=pikepdf.Name.FlateDecode)
    pdf.pages[0].obj.Contents = stream
    path = tmp_path / "broken.pdf"
    pdf.save(path, compress_streams=False)
    with pytest.raises(ExportError, match="Part 2.*failed its check"):
        commit.check_pdf(path, 1, "Part 2")


# -- item 4: private temporaries, and stale ones removed ------------------------------------------------------------

CHILD = r"""
import os, sys, time
from pathlib import Path
from packet.store.folder import open_packet
from packet.export.build import export_packet
pf = open_packet(sys.argv[1])
out = Path(sys.argv[2])

def cancelled():
    parts = [p for p in out.parent.iterdir() if p.name.startswith(".packet-export.")]
    if any(p.stat().st_size > 0 and p.name.endswith(".gen.part") for p in parts):
        print("writing", flush=True)
        while True:  # wait here to be killed, with the temporary files on disk
            time.sleep(60)
    return False

export_packet(pf.packet, pf.path, out, cancelled=cancelled)
"""


@pytest.mark.skipif(not hasattr(os, "kill") or sys.platform == "win32", reason="needs SIGKILL (POSIX)")
def test_a_killed_export_leaves_private_temporaries_that_the_next_export_removes(sample, tmp_path, capsys):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "filing.pdf"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(sample.path), str(out)], stdout=subprocess.PIPE,
                             text=True)
    try:
        assert child.stdout.readline().strip() == "writing"  # the child is mid-export
    finally:
        child.kill()
        child.wait(timeout=60)
        child.stdout.close()
    left = _temps(out_dir)
    assert left, "the killed export had temporary files"
    for path in left:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path  # the client's pages: the user's alone
    assert not out.exists()
    assert main(["build", str(sample.path), "-o", str(out), "--quiet"]) == 0
    assert _temps(out_dir) == []
    assert sorted(p.name for p in out_dir.iterdir()) == ["filing.manifest.json", "filing.pdf"]


def test_stale_temporaries_of_live_exports_and_other_files_are_kept(tmp_path):
    mine = new_temp(tmp_path)  # this process: alive, its export may be running
    dead = tmp_path / f"{PREFIX}999999999.abc{SUFFIX}"  # no such process
    dead.write_bytes(b"pages")
    other = tmp_path / "notes.part"
    other.write_bytes(b"not ours")
    assert remove_stale_temps(tmp_path) == [dead.name]
    assert mine.exists() and other.exists() and not dead.exists()


# -- item 12: all or nothing --------------------------------------------------------------------------------------

def _earlier_export(sample, folder: Path) -> dict[str, bytes]:
    out = folder / "filing.pdf"
    assert main(["build", str(sample.path), "-o", str(out), "--quiet"]) == 0
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_disk_full_while_writing_the_manifest_leaves_the_earlier_export_as_it_was(sample, tmp_path, monkeypatch,
                                                                                  capsys):
    before = _earlier_export(sample, tmp_path)
    sample.packet.exhibits[0].title = "A changed title, so the new export differs"
    class FullDisk:
        def __init__(self, path, mode):
            self.fh = open(path, mode)

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

    def full_disk_for_the_manifest(path, mode="r", *args, **kwargs):
        if str(path).endswith(".json" + SUFFIX):
            return FullDisk(path, mode)
        return open(path, mode, *args, **kwargs)

    monkeypatch.setattr(commit, "open", full_disk_for_the_manifest, raising=False)
    try:
        assert main(["build", str(sample.path), "-o", str(tmp_path / "filing.pdf"), "--quiet"]) == 1
    finally:
        sample.packet.exhibits[0].title = "Birth certificate of José Núñez Ibáñez"
    assert "No space left" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_rename_that_fails_puts_back_the_files_already_renamed(sample, tmp_path, monkeypatch, capsys):
    before = _earlier_export(sample, tmp_path)
    real = os.replace
    calls = []

    def replace(src, dst):
        calls.append(Path(dst).name)
        if Path(dst).name == "filing.manifest.json" and len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error")
        return real(src, dst)

    monkeypatch.setattr(commit.os, "replace", replace)
    assert main(["build", str(sample.path), "-o", str(tmp_path / "filing.pdf"), "--quiet"]) == 1
    assert "could not be put in place" in capsys.readouterr().err, calls
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before, calls


def test_a_240_byte_name_gets_its_pdf_and_its_manifest(sample, tmp_path, capsys):
    name = "E" * 236 + ".pdf"
    assert len(name.encode()) == 240
    out = tmp_path / name
    assert main(["build", str(sample.path), "-o", str(out), "--quiet"]) == 0
    manifest = json.loads(out.with_name("E" * 236 + ".manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"][0]["sha256"] == _sha(out)
    assert len(PdfReader(out).pages) == manifest["total_pages"]


def test_a_name_too_long_for_the_manifest_is_refused_before_anything_is_written(sample, tmp_path, capsys):
    out = tmp_path / ("F" * 246 + ".pdf")  # the PDF's name fits; "<name>.manifest.json" (260 bytes) does not
    assert main(["build", str(sample.path), "-o", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "shorter name" in err
    assert list(tmp_path.iterdir()) == []


def test_export_packet_result_matches_the_manifest(sample, tmp_path):
    result = export_packet(sample.packet, sample.path, tmp_path / "x.pdf")
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert [f["sha256"] for f in manifest["files"]] == [f.sha256 for f in result.files] == [_sha(result.path)]
