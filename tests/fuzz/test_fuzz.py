"""The fuzzer (fuzz_pdf.py), bounded for CI: every mutated corpus PDF is refused with a message naming it, or
exports to a PDF that passes `qpdf --check`; no traceback, no hang, bounded memory. `make fuzz` runs many more."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from fuzz_pdf import CORPUS, sources  # noqa: E402

CASES = int(os.environ.get("PACKET_FUZZ_CASES", "40"))
MAX_RSS_MB = 1024  # the whole run, bombs included: nothing may inflate a bomb into memory

pytestmark = [
    pytest.mark.slow,
    pytest.mark.corpus,
    pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").is_file(), reason=f"corpus not found at {CORPUS}"),
    pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf (Debian package qpdf) not installed"),
]


def test_mutated_corpus_pdfs_are_refused_or_export_clean(tmp_path):
    assert len(sources()) >= 10
    proc = subprocess.Popen([sys.executable, str(HERE / "fuzz_pdf.py"), "--cases", str(CASES), "--seed", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=60 * max(10, CASES // 4))  # guards against a hang only
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"the fuzzer hung; last cases:\n{err[-3000:]}")
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["failures"] == [], json.dumps(summary["failures"], indent=1)[:6000]
    assert summary["refused"] + summary["exported"] == CASES
    assert summary["refused"] > 0 and summary["exported"] > 0  # both ways were exercised


def test_fuzzing_memory_stays_bounded():
    """Bombs and huge lengths included, a run of cases never needs more than MAX_RSS_MB."""
    cmd = [sys.executable, str(HERE / "fuzz_pdf.py"), "--cases", "6", "--seed", "3", "--mutations",
           "bomb,length,nesting"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read()  # to the end: the child has finished writing
    proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0, out[-3000:]
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["mutations"].get("bomb", 0) > 0, summary  # the run had bombs among its cases
    assert usage.ru_maxrss / 1024 < MAX_RSS_MB
