"""Reading photos and scans: upright, in RGB or grey or black-and-white, and page-ready at 300 dpi at most.

Every image is decoded once, here, within a fixed memory budget. What comes out is the page-ready derivative
(JPEG, or lossless 1-bit PNG for black-and-white scans) that export embeds as is, carrying the picture only: no
location, camera, owner or appended video (`photo_privacy.py`).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from typing import cast

from PIL import Image, ImageFile, ImageOps

from packet.core.i18n import _
from packet.store.intake_limits import fits_in_worker, implausibly_small, too_much_memory
from packet.store.photo_privacy import LOCATION_NOTE, NotAJpeg, records_location, strip_jpeg

try:  # iPhone photos: pi-heif decodes only, and its wheels are LGPL (pillow-heif's bundle GPL x265)
    import pi_heif

    pi_heif.register_heif_opener()
    HEIF_SUPPORTED = True
except ImportError:  # pragma: no cover - depends on the installation
    HEIF_SUPPORTED = False

# The most pixels Packet decodes at once (about 300 MB in RGB). JPEGs larger than this are decoded at a
# reduced scale by the JPEG decoder itself; other formats larger than this are refused.
MAX_DECODE_PIXELS = 100_000_000
# Page-ready size: US Letter at 300 dpi, in either orientation.
PAGE_LONG_PX = 3300
PAGE_SHORT_PX = 2550
JPEG_QUALITY = 85

Image.MAX_IMAGE_PIXELS = None  # Packet applies its own budget below, with a message people can act on.


class ImageRejected(Exception):
    pass


@dataclass
class ReadyPage:
    data: bytes
    encoding: str  # "jpeg" or "png1"
    width: int
    height: int
    colorspace: str  # "rgb", "gray"
    dpi: float = 0.0
    reuse_original: bool = False  # the original JPEG is already page-ready; data is the original bytes


@dataclass
class ImageExam:
    format: str
    pages: list[ReadyPage] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # warnings: something about the file to check
    notes: list[str] = field(default_factory=list)  # for the user's information (a location not carried over)


def examine_image(data: bytes, fmt: str, encode: bool = True) -> ImageExam:
    """Decode an image file into page-ready pages. With encode=False, check only (for `packet inspect`)."""
    if fmt == "HEIF" and not HEIF_SUPPORTED:
        raise ImageRejected(_("is an HEIC photo, and HEIC support is not installed. Install pi-heif, or export "
                              "the photo as JPEG from your phone or photo app and add that."))
    exam = ImageExam(format=fmt)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            im = Image.open(io.BytesIO(data))
            im.size  # noqa: B018 - the header is read now
        except Exception as exc:
            raise ImageRejected(_("looks like a {fmt} image but cannot be read ({error}). Open it in an image "
                                  "viewer to check, and save it again as JPEG or PNG.").format(
                                    fmt=fmt, error=_short(exc))) from exc
        if implausibly_small(fmt, im.width, im.height, len(data)):
            exam.messages.append(_("says it is {width:,} x {height:,} pixels, but at {size:,} bytes it is far "
                                   "too small to hold such a picture: it is damaged, or made to look larger than "
                                   "it is. Check its page in the exported packet, or get the file again.").format(
                                     width=im.width, height=im.height, size=len(data)))
        frames = getattr(im, "n_frames", 1) or 1
        if fmt == "GIF" and frames > 1:
            exam.messages.append(_("is an animated GIF with {frames} frames; only the first frame is used.").format(
                                     frames=frames))
            frames = 1
        elif frames > 1 and fmt not in ("TIFF",):
            frames = 1  # WebP/HEIF sequences: the primary image
        truncated = False
        for index in range(frames):
            if index:
                im.seek(index)
            page, was_truncated = _read_frame(data, im, fmt, index, encode)
            truncated = truncated or was_truncated
            exam.pages.append(page)
        if frames > 1:
            im.seek(0)
        if records_location(im):  # after decoding: reading a PNG's EXIF can mean decoding it
            exam.notes.append(_(LOCATION_NOTE))
    if truncated:
        exam.messages.append(_("is cut short (an incomplete download or copy?); the part that is there was used, "
                               "and the rest of the page is blank. Check the page, or get the file again."))
    return exam


def _read_frame(data: bytes, im: Image.Image, fmt: str, index: int, encode: bool) -> tuple[ReadyPage, bool]:
    w, h = im.size
    if w <= 0 or h <= 0:
        raise ImageRejected(_("has no pixels. Get the file again."))
    reduce = 1
    if w * h > MAX_DECODE_PIXELS or not fits_in_worker(fmt, w, h):
        if fmt == "JPEG" and w * h <= MAX_DECODE_PIXELS * 64:  # the decoder itself reduces, by up to 8 a side
            while reduce < 8 and (w * h / (reduce * reduce) > MAX_DECODE_PIXELS
                                  or not fits_in_worker(fmt, w // reduce, h // reduce)):
                reduce *= 2
            if not fits_in_worker(fmt, w // reduce, h // reduce):
                raise ImageRejected(too_much_memory(w // reduce, h // reduce, fmt))
            im.draft(im.mode if im.mode in ("RGB", "L", "CMYK") else "RGB", (w // reduce, h // reduce))
        elif w * h <= MAX_DECODE_PIXELS:  # within the pixel cap, but more than this computer's budget
            raise ImageRejected(too_much_memory(w, h, fmt))
        else:
            mp = w * h / 1e6
            raise ImageRejected(
                _("is {w:,} x {h:,} pixels ({mp:,.0f} megapixels), more than any photo or scan needs; Packet "
                  "reads images up to {limit} megapixels to protect your computer's memory. Save it at a smaller "
                  "size (your photo app's Export or Resize) and add it again.").format(
                    w=w, h=h, mp=mp, limit=MAX_DECODE_PIXELS // 1_000_000)
            )
    truncated = False
    try:
        im.load()
    except (OSError, SyntaxError, ValueError) as exc:
        if "truncated" not in str(exc).lower() and "broken data" not in str(exc).lower():
            raise ImageRejected(_("is a damaged {fmt} image that cannot be decoded ({error}). Get the file "
                                  "again, or open and save it again in an image viewer.").format(
                                    fmt=fmt, error=_short(exc))) from exc
        truncated = True
        im = _load_truncated(data, index, reduce)
    original_dpi = _dpi(im)
    orientation = _orientation(im)
    reusable = (fmt == "JPEG" and not truncated and reduce == 1 and orientation in (0, 1)
                and im.mode in ("RGB", "L") and max(w, h) <= PAGE_LONG_PX and min(w, h) <= PAGE_SHORT_PX)
    clean = _stripped(data) if reusable else None
    if clean is not None:  # page-ready as it is: keep the picture's bytes, drop everything else
        cs = "rgb" if im.mode == "RGB" else "gray"
        same = clean == data
        payload = (data if same else clean) if encode else b""
        return ReadyPage(payload, "jpeg", w, h, cs, original_dpi, reuse_original=same), False
    if orientation not in (0, 1):
        im = ImageOps.exif_transpose(im)
    bilevel = _is_bilevel(im)
    im = _to_page_mode(im, bilevel)
    scale = _fit_scale(im.size)
    if scale < 1:
        new_size = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
        if bilevel:
            im = im.convert("L").resize(new_size, Image.Resampling.BOX).point(lambda v: 255 if v >= 128 else 0)
            im = im.convert("1", dither=Image.Dither.NONE)
        else:
            im = im.resize(new_size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    dpi = original_dpi / reduce * scale if original_dpi else 0.0
    cs = "rgb" if im.mode == "RGB" else "gray"
    payload = b""
    if encode:
        buf = io.BytesIO()
        if bilevel:
            im.save(buf, format="PNG", optimize=False)
        else:
            im.save(buf, format="JPEG", quality=JPEG_QUALITY)
        payload = buf.getvalue() if bilevel else strip_jpeg(buf.getvalue())
    return ReadyPage(payload, "png1" if bilevel else "jpeg", im.width, im.height, cs, round(dpi, 2)), truncated


def _stripped(data: bytes) -> bytes | None:
    """The JPEG without metadata or trailing data; None when its structure is odd (it is re-encoded instead)."""
    try:
        return strip_jpeg(data)
    except NotAJpeg:
        return None


def _load_truncated(data: bytes, index: int, reduce: int) -> Image.Image:
    """Decode what is there of a file that was cut short."""
    old = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        im = Image.open(io.BytesIO(data))
        if index:
            im.seek(index)
        if reduce > 1:
            im.draft("RGB", (im.width // reduce, im.height // reduce))
        im.load()
        return im
    except Exception as exc:
        raise ImageRejected(_("is cut short and too little of it is left to use ({error}). Get the file again.").format(
                                error=_short(exc))) from exc
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = old


def _orientation(im: Image.Image) -> int:
    try:
        return int(im.getexif().get(0x0112, 1) or 1)
    except Exception:
        return 1


def _dpi(im: Image.Image) -> float:
    dpi = im.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        return 0.0
    return value if 100 <= value <= 2400 else 0.0  # 72 and 96 are screen defaults, not a scan's resolution


def _is_bilevel(im: Image.Image) -> bool:
    if im.mode == "1":
        return True
    if im.mode == "P" and "transparency" not in im.info:
        colours = im.getcolors(4)
        if colours and len(colours) <= 2:
            palette = im.getpalette() or []
            rgb = {tuple(palette[int(i) * 3 : int(i) * 3 + 3]) for _, i in colours if isinstance(i, int)}
            return rgb <= {(0, 0, 0), (255, 255, 255)}
    return False


def _to_page_mode(im: Image.Image, bilevel: bool) -> Image.Image:
    """RGB, L or 1; transparency composited onto white paper, 16-bit brought down to 8."""
    if bilevel:
        return im if im.mode == "1" else im.convert("L").point(lambda v: 255 if v >= 128 else 0).convert("1")
    mode = im.mode
    if mode in ("RGB", "L"):
        return im
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        hi = cast(float, im.getextrema()[1]) or 1
        factor = 255 / 65535 if hi > 255 else 1.0
        return im.point(lambda v: v * factor).convert("L")
    if mode == "F":
        return im.convert("L")
    if mode in ("RGBA", "LA", "PA", "RGBa", "La") or (mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        paper = Image.new("RGB", rgba.size, (255, 255, 255))
        paper.paste(rgba, mask=rgba.getchannel("A"))
        return paper
    if mode == "P":
        return im.convert("RGB")
    return im.convert("RGB")  # CMYK (Adobe inversion handled by Pillow), YCbCr, LAB, HSV


def _fit_scale(size: tuple[int, int]) -> float:
    w, h = size
    long_side, short_side = max(w, h), min(w, h)
    return min(1.0, PAGE_LONG_PX / long_side, PAGE_SHORT_PX / short_side)


def _short(exc: Exception) -> str:
    return (" ".join(str(exc).split()) or type(exc).__name__)[:120]
