"""Recognising many pages: in worker processes, as many as the user allows, with progress per page and cancel.

The caller (the window's worker thread, `packet ocr`, `packet build --ocr`) iterates an `OcrRun` and gets a
`PageDone` as each page finishes; the work itself happens in spawned processes (spawn, not fork: the window calls
this from a thread), which write each page's result to the packet's cache themselves, so the caller's thread only
waits on a queue. `cancel()` may be called from any thread: the iteration ends within `POLL_S`, the workers are
terminated (a page half-read is simply read again next time; its cache file is written atomically or not at all).

    run = OcrRun(folder.path, folder.packet.documents, plan_pages(folder.path, folder.packet, languages))
    for done in run:
        print(f"{done.done}/{done.total}", done.name, done.page, done.status)
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from packet.core.i18n import _
from packet.core.model import Document, Exhibit, Packet
from packet.store.ocr import missing_pages, pages_to_read, recognise_page
from packet.store.ocr_engine import (
    DEFAULT_LANGUAGES,
    OcrUnavailable,
    check_languages,
    engine_available,
    find_engine,
    unavailable_message,
)

POLL_S = 0.1  # how often a waiting iteration looks at the cancel flag
READ, FAILED = "read", "failed"
LANGUAGES_VARIABLE = "PACKET_OCR_LANGUAGES"  # the command line's default languages ("spa+eng")
WORKERS_VARIABLE = "PACKET_OCR_WORKERS"  # and how many cores it may use


@dataclass(frozen=True)
class PageJob:
    sha256: str
    page: int  # 1-based page of the document


@dataclass(frozen=True)
class PageDone:
    """One page finished (read, or failed with a message), and where the whole run stands."""

    sha256: str
    page: int
    name: str  # the document's original file name, for messages
    status: str  # READ or FAILED
    words: int
    message: str
    done: int
    total: int


def default_workers() -> int:
    """All cores but one, so the window and the rest of the computer stay responsive."""
    return max(1, (os.cpu_count() or 1) - 1)


def configured_languages(given: str | None = None) -> str:
    """The languages to read with: given (a `--languages` option, the window's setting), else
    PACKET_OCR_LANGUAGES, else DEFAULT_LANGUAGES; checked (OcrUnavailable says what is wrong)."""
    return check_languages((given or os.environ.get(LANGUAGES_VARIABLE, "") or DEFAULT_LANGUAGES).strip())


def configured_workers(given: int | None = None) -> int:
    """How many pages are read at once: given, else PACKET_OCR_WORKERS, else all cores but one (at least 1, at
    most the number of cores)."""
    if given is None:
        try:
            given = int(os.environ.get(WORKERS_VARIABLE, "") or 0) or None
        except ValueError:
            given = None
    cores = os.cpu_count() or 1
    return max(1, min(cores, given)) if given else default_workers()


def plan_pages(packet_dir: Path, packet: Packet, languages: str = DEFAULT_LANGUAGES,
               items: Iterable[Exhibit] | None = None) -> list[PageJob]:
    """The pages still to recognise for the exhibits (default: every lead document and exhibit), with their
    translations, each page once, in packet order. Pages the exhibit's selection leaves out are not read."""
    jobs: dict[PageJob, None] = {}
    for exhibit in packet.items() if items is None else items:
        kept = exhibit.kept(packet.documents)
        for sha in dict.fromkeys(r.document for r in kept):
            doc = packet.documents[sha]
            for p in missing_pages(packet_dir, doc, languages, [r.page for r in kept if r.document == sha]):
                jobs[PageJob(doc.sha256, p)] = None
        translation = packet.documents.get(exhibit.translation) if exhibit.translation else None
        if translation is not None:
            for p in missing_pages(packet_dir, translation, languages):
                jobs[PageJob(translation.sha256, p)] = None
    return list(jobs)


def document_status(packet_dir: Path, doc: Document, languages: str = DEFAULT_LANGUAGES,
                    pages: list[int] | None = None) -> tuple[int, int]:
    """(pages recognised, pages that need it) for the list's per-document status: (0, 0) means nothing to do."""
    need = pages_to_read(packet_dir, doc, pages)
    missing = set(missing_pages(packet_dir, doc, languages, pages))
    return len(need) - len(missing), len(need)


class OcrRun:
    """One run over a list of pages. Iterate it once; `cancel()` from any thread stops it."""

    def __init__(self, packet_dir: Path, documents: dict[str, Document], jobs: list[PageJob],
                 languages: str = DEFAULT_LANGUAGES, workers: int | None = None, engine: str = "",
                 in_process: bool = False) -> None:
        if not engine_available(engine):
            raise OcrUnavailable(unavailable_message())
        self.languages = check_languages(languages)
        self.packet_dir = str(packet_dir)
        self.documents = documents
        self.jobs = [j for j in jobs if j.sha256 in documents]
        self.workers = max(1, min(workers or default_workers(), len(self.jobs) or 1))
        self.engine = engine
        self.in_process = in_process
        self._cancel = threading.Event()
        self._pool: multiprocessing.pool.Pool | None = None

    @property
    def total(self) -> int:
        return len(self.jobs)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def __iter__(self) -> Iterator[PageDone]:
        args = [(self.packet_dir, self.documents[j.sha256].to_dict(), j.page, self.languages, self.engine)
                for j in self.jobs]
        if self.in_process:
            yield from self._numbered(_read_one(*a) for a in args if not self.cancelled)
            return
        ctx = multiprocessing.get_context("spawn")
        pool = ctx.Pool(self.workers, initializer=_worker_start)
        self._pool = pool
        try:
            results = pool.imap_unordered(_read_one_packed, args, chunksize=1)
            yield from self._numbered(self._wait(results))
            pool.close()
        finally:
            pool.terminate()
            pool.join()

    def _wait(self, results: Iterator[tuple]) -> Iterator[tuple]:
        for _job in range(len(self.jobs)):
            while True:
                if self.cancelled:
                    return
                try:
                    yield results.next(timeout=POLL_S)  # type: ignore[attr-defined]
                    break
                except multiprocessing.TimeoutError:
                    continue

    def _numbered(self, outcomes: Iterable[tuple]) -> Iterator[PageDone]:
        done = 0
        for sha, page, status, words, message in outcomes:
            done += 1
            name = self.documents[sha].original_name
            yield PageDone(sha, page, name, status, words, message, done, self.total)
            if self.cancelled:
                return


def _worker_start() -> None:
    """Workers run one page at a time on one core, below the window's priority; Ctrl+C is the caller's to
    handle (it ends the run and the workers with it, cleanly), not each worker's."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):
        pass
    try:
        os.nice(10)
    except (AttributeError, OSError):
        pass


def _read_one_packed(args: tuple) -> tuple:
    return _read_one(*args)


def _read_one(packet_dir: str, doc_data: dict, page: int, languages: str, engine_name: str) -> tuple:
    """Recognise one page in this process and cache it; never raises (a failure is reported for that page)."""
    doc = Document.from_dict(doc_data)
    engine = find_engine(engine_name)
    if engine is None:
        return doc.sha256, page, FAILED, 0, unavailable_message()
    try:
        text = recognise_page(engine, Path(packet_dir), doc, page, languages)
    except MemoryError:
        return doc.sha256, page, FAILED, 0, (_("{original_name}, page {page}: too large to recognise in this "
                                               "computer's memory; the page is exported without a text layer.").format(
                                                 original_name=doc.original_name, page=page))
    except Exception as exc:  # one bad page must not stop the others
        return doc.sha256, page, FAILED, 0, (_("{original_name}, page {page}: text could not be recognised "
                                               "({value}: {value2}); the page is exported without a text layer.").format(
                                                 original_name=doc.original_name, page=page, value=type(exc).__name__, value2=str(exc)[:120]))
    return doc.sha256, page, READ, len(text.words), ""
