"""Alien registration numbers (A-numbers): 8 or 9 digits, written A-123-456-789."""

from __future__ import annotations

import re
import unicodedata

from packet.core.i18n import _

_STRIP = re.compile(r"[\s\-.\u2010-\u2015\u2212]")  # spaces, dots, hyphens and the dashes word processors use


class ANumberError(ValueError):
    """An A-number that cannot be right; the message says why in plain words."""


def normalise_a_number(text: str) -> str:
    """Digits of an A-number, padded to 9 (an 8-digit number gets a leading 0).

    Accepts 'A123456789', 'A-123-456-789', '123 456 789', 'a 12345678'.
    """
    # full-width and Arabic-Indic digits become 0-9, so the cover page prints plain digits
    raw = "".join(str(unicodedata.decimal(c, c)) for c in _STRIP.sub("", text or ""))
    if raw[:1] in ("A", "a"):
        raw = raw[1:]
    if not raw:
        raise ANumberError(_("the A-number is empty; it has 8 or 9 digits, like A-123-456-789"))
    if not (raw.isascii() and raw.isdigit()):
        raise ANumberError(_("{text!r} is not an A-number: only digits may follow the A (like A-123-456-789)").format(
            text=text))
    if len(raw) not in (8, 9):
        raise ANumberError(_("{text!r} has {n} digits; an A-number has 8 or 9 (like A-123-456-789)").format(
            text=text, n=len(raw)))
    if int(raw) == 0:
        raise ANumberError(_("{text!r} is all zeros; check the number on the Notice to Appear").format(text=text))

    return raw.zfill(9)


def format_a_number(text: str) -> str:
    """The A-number in the form courts use: A-123-456-789 (8-digit numbers get a leading zero)."""
    d = normalise_a_number(text)
    return f"A-{d[0:3]}-{d[3:6]}-{d[6:9]}"


def is_valid_a_number(text: str) -> bool:
    try:
        normalise_a_number(text)
    except ANumberError:
        return False
    return True
