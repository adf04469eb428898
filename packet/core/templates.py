"""Packet templates: a reusable packet shape (cover fields, sections, expected-evidence slots, numbering style,
filing profile), read from JSON with a `schema_version`.

A template file that is not valid JSON, has unknown fields, a newer schema or bad values is refused with a
`TemplateError` whose message names the file and the field; callers list the others and carry on. The built-in
templates live in `resources/templates/`; the user's own are kept by `packet.store.template_library`.

A template never carries the respondent's personal data: `template_from_packet` keeps the structure, the slot
titles, the styles and only the filer's own details (name, address, phone, email, EOIR ID).
"""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from typing import Any

from packet.core.factors import factor_ids
from packet.core.labels import LETTERS, STYLES
from packet.core.model import LANDSCAPE_MODES, STAMP_POSITIONS, CoverSheet, Packet, Slot
from packet.core.resources import resource

SCHEMA_VERSION = 1
TEMPLATES_FOLDER = "templates"

LEAD, EXHIBITS = "lead", "exhibits"
SECTION_KINDS = (LEAD, EXHIBITS)
NUMBER, PAGE_OF_TOTAL, BATES = "number", "page_of_total", "bates"
PAGE_NUMBER_STYLES = (NUMBER, PAGE_OF_TOTAL, BATES)

# Cover-sheet fields a template can show or require (the CoverSheet's own field names).
COVER_FIELDS = tuple(f.name for f in fields(CoverSheet))
# The filer's own details: the only personal details a template keeps (they are the user's, not the client's).
FILER_FIELDS = ("filer_name", "filer_address", "filer_phone", "filer_email", "eoir_id")
# Built-in templates in the order the app offers them; any other built-in file comes after, by id.
BUILTIN_ORDER = ("opla-pd-request", "eoir-close-or-dismiss", "ice-stay-of-removal", "deferred-action", "blank")

_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}")
_BATES = re.compile(r"[A-Za-z0-9 _.\-]{0,24}")


class TemplateError(Exception):
    """A template that cannot be used. The message names the file and the field, and says what to do."""

    def __init__(self, message: str, source: str = "", field: str = ""):
        super().__init__(message)
        self.source = source
        self.field = field


@dataclass
class Section:
    """A part of the packet: the lead documents (before the exhibits, not lettered) or the exhibits."""

    kind: str  # "lead" or "exhibits"
    title: str
    group_by_factor: bool = False  # exhibits only: index grouped under discretion-factor headings
    note: str = ""  # what belongs here, for the person assembling the packet


@dataclass
class PageNumbers:
    """How pages are stamped: plain numbers, "Page N of M", or Bates numbers (PREFIX-000123)."""

    style: str = NUMBER
    position: str = "bottom-center"
    start: int = 1
    font_size: float = 10.0
    bates_prefix: str = ""  # with style "bates": "" means the prefix is chosen per packet
    bates_digits: int = 6


@dataclass
class Filer:
    """The filer's own details (attorney, representative or the person filing), never the respondent's."""

    filer_name: str = ""
    filer_address: str = ""
    filer_phone: str = ""
    filer_email: str = ""
    eoir_id: str = ""

    def is_empty(self) -> bool:
        return not any(getattr(self, k) for k in FILER_FIELDS)


def _default_sections() -> list[Section]:
    return [Section(LEAD, "Lead documents"), Section(EXHIBITS, "Exhibits")]


@dataclass
class Template:
    id: str
    name: str
    purpose: str
    notes: str = ""  # where and how this kind of packet is filed
    document_title: str = ""  # "" keeps the packet's own title
    cover_show: list[str] = field(default_factory=lambda: list(COVER_FIELDS))
    cover_require: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=_default_sections)
    slots: list[Slot] = field(default_factory=list)
    label_style: str = LETTERS
    page_numbers: PageNumbers = field(default_factory=PageNumbers)
    separators: bool = True
    landscape: str = "rotate"
    profile: str = ""  # filing profile id, e.g. "eoir-ecas"
    summary_of_equities: bool = False
    certificate_of_service: bool = False
    filer: Filer = field(default_factory=Filer)
    # Where it came from: "built-in", or the file it was read from. Not part of the template itself.
    source: str = field(default="", compare=False)
    builtin: bool = field(default=False, compare=False)

    def section(self, kind: str) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)

    @property
    def required_slots(self) -> list[Slot]:
        return [s for s in self.slots if s.required]


# -- reading -----------------------------------------------------------------------------------------------------

