"""One open packet in the window: its folder, its undo stack, its lock, and saving after every change.

packet.json is encoded on the GUI thread (a consistent snapshot) and written by one writer thread, so the disk
(fsync can take tens of milliseconds on a busy machine) never holds up the window. An ordinary edit waits for its
write, as before; the intake controller's merges do not wait (`edit(..., wait=False)`), so a drop of a hundred
files keeps the window answering; `flush()` waits for whatever is still being written.

The session holds the packet's lock from open to close, so the command line waits (and then says the window has
the packet) instead of writing under it. A packet another program holds opens read-only: nothing can change and
nothing is written, by this thread or the writer. If packet.json still changes under the window (a program that
ignores the lock, an editor), the write is a compare-and-swap made on the writer thread (`PacketFolder.write`);
the refusal comes back to the GUI thread, where the other change and the window's are combined when they touch
different parts, and otherwise the user chooses which to keep (`conflict`, then `save_over` or
`reload_from_disk`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from packet.core.actions import TitleTooLong
from packet.core.edits import Edit
from packet.core.i18n import _
from packet.core.model import Packet
from packet.export.tempfiles import remove_stale_temps
from packet.store.errors import os_problem
from packet.store.folder import PacketChanged, PacketError, PacketFolder, open_packet

WINDOW_PROGRAM = "the Packet window"
_NOT_COMPARED = ("modified",)


class _EditCommand(QUndoCommand):
    def __init__(self, session: PacketSession, edit: Edit, merge: int = -1):
        super().__init__(edit.text)
        self.session = session
        self.edit = edit
        self.merge = merge

    # Qt API
    def id(self) -> int:
        return self.merge

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Steps of one user action (the slices of one drop of files) become one undo entry."""
        if not isinstance(other, _EditCommand) or other.merge != self.merge or self.merge < 0:
            return False
        self.edit = Edit(other.edit.text, self.edit.before, other.edit.after)
        self.setText(other.edit.text)
        return True

    def redo(self) -> None:
        self.edit.apply(self.session.packet)
        self.session.note_change()

    def undo(self) -> None:
        self.edit.revert(self.session.packet)
        self.session.note_change()


@dataclass(frozen=True)
class _Outcome:
    """What the writer thread did with one packet.json: written, refused because packet.json changed on disk
    (`conflict`), or failed (`error`, in plain words)."""

    generation: int = 0
    error: str = ""
    conflict: bool = False
    data: bytes | None = None  # what was written, when it was (the base of the next three-way merge)


