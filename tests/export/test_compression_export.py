"""Image compression in the export: pages stay US Letter, images are no finer than the level's resolution and never
enlarged, stored documents are untouched, a 40 MB scan packet comes out under 25 MB in one file with "fit in one
file", the size before and after is reported, and the compressed page is still legible to OCR."""

from __future__ import annotations

import hashlib
import io
import math

import pikepdf
import pytest
from PIL import Image

from packet.export.compress import LEVELS
from packet.export.image_compression import effective_level
from packet.store.folder import open_packet
from packet.store.ocr_engine import find_engine, recognise_image
from tests.export.pdfcheck import NEEDS_POPPLER, page_texts
from tests.filing.helpers import run_cli
from tests.store.scanned import KNOWN_TEXT, found_share, jpeg_bytes, scan_image, words_of

LETTER = [0, 0, 612, 792]


def _scan_jpeg(path, dpi=300, seed=1, quality=95, colour=False):
    image = scan_image(KNOWN_TEXT, dpi=dpi, size_in=(8.5, 11), seed=seed)
    if colour:  # a coloured form: the paper tinted, the print blue
        image = Image.merge("RGB", (image, image.point(lambda v: min(255, v + 10)), image.point(lambda v: 255)))
    path.write_bytes(jpeg_bytes(image.convert("RGB"), dpi, quality))
    return path


def _packet(tmp_path, files, name="Lopez"):
    path = tmp_path / name
    assert run_cli("new", path, "--set", "respondent=Ana Lopez", "--set", "a_number=012345678")[0] == 0
    rc, out, err = run_cli("add", path, *files)
    assert rc == 0, (out, err)
    return path.with_suffix(".packet")


def _images(pdf_path):
    """(page index, width px, height px, shown width in, shown height in, filter) for each page image."""
    out = []
    with pikepdf.open(pdf_path) as pdf:
        for n, page in enumerate(pdf.pages):
            assert [float(v) for v in page.MediaBox] == LETTER
            for name, x in page.Resources.get("/XObject", {}).items():
                if x.get("/Subtype") != "/Image":
                    continue
                m = _drawn_at(page, name)
                out.append((n, int(x.Width), int(x.Height), math.hypot(m[0], m[1]) / 72, math.hypot(m[2], m[3]) / 72,
                            str(x.Filter)))
    return out


def _drawn_at(page, name):
    ctm, stack = (1, 0, 0, 1, 0, 0), []
    for ins in pikepdf.parse_content_stream(page, "q Q cm Do"):
        op = str(ins.operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop()
        elif op == "cm":
            a, b, c, d, e, f = (float(v) for v in ins.operands)
            A, B, C, D, E, F = ctm
            ctm = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)
        elif op == "Do" and str(ins.operands[0]) == str(name):
            return ctm
    raise AssertionError(f"{name} is not drawn")


def test_the_level_follows_the_setting_and_the_profile():
    assert effective_level("auto", 25_000_000) == "standard" and effective_level("auto", None) is None
    assert effective_level("off", 25_000_000) is None and effective_level("strong", None) == "strong"
    assert effective_level("fit", 25_000_000) == "fit" and effective_level("fit", None) is None


def test_compressed_pages_stay_letter_at_the_levels_resolution_and_the_stored_files_stay(tmp_path):
    photo = _scan_jpeg(tmp_path / "form.jpg", colour=True)
    packet = _packet(tmp_path, [photo])
    pf = open_packet(packet)
    stored = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (pf.path / "documents").iterdir()}
    rc, out, err = run_cli("build", packet, "-o", tmp_path / "small.pdf", "--force", "--quiet", "--compress", "strong")
    assert rc == 0, (out, err)
    assert "Images compressed (strong): 1 image," in out and "without compression" in out
    (_, w, h, win, hin, _filter), = _images(tmp_path / "small.pdf")
    dpi = min(w / win, h / hin)
    limit = max(LEVELS["strong"].photo_dpi, LEVELS["strong"].grey_dpi, LEVELS["strong"].bilevel_dpi)
    assert dpi <= limit * 1.02, dpi
    rc, out, err = run_cli("build", packet, "-o", tmp_path / "full.pdf", "--force", "--quiet", "--compress", "off")
    (_, w0, h0, win0, hin0, _), = _images(tmp_path / "full.pdf")
    assert (round(win, 2), round(hin, 2)) == (round(win0, 2), round(hin0, 2))  # the same size on the page
    assert w <= w0 and h <= h0  # never enlarged
    assert (tmp_path / "small.pdf").stat().st_size < (tmp_path / "full.pdf").stat().st_size / 3
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (pf.path / "documents").iterdir()} == stored


