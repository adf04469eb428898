"""Which language a page's text is in, offline: the script first (by Unicode block), then stop words.

Documents not in English need an English translation in court filings, so the readiness check asks: is this
document mostly not English, and in what language? Scripts other than Latin say it at once (Chinese, Arabic,
Cyrillic, Devanagari, Japanese kana, Korean Hangul). Latin-script text is judged by counting the small words every
sentence has (articles, prepositions, pronouns), which differ between English, Spanish, Portuguese, French and
Haitian Creole, with the letters only one of them uses (ñ, ã, è...) as a tie-breaker. Too few words say nothing:
a page of numbers, a stamp or a signature is "unknown", never a guess.

The names returned are what a user types in the exhibit's language field ("Spanish"; English is "English").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from packet.core.i18n import N_

ENGLISH = "English"
UNKNOWN = ""
MIN_WORDS = 6  # fewer words than this is not enough to tell a language
MIN_HITS = 3  # stop words needed before a Latin-script language is named
SCRIPT_SHARE = 0.3  # letters of one non-Latin script above this share name the language
MOSTLY = 0.5  # a document is "mostly not English" when more than this share of its words is another language

# Unicode blocks of scripts that name a language (Cyrillic as Russian, the most common in immigration files).
SCRIPTS: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = (
    ("Chinese", ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF), (0x20000, 0x2A6DF))),
    ("Japanese", ((0x3040, 0x30FF),)),
    ("Korean", ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F))),
    ("Arabic", ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))),
    ("Russian", ((0x0400, 0x04FF), (0x0500, 0x052F))),
    ("Hindi", ((0x0900, 0x097F),)),
)

# The names a finding shows ("Tab C looks like Spanish"), marked for the catalogue and translated where shown.
LANGUAGE_NAMES = (N_("Chinese"), N_("Japanese"), N_("Korean"), N_("Arabic"), N_("Russian"), N_("Hindi"),
                  N_("Spanish"), N_("Portuguese"), N_("French"), N_("Haitian Creole"), N_("English"))

STOP_WORDS: dict[str, frozenset[str]] = {
    ENGLISH: frozenset(
        "the and of to in is that for it with as was on be by this are have has from at not or his her he she "
        "they we you an which been will would their there our who were had its my your than also any all".split()),
    "Spanish": frozenset(
        "el la los las de del que y en un una por con para es su sus se no al lo como más pero fue ha este esta "
        "desde hija hijo años ante le les muy sin sobre entre cuando también donde quien hasta nos ni ya a".split()),
    "Portuguese": frozenset(
        "o os a as de do da dos das que e em no na nos nas um uma por com para é não se ao seu sua mais foi está "
        "também são pelo pela ele ela eles muito sem sobre entre quando onde quem até já isso".split()),
    "French": frozenset(
        "le la les des et est une un du que qui dans pour pas sur avec ce il elle nous vous je au aux son sa ses "
        "été être avoir mais où très cette sont leur par plus ont ne tout".split()),
    "Haitian Creole": frozenset(
        "mwen ou li nou yo se nan pou ak sa ki pa te gen konnen tout bay fè lè kote sou men paske kapab ap pral "
        "yon moun anpil tankou toujou kounye a epi tou byen fanmi".split()),
}
# Letters that only one of the Latin-script languages above uses; each found counts as one stop word.
MARK_LETTERS: dict[str, str] = {"Spanish": "ñ¿¡", "Portuguese": "ãõ", "French": "œûë", "Haitian Creole": "ò"}

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class Detected:
    """The language of a text, how sure, and how many words it was judged on."""

    language: str  # "English", "Spanish", ... or UNKNOWN
    confidence: float  # 0-1: the winner's share of the evidence
    words: int
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def known(self) -> bool:
        return self.language != UNKNOWN


@dataclass(frozen=True)
class DocumentLanguage:
    """A document's language over its pages: the main language other than English, if it is mostly not English."""

    language: str  # the language most of its words are in, or UNKNOWN
    not_english_share: float  # share of the words on pages in a known language that are not English
    pages: tuple[Detected, ...]

    @property
    def mostly_not_english(self) -> bool:
        return self.language not in (ENGLISH, UNKNOWN) and self.not_english_share > MOSTLY


def detect_language(text: str) -> Detected:
    """The language of one page's text (embedded or recognised). Kept per text: the readiness check asks again for
    every page each time it runs (in the window, while OCR adds pages), and the answer never changes."""
    return _detect_language(text or "")


@lru_cache(maxsize=8192)
def _detect_language(text: str) -> Detected:
    text = unicodedata.normalize("NFC", text)
    by_script = _script_counts(text)
    letters = sum(by_script.values())
    if letters == 0:
        return Detected(UNKNOWN, 0.0, 0)
    script, count = max(by_script.items(), key=lambda kv: kv[1])
    if script != "Latin" and count / letters >= SCRIPT_SHARE:
        n = max(1, count // 2) if script in ("Chinese", "Japanese") else len(text.split())
        return Detected(script, round(count / letters, 3), n, {script: float(count)})
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < MIN_WORDS:
        return Detected(UNKNOWN, 0.0, len(words))
    scores: dict[str, float] = {}
    for language, stops in STOP_WORDS.items():
        scores[language] = float(sum(1 for w in words if w in stops))
    lowered = text.lower()
    for language, marks in MARK_LETTERS.items():
        scores[language] += sum(lowered.count(m) for m in marks)
    best = max(scores, key=lambda k: scores[k])
    total = sum(scores.values())
    if scores[best] < MIN_HITS or total == 0:
        return Detected(UNKNOWN, 0.0, len(words), scores)
    runner_up = max(v for k, v in scores.items() if k != best)
    if runner_up == scores[best]:
        return Detected(UNKNOWN, 0.0, len(words), scores)
    return Detected(best, round(scores[best] / total, 3), len(words), scores)


def document_language(page_texts: Sequence[str]) -> DocumentLanguage:
    """The language of a document from its pages' texts, each page weighted by its words."""
    pages = tuple(detect_language(t) for t in page_texts)
    weight: dict[str, int] = {}
    for p in pages:
        if p.known:
            weight[p.language] = weight.get(p.language, 0) + p.words
    total = sum(weight.values())
    if not total:
        return DocumentLanguage(UNKNOWN, 0.0, pages)
    other = {k: v for k, v in weight.items() if k != ENGLISH}
    share = sum(other.values()) / total
    main = max(other, key=lambda k: other[k]) if other and share > MOSTLY else max(weight, key=lambda k: weight[k])
    return DocumentLanguage(main, round(share, 3), pages)


def _script_counts(text: str) -> dict[str, int]:
    latin = _LATIN_LETTERS.findall(text)  # most text is Latin: counted by one regex, the rest letter by letter
    counts: dict[str, int] = {"Latin": sum(map(len, latin))} if latin else {}
    for ch in _LATIN_LETTERS.sub("", text):
        if not ch.isalpha():
            continue
        code = ord(ch)
        name = "Latin" if code < 0x0250 or 0x1E00 <= code <= 0x1EFF else _script_of(code)
        if name:
            counts[name] = counts.get(name, 0) + 1
    return counts


# Letters below U+0250 (Basic Latin to IPA) and Latin Extended Additional, as the loop below counts them
_LATIN_LETTERS = re.compile("[A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+")


def _script_of(code: int) -> str:
    for name, blocks in SCRIPTS:
        if any(lo <= code <= hi for lo, hi in blocks):
            return name
    return "Other"
