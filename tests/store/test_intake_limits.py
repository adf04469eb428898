"""Intake never runs the computer out of memory, and its workers never outlive the program that started them."""

from __future__ import annotations

import io
import os
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from packet.cli import main
from packet.store import intake_limits
from packet.store.folder import create_packet, open_packet
from packet.store.intake import add_files, inspect_file
from packet.store.intake_workers import run_jobs
from tests.conftest import hang_guard

HANG_GUARD_S = 120


def snapshot(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- size and memory ----------------------------------------------------------------------------------------------

def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, capsys, monkeypatch):
    sparse = tmp_path / "scan-900MB.pdf"
    with open(sparse, "wb") as fh:  # 900 MB that take no disk space
        fh.truncate(900 * 1024 * 1024)
    real_open = open
    monkeypatch.setattr("builtins.open", lambda p, *a, **k: (_ for _ in ()).throw(AssertionError("read"))
                        if isinstance(p, (str, os.PathLike)) and Path(p) == sparse else real_open(p, *a, **k))
    pf = create_packet(tmp_path / "Lopez")
    before = snapshot(pf.path)
    capsys.readouterr()
    assert main(["add", str(pf.path), str(sparse)]) == 1
    out = capsys.readouterr().out
    assert "REFUSED  scan-900MB.pdf is 944 MB; Packet takes files up to 500 MB" in out and "Split it" in out
    assert snapshot(pf.path) == before


def test_the_size_limit_is_a_setting(tmp_path, make_pdf, monkeypatch):
    pdf = make_pdf("lease.pdf", pages=30)
    monkeypatch.setenv("PACKET_MAX_FILE_MB", "0.01")  # not a whole number: the default stays
    assert inspect_file(pdf).verdict == "accept"
    with open(tmp_path / "two-mb.pdf", "wb") as fh:
        fh.truncate(2 * 1024 * 1024)
    monkeypatch.setenv("PACKET_MAX_FILE_MB", "1")
    r = inspect_file(tmp_path / "two-mb.pdf")
    assert r.verdict == "reject" and "up to 1 MB" in r.messages[0]


def test_an_image_that_needs_more_than_a_workers_memory_is_refused_from_its_header(tmp_path, monkeypatch):
    png = tmp_path / "poster.png"
    Image.new("RGB", (4000, 3000), (240, 240, 240)).save(png)
    monkeypatch.setenv("PACKET_WORKER_MEMORY_MB", "64")  # 12 megapixels of PNG need about 84 MB
    decoded: list = []
    real_load = Image.Image.load
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(1) or real_load(self))
    r = inspect_file(png)
    assert r.verdict == "reject"
    assert "poster.png is too large to process on this computer" in r.messages[0]
    assert "4,000 x 3,000 pixels" in r.messages[0] and "Save it at a smaller size" in r.messages[0]
    assert decoded == []  # refused from the header, never decoded


def test_a_large_jpeg_is_decoded_smaller_to_fit_the_budget(tmp_path, monkeypatch):
    jpeg = tmp_path / "photo.jpg"
    Image.new("RGB", (4000, 3000), (90, 140, 60)).save(jpeg, quality=80)
    monkeypatch.setenv("PACKET_WORKER_MEMORY_MB", "64")
    pf = create_packet(tmp_path / "Lopez")
    (r,) = add_files(pf, [jpeg])
    assert r.verdict == "accept", r.messages
    img = pf.packet.documents[r.sha256].page_images[0]
    assert max(img.width, img.height) <= 2000  # decoded at half scale


def test_a_tiny_jpeg_claiming_a_huge_size_is_warned_about(tmp_path):
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (9, 9, 9)).save(buf, "JPEG")
    data = bytearray(buf.getvalue())
    at = data.index(b"\xff\xc0")
    data[at + 5:at + 9] = struct.pack(">HH", 60000, 60000)
    path = tmp_path / "claims.jpg"
    path.write_bytes(bytes(data))
    r = inspect_file(path)
    assert r.verdict == "warn"
    assert any("60,000 x 60,000 pixels" in m and "far too small" in m for m in r.messages)
    ordinary = tmp_path / "ordinary.jpg"
    Image.new("RGB", (1600, 1200), (250, 250, 250)).save(ordinary)
    assert inspect_file(ordinary).verdict == "accept"  # a flat page compresses well, and is still plausible


