"""A tidy exhibit title from a file name: 'birth_cert-ana_lopez.pdf' -> 'Birth cert ana lopez'.

A name typed all in small letters gets its first letter capitalised and the usual acronyms of these filings in
capitals ('us_constitution.pdf' -> 'US constitution', 'irs-transcript' -> 'IRS transcript'); a name with capitals
of its own keeps them as they are ('McAllen police clearance').
"""

from __future__ import annotations

import re
from pathlib import PurePath

# Words that are acronyms in the names of immigration evidence (agencies, documents, places); only a name typed all
# in small letters has them raised, so a word the user wrote ("Us", "Id") is never changed.
ACRONYMS = frozenset({
    "us", "usa", "uscis", "ice", "irs", "dhs", "eoir", "ero", "opla", "bia", "cbp", "fbi", "ssa", "ssn", "itin",
    "dmv", "id", "ead", "tps", "daca", "nta", "lpr", "orr", "hhs", "dol", "doj", "ged", "esl", "hiv", "er",
    "ny", "nyc", "nj", "ca", "tx", "fl", "il", "pa", "ma", "dc",
})


def _is_form_code(text: str, hyphen: int) -> bool:
    """Is the word before this hyphen a form's letters (I, W, G, DS, EOIR), as in I-130 or W-2?"""
    word = re.search(r"[A-Za-z]+$", text[:hyphen])
    return word is not None and word.group(0).isupper() and len(word.group(0)) <= 4


def title_from_filename(name: str) -> str:
    stem = PurePath(name).stem
    text = re.sub(r"[_\s]+", " ", stem)
    # Hyphens between words become spaces; form numbers (I-130, W-2, DS-160) and dates (2021-03-04) keep theirs.
    text = re.sub(r"(?<=[A-Za-z0-9])-(?=[A-Za-z])", " ", text)
    text = re.sub(r"(?<=[A-Za-z])-(?=[0-9])", lambda m: "-" if _is_form_code(text, m.start()) else " ", text)
    text = re.sub(r"\s+", " ", text).strip(" .-")
    if not text:
        return "Untitled document"
    if text.islower():
        words = [w.upper() if w in ACRONYMS else w for w in text.split(" ")]
        text = " ".join(words)
        text = text[0].upper() + text[1:]
    return text


# An index row has room for about 90 characters a line; 300 is three to four lines, more than any title needs
# (details belong in the exhibit's description). The rule is applied by `actions.check_title`, which every action
# that sets a title calls (rename, add_item, the cover's document_title), so the command line and the window give
# the same message.
MAX_TITLE_CHARS = 300
