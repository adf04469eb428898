"""Adding files to the open packet from the window, without freezing it.

The files are examined and stored by the store's intake (packet/store/intake.py) in worker processes, driven from
an `IntakeWorker` thread; this controller queues the runs, and merges the results into the packet on the GUI
thread in small slices (a few files per turn of the event loop, each slice one undoable edit), so the window keeps
answering however many files arrive at once. Files that need a password are collected by their typed intake
result and offered for a password when the run is over; the window asks, the controller adds them again.

The window's session holds the packet's lock while it is open, so the documents a run stores and the merges that
name them happen under that lock (no clean-up can remove a stored document before its merge is saved). A packet
open read-only is never written: adding is refused before any file is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal

from packet.core import actions
from packet.core.i18n import _, ngettext
from packet.core.model import Packet
from packet.core.titles import title_from_filename
from packet.store.intake import PASSWORD_NEEDED, PASSWORD_WRONG, REJECT, IntakeMerge, IntakeResult, expand_paths
from packet.ui.session import PacketSession
from packet.ui.workers import IntakeWorker

SLICE = 8  # results merged per turn of the event loop: small enough that a turn stays short


@dataclass
class Tally:
    """What became of the files of one user action (a drop, an Add files…), its password retries included."""

    files: int = 0
    added: int = 0
    duplicates: int = 0
    refused: int = 0  # refused, or given up for want of a password

    def summary(self) -> str:
        if self.files == 0:
            return ""
        n = self.files
        head = (ngettext("Added {added} file", "Added {added} files", self.added).format(added=self.added)
                if self.added == n else
                ngettext("Added {added} of {n} file", "Added {added} of {n} files", n).format(added=self.added, n=n))
        parts = []
        if self.duplicates:
            parts.append(ngettext("{n} was already in the packet", "{n} were already in the packet",
                                  self.duplicates).format(n=self.duplicates))
        if self.refused:
            parts.append(ngettext("{n} was not added (see the list below)", "{n} were not added (see the list below)",
                                  self.refused).format(n=self.refused))
        return head + ("; " + ", ".join(parts) if parts else "") + "."


@dataclass
class _Run:
    files: list[str]
    role: str
    passwords: dict[str, str] = field(default_factory=dict)
    before: str = ""  # the item the new exhibits go before (where they were dropped); "" is the end
    section: str | None = None  # a grouped list's section they were dropped in (they get its factor); None: none
    undo: int = -1  # the session's number for this user action: all its slices (and retries) are one undo entry
    added: int = 0  # files merged so far
    tally: Tally = field(default_factory=Tally)  # shared by the runs of one user action


class IntakeController(QObject):
    started = Signal(int)  # files in the run that starts
    progress = Signal(int, int)  # files processed, files in the run
    finished = Signal(int)  # the run is over and merged: files processed
    problem = Signal(str, bool)  # a message for the problems panel; True for a warning, False for a refusal
    added = Signal(list)  # ids of the exhibits one slice added
    passwordsNeeded = Signal(list, str)  # results that need a password (or had a wrong one), and their role
    summed = Signal(str)  # a user action is over, retries included: what became of its files, in words

    def __init__(self, session: PacketSession, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.worker: IntakeWorker | None = None
        self._queue: list[_Run] = []
        self._run: _Run | None = None
        self._last: _Run | None = None  # the run that asked for passwords last
        self._buffer: list[IntakeResult] = []
        self._locked: list[IntakeResult] = []
        self._done = 0
        self._total = 0
        self._worker_done = False
        self._awaiting_save = False  # merged, waiting for the last packet.json to be on disk
        session.saveStateChanged.connect(self._save_settled)
        session.saveFailed.connect(lambda _message: self._save_settled(True))
        session.conflict.connect(lambda _message: self._save_settled(True))  # the user is asked; the run is over
        self._merge_timer = QTimer(self, singleShot=True, interval=0)
        self._merge_timer.timeout.connect(self._merge_slice)

    @property
    def busy(self) -> bool:
        """A run is going, or queued, or its results are still being merged."""
        return self._run is not None or bool(self._queue)

    def add(self, paths: list[str], role: str = "exhibit", passwords: dict[str, str] | None = None,
            before: str = "", section: str | None = None) -> bool:
        """Add files (folders: the files inside them) before the item `before` (default: at the end), in the factor
        section `section` of a grouped list when given (tagged with its factor, as a drag into it does); False, and
        a problem said, when there is nothing to add or the packet is open read-only."""
        if self.session.read_only:
            self.problem.emit(_("{name} is open read-only; nothing can be added. Close it in the other program, "
                                 "then open it again here.").format(name=self.session.folder.path.name), False)
            return False
        files = expand_paths(paths)
        if not files:
            self.problem.emit(_("Nothing to add: the folders dropped hold no files."), False)
            return False
        self._queue.append(_Run(files, role, dict(passwords or {}), before, section, self.session.new_action(),
                                tally=Tally(files=len(files))))
        if self._run is None:
            self._start_next()
        return True

    def retry(self, passwords: dict[str, str], given_up: int = 0) -> None:
        """After passwordsNeeded: add the files again with the passwords typed (path -> password), as part of the
        same user action (same undo entry, same place, same summary); `given_up` files were left out."""
        run = self._last
        if run is None:
            return
        run.tally.refused += given_up
        if not passwords:
            self.summed.emit(run.tally.summary())
            return
        self._queue.append(_Run(list(passwords), run.role, dict(passwords), run.before, run.section, run.undo,
                                tally=run.tally))
        if self._run is None:
            self._start_next()

    def wait(self) -> None:
        """Block until the worker has stopped (closing the packet or the window)."""
        if self.worker is not None:
            self.worker.wait()

    def shutdown(self) -> None:
        """Stop for good: wait for the worker, drop what is queued and not merged (its files are stored, and
        adding them again brings them straight back)."""
        self._queue.clear()
        self.wait()
        self.session.flush()
        self._awaiting_save = False
        self._merge_timer.stop()
        self._buffer.clear()
        self._run = None

    # -- a run ---------------------------------------------------------------------------------------------------
    def _start_next(self) -> None:
        run = self._queue.pop(0)
        self._run = run
        self._done, self._total, self._worker_done = 0, len(run.files), False
        self._locked = []
        self.started.emit(self._total)
        self.worker = IntakeWorker(self.session.folder.path, run.files, set(self.session.packet.documents),
                                   run.passwords, parent=self)
        self.worker.result.connect(self._result)
        self.worker.failed.connect(lambda message: self.problem.emit(message, False))
        self.worker.finished.connect(self._worker_finished)
        self.worker.start()

    def _result(self, result: IntakeResult) -> None:
        self._done += 1
        self.progress.emit(self._done, self._total)
        self._buffer.append(result)
        if not self._merge_timer.isActive():
            self._merge_timer.start()

    def _worker_finished(self) -> None:
        self._worker_done = True
        if self.worker is not None:
            self.worker.wait()
            self.worker.deleteLater()
            self.worker = None
        if not self._merge_timer.isActive():
            self._merge_timer.start()

    def _merge_slice(self) -> None:
        """Merge the next few results as one undoable edit; come back next turn for the rest."""
        if self._run is None:
            return
        results, self._buffer = self._buffer[:SLICE], self._buffer[SLICE:]
        if results:
            self._merge(results, self._run)
        if self._buffer:
            self._merge_timer.start()
        elif self._worker_done:
            self._end_run()

    def _merge(self, results: list[IntakeResult], run: _Run) -> None:
        role, before = run.role, run.before
        accepted = []
        for result in results:
            if result.verdict != REJECT:
                accepted.append(result)
                if result.duplicate_of:
                    run.tally.duplicates += 1
            elif result.password_problem in (PASSWORD_NEEDED, PASSWORD_WRONG):
                self._locked.append(result)
            else:
                run.tally.refused += 1
                self.problem.emit(result.messages[0] if result.messages else _("{name} was not added.").format(
                                                                                 name=result.name), False)
        if not accepted:
            return
        merger = IntakeMerge(self.session.packet, lead=role == "lead")
        added: list[str] = []

        def change(packet: Packet) -> None:
            for result in accepted:
                e = merger.merge(result)
                if e is not None:
                    added.append(e.id)
            if added and run.section is not None and role == "exhibit" and packet.settings.group_index_by_factor:
                # grouped: into the section the drop line was in, where it was (the section's end otherwise)
                known = before if before and packet.find(before) is not None else None
                actions.move_to_section(packet, added, run.section, known)
            elif added and before and packet.find(before) is not None:  # where the drop line showed
                actions.move_items(packet, added, before, role)

        first = run.added == 0 and len(accepted) == 1
        text = _("Add {value!r}").format(value=title_from_filename(accepted[0].name)) if first else _("Add {value} files").format(
                                                                                  value=run.added + len(accepted))
        # written in the background (the run's end waits for it); every slice of the run is one undo entry
        if self.session.edit(text, change, wait=False, merge=run.undo):
            run.added += len(accepted)
        run.tally.added += len(added)
        for result in accepted:
            for m in [*result.messages, *result.notes]:
                self.problem.emit(m, not result.duplicate_of)
        if added:
            self.added.emit(added)

    def _end_run(self) -> None:
        """Everything merged: the run is done once its last packet.json is on disk (reported back by the
        session, never waited for here)."""
        if self.session.saving:
            self._awaiting_save = True
            return
        self._finish_run()

    def _save_settled(self, settled: bool) -> None:
        if settled and self._awaiting_save and not self.session.saving:
            self._awaiting_save = False
            self._finish_run()

    def _finish_run(self) -> None:
        run, self._run = self._run, None
        locked, self._locked = self._locked, []
        self.finished.emit(self._done)
        if self._queue:
            self._start_next()
        if locked and run is not None:
            self._last = run
            self.passwordsNeeded.emit(locked, run.role)
        elif run is not None:
            self.summed.emit(run.tally.summary())
