"""One open packet in the window: its folder, its undo stack, and saving after every change."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from packet.core.edits import Edit
from packet.core.model import Packet
from packet.export.tempfiles import remove_stale_temps
from packet.store.folder import PacketError, PacketFolder


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

    def __init__(self, folder: PacketFolder, parent: QObject | None = None):
        super().__init__(parent)
        self.folder = folder
        self.undo_stack = QUndoStack(self)
        self.saved = True
        remove_stale_temps(folder.path.parent)  # a killed export's private files, beside the packet by default

    @property
    def packet(self) -> Packet:
        return self.folder.packet

    def edit(self, text: str, change: Callable[[Packet], None]) -> bool:
        """Apply a change as one undoable step; False when it changed nothing."""
        edit = Edit.capture(self.packet, text, change)
        if edit is None:
            return False
        self.undo_stack.push(_EditCommand(self, edit))  # push() calls redo(), which re-applies the same state
        return True

    def save(self) -> bool:
        try:
            self.folder.save()
        except (OSError, PacketError) as exc:
            self.saved = False
            self.saveStateChanged.emit(False)
            self.saveFailed.emit(f"Could not save {self.folder.path.name}: {exc}. Your changes are kept in the "
                                 "window; free some disk space or check the folder, then make any change to retry.")
            return False
        self.saved = True
        self.saveStateChanged.emit(True)
        return True

    def _changed(self) -> None:
        self.saved = False
        self.saveStateChanged.emit(False)
        self.changed.emit()
        self.save()
