"""Issue 13, window item 11: the readiness check does not advise text recognition (OCR) for photos; it still
does for scanned documents (PDF pages without searchable text)."""

from __future__ import annotations

import pytest

from .conftest import HANG_MS, QT_LOG_IGNORE

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]


def scanned_pdf(path):
    """A PDF that is only a picture of a page (no text layer), as a flatbed scanner makes."""
    from PIL import Image, ImageDraw

    path.parent.mkdir(parents=True, exist_ok=True)
    im = Image.new("L", (850, 1100), 245)
    draw = ImageDraw.Draw(im)
    for y in range(100, 1000, 30):
        draw.line((80, y, 760, y), fill=40, width=4)
    im.save(path, "PDF", resolution=100.0)
    return path


def text_warnings(w) -> list[str]:
    w.readiness.reload()
    return [f.where for f in w.readiness.findings if f.code == "no-searchable-text"]


def test_no_ocr_advice_for_photos_but_still_for_scans(main_window, qtbot, drop_files, tmp_path, make_png):
    w = main_window
    photos = [e for e in w.session.packet.items() if w.session.packet.document_of(e).kind == "image"]
    assert photos  # the sample's certificate photo
    scan = scanned_pdf(tmp_path / "incoming" / "lease-scan.pdf")
    drop_files(w, [scan, make_png("porch.png", size=(600, 400)), make_png("kids.png", size=(400, 600))])
    qtbot.waitUntil(lambda: not w.intake.busy and w.model.rowCount() == 11, timeout=HANG_MS)
    warned = text_warnings(w)
    assert [x for x in warned if "Lease scan" in x], warned  # a scanned document: OCR is worth it
    assert not [x for x in warned if any(p.title in x for p in photos)], warned
    assert not [x for x in warned if "Porch" in x or "Kids" in x], warned
    assert len(warned) == 1
