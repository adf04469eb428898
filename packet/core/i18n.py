"""The interface language: one gettext catalogue for every layer (core, store, export's messages, CLI, window).

Messages are marked where they are written: `_("...")` translates now, `ngettext(singular, plural, n)` picks the
plural form the language has ("1 anexo", "3 anexos"), `N_("...")` only marks a string defined at import time (a
table of labels) that is translated where it is shown, with `_(value)`. Placeholders are named `{fields}` filled by
`str.format` after translating, so a translation may put them in another order; sentences are never built from
translated fragments.

The filing itself is never translated: the export draws its pages from unmarked English strings and data, whatever
the interface language (see `export/generated.py`), because the receiving offices require English.

The language is chosen once per process by `set_language` (the CLI's `--lang`, the window's Help > Language); the
default comes from `PACKET_LANG`, else the C library's locale variables (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`,
`LANG`). `set_language` also sets `PACKET_LANG`, so the worker processes Packet spawns (intake, the export) speak
the same language as the program that started them. The catalogue is `resources/locale/<lang>/LC_MESSAGES/
packet.mo`, compiled from the `.po` beside it (`make i18n`); Babel is needed only to make it, never at run time.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

from packet.core.resources import resources_dir

DOMAIN = "packet"
SOURCE_LANGUAGE = "en"
# The languages the interface has, by code, each named in its own language (Help > Language lists these).
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_translations: gettext.NullTranslations = gettext.NullTranslations()
_current = SOURCE_LANGUAGE
_explicit: str | None = None  # the language asked for by name (--lang, PACKET_LANG), not only by the locale


def locale_dir() -> Path:
    return resources_dir() / "locale"


def normalise(code: str | None) -> str | None:
    """'es', 'es_MX.UTF-8', 'es-419', 'Spanish' -> 'es'; 'C', 'POSIX' and languages Packet does not have -> None."""
    if not code:
        return None
    word = code.strip().split(":")[0].split(".")[0].split("@")[0].replace("-", "_").lower()
    base = word.split("_")[0]
    if base in LANGUAGES:
        return base
    by_name = {name.lower(): c for c, name in LANGUAGES.items()} | {"spanish": "es", "english": "en"}
    return by_name.get(word)


def system_language(environ: dict[str, str] | None = None) -> str:
    """The language the environment asks for: PACKET_LANG, else the first locale variable set (as gettext reads
    them), else English. A language Packet has no catalogue for falls back to English."""
    env = os.environ if environ is None else environ
    explicit = normalise(env.get("PACKET_LANG"))
    if explicit:
        return explicit
    for name in LOCALE_VARIABLES:
        value = env.get(name)
        if value:
            for part in value.split(":"):  # LANGUAGE may list several, in order of preference
                found = normalise(part)
                if found:
                    return found
            return SOURCE_LANGUAGE  # the first variable set decides, as in gettext
    return SOURCE_LANGUAGE


def set_language(code: str | None) -> str:
    """Use `code`'s catalogue from now on (None or an unknown code: the environment's language); returns the code
    in use. English is the source: it needs no catalogue."""
    global _translations, _current, _explicit
    _explicit = normalise(code) or _explicit
    chosen = normalise(code) or system_language()
    if chosen == SOURCE_LANGUAGE:
        _translations = gettext.NullTranslations()
    else:
        _translations = gettext.translation(DOMAIN, localedir=str(locale_dir()), languages=[chosen], fallback=True)
        if not isinstance(_translations, gettext.GNUTranslations):
            chosen = SOURCE_LANGUAGE  # the catalogue is missing from this installation: English, never a crash
    _current = chosen
    os.environ["PACKET_LANG"] = chosen  # spawned workers (intake, export) inherit it
    return chosen


def current_language() -> str:
    return _current


def explicit_language() -> str | None:
    """The language asked for by name (`--lang`, `PACKET_LANG` when the process started), or None when only the
    locale decides: the window then prefers the user's Help > Language choice to the locale."""
    return _explicit


def _(message: str) -> str:
    """`message` in the interface language (itself when the catalogue has no entry for it)."""
    return _translations.gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message that fits the number `n`, in the interface language."""
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it now: it is translated where it is shown."""
    return message


def _initial() -> None:
    """Every process starts in the language of its environment (a spawned worker inherits PACKET_LANG)."""
    global _translations, _current, _explicit
    _explicit = normalise(os.environ.get("PACKET_LANG"))
    chosen = system_language()
    if chosen != SOURCE_LANGUAGE:
        found = gettext.translation(DOMAIN, localedir=str(locale_dir()), languages=[chosen], fallback=True)
        if isinstance(found, gettext.GNUTranslations):
            _translations, _current = found, chosen


_initial()
