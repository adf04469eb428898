"""One open packet in the window: its folder, its undo stack, and saving after every change.

packet.json is encoded on the GUI thread (a consistent snapshot) and written by one writer thread, so the disk
(fsync can take tens of milliseconds on a busy machine) never holds up the window. An ordinary edit waits for its
write, as before; the intake controller's merges do not wait (`edit(..., wait=False)`), so a drop of a hundred
files keeps the window answering; `flush()` waits for whatever is still being written.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from packet.core.edits import Edit
from packet.core.model import Packet
from packet.store.folder import PacketError, PacketFolder


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


class PacketSession(QObject):
    """Every edit goes through `edit()`: undoable, and saved to disk atomically at once."""

    changed = Signal()  # the packet's arrangement, cover or settings changed
    saveStateChanged = Signal(bool)  # True when what is on disk matches the packet
    saveFailed = Signal(str)
    _written = Signal()  # from the writer thread: a write finished (its outcome is in _outcome)

    def __init__(self, folder: PacketFolder, parent: QObject | None = None):
        super().__init__(parent)
        self.folder = folder
        self.undo_stack = QUndoStack(self)
        self.saved = True
        self._wait = True  # whether the change being applied waits for its write
        self._generation = 0  # of the newest packet.json handed to the writer
        self._reported = 0  # the newest outcome already applied to `saved`
        self._lock = threading.Lock()
        self._pending: tuple[int, bytes] | None = None
        self._outcome: tuple[int, str] = (0, "")  # generation written last, and its error ('' when it worked)
        self._writer: threading.Thread | None = None
        self._encoded: bytes | None = None  # packet.json as last handed to the writer
        self._written.connect(self._apply_outcome)
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
        """A packet.json handed to the writer has not been reported back yet (saveStateChanged(True) or
        saveFailed says when it is)."""
        return self._reported < self._generation

    def edit(self, text: str, change: Callable[[Packet], object], wait: bool = True, merge: int = -1) -> bool:
        """Apply a change as one undoable step; False when it changed nothing. With `wait=False` the step does
        not wait for packet.json to be written (`saved` turns True once it is). Steps given the same `merge`
        number (from `new_action()`) one after the other are one undo entry, named by the last `text`."""
        edit = Edit.capture(self.packet, text, change)
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
        self.save(wait=self._wait)

    def save(self, wait: bool = True) -> bool:
        """Hand packet.json as it is now to the writer; with `wait`, return once it is on disk (False when the
        write failed: the window keeps the changes and says so)."""
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
        writer = self._writer
        if writer is not None:
            writer.join()
        self._apply_outcome()
        return self.saved

    def _write_loop(self) -> None:
        """The writer thread: write the newest packet.json until there is nothing newer, then stop."""
        while True:
            with self._lock:
                job, self._pending = self._pending, None
                if job is None:
                    self._writer = None
                    return
            generation, data = job
            try:
                self.folder.write(data)
                error = ""
            except (OSError, PacketError) as exc:
                error = str(exc)
            with self._lock:
                self._outcome = (generation, error)
            try:
                self._written.emit()
            except RuntimeError:  # the session is gone (the app quit): the write itself is done, nothing to tell
                pass

    def _apply_outcome(self) -> None:
        """On the GUI thread: what the last write means for `saved` (each outcome is applied once)."""
        with self._lock:
            generation, error = self._outcome
        if generation <= self._reported:
            return
        self._reported = generation
        if error:
            self.saved = False
            self.saveStateChanged.emit(False)
            self.saveFailed.emit(f"Could not save {self.folder.path.name}: {error}. Your changes are kept in the "
                                 "window; free some disk space or check the folder, then make any change to retry.")
        elif generation == self._generation:  # nothing newer was handed over since
            self.saved = True
            self.saveStateChanged.emit(True)
