"""One open packet in the window: its folder, its undo stack, its lock, and saving after every change.

The session holds the packet's lock from open to close, so the command line waits (and then says the window has
the packet) instead of writing under it. A packet another program holds opens read-only: nothing can change and
nothing is saved. If packet.json still changes under the window (a program that ignores the lock, an editor), the
save is a compare-and-swap: the other change and the window's are combined when they touch different parts;
otherwise the user chooses which to keep.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from packet.core.edits import Edit
from packet.core.model import Packet
from packet.core.titles import TitleTooLong
from packet.store.errors import os_problem
from packet.store.folder import PacketChanged, PacketError, PacketFolder, open_packet

WINDOW_PROGRAM = "the Packet window"
_NOT_COMPARED = ("modified",)


class _EditCommand(QUndoCommand):
    def __init__(self, session: PacketSession, edit: Edit):
        super().__init__(edit.text)
        self.session = session
        self.edit = edit

    # Qt API
    def redo(self) -> None:
        self.edit.apply(self.session.packet)
        self.session._changed()

    def undo(self) -> None:
        self.edit.revert(self.session.packet)
        self.session._changed()


class PacketSession(QObject):
    """Every edit goes through `edit()`: undoable, and saved to disk atomically at once."""

    changed = Signal()  # the packet's arrangement, cover or settings changed
    saveStateChanged = Signal(bool)  # True when what is on disk matches the packet
    saveFailed = Signal(str)
    conflict = Signal(str)  # packet.json changed on disk in a part the window changed too: ask the user
    notice = Signal(str)  # something the user should know that is not a failure
    refused = Signal(str)  # an edit a rule refused (a title too long), with the reason

    def __init__(self, folder: PacketFolder, parent: QObject | None = None, read_only: bool = False,
                 lock_wait: float = 1.0):
        """Takes the packet's lock (LockError when another program holds it), unless `read_only`."""
        super().__init__(parent)
        self.folder = folder
        self.read_only = read_only
        if not read_only:
            folder.take_lock(WINDOW_PROGRAM, wait=lock_wait)
        self.undo_stack = QUndoStack(self)
        self.saved = True
        self._base = self._state()

    @property
    def packet(self) -> Packet:
        return self.folder.packet

    def close(self) -> None:
        """Let other programs write the packet again."""
        self.folder.release_lock()

    def edit(self, text: str, change: Callable[[Packet], None]) -> bool:
        """Apply a change as one undoable step; False when it changed nothing (or the packet is read-only)."""
        if self.read_only:
            self.saveFailed.emit(f"{self.folder.path.name} is open read-only (another program had it when it was "
                                 "opened), so it cannot be changed here. Close it there, then open it again.")
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
        self.undo_stack.push(_EditCommand(self, edit))  # push() calls redo(), which re-applies the same state
        return True

    def save(self) -> bool:
        if self.read_only:
            return False
        try:
            self.folder.save()
        except PacketChanged:
            return self._combine()
        except OSError as exc:  # PacketFolder.save words its own; anything else still gets plain words
            self._failed(f"Could not save {self.folder.path.name}: {os_problem(exc, self.folder.path, 'save')} "
                         f"({exc.strerror})")
            return False
        except PacketError as exc:
            self._failed(f"Could not save {self.folder.path.name}: {exc}")
            return False
        self._saved()
        return True

    def reload_from_disk(self) -> None:
        """Take the version on disk (the other program's); the window's unsaved change and undo history go."""
        self.folder.reload()
        self.undo_stack.clear()
        self._saved()
        self.changed.emit()

    def save_over(self) -> bool:
        """Keep the window's version: write it over the one on disk."""
        try:
            fresh = open_packet(self.folder.path)
        except (OSError, PacketError) as exc:
            self._failed(f"Could not save {self.folder.path.name}: {exc}")
            return False
        self.folder.version = fresh.version
        self.folder.main_readable = fresh.main_readable
        return self.save()

    # -- internals -------------------------------------------------------------------------------------------
    def _state(self) -> dict[str, Any]:
        d = self.packet.to_dict()
        for k in _NOT_COMPARED:
            d.pop(k, None)
        return d

    def _saved(self) -> None:
        self.saved = True
        self._base = self._state()
        self.saveStateChanged.emit(True)

    def _failed(self, message: str) -> None:
        self.saved = False
        self.saveStateChanged.emit(False)
        self.saveFailed.emit(f"{message}. Your changes are kept in the window; fix the cause (free some disk "
                             "space, check the folder), then make any change to retry.")

    def _combine(self) -> bool:
        """packet.json changed under the window: re-read it and re-apply the window's changes on top."""
        try:
            disk = open_packet(self.folder.path)
        except (OSError, PacketError) as exc:
            self._failed(f"Could not save {self.folder.path.name}: it was changed by another program and can no "
                         f"longer be read ({exc})")
            return False
        theirs = disk.packet.to_dict()
        merged, clashes = merge_changes(self._base, self._state(), theirs)
        if clashes:
            self.saved = False
            self.saveStateChanged.emit(False)
            self.conflict.emit(f"{self.folder.path.name} was changed by another program while it was open here, in "
                               f"a part you changed too ({', '.join(clashes)}). Keep your version (the other "
                               "change is lost), or take the version on disk (your change is lost)?")
            return False
        merged["modified"] = theirs.get("modified", "")
        self.folder.packet = Packet.from_dict(merged)
        self.folder.version, self.folder.main_readable = disk.version, disk.main_readable
        self.undo_stack.clear()  # the undo steps recorded the packet before the other change
        try:
            self.folder.save()
        except (OSError, PacketError) as exc:
            self._failed(f"Could not save {self.folder.path.name}: {exc}")
            return False
        self._saved()
        self.changed.emit()
        self.notice.emit(f"{self.folder.path.name} was changed by another program while it was open here; its "
                         "changes and yours were combined and saved (undo history was cleared).")
        return True

    def _changed(self) -> None:
        self.saved = False
        self.saveStateChanged.emit(False)
        self.changed.emit()
        self.save()


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
