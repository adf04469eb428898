"""Window shortcuts that work while a text field has the focus.

A text field claims some keys before the window's shortcuts see them (Qt's "shortcut override"): on Linux a
QLineEdit takes Ctrl+E (end of line, an Emacs habit of X11's key bindings), so Ctrl+E (Export PDF…) did nothing
while the search or title field had the focus; and a field takes Ctrl+Z even when it has nothing of its own to
undo, so the last packet edit could not be undone from there. This filter decides instead: keys a field edits
or moves with (arrows, Home/End, Delete, Backspace, copy/paste, select all) stay the field's; Undo and Redo are the
field's while it has something to undo or redo; any other key the window has a shortcut for is the window's.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

SK = QKeySequence.StandardKey
FIELD_KEYS = {  # keys a text field edits or moves with: always the field's
    Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End,
    Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Insert,
    Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab,
}
FIELD_SEQUENCES = (SK.Copy, SK.Cut, SK.Paste, SK.SelectAll)


def _undo_state(field: QWidget) -> tuple[bool, bool]:
    """(can undo, can redo) in the field itself."""
    if isinstance(field, QLineEdit):
        return field.isUndoAvailable(), field.isRedoAvailable()
    if isinstance(field, (QPlainTextEdit, QTextEdit)):
        doc = field.document()
        return doc.isUndoAvailable() and not field.isReadOnly(), doc.isRedoAvailable() and not field.isReadOnly()
    if isinstance(field, QAbstractSpinBox):
        edit = field.lineEdit()
        return (edit.isUndoAvailable(), edit.isRedoAvailable()) if edit is not None else (False, False)
    return True, True


def is_text_field(widget: QObject | None) -> bool:
    return isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox))


class WindowKeys(QObject):
    """Installed on the application for one window: settles who gets a key pressed in one of its text fields."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def window_sequences(self) -> set[str]:
        return {s.toString() for a in self.window.actions() if a.isEnabled() for s in a.shortcuts()}

    def field_gives_way(self, field: QWidget, event: QKeyEvent) -> bool:
        """True when the key should go to the window's shortcut rather than to the text field."""
        key = Qt.Key(event.key())
        if key in FIELD_KEYS or any(event.matches(s) for s in FIELD_SEQUENCES):
            return False
        undo, redo = _undo_state(field)
        if event.matches(SK.Undo):
            return not undo
        if event.matches(SK.Redo):
            return not redo
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if not mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier |
                       Qt.KeyboardModifier.MetaModifier) and not Qt.Key.Key_F1 <= key <= Qt.Key.Key_F35:
            return False  # typing: letters, digits, shifted characters are the field's
        pressed = QKeySequence(event.keyCombination()).toString()
        return pressed in self.window_sequences()

    # Qt API
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if not is_text_field(watched) or not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        if self.field_gives_way(watched, event):
            event.ignore()
            return True  # the field never sees it, so the window's shortcut runs
        return False
