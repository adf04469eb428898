"""A scanned page made from known text, as the issue asks: text drawn on paper, a slight skew, sensor noise.

`scan_image` is the page as a photo/scan would be; `scan_pdf` wraps it in a PDF page the way scanners do.
"""

from __future__ import annotations

import io
import random
import re
import unicodedata
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont

from packet.core.resources import resource

KNOWN_TEXT = [
    "ACTA DE NACIMIENTO",
    "En la ciudad de Oaxaca, el día 15 de marzo de 2014,",
    "compareció José Núñez Ibáñez ante el oficial del Registro",
    "Civil para registrar el nacimiento de la niña María",
    "Peña Muñoz, hija de Ángela Muñoz Gutiérrez.",
    "The applicant has lived at the same address since",
    "June 2011 and pays rent every month to the landlord.",
    "Señor Martín Ávila confirmó la información del año.",
]


def words_of(lines: list[str]) -> list[str]:
    """The words a reader must find: NFC, punctuation at the edges stripped."""
    out = []
    for line in lines:
        for w in unicodedata.normalize("NFC", line).split():
            w = re.sub(r"^\W+|\W+$", "", w)
            if w:
                out.append(w)
    return out


def found_share(expected: list[str], text: str) -> float:
    """The share of expected words (counted with repeats) that appear in the text read back."""
    have: dict[str, int] = {}
    for w in words_of([text]):
        have[w] = have.get(w, 0) + 1
    hits = 0
    for w in expected:
        if have.get(w, 0) > 0:
            have[w] -= 1
            hits += 1
    return hits / len(expected)


def scan_image(lines: list[str] = KNOWN_TEXT, dpi: int = 200, seed: int = 7, skew: float = 0.6,
               size_in: tuple[float, float] = (8.5, 5.5)) -> Image.Image:
    """A greyscale scan of the lines: 11 pt serif at `dpi`, rotated `skew` degrees, with noise."""
    rng = random.Random(seed)
    w, h = round(size_in[0] * dpi), round(size_in[1] * dpi)
    paper = 236
    im = Image.new("L", (w, h), paper)
    d = ImageDraw.Draw(im)
    font = ImageFont.truetype(str(resource("fonts", "DejaVuSerif.ttf")), round(11 * dpi / 72))
    y = dpi // 2
    for line in lines:
        d.text((dpi * 0.75, y), line, font=font, fill=40)
        y += round(11 * dpi / 72 * 1.6)
    im = im.rotate(skew, resample=Image.Resampling.BILINEAR, fillcolor=paper)
    noise = Image.frombytes("L", (w, h), rng.randbytes(w * h)).point(lambda v: 128 + (v - 128) * 6 // 128)
    return ImageChops.add(im, noise, scale=1.0, offset=-128)


def jpeg_bytes(im: Image.Image, dpi: int, quality: int = 80) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality, dpi=(dpi, dpi))
    return buf.getvalue()


def scan_pdf(path: Path, images: list[Image.Image], dpi: int) -> Path:
    """A PDF with one page per image, each image covering its page, as a scanner writes them."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), invariant=1)
    for im in images:
        pt = (im.width * 72.0 / dpi, im.height * 72.0 / dpi)
        c.setPageSize(pt)
        c.drawImage(ImageReader(io.BytesIO(jpeg_bytes(im, dpi))), 0, 0, width=pt[0], height=pt[1])
        c.showPage()
    c.save()
    return path
