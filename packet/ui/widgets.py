"""Small widgets and helpers the window's panels share."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from packet.core.actions import ActionError


class PlainTextField(QPlainTextEdit):
    """A multi-line text field that says when the user leaves it (then its text is committed as one edit). Tab
    moves on to the next field, as in a form, instead of typing a tab character (which nothing here prints)."""

    focusLost = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)

    # Qt API
    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focusLost.emit()


def sentence(text: str) -> str:
    """A message as a sentence: capital first letter, full stop at the end."""
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "?", "!")) else ".")


def refusal(exc: ActionError) -> str:
    """What a refused value needs, as a sentence under its field: 'Write the time as HH:MM ... 13:30.'"""
    return sentence(exc.accepted)


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A label whose mnemonic (the & letter) moves the focus to `buddy`."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def start_folder(kind: str, fallback: Path | None = None) -> str:
    """Where a file dialog for `kind` ("add", "translation", "export", "archive", "packet", "template") starts:
    the folder last used for it, else `fallback`, else the home folder."""
    value = QSettings().value(f"folders/{kind}", "")
    if isinstance(value, str) and value and Path(value).is_dir():
        return value
    return str(fallback if fallback is not None else Path.home())


def remember_folder(kind: str, chosen: str | Path) -> None:
    """Remember the folder of a file (or the folder) just chosen in a dialog for `kind`."""
    path = Path(chosen).expanduser()
    folder = path if path.is_dir() else path.parent
    if folder.is_dir():
        QSettings().setValue(f"folders/{kind}", str(folder.resolve()))