_TOP = ("schema_version", "id", "name", "purpose", "notes", "document_title", "cover", "sections", "slots",
        "label_style", "page_numbers", "separators", "landscape", "profile", "summary_of_equities",
        "certificate_of_service", "filer")
_REQUIRED_TOP = ("schema_version", "id", "name", "purpose")
_SLOT = tuple(f.name for f in fields(Slot))
_SECTION = tuple(f.name for f in fields(Section))
_PAGE_NUMBERS = tuple(f.name for f in fields(PageNumbers))
_COVER = ("show", "require")


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


class _Reader:
    """Checks one template's values, raising TemplateError with the file and the field's path."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, problem: str) -> TemplateError:
        return TemplateError(f"{self.source}: field \"{where}\" {problem}", self.source, where)

    def object(self, value: Any, where: str, known: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"must be an object {{...}}, not {_show(value)}")
        for key in value:
            if key not in known:
                path = f"{where}.{key}" if where else key
                raise self.fail(path, f"is not a template field (known here: {', '.join(known)}). Check the "
                                      "spelling, or update Packet if a newer version made this template.")
        return value

    def text(self, obj: dict[str, Any], key: str, where: str, default: str = "", required: bool = False) -> str:
        if key not in obj:
            if required:
                raise self.fail(where, "is missing")
            return default
        value = obj[key]
        if not isinstance(value, str):
            raise self.fail(where, f"must be text in quotes, not {_show(value)}")
        if required and not value.strip():
            raise self.fail(where, "is empty")
        return value

    def flag(self, obj: dict[str, Any], key: str, where: str, default: bool) -> bool:
        value = obj.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(where, f"must be true or false, not {_show(value)}")
        return value

    def number(self, obj: dict[str, Any], key: str, where: str, default: float, low: float, high: float,
               integer: bool = True) -> Any:
        value = obj.get(key, default)
        ok = isinstance(value, int) if integer else isinstance(value, (int, float))
        if isinstance(value, bool) or not ok:
            kind = "a whole number" if integer else "a number"
            raise self.fail(where, f"must be {kind}, not {_show(value)}")
        if not low <= value <= high:
            raise self.fail(where, f"is {value}; use {low:g} to {high:g}")
        return value

    def choice(self, obj: dict[str, Any], key: str, where: str, default: str, allowed: tuple[str, ...], what: str) -> str:
        value = self.text(obj, key, where, default)
        if value not in allowed:
            raise self.fail(where, f"{_show(value)} is not {what}; use one of: {', '.join(allowed)}")
        return value

    def identifier(self, obj: dict[str, Any], key: str, where: str, required: bool = True, what: str = "id") -> str:
        value = self.text(obj, key, where, required=required)
        if value and not _ID.fullmatch(value):
            raise self.fail(where, f"{_show(value)} is not a valid {what}: use 1 to 63 lower-case letters, digits, "
                                   "'-' or '_', starting with a letter or digit")
        return value

    def items(self, obj: dict[str, Any], key: str, where: str) -> list[Any]:
        value = obj.get(key, [])
        if not isinstance(value, list):
            raise self.fail(where, f"must be a list [...], not {_show(value)}")
        return value


def parse_template_text(text: str | bytes, source: str) -> Template:
    """A template from the text of its file; invalid JSON is refused naming the file, line and column."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TemplateError(f"{source}: is not a text file in UTF-8 (byte {exc.start}); a template is a JSON "
                                "text file. Export the template again.", source) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TemplateError(f"{source}: is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). Fix "
                            "the file, or export the template again.", source, f"line {exc.lineno}") from exc
    return parse_template(data, source)


