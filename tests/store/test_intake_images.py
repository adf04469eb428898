"""Photos and scans come out of intake as page-ready images: upright, true colours, white paper, sane size."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops, ImageOps, ImageStat

from packet.store.image_intake import PAGE_LONG_PX, PAGE_SHORT_PX
from packet.store.intake import add_files


def add_one(folder, path, **kw):
    [result] = add_files(folder, [path], workers=1, **kw)
    return result


def page_images(folder, result):
    """The page-ready images of an added file, opened (and fully loaded) with Pillow."""
    doc = folder.packet.documents[result.sha256]
    out = []
    for img in doc.page_images:
        with Image.open(folder.file(img.file)) as im:
            im.load()
            out.append((img, im.copy()))
    return out


def thumb(im: Image.Image, size, mode: str) -> Image.Image:
    return im.convert(mode).resize(size, Image.Resampling.BILINEAR)


def mean_abs_diff(a: Image.Image, b: Image.Image) -> float:
    stat = ImageStat.Stat(ImageChops.difference(a, b))
    return sum(stat.mean) / len(stat.mean)


# -- EXIF orientation -----------------------------------------------------------------------------------------

@pytest.mark.corpus
def test_exif_orientations_come_out_upright_and_unmirrored(corpus, packet_folder):
    results = add_files(packet_folder, [corpus / f"Landscape_{i}.jpg" for i in range(1, 9)], workers=1)
    assert [r.verdict for r in results] == ["accept"] * 8
    thumbs = []
    for r in results:
        [(meta, im)] = page_images(packet_folder, r)
        assert (meta.width, meta.height) == (1800, 1200), r.name
        assert im.size == (1800, 1200), r.name  # wider than tall, as the photo was taken
        thumbs.append(thumb(im, (90, 60), "L"))
    reference = thumbs[0]
    # the comparison can tell a wrong turn from a right one
    assert mean_abs_diff(reference, ImageOps.mirror(reference)) > 40
    assert mean_abs_diff(reference, ImageOps.flip(reference)) > 40
    for i, t in enumerate(thumbs, start=1):
        assert mean_abs_diff(reference, t) < 20, f"Landscape_{i}.jpg is not upright/unmirrored"


# -- colour -----------------------------------------------------------------------------------------------------

@pytest.fixture
def baiona(corpus, packet_folder):
    names = ["baiona_cmyk.jpg", "baiona_colormapped.png", "baiona_alpha.png", "baiona_gray.png"]
    results = add_files(packet_folder, [corpus / n for n in names], workers=1)
    assert [r.verdict for r in results] == ["accept"] * 4
    return {r.name: page_images(packet_folder, r)[0] for r in results}


@pytest.mark.corpus
def test_cmyk_jpeg_is_not_inverted(baiona):
    meta, cmyk = baiona["baiona_cmyk.jpg"]
    assert meta.colorspace == "rgb" and cmyk.mode == "RGB"
    assert cmyk.size == (640, 682)
    reference = thumb(baiona["baiona_colormapped.png"][1], (64, 68), "RGB")
    t = thumb(cmyk, (64, 68), "RGB")
    assert mean_abs_diff(reference, ImageOps.invert(reference)) > 100  # an inverted result would be caught
    assert mean_abs_diff(reference, t) < 30


@pytest.mark.corpus
def test_rgba_png_matches_the_opaque_versions(baiona, corpus):
    meta, alpha = baiona["baiona_alpha.png"]
    assert alpha.mode == "RGB"
    reference = thumb(baiona["baiona_colormapped.png"][1], (64, 68), "RGB")
    assert mean_abs_diff(reference, thumb(alpha, (64, 68), "RGB")) < 30
    gray_meta, gray = baiona["baiona_gray.png"]
    assert gray_meta.colorspace == "gray"
    assert mean_abs_diff(thumb(reference, (64, 68), "L"), thumb(gray, (64, 68), "L")) < 30
    with Image.open(corpus / "baiona_alpha.png") as src:
        low_alpha = src.getchannel("A").getextrema()[0]
    if low_alpha == 0:  # some fully transparent pixels: they must be paper white, not black
        brightness = ImageStat.Stat(alpha.convert("L")).mean[0]
        assert brightness >= ImageStat.Stat(reference.convert("L")).mean[0] - 10


def test_transparent_areas_become_white_paper(packet_folder, tmp_path):
    # left half fully transparent over black pixels (what many apps write), right half opaque blue
    im = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    im.paste((20, 40, 200, 255), (100, 0, 200, 100))
    path = tmp_path / "signature.png"
    im.save(path)
    r = add_one(packet_folder, path)
    assert r.verdict == "accept"
    [(meta, page)] = page_images(packet_folder, r)
    assert page.mode == "RGB"
    assert all(c >= 245 for c in page.getpixel((25, 50))), page.getpixel((25, 50))
    assert all(abs(a - b) <= 12 for a, b in zip(page.getpixel((175, 50)), (20, 40, 200), strict=True))


def test_transparent_palette_png_becomes_white(packet_folder, tmp_path):
    im = Image.new("P", (100, 100), 0)
    im.putpalette([0, 0, 0, 200, 0, 0] + [0] * 762)
    im.paste(1, (50, 0, 100, 100))
    path = tmp_path / "stamp.png"
    im.save(path, transparency=0)
    r = add_one(packet_folder, path)
    [(meta, page)] = page_images(packet_folder, r)
    assert all(c >= 245 for c in page.convert("RGB").getpixel((10, 50)))
    red = page.convert("RGB").getpixel((90, 50))
    assert red[0] > 170 and red[1] < 40 and red[2] < 40


# -- bit depth ----------------------------------------------------------------------------------------------------

@pytest.mark.corpus
def test_16bit_png_becomes_8bit_rgb_with_the_same_picture(corpus, packet_folder):
    r = add_one(packet_folder, corpus / "RGB_16__128x128.png")
    assert r.verdict == "accept"
    [(meta, page)] = page_images(packet_folder, r)
    assert (meta.encoding, meta.colorspace, page.mode, page.size) == ("jpeg", "rgb", "RGB", (128, 128))
    lo, hi = zip(*page.getextrema(), strict=True)
    assert min(lo) < 60 and max(hi) > 195, page.getextrema()  # not crushed to black or blown to white
    with Image.open(corpus / "RGB_16__128x128.png") as src:
        # reference: the high byte of each 16-bit sample
        reference = src.convert("RGB")
    assert mean_abs_diff(reference, page) < 8


def test_16bit_grayscale_png_is_scaled_not_clipped(packet_folder, tmp_path):
    im = Image.new("I;16", (256, 32))
    im.putdata([x * 257 for _ in range(32) for x in range(256)])  # 0 .. 65535 left to right
    path = tmp_path / "xray.png"
    im.save(path)
    r = add_one(packet_folder, path)
    [(meta, page)] = page_images(packet_folder, r)
    assert page.mode == "L" and meta.colorspace == "gray"
    values = [page.getpixel((x, 16)) for x in (0, 64, 128, 192, 255)]
    for got, want in zip(values, (0, 64, 128, 192, 255), strict=True):
        assert abs(got - want) <= 6, values


# -- multi-page and animated ---------------------------------------------------------------------------------

@pytest.mark.corpus
def test_multi_page_fax_tiff_becomes_three_bilevel_pages(corpus, packet_folder):
    r = add_one(packet_folder, corpus / "g4-multi.tiff")
    assert (r.verdict, r.pages) == ("accept", 3)
    pages = page_images(packet_folder, r)
    assert len(pages) == 3
    assert len({m.file for m, _ in pages}) == 3
    for meta, im in pages:
        assert meta.encoding == "png1"
        assert im.mode == "1"
        assert max(im.size) <= PAGE_LONG_PX and min(im.size) <= PAGE_SHORT_PX
        assert (meta.width, meta.height) == im.size
        assert im.height > im.width  # A4 portrait stays portrait
        assert ImageStat.Stat(im.convert("L")).mean[0] > 200  # a white page with some black text
        assert im.convert("L").getextrema() == (0, 255)


def test_animated_gif_uses_first_frame_and_says_so(packet_folder, tmp_path):
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255)]
    frames = [Image.new("RGB", (60, 40), c) for c in colours]
    path = tmp_path / "dancing.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    r = add_one(packet_folder, path)
    assert r.verdict == "warn"
    assert r.pages == 1
    assert any("first frame" in m and "dancing.gif" in m for m in r.messages), r.messages
    [(meta, page)] = page_images(packet_folder, r)
    red = page.convert("RGB").getpixel((30, 20))
    assert red[0] > 200 and red[1] < 60 and red[2] < 60  # the first frame, not a later one
    doc = packet_folder.packet.documents[r.sha256]
    assert doc.messages == r.messages  # the warning stays with the document


@pytest.mark.corpus
def test_truncated_jpeg_is_taken_with_a_warning(corpus, packet_folder):
    r = add_one(packet_folder, corpus / "truncated_jpeg.jpg")
    assert r.verdict == "warn"
    assert r.pages == 1
    assert any("cut short" in m for m in r.messages)
    [(meta, page)] = page_images(packet_folder, r)
    assert page.size == (100, 100)


# -- size limits ---------------------------------------------------------------------------------------------

def test_huge_png_is_refused_by_megapixels_without_crashing(packet_folder, tmp_path):
    path = tmp_path / "poster.png"
    with Image.new("1", (12000, 10000), 1) as im:
        im.save(path)
    before = (packet_folder.path / "packet.json").read_bytes()
    r = add_one(packet_folder, path)
    assert r.verdict == "reject"
    assert r.pages == 0
    [message] = r.messages
    assert "megapixels" in message and "poster.png" in message and "12,000 x 10,000" in message
    assert packet_folder.packet.exhibits == [] and packet_folder.packet.documents == {}
    assert list((packet_folder.path / "documents").iterdir()) == []
    assert (packet_folder.path / "packet.json").read_bytes() == before


def test_huge_jpeg_is_downsampled_to_page_size(packet_folder, tmp_path):
    path = tmp_path / "panorama.jpg"
    with Image.linear_gradient("L").resize((12000, 10000)) as im:  # 120 megapixels, over the decode budget
        im.save(path, quality=50)
    r = add_one(packet_folder, path)
    assert r.verdict == "accept", r.messages
    [(meta, page)] = page_images(packet_folder, r)
    assert meta.encoding == "jpeg"
    assert max(page.size) <= PAGE_LONG_PX and min(page.size) <= PAGE_SHORT_PX
    assert max(page.size) >= 2500  # shrunk to the page, not to a thumbnail
    assert page.width > page.height
    top, bottom = page.getpixel((page.width // 2, 5)), page.getpixel((page.width // 2, page.height - 5))
    assert top < 30 and bottom > 225  # the gradient survived, the right way up


@pytest.mark.parametrize(("size", "limit"), [((4032, 3024), (3300, 2550)), ((3024, 4032), (2550, 3300))])
def test_phone_photo_derivative_fits_letter_at_300_dpi(packet_folder, make_image, size, limit):
    path = make_image("phone.jpg", size=size, color=(90, 140, 60), quality=80)
    r = add_one(packet_folder, path)
    assert r.verdict == "accept"
    [(meta, page)] = page_images(packet_folder, r)
    assert page.width <= limit[0] and page.height <= limit[1]
    assert (page.width > page.height) == (size[0] > size[1])
    assert abs(page.width / page.height - size[0] / size[1]) < 0.01  # not stretched
    assert max(page.size) == PAGE_LONG_PX
    assert not meta.file.startswith("documents/")  # a new, smaller image, not the original


def test_page_sized_jpeg_is_used_as_is(packet_folder, make_image):
    path = make_image("letter-scan.jpg", size=(1700, 2200), color=(250, 250, 250), quality=90)
    r = add_one(packet_folder, path)
    doc = packet_folder.packet.documents[r.sha256]
    [meta] = doc.page_images
    assert meta.file == doc.stored  # no second copy
    assert packet_folder.file(meta.file).read_bytes() == path.read_bytes()


@pytest.mark.corpus
def test_heic_phone_photo_fits_the_page(corpus, packet_folder):
    r = add_one(packet_folder, corpus / "pug.heic")
    assert r.verdict == "accept", r.messages
    [(meta, page)] = page_images(packet_folder, r)
    assert page.width <= 3300 and page.height <= 2550
    assert abs(page.width / page.height - 4032 / 3024) < 0.01


# -- duplicates ----------------------------------------------------------------------------------------------

def test_same_content_added_twice_is_stored_once(packet_folder, make_image, tmp_path):
    first = make_image("receipt.png", size=(120, 80), color=(1, 2, 3))
    second = tmp_path / "receipt (copy).png"
    second.write_bytes(first.read_bytes())
    results = add_files(packet_folder, [first, second])  # in parallel, as the app does
    assert [r.name for r in results] == ["receipt.png", "receipt (copy).png"]  # results in the order given
    assert results[0].exhibit_id and not results[0].duplicate_of
    # named after the exhibit just made ("Receipt") or the file it came from; either tells the user which
    assert results[1].duplicate_of in ("Receipt", "receipt.png")
    assert not results[1].exhibit_id
    assert any("same file" in m and "receipt (copy).png" in m for m in results[1].messages)
    assert len(packet_folder.packet.documents) == 1
    assert len(packet_folder.packet.exhibits) == 1
    assert len(list((packet_folder.path / "documents").iterdir())) == 1

    # later, again: named after the exhibit already in the packet
    third = tmp_path / "scan.png"
    third.write_bytes(first.read_bytes())
    [r] = add_files(packet_folder, [third])
    assert r.duplicate_of == "Receipt"
    assert any("already in the packet" in m for m in r.messages)
    assert len(packet_folder.packet.exhibits) == 1


def test_wrong_extension_is_read_by_content(packet_folder, tmp_path):
    buf = io.BytesIO()
    Image.new("RGB", (50, 50), (0, 200, 0)).save(buf, "PNG")
    path = tmp_path / "photo.jpg"
    path.write_bytes(buf.getvalue())
    r = add_one(packet_folder, path)
    assert r.verdict == "warn"
    assert r.format == "PNG"
    assert any("really a PNG" in m for m in r.messages)
    doc = packet_folder.packet.documents[r.sha256]
    assert doc.stored.endswith(".png")
