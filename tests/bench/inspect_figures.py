"""How long intake takes to judge one file: every real-world corpus file, and a PDF whose page tree lies.

These were once time limits inside tests/store/test_corpus.py (20 s a file, 2 s for the liar); tests only guard
against hangs now, and the figures live here, in `make bench` (bench/results.json, key "inspect").
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

from conftest import CORPUS, liar_pdf, read_manifest  # noqa: E402

from packet.store.intake import inspect_file  # noqa: E402


def _timed(path: Path, runs: int) -> float:
    """Median wall seconds of `inspect_file` over `runs` runs (in this process, as `packet inspect` does)."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        inspect_file(path)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def inspect_figures(runs: int = 3) -> dict:
    fig: dict = {}
    rows = read_manifest()
    if rows:
        per_file = {r["filename"]: _timed(CORPUS / r["filename"], runs) for r in rows}
        slowest = sorted(per_file.items(), key=lambda kv: kv[1], reverse=True)[:5]
        fig["corpus"] = {
            "files": len(per_file),
            "median_s": round(statistics.median(per_file.values()), 4),
            "max_s": round(slowest[0][1], 4),
            "slowest": {name: round(s, 4) for name, s in slowest},
        }
    else:
        fig["corpus"] = f"not measured: no corpus at {CORPUS}"
    with tempfile.TemporaryDirectory(prefix="packet-bench-liar-") as tmp:
        for encrypt in (False, True):
            path = Path(tmp) / f"liar-{encrypt}.pdf"
            path.write_bytes(liar_pdf(9_999_999_999, encrypt))
            fig[f"lying_page_count{'_encrypted' if encrypt else ''}_s"] = round(_timed(path, runs), 4)
    return fig


if __name__ == "__main__":
    import json

    print(json.dumps(inspect_figures(), indent=2))
