"""Smaller scans and photos in the export, chosen per page, so a packet fits the receiver's size limit.

Each page image is sorted into one of three kinds and re-encoded for it: a colour **photo** as colour JPEG at
150-200 dpi; a **grey** scan of text as greyscale JPEG at 200-300 dpi; a **bilevel** page (black ink on white, as
fax-like scans are) as CCITT Group 4, lossless, at up to 300 dpi. The size on the page never changes (only the
pixels per inch do), an image is never upscaled, and a kind never goes below the resolution that keeps text
legible (200 dpi grey or bilevel, 150 dpi photo; or the source's own if it is lower). A grey scan's paper is made
white first (`whiten_paper`): scanner noise on the paper costs more bytes than the text. A typed page whose only
greys are its letters' edges counts as black and white (how few greys is the level's `bilevel_midtones`). A result
that is not clearly smaller than what it replaces is not used. The documents stored in the packet never change.

Levels, gentlest first: "light", "standard", "strong". `choose_level` picks the gentlest that brings a packet
under a size limit ("fit in one file"), from a sample of pages compressed for real, and says when none can.

Phase 2, in the export: for each page image (the intake's page-ready JPEG or 1-bit PNG, or a PDF's image XObject
decoded to a Pillow image, with the size it is shown at on the page in inches), call
`compress_image(data_or_image, shown_in, level)`; when it returns a `Compressed`, embed `data` with
`pdf_dictionary()` (Filter, DecodeParms, Width, Height, ColorSpace, BitsPerComponent) in place of the original.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageChops, ImageStat

from packet.core.i18n import N_, _

PHOTO, GREY, BILEVEL = "photo", "grey", "bilevel"
LEVEL_NAMES = ("light", "standard", "strong")
# The levels as a message names them ("with standard image compression").
LEVEL_WORDS = {"light": N_("light"), "standard": N_("standard"), "strong": N_("strong")}
MIN_DPI = {PHOTO: 150, GREY: 200, BILEVEL: 200}  # below these, text on the page stops being legible
SMALLER_BY = 0.95  # a result must be at least 5% smaller than what it replaces to be used
GREY_SPREAD = 14  # mean spread between colour channels below which a colour image is really grey
PAPER_MARGIN = 14  # greys this close to the paper's shade are paper (noise, show-through), made white
BILEVEL_THRESHOLD = 150  # on the whitened page: a little past half-way, so thin strokes stay whole
FIT_MARGIN = 0.96  # aim this far under a size limit: PDF overhead and the estimate's error


@dataclass(frozen=True)
class Level:
    name: str
    photo_dpi: int
    grey_dpi: int
    bilevel_dpi: int
    photo_quality: int
    grey_quality: int
    # The share of pixels between ink and paper (once the paper is white) below which a grey page is black and
    # white: a typed page's letter edges are a few percent; a photo, shading or a pencil signature is more.
    bilevel_midtones: float


LEVELS = {
    "light": Level("light", 200, 300, 300, 80, 75, 0.012),
    "standard": Level("standard", 175, 250, 300, 70, 65, 0.06),
    "strong": Level("strong", 150, 200, 300, 60, 55, 0.10),
}


@dataclass(frozen=True)
class Compressed:
    """A re-encoded page image and what the PDF image dictionary must say about it."""

    data: bytes
    kind: str  # PHOTO, GREY or BILEVEL
    width: int
    height: int
    dpi: float  # pixels per inch on the page, the same along both sides
    filter: str  # "/DCTDecode" or "/CCITTFaxDecode"
    colorspace: str  # "/DeviceRGB" or "/DeviceGray"
    bits: int  # 8, or 1 for CCITT

    def pdf_dictionary(self) -> dict[str, Any]:
        """The image XObject's entries (names as "/Name" strings), to set with either PDF engine."""
        d: dict[str, Any] = {
            "/Type": "/XObject", "/Subtype": "/Image", "/Width": self.width, "/Height": self.height,
            "/ColorSpace": self.colorspace, "/BitsPerComponent": self.bits, "/Filter": self.filter,
        }
        if self.filter == "/CCITTFaxDecode":
            d["/DecodeParms"] = {"/K": -1, "/Columns": self.width, "/Rows": self.height, "/BlackIs1": True}
        return d


