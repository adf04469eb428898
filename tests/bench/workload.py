"""The benchmark workload: a realistic pile of evidence files, generated, the same every time for a given seed.

For 100 files (counts scale with `files`):
  60 text PDFs     5-25 pages each, paragraphs of text, mostly US Letter and some A4 (reportlab)
  25 scanned PDFs  2-8 pages each, every page a greyscale 200 dpi JPEG (quality 75) of a typed page
  15 phone photos  JPEG 4032 x 3024, a document on a noisy, shaded background, 1.5-3 MB each; a few carry EXIF
                   Orientation 6 (stored turned, to be set upright by the reader)
About 1,040 pages in all. Files are named NNN_kind.ext in a seeded, mixed order, as a real drop would be.

    python tests/bench/workload.py FOLDER [COUNT] [--seed N]
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import random
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

TEXT_SHARE, SCAN_SHARE = 0.60, 0.25  # the rest are photos
TEXT_PAGES = (5, 25)
SCAN_PAGES = (2, 8)
SCAN_DPI = 200
SCAN_QUALITY = 75
PHOTO_SIZE = (4032, 3024)
PHOTO_QUALITY = 88
LETTER_IN = (8.5, 11.0)
A4_IN = (8.27, 11.69)


@dataclass(frozen=True)
class Job:
    kind: str  # "text", "scan" or "photo"
    path: str
    pages: int
    a4: bool
    rotated: bool  # photos: stored turned, with EXIF Orientation 6
    seed: str


def make_workload(folder: Path, files: int = 100, seed: int = 1, workers: int | None = None) -> list[Path]:
    """Generate the workload into `folder` (created if missing); returns the files in name order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    jobs = plan(folder, files, seed)
    if not jobs:
        return []
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    # Biggest first, so the last job to finish is a short one.
    order = sorted(jobs, key=_cost, reverse=True)
    if workers <= 1:
        for job in order:
            _make(job)
    else:
        # spawn, like intake: forking a process that runs threads (pytest-qt, the app) is unsafe.
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(workers) as pool:
            for _ in pool.imap_unordered(_make, order):
                pass
    return sorted(Path(j.path) for j in jobs)


def plan(folder: Path, files: int = 100, seed: int = 1) -> list[Job]:
    """What make_workload would write: kinds, page counts and names, without writing anything."""
    files = max(0, int(files))
    n_text = int(files * TEXT_SHARE + 0.5)
    n_scan = min(files - n_text, int(files * SCAN_SHARE + 0.5))
    n_photo = files - n_text - n_scan
    rng = random.Random(f"workload-{seed}")
    text_pages = _spread(n_text, *TEXT_PAGES)
    scan_pages = _spread(n_scan, *SCAN_PAGES)
    rng.shuffle(text_pages)
    rng.shuffle(scan_pages)
    kinds = [("text", p) for p in text_pages] + [("scan", p) for p in scan_pages] + [("photo", 1)] * n_photo
    names = list(range(1, files + 1))
    rng.shuffle(names)  # a mixed drop: kinds interleaved in name order
    jobs = []
    counters = {"text": 0, "scan": 0, "photo": 0}
    for (kind, pages), number in zip(kinds, names, strict=False):
        i = counters[kind]
        counters[kind] += 1
        ext = "jpg" if kind == "photo" else "pdf"
        a4 = kind != "photo" and i % 4 == 3  # one in four PDFs is A4
        rotated = kind == "photo" and i % 5 == 2  # a few photos carry EXIF Orientation 6
        jobs.append(Job(kind, str(folder / f"{number:03d}_{kind}.{ext}"), pages, a4, rotated,
                        f"{seed}-{kind}-{i}"))
    return jobs


