"""The inspector's preview: the exhibit's pages one at a time, as the export shows them (kept pages only, each
with its turn), fitted to the width (or the whole page), with zoom.

Pages are drawn by the window's ThumbnailCache, off the GUI thread (PDFium's own threads for PDFs), at the size
the preview needs; a resize or a zoom asks again. Poster-sized pages are never drawn: a note says why.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from packet.core.i18n import N_, _
from packet.core.model import Exhibit
from packet.ui.session import PacketSession
from packet.ui.thumbnails import ThumbnailCache

FIT_WIDTH, FIT_PAGE = "width", "page"
STEP = 1.25  # each zoom step
LARGE_NOTE = (N_("This page is over 20 inches a side (often a very large scan). It is not drawn\nhere, because "
                 "that takes a long time; the export includes it, shrunk to fit."))


class Preview(QWidget):
    """Page navigation, fit width / fit page, zoom in and out; Ctrl+wheel zooms too."""

    def __init__(self, thumbnails: ThumbnailCache, parent: QWidget | None = None):
        super().__init__(parent)
        self.thumbnails = thumbnails
        self.session: PacketSession | None = None
        self.exhibit_id = ""
        self.pages: list[tuple[str, int, int]] = []  # (document, page, turn) of the kept pages, in order
        self.index = 0
        self.shown: tuple[str, int, int] | None = None  # (document, page, turn) of the page drawn now
        self.fit = FIT_WIDTH
        self.scale = 1.0  # times the fitted size
        self.image = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.image.setAccessibleName(_("Page preview"))
        self.area = QScrollArea()
        self.area.setObjectName("previewArea")
        self.area.setWidget(self.image)
        self.area.setWidgetResizable(False)  # the label is exactly the page's size (adjustSize), centred
        self.area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.area.setMinimumSize(QSize(140, 120))
        self.area.viewport().installEventFilter(self)
        self.prev = QPushButton(_("◀ Previous page"))
        self.next = QPushButton(_("Next page ▶"))
        self.where = QLabel()
        self.prev.setAccessibleName(_("Previous page"))
        self.next.setAccessibleName(_("Next page"))
        self.prev.clicked.connect(lambda: self.go(self.index - 1))
        self.next.clicked.connect(lambda: self.go(self.index + 1))
        self.fit_box = QComboBox()
        self.fit_box.setAccessibleName(_("Preview size"))
        self.fit_box.addItem(_("Fit width"), FIT_WIDTH)
        self.fit_box.addItem(_("Whole page"), FIT_PAGE)
        self.fit_box.activated.connect(lambda _: self.set_fit(self.fit_box.currentData()))
        self.zoom_out = QToolButton()
        self.zoom_out.setText("−")
        self.zoom_out.setAccessibleName(_("Zoom out"))
        self.zoom_out.setToolTip(_("Zoom out (Ctrl+wheel)"))
        self.zoom_out.clicked.connect(lambda: self.set_scale(self.scale / STEP))
        self.zoom_in = QToolButton()
        self.zoom_in.setText("+")
        self.zoom_in.setAccessibleName(_("Zoom in"))
        self.zoom_in.setToolTip(_("Zoom in (Ctrl+wheel)"))
        self.zoom_in.clicked.connect(lambda: self.set_scale(self.scale * STEP))
        self.zoom_label = QLabel("100%")
        nav = QHBoxLayout()
        nav.addWidget(self.prev)
        nav.addStretch(1)
        nav.addWidget(self.where)
        nav.addStretch(1)
        nav.addWidget(self.next)
        zoom = QHBoxLayout()
        zoom.addWidget(self.fit_box)
        zoom.addStretch(1)
        zoom.addWidget(self.zoom_out)
        zoom.addWidget(self.zoom_label)
        zoom.addWidget(self.zoom_in)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(zoom)
        lay.addWidget(self.area, 1)
        lay.addLayout(nav)
        self._redraw = QTimer(self, singleShot=True, interval=60)  # resizes come in bursts: draw once they stop
        self._redraw.timeout.connect(self._draw)
        thumbnails.ready.connect(self._ready)
        self._update_nav()

    def show_document(self, exhibit: Exhibit | None, session: PacketSession) -> None:
        self.session = session
        previous = (self.exhibit_id, self.pages)
        if exhibit is None:
            self.exhibit_id, self.pages = "", []
        else:
            docs = session.packet.documents
            self.exhibit_id = exhibit.id
            self.pages = [(r.document, r.page, (exhibit.rotation + r.rotate) % 360) for r in exhibit.kept(docs)]
        if previous[0] != self.exhibit_id:
            self.index = 0
        if previous != (self.exhibit_id, self.pages) or not self.pages:
            self.go(self.index)

    def go(self, index: int) -> None:
        self.index = max(0, min(index, len(self.pages) - 1)) if self.pages else 0
        self._draw()
        self.area.verticalScrollBar().setValue(0)  # a new page starts at its top
        self._update_nav()

    def set_fit(self, fit: str) -> None:
        self.fit, self.scale = fit, 1.0
        self.fit_box.setCurrentIndex(max(0, self.fit_box.findData(fit)))
        self._draw()

    def set_scale(self, scale: float) -> None:
        self.scale = max(0.25, min(4.0, scale))
        self._draw()

    def target_size(self) -> QSize:
        """The size (device pixels) to draw the page at: the viewport's width (or all of it), times the zoom."""
        view = self.area.viewport().size()
        w = max(60, view.width() - 8)
        h = max(60, view.height() - 8)
        if self.fit == FIT_WIDTH:
            bar = self.area.verticalScrollBar()
            if not bar.isVisible():  # a page fitted to the width is usually taller: leave room for the scroll bar
                w = max(60, w - bar.sizeHint().width())
            h = 4 * w  # tall enough that the width decides
        dpr = self.devicePixelRatioF()
        return QSize(round(w * self.scale * dpr), round(h * self.scale * dpr))

    def _current(self):
        if not self.pages or self.session is None:
            return None
        sha, page, turn = self.pages[self.index]
        doc = self.session.packet.documents.get(sha)
        return (doc, page, turn) if doc is not None else None

    def _draw(self) -> None:
        self.zoom_label.setText(f"{round(self.scale * 100)}%")
        current = self._current()
        if current is None:
            self.shown = None
            self.image.clear()
            self.image.setText("")
            self.image.adjustSize()
            return
        doc, page, turn = current
        if page in doc.large_pages:
            self._say(_(LARGE_NOTE))
            return
        image = self.thumbnails.get(doc, page, turn, self.target_size())
        if image is None:
            return  # asked for; `ready` draws it
        self.shown = (doc.sha256, page, turn)
        self._show(image)  # (a page that cannot be drawn says so, and is not `shown`)

    def _say(self, text: str) -> None:
        self.shown = None
        self.image.setPixmap(QPixmap())
        self.image.setText(text)
        self.image.adjustSize()

    def _show(self, image: QImage) -> None:
        if image.isNull():
            self._say(_("This page could not be drawn here; the export still includes it."))
            return
        want = self.target_size()
        pix = QPixmap.fromImage(image)
        shown = image.size().scaled(want, Qt.AspectRatioMode.KeepAspectRatio)
        if shown != image.size():
            pix = pix.scaled(shown, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        pix.setDevicePixelRatio(self.devicePixelRatioF())
        self.image.setText("")
        self.image.setPixmap(pix)
        self.image.adjustSize()

    def _ready(self, sha: str) -> None:
        current = self._current()
        if current is not None and current[0].sha256 == sha:
            self._draw()

    def _update_nav(self) -> None:
        n = len(self.pages)
        self.where.setText(_("Page {value} of {n}").format(value=self.index + 1, n=n) if n else _("No document selected"))
        self.prev.setEnabled(n > 0 and self.index > 0)
        self.next.setEnabled(n > 0 and self.index < n - 1)

    # Qt API
    def eventFilter(self, watched, event) -> bool:
        if watched is self.area.viewport():
            if event.type() == event.Type.Resize:
                self._redraw.start()
            elif event.type() == event.Type.Wheel and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.set_scale(self.scale * (STEP if event.angleDelta().y() > 0 else 1 / STEP))
                return True
        return super().eventFilter(watched, event)
