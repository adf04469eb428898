"""Image compression for the export: per-page kind and resolution, same size on the page, still legible."""

from __future__ import annotations

import io
import subprocess

import pytest
from PIL import Image, ImageChops, ImageDraw
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject, StreamObject

from packet.export.compress import (
    BILEVEL,
    GREY,
    LEVEL_NAMES,
    LEVELS,
    PHOTO,
    Compressed,
    PageImageRef,
    choose_level,
    classify,
    compress_image,
)
from packet.store.ocr_engine import find_engine, recognise_image
from tests.export.pdfcheck import NEEDS_POPPLER
from tests.store.scanned import KNOWN_TEXT, found_share, jpeg_bytes, scan_image, words_of


def _photo(size=(1600, 1200), seed=3) -> Image.Image:
    """A colour photo: a coloured gradient with shapes and noise (not a document)."""
    import random

    rng = random.Random(seed)
    im = Image.linear_gradient("L").resize(size)
    im = Image.merge("RGB", (im, im.rotate(90).resize(size), Image.new("L", size, 120)))
    d = ImageDraw.Draw(im)
    for _ in range(30):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        d.ellipse([x, y, x + rng.randint(20, 200), y + rng.randint(20, 200)],
                  fill=tuple(rng.randrange(256) for _ in range(3)))
    noise = Image.frombytes("L", size, rng.randbytes(size[0] * size[1])).point(lambda v: 128 + (v - 128) // 16)
    return ImageChops.add(im, Image.merge("RGB", (noise,) * 3), offset=-128)


def _embed(c: Compressed, path, shown_pt):
    """A one-page PDF showing the compressed image at `shown_pt`, with the dictionary compress gave."""
    writer = PdfWriter()
    page = writer.add_blank_page(shown_pt[0], shown_pt[1])
    stream = StreamObject()
    stream._data = c.data

    def obj(v):
        if isinstance(v, dict):
            return DictionaryObject({NameObject(k): obj(x) for k, x in v.items()})
        if isinstance(v, bool):
            from pypdf.generic import BooleanObject

            return BooleanObject(v)
        if isinstance(v, str):
            return NameObject(v)
        return NumberObject(v)

    for k, v in c.pdf_dictionary().items():
        stream[NameObject(k)] = obj(v)
    ref = writer._add_object(stream)
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Im"): ref})})
    content = DecodedStreamObject()
    content.set_data(f"q {shown_pt[0]} 0 0 {shown_pt[1]} 0 0 cm /Im Do Q".encode())
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(content)])
    with open(path, "wb") as fh:
        writer.write(fh)


def _render(pdf, dpi) -> Image.Image:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", str(pdf), str(pdf) + f"-{dpi}"],
                   capture_output=True, check=True, timeout=60)
    with Image.open(str(pdf) + f"-{dpi}.png") as im:
        return im.convert("L")


def test_a_300_dpi_grey_text_scan_comes_out_smaller_at_no_more_than_the_target_and_the_same_size():
    shown = (8.5, 5.5)
    scan = jpeg_bytes(scan_image(dpi=300, size_in=shown), 300, 90)
    sizes = []
    for level in LEVEL_NAMES:
        c = compress_image(scan, shown, level)
        assert c is not None and c.kind in (GREY, BILEVEL)
        target = LEVELS[level].grey_dpi if c.kind == GREY else LEVELS[level].bilevel_dpi
        assert c.dpi <= target + 0.5
        assert abs(c.width / c.dpi - shown[0]) < 0.02 and abs(c.height / c.dpi - shown[1]) < 0.02  # same inches
        sizes.append(len(c.data))
    assert max(sizes) < len(scan) / 3


def test_a_grey_scan_with_shading_stays_grey_jpeg_at_its_level_resolution():
    im = scan_image(dpi=300, size_in=(8.5, 5.5))
    ImageDraw.Draw(im).rectangle([1200, 900, 2400, 1500], fill=150)  # a grey photo or stamp on the page
    scan = jpeg_bytes(im, 300, 90)
    c = compress_image(scan, (8.5, 5.5), "strong")
    assert c.kind == GREY and c.filter == "/DCTDecode" and c.colorspace == "/DeviceGray"
    assert c.dpi == pytest.approx(200, abs=0.5) and len(c.data) < len(scan)


def test_a_colour_photo_is_colour_jpeg_at_150_to_200_dpi():
    photo = jpeg_bytes(_photo(), 300, 92)  # 1600 x 1200 at 300 dpi shown 5.33 x 4 in
    shown = (1600 / 300, 1200 / 300)
    assert classify(Image.open(io.BytesIO(photo))) == PHOTO
    light, strong = compress_image(photo, shown, "light"), compress_image(photo, shown, "strong")
    assert light.kind == strong.kind == PHOTO and light.colorspace == "/DeviceRGB"
    assert light.dpi == pytest.approx(200, abs=0.5) and strong.dpi == pytest.approx(150, abs=0.5)
    assert len(strong.data) < len(light.data) < len(photo)


