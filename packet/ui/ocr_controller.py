"""Text recognition (OCR) for the open packet, in the background: after files are added, and when asked (the
Readiness tab's Recognise text), with progress, Cancel, and a status per document for the exhibit list.

The pages are planned and read by `store.ocr_runner` from an `OcrWorker` thread: the reading itself happens in
worker processes (at background priority, as many as the user allows), so the thread only waits on them and the
window's event loop never waits for Tesseract. Each page read is reported as it finishes, so the list and the
Readiness tab follow; a request while a run is going is queued and runs after it (pages are never read twice:
the cache says what is done). Cancel stops the workers at once; the pages read so far are kept.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from packet.core.i18n import _
from packet.core.model import Exhibit, Packet
from packet.store.doc_text import recognised_page
from packet.store.ocr import exhibit_recognised
from packet.store.ocr_engine import OcrUnavailable, engine_available, unavailable_message
from packet.store.ocr_runner import FAILED, OcrRun, plan_pages
from packet.ui.preferences import OcrPreferences
from packet.ui.session import PacketSession
from packet.ui.workers import background_priority

CONVERTED_NAMES = {"DOCX": "Word", "DOC": "Word", "ODT": "OpenDocument", "RTF": "RTF"}


class OcrWorker(QThread):
    """Plans and reads the pages of a snapshot of the packet; reports each page as it is done."""

    planned = Signal(int, list)  # pages to read, the documents they belong to
    page = Signal(str, int, int, str, str)  # document, done, total, status, message
    failed = Signal(str)

    def __init__(self, folder: Path, packet: Packet, ids: list[str] | None, languages: str, workers: int,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.folder, self.packet, self.ids = folder, packet, ids
        self.languages, self.workers = languages, workers
        self.run_: OcrRun | None = None
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True
        if self.run_ is not None:
            self.run_.cancel()

    def run(self) -> None:  # Qt API
        background_priority()
        try:
            items = None if self.ids is None else [e for e in self.packet.items() if e.id in set(self.ids)]
            jobs = plan_pages(self.folder, self.packet, self.languages, items)
            self.planned.emit(len(jobs), sorted({j.sha256 for j in jobs}))
            if not jobs or self._cancelled:
                return
            self.run_ = OcrRun(self.folder, self.packet.documents, jobs, self.languages, self.workers)
            if self._cancelled:
                return
            for done in self.run_:
                self.page.emit(done.sha256, done.done, done.total, done.status, done.message)
        except OcrUnavailable as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - the window must say it and go on
            self.failed.emit(_("Text recognition stopped ({problem}). The pages read so far are kept; try again "
                               "from the Readiness tab.").format(problem=f"{type(exc).__name__}: {exc}"))


class OcrController(QObject):
    started = Signal(int)  # pages in the run that starts
    progress = Signal(int, int)  # pages done, pages in the run
    pageDone = Signal(str)  # a page of this document was read (or failed)
    finished = Signal(int, int, bool)  # pages read, pages failed, cancelled
    problem = Signal(str, bool)  # a message for the problems panel; True for a warning

    def __init__(self, session: PacketSession, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.worker: OcrWorker | None = None
        self.pending: set[str] = set()  # documents with pages still to read in this run
        self._queued: list[list[str] | None] = []
        self._read = self._failed = 0
        self._said_unavailable = False
        self._cancelled = False
        self._closed = False  # shut down: the packet is closing, nothing starts again

    @property
    def busy(self) -> bool:
        return self.worker is not None or bool(self._queued)

    @staticmethod
    def available() -> bool:
        return engine_available()

    def marks(self, exhibit: Exhibit) -> list[tuple[str, str]]:
        """The exhibit list's marks for an item: a converted letter; whether the text of the scans it shows (its
        kept pages, of whatever document) is recognised."""
        documents = self.session.packet.documents
        doc = documents.get(exhibit.document)
        if doc is None:
            return []
        out = []
        if doc.converted_from:
            out.append((_("Converted from {format}").format(
                format=CONVERTED_NAMES.get(doc.converted_from, doc.converted_from)), "info"))
        folder = self.session.folder.path
        kept = exhibit.kept(documents)
        have, need = exhibit_recognised(folder, documents, exhibit)
        busy = any(r.document in self.pending for r in kept)
        if not need:
            return out
        if have >= need:
            read = [recognised_page(folder, r.document, r.page) for r in kept]
            if any(r is not None and r.reads_like_document for r in read):
                out.append((_("Text recognised"), "ok"))
            else:
                out.append((_("No text in the picture"), "info"))
        elif busy:
            out.append((_("Recognising text…"), "busy"))
        elif any(documents[r.document].kind != "image" for r in kept):  # a scan; a photo is not nagged about
            out.append((_("No searchable text"), "warn"))
        return out

    def after_intake(self) -> None:
        """Files were added: recognise what they need, when the user leaves that on."""
        prefs = OcrPreferences.load()
        if not prefs.enabled or self.session.read_only:
            return
        if not self.available():
            self._say_unavailable()
            return
        self.start()

    def start(self, ids: list[str] | None = None) -> bool:
        """Recognise what `ids` (default: every item) need; queued behind a run that is going."""
        if self._closed:
            return False
        if not self.available():
            self._say_unavailable(force=True)
            return False
        if self.worker is not None:
            if ids is None or None not in self._queued:
                self._queued.append(ids)
            return True
        prefs = OcrPreferences.load()
        self._read = self._failed = 0
        self._cancelled = False
        self.worker = OcrWorker(self.session.folder.path, _snapshot(self.session.packet), ids, prefs.languages,
                                prefs.workers, self)
        self.worker.planned.connect(self._planned)
        self.worker.page.connect(self._page)
        self.worker.failed.connect(lambda m: self.problem.emit(m, True))
        self.worker.finished.connect(self._worker_finished)
        self.worker.start()
        return True

    def cancel(self) -> None:
        self._queued.clear()
        self._cancelled = True
        if self.worker is not None:
            self.worker.cancel()

    def shutdown(self) -> None:
        """Stop for good (closing the packet or the window): cancel and wait for the workers to end."""
        self._closed = True
        self.cancel()
        if self.worker is not None:
            self.worker.wait()
            self._worker_finished()

    # -- a run -------------------------------------------------------------------------------------------------
    def _planned(self, total: int, documents: list[str]) -> None:
        self.pending = set(documents)
        if total:
            self.started.emit(total)
        for sha in documents:
            self.pageDone.emit(sha)  # "recognising…" in the list at once

    def _page(self, sha: str, done: int, total: int, status: str, message: str) -> None:
        if status == FAILED:
            self._failed += 1
            self.problem.emit(message, True)
        else:
            self._read += 1
        self.progress.emit(done, total)
        self.pageDone.emit(sha)

    def _worker_finished(self) -> None:
        worker, self.worker = self.worker, None
        if worker is None:
            return
        worker.wait()
        worker.deleteLater()
        done = self.pending
        self.pending = set()
        for sha in done:
            self.pageDone.emit(sha)
        self.finished.emit(self._read, self._failed, self._cancelled)
        if self._queued and not self._cancelled and not self._closed:
            QTimer.singleShot(0, self, self._start_queued)

    def _start_queued(self) -> None:
        if self._queued and not self._closed and self.worker is None:
            self.start(self._queued.pop(0))

    def _say_unavailable(self, force: bool = False) -> None:
        if force or not self._said_unavailable:
            self._said_unavailable = True
            self.problem.emit(unavailable_message(), True)


def _snapshot(packet: Packet) -> Packet:
    """What the worker reads: the documents and the items' page selections as they are now."""
    return Packet.from_dict(packet.to_dict())
