"""A packet survives the program being killed at any instant: it opens, and every document it names is intact.

A child process saves the packet in a loop (and now and then adds a small new file), saying on stdout what it
has finished; the test kills it with SIGKILL after it reports a varied number of saves (sometimes while it is
adding a file), 200 times, and checks the packet after each kill. The test counts what the child reported, never
how long anything took, so it passes on a slow, busy machine and still fails when a save is torn or lost.

The children are forked from one helper process that has already imported Packet, so each kill costs a fork,
not a Python start-up.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from conftest import hang_guard

from packet.store.folder import create_packet, open_packet

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL") or not hasattr(os, "fork"), reason="needs fork and SIGKILL"),
]

KILLS = 200
HANG_GUARD_S = 300  # only against a child that never reports; no figure here depends on speed

# The helper: imports everything once, then for each seed read on stdin forks a worker, says its pid, lets it
# start, and reports how it ended. The worker writes "saved N", "adding N" and "added N SHA" as it finishes each.
HELPER = r"""
import os, random, sys, traceback
from PIL import Image
from pypdf import PdfWriter
from packet.store.folder import open_packet
from packet.store.intake import add_files

folder, scratch = sys.argv[1], sys.argv[2]


def say(line):
    # One write per line: a pipe write this short is atomic, so a kill never leaves half a line for the helper's
    # "ended" to join. (print is two writes when PYTHONUNBUFFERED is set, as it is in CI: "saved 4ended 9".)
    os.write(1, (line + "\n").encode())


def work(seed):
    rng = random.Random(seed)
    pf = open_packet(folder)
    n = 0
    while True:
        n += 1
        pf.packet.cover.judge = f"{seed}:{n}"
        pf.packet.cover.filer_address = "x" * rng.randrange(0, 4000)  # packet.json changes length too
        pf.save()
        say(f"saved {n}")
        if rng.random() < 0.3:
            # half the time content from a small pool, so a file whose writing an earlier kill cut short comes again
            key = rng.randrange(30) if rng.random() < 0.5 else f"{seed}-{n}"
            src = random.Random(str(key))
            path = os.path.join(scratch, f"f-{seed}-{n}")
            if src.random() < 0.5:
                path += ".png"
                w, h = src.randint(20, 300), src.randint(20, 200)
                Image.frombytes("RGB", (w, h), src.randbytes(w * h * 3)).save(path)
            else:
                path += ".pdf"
                writer = PdfWriter()
                for _ in range(src.randint(1, 3)):
                    writer.add_blank_page(src.randint(200, 900), src.randint(200, 900))
                writer.add_metadata({"/Title": str(key)})
                writer.write(path)
            say(f"adding {n}")
            [result] = add_files(pf, [path], workers=1)
            say(f"added {n} {result.sha256}")


say("ready")
for line in iter(sys.stdin.readline, ""):
    seed = int(line)
    go_r, go_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(go_w)
        # the commands come on stdin: a worker and whatever it starts must never hold (or read) that pipe
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        sys.stdin = open(0, closefd=False)
        os.read(go_r, 1)  # start only once the test knows the pid
        try:
            work(seed)
        except BaseException:
            traceback.print_exc()
        os._exit(3)
    os.close(go_r)
    say(f"pid {pid}")
    os.write(go_w, b"g")
    os.close(go_w)
    _, status = os.waitpid(pid, 0)
    say(f"ended {status}")