def classify(image: Image.Image, bilevel_midtones: float = LEVELS["standard"].bilevel_midtones) -> str:
    """PHOTO, GREY or BILEVEL. Colour is judged on a small copy; black-and-white on every pixel, since shrinking
    a page blurs its letters' edges into the midtones being counted."""
    if image.mode == "1":
        return BILEVEL
    if image.mode == "RGB":
        small = image.copy()
        small.thumbnail((400, 400))
        r, g, b = small.split()
        high = ImageChops.lighter(ImageChops.lighter(r, g), b)
        low = ImageChops.darker(ImageChops.darker(r, g), b)
        if ImageStat.Stat(ImageChops.subtract(high, low)).mean[0] >= GREY_SPREAD:
            return PHOTO
    grey = image if image.mode == "L" else image.convert("L")
    hist = whiten_paper(grey).histogram()
    total = sum(hist) or 1
    ink = sum(hist[:90]) / total
    mid = sum(hist[90:230]) / total
    return BILEVEL if mid < bilevel_midtones and ink > 0.002 else GREY


def compress_image(source: bytes | Image.Image, shown_in: tuple[float, float], level: str = "standard",
                   original_bytes: int | None = None) -> Compressed | None:
    """The page image re-encoded for its kind at `level`, or None when that would not make it smaller.

    `source` is an encoded image (JPEG, PNG, TIFF...) or a decoded Pillow image; `shown_in` is its width and
    height on the page in inches; `original_bytes` is what it costs now (default: the length of `source`).
    """
    settings = LEVELS[level]
    if isinstance(source, bytes | bytearray):
        original = len(source) if original_bytes is None else original_bytes
        with Image.open(io.BytesIO(source)) as im:
            im.load()
            image = im.copy()
    else:
        image = source
        original = original_bytes if original_bytes is not None else _raw_size(image)
    if image.mode not in ("1", "L", "RGB"):
        image = image.convert("RGB")
    kind = classify(image, settings.bilevel_midtones)
    source_dpi = _dpi(image.size, shown_in)
    target = {PHOTO: settings.photo_dpi, GREY: settings.grey_dpi, BILEVEL: settings.bilevel_dpi}[kind]
    target = max(target, MIN_DPI[kind])
    if kind == BILEVEL and source_dpi < MIN_DPI[BILEVEL] * 0.9 and image.mode != "1":
        kind, target = GREY, max(settings.grey_dpi, MIN_DPI[GREY])  # too coarse for 1-bit: keep the grey
    dpi = min(target, source_dpi)  # never upscaled
    resized = _resample(image, shown_in, dpi, source_dpi, kind)
    out = _encode(resized, kind, settings)
    if len(out.data) >= original * SMALLER_BY:
        return None
    return Compressed(out.data, kind, resized.width, resized.height, round(_dpi(resized.size, shown_in), 2),
                      out.filter, out.colorspace, out.bits)


@dataclass(frozen=True)
class _Encoded:
    data: bytes
    filter: str
    colorspace: str
    bits: int


def _encode(image: Image.Image, kind: str, settings: Level) -> _Encoded:
    buf = io.BytesIO()
    if kind == BILEVEL:
        bw = image if image.mode == "1" else whiten_paper(image.convert("L")).point(
            lambda v: 255 if v >= BILEVEL_THRESHOLD else 0).convert("1")
        bw.save(buf, "TIFF", compression="group4", tiffinfo={278: bw.height})  # one strip: the whole page
        return _Encoded(_tiff_strip(buf.getvalue()), "/CCITTFaxDecode", "/DeviceGray", 1)
    if kind == GREY:
        whiten_paper(image.convert("L")).save(buf, "JPEG", quality=settings.grey_quality, optimize=True)
        return _Encoded(buf.getvalue(), "/DCTDecode", "/DeviceGray", 8)
    image.convert("RGB").save(buf, "JPEG", quality=settings.photo_quality, optimize=True)
    return _Encoded(buf.getvalue(), "/DCTDecode", "/DeviceRGB", 8)


