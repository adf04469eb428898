"""Image compression in the export: which level, and re-encoding the images of the pages it writes.

`compress.py` re-encodes one image; this module applies it where the export embeds page images: a photo's
page-ready image (in the image carrier, `sources.py`) and the big image XObjects of scanned PDF pages (replaced
in the page's own copy of its resources, `pages.py`). The size an image is shown at on the output page decides
its resolution, and never changes; the stored documents are never touched.

The level comes from the packet's `compress_images` setting and its filing profile (`effective_level`); "fit"
(`fit_level`) estimates from a sample which level brings the packet under the profile's size limit in one file.
Results are kept for the whole export, so a packet written in parts, or written again to split it
differently, re-encodes each image once. `CompressionReport` is what the export dialog and `packet build` say.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf
from PIL import Image

from packet.core.geometry import Matrix, multiply
from packet.core.i18n import _, ngettext
from packet.export.compress import LEVEL_NAMES, LEVEL_WORDS, Compressed, compress_image

FIT = "fit"
MIN_IMAGE_BYTES = 40_000  # smaller images are logos and stamps: not worth decoding
MIN_IMAGE_PIXELS = 200_000  # nor are images this small (a 2 x 1 inch logo at 300 dpi)
SAFE_FILTERS = frozenset({"/DCTDecode", "/FlateDecode", "/CCITTFaxDecode"})
TEXT_FILTERS = frozenset({"/ASCII85Decode", "/ASCIIHexDecode"})  # before the image filter (reportlab writes them)


def effective_level(choice: str, limit_bytes: int | None) -> str | None:
    """The compression to use: a level name, FIT, or None (off). "auto" compresses for profiles with a limit."""
    if choice == "auto":
        return "standard" if limit_bytes else None
    if choice == FIT:
        return FIT if limit_bytes else None
    return choice if choice in LEVEL_NAMES else None


@dataclass
class CompressionReport:
    """What compression did: the level, how many images it re-encoded, their bytes before and after."""

    level: str | None
    images: int = 0
    original_bytes: int = 0
    compressed_bytes: int = 0
    message: str = ""  # "fit in one file": what was chosen, or why it could not fit
    fits: bool | None = None  # "fit in one file": whether the estimate said it would

    def size_without(self, size: int) -> int:
        """The export's size had its images not been compressed (the output's size, images put back)."""
        return size - self.compressed_bytes + self.original_bytes

    def describe(self, size: int) -> str:
        """The size before and after, in the interface language (the fit message, if any, is its own sentence)."""
        if not self.level:
            return self.message or _("Images were not compressed.")
        level = _(LEVEL_WORDS.get(self.level, self.level))
        if not self.images:
            said = _("Images compressed ({level}): none needed it; {size}.").format(level=level, size=_mb(size))
        else:
            said = ngettext("Images compressed ({level}): {n} image, {before} -> {after}; the packet is {size} "
                            "(about {without} without compression).",
                            "Images compressed ({level}): {n} images, {before} -> {after}; the packet is {size} "
                            "(about {without} without compression).", self.images).format(
                level=level, n=self.images, before=_mb(self.original_bytes), after=_mb(self.compressed_bytes),
                size=_mb(size), without=_mb(self.size_without(size)))
        return f"{self.message} {said}" if self.message else said


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


class ImageCompressor:
    """Re-encodes page images at one level, each once per export; counts what it did."""

    def __init__(self, level: str):
        if level not in LEVEL_NAMES:
            raise ValueError(f"compression level {level!r}")
        self.level = level
        self.report = CompressionReport(level)
        self._done: dict[tuple, Compressed | None] = {}

    def compress(self, key: tuple, load, shown_in: tuple[float, float], original: int) -> Compressed | None:
        """The image under `key`, re-encoded (None: kept as it is); `load()` gives its bytes or Pillow image."""
        if key in self._done:
            return self._done[key]
        try:
            result = compress_image(load(), shown_in, self.level, original_bytes=original)
        except (OSError, ValueError, MemoryError, pikepdf.PdfError, NotImplementedError):
            result = None  # an image Pillow cannot decode stays as it is
        self._done[key] = result
        if result is not None:
            self.report.images += 1
            self.report.original_bytes += original
            self.report.compressed_bytes += len(result.data)
        return result

    # -- page images (the carrier) ----------------------------------------------------------------------------
    def page_image(self, key: tuple, data: bytes, shown_in: tuple[float, float]) -> tuple[bytes, bytes] | None:
        """A photo's page-ready image re-encoded: (the XObject's dictionary without /Length and >>, its data)."""
        result = self.compress(key, lambda: data, shown_in, len(data))
        if result is None:
            return None
        return _dictionary_bytes(result), result.data

    # -- scanned PDF pages ------------------------------------------------------------------------------------
    def pdf_page(self, pdf: pikepdf.Pdf, page: pikepdf.Dictionary, xobjects: pikepdf.Object, scale: float,
                 key: tuple) -> None:
        """Replace the big images a PDF page draws (in its own XObject dictionary, `xobjects`) by re-encoded ones.
        `scale` is the placement's: source user units to output points."""
        candidates = [(str(name), obj) for name, obj in xobjects.items() if is_compressible(obj)]
        if not candidates:
            return
        shown = shown_sizes(page)
        for name, obj in candidates:
            size = shown.get(name)
            if size is None:
                continue
            inches = (size[0] * scale / 72.0, size[1] * scale / 72.0)
            if min(inches) < 0.5:
                continue
            original = encoded_size(obj)
            result = self.compress((*key, name), lambda o=obj: decode(o), inches, original)
            if result is not None:
                xobjects[name] = make_image_stream(pdf, result)


