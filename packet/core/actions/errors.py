"""The one error every user action raises when its input is not accepted."""

from __future__ import annotations


class ActionError(ValueError):
    """A user action refused its input. The message names the field, the bad value and what is accepted:
    `hearing_time '99:99': write the time as HH:MM on a 24-hour clock, for example 13:30`."""

    def __init__(self, field: str, value: object, accepted: str, message: str = "") -> None:
        self.field = field
        self.value = value
        self.accepted = accepted
        super().__init__(message or f"{field} {value!r}: {accepted}")


class TitleTooLong(ActionError):
    """A title longer than the index can show sensibly; the message says how long it is and what to do (the value
    itself, which may be 100,000 characters, is not repeated)."""
