"""Issue 13, window item 3: a landscape phone photo comes out upright in the PDF, shrunk onto the portrait page,
as the window's thumbnail and preview show it."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw
from PySide6.QtWidgets import QApplication

from packet.export.build import plan_export
from packet.ui.export_dialog import ExportDialog
from tests.export.pdfcheck import NEEDS_POPPLER, render

from .conftest import HANG_MS, QT_LOG_IGNORE

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]


def landscape_photo(path):
    """A 4:3 photo: sky blue on top, a red car on the left, green grass below (which way up is plain)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    im = Image.new("RGB", (1600, 1200), (90, 150, 230))
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 800, 1600, 1200), fill=(40, 160, 60))
    draw.rectangle((150, 600, 650, 850), fill=(210, 30, 30))
    im.save(path, quality=90)
    return path


def where(image, colour) -> tuple[float, float]:
    """Centre (0..1, 0..1) of the pixels near a colour."""
    rgb = image.convert("RGB")
    w, h = rgb.size
    hits = [(x, y) for y in range(0, h, 2) for x in range(0, w, 2)
            if sum(abs(a - b) for a, b in zip(rgb.getpixel((x, y)), colour, strict=True)) < 90]
    assert hits, f"no {colour} found"
    return sum(x for x, _ in hits) / len(hits) / w, sum(y for _, y in hits) / len(hits) / h


@NEEDS_POPPLER
def test_a_landscape_photo_is_upright_in_the_pdf_as_in_the_window(main_window, qtbot, drop_files, tmp_path):
    w = main_window
    rows = w.model.rowCount()
    drop_files(w, [landscape_photo(tmp_path / "incoming" / "car-in-front-of-the-house.jpg")])
    qtbot.waitUntil(lambda: not w.intake.busy and w.model.rowCount() == rows + 1, timeout=HANG_MS)
    eid = w.model.ids()[-1]
    w.select_exhibit(eid)
    preview = w.inspector.preview
    photo = w.session.packet.find(eid).document
    qtbot.waitUntil(lambda: preview.shown is not None and preview.shown[0] == photo, timeout=HANG_MS)
    shown = preview.image.pixmap()
    assert shown.width() > shown.height()  # the window shows it level: wider than tall
    d = ExportDialog(w.session, w)
    qtbot.addWidget(d)
    out = tmp_path / "photos.pdf"
    d.target.setText(str(out))
    d.start_export()
    qtbot.waitUntil(lambda: d.worker is None and out.exists(), timeout=HANG_MS)
    page = plan_export(w.session.packet).entry(eid).first
    png = render(out, tmp_path / "r", page + 1, dpi=30, gray=False)
    with Image.open(png) as im:
        sky, grass, car = where(im, (90, 150, 230)), where(im, (40, 160, 60)), where(im, (210, 30, 30))
        # upright: the sky above the grass, the car on the left; level: the photo spans the page's width
        assert sky[1] < car[1] < grass[1], (sky, car, grass)
        assert car[0] < 0.5
        rgb = im.convert("RGB")
        cols = [x for x in range(rgb.width) if sum(abs(a - b) for a, b in zip(
            rgb.getpixel((x, rgb.height // 2)), (90, 150, 230), strict=True)) < 90
            or rgb.getpixel((x, round(rgb.height * grass[1])))[1] > 120]
        assert max(cols) - min(cols) > rgb.width * 0.7
    QApplication.processEvents()
