"""A packet survives the program being killed at any instant: it opens, and every document it names is intact.

A child process saves the packet in a tight loop (and now and then adds a small new file); the test kills it
with SIGKILL at random moments, 200 times, and checks the packet after each kill.
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

from packet.store.folder import create_packet, open_packet

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)"),
]

KILLS = 200

CHILD = r"""
import os, random, sys
from PIL import Image
from pypdf import PdfWriter
from packet.store.folder import open_packet
from packet.store.intake import add_files

folder, seed, scratch = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(seed)
pf = open_packet(folder)
print("ready", flush=True)
n = 0
while True:
    n += 1
    pf.packet.cover.judge = f"{seed}:{n}"
    pf.packet.cover.filer_address = "x" * rng.randrange(0, 4000)  # packet.json changes length too
    pf.save()
    print(f"saved {n}", flush=True)
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
        add_files(pf, [path], workers=1)
"""


def _check_packet(folder) -> tuple[str, int]:
    """Open the packet and check every document it refers to; returns the last save marker and the doc count."""
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
    return pf.packet.cover.judge, len(pf.packet.documents)


def test_killing_the_program_at_random_moments_never_breaks_the_packet(tmp_path):
    folder = create_packet(tmp_path / "Crash").path
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    rng = random.Random(20240601)
    saved_by_child = 0
    deadline = time.monotonic() + 150
    for i in range(KILLS):
        assert time.monotonic() < deadline, f"too slow: only {i} kills done"
        err_path = tmp_path / "child-stderr.txt"
        with open(err_path, "wb") as err:
            proc = subprocess.Popen(
                [sys.executable, "-c", CHILD, str(folder), str(i), str(scratch)],
                stdout=subprocess.PIPE, stderr=err, env={**os.environ, "PYTHONWARNINGS": "ignore"},
            )
        try:
            ready = proc.stdout.readline()
            assert ready == b"ready\n", f"child failed to start: {err_path.read_text(errors='replace')[-2000:]}"
            time.sleep(rng.uniform(0, 0.030))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            said = proc.stdout.read().decode().split()
        finally:
            proc.kill()
            proc.wait()
            proc.stdout.close()
        assert proc.returncode == -signal.SIGKILL, (
            f"child stopped by itself (rc={proc.returncode}): {err_path.read_text(errors='replace')[-2000:]}"
        )
        marker, _ = _check_packet(folder)
        # no completed save is lost: what opens is the last save the child finished, or the one it was finishing
        finished = [int(n) for word, n in zip(said[::2], said[1::2]) if word == "saved"]
        if finished:
            saved_by_child += 1
            assert marker in (f"{i}:{finished[-1]}", f"{i}:{finished[-1] + 1}"), (marker, finished[-1])
        elif marker.startswith(f"{i}:"):
            assert marker == f"{i}:1"

    # the test exercised something: most children saved at least once, and added files along the way
    _, documents = _check_packet(folder)
    assert saved_by_child > KILLS // 2, saved_by_child
    assert documents > 20, documents