"""


def _check_packet(folder) -> tuple[str, set[str]]:
    """Open the packet and check every document it refers to; returns the last save marker and the documents."""
    pf = open_packet(folder)
    # packet.json is replaced whole, so a killed program never leaves it torn: the backup is not needed
    assert not pf.opened_from_backup
    for doc in pf.packet.documents.values():
        stored = pf.file(doc.stored)
        assert stored.is_file(), f"{doc.stored} is named in packet.json but missing"
        if not doc.decrypted:
            assert hashlib.sha256(stored.read_bytes()).hexdigest() == doc.sha256, f"{doc.stored} is damaged"
        assert len(doc.page_images) == (doc.pages if doc.kind == "image" else 0)
        for img in doc.page_images:
            assert pf.file(img.file).is_file(), f"page image {img.file} is missing"
    for e in pf.packet.items():
        assert e.document in pf.packet.documents
    backup = folder / "packet.json.bak"
    if backup.exists():
        json.loads(backup.read_bytes())  # the backup is whole too
    return pf.packet.cover.judge, set(pf.packet.documents)


class Helper:
    """The forking helper process, spoken to line by line."""

    def __init__(self, folder, scratch, err_path):
        self.err_path = err_path
        with open(err_path, "wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", HELPER, str(folder), str(scratch)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                env={**os.environ, "PYTHONWARNINGS": "ignore"},
            )
        assert self.line() == "ready", self.stderr()

    def stderr(self) -> str:
        return self.err_path.read_text(errors="replace")[-2000:]

    def line(self) -> str:
        raw = self.proc.stdout.readline()
        assert raw, f"the helper stopped: {self.stderr()}"
        return raw.decode().strip()

    def start(self, seed: int) -> int:
        self.proc.stdin.write(f"{seed}\n".encode())
        self.proc.stdin.flush()
        word, pid = self.line().split()
        assert word == "pid", (word, pid)
        return int(pid)

    def close(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=HANG_GUARD_S)
        finally:
            self.proc.kill()
            self.proc.wait()
            self.proc.stdout.close()


def _run_child(helper: Helper, seed: int, saves: int, during_add: bool, pause: float) -> list[list[str]]:
    """Start a worker, kill it once it has reported `saves` saves (and, with `during_add`, then announced an
    add) and `pause` seconds more have passed, and return everything it reported.

    The pause only moves the kill to a random instant of the work that follows; nothing waits on it, and what
    the test asserts holds whatever the pause turns out to cover on this machine."""
    pid = helper.start(seed)
    said: list[list[str]] = []
    killed = False
    while True:
        words = helper.line().split()
        if words[0] == "ended":
            status = int(words[1])
            break
        assert words[0] in ("saved", "adding", "added") and len(words) == (3 if words[0] == "added" else 2), (
            f"worker {seed}: a report the test cannot read: {words}")
        said.append(words)
        done = sum(1 for w in said if w[0] == "saved")
        if not killed and done >= saves and (not during_add or words[0] == "adding"):
            if pause:
                time.sleep(pause)
            os.kill(pid, signal.SIGKILL)
            killed = True
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
        f"worker {seed} stopped by itself (status {status}): {helper.stderr()}")
    return said


def test_killing_the_program_at_random_moments_never_breaks_the_packet(tmp_path):
    folder = create_packet(tmp_path / "Crash").path
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    rng = random.Random(20240601)
    helper = Helper(folder, scratch, tmp_path / "helper-stderr.txt")
    reported_added: set[str] = set()
    try:
        for i in range(KILLS):
            with hang_guard(HANG_GUARD_S, f"kill {i} of the crash-safety run"):  # a hang fails, saying where
                _one_round(helper, folder, rng, i, reported_added)
    finally:
        helper.close()

    # the test exercised what it claims: every kill came after the saves asked for (checked above), and adds
    # were made and kept (the adds a child finished before its last save are fixed by the seeds, not the clock)
    _, documents = _check_packet(folder)
    assert len(reported_added) >= 20, len(reported_added)
    assert reported_added <= documents


def _one_round(helper: Helper, folder, rng: random.Random, i: int, reported_added: set[str]) -> None:
    saves = rng.randint(1, 6)
    during_add = rng.random() < 0.35
    pause = rng.choice((0.0, rng.uniform(0, 0.004), rng.uniform(0, 0.015)))
    said = _run_child(helper, i, saves, during_add, pause)
    marker, documents = _check_packet(folder)
    finished = [int(w[1]) for w in said if w[0] == "saved"]
    assert len(finished) >= saves, (i, said)
    # no completed save is lost: what opens is the last save the child finished, or the one it was making
    assert marker in (f"{i}:{finished[-1]}", f"{i}:{finished[-1] + 1}"), (marker, finished[-1])
    # no completed add is lost either
    reported_added |= {w[2] for w in said if w[0] == "added"}
    missing = reported_added - documents
    assert not missing, f"kill {i}: documents the child had added are gone: {sorted(missing)}"