def test_never_upscaled_and_never_below_the_legible_floor():
    low = jpeg_bytes(_photo((600, 450)), 100, 95)  # 100 dpi, shown 6 x 4.5 in
    c = compress_image(low, (6, 4.5), "strong")
    assert c is not None and c.kind == PHOTO  # re-encoded, smaller...
    assert (c.width, c.height) == (600, 450) and c.dpi == 100  # ...at the pixels it had
    assert min(LEVELS[n].grey_dpi for n in LEVEL_NAMES) >= 200 and min(LEVELS[n].photo_dpi for n in LEVEL_NAMES) >= 150


def test_what_would_not_get_smaller_is_left_alone():
    tiny = jpeg_bytes(scan_image(dpi=150, size_in=(2, 1)), 150, 30)
    assert compress_image(tiny, (2, 1), "light") is None


@NEEDS_POPPLER
def test_a_black_and_white_page_becomes_ccitt_and_renders_as_it_was(tmp_path):
    page = Image.new("1", (1275, 825), 1)  # 8.5 x 5.5 in at 150 ... drawn at 300 dpi below
    page = scan_image(dpi=300, size_in=(8.5, 5.5)).point(lambda v: 255 if v >= 140 else 0).convert("1")
    buf = io.BytesIO()
    page.save(buf, "PNG")
    c = compress_image(buf.getvalue(), (8.5, 5.5), "standard")
    assert c.kind == BILEVEL and c.filter == "/CCITTFaxDecode" and c.bits == 1 and c.dpi == 300
    assert len(c.data) < len(buf.getvalue())
    pdf = tmp_path / "bw.pdf"
    _embed(c, pdf, (8.5 * 72, 5.5 * 72))
    shown = _render(pdf, 300).resize(page.size)
    diff = ImageChops.difference(shown, page.convert("L")).point(lambda v: 255 if v > 128 else 0)
    assert diff.histogram()[255] / (page.width * page.height) < 0.005  # the same black pixels, not inverted


@NEEDS_POPPLER
def test_the_compressed_scan_is_still_legible(tmp_path):
    if find_engine() is None:
        pytest.skip("no OCR engine")
    shown = (8.5, 5.5)
    scans = {300: jpeg_bytes(scan_image(dpi=300, size_in=shown), 300, 90),
             200: jpeg_bytes(scan_image(dpi=200, size_in=shown), 200, 75)}  # as the benchmark's scans are
    for (dpi, scan), level in (((300, scans[300]), "standard"), ((300, scans[300]), "strong"),
                               ((200, scans[200]), "strong")):
        c = compress_image(scan, shown, level)
        assert c.dpi <= dpi
        pdf = tmp_path / f"{level}-{dpi}.pdf"
        _embed(c, pdf, (shown[0] * 72, shown[1] * 72))
        assert _render(pdf, 72).size == (612, 396)  # the page is the same size
        rendered = _render(pdf, round(c.dpi))
        text = " ".join(w.text for w in recognise_image(find_engine(), rendered, "spa+eng", round(c.dpi)))
        assert found_share(words_of(KNOWN_TEXT), text) >= 0.98, (level, dpi, c.kind, text)


def _refs(images: list[bytes], shown) -> list[PageImageRef]:
    return [PageImageRef(load=lambda b=b: b, shown_in=shown, size=len(b)) for b in images]


def test_fit_in_one_file_picks_the_gentlest_level_that_brings_it_under_the_limit():
    shown = (8.5, 5.5)
    pages = []
    for seed in range(4):
        im = scan_image(KNOWN_TEXT[seed:] + KNOWN_TEXT[:seed], dpi=300, seed=seed, size_in=shown)
        ImageDraw.Draw(im).rectangle([1500, 1000, 2300, 1500], fill=140 + seed * 5)  # shading: stays grey
        pages.append(jpeg_bytes(im, 300, 92))
    refs = _refs(pages, shown)
    other = 50_000
    total = other + sum(len(p) for p in pages)
    actual = {lvl: other + sum(len(compress_image(p, shown, lvl).data) for p in pages) for lvl in LEVEL_NAMES}
    assert actual["strong"] < actual["standard"] < actual["light"] < total

    assert choose_level(refs, other, total * 2).level is None  # fits already
    limit = (actual["standard"] + actual["light"]) // 2  # standard fits, light does not
    choice = choose_level(refs, other, round(limit / 0.96))
    assert choice.fits and choice.level == "standard" and "standard" in choice.message
    assert actual[choice.level] <= limit / 0.96
    impossible = choose_level(refs, other, actual["strong"] // 2)
    assert not impossible.fits and impossible.level == "strong"
    assert "over the" in impossible.message and "split into about" in impossible.message
