"""Page thumbnails, rendered off the UI thread and cached.

Workers return QImage (never QPixmap, which belongs to the UI thread). Requests come from painting, so the rows
on screen are asked for first; the newest request runs first, and the cache keeps a bounded number of images.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QSize, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter, QTransform
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions, QPdfPageRenderer

from packet.core.i18n import _
from packet.core.model import Document

THUMB = QSize(72, 93)
MAX_CACHED = 2000
MAX_CACHED_BYTES = 192 * 1024 * 1024  # the page view and the preview ask for large pages: bound the memory too


class _Signals(QObject):
    done = Signal(object, QImage)  # key, image


class _RenderJob(QRunnable):
    def __init__(self, key: tuple, path: Path, kind: str, page: int, size: QSize, signals: _Signals):
        super().__init__()
        self.key, self.path, self.kind, self.page, self.size, self.signals = key, path, kind, page, size, signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            image = render_page(self.path, self.kind, self.page, self.size)
        except Exception:  # a page that cannot render shows as blank paper, never crashes the window
            image = QImage()
        self.signals.done.emit(self.key, image)


def render_page(path: Path, kind: str, page: int, size: QSize) -> QImage:
    """A page as an image fitting `size`, upright, on white. `page` is 0-based."""
    if kind == "image":
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        src = reader.size()
        if src.isValid():
            reader.setScaledSize(src.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        return image.convertToFormat(QImage.Format.Format_RGB32) if not image.isNull() else image
    doc = QPdfDocument()
    try:
        doc.load(str(path))
        if doc.status() != QPdfDocument.Status.Ready or page >= doc.pageCount():
            return QImage()
        pts = doc.pagePointSize(page)
        target = pts.toSize().scaled(size, Qt.AspectRatioMode.KeepAspectRatio) if pts.isValid() else size
        options = QPdfDocumentRenderOptions()
        return on_paper(doc.render(page, target.expandedTo(QSize(1, 1)), options))
    finally:
        doc.close()


def on_paper(image: QImage) -> QImage:
    """A rendered page with transparency, laid on white paper (as it prints)."""
    if image.isNull() or not image.hasAlphaChannel():
        return image
    paper = QImage(image.size(), QImage.Format.Format_RGB32)
    paper.fill(Qt.GlobalColor.white)
    p = QPainter(paper)
    p.drawImage(0, 0, image)
    p.end()
    return paper


def large_page_picture(size: QSize) -> QImage:
    """What stands for a poster-sized page: drawing one (often a huge scan) takes PDFium seconds, during which
    every other PDF view in the window waits, so such pages are not drawn in the window."""
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("#f3f4f6"))
    p = QPainter(image)
    p.setPen(QColor("#6b7280"))
    p.drawRect(0, 0, size.width() - 1, size.height() - 1)
    p.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, _("Large\npage"))
    p.end()
    return image


class ThumbnailCache(QObject):
    """Thumbnails by (document, page, rotation); `ready` says which document got a new one."""

    ready = Signal(str)

    def __init__(self, folder: Path, parent: QObject | None = None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self.folder = Path(folder)
        self.pool = pool or QThreadPool.globalInstance()
        self._cache: OrderedDict[tuple, QImage] = OrderedDict()
        self._bytes = 0
        self._pending: set[tuple] = set()
        self._priority = itertools.count()
        self._signals = _Signals()
        self._signals.done.connect(self._done)
        self._pdf = _PdfRenderers(self._done, self)

    def get(self, doc: Document, page: int = 1, rotation: int = 0, size: QSize = THUMB) -> QImage | None:
        """The thumbnail if ready; otherwise schedules it (newest first) and returns None."""
        key = (doc.sha256, page, rotation % 360, size.width(), size.height())
        image = self._cache.get(key)
        if image is not None:
            self._cache.move_to_end(key)
            return image
        if key not in self._pending:
            self._pending.add(key)
            if doc.kind == "image" and doc.page_images:
                path = self.folder / doc.page_images[min(page, len(doc.page_images)) - 1].file
                job = _RenderJob(key, path, "image", page - 1, size, self._signals)
                self.pool.start(job, min(next(self._priority), 2**30))
            elif page in doc.large_pages:
                QTimer.singleShot(0, lambda: self._done(key, large_page_picture(size)))
            else:
                self._pdf.request(key, doc.sha256, self.folder / doc.pdf_file(), page - 1, size)
        return None

    def _done(self, key: tuple, image: QImage) -> None:
        self._pending.discard(key)
        rotation = key[2]
        if rotation and not image.isNull():
            image = image.transformed(QTransform().rotate(rotation))
        old = self._cache.pop(key, None)
        if old is not None:
            self._bytes -= old.sizeInBytes()
        self._cache[key] = image
        self._bytes += image.sizeInBytes()
        while len(self._cache) > 1 and (len(self._cache) > MAX_CACHED or self._bytes > MAX_CACHED_BYTES):
            _key, dropped = self._cache.popitem(last=False)
            self._bytes -= dropped.sizeInBytes()
        self.ready.emit(key[0])

    def wait(self, msecs: int = 10000) -> bool:
        """Wait for the image jobs and the PDF pages asked for (tests, closing the packet)."""
        done = self.pool.waitForDone(msecs)
        if self._pdf.pending:
            loop = QEventLoop()
            timer = QTimer(singleShot=True, interval=msecs)
            timer.timeout.connect(loop.quit)
            self._pdf.idle.connect(loop.quit)
            timer.start()
            if self._pdf.pending:
                loop.exec()
            self._pdf.idle.disconnect(loop.quit)
            done = done and not self._pdf.pending
        return done


class _PdfRenderers(QObject):
    """PDF thumbnails rendered by Qt's own threads (QPdfPageRenderer), which never hold Python's lock.

    A heavy page (a scan of a million pixels a side) renders for a second or more; in a Python worker that would
    freeze the window, because PySide keeps the interpreter lock during QPdfDocument.render. A few documents are
    kept open, the least recently used closed first.
    """

    idle = Signal()
    KEEP_OPEN = 12

    def __init__(self, deliver, parent: QObject | None = None):
        super().__init__(parent)
        self.deliver = deliver
        self.open: OrderedDict[str, tuple[QPdfDocument, QPdfPageRenderer]] = OrderedDict()
        self.waiting: dict[tuple[str, int], tuple] = {}

    @property
    def pending(self) -> int:
        return len(self.waiting)

    def request(self, key: tuple, sha: str, path: Path, page: int, size: QSize) -> None:
        doc, renderer = self._document(sha, path)
        if doc.status() != QPdfDocument.Status.Ready or not 0 <= page < doc.pageCount():
            QTimer.singleShot(0, lambda: self.deliver(key, QImage()))
            return
        points = doc.pagePointSize(page)
        target = points.toSize().scaled(size, Qt.AspectRatioMode.KeepAspectRatio) if points.isValid() else size
        request = renderer.requestPage(page, target.expandedTo(QSize(1, 1)), QPdfDocumentRenderOptions())
        self.waiting[(sha, int(request))] = key

    def _document(self, sha: str, path: Path) -> tuple[QPdfDocument, QPdfPageRenderer]:
        if sha in self.open:
            self.open.move_to_end(sha)
            return self.open[sha]
        doc = QPdfDocument(self)
        doc.load(str(path))
        renderer = QPdfPageRenderer(self)
        renderer.setRenderMode(QPdfPageRenderer.RenderMode.MultiThreaded)
        renderer.setDocument(doc)
        renderer.pageRendered.connect(lambda _page, _size, image, _options, request, sha=sha:
                                      self._rendered(sha, int(request), image))
        self.open[sha] = (doc, renderer)
        while len(self.open) > self.KEEP_OPEN:
            old_sha, (old_doc, old_renderer) = next(iter(self.open.items()))
            if any(s == old_sha for s, _ in self.waiting):
                break  # still rendering for it: keep it open a little longer
            del self.open[old_sha]
            old_renderer.deleteLater()
            old_doc.close()
            old_doc.deleteLater()
        return doc, renderer

    def _rendered(self, sha: str, request: int, image: QImage) -> None:
        key = self.waiting.pop((sha, request), None)
        if key is None:
            return
        self.deliver(key, on_paper(image))
        if not self.waiting:
            self.idle.emit()
