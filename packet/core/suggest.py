"""What a paralegal would type for an exhibit, suggested from its text: the kind, a title, a date, the factor.

The rules are data (`resources/recognise/kinds.json`: English and Spanish phrases per kind, its factor, title and
date; `dates.json`: month names and how ranges are joined). A kind is suggested only when a phrase that names the
document itself is found ("acta de nacimiento", "earnings statement"); words such documents usually hold add to
its score. Nothing here changes an exhibit: the window and `packet add --suggest` show the suggestion, and the
user's accepting it is an ordinary, undoable edit.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from packet.core.language import ENGLISH, UNKNOWN, detect_language
from packet.core.resources import resource

STRONG_POINTS, WEAK_POINTS = 3, 1
FULL_SCORE = 9  # points at which a suggestion's score reaches 1.0
RANGE_GAP = 40  # characters at most between the two dates of a range, joiner included
CUE_REACH = 80  # characters after a date cue within which the date it introduces is looked for
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")


class RulesError(Exception):
    """A rules file in resources/recognise is wrong; the message names the file and the field."""


@dataclass(frozen=True)
class Kind:
    id: str
    name: str
    factor: str
    date: str  # "single", "range" or "tax_year"
    title: str
    strong: dict[str, tuple[str, ...]]  # language code -> phrases
    weak: dict[str, tuple[str, ...]]
    date_cues: tuple[str, ...] = ()
    factor_by_language: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Rules:
    kinds: tuple[Kind, ...]
    months: dict[str, int]  # every language's month names and abbreviations, lowercase
    joiners: tuple[str, ...]
    years: tuple[int, int]


@dataclass(frozen=True)
class FoundDate:
    value: date
    start: int
    end: int


@dataclass(frozen=True)
class Suggestion:
    """One suggestion for an exhibit; `date` is ISO (2014-03-15), a range "2014-06-01 to 2015-05-31", or a year."""

    kind: str
    kind_name: str
    title: str
    date: str
    factor: str
    score: float  # 0-1
    evidence: tuple[str, ...]  # the phrases found, strongest first


def suggest(text: str, rules: Rules | None = None) -> list[Suggestion]:
    """Suggestions for a document's text, best first; [] when no kind is named in it. With the bundled rules the
    answer is kept per text (the inspector asks again at each selection, the window while OCR adds pages)."""
    if rules is None:
        return list(_suggest_with_bundled_rules(text))
    return _suggest(text, rules)


@lru_cache(maxsize=256)
def _suggest_with_bundled_rules(text: str) -> tuple[Suggestion, ...]:
    return tuple(_suggest(text, load_rules()))


def _suggest(text: str, rules: Rules) -> list[Suggestion]:
    norm = _normalise(text)
    plain = _strip_accents(norm)
    language = detect_language(text).language
    day_first = language not in (ENGLISH, UNKNOWN)
    dates = find_dates(norm, rules, day_first)
    out = []
    for kind in rules.kinds:
        strong = _found(kind.strong, norm, plain)
        if not strong:
            continue
        weak = _found(kind.weak, norm, plain)
        points = STRONG_POINTS * len(strong) + WEAK_POINTS * len(weak)
        factor = dict(kind.factor_by_language).get(strong[0][1], kind.factor)
        when, title = _date_and_title(kind, norm, dates, rules, strong[0][0])
        out.append(Suggestion(kind.id, kind.name, title, when, factor, round(min(1.0, points / FULL_SCORE), 2),
                              tuple(p for p, _ in strong) + tuple(p for p, _ in weak)))
    out.sort(key=lambda s: -s.score)
    return out


def find_dates(text: str, rules: Rules, day_first: bool = False) -> list[FoundDate]:
    """Every date written out in the text, in order: "15 de marzo de 2014", "March 15, 2014", "03/15/2014"."""
    found: dict[int, FoundDate] = {}
    for pattern, order in _date_patterns(tuple(rules.months)):
        for m in pattern.finditer(text):
            if any(f.start <= m.start() < f.end for f in found.values()):
                continue
            value = _to_date(m.groups(), order, rules, day_first)
            if value is not None:
                found[m.start()] = FoundDate(value, m.start(), m.end())
    return [found[k] for k in sorted(found)]


@lru_cache(maxsize=8)
def _date_patterns(month_names: tuple[str, ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The date patterns for these month names, compiled once (a month name must start a word: a fast scan)."""
    months = "|".join(sorted((re.escape(m) for m in month_names), key=len, reverse=True))
    patterns = [
        (rf"\b(\d{{1,2}})\s+de\s+({months})\.?\s+(?:de|del)\s+(\d{{4}})\b", "dmy"),
        (rf"\b({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", "mdy"),
        (rf"\b(\d{{1,2}})\s+({months})\.?,?\s+(\d{{4}})\b", "dmy"),
        (r"\b(\d{4})-(\d{2})-(\d{2})\b", "iso"),
        (r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b", "num"),
    ]
    return tuple((re.compile(p, re.IGNORECASE), order) for p, order in patterns)


def _to_date(groups: tuple[str, ...], order: str, rules: Rules, day_first: bool) -> date | None:
    try:
        if order == "dmy":
            d, mo, y = int(groups[0]), rules.months[groups[1].lower()], int(groups[2])
        elif order == "mdy":
            mo, d, y = rules.months[groups[0].lower()], int(groups[1]), int(groups[2])
        elif order == "iso":
            y, mo, d = (int(g) for g in groups)
        else:
            a, b, y = (int(g) for g in groups)
            d, mo = (a, b) if (day_first or a > 12) and b <= 12 else (b, a)
        if not rules.years[0] <= y <= rules.years[1]:
            return None
        return date(y, mo, d)
    except (ValueError, KeyError):
        return None


def _date_and_title(kind: Kind, text: str, dates: list[FoundDate], rules: Rules, phrase: str) -> tuple[str, str]:
    fields = {"month_year": "", "year": "", "years": "", "date": ""}
    when = ""
    if kind.date == "tax_year":
        year = _tax_year(text, rules, phrase)
        if year:
            when = fields["year"] = fields["years"] = str(year)
    elif kind.date == "range":
        pair = _range(text, dates, rules, kind.date_cues)
        if pair:
            first, last = pair
            when = f"{first.isoformat()} to {last.isoformat()}"
            fields["years"] = str(first.year) if first.year == last.year else f"{first.year}-{last.year}"
            fields["month_year"] = f"{MONTH_NAMES[last.month - 1]} {last.year}"
            fields["date"] = _long(last)
    else:
        one = _cued(text, dates, kind.date_cues) or (dates[0].value if dates else None)
        if one:
            when = one.isoformat()
            fields.update(date=_long(one), month_year=f"{MONTH_NAMES[one.month - 1]} {one.year}",
                          year=str(one.year), years=str(one.year))
    title = kind.title.format(**fields)
    return when, re.sub(r"[,\s]+$", "", title)  # "Pay stub, " without a date is "Pay stub"


def _range(text: str, dates: list[FoundDate], rules: Rules, cues: tuple[str, ...]) -> tuple[date, date] | None:
    """Two dates joined as a period ("03/01/2024 - 03/15/2024", "June 1, 2014 to May 31, 2015"); the one after a
    cue ("pay period") first."""
    pairs = []
    for a, b in zip(dates, dates[1:], strict=False):
        between = re.sub(r"[\s:,]+", " ", text[a.end : b.start]).strip().lower()
        between = re.sub(r"^(?:and |y )", "", between)
        between = re.sub(r" (?:on|el|the)$", "", between)
        if b.start - a.end <= RANGE_GAP and (between in rules.joiners or between == "") and a.value <= b.value:
            pairs.append((a, b))
    if not pairs:
        return None
    for a, b in pairs:
        if any(cue in text[max(0, a.start - CUE_REACH) : a.start] for cue in cues):
            return a.value, b.value
    return pairs[0][0].value, pairs[0][1].value


def _cued(text: str, dates: list[FoundDate], cues: tuple[str, ...]) -> date | None:
    """The first date within CUE_REACH characters after one of the cues ("date of birth", "nació el")."""
    for cue in cues:
        for m in re.finditer(re.escape(cue), text):
            for d in dates:
                if m.end() <= d.start <= m.end() + CUE_REACH:
                    return d.value
    return None


def _tax_year(text: str, rules: Rules, phrase: str) -> int | None:
    """The year a tax form covers: the year right after its name, else the most frequent year in it."""
    at = text.find(phrase)
    if at >= 0:
        near = re.search(r"\b(19\d\d|20\d\d)\b", text[at : at + len(phrase) + 40])
        if near:
            return int(near.group(1))
    years = [int(y) for y in re.findall(r"\b(19\d\d|20\d\d)\b", text) if rules.years[0] <= int(y) <= rules.years[1]]
    if not years:
        return None
    counts = Counter(years)
    return max(counts, key=lambda y: (counts[y], y))


def _found(phrases: dict[str, tuple[str, ...]], norm: str, plain: str) -> list[tuple[str, str]]:
    """(phrase, language) for each phrase in the text, with or without its accents (OCR sometimes drops them)."""
    out = []
    seen: set[str] = set()
    for language, items in phrases.items():
        for phrase in items:
            key = _strip_accents(phrase)
            if key in seen:
                continue
            if _has(norm, phrase) or _has(plain, key):
                out.append((phrase, language))
                seen.add(key)
    return out


def _has(text: str, phrase: str) -> bool:
    if phrase not in text:  # most phrases are not there: a substring test first, the word-bounded search after
        return False
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).lower()


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFD", text))


