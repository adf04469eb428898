"""`export_packet` in a child process, for the window: its PDF work never holds the window's interpreter lock.

The child (spawned, like intake's workers: forking a threaded Qt process is unsafe) runs the export at a lower
priority and sends progress, then the result or the error, through a pipe; the parent only waits on that pipe,
which releases the lock. Cancel is an event the export polls at every page and while qpdf writes; a second event
holds the child at those checks while the window asks whether to cancel (it must not finish meanwhile). A child that
dies (killed, out of memory) is an ExportError; the temporary files it left are removed, and a cancelled or
failed export leaves no file, as in-process.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from pathlib import Path

from packet.core.i18n import _
from packet.core.model import Packet
from packet.core.profiles import Profile
from packet.export.build import ExportResult, export_packet
from packet.export.errors import CANCELLED, ExportCancelled, ExportError, Progress
from packet.export.tempfiles import remove_stale_temps

POLL_S = 0.05  # how often the parent looks at its cancel flag while waiting for the child
PROGRESS_EVERY_S = 0.05  # the child sends progress at most this often (and at every change of stage)


class ExportProcess:
    """One export run in a child process; `run()` blocks (in a worker thread) until it is done."""

    def __init__(self, packet: Packet, folder: Path, target: Path, profile: Profile | None = None,
                 compress: str | None = None):
        self.packet, self.folder, self.target, self.profile = packet, Path(folder), Path(target), profile
        self.compress = compress
        self.pid: int | None = None

    def run(self, progress: Progress | None = None, cancelled: Callable[[], bool] = lambda: False,
            held: Callable[[], bool] = lambda: False, on_held: Callable[[bool], None] = lambda waiting: None,
            ) -> ExportResult:
        """`held()` true pauses the child at its next check (it writes nothing meanwhile; the window asks "Cancel
        it and quit?"); `on_held(True)` says it is waiting, `on_held(False)` that it goes on."""
        report = progress or (lambda done, total, stage: None)
        ctx = multiprocessing.get_context("spawn")
        receive, send = ctx.Pipe(duplex=False)
        stop, go = ctx.Event(), ctx.Event()
        go.set()
        child = ctx.Process(target=_child, args=(self.packet, str(self.folder), str(self.target), self.profile, send,
                                                 stop, go, self.compress), daemon=True, name="packet-export")
        child.start()
        self.pid = child.pid
        send.close()  # the child holds the only writing end: the pipe ends when the child does
        try:
            while True:
                if cancelled() and not stop.is_set():
                    stop.set()
                if stop.is_set() or not held():
                    go.set()
                else:
                    go.clear()
                if not receive.poll(POLL_S):
                    continue
                try:
                    message = receive.recv()
                except (EOFError, OSError):
                    return self._died(child)
                kind = message[0]
                if kind == "progress":
                    report(*message[1:])
                elif kind == "held":
                    on_held(bool(message[1]))
                elif kind == "done":
                    return message[1]
                elif kind == "cancelled":
                    raise ExportCancelled(message[1])
                else:
                    raise ExportError(message[1])
        finally:
            receive.close()
            child.join(timeout=60)
            if child.is_alive():  # it has sent its last word; it must not outlive the export
                child.kill()
                child.join()

    def _died(self, child) -> ExportResult:
        child.join(timeout=60)
        remove_stale_temps(self.target.parent)
        raise ExportError(_("The export stopped unexpectedly (the export process ended with code {exitcode}, "
                            "perhaps for lack of memory). No file was written; try again, or close other "
                            "programs.").format(exitcode=child.exitcode))


def _child(packet: Packet, folder: str, target: str, profile: Profile | None, send, stop, go,
           compress: str | None = None) -> None:
    try:
        os.nice(10)  # the window, and whatever else the user does, comes first
    except (AttributeError, OSError):
        pass
    last_time, last_stage = [0.0], [""]

    def progress(done: int, total: int, stage: str) -> None:
        now = time.monotonic()
        if stage != last_stage[0] or done == total or now - last_time[0] >= PROGRESS_EVERY_S:
            last_time[0], last_stage[0] = now, stage
            send.send(("progress", done, total, stage))

    def cancelled() -> bool:
        if not go.is_set():  # held by the window: wait here, having written nothing
            send.send(("held", True))
            go.wait()
            send.send(("held", False))
        return stop.is_set()

    try:
        result = export_packet(packet, Path(folder), Path(target), progress=progress, cancelled=cancelled,
                               profile=profile, compress=compress)
    except ExportCancelled as exc:
        send.send(("cancelled", str(exc) or _(CANCELLED)))
    except ExportError as exc:
        send.send(("error", str(exc)))
    except MemoryError:
        send.send(("error", _("The export ran out of memory; no file was written. Close other programs and try "
                              "again.")))
    except Exception as exc:  # a bug must not pass silently, nor take the window down
        send.send(("error", _("The export failed unexpectedly ({value}: {error}). No file was written.").format(
                                value=type(exc).__name__, error=exc)))
    else:
        send.send(("done", result))
    finally:
        send.close()