class PacketSession(QObject):
    """Every edit goes through `edit()`: undoable, and saved to disk atomically at once."""

    changed = Signal()  # the packet's arrangement, cover or settings changed
    saveStateChanged = Signal(bool)  # True when what is on disk matches the packet
    saveFailed = Signal(str)
    conflict = Signal(str)  # packet.json changed on disk in a part the window changed too: ask the user
    notice = Signal(str)  # something the user should know that is not a failure
    refused = Signal(str)  # an edit a rule refused (a title too long), with the reason
    _written = Signal()  # from the writer thread: a write finished (its outcome is in _outcome)

    def __init__(self, folder: PacketFolder, parent: QObject | None = None, read_only: bool = False,
                 lock_wait: float = 1.0):
        """Takes the packet's lock (LockError when another program holds it), unless `read_only`."""
        if not read_only:  # first: a refused packet leaves no half-made session behind
            folder.take_lock(WINDOW_PROGRAM, wait=lock_wait)
        folder.read_only = read_only  # the folder refuses every write too, whoever asks
        super().__init__(parent)
        self.folder = folder
        self.read_only = read_only
        self.undo_stack = QUndoStack(self)
        self.saved = True
        self._wait = True  # whether the change being applied waits for its write
        self._generation = 0  # of the newest packet.json handed to the writer
        self._reported = 0  # the newest outcome already applied to `saved`
        self._lock = threading.Lock()
        self._pending: tuple[int, bytes] | None = None
        self._outcome = _Outcome()  # of the write finished last
        self._writer: threading.Thread | None = None
        self._encoded: bytes | None = None  # packet.json as last handed to the writer
        # The packet as on disk when last read or written here, the base of a three-way merge: a dict, or the
        # bytes last written (read only when there is a conflict, so a write costs the GUI thread nothing more).
        self._base: dict[str, Any] | bytes = _normal(self.packet.to_dict())
        self._in_command = False  # inside an undo command (push, undo, redo): a conflict waits for the next turn
        self._conflict_queued = False
        self._resolving = False
        self._closed = False
        self._written.connect(self._apply_outcome)
        remove_stale_temps(folder.path.parent)  # a killed export's private files, beside the packet by default
        self._actions = 0

    def new_action(self) -> int:
        """A number for the steps of one user action that comes in several steps (a drop of many files)."""
        self._actions += 1
        return self._actions

    @property
    def packet(self) -> Packet:
        return self.folder.packet

    @property
    def saving(self) -> bool:
        """A packet.json handed to the writer has not been reported back yet (saveStateChanged(True),
        saveFailed or conflict says when it is)."""
        return self._reported < self._generation

    def close(self) -> None:
        """Finish writing (a conflict still waiting for its turn is resolved now), then let other programs write
        the packet again."""
        self.flush()
        if self._conflict_queued:
            self._resolve_conflict()
        self._closed = True
        self.folder.release_lock()

    def edit(self, text: str, change: Callable[[Packet], object], wait: bool = True, merge: int = -1) -> bool:
        """Apply a change as one undoable step; False when it changed nothing (or the packet is read-only, or a
        rule refused it: `refused` says why). With `wait=False` the step does not wait for packet.json to be
        written (`saved` turns True once it is). Steps given the same `merge` number (from `new_action()`) one
        after the other are one undo entry, named by the last `text`."""
        if self.read_only:
            self.saveFailed.emit(_("{name} is open read-only (another program had it when it was opened), so it "
                                    "cannot be changed here. Close it there, then open it again.").format(
                                     name=self.folder.path.name))
            self.changed.emit()  # the views show the packet as it is, not what was typed
            return False
        try:
            edit = Edit.capture(self.packet, text, change)
        except TitleTooLong as exc:  # a rule refused the change: say so, keep the packet as it is
            self.refused.emit(str(exc))
            self.changed.emit()
            return False
        if edit is None:
            return False
        self._wait = wait
        try:
            self.undo_stack.push(_EditCommand(self, edit, merge))  # push() calls redo(): the same state again
        finally:
            self._wait = True
        return True

    def note_change(self) -> None:
        """The packet changed (an edit, an undo or a redo): tell the views, then save."""
        self.saved = False
        self.saveStateChanged.emit(False)
        self.changed.emit()
        self._in_command = True
        try:
            self.save(wait=self._wait)
        finally:
            self._in_command = False

    def save(self, wait: bool = True) -> bool:
        """Hand packet.json as it is now to the writer; with `wait`, return once it is on disk (False when the
        write failed or was refused: the window keeps the changes and says so). Never writes when read-only."""
        if self.read_only:
            return False
        data = self._encoded = self.folder.encode()
        self._generation += 1
        with self._lock:
            self._pending = (self._generation, data)
            if self._writer is None:
                self._writer = threading.Thread(target=self._write_loop, name="packet-save", daemon=False)
                self._writer.start()
        return self.flush() if wait else True

    def packet_json(self) -> bytes:
        """packet.json as it stands (the bytes last saved; before the first save, encoded without saving)."""
        if self._encoded is None:
            return json.dumps(self.packet.to_dict(), ensure_ascii=False).encode("utf-8")
        return self._encoded

    def flush(self) -> bool:
        """Wait until everything handed to the writer is on disk; True when the newest save worked."""
        self._join_writer()
        self._apply_outcome()
        return self.saved

    def reload_from_disk(self) -> None:
        """Take the version on disk (the other program's); the window's unsaved change and undo history go."""
        self._settle_writer()
        try:
            self.folder.reload()
        except (OSError, PacketError) as exc:
            self._failed(_("Could not read {name} again: {error}").format(name=self.folder.path.name, error=exc))
            return
        self.undo_stack.clear()
        self._base = _normal(self.packet.to_dict())
        self._saved()
        self.changed.emit()

    def refresh_family(self) -> bool:
        """A family member's packet: show what another member changed in the shared exhibits since this window
        read the family's store (True when something changed; the undo history starts again, since its steps
        recorded the shared exhibits as they were)."""
        if self.folder.family is None or self._closed:
            return False
        self.flush()  # the writer pushes this packet's own changes to the store first
        try:
            changed = self.folder.refresh_family()
        except (OSError, PacketError) as exc:
            self.saveFailed.emit(_("Could not read the family's shared exhibits: {error}").format(error=exc))
            return False
        if changed:
            self.undo_stack.clear()
            self.changed.emit()
            self.notice.emit(_("A family member's packet changed exhibits shared with this one; they are shown as "
                               "changed (undo history was cleared)."))
        return changed

    def save_over(self) -> bool:
        """Keep the window's version: write it over the one on disk."""
        self._settle_writer()
        try:
            fresh = open_packet(self.folder.path)
        except (OSError, PacketError) as exc:
            self._failed(_("Could not save {name}: {error}").format(name=self.folder.path.name, error=exc))
            return False
        self.folder.version = fresh.version
        self.folder.main_readable = fresh.main_readable
        return self.save()

    # -- the writer thread -----------------------------------------------------------------------------------
    def _write_loop(self) -> None:
        """The writer thread: write the newest packet.json until there is nothing newer, then stop. The
        compare-and-swap is made here, by `PacketFolder.write`, at the moment of writing."""
        while True:
            with self._lock:
                job, self._pending = self._pending, None
                if job is None:
                    self._writer = None
                    return
            generation, data = job
            outcome = _Outcome(generation, data=data)
            try:
                self.folder.write(data)
            except PacketChanged as exc:
                outcome = _Outcome(generation, str(exc), conflict=True)
            except OSError as exc:  # PacketFolder.write words its own; anything else still gets plain words
                outcome = _Outcome(generation, f"{os_problem(exc, self.folder.path, 'save')} ({exc.strerror})")
            except PacketError as exc:
                outcome = _Outcome(generation, str(exc))
            with self._lock:
                self._outcome = outcome
            try:
                self._written.emit()
            except RuntimeError:  # the session is gone (the app quit): the write itself is done, nothing to tell
                pass

    def _join_writer(self) -> None:
        writer = self._writer
        if writer is not None:
            writer.join()

    def _settle_writer(self) -> None:
        """Wait for the writer, and count everything it was given as reported (the caller decides what the
        window's state is now)."""
        self._join_writer()
        with self._lock:
            self._pending = None
        self._reported = self._generation

    def _apply_outcome(self) -> None:
        """On the GUI thread: what the last write means for `saved` (each outcome is applied once)."""
        with self._lock:
            outcome = self._outcome
        if outcome.generation <= self._reported:
            return
        self._reported = outcome.generation
        if outcome.conflict:
            self.saved = False
            self.saveStateChanged.emit(False)
            if self._in_command:  # the undo stack is busy with this very edit: resolve on the next turn
                if not self._conflict_queued:
                    self._conflict_queued = True
                    QTimer.singleShot(0, self, self._resolve_conflict)
            else:
                self._resolve_conflict()
        elif outcome.error:
            self._failed(_("Could not save {name}: {error}").format(name=self.folder.path.name, error=outcome.error))
        else:
            if outcome.data is not None:
                self._base = outcome.data
            if outcome.generation == self._generation:  # nothing newer was handed over since
                self._saved()

    def _resolve_conflict(self) -> None:
        self._conflict_queued = False
        if self._closed or self.read_only:
            return
        self._settle_writer()  # later writes were refused too: the combined packet is saved once
        self._combine()

    # -- internals -------------------------------------------------------------------------------------------
    def _saved(self) -> None:
        self.saved = True
        self.saveStateChanged.emit(True)

    def _failed(self, message: str) -> None:
        self.saved = False
        self.saveStateChanged.emit(False)
        self.saveFailed.emit(_("{value}. Your changes are kept in the window; fix the cause (free some disk "
                                "space, check the folder), then make any change to retry.").format(
                                 value=message.rstrip('.')))

    def _combine(self) -> None:
        """packet.json changed under the window: re-read it and re-apply the window's changes on top."""
        if self._resolving:  # changed again while the combined packet was being saved: say so, do not loop
            self._failed(_("Could not save {name}: it keeps being changed by another program").format(
                             name=self.folder.path.name))
            return
        try:
            disk = open_packet(self.folder.path)
        except (OSError, PacketError) as exc:
            self._failed(_("Could not save {name}: it was changed by another program and can no longer be read "
                            "({error})").format(name=self.folder.path.name, error=exc))
            return
        theirs = _normal(disk.packet.to_dict())
        base = self._base if isinstance(self._base, dict) else _normal_bytes(self._base)
        merged, clashes = merge_changes(base or theirs, _normal(self.packet.to_dict()), theirs)
        if clashes:
            self.saved = False
            self.saveStateChanged.emit(False)
            self.conflict.emit(_("{name} was changed by another program while it was open here, in a part you "
                                  "changed too ({value}). Keep your version (the other change is lost), or take "
                                  "the version on disk (your change is lost)?").format(
                                   name=self.folder.path.name, value=', '.join(clashes)))
            return
        merged["modified"] = disk.packet.modified
        self.folder.packet = Packet.from_dict(merged)
        self.folder.version, self.folder.main_readable = disk.version, disk.main_readable
        self._base = theirs
        self.undo_stack.clear()  # the undo steps recorded the packet before the other change
        self._resolving = True
        try:
            ok = self.save()
        finally:
            self._resolving = False
        self.changed.emit()
        if ok:
            self.notice.emit(_("{name} was changed by another program while it was open here; its changes and "
                                "yours were combined and saved (undo history was cleared).").format(
                                 name=self.folder.path.name))


def _normal(body: dict[str, Any]) -> dict[str, Any]:
    """A packet body as JSON would give it back (lists, not tuples), without the parts that are not compared."""
    d: dict[str, Any] = json.loads(json.dumps(body))
    for k in _NOT_COMPARED:
        d.pop(k, None)
    return d


def _normal_bytes(data: bytes) -> dict[str, Any] | None:
    """The packet body a packet.json written here holds, read the way the model reads it."""
    try:
        return _normal(Packet.from_dict(json.loads(data)).to_dict())
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def merge_changes(base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Three-way merge of packet bodies, part by part: a part only one side changed takes that side's value.

    Documents are only ever added, so both sides' documents are kept. Returns the merge and the parts both changed.
    """
    merged: dict[str, Any] = {}
    clashes: list[str] = []
    for key in {*base, *mine, *theirs}:
        b, m, t = base.get(key), mine.get(key), theirs.get(key)
        if key == "documents":
            merged[key] = {**(t or {}), **(m or {})}
        elif m == b or m == t:
            merged[key] = t
        elif t == b:
            merged[key] = m
        else:
            merged[key] = m
            clashes.append(key)
    return merged, sorted(clashes)
