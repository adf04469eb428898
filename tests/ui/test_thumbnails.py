"""Page thumbnails: rendered off the UI thread, cached, and never a crash for a page that cannot render."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, QThreadPool
from PySide6.QtGui import QColor, QImage

from packet.ui.thumbnails import THUMB, ThumbnailCache, render_page

from .conftest import HANG_MS, QT_LOG_IGNORE

pytestmark = [pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(*QT_LOG_IGNORE)]


@pytest.fixture
def packet(sample_path):
    from packet.store.folder import open_packet

    return open_packet(sample_path).packet


@pytest.fixture
def cache(sample_path, qapp):
    pool = QThreadPool()
    c = ThumbnailCache(sample_path, pool=pool)
    yield c
    assert c.wait(HANG_MS)
    c.deleteLater()


def doc_of_kind(packet, kind: str, pages: int | None = None):
    return next(d for d in packet.documents.values() if d.kind == kind and (pages is None or d.pages == pages))


def non_white(image: QImage, step: int = 1) -> int:
    """How many pixels are clearly not white paper."""
    count = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            c = QColor(image.pixel(x, y))
            if min(c.red(), c.green(), c.blue()) < 200:
                count += 1
    return count


def fetch(qtbot, cache: ThumbnailCache, doc, page: int = 1, rotation: int = 0, size: QSize = THUMB) -> QImage:
    """Ask as the list does when painting: None at first, then `ready` names the document, then the image."""
    with qtbot.waitSignal(cache.ready, timeout=HANG_MS, check_params_cb=lambda sha: sha == doc.sha256):
        assert cache.get(doc, page, rotation, size) is None
        assert cache.get(doc, page, rotation, size) is None  # asked again while pending: not scheduled twice
    image = cache.get(doc, page, rotation, size)
    assert image is not None
    return image


def test_pdf_thumbnail_arrives_and_fits(cache, packet, qtbot):
    doc = doc_of_kind(packet, "pdf")
    image = fetch(qtbot, cache, doc)
    assert not image.isNull()
    assert 0 < image.width() <= THUMB.width() and 0 < image.height() <= THUMB.height()
    assert image.width() == THUMB.width() or image.height() == THUMB.height()  # scaled to fit, not cropped
    assert not image.hasAlphaChannel()  # drawn on white paper
    assert non_white(image) > 0
    assert cache.get(doc) is image  # cached: the same image, at once


def test_image_document_thumbnail(cache, packet, qtbot):
    doc = doc_of_kind(packet, "image")
    assert doc.page_images
    image = fetch(qtbot, cache, doc)
    assert not image.isNull()
    assert image.width() <= THUMB.width() and image.height() <= THUMB.height()
    assert max(image.width() / THUMB.width(), image.height() / THUMB.height()) > 0.95
    assert non_white(image) > 0


def test_second_page_and_rotation(cache, packet, qtbot):
    doc = doc_of_kind(packet, "pdf", pages=2)
    upright = fetch(qtbot, cache, doc, page=2)
    turned = fetch(qtbot, cache, doc, page=2, rotation=90)
    assert (turned.width(), turned.height()) == (upright.height(), upright.width())
    assert cache.get(doc, 2, 450) is turned  # 450 degrees is 90


def test_page_that_cannot_render_is_blank_not_a_crash(cache, packet, sample_path, qtbot):
    doc = doc_of_kind(packet, "pdf")
    (sample_path / doc.stored).write_bytes(b"%PDF-1.4\nthis file was damaged on disk\n")
    image = fetch(qtbot, cache, doc)
    assert image.isNull()


def test_render_page_of_a_pdf(packet, sample_path):
    doc = doc_of_kind(packet, "pdf")
    image = render_page(sample_path / doc.stored, "pdf", 0, QSize(200, 260))
    assert not image.isNull()
    assert image.width() <= 200 and image.height() <= 260
    dark = non_white(image)
    assert dark > 50, "the page rendered blank"
    assert dark < image.width() * image.height() * 0.9, "the page rendered as a black box"
    assert render_page(sample_path / doc.stored, "pdf", doc.pages, QSize(200, 260)).isNull()  # past the last page


def test_render_page_of_a_generated_pdf(make_pdf):
    path = make_pdf("square.pdf", pages=2)
    for page in (0, 1):
        image = render_page(path, "pdf", page, THUMB)
        assert not image.isNull() and non_white(image) > 20


def test_render_page_of_an_image(make_png):
    path = make_png("wide.png", size=(600, 200))
    image = render_page(path, "image", 0, THUMB)
    assert (image.width(), image.height()) == (72, 24)
    assert image.format() == QImage.Format.Format_RGB32
    assert non_white(image) > 100


def test_poster_sized_page_is_not_drawn_in_the_window(tmp_path, qtbot, qapp):
    """A page over 20 inches (often a huge scan) gets a placeholder at once, and the preview says why, so the
    window never waits seconds for PDFium to draw it."""
    from reportlab.pdfgen.canvas import Canvas

    from packet.store.folder import create_packet
    from packet.store.intake import add_files
    from packet.ui.preview import Preview
    from packet.ui.session import PacketSession
    from packet.ui.thumbnails import ThumbnailCache

    src = tmp_path / "poster.pdf"
    c = Canvas(str(src), pagesize=(2000, 2000))
    c.drawString(100, 100, "POSTER")
    c.showPage()
    c.save()
    pf = create_packet(tmp_path / "p")
    add_files(pf, [src])
    doc = next(iter(pf.packet.documents.values()))
    assert doc.large_pages == [1]
    cache = ThumbnailCache(pf.path)
    assert cache.get(doc, 1) is None
    with qtbot.waitSignal(cache.ready, timeout=HANG_MS):
        pass
    image = cache.get(doc, 1)
    assert image is not None and not image.isNull() and cache._pdf.pending == 0  # not sent to PDFium
    preview = Preview(cache)
    qtbot.addWidget(preview)
    preview.show_document(pf.packet.exhibits[0], PacketSession(pf))
    assert "over 20 inches" in preview.image.text() and cache._pdf.pending == 0