# The combining marks NFD separates from Latin, Greek and Cyrillic letters (accents, tildes, cedillas)
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _long(d: date) -> str:
    return f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}"


# -- the rules -------------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def load_rules(folder: Path | None = None) -> Rules:
    """The rules in resources/recognise (or `folder`), checked; RulesError names the file and field if wrong."""
    folder = folder or resource("recognise")
    kinds_doc = _read(folder / "kinds.json")
    dates_doc = _read(folder / "dates.json")
    kinds = []
    for i, k in enumerate(kinds_doc.get("kinds") or []):
        where = f"{folder / 'kinds.json'}: kinds[{i}]"
        try:
            kind = Kind(
                id=str(k["id"]), name=str(k["name"]), factor=str(k["factor"]), date=str(k["date"]),
                title=str(k["title"]),
                strong={str(lang): tuple(str(p).lower() for p in v) for lang, v in k["strong"].items()},
                weak={str(lang): tuple(str(p).lower() for p in v) for lang, v in k.get("weak", {}).items()},
                date_cues=tuple(str(c).lower() for c in k.get("date_cues", [])),
                factor_by_language=tuple((str(a), str(b)) for a, b in k.get("factor_by_language", {}).items()),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise RulesError(f"{where}: missing or malformed field {exc}") from exc
        if kind.date not in ("single", "range", "tax_year"):
            raise RulesError(f"{where} ({kind.id}).date {kind.date!r}: use single, range or tax_year")
        kinds.append(kind)
    months: dict[str, int] = {}
    for names in (dates_doc.get("months") or {}).values():
        months.update({str(n).lower(): int(v) for n, v in names.items()})
    low, high = dates_doc.get("years", [1900, 2100])
    return Rules(tuple(kinds), months, tuple(str(j).lower() for j in dates_doc.get("range_joiners", [])),
                 (int(low), int(high)))


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RulesError(f"{path}: cannot be read ({exc}); reinstall Packet") from exc
    if not isinstance(data, dict):
        raise RulesError(f"{path}: not a rules file")
    return data