@pytest.mark.skipif(find_engine() is None, reason="no OCR engine (tesserocr or tesseract)")
@NEEDS_POPPLER
def test_a_compressed_scan_is_still_legible(tmp_path):
    """OCR of the compressed page, as exported, still finds the words (accents included)."""
    packet = _packet(tmp_path, [_scan_jpeg(tmp_path / "acta.jpg", dpi=300)])
    run_cli("build", packet, "-o", tmp_path / "small.pdf", "--force", "--quiet", "--compress", "strong")
    with pikepdf.open(tmp_path / "small.pdf") as pdf:
        page = pdf.pages[3]
        (name, x), = [(n, v) for n, v in page.Resources.XObject.items()]
        image = pikepdf.PdfImage(x).as_pil_image()
        shown_in = math.hypot(*_drawn_at(page, name)[:2]) / 72
    words = recognise_image(find_engine(), image, "spa+eng", round(image.width / shown_in))
    assert found_share(words_of(KNOWN_TEXT), " ".join(w.text for w in words)) >= 0.98


@pytest.mark.slow
def test_a_40_mb_scan_packet_fits_one_25_mb_file_with_fit_in_one_file(tmp_path):
    scans = [_scan_jpeg(tmp_path / f"scan{n:02d}.jpg", seed=n) for n in range(16)]
    assert sum(p.stat().st_size for p in scans) > 40_000_000
    packet = _packet(tmp_path, scans)
    assert run_cli("set", packet, "profile=eoir-ecas", "compress_images=fit", "certificate_of_service=no")[0] == 0
    rc, out, err = run_cli("build", packet, "-o", tmp_path / "filing.pdf", "--force", "--quiet")
    assert rc == 0, (out, err)
    assert "fits in one file" in out, out
    assert list(tmp_path.glob("filing_Part*.pdf")) == []
    size = (tmp_path / "filing.pdf").stat().st_size
    assert size <= 25_000_000
    with pikepdf.open(tmp_path / "filing.pdf") as pdf:
        assert len(pdf.pages) == 2 + 16 * 2 and all([float(v) for v in p.MediaBox] == LETTER for p in pdf.pages)
    # without compression the same packet takes two parts
    rc, out, err = run_cli("build", packet, "-o", tmp_path / "raw.pdf", "--force", "--quiet", "--compress", "off")
    assert rc == 0 and len(list(tmp_path.glob("raw_Part*.pdf"))) >= 2


@pytest.mark.slow
def test_fit_says_when_even_strong_compression_cannot_fit_one_file(tmp_path):
    """A user profile with a 0.5 MB limit: six photos cannot fit one file; the export says so and splits."""
    import json

    from packet.store.paths import user_profiles_dir

    user_profiles_dir().mkdir(parents=True, exist_ok=True)
    tiny = {"schema_version": 1, "id": "tiny", "name": "Tiny limit", "max_file_mb": 0.5}
    (user_profiles_dir() / "tiny.json").write_text(json.dumps(tiny))
    photos = [tmp_path / f"p{n}.jpg" for n in range(6)]
    for n, p in enumerate(photos):
        im = Image.effect_noise((1800, 2400), 80).convert("RGB")
        im = Image.merge("RGB", (im.split()[0], im.split()[1].point(lambda v: 255 - v), im.split()[2]))
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=92, dpi=(200 + n, 200 + n))
        p.write_bytes(buf.getvalue())
    packet = _packet(tmp_path, photos)
    rc, out, err = run_cli("build", packet, "-o", tmp_path / "f.pdf", "--force", "--quiet", "--profile", "tiny",
                           "--compress", "fit")
    assert rc == 0, (out, err)
    assert "Even with strong image compression" in out and "split" in out
    assert len(list(tmp_path.glob("f_Part*.pdf"))) >= 2


@NEEDS_POPPLER
def test_the_photo_page_keeps_its_text_layer_when_compressed(tmp_path, monkeypatch):
    if find_engine() is None:
        pytest.skip("no OCR engine")
    monkeypatch.setenv("PACKET_OCR_WORKERS", "1")
    packet = _packet(tmp_path, [_scan_jpeg(tmp_path / "acta.jpg", dpi=200)])
    run_cli("ocr", packet)
    run_cli("build", packet, "-o", tmp_path / "small.pdf", "--force", "--quiet", "--compress", "standard")
    assert found_share(words_of(KNOWN_TEXT), page_texts(tmp_path / "small.pdf")[3]) >= 0.98
