"""OCR and compression figures on the reference workload, for `make bench` (run_bench.py calls `figures`).

- Throughput: the workload's scanned PDFs recognised by Packet's runner on 2 worker processes, pages per minute,
  and in the same run `ocrmypdf --jobs 2 --output-type pdf` on the same files (installed only for this, in
  bench/ocrmypdf-venv; never a dependency of Packet), with the share of words both recognise.
- Size: the workload packet really exported for the ECAS profile, images as they are, at each compression level
  and with "fit in one file"; total size and ECAS parts each way.
- Stall: the longest gap between ticks of the window's event loop (5 ms timer) while the window (offscreen)
  recognises 100 scanned pages in the background with the default number of cores.

    python tests/bench/bench_ocr.py [--out bench/results.json]   # this part alone, merged into the file
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from packet.export.compress import LEVEL_NAMES  # noqa: E402
from packet.store.folder import create_packet, open_packet  # noqa: E402
from packet.store.intake import add_files  # noqa: E402
from packet.store.ocr import cached  # noqa: E402
from packet.store.ocr_runner import OcrRun, plan_pages  # noqa: E402

LANGUAGES = "spa+eng"
ECAS_PROFILE = "eoir-ecas"
IDLE_S = 20.0  # seconds the stall probe ticks before OCR starts: the machine's own stalls, for comparison
STALL_PAGES = int(os.environ.get("PACKET_BENCH_STALL_PAGES", "100"))


def _ocrmypdf(work: Path) -> str | None:
    """The ocrmypdf program in its own venv under bench/, installed on first use (needs the network once)."""
    venv = work.parent / "ocrmypdf-venv"
    program = venv / "bin" / "ocrmypdf"
    if not program.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "ocrmypdf"], check=False)
    return str(program) if program.exists() and shutil.which("tesseract") else None


def _words(text: str) -> Counter[str]:
    return Counter(w for w in re.findall(r"[^\W_]+", text.lower()) if len(w) > 1)


def throughput(work: Path, scans: list[str]) -> dict:
    packet_dir = work / "ocr-bench.packet"
    shutil.rmtree(packet_dir, ignore_errors=True)
    pf = create_packet(packet_dir)
    add_files(pf, scans)
    pf = open_packet(packet_dir)
    jobs = plan_pages(pf.path, pf.packet, LANGUAGES)
    t = time.perf_counter()
    done = list(OcrRun(pf.path, pf.packet.documents, jobs, LANGUAGES, workers=2))
    ours_s = time.perf_counter() - t
    failed = sum(1 for d in done if d.status != "read")
    fig: dict = {"pages": len(jobs), "failed": failed, "wall_s": round(ours_s, 1),
                 "pages_per_minute": round(len(jobs) / ours_s * 60, 1), "workers": 2}
    ours: Counter[str] = Counter()
    for job in jobs:
        text = cached(pf.path, job.sha256, job.page, LANGUAGES)
        ours += _words(text.text if text else "")
    program = _ocrmypdf(work)
    if program is None:
        fig["ocrmypdf"] = "not available (needs bench/ocrmypdf-venv and a tesseract program)"
        return fig
    out_dir = work / "ocrmypdf-out"
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir()
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    t = time.perf_counter()
    for src in scans:
        subprocess.run([program, "--jobs", "2", "--output-type", "pdf", "-l", LANGUAGES, "--quiet", src,
                        str(out_dir / Path(src).name)], check=True, env=env)
    theirs_s = time.perf_counter() - t
    theirs: Counter[str] = Counter()
    for out in sorted(out_dir.glob("*.pdf")):
        theirs += _words(subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True,
                                        check=True).stdout.decode("utf-8", "replace"))
    both = sum((ours & theirs).values())
    version = subprocess.run([program, "--version"], capture_output=True, text=True).stdout.strip()
    fig.update({
        "ocrmypdf": {"version": version, "wall_s": round(theirs_s, 1),
                     "pages_per_minute": round(len(jobs) / theirs_s * 60, 1)},
        "ratio_to_ocrmypdf": round(theirs_s / ours_s, 2),
        "words": {"packet": sum(ours.values()), "ocrmypdf": sum(theirs.values()), "both": both,
                  "share_both": round(both / max(1, max(sum(ours.values()), sum(theirs.values()))), 4)},
    })
    return fig


def sizes(work: Path, packet_dir: Path) -> dict:
    """Real exports of the workload for the ECAS profile (25 MB parts): images as they are, each compression
    level, and "fit in one file"; total size and parts each way, as `packet build` writes them."""
    fig: dict = {"profile": ECAS_PROFILE}
    levels = os.environ.get("PACKET_BENCH_SIZE_LEVELS", " ".join(("off", *LEVEL_NAMES, "fit"))).split()
    for level in levels:
        out_dir = work / f"size-{level}"
        shutil.rmtree(out_dir, ignore_errors=True)
        out_dir.mkdir()
        t = time.perf_counter()
        res = subprocess.run([sys.executable, "-m", "packet", "build", str(packet_dir), "-o", str(out_dir / "p.pdf"),
                              "--profile", ECAS_PROFILE, "--compress", level, "--quiet", "--force"],
                             capture_output=True, text=True)
        wall = time.perf_counter() - t
        if res.returncode != 0:
            fig[level] = {"error": (res.stderr or res.stdout)[-400:]}
            continue
        parts = sorted(out_dir.glob("*.pdf"))
        said = [ln for ln in res.stdout.splitlines() if "compress" in ln.lower()]
        fig[level] = {"mb": round(sum(p.stat().st_size for p in parts) / 1e6, 2), "ecas_parts": len(parts),
                      "largest_part_mb": round(max(p.stat().st_size for p in parts) / 1e6, 2),
                      "wall_s": round(wall, 1), "report": said[-1] if said else ""}
        print(f"size {level}: {fig[level]}", file=sys.stderr)
    fig["note"] = "measured: real `packet build --profile eoir-ecas --compress LEVEL` exports, parts as written"
    return fig


def stall(work: Path, scans: list[str]) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    res = subprocess.run([sys.executable, __file__, "--stall-probe", str(work), *scans], env=env,
                         capture_output=True, text=True, timeout=3600)
    lines = [ln for ln in res.stdout.splitlines() if ln.startswith("{")]
    return json.loads(lines[-1]) if lines else {"error": (res.stderr or res.stdout)[-500:]}


def _stall_probe(work: Path, scans: list[str]) -> None:
    """In its own process: the real window (offscreen) on a packet of at least STALL_PAGES scanned pages, a 5 ms
    timer ticking, first idle (the machine's own noise), then while the window recognises every page in the
    background (Readiness's Recognise text: OcrController, the default cores), the list and the checks
    following page by page."""
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    packet_dir = work / "ocr-stall.packet"
    shutil.rmtree(packet_dir, ignore_errors=True)
    pf = create_packet(packet_dir)
    chosen, pages = [], 0
    for scan in scans:  # just enough scans for STALL_PAGES pages
        if pages >= STALL_PAGES:
            break
        chosen.append(scan)
        pages += _pages_of(scan)
    add_files(pf, chosen)
    settings = work / "stall-settings"
    shutil.rmtree(settings, ignore_errors=True)
    os.environ["XDG_CONFIG_HOME"] = str(settings)
    from packet.ui.app import make_app
    from packet.ui.main_window import MainWindow

    app = make_app([]) if QApplication.instance() is None else QApplication.instance()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings))
    QSettings().setValue("ocr/enabled", False)  # started below, after the idle phase
    window = MainWindow()
    window.show()
    assert window.open_path(packet_dir)
    ticks: list[float] = []
    phase = {"ocr_from": 0.0}
    result: dict = {}
    window.ocr.finished.connect(lambda read, failed, cancelled: (result.update(read=read, failed=failed),
                                                                  QTimer.singleShot(50, app.quit)))

    def tick() -> None:
        now = time.perf_counter()
        ticks.append(now)
        if not phase["ocr_from"] and now - ticks[0] >= IDLE_S:
            phase["ocr_from"] = now
            window.recognise_text(None)

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    app.exec()
    timer.stop()
    start = phase["ocr_from"]
    idle = [b - a for a, b in zip(ticks, ticks[1:], strict=False) if b <= start]
    busy = [(b - a, b - start) for a, b in zip(ticks, ticks[1:], strict=False) if a >= start]
    longest, at = max(busy)
    from packet.ui.preferences import OcrPreferences

    workers = OcrPreferences.load().workers
    window.close()
    print(json.dumps({
        "pages": result.get("read"), "failed": result.get("failed"), "scanned_pages_in_packet": pages,
        "workers": workers, "wall_s": round(ticks[-1] - start, 1), "what": "the window (MainWindow, offscreen) "
        "recognising every page with OcrController, list marks and checks following",
        "longest_stall_ms": round(longest * 1000, 1), "longest_stall_at_s": round(at, 1),
        "p99_tick_ms": round(sorted(g for g, _ in busy)[int(len(busy) * 0.99)] * 1000, 1),
        "stalls_over_50ms": sum(1 for g, _ in busy if g > 0.05),
        "stalls_over_100ms": sum(1 for g, _ in busy if g > 0.1),
        "idle_longest_stall_ms": round(max(idle) * 1000, 1), "idle_s": IDLE_S, "timer_ms": 5,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }))


def _pages_of(path: str) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def figures(work: Path, inputs: Path, packet_dir: Path | None = None, throughput_too: bool = True) -> dict:
    scans = sorted(str(p) for p in inputs.glob("*_scan.pdf"))
    fig: dict = {}
    if throughput_too:
        fig["throughput"] = throughput(work, scans)
        print(f"ocr throughput: {fig['throughput']}", file=sys.stderr)
    if packet_dir is not None:
        fig["size"] = sizes(work, packet_dir)
        print(f"sizes: {fig['size']}", file=sys.stderr)
    fig["stall"] = stall(work, scans)
    print(f"ocr stall: {fig['stall']}", file=sys.stderr)
    return fig


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--stall-probe":
        _stall_probe(Path(sys.argv[2]), sys.argv[3:])
        return 0
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--stall-only", action="store_true", help="measure only the event-loop stall during OCR")
    ap.add_argument("--no-throughput", action="store_true", help="keep the throughput figures in the file")
    args = ap.parse_args()
    from workload import make_workload

    work = Path(args.out).resolve().parent / "work"
    inputs = work / f"inputs-{args.files}"
    if not inputs.exists() or not any(inputs.iterdir()):
        inputs.mkdir(parents=True, exist_ok=True)
        make_workload(inputs, files=args.files)
    out = Path(args.out)
    results = json.loads(out.read_text()) if out.exists() else {}
    if args.stall_only:
        results.setdefault("ocr", {})["stall"] = stall(work, sorted(str(p) for p in inputs.glob("*_scan.pdf")))
        out.write_text(json.dumps(results, indent=2) + "\n")
        print(json.dumps(results["ocr"]["stall"], indent=2))
        return 0
    packet_dir = work / "ocr-workload.packet"
    shutil.rmtree(packet_dir, ignore_errors=True)
    add_files(create_packet(packet_dir), sorted(str(p) for p in inputs.iterdir() if p.is_file()))
    old = results.get("ocr", {})
    results["ocr"] = figures(work, inputs, packet_dir, throughput_too=not args.no_throughput)
    if args.no_throughput and "throughput" in old:
        results["ocr"]["throughput"] = old["throughput"]
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results["ocr"], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