def whiten_paper(image: Image.Image) -> Image.Image:
    """A grey scan with its paper made white: the scanner's noise on the paper is most of a JPEG's bytes.

    The paper's shade is the brightest common grey; everything within PAPER_MARGIN of it becomes white and the
    rest is stretched to keep the ink's shading (and so the letters' edges) as it was.
    """
    hist = image.histogram()
    total = sum(hist) or 1
    # the paper is the brightest broad peak: noise spreads it over several greys, so count them together
    window = [sum(hist[max(0, v - 6) : v + 7]) for v in range(256)]
    bright = max(range(128, 256), key=lambda v: window[v])
    if window[bright] < total * 0.2:  # no paper to speak of (a photo, a dark page): leave it
        return image
    white = max(64, bright - PAPER_MARGIN)
    return image.point(lambda v: 255 if v >= white else v * 255 // white)


def _resample(image: Image.Image, shown_in: tuple[float, float], dpi: float, source_dpi: float,
              kind: str) -> Image.Image:
    if dpi >= source_dpi * 0.97:  # within a few percent: re-encode only
        return image
    size = (max(1, round(shown_in[0] * dpi)), max(1, round(shown_in[1] * dpi)))
    if kind == BILEVEL:  # average in grey, then threshold: thin strokes survive
        grey = whiten_paper(image.convert("L")) if image.mode != "1" else image.convert("L")
        return grey.resize(size, Image.Resampling.BOX).point(lambda v: 255 if v >= BILEVEL_THRESHOLD else 0)
    work = image if image.mode in ("L", "RGB") else image.convert("L")
    return work.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _tiff_strip(tiff: bytes) -> bytes:
    with Image.open(io.BytesIO(tiff)) as t:
        tags = t.tag_v2  # type: ignore[attr-defined]  # a TIFF image file (Pillow types it as ImageFile)
        offsets, counts = tags[273], tags[279]
    if len(offsets) != 1:
        raise ValueError("CCITT encoding produced several strips")
    return tiff[offsets[0] : offsets[0] + counts[0]]


def _dpi(size: tuple[int, int], shown_in: tuple[float, float]) -> float:
    """Pixels per inch as shown; the smaller of the two sides', should the image be stretched."""
    return min(size[0] / max(shown_in[0], 1e-6), size[1] / max(shown_in[1], 1e-6))


def _raw_size(image: Image.Image) -> int:
    bands = len(image.getbands())
    return math.ceil(image.width * image.height * bands / (8 if image.mode == "1" else 1))


# -- fit in one file -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PageImageRef:
    """One image page of a packet for the estimate: how to read it, its size on the page, what it costs now."""

    load: Callable[[], bytes | Image.Image]
    shown_in: tuple[float, float]
    size: int


@dataclass(frozen=True)
class FitChoice:
    level: str | None  # None: no compression is needed
    estimated_bytes: int  # the whole packet at that level
    fits: bool
    estimates: dict[str, int]  # every level's estimate, "none" included
    message: str


def estimate_sizes(images: Sequence[PageImageRef], other_bytes: int = 0, sample: int = 8,
                   levels: Sequence[str] = LEVEL_NAMES) -> dict[str, int]:
    """The packet's estimated size uncompressed ("none") and at each of `levels`: the images' total scaled by the
    ratios measured on up to `sample` pages spread through the packet, plus `other_bytes` (text pages etc.)."""
    total = sum(i.size for i in images)
    estimates = {"none": other_bytes + total}
    if not images:
        return {**estimates, **{name: other_bytes for name in levels}}
    step = max(1, len(images) // max(1, sample))
    picked = list(images)[::step][:sample]
    picked_total = sum(i.size for i in picked) or 1
    for name in levels:
        out = 0
        for ref in picked:
            result = compress_image(ref.load(), ref.shown_in, name, original_bytes=ref.size)
            out += ref.size if result is None else len(result.data)
        estimates[name] = other_bytes + round(total * out / picked_total)
    return estimates


def choose_level(images: Sequence[PageImageRef], other_bytes: int, limit_bytes: int,
                 sample: int = 8) -> FitChoice:
    """The gentlest compression that brings the packet under `limit_bytes`, or the strongest and a message.
    Levels are estimated gentlest first, and no further than the first that fits."""
    est = estimate_sizes(images, other_bytes, sample, levels=())
    aim = limit_bytes * FIT_MARGIN
    if est["none"] <= aim:
        return FitChoice(None, est["none"], True, est, _("The packet fits in one file without compression."))
    for name in LEVEL_NAMES:
        est.update(estimate_sizes(images, other_bytes, sample, levels=(name,)))
        if est[name] <= aim:
            return FitChoice(name, est[name], True, est,
                             _("With {level} image compression the packet fits in one file (about {size} of "
                               "{limit}).").format(level=_(LEVEL_WORDS[name]), size=_mb(est[name]),
                                                   limit=_mb(limit_bytes)))
    strongest = LEVEL_NAMES[-1]
    parts = math.ceil(est[strongest] / aim)
    return FitChoice(strongest, est[strongest], False, est,
                     _("Even with strong image compression the packet is about {size}, over the {limit} limit for "
                       "one file; it will be split into about {parts} parts.").format(
                         size=_mb(est[strongest]), limit=_mb(limit_bytes), parts=parts))


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"