def _spread(n: int, low: int, high: int) -> list[int]:
    """n page counts spread evenly over low..high, so totals do not drift with the seed."""
    if n <= 0:
        return []
    if n == 1:
        return [(low + high) // 2]
    return [low + round((high - low) * i / (n - 1)) for i in range(n)]


def _cost(job: Job) -> float:
    return {"text": 0.006, "scan": 0.15, "photo": 1.0}[job.kind] * job.pages


def _make(job: Job) -> str:
    {"text": _text_pdf, "scan": _scan_pdf, "photo": _photo}[job.kind](job)
    return job.path


# -- text -----------------------------------------------------------------------------------------------------

_PEOPLE = ["Mr. Alvarez", "Ms. Okonkwo", "Mrs. Chen", "the applicant", "her employer", "the landlord",
           "the school counselor", "our client", "the treating physician", "his supervisor", "the tenant",
           "the family", "the parish council", "the case manager", "Dr. Lindqvist", "the committee"]
_VERBS = ["has paid", "confirmed", "reported", "reviewed", "described", "received", "signed", "submitted",
          "kept records of", "explained", "recorded", "attended to", "verified", "documented", "arranged"]
_OBJECTS = ["the monthly rent", "every invoice since 2015", "the annual tax return", "the attendance records",
            "the lease renewal", "the prescription history", "the enrolment forms", "the payroll statements",
            "the letters of recommendation", "the utility bills for the apartment", "the volunteer schedule",
            "the medical appointments", "the insurance claims", "the certificate of completion",
            "the household budget", "the notice from the court"]
_TAILS = ["on time and in full", "without exception", "as the enclosed records show", "during the past three years",
          "in the presence of two witnesses", "at the end of each quarter", "before the deadline",
          "with the help of a translator", "to the best of our knowledge", "in accordance with the agreement",
          "for the whole of the period in question", "as required by the program", "despite the long hours"]
_EXTRA = [
    "This statement is made on the basis of records kept in the ordinary course of business.",
    "No complaint has ever been made about the conduct described in this letter.",
    "Copies of the relevant pages are attached for ease of reference.",
    "The figures in the table below are taken directly from the ledger.",
    "Where a record was missing, the office wrote to the issuing agency for a replacement.",
    "Please do not hesitate to contact the undersigned should any question arise.",
    "The schedule changed twice during the year, each time with written notice.",
    "All amounts are stated in United States dollars and rounded to the nearest cent.",
]
_TITLES = ["Letter of Employment Verification", "Residential Lease Agreement", "Annual Progress Report",
           "Declaration in Support", "Statement of Account", "Medical Records Summary", "Community Service Log",
           "Program Completion Report", "Tax Preparation Summary", "Letter of Recommendation"]
_HEADINGS = ["Background", "Summary of records", "Details", "Payments", "Attendance", "Observations",
             "Conclusion", "Supporting information", "History", "Remarks"]


def _sentence(rng: random.Random) -> str:
    if rng.random() < 0.18:
        return rng.choice(_EXTRA)
    s = f"{rng.choice(_PEOPLE)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_TAILS)}"
    if rng.random() < 0.3:
        s += f", and {rng.choice(_PEOPLE)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
    return s[0].upper() + s[1:] + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 8)))


def _text_pdf(job: Job) -> None:
    from reportlab.lib.pagesizes import A4, letter
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    rng = random.Random(job.seed)
    w, h = A4 if job.a4 else letter
    font, bold = rng.choice([("Times-Roman", "Times-Bold"), ("Helvetica", "Helvetica-Bold")])
    size = rng.choice([10, 10.5, 11, 12])
    leading = size * 1.35
    margin = rng.choice([54, 72])
    title = rng.choice(_TITLES)
    c = Canvas(job.path, pagesize=(w, h), invariant=1)
    c.setTitle(f"{title} (benchmark sample)")
    pending: list[tuple[str, str]] = []  # (font, line); "" is a paragraph gap
    for page in range(1, job.pages + 1):
        y = h - margin
        c.setFont(font, 8)
        c.drawString(margin, h - margin / 2, f"{title} - generated benchmark document")
        c.drawRightString(w - margin, margin / 2, f"Page {page} of {job.pages}")
        if page == 1:
            c.setFont(bold, size + 6)
            c.drawString(margin, y - size, title)
            y -= 2.5 * leading
        while y > margin + leading:
            if not pending:
                if rng.random() < 0.2:
                    pending.append((bold, rng.choice(_HEADINGS)))
                pending += [(font, line) for line in simpleSplit(_paragraph(rng), font, size, w - 2 * margin)]
                pending.append((font, ""))
            f, line = pending.pop(0)
            if line:
                c.setFont(f, size)
                c.drawString(margin, y - size, line)
            y -= leading if line else leading * 0.6
        c.showPage()
    c.save()


