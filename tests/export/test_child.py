"""The export in a child process (what the window runs): same files, progress, cancel, and a child that dies."""

from __future__ import annotations

import json
import os
import signal
import sys

import pytest
from pypdf import PdfReader

from packet.export.build import ExportCancelled, ExportError, export_packet
from packet.export.child import ExportProcess

from .samples import build_sample_packet


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return build_sample_packet(tmp_path_factory.mktemp("sample"))


def test_child_export_writes_what_the_in_process_export_writes(sample, tmp_path):
    calls = []
    result = ExportProcess(sample.packet, sample.path, tmp_path / "child.pdf").run(
        progress=lambda d, t, s: calls.append((d, t, s)))
    direct = export_packet(sample.packet, sample.path, tmp_path / "direct.pdf")
    assert result.pages == direct.pages == 18
    assert len(PdfReader(result.path).pages) == 18
    assert [len(f.pages) for f in result.files] == [len(f.pages) for f in direct.files]
    assert json.loads(result.manifest.read_text())["files"][0]["sha256"] == result.files[0].sha256
    dones = [d for d, _, _ in calls]
    assert dones == sorted(dones) and dones[-1] == 18 and calls[-1][1] == 18


def test_cancel_in_the_child_leaves_no_file(sample, tmp_path):
    seen = []

    def cancelled() -> bool:  # yes, once the child has reported it is under way
        return bool(seen)

    with pytest.raises(ExportCancelled, match="cancelled"):
        ExportProcess(sample.packet, sample.path, tmp_path / "out.pdf").run(
            progress=lambda d, t, s: seen.append(d), cancelled=cancelled)
    assert seen
    assert list(tmp_path.iterdir()) == []


def test_an_error_in_the_child_comes_back_as_its_message(tmp_path):
    pf = build_sample_packet(tmp_path / "p")
    doc = next(d for d in pf.packet.documents.values() if d.original_name == "a4.pdf")
    (pf.path / doc.stored).unlink()
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportError, match=r"a4\.pdf.*missing"):
        ExportProcess(pf.packet, pf.path, out / "x.pdf").run()
    assert list(out.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL (POSIX)")
def test_a_child_that_dies_is_an_error_and_leaves_nothing(sample, tmp_path):
    runner = ExportProcess(sample.packet, sample.path, tmp_path / "out.pdf")
    killed = []

    def progress(done, total, stage):
        if not killed and runner.pid:
            os.kill(runner.pid, signal.SIGKILL)
            killed.append(done)

    with pytest.raises(ExportError, match="stopped unexpectedly"):
        runner.run(progress=progress)
    assert killed
    assert list(tmp_path.iterdir()) == []
