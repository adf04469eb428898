"""The status bar's text-recognition progress: "Recognising text: 3 of 12 pages" with a Cancel button, shown only
while a run goes (`OcrController`)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QToolButton, QWidget

from packet.core.i18n import _, ngettext
from packet.ui.ocr_controller import OcrController


class OcrProgress(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ocrProgress")
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(240)
        self.bar.setAccessibleName(_("Recognising text"))
        self.cancel = QToolButton()
        self.cancel.setText(_("Cancel"))
        self.cancel.setObjectName("ocrCancel")
        self.cancel.setAccessibleName(_("Cancel text recognition"))
        self.cancel.setToolTip(_("Stop recognising text; the pages read so far are kept"))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.bar)
        lay.addWidget(self.cancel)
        self.controller: OcrController | None = None
        self.cancel.clicked.connect(self._cancel)
        self.hide()

    def attach(self, controller: OcrController | None) -> None:
        """Follow a packet's controller (None when the packet is closed)."""
        self.controller = controller
        self.hide()
        if controller is None:
            return
        controller.started.connect(self._started)
        controller.progress.connect(self._progress)
        controller.finished.connect(self._finished)

    def _cancel(self) -> None:
        if self.controller is not None:
            self.controller.cancel()
            self.bar.setFormat(_("Stopping…"))

    def _finished(self, *_args: object) -> None:
        self.hide()

    def _started(self, total: int) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(0)
        # %v is Qt's: the pages read so far
        self.bar.setFormat(ngettext("Recognising text: %v of {total} page", "Recognising text: %v of {total} pages",
                                    total).format(total=total))
        self.show()

    def _progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)
