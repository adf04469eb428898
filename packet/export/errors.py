"""What an export can end with besides a file: a refusal that says why and what to do, or the user's cancel."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int, str], None]


class ExportError(Exception):
    """The export could not be made; the message says why and what to do. No file was left behind."""


class ExportCancelled(ExportError):
    pass


CANCELLED = "Export cancelled; no file was written."
