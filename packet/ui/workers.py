"""Long work off the UI thread: intake of dropped files, and export. Both report progress and never block."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from packet.core.model import Packet
from packet.export.build import ExportCancelled, ExportError, export_packet
from packet.store.errors import PacketError, os_problem
from packet.store.intake import IntakeResult, ingest


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
        try:
            for r in ingest(self.folder, self.paths, self.known, self.passwords, self.workers):
                self.result.emit(r)
        except Exception as exc:  # the pool itself failed (out of memory, killed worker): say so
            self.failed.emit(f"Adding files stopped: {exc}. Files added so far are kept.")


class ExportWorker(QThread):
    progress = Signal(int, int, str)
    succeeded = Signal(object)  # ExportResult
    failed = Signal(str)
    cancelled = Signal(str)

    def __init__(self, packet: Packet, folder: Path, target: Path, parent=None, profile=None):
        super().__init__(parent)
        self.packet, self.folder, self.target, self.profile = packet, folder, target, profile
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            result = export_packet(self.packet, self.folder, self.target,
                                   progress=lambda d, t, s: self.progress.emit(d, t, s),
                                   cancelled=self._cancel.is_set, profile=self.profile)
        except ExportCancelled as exc:
            self.cancelled.emit(str(exc))
        except (ExportError, PacketError) as exc:  # PacketError: a document is not what packet.json says
            self.failed.emit(str(exc))
        except OSError as exc:
            self.failed.emit(f"The export failed: {os_problem(exc, self.target)} No file was written.")
        except Exception as exc:  # never let a bug take the window down; say what happened
            self.failed.emit(f"The export failed unexpectedly ({type(exc).__name__}: {exc}). No file was written.")
        else:
            self.succeeded.emit(result)


__all__ = ["IntakeWorker", "ExportWorker", "IntakeResult"]
