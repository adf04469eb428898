"""Long work off the UI thread: intake of dropped files, export, and the page cites the list shows. Each reports
back with signals and never blocks the window."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from packet.core.i18n import _
from packet.core.model import Packet
from packet.export.build import ExportCancelled, ExportError, export_packet, plan_cites, plan_export
from packet.export.child import ExportProcess
from packet.store.applog import log_exception
from packet.store.errors import PacketError, os_problem
from packet.store.intake import IntakeResult, ingest


def background_priority() -> None:
    """Lower this thread's priority, and with it that of the worker processes it starts, from their first
    instruction: the pool's initializer lowers a worker only after it has imported Packet, and two workers
    importing at full priority on a two-core machine starve the window for a tenth of a second. On Linux a
    thread's nice value is its own (the window's thread is untouched) and children inherit it; elsewhere nice
    applies to the whole process, so it is left alone there."""
    if sys.platform.startswith("linux"):
        try:
            os.nice(10)
        except OSError:
            pass


class IntakeWorker(QThread):
    """Examines and stores files in the packet folder (in worker processes); the UI merges each result."""

    result = Signal(object)  # IntakeResult, in the order the files were given
    failed = Signal(str)

    def __init__(self, folder: Path, paths: list[str], known: set[str], passwords: dict[str, str] | None = None,
                 workers: int | None = None, parent=None):
        super().__init__(parent)
        self.folder, self.paths, self.known = folder, paths, set(known)
        self.passwords = passwords or {}
        self.workers = workers

    def run(self) -> None:
        background_priority()
        try:
            for r in ingest(self.folder, self.paths, self.known, self.passwords, self.workers):
                self.result.emit(r)
        except Exception as exc:  # the pool itself failed (out of memory, killed worker): say so
            log_exception("intake", exc, tuple(self.paths))
            self.failed.emit(_("Adding files stopped: {error}. Files added so far are kept.").format(error=exc))


class ExportWorker(QThread):
    """Runs the export in a child process (see packet/export/child.py) and relays its progress: this thread
    only waits on a pipe, so the window's event loop never waits for PDF work."""

    progress = Signal(int, int, str)
    in_child = True  # False runs the export in this thread (tests that hold it at a page do)
    succeeded = Signal(object)  # ExportResult
    failed = Signal(str)
    cancelled = Signal(str)

    def __init__(self, packet: Packet, folder: Path, target: Path, parent=None, profile=None):
        super().__init__(parent)
        self.packet, self.folder, self.target, self.profile = packet, folder, target, profile
        self._cancel = threading.Event()
        self._go = threading.Event()  # cleared by hold(): the export waits at its next check, writing nothing
        self._go.set()
        self.held = False  # the export is waiting at a check until release() or cancel()

    def cancel(self) -> None:
        self._cancel.set()
        self._go.set()

    def hold(self) -> None:
        """Pause at the next page or before anything is renamed into place (the window asks "Cancel it and
        quit?" meanwhile: the export must not finish and leave its files while the question is open)."""
        self._go.clear()

    def release(self) -> None:
        self._go.set()

    def _cancelled(self) -> bool:
        """The in-thread export's check: waits while held."""
        if not self._go.is_set():
            self.held = True
            self._go.wait()
            self.held = False
        return self._cancel.is_set()

    def _note_held(self, held: bool) -> None:
        """The child export says it is waiting at a check (True), or going on (False)."""
        self.held = held

    def run(self) -> None:
        try:
            report = lambda d, t, s: self.progress.emit(d, t, s)  # noqa: E731
            if self.in_child:
                result = ExportProcess(self.packet, self.folder, self.target, self.profile).run(
                    progress=report, cancelled=self._cancel.is_set, held=lambda: not self._go.is_set(),
                    on_held=self._note_held)
            else:
                result = export_packet(self.packet, self.folder, self.target, progress=report,
                                       cancelled=self._cancelled, profile=self.profile)
        except ExportCancelled as exc:
            self.cancelled.emit(str(exc))
        except (ExportError, PacketError) as exc:  # PacketError: a document is not what packet.json says
            log_exception("export", exc, (self.folder, self.target))
            self.failed.emit(str(exc))
        except OSError as exc:
            log_exception("export", exc, (self.folder, self.target))
            self.failed.emit(_("The export failed: {value} No file was written.").format(
                                 value=os_problem(exc, self.target)))
        except Exception as exc:  # never let a bug take the window down; say what happened
            log_exception("export", exc, (self.folder, self.target))
            self.failed.emit(_("The export failed unexpectedly ({value}: {error}). No file was written.").format(
                                 value=type(exc).__name__, error=exc))
        else:
            self.succeeded.emit(result)


class CitesWorker(QThread):
    """The page cite of every item ("pp. 14-15"), from the export plan of a snapshot of the packet.

    Laying out the plan (the index's length decides where everything after it starts) takes tens of milliseconds
    for a large packet, too long for the GUI thread after every edit; `generation` lets the window drop results
    that a later edit made stale.
    """

    computed = Signal(int, object)  # generation, {item id: cite}

    def __init__(self, snapshot: Packet, generation: int, parent=None):
        super().__init__(parent)
        self.snapshot, self.generation = snapshot, generation

    def run(self) -> None:
        try:
            plan = plan_export(self.snapshot) if self.snapshot.items() else None
        except Exception:  # noqa: BLE001 - a packet that cannot be planned shows no cites; export says why
            plan = None
        self.computed.emit(self.generation, plan_cites(plan) if plan else {})


__all__ = ["CitesWorker", "ExportWorker", "IntakeResult", "IntakeWorker"]