def test_workers_are_as_many_as_the_total_memory_allows(monkeypatch):
    monkeypatch.setenv("PACKET_WORKER_MEMORY_MB", "1024")
    monkeypatch.setenv("PACKET_INTAKE_MEMORY_MB", "2048")
    assert intake_limits.worker_count(50, 8) == 2
    monkeypatch.setenv("PACKET_INTAKE_MEMORY_MB", "1000")
    assert intake_limits.worker_count(50, 8) == 1
    assert intake_limits.worker_count(3, 8) == 1


BOUND = r"""
import sys
from packet.store.intake_workers import bound_memory
bound_memory(100 * 1024 * 1024)
try:
    block = bytearray(400 * 1024 * 1024)
except MemoryError:
    print("refused")
else:
    print("allocated", len(block))
small = bytearray(20 * 1024 * 1024)
print("small ok")
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_a_worker_is_held_to_its_memory_budget_by_the_os():
    out = subprocess.run([sys.executable, "-c", BOUND], capture_output=True, text=True, timeout=HANG_GUARD_S)
    assert out.stdout.split("\n")[:2] == ["refused", "small ok"], out.stderr


def test_a_worker_that_dies_costs_only_its_own_file(tmp_path):
    from . import intake_helpers

    jobs = [(str(n), str(tmp_path)) for n in range(6)]
    results = list(run_jobs(intake_helpers.die_on_three, jobs, workers=2, crashed=lambda job: f"crashed {job[0]}"))
    assert results == ["ok 0", "ok 1", "ok 2", "crashed 3", "ok 4", "ok 5"]


# -- workers die with their parent --------------------------------------------------------------------------------

def _children(pid: int) -> set[int]:
    kids = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            kids |= {int(k) for k in (task / "children").read_text().split()}
        except OSError:
            pass
    return kids


def _gone(pid: int) -> bool:
    try:
        state = next(l for l in Path(f"/proc/{pid}/status").read_text().splitlines() if l.startswith("State:"))
    except (OSError, StopIteration):
        return True
    return "Z" in state.split()[1]  # a zombie is dead: only its exit status is left


def _threads(pid: int) -> int:
    try:
        return len(list(Path(f"/proc/{pid}/task").iterdir()))
    except OSError:
        return 0


def _is_tracker(pid: int) -> bool:
    try:
        return b"resource_tracker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to find the workers")
def test_killing_a_multi_file_add_ends_its_workers_and_the_resource_tracker(tmp_path, make_pdf):
    pf = create_packet(tmp_path / "Lopez")
    files = [str(make_pdf(f"doc-{n}.pdf", pages=40)) for n in range(30)]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    add = subprocess.Popen([sys.executable, "-m", "packet", "add", str(pf.path), *files],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    kids: set[int] = set()
    try:
        workers: set[int] = set()
        # until two workers are at work: started, and past their set-up (its watchdog is a second thread)
        with hang_guard(HANG_GUARD_S, "waiting for the add's workers to start"):
            while len([w for w in workers if _threads(w) >= 2]) < 2 and add.poll() is None:
                kids = _children(add.pid)
                workers = {k for k in kids if not _is_tracker(k)}
        for w in workers:  # hold them mid-work, so the add cannot finish before it is killed
            os.kill(w, signal.SIGSTOP)
        assert add.poll() is None, "the add finished before its workers could be held; give it more work"
        assert any(_is_tracker(k) for k in kids), kids
        add.send_signal(signal.SIGKILL)
        add.wait(HANG_GUARD_S)
        with hang_guard(HANG_GUARD_S, f"workers still running after their parent was killed: {kids}"):
            while not all(_gone(k) for k in kids):
                time.sleep(0.05)  # between looks at /proc; what is waited for is the workers' end
    finally:
        add.kill()
        add.wait()
        for k in kids:
            if not _gone(k):
                os.kill(k, signal.SIGKILL)
    assert open_packet(pf.path).packet.exhibits == []  # and the packet is as it was


def test_devices_and_pipes_are_refused_not_read(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    for path, name in ((fifo, "pipe.pdf"), (Path("/dev/zero"), "zero")):
        r = inspect_file(path)
        assert r.verdict == "reject" and f"{name} is not an ordinary file" in r.messages[0]
