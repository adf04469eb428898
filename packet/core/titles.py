"""A tidy exhibit title from a file name: 'birth_cert-ana_lopez.pdf' -> 'Birth cert ana lopez'."""

from __future__ import annotations

import re
from pathlib import PurePath


def title_from_filename(name: str) -> str:
    stem = PurePath(name).stem
    text = re.sub(r"[_\s]+", " ", stem)
    text = re.sub(r"(?<=[A-Za-z0-9])-(?=[A-Za-z])|(?<=[A-Za-z])-(?=[0-9])", " ", text)  # keep 2021-03-04 whole
    text = re.sub(r"\s+", " ", text).strip(" .-")
    if not text:
        return "Untitled document"
    if text.islower():
        text = text[0].upper() + text[1:]
    return text