def parse_template(data: Any, source: str) -> Template:
    """Check and read a template's JSON data; `source` names the file in messages."""
    r = _Reader(source)
    if not isinstance(data, dict):
        raise TemplateError(f"{source}: is not a Packet template (the file should hold one JSON object {{...}}, "
                            f"not {_show(data)}).", source)
    if "schema_version" not in data:
        raise r.fail("schema_version", f"is missing; a Packet template starts with \"schema_version\": "
                                       f"{SCHEMA_VERSION}. Is this file a Packet template?")
    version = data["schema_version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise r.fail("schema_version", f"must be a whole number from 1, not {_show(version)}")
    if version > SCHEMA_VERSION:
        raise r.fail("schema_version", f"is {version}: the template was made by a newer version of Packet (this "
                                       f"version reads up to {SCHEMA_VERSION}). Update Packet to use it.")
    r.object(data, "", _TOP)
    for key in _REQUIRED_TOP:
        if key not in data:
            raise r.fail(key, "is missing; every template has " + ", ".join(_REQUIRED_TOP))

    t = Template(
        id=r.identifier(data, "id", "id"),
        name=r.text(data, "name", "name", required=True).strip(),
        purpose=r.text(data, "purpose", "purpose", required=True).strip(),
        notes=r.text(data, "notes", "notes"),
        document_title=r.text(data, "document_title", "document_title").strip(),
        label_style=r.choice(data, "label_style", "label_style", LETTERS, STYLES, "a label style"),
        separators=r.flag(data, "separators", "separators", True),
        landscape=r.choice(data, "landscape", "landscape", "rotate", LANDSCAPE_MODES, "a landscape mode"),
        profile=r.identifier(data, "profile", "profile", required=False, what="filing profile id"),
        summary_of_equities=r.flag(data, "summary_of_equities", "summary_of_equities", False),
        certificate_of_service=r.flag(data, "certificate_of_service", "certificate_of_service", False),
        source=source,
    )
    _read_cover(r, data, t)
    t.sections = _read_sections(r, data)
    t.slots = _read_slots(r, data)
    t.page_numbers = _read_page_numbers(r, data)
    if "filer" in data:
        obj = r.object(data["filer"], "filer", FILER_FIELDS)
        t.filer = Filer(**{k: r.text(obj, k, f"filer.{k}") for k in FILER_FIELDS})
    return t


def _read_cover(r: _Reader, data: dict[str, Any], t: Template) -> None:
    if "cover" not in data:
        return
    cover = r.object(data["cover"], "cover", _COVER)
    for key in _COVER:
        if key not in cover:
            continue
        names: list[str] = []
        for i, name in enumerate(r.items(cover, key, f"cover.{key}")):
            where = f"cover.{key}[{i}]"
            if not isinstance(name, str) or name not in COVER_FIELDS:
                raise r.fail(where, f"{_show(name)} is not a cover-sheet field; use one of: {', '.join(COVER_FIELDS)}")
            if name in names:
                raise r.fail(where, f"lists {_show(name)} twice")
            names.append(name)
        setattr(t, f"cover_{key}", names)
    for i, name in enumerate(t.cover_require):
        if name not in t.cover_show:
            raise r.fail(f"cover.require[{i}]", f"{_show(name)} is required but not shown; add it to cover.show")


def _read_sections(r: _Reader, data: dict[str, Any]) -> list[Section]:
    if "sections" not in data:
        return _default_sections()
    out: list[Section] = []
    for i, raw in enumerate(r.items(data, "sections", "sections")):
        where = f"sections[{i}]"
        obj = r.object(raw, where, _SECTION)
        kind = r.choice(obj, "kind", f"{where}.kind", "", SECTION_KINDS, "a section kind")
        if any(s.kind == kind for s in out):
            raise r.fail(f"{where}.kind", f"{_show(kind)} appears twice; a packet has one section of each kind")
        group = r.flag(obj, "group_by_factor", f"{where}.group_by_factor", False)
        if group and kind != EXHIBITS:
            raise r.fail(f"{where}.group_by_factor", "applies to the exhibits section only")
        out.append(Section(kind, r.text(obj, "title", f"{where}.title", required=True).strip(), group,
                           r.text(obj, "note", f"{where}.note")))
    if not any(s.kind == EXHIBITS for s in out):
        raise r.fail("sections", "has no \"exhibits\" section; every packet has one")
    return out


def _read_slots(r: _Reader, data: dict[str, Any]) -> list[Slot]:
    known_factors = factor_ids()
    out: list[Slot] = []
    for i, raw in enumerate(r.items(data, "slots", "slots")):
        where = f"slots[{i}]"
        obj = r.object(raw, where, _SLOT)
        slot_id = r.identifier(obj, "id", f"{where}.id", what="slot id")
        where = f"slots[{i}] (\"{slot_id}\")"
        if any(s.id == slot_id for s in out):
            raise r.fail(f"slots[{i}].id", f"{_show(slot_id)} is used by another slot too; give each slot its own id")
        factor = r.text(obj, "factor", f"{where}.factor")
        if factor and factor not in known_factors:
            raise r.fail(f"{where}.factor", f"{_show(factor)} is not a discretion factor; use one of: "
                                            f"{', '.join(known_factors)} (or leave it out)")
        out.append(Slot(
            id=slot_id,
            title=r.text(obj, "title", f"{where}.title", required=True).strip(),
            factor=factor,
            required=r.flag(obj, "required", f"{where}.required", False),
            hint=r.text(obj, "hint", f"{where}.hint"),
            section=r.choice(obj, "section", f"{where}.section", EXHIBITS, SECTION_KINDS, "a section kind"),
        ))
    return out


def _read_page_numbers(r: _Reader, data: dict[str, Any]) -> PageNumbers:
    if "page_numbers" not in data:
        return PageNumbers()
    obj = r.object(data["page_numbers"], "page_numbers", _PAGE_NUMBERS)
    pn = PageNumbers(
        style=r.choice(obj, "style", "page_numbers.style", NUMBER, PAGE_NUMBER_STYLES, "a page-number style"),
        position=r.choice(obj, "position", "page_numbers.position", "bottom-center", STAMP_POSITIONS,
                          "a stamp position"),
        start=r.number(obj, "start", "page_numbers.start", 1, 1, 999_999),
        font_size=float(r.number(obj, "font_size", "page_numbers.font_size", 10.0, 5, 24, integer=False)),
        bates_prefix=r.text(obj, "bates_prefix", "page_numbers.bates_prefix"),
        bates_digits=r.number(obj, "bates_digits", "page_numbers.bates_digits", 6, 1, 12),
    )
    if not _BATES.fullmatch(pn.bates_prefix):
        raise r.fail("page_numbers.bates_prefix", f"{_show(pn.bates_prefix)}: use up to 24 letters, digits, spaces, "
                                                  "'-', '_' or '.'")
    if pn.bates_prefix and pn.style != BATES:
        raise r.fail("page_numbers.bates_prefix", "is set but page_numbers.style is not \"bates\"")
    return pn


# -- writing -----------------------------------------------------------------------------------------------------

def template_to_dict(t: Template) -> dict[str, Any]:
    """The template's JSON data, in the order a person reading the file expects."""
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "id": t.id,
        "name": t.name,
        "purpose": t.purpose,
    }
    if t.notes:
        out["notes"] = t.notes
    out["document_title"] = t.document_title
    out["cover"] = {"show": list(t.cover_show), "require": list(t.cover_require)}
    out["sections"] = []
    for s in t.sections:
        d: dict[str, Any] = {"kind": s.kind, "title": s.title}
        if s.kind == EXHIBITS:
            d["group_by_factor"] = s.group_by_factor
        if s.note:
            d["note"] = s.note
        out["sections"].append(d)
    out["slots"] = [asdict(s) for s in t.slots]
    out["label_style"] = t.label_style
    out["page_numbers"] = asdict(t.page_numbers)
    out["separators"] = t.separators
    out["landscape"] = t.landscape
    out["profile"] = t.profile
    out["summary_of_equities"] = t.summary_of_equities
    out["certificate_of_service"] = t.certificate_of_service
    if not t.filer.is_empty():
        out["filer"] = asdict(t.filer)
    return out


