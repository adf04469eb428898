"""Page thumbnails, rendered off the UI thread and cached.

Workers return QImage (never QPixmap, which belongs to the UI thread). Requests come from painting, so the rows
on screen are asked for first; the newest request runs first, and the cache keeps a bounded number of images.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QImageReader, QPainter, QTransform
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions

from packet.core.model import Document

THUMB = QSize(72, 93)
MAX_CACHED = 2000


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
        image = doc.render(page, target.expandedTo(QSize(1, 1)), options)
        if image.hasAlphaChannel():
            paper = QImage(image.size(), QImage.Format.Format_RGB32)
            paper.fill(Qt.GlobalColor.white)
            p = QPainter(paper)
            p.drawImage(0, 0, image)
            p.end()
            image = paper
        return image
    finally:
        doc.close()


class ThumbnailCache(QObject):
    """Thumbnails by (document, page, rotation); `ready` says which document got a new one."""

    ready = Signal(str)

    def __init__(self, folder: Path, parent: QObject | None = None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self.folder = Path(folder)
        self.pool = pool or QThreadPool.globalInstance()
        self._cache: OrderedDict[tuple, QImage] = OrderedDict()
        self._pending: set[tuple] = set()
        self._priority = itertools.count()
        self._signals = _Signals()
        self._signals.done.connect(self._done)

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
                kind = "image"
            else:
                path, kind = self.folder / doc.stored, "pdf"
            job = _RenderJob(key, path, kind, page - 1, size, self._signals)
            self.pool.start(job, min(next(self._priority), 2**30))
        return None

    def _done(self, key: tuple, image: QImage) -> None:
        self._pending.discard(key)
        rotation = key[2]
        if rotation and not image.isNull():
            image = image.transformed(QTransform().rotate(rotation))
        self._cache[key] = image
        while len(self._cache) > MAX_CACHED:
            self._cache.popitem(last=False)
        self.ready.emit(key[0])

    def wait(self, msecs: int = 10000) -> bool:
        return self.pool.waitForDone(msecs)
