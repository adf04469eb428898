"""A seeded fuzzer: PDFs of ../shared/corpus mutated, each taken in and exported as the user would.

Every case must end one of two ways: intake refuses it with a message that names the file, or it exports to a
PDF that passes `qpdf --check`. Anything else (a traceback, an export that fails after intake took the file,
an output qpdf complains about) is a failure, reported with its seed so it can be replayed:

    python tests/fuzz/fuzz_pdf.py --cases 400 [--seed 1] [--keep DIR]

Mutations: bit flips, truncation, splices of another file, deep nesting, huge lengths, page-tree loops,
damaged streams and decompression bombs. Prints one JSON summary line last.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = Path(os.environ.get("PACKET_TEST_CORPUS") or ROOT.parent / "shared" / "corpus")
MAX_SOURCE_BYTES = 400_000  # small files keep each case quick
MUTATIONS = ("bitflip", "truncate", "splice", "nesting", "length", "loop", "stream", "bomb")


def sources() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*.pdf") if 1000 < p.stat().st_size <= MAX_SOURCE_BYTES)


def mutate(data: bytes, rng: random.Random, pool: list[bytes], kind: str) -> bytes:
    """One mutation of `kind` applied to `data` (the PDF's bytes)."""
    if kind == "bitflip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 24)):
            i = rng.randrange(len(out))
            out[i] ^= 1 << rng.randrange(8)
        return bytes(out)
    if kind == "truncate":
        return data[: rng.randint(len(data) * 2 // 5, len(data) - 1)]
    if kind == "splice":
        other = rng.choice(pool)
        a, b = sorted(rng.randrange(len(data)) for _ in range(2))
        c = rng.randrange(len(other))
        return data[:a] + other[c : c + rng.randint(16, 4096)] + data[b:]
    if kind == "nesting":
        at = data.find(b" obj", rng.randrange(len(data) // 2))
        at = at + 4 if at >= 0 else len(data) // 2
        depth = rng.choice([200, 2000, 20000])
        inner = (b"[" * depth + b"]" * depth) if rng.random() < 0.5 else (b"<</A " * depth + b">>" * depth)
        return data[:at] + b" " + inner + b" " + data[at:]
    if kind == "length":
        at = data.find(b"/Length ", rng.randrange(len(data)))
        if at < 0:
            at = data.find(b"/Length ")
        if at < 0:
            return mutate(data, rng, pool, "bitflip")
        end = at + 8
        while end < len(data) and data[end : end + 1].isdigit():
            end += 1
        return data[: at + 8] + rng.choice([b"2147483647", b"99999999999999", b"0", b"-5"]) + data[end:]
    return _structural(data, rng, kind)


def _structural(data: bytes, rng: random.Random, kind: str) -> bytes:
    """Mutations made through pikepdf: page-tree loops, damaged streams, decompression bombs."""
    import io

    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except Exception:
        return mutate(data, rng, [data], "bitflip")
    with pdf:
        pages = [p.obj for p in pdf.pages]
        if kind == "loop":
            root = pdf.Root.Pages
            if rng.random() < 0.5:
                root.Kids.append(root)  # the tree lists itself
            else:
                pages[0].Parent = pages[0]  # a page its own parent
        elif kind == "stream":
            streams = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)]
            for s in rng.sample(streams, min(len(streams), rng.randint(1, 3))):
                raw = s.read_raw_bytes()
                junk = zlib.compress(raw or b"q Q")
                s.write(junk[: max(2, len(junk) * rng.randint(1, 9) // 10)], filter=pikepdf.Name.FlateDecode)
        elif kind == "bomb":
            comp = zlib.compressobj(9)
            chunk = b"0 0 m " * 174763  # about 1 MB
            size = rng.choice([300, 600])  # MB, past the 256 MB bound
            bomb = b"".join(comp.compress(chunk) for _ in range(size)) + comp.flush()
            stream = pdf.make_stream(b"")
            stream.write(bomb, filter=pikepdf.Name.FlateDecode)
            page = rng.choice(pages)
            old = page.get("/Contents")
            page.Contents = pikepdf.Array([stream] + ([old] if isinstance(old, pikepdf.Stream) else []))
        buf = io.BytesIO()
        pdf.save(buf, compress_streams=False, fix_metadata_version=False, preserve_pdfa=False)
        return buf.getvalue()


def run_case(n: int, seed: int, src: Path, pool: list[bytes], work: Path, qpdf: str,
             kinds_allowed: tuple[str, ...] = MUTATIONS) -> dict:
    """Mutate one file, take it in and export it; what happened."""
    from packet.export.build import ExportError, export_packet
    from packet.store.folder import create_packet
    from packet.store.intake import add_files

    rng = random.Random(f"{seed}-{n}")
    data = src.read_bytes()
    kinds = [rng.choice(kinds_allowed) for _ in range(rng.choice([1, 1, 2]))]
    for kind in kinds:
        data = mutate(data, rng, pool, kind)
    case = work / f"case-{n:04d}.pdf"
    case.write_bytes(data)
    base = {"case": n, "seed": seed, "source": src.name, "mutations": kinds}
    folder = work / f"p{n:04d}"
    try:
        pf = create_packet(folder)
        (result,) = add_files(pf, [case], workers=1)
        if result.verdict == "reject":
            message = result.messages[0] if result.messages else ""
            ok = message.startswith(case.name + " ") and "Traceback" not in message
            return {**base, "outcome": "refused" if ok else "FAIL", "detail": message[:300]}
        out = work / f"out-{n:04d}.pdf"
        try:
            export_packet(pf.packet, pf.path, out)
        except ExportError as exc:
            return {**base, "outcome": "FAIL", "detail": f"accepted, then the export failed: {str(exc)[:300]}"}
        check = subprocess.run([qpdf, "--check", str(out)], capture_output=True, text=True, timeout=300)
        if check.returncode != 0:
            return {**base, "outcome": "FAIL", "detail": "qpdf --check: " + (check.stdout + check.stderr)[-400:]}
        return {**base, "outcome": "exported"}
    except Exception:
        return {**base, "outcome": "FAIL", "detail": traceback.format_exc()[-1500:]}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        for p in work.glob(f"out-{n:04d}*"):
            p.unlink()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="keep the mutated files of failing cases here")
    ap.add_argument("--mutations", default=",".join(MUTATIONS), help="the kinds to draw from, comma-separated")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    qpdf = shutil.which("qpdf")
    files = sources()
    if not qpdf or not files:
        print(json.dumps({"skipped": "qpdf or the corpus is missing"}))
        return 0
    pool = [p.read_bytes() for p in files]
    allowed = tuple(k for k in args.mutations.split(",") if k in MUTATIONS) or MUTATIONS
    counts = {"refused": 0, "exported": 0, "FAIL": 0}
    kinds: dict[str, int] = {}
    failures = []
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="packet-fuzz-") as tmp:
        work = Path(tmp)
        for n in range(args.cases):
            src = files[random.Random(f"{args.seed}-{n}-src").randrange(len(files))]
            outcome = run_case(n, args.seed, src, pool, work, qpdf, allowed)
            counts[outcome["outcome"]] += 1
            for k in outcome["mutations"]:
                kinds[k] = kinds.get(k, 0) + 1
            if outcome["outcome"] == "FAIL":
                failures.append(outcome)
                print(json.dumps(outcome), file=sys.stderr, flush=True)
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy(work / f"case-{n:04d}.pdf", args.keep / f"case-{args.seed}-{n:04d}.pdf")
            (work / f"case-{n:04d}.pdf").unlink(missing_ok=True)
    summary = {"cases": args.cases, "seed": args.seed, **counts, "mutations": kinds,
               "seconds": round(time.monotonic() - start, 1), "failures": failures}
    print(json.dumps(summary))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