def template_to_json(t: Template) -> str:
    return json.dumps(template_to_dict(t), indent=2, ensure_ascii=False) + "\n"


# -- packets and templates ---------------------------------------------------------------------------------------

def apply_template(packet: Packet, t: Template) -> None:
    """Give a packet the template's shape: title, slots, numbering and layout, profile, and the filer's details
    when the template carries them. Cover fields about the respondent are never touched."""
    packet.template = t.id
    if t.document_title:
        packet.cover.document_title = t.document_title
    packet.slots = copy.deepcopy(t.slots)
    slot_ids = {s.id for s in packet.slots}
    for e in packet.items():  # an exhibit keeps its slot only if the new template has one of that id
        if e.slot and e.slot not in slot_ids:
            e.slot = ""
    s = packet.settings
    pn = t.page_numbers
    s.label_style = t.label_style
    s.stamp_position = pn.position
    s.stamp_font_size = pn.font_size
    s.start_number = pn.start
    s.page_of_total = pn.style == PAGE_OF_TOTAL
    s.bates_prefix = pn.bates_prefix if pn.style == BATES else ""
    s.bates_digits = pn.bates_digits
    s.separators = t.separators
    s.landscape = t.landscape
    exhibits = t.section(EXHIBITS)
    s.group_index_by_factor = bool(exhibits and exhibits.group_by_factor)
    s.summary_of_equities = t.summary_of_equities
    s.certificate_of_service = t.certificate_of_service
    s.validate()
    packet.profile = t.profile
    for key in FILER_FIELDS:
        value = getattr(t.filer, key)
        if value:
            setattr(packet.cover, key, value)


