"""The default Bates prefix: the respondent's first surname in plain capitals (NUNEZ- for José Núñez Ibáñez).

Spanish names run given names, then the paternal surname, then the maternal one, and the paternal (first)
surname is the one a case is known by; taking the last word gave IBANEZ. The name is read, in this order:
1. "Núñez Ibáñez, José": surnames before the comma (the form EOIR and the Notice to Appear use);
2. "José NÚÑEZ Ibáñez": a family name written in capitals, as forms ask for;
3. otherwise the first word is a given name, and so are the words after it that are common given names
   ("Ana María López", "José Luis ..."); of the rest, the first is the surname when one or two are left
   (paternal, maternal), the second to last when more are.
Particles belong to the surname they precede ("de la Cruz" gives DELACRUZ); "y" between two surnames is dropped.
A name with the family name first and no comma ("Nguyễn Văn An") is misread: write it "Nguyễn, Văn An".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from packet.core.model import Respondent

MAX_LETTERS = 16  # a Bates prefix is at most 24 characters; the number and the hyphen follow
FALLBACK = "EXH"
_PARTICLES = {"de", "del", "la", "las", "los", "da", "das", "do", "dos", "di", "du", "van", "von", "der", "den",
              "ten", "ter", "le", "st", "st.", "san", "santa", "bin", "ibn", "al", "el", "mac", "d'", "o'"}
_CONJUNCTIONS = {"y", "e", "i"}  # Spanish "y", Portuguese "e", Catalan "i" between two surnames
# Common given names (Spanish, Portuguese, English), so "Ana María López" keeps María among the given names.
_GIVEN = {
    "maria", "jose", "juan", "luis", "carlos", "antonio", "manuel", "jesus", "francisco", "miguel", "angel",
    "pedro", "pablo", "jorge", "alejandro", "fernando", "ricardo", "eduardo", "javier", "daniel", "david", "rafael",
    "roberto", "mario", "sergio", "alberto", "andres", "enrique", "felipe", "gabriel", "ramon", "raul", "victor",
    "hector", "oscar", "ruben", "julio", "cesar", "arturo", "alfredo", "guillermo", "gerardo", "ignacio", "joaquin",
    "diego", "santiago", "mateo", "emilio", "ernesto", "marco", "marcos", "hugo", "ivan", "adrian", "cristian",
    "christian", "edgar", "elias", "ana", "rosa", "carmen", "guadalupe", "isabel", "elena", "teresa", "alejandra",
    "fernanda", "gabriela", "patricia", "laura", "lucia", "sofia", "valentina", "camila", "daniela", "paula",
    "andrea", "veronica", "claudia", "silvia", "monica", "martha", "marta", "sandra", "diana", "adriana",
    "beatriz", "cristina", "julia", "juana", "luisa", "margarita", "mercedes", "dolores", "pilar", "rosario",
    "concepcion", "angeles", "esperanza", "gloria", "yolanda", "leticia", "lourdes", "alicia", "irma", "norma",
    "josefina", "graciela", "susana", "victoria", "ximena", "estela", "jimena", "belen", "ines", "joao", "antonia",
    "francisca", "john", "james", "michael", "robert", "william", "richard", "thomas", "mark", "paul", "peter",
    "george", "edward", "mary", "anne", "ann", "elizabeth", "jennifer", "linda", "susan", "sarah", "jessica",
    "karen", "nancy", "lisa", "emily", "grace", "rose", "lee", "lynn", "marie", "jean", "louise",
}
_TRANSLIT = {"ß": "ss", "Æ": "AE", "æ": "ae", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ł": "L", "ł": "l",
             "Œ": "OE", "œ": "oe", "Þ": "TH", "þ": "th", "ı": "i", "Ð": "D", "ð": "d", "Ħ": "H", "ħ": "h"}


def ascii_capitals(text: str) -> str:
    """'Núñez' -> 'NUNEZ', 'de la Cruz' -> 'DELACRUZ', 'Weiß' -> 'WEISS': letters and digits only."""
    text = "".join(_TRANSLIT.get(c, c) for c in text)
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^A-Z0-9]", "", plain.upper())


def _fold(word: str) -> str:
    return ascii_capitals(word).lower()


def _units(words: Sequence[str]) -> list[str]:
    """Words grouped into name parts: a particle joins the word after it; a conjunction between parts goes."""
    out: list[str] = []
    pending: list[str] = []
    for w in words:
        low = w.lower()
        if low in _CONJUNCTIONS and out and not pending:
            continue
        if low in _PARTICLES:
            pending.append(w)
            continue
        out.append(" ".join([*pending, w]))
        pending = []
    if pending:  # a name ending in a particle: keep it as a part of its own
        out.append(" ".join(pending))
    return out


def _is_capitals(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_initial(unit: str) -> bool:
    return len(ascii_capitals(unit)) == 1


def first_surname(name: str) -> str:
    """The first (paternal) surname as written in `name`: 'José Núñez Ibáñez' -> 'Núñez'; '' for no name."""
    name = " ".join(name.split())
    if not name:
        return ""
    if "," in name:
        before = _units(name.split(",")[0].split())
        if before:
            return before[0]
    words = name.split()
    capitals = [_is_capitals(w) or w.lower() in _PARTICLES for w in words]
    if any(_is_capitals(w) for w in words) and not all(_is_capitals(w) for w in words if w.lower() not in
                                                        _PARTICLES | _CONJUNCTIONS):
        start = next(i for i, w in enumerate(words) if _is_capitals(w))
        end = start
        while end < len(words) and (capitals[end] or words[end].lower() in _CONJUNCTIONS):
            end += 1
        block = _units(words[start:end])
        if block:
            return block[0]
    units = _units(words)
    if len(units) == 1:
        return units[0]
    rest = units[1:]
    while len(rest) > 1 and (_fold(rest[0]) in _GIVEN or _is_initial(rest[0]) or _given_with_particle(rest[0])):
        rest = rest[1:]
    if len(rest) <= 2:
        return rest[0]
    return rest[-2]


def _given_with_particle(unit: str) -> bool:
    """'del Carmen', 'de los Ángeles', 'de Jesús': part of a given name, not a surname."""
    words = unit.split()
    return len(words) > 1 and words[0].lower() in _PARTICLES and _fold(words[-1]) in _GIVEN


def default_bates_prefix(respondents: Sequence[Respondent] | str) -> str:
    """'NUNEZ-' from the first respondent's first surname; 'EXH-' when there is no name to use."""
    if isinstance(respondents, str):
        name = respondents
    else:
        name = next((r.name for r in respondents if r.name.strip()), "")
    letters = ascii_capitals(first_surname(name))[:MAX_LETTERS]
    return f"{letters or FALLBACK}-"
