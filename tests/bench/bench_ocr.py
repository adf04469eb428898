"""OCR and compression figures on the reference workload, for `make bench` (run_bench.py calls `figures`).

- Throughput: the workload's scanned PDFs recognised by Packet's runner on 2 worker processes, pages per minute,
  and in the same run `ocrmypdf --jobs 2 --output-type pdf` on the same files (installed only for this, in
  bench/ocrmypdf-venv; never a dependency of Packet), with the share of words both recognise.
- Size: the workload packet exported as today (measured), and with every page image compressed at each level
  (estimated: the export's size less the images' bytes plus their compressed bytes); ECAS parts each way.
- Stall: the longest gap between ticks of a Qt event loop (5 ms timer) while a thread runs OCR on 100 pages with
  the default number of workers, as the window will.

    python tests/bench/bench_ocr.py [--out bench/results.json]   # this part alone, merged into the file
"""

from __future__ import annotations

import argparse
import json
import math
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

from packet.export.compress import LEVEL_NAMES, compress_image  # noqa: E402
from packet.store.folder import create_packet, open_packet  # noqa: E402
from packet.store.intake import add_files  # noqa: E402
from packet.store.ocr import cached  # noqa: E402
from packet.store.ocr_runner import OcrRun, default_workers, plan_pages  # noqa: E402

LANGUAGES = "spa+eng"
ECAS_LIMIT = 25 * 1000 * 1000  # the eoir-ecas profile's limit, in bytes as the splitter counts them
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
    """The export as today, and estimates with compression at each level, with ECAS parts."""
    out = work / "ocr-size.pdf"
    subprocess.run([sys.executable, "-m", "packet", "build", str(packet_dir), "-o", str(out), "--quiet", "--force"],
                   check=True)
    exported = out.stat().st_size
    pf = open_packet(packet_dir)
    images = _page_images(pf)
    original = sum(len(data) for data, _ in images)
    fig: dict = {"export_mb": round(exported / 1e6, 2), "image_pages": len(images),
                 "image_mb": round(original / 1e6, 2), "ecas_parts": math.ceil(exported / (ECAS_LIMIT * 0.96))}
    for level in LEVEL_NAMES:
        compressed = 0
        for data, shown in images:
            result = compress_image(data, shown, level)
            compressed += len(data) if result is None else len(result.data)
        total = exported - original + compressed
        fig[level] = {"estimated_mb": round(total / 1e6, 2), "images_mb": round(compressed / 1e6, 2),
                      "ecas_parts": math.ceil(total / (ECAS_LIMIT * 0.96))}
    fig["note"] = ("export_mb and ecas_parts are measured on today's export; the per-level figures are estimates "
                   "(images replaced by their compressed bytes) until the export path compresses in phase 2; parts "
                   "are size / (25 MB x 0.96), the splitter's margin")
    return fig


def _page_images(pf) -> list[tuple[bytes, tuple[float, float]]]:
    """Every page image the export embeds: photos' page-ready images, and the scans inside scanned PDFs."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    out = []
    for doc in pf.packet.documents.values():
        if doc.kind == "image":
            for img in doc.page_images:
                data = (pf.path / img.file).read_bytes()
                dpi = img.dpi or max(img.width / 7.5, img.height / 10.0)
                out.append((data, (img.width / dpi, img.height / dpi)))
            continue
        pdf = pdfium.PdfDocument(str(pf.path / doc.stored))
        for page in pdf:
            for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
                if "DCTDecode" in obj.get_filters():
                    left, bottom, right, top = obj.get_bounds()
                    out.append((bytes(obj.get_data(decode_simple=False)), ((right - left) / 72, (top - bottom) / 72)))
        pdf.close()
    return out


def stall(work: Path, scans: list[str]) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    res = subprocess.run([sys.executable, __file__, "--stall-probe", str(work), *scans], env=env,
                         capture_output=True, text=True, timeout=3600)
    lines = [ln for ln in res.stdout.splitlines() if ln.startswith("{")]
    return json.loads(lines[-1]) if lines else {"error": (res.stderr or res.stdout)[-500:]}


def _stall_probe(work: Path, scans: list[str]) -> None:
    """In its own process: a Qt event loop ticking every 5 ms, first idle (the machine's own noise), then while
    a thread runs OCR on STALL_PAGES pages with the default workers."""
    import threading

    from PySide6.QtCore import QCoreApplication, QTimer

    packet_dir = work / "ocr-stall.packet"
    shutil.rmtree(packet_dir, ignore_errors=True)
    pf = create_packet(packet_dir)
    add_files(pf, scans)
    pf = open_packet(packet_dir)
    jobs = plan_pages(pf.path, pf.packet, LANGUAGES)[:STALL_PAGES]
    app = QCoreApplication([])
    ticks: list[float] = []
    phase = {"ocr_from": 0.0}
    finished = threading.Event()
    count = [0]

    def work_thread() -> None:
        for _ in OcrRun(pf.path, pf.packet.documents, jobs, LANGUAGES):
            count[0] += 1
        finished.set()

    worker = threading.Thread(target=work_thread)

    def tick() -> None:
        now = time.perf_counter()
        ticks.append(now)
        if not phase["ocr_from"] and now - ticks[0] >= IDLE_S:
            phase["ocr_from"] = now
            worker.start()
        if finished.is_set():
            app.quit()

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    app.exec()
    worker.join()
    start = phase["ocr_from"]
    idle = [b - a for a, b in zip(ticks, ticks[1:], strict=False) if b <= start]
    busy = [(b - a, b - start) for a, b in zip(ticks, ticks[1:], strict=False) if a >= start]
    longest, at = max(busy)
    print(json.dumps({
        "pages": count[0], "workers": default_workers(), "wall_s": round(ticks[-1] - start, 1),
        "longest_stall_ms": round(longest * 1000, 1), "longest_stall_at_s": round(at, 1),
        "p99_tick_ms": round(sorted(g for g, _ in busy)[int(len(busy) * 0.99)] * 1000, 1),
        "stalls_over_50ms": sum(1 for g, _ in busy if g > 0.05),
        "stalls_over_100ms": sum(1 for g, _ in busy if g > 0.1),
        "idle_longest_stall_ms": round(max(idle) * 1000, 1), "idle_s": IDLE_S, "timer_ms": 5,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }))


def figures(work: Path, inputs: Path, packet_dir: Path | None = None) -> dict:
    scans = sorted(str(p) for p in inputs.glob("*_scan.pdf"))
    fig = {"throughput": throughput(work, scans)}
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
    results["ocr"] = figures(work, inputs, packet_dir)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results["ocr"], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
