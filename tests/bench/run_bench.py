"""`make bench`: intake and export figures on a generated workload, written to bench/results.json.

Figures are whole processes timed from outside (wall seconds, peak RSS of the child), so they compare fairly with
qpdf, the lower bound: `qpdf --empty --pages <the same source PDFs> -- out.pdf`, timed in the same run.

`--baseline DIR` (a checkout of another version of Packet, outside this repository) measures that version's
export in the same run too, on the same packets: time against qpdf, peak memory, output size, and the window's
longest stall while it exports.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from inspect_figures import inspect_figures  # noqa: E402
from workload import make_workload  # noqa: E402

from packet.store.folder import create_packet, open_packet  # noqa: E402
from packet.store.intake import add_files  # noqa: E402


def run_child(cmd: list[str], root: Path | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and exit code of one child process (of the Packet checkout at `root`)."""
    env = dict(os.environ, PYTHONPATH=str(root)) if root else None
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            cwd=str(root) if root else None)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode:
        print(f"command failed ({proc.returncode}): {' '.join(cmd[:4])} ...\n{err[-2000:]}", file=sys.stderr)
    return wall, usage.ru_maxrss / 1024, proc.returncode


def best_of(n: int, cmd: list[str], root: Path | None = None) -> tuple[float, float]:
    """Median wall time and the largest peak RSS over n runs."""
    walls, peaks = [], []
    for _ in range(n):
        wall, peak, rc = run_child(cmd, root)
        if rc:
            raise SystemExit(f"benchmark command failed: {' '.join(cmd)}")
        walls.append(wall)
        peaks.append(peak)
    walls.sort()
    return walls[len(walls) // 2], max(peaks)


def source_pdfs(packet_dir: Path) -> list[str]:
    pf = open_packet(packet_dir)
    out = []
    for e in pf.packet.items():
        doc = pf.packet.documents[e.document]
        if doc.kind == "pdf":
            out.append(str(pf.path / doc.stored))
    return out


def export_figures(packet_dir: Path, work: Path, runs: int, label: str, engines: dict[str, Path],
                   qpdf_too: bool = True) -> dict:
    """Each engine's export of `packet_dir` (median wall, peak RSS, size), and qpdf's merge of its sources.

    The runs are interleaved (qpdf, each engine, qpdf, each engine, ...) so that a machine whose load changes
    during the benchmark weighs on every contender alike.
    """
    import pikepdf

    qpdf = shutil.which("qpdf")
    cmds: dict[str, tuple[list[str], Path | None]] = {}
    if qpdf and qpdf_too:
        cmds["qpdf"] = ([qpdf, "--empty", "--pages", *source_pdfs(packet_dir), "--", str(work / f"{label}-qpdf.pdf")],
                        None)
    for name, root in engines.items():
        out_pdf = work / f"{label}-{name}.pdf"
        cmds[name] = ([sys.executable, "-m", "packet", "build", str(packet_dir), "-o", str(out_pdf), "--quiet",
                       "--force"], root)
    walls: dict[str, list[float]] = {k: [] for k in cmds}
    peaks: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(runs):
        for name, (cmd, root) in cmds.items():
            wall, peak, rc = run_child(cmd, root)
            if rc:
                raise SystemExit(f"benchmark command failed: {' '.join(cmd[:6])} ...")
            walls[name].append(wall)
            peaks[name].append(peak)
    median = {k: sorted(v)[len(v) // 2] for k, v in walls.items()}
    fig: dict = {}
    if "qpdf" in cmds:
        fig["qpdf"] = {"wall_s": round(median["qpdf"], 3), "peak_rss_mb": round(max(peaks["qpdf"]), 1)}
    elif qpdf_too:
        fig["qpdf"] = "not installed (apt-get install qpdf)"
    for name in engines:
        out_pdf = work / f"{label}-{name}.pdf"
        with pikepdf.open(out_pdf) as pdf:  # lazily: this process stays small, and so do the children it forks
            pages = len(pdf.pages)
        fig[name] = {"pages": pages, "wall_s": round(median[name], 3), "peak_rss_mb": round(max(peaks[name]), 1),
                     "output_mb": round(out_pdf.stat().st_size / 1e6, 2), "runs": runs}
        if "qpdf" in median:
            fig[name]["ratio_to_qpdf"] = round(median[name] / median["qpdf"], 2)
    return fig


def _tree(root: int) -> list[int]:
    """The process and all its descendants, from /proc."""
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                todo += [int(k) for k in (task / "children").read_text().split()]
            except OSError:
                pass
    return out


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def intake_memory_figures(files: list[str], work: Path, runs: int) -> dict:
    """Peak memory of `packet add` of the workload, the command and its worker processes together.

    Sampled from /proc every 20 ms (VmHWM per process, the sum of VmRSS over the tree): wait4's peak would
    include the benchmark's own memory, which a forked child inherits into its high-water mark.
    """
    if not Path("/proc/self/status").is_file():
        return {"error": "needs /proc (Linux)"}
    totals, largest, walls = [], [], []
    for n in range(runs):
        packet = work / f"intake-memory-{n}.packet"
        shutil.rmtree(packet, ignore_errors=True)
        create_packet(packet)
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "packet", "add", str(packet), *files],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        hwm: dict[int, int] = {}
        total = 0
        while proc.poll() is None:
            tree = _tree(proc.pid)
            rss = 0
            for pid in tree:
                hwm[pid] = max(hwm.get(pid, 0), _status_kb(pid, "VmHWM:"))
                rss += _status_kb(pid, "VmRSS:")
            total = max(total, rss)
            time.sleep(0.02)
        walls.append(time.perf_counter() - start)
        totals.append(total / 1024)
        largest.append(max(hwm.values(), default=0) / 1024)
        shutil.rmtree(packet, ignore_errors=True)
    walls.sort()
    return {"files": len(files), "runs": runs, "wall_s": round(walls[len(walls) // 2], 2),
            "peak_rss_mb_total": round(max(totals), 1), "peak_rss_mb_largest_process": round(max(largest), 1),
            "worker_memory_budget_mb": int(os.environ.get("PACKET_WORKER_MEMORY_MB", 1024))}


def repeated_packet(src: Path, dest: Path, min_pages: int) -> int:
    """A packet of `src`'s documents whose exhibits repeat until the export has at least `min_pages` pages."""
    from packet.core.model import Exhibit

    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(src, dest)
    pf = open_packet(dest)
    base = list(pf.packet.exhibits)
    per_round = sum(pf.packet.documents[e.document].pages + 1 for e in base)
    rounds = -(-min_pages // per_round)
    for r in range(1, rounds):
        pf.packet.exhibits += [Exhibit(document=e.document, title=f"{e.title} ({r + 1})") for e in base]
    pf.save()
    return rounds * per_round


def probe(*args: str, root: Path = ROOT) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
    out = subprocess.run([sys.executable, str(root / "tests" / "bench" / "ui_probe.py"), *args], env=env,
                         capture_output=True, text=True, timeout=600, cwd=str(root))
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if out.returncode or not lines:
        return {"error": (out.stderr or out.stdout)[-500:]}
    return json.loads(lines[-1])


def ui_figures(work: Path, packet_dir: Path, files: list[str], engines: dict[str, Path]) -> dict:
    from packet.sample import build_sample

    sample = build_sample(work / "sample.packet", force=True)
    starts = []
    for _ in range(3):
        t0 = time.time()
        shown = probe("startup", str(sample)).get("shown_at")
        if shown:
            starts.append(shown - t0)
    starts.sort()
    fig: dict = {"window_shown_s": round(starts[len(starts) // 2], 3) if starts else None}
    fig["thumbnails"] = probe("thumbnails", str(packet_dir))
    ui_packet = work / "ui-intake.packet"
    shutil.rmtree(ui_packet, ignore_errors=True)
    fig["intake"] = probe("intake", str(ui_packet), *files)
    for name, root in engines.items():  # the longest stall while the window exports, per engine: median of 3
        runs = [probe("export", str(packet_dir), str(work / f"ui-export-{name}.pdf"), root=root) for _ in range(3)]
        stalls = sorted(r["longest_stall_ms"] for r in runs if "longest_stall_ms" in r)
        fig[f"export_{name}"] = {"status": runs[-1].get("status") or runs[-1].get("error", ""),
                                 "longest_stall_ms": stalls[len(stalls) // 2] if stalls else None,
                                 "stalls_ms": stalls, "wall_s": runs[-1].get("wall_s")}
    return fig


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scale", type=int, default=4, help="the large run uses a workload this many times larger")
    ap.add_argument("--no-ui", action="store_true", help="skip the window figures")
    ap.add_argument("--baseline", type=Path, help="another Packet checkout to measure in the same run")
    ap.add_argument("--export-runs", type=int, default=5, help="runs of the reference export (median)")
    ap.add_argument("--flat-pages", type=int, default=16000, help="pages of the export that shows memory is flat")
    args = ap.parse_args()
    engines = {"packet": ROOT}
    if args.baseline:
        engines["baseline"] = args.baseline.resolve()
    bench = Path(args.out).resolve().parent
    work = bench / "work"
    work.mkdir(parents=True, exist_ok=True)
    inputs = work / f"inputs-{args.files}"
    if not inputs.exists() or not any(inputs.iterdir()):
        inputs.mkdir(exist_ok=True)
        t = time.perf_counter()
        make_workload(inputs, files=args.files)
        print(f"generated workload in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    files = sorted(str(p) for p in inputs.iterdir() if p.is_file())

    results: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                 "platform": platform.platform()}}
    packet_dir = work / "bench.packet"
    shutil.rmtree(packet_dir, ignore_errors=True)
    pf = create_packet(packet_dir)
    t = time.perf_counter()
    res = add_files(pf, files)
    intake_s = time.perf_counter() - t
    refused = [r.path for r in res if r.verdict == "reject"]
    results["intake"] = {"files": len(files), "refused": len(refused), "source_pages": sum(r.pages for r in res),
                         "wall_s": round(intake_s, 2), "workers": os.cpu_count()}
    print(f"intake: {len(files)} files in {intake_s:.2f} s", file=sys.stderr)

    results["intake_memory"] = intake_memory_figures(files, work, args.runs)
    print(f"intake memory: {results['intake_memory']}", file=sys.stderr)
    results["inspect"] = inspect_figures(args.runs)
    print(f"inspect: {results['inspect']}", file=sys.stderr)

    results["export"] = export_figures(packet_dir, work, args.export_runs, "export-1x", engines)
    print(f"export: {results['export']}", file=sys.stderr)

    # The large run is a distinct workload `scale` times the size (qpdf would share pages of repeated files).
    big_inputs = work / f"inputs-{args.files * args.scale}"
    if not big_inputs.exists() or not any(big_inputs.iterdir()):
        big_inputs.mkdir(exist_ok=True)
        make_workload(big_inputs, files=args.files * args.scale)
    big = work / "bench-big.packet"
    shutil.rmtree(big, ignore_errors=True)
    pf_big = create_packet(big)
    t = time.perf_counter()
    add_files(pf_big, sorted(str(p) for p in big_inputs.iterdir() if p.is_file()))
    results["intake_large"] = {"files": args.files * args.scale, "wall_s": round(time.perf_counter() - t, 2)}
    results["export_large"] = export_figures(big, work, max(1, args.runs - 1), f"export-{args.scale}x", engines)
    print(f"export x{args.scale}: {results['export_large']}", file=sys.stderr)
    # Memory as the packet grows: the large workload's exhibits repeated to `flat_pages` pages (no qpdf figure:
    # qpdf would share the repeated pages).
    flat = work / "bench-flat.packet"
    repeated_packet(big, flat, args.flat_pages)
    results["export_flat"] = export_figures(flat, work, 1, "export-flat", engines, qpdf_too=False)
    print(f"export flat: {results['export_flat']}", file=sys.stderr)
    small, large = results["export"]["packet"], results["export_large"]["packet"]
    if "ratio_to_qpdf" in small and "ratio_to_qpdf" in large:
        results["ratio_growth_large_vs_small"] = round(large["ratio_to_qpdf"] / small["ratio_to_qpdf"], 2)
    results["seconds_per_1000_pages"] = {
        "small": round(small["wall_s"] / small["pages"] * 1000, 3),
        "large": round(large["wall_s"] / large["pages"] * 1000, 3),
    }
    results["ocr"] = __import__("bench_ocr").figures(work, inputs, packet_dir)  # OCR and compression figures
    if not args.no_ui:
        results["ui"] = ui_figures(work, packet_dir, files, engines)
        print(f"ui: {results['ui']}", file=sys.stderr)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    print(f"written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