def template_from_packet(packet: Packet, template_id: str, name: str, purpose: str = "",
                         base: Template | None = None) -> Template:
    """A template with the packet's shape, for the next packet of the same kind.

    Kept: the slots (titles, factors, hints), label and page-number style, layout, profile, the summary and
    certificate choices, the document title, and the filer's own details. `base` (the template the packet was made
    from, if known) supplies what a packet does not record: the cover fields shown and required, section titles,
    notes.

    Never kept: respondents and A-numbers, detained, hearing date and time, judge, exhibits and documents, the
    translator and the service details, and the packet's name (usually the client's). The court is left out too:
    it names the venue, not the person, but together with a hearing it can identify a case, and it changes from
    one client to the next. A document title or Bates prefix that contains a respondent's name or A-number is
    replaced by the base template's (or left empty).
    """
    r = _Reader("the new template")
    r.identifier({"id": template_id}, "id", "id")
    if not name.strip():
        raise r.fail("name", "is empty; give the template a name")
    settings = packet.settings
    if settings.bates_prefix:
        style = BATES
    elif settings.page_of_total:
        style = PAGE_OF_TOTAL
    else:
        style = NUMBER
    personal = _personal_words(packet)
    prefix = settings.bates_prefix if not _mentions(settings.bates_prefix, personal) else ""
    title = packet.cover.document_title
    if _mentions(title, personal):
        title = base.document_title if base else CoverSheet().document_title
    sections = copy.deepcopy(base.sections) if base else _default_sections()
    if not any(s.kind == EXHIBITS for s in sections):
        sections.append(Section(EXHIBITS, "Exhibits"))
    for s in sections:
        s.group_by_factor = s.kind == EXHIBITS and settings.group_index_by_factor
    return Template(
        id=template_id,
        name=name.strip(),
        purpose=purpose.strip() or (base.purpose if base else f"Made from the packet shape of {packet.template}."),
        notes=base.notes if base else "",
        document_title=title,
        cover_show=list(base.cover_show) if base else list(COVER_FIELDS),
        cover_require=list(base.cover_require) if base else [],
        sections=sections,
        slots=copy.deepcopy(packet.slots),
        label_style=settings.label_style,
        page_numbers=PageNumbers(style=style, position=settings.stamp_position, start=int(settings.start_number),
                                 font_size=float(settings.stamp_font_size), bates_prefix=prefix,
                                 bates_digits=int(settings.bates_digits)),
        separators=settings.separators,
        landscape=settings.landscape,
        profile=packet.profile,
        summary_of_equities=settings.summary_of_equities,
        certificate_of_service=settings.certificate_of_service,
        filer=Filer(**{k: getattr(packet.cover, k) for k in FILER_FIELDS}),
    )


# Particles in names that are also ordinary words; a title containing "de" does not name anyone.
_PARTICLES = {"de", "del", "la", "las", "los", "el", "y", "e", "da", "das", "do", "dos", "di", "du", "van", "von",
              "der", "den", "le", "bin", "al", "of", "the", "and"}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[^0-9a-z]+", _fold(text)) if w}


def _personal_words(packet: Packet) -> set[str]:
    out: set[str] = set()
    for r in packet.cover.respondents:
        out |= {w for w in _words(r.name) if len(w) >= 2 and w not in _PARTICLES}
        digits = re.sub(r"\D", "", r.a_number)
        if digits:
            out.add(digits)
    return out


def _mentions(text: str, personal: set[str]) -> bool:
    if not text or not personal:
        return False
    words = _words(text)
    digits = re.sub(r"\D", "", text)
    return bool(words & personal) or any(p.isdigit() and p in digits for p in personal)


# -- built-in templates ------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _builtin_cache() -> tuple[tuple[Template, ...], tuple[str, ...]]:
    templates: list[Template] = []
    problems: list[str] = []
    folder = resource(TEMPLATES_FOLDER)
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    for path in files:
        source = f"built-in template {path.name}"
        try:
            t = parse_template_text(path.read_bytes(), source)
        except TemplateError as exc:
            problems.append(str(exc))
            continue
        except OSError as exc:
            problems.append(f"{source}: cannot be read ({exc.strerror or exc}); reinstall Packet.")
            continue
        if any(o.id == t.id for o in templates):
            problems.append(f"{source}: field \"id\" {t.id!r} is used by another built-in template")
            continue
        t.source, t.builtin = "built-in", True
        templates.append(t)
    order = {tid: i for i, tid in enumerate(BUILTIN_ORDER)}
    templates.sort(key=lambda t: (order.get(t.id, len(order)), t.id))
    return tuple(templates), tuple(problems)


def builtin_templates() -> tuple[list[Template], list[str]]:
    """(the built-in templates, messages for any that could not be read). Copies: callers may change them."""
    templates, problems = _builtin_cache()
    return copy.deepcopy(list(templates)), list(problems)


def builtin_ids() -> set[str]:
    return {t.id for t in _builtin_cache()[0]}