# -- scans ----------------------------------------------------------------------------------------------------

def _font(size: int, bold: bool = False):
    from PIL import ImageFont

    from packet.core.resources import resource

    return ImageFont.truetype(str(resource("fonts", "DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf")), size)


def _noise(rng: random.Random, size: tuple[int, int], amplitude: int):
    """Deterministic grey noise centred on 128, +-amplitude (Pillow's effect_noise uses C rand(): not seeded)."""
    from PIL import Image

    raw = Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))
    return raw.point(lambda v: 128 + (v - 128) * amplitude // 128)


def _scan_page(rng: random.Random, size: tuple[int, int], title: str, page: int, pages: int) -> bytes:
    from PIL import Image, ImageChops, ImageDraw

    w, h = size
    paper = rng.randint(228, 242)
    im = Image.new("L", size, paper)
    d = ImageDraw.Draw(im)
    margin = SCAN_DPI
    body = _font(27)  # about 10 pt at 200 dpi
    ink = rng.randint(25, 60)
    y = margin
    if page == 1:
        d.text((margin, y), title.upper(), font=_font(40, True), fill=ink)
        y += 90
    chars = int((w - 2 * margin) / (27 * 0.55))
    while y < h - margin - 40:
        for line in textwrap.wrap(_paragraph(rng), chars):
            if y >= h - margin - 40:
                break
            d.text((margin, y), line, font=body, fill=ink)
            y += 38
        y += 22
    d.text((w // 2, h - margin // 2), f"- {page} -", font=body, fill=ink, anchor="mm")
    # the scanner's marks: a slight skew, a darker edge, sensor noise
    im = im.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BILINEAR, fillcolor=paper - 40)
    d = ImageDraw.Draw(im)
    d.rectangle([0, 0, w - 1, rng.randint(6, 18)], fill=90)
    im = ImageChops.add(im, _noise(rng, size, 4), scale=1.0, offset=-128)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=SCAN_QUALITY, dpi=(SCAN_DPI, SCAN_DPI))
    return buf.getvalue()


def _scan_pdf(job: Job) -> None:
    from reportlab import rl_config
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    rng = random.Random(job.seed)
    inches = A4_IN if job.a4 else LETTER_IN
    px = (round(inches[0] * SCAN_DPI), round(inches[1] * SCAN_DPI))
    pt = (inches[0] * 72, inches[1] * 72)
    title = rng.choice(_TITLES)
    c = Canvas(job.path, pagesize=pt, invariant=1)
    c.setTitle(f"Scan of {title} (benchmark sample)")
    a85 = rl_config.useA85
    rl_config.useA85 = 0  # embed the JPEGs as plain DCT streams, as scanners do, not ASCII85-wrapped
    try:
        for page in range(1, job.pages + 1):
            jpeg = _scan_page(rng, px, title, page, job.pages)
            c.drawImage(ImageReader(io.BytesIO(jpeg)), 0, 0, width=pt[0], height=pt[1])
            c.showPage()
        c.save()
    finally:
        rl_config.useA85 = a85


# -- phone photos ---------------------------------------------------------------------------------------------

def _photo(job: Job) -> None:
    from PIL import Image, ImageChops, ImageDraw, ImageFilter

    rng = random.Random(job.seed)
    long_side, short_side = PHOTO_SIZE
    # Orientation 6: the stored pixels are the upright picture turned 90 degrees counter-clockwise, so the
    # upright picture of a rotated photo is portrait.
    W, H = (short_side, long_side) if job.rotated else (long_side, short_side)
    # background: a shaded table top, lit from one corner
    c1 = tuple(rng.randint(60, 170) for _ in range(3))
    c2 = tuple(max(0, v - rng.randint(40, 70)) for v in c1)
    ramp = Image.linear_gradient("L").rotate(rng.choice([0, 90, 180, 270])).resize((W, H), Image.Resampling.BILINEAR)
    im = Image.composite(Image.new("RGB", (W, H), c2), Image.new("RGB", (W, H), c1), ramp)
    # the document: a sheet of paper with a heading and lines of text, a little askew, with a soft shadow
    pw = int(min(W, H) * rng.uniform(0.62, 0.72))
    ph = int(pw * 11 / 8.5)
    if ph > H * 0.9:
        ph = int(H * 0.9)
        pw = int(ph * 8.5 / 11)
    sheet = Image.new("RGB", (pw, ph), tuple(rng.randint(238, 250) for _ in range(3)))
    d = ImageDraw.Draw(sheet)
    m = pw // 10
    fs = max(18, pw // 55)
    d.text((m, m), rng.choice(_TITLES), font=_font(int(fs * 1.6), True), fill=(30, 30, 40))
    y = m + int(fs * 3.5)
    chars = int((pw - 2 * m) / (fs * 0.55))
    while y < ph - m - fs:
        for line in textwrap.wrap(_paragraph(rng), chars):
            if y >= ph - m - fs:
                break
            d.text((m, y), line, font=_font(fs), fill=(35, 35, 45))
            y += int(fs * 1.45)
        y += fs
    angle = rng.uniform(-6, 6)
    mask = Image.new("L", sheet.size, 255).rotate(angle, expand=True)
    sheet = sheet.rotate(angle, expand=True)
    x0, y0 = (W - sheet.width) // 2 + rng.randint(-60, 60), (H - sheet.height) // 2 + rng.randint(-40, 40)
    shadow = Image.new("L", (W, H), 0)
    shadow.paste(mask.point(lambda v: v * 140 // 255), (x0 + 25, y0 + 35))
    shadow = shadow.resize((W // 8, H // 8)).filter(ImageFilter.GaussianBlur(4)).resize((W, H))
    im.paste((10, 10, 10), (0, 0), shadow)
    im.paste(sheet, (x0, y0), mask)
    # uneven light (vignette) and sensor noise, so the photo is as heavy as a real one
    vignette = Image.radial_gradient("L").resize((W, H), Image.Resampling.BILINEAR)
    im = Image.composite(Image.new("RGB", (W, H), (0, 0, 0)), im, vignette.point(lambda v: max(0, v - 120) // 2))
    noise = _noise(rng, (W, H), rng.randint(5, 8))
    im = ImageChops.add(im, Image.merge("RGB", (noise, noise, noise)), scale=1.0, offset=-128)
    exif = Image.Exif()
    exif[0x010F] = "BenchPhone"  # Make
    exif[0x0110] = "Model W"  # Model
    exif[0x0132] = f"2025:{rng.randint(1, 12):02d}:{rng.randint(1, 28):02d} 12:{rng.randint(0, 59):02d}:00"
    if job.rotated:
        im = im.transpose(Image.Transpose.ROTATE_90)  # counter-clockwise: stored as the sensor saw it
        exif[0x0112] = 6
    else:
        exif[0x0112] = 1
    im.save(job.path, "JPEG", quality=PHOTO_QUALITY, exif=exif.tobytes(), dpi=(72, 72))


# -- command line ---------------------------------------------------------------------------------------------

def count_pages(paths: list[Path]) -> int:
    from pypdf import PdfReader

    return sum(len(PdfReader(p).pages) if p.suffix == ".pdf" else 1 for p in paths)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Generate the benchmark workload.")
    ap.add_argument("folder", type=Path)
    ap.add_argument("count", type=int, nargs="?", default=100, help="number of files (default 100)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    start = time.perf_counter()
    paths = make_workload(args.folder, args.count, args.seed)
    took = time.perf_counter() - start
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} files, {count_pages(paths)} pages, {size / 1e6:.0f} MB in {args.folder} "
          f"({took:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