def is_compressible(obj) -> bool:
    """A plain scanned image: big, 8-bit grey or colour (or 1-bit), no mask or transparency, a filter Pillow
    reads. Anything else (JBIG2, JPEG 2000, CMYK, masks) is kept as it is."""
    if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") != "/Image":
        return False
    if any(k in obj for k in ("/SMask", "/Mask", "/Decode", "/SMaskInData")) or obj.get("/ImageMask", False):
        return False
    filters = obj.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else [str(filters)] if filters else []
    if any(n not in TEXT_FILTERS for n in names[:-1]) or (names and names[-1] not in SAFE_FILTERS):
        return False
    if int(obj.get("/BitsPerComponent", 8)) not in (1, 8):
        return False
    space = obj.get("/ColorSpace")
    if isinstance(space, pikepdf.Array) and len(space) == 2 and str(space[0]) == "/ICCBased":
        ok = int(space[1].get("/N", 0)) in (1, 3)
    else:
        ok = str(space) in ("/DeviceGray", "/DeviceRGB")
    try:
        pixels = int(obj.get("/Width", 0)) * int(obj.get("/Height", 0))
    except (TypeError, ValueError):
        return False
    return ok and pixels >= MIN_IMAGE_PIXELS and encoded_size(obj) >= MIN_IMAGE_BYTES


def encoded_size(obj: pikepdf.Object) -> int:
    """The image's bytes as stored (qpdf drops /Length from the streams it copies: then the data is measured)."""
    length = obj.get("/Length")
    if isinstance(length, int) and length > 0:
        return length
    return len(obj.read_raw_bytes()) if isinstance(obj, pikepdf.Stream) else 0


def decode(obj: pikepdf.Object) -> Image.Image:
    if not isinstance(obj, pikepdf.Stream):
        raise ValueError("not an image stream")
    return pikepdf.PdfImage(obj).as_pil_image()


def make_image_stream(pdf: pikepdf.Pdf, result: Compressed) -> pikepdf.Stream:
    """The re-encoded image as an XObject of `pdf` (its data already encoded, as its /Filter says)."""
    stream = pikepdf.Stream(pdf, result.data)
    for k, v in result.pdf_dictionary().items():
        stream[k] = _pike(v)
    return stream


def _pike(value):
    if isinstance(value, dict):
        return pikepdf.Dictionary({k: _pike(v) for k, v in value.items()})
    if isinstance(value, str) and value.startswith("/"):
        return pikepdf.Name(value)
    return value


def _dictionary_bytes(result: Compressed) -> bytes:
    """The image dictionary as PDF source, for the carrier file written by hand (`sources._write_carrier`)."""
    def fmt(v) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, dict):
            return "<< " + " ".join(f"{k} {fmt(x)}" for k, x in v.items()) + " >>"
        return str(v)
    return ("<< " + " ".join(f"{k} {fmt(v)}" for k, v in result.pdf_dictionary().items())).encode("ascii")


def shown_sizes(page: pikepdf.Dictionary) -> dict[str, tuple[float, float]]:
    """Each image XObject the page draws directly: the largest width and height it is drawn at, in user units
    (from the current matrix at its Do). A page whose drawing cannot be read gives {} (nothing is compressed)."""
    out: dict[str, tuple[float, float]] = {}
    try:
        for name, m in _image_draws(page):
            w, h = math.hypot(m[0], m[1]), math.hypot(m[2], m[3])
            old = out.get(name, (0.0, 0.0))
            out[name] = (max(old[0], w), max(old[1], h))
    except (pikepdf.PdfError, ValueError, TypeError, IndexError):
        return {}
    return out


def _image_draws(page: pikepdf.Dictionary) -> Iterator[tuple[str, Matrix]]:
    ctm: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack: list[Matrix] = []
    for instruction in pikepdf.parse_content_stream(page, "q Q cm Do"):
        if not isinstance(instruction, pikepdf.ContentStreamInstruction):
            continue
        operands, op = instruction.operands, str(instruction.operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop() if stack else ctm
        elif op == "cm" and len(operands) == 6:
            m = tuple(float(x) for x in operands)
            ctm = multiply(m, ctm)  # type: ignore[arg-type]
        elif op == "Do" and operands:
            yield str(operands[0]), ctm


@dataclass
class FitEstimate:
    """`fit_level`'s answer: the level, whether the packet fits one file, and the ratio image weights shrink by."""

    level: str | None
    fits: bool
    message: str
    image_ratio: float = 1.0
    estimates: dict[str, int] = field(default_factory=dict)
