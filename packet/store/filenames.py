"""File names as people read them, whatever bytes the disk holds.

A name that is not valid UTF-8 (a Latin-1 `José.pdf` from an old Windows share or a zip) reaches Python with
surrogate escapes (`Jos\\udce9.pdf`), which cannot be written to packet.json, printed or drawn on a page. Packet
shows such a name decoded as Windows-1252 (which covers Latin-1) when that works, else with replacement
characters, and keeps the name's original bytes beside it. Control characters (which could move a terminal's
cursor or fake a line of output) are shown as replacement characters too.
"""

from __future__ import annotations

import os
import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
REPLACEMENT = "\ufffd"


def is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def display_name(name: str) -> str:
    """A readable, printable form of a file name (or path) as the OS gave it."""
    if not is_utf8(name):
        raw = os.fsencode(name)
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                name = raw.decode("cp1252")
            except UnicodeDecodeError:
                name = raw.decode("utf-8", "replace")
    return _CONTROL.sub(REPLACEMENT, name)


def original_bytes_hex(name: str) -> str:
    """The name's bytes in hex when its display form differs from them ("" for ordinary names)."""
    if is_utf8(name) and not _CONTROL.search(name):
        return ""
    return os.fsencode(name).hex()
