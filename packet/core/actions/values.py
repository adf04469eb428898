"""Checks of the values people type: dates, times, A-numbers, yes/no, whole numbers, titles.

Each returns the value as the packet stores it, or raises ActionError naming the field. The command line and the
window both go through these, so both accept and refuse exactly the same text.
"""

from __future__ import annotations

import re
from datetime import date

from packet.core.actions.errors import ActionError, TitleTooLong
from packet.core.anumber import ANumberError, format_a_number
from packet.core.i18n import N_, _
from packet.core.titles import MAX_TITLE_CHARS

DATE_FORMAT = N_("write the date as YYYY-MM-DD, for example 2027-01-15")
TIME_FORMAT = N_("write the time as HH:MM on a 24-hour clock, for example 13:30")
PAGE_LIST_FORMAT = N_("write pages as numbers and ranges, for example 1-3,5")
TURN_FORMAT = N_("write PAGE:DEGREES, for example 2:90,4:180 (clockwise; 270 or -90 turns left)")
TITLE_LIMIT = N_("up to {n} characters (about four lines of the index); shorten it, and put the details in the "
                 "description")
YES = ("1", "yes", "true", "on", "y")
NO = ("0", "no", "false", "off", "n", "")


def parse_date(field: str, text: str) -> str:
    """An ISO date (YYYY-MM-DD), or '' for none."""
    value = text.strip()
    if not value:
        return ""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        date.fromisoformat(value)
    except ValueError:
        raise ActionError(field, text, _(DATE_FORMAT)) from None
    return value


def parse_time(field: str, text: str) -> str:
    """A 24-hour time as HH:MM ('9:30' becomes '09:30'), or '' for none."""
    value = text.strip()
    if not value:
        return ""
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        raise ActionError(field, text, _(TIME_FORMAT))
    return f"{int(m[1]):02d}:{m[2]}"


def parse_a_number(field: str, text: str) -> str:
    """An A-number written as courts write it (A-123-456-789), or '' for none."""
    value = text.strip()
    if not value:
        return ""
    try:
        return format_a_number(value)
    except ANumberError as exc:
        reason = str(exc).removeprefix(f"{value!r} ")
        raise ActionError(field, text, reason) from None


def parse_bool(field: str, text: str | bool) -> bool:
    if isinstance(text, bool):
        return text
    value = text.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise ActionError(field, text, _("use yes or no"))


def parse_int(field: str, text: str | int) -> int:
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    try:
        return int(str(text).strip())
    except ValueError:
        raise ActionError(field, text, _("use a whole number")) from None


def parse_number(field: str, text: str | float) -> float:
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    try:
        return float(str(text).strip())
    except ValueError:
        raise ActionError(field, text, _("use a number")) from None


def one_of(field: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ActionError(field, value, _("use one of: {choices}").format(choices=", ".join(choices)))
    return value


def parse_page_list(field: str, text: str) -> list[int]:
    """Pages written as a user writes them, '1-3,5' (or '5,1-3': the order is kept), as 1-based numbers."""
    out: list[int] = []
    words = [w.strip() for w in text.replace(" ", "").split(",")]
    if not text.strip() or not all(words):
        raise ActionError(field, text, _(PAGE_LIST_FORMAT))
    for w in words:
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", w)
        if not m:
            raise ActionError(field, text, _(PAGE_LIST_FORMAT))
        first, last = int(m[1]), int(m[2] or m[1])
        if first < 1 or last < 1:
            raise ActionError(field, text, _("pages are counted from 1"))
        if last - first > 100_000 or first - last > 100_000:
            raise ActionError(field, text, _("that range is longer than any document"))
        out.extend(range(first, last + 1) if last >= first else range(first, last - 1, -1))
    return out


def parse_page_turns(field: str, text: str) -> dict[int, int]:
    """Turns written as '2:90,4:180' (page:degrees clockwise; '2-4:90' turns a range) as {page: degrees}."""
    out: dict[int, int] = {}
    if not text.strip():
        raise ActionError(field, text, _(TURN_FORMAT))
    for w in text.replace(" ", "").split(","):
        pages, sep, degrees = w.rpartition(":")
        if not sep or not re.fullmatch(r"-?\d+", degrees):
            raise ActionError(field, text, _(TURN_FORMAT))
        turn = int(degrees) % 360
        if turn not in (0, 90, 180, 270):
            raise ActionError(field, text, _("turn a page by 0, 90, 180 or 270 degrees clockwise (-90 is 270)"))
        for p in parse_page_list(field, pages):
            out[p] = turn
    return out


def check_title(title: str, what: str = N_("The exhibit's title")) -> str:
    """The title, stripped; TitleTooLong when it is over MAX_TITLE_CHARS characters. `what` names the field in
    the message ('--title', 'document_title')."""
    value = title.strip()
    if len(value) > MAX_TITLE_CHARS:
        raise TitleTooLong(what, f"{value[:40]}…", _(TITLE_LIMIT).format(n=MAX_TITLE_CHARS), message=_(
            "{what} is {length} characters long; it can be up to {n} (about four lines of the index). Shorten it, "
            "and put the details in the description.").format(what=_(what), length=f"{len(value):,}",
                                                               n=MAX_TITLE_CHARS))

    return value
