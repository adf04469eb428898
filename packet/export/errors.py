"""What an export can end with besides a file: a refusal that says why and what to do, or the user's cancel."""

from __future__ import annotations

from collections.abc import Callable

from packet.core.i18n import N_

Progress = Callable[[int, int, str], None]


class ExportError(Exception):
    """The export could not be made; the message says why and what to do. No file was left behind."""


class ExportCancelled(ExportError):
    pass


CANCELLED = N_("Export cancelled; no file was written.")
