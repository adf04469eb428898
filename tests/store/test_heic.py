"""iPhone (HEIC) photos are read by pi-heif, the decode-only LGPL build of libheif (pillow-heif's wheels carry
GPL x265): every HEIC file of the corpus still opens, decodes and becomes a page."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import read_manifest
from PIL import Image

from packet.store.image_intake import HEIF_SUPPORTED, examine_image


def heic_files(corpus):
    rows = [r for r in read_manifest() if r["category"].startswith("heic")]
    assert rows, "the corpus lists no HEIC file"
    return [corpus / r["filename"] for r in rows]


@pytest.mark.corpus
def test_every_corpus_heic_opens_with_pi_heif(corpus):
    assert HEIF_SUPPORTED
    for path in heic_files(corpus):
        with Image.open(path) as im:
            assert im.format == "HEIF"
            assert type(im).__module__.startswith("pi_heif"), type(im).__module__
            im.load()
            assert im.size == (4032, 3024) and im.mode == "RGB"
        exam = examine_image(path.read_bytes(), "HEIF")
        [page] = exam.pages
        assert page.encoding == "jpeg" and max(page.width, page.height) <= 3300
        assert abs(page.width / page.height - 4032 / 3024) < 0.01


def test_pillow_heif_is_not_used():
    """Intake registers pi-heif's opener and never imports pillow-heif (checked in a fresh interpreter)."""
    code = ("import sys, packet.store.image_intake as m; from PIL import Image; "
            "print(m.HEIF_SUPPORTED, 'pillow_heif' in sys.modules, 'pi_heif' in sys.modules, "
            "'HEIF' in Image.OPEN)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False", "True", "True"]
