"""Reading template files: each value checked, and a bad one refused with a `TemplateError` whose message names the
file and the field's path (`slots[2] ("kids").factor`), so callers list the others and carry on."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from typing import Any

from packet.core.factors import factor_ids
from packet.core.labels import LETTERS, STYLES
from packet.core.model import LANDSCAPE_MODES, STAMP_POSITIONS, Slot
from packet.core.receivers import DEFAULT_RECEIVER, load_receivers
from packet.core.rule_data import Source
from packet.core.template_model import (
    BATES,
    BATES_PREFIX,
    COVER_FIELDS,
    EXHIBITS,
    FILER_FIELDS,
    LEAD,
    NUMBER,
    PAGE_NUMBER_STYLES,
    SCHEMA_VERSION,
    SECTION_KINDS,
    TEMPLATE_ID,
    Filer,
    PageNumbers,
    Section,
    Template,
    TemplateError,
    default_sections,
)

_TOP = ("schema_version", "id", "name", "purpose", "notes", "document_title", "party", "cover", "sections", "slots",
        "label_style", "page_numbers", "separators", "landscape", "profile", "summary_of_equities",
        "certificate_of_service", "filer", "receiver", "posture", "one_applicant", "passport_months_beyond_stay",
        "factor_order", "requests", "sources")
_SOURCE = ("title", "section", "url", "read", "confirmed", "note")
_READ = re.compile(r"\d{4}-\d{2}-\d{2}")
_REQUIRED_TOP = ("schema_version", "id", "name", "purpose")
_SLOT = tuple(f.name for f in fields(Slot))
_SECTION = tuple(f.name for f in fields(Section))
_PAGE_NUMBERS = tuple(f.name for f in fields(PageNumbers))
_COVER = ("show", "require")


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


class TemplateReader:
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

    def choice(self, obj: dict[str, Any], key: str, where: str, default: str, allowed: tuple[str, ...],
               what: str) -> str:
        value = self.text(obj, key, where, default)
        if value not in allowed:
            raise self.fail(where, f"{_show(value)} is not {what}; use one of: {', '.join(allowed)}")
        return value

    def identifier(self, obj: dict[str, Any], key: str, where: str, required: bool = True, what: str = "id") -> str:
        value = self.text(obj, key, where, required=required)
        if value and not TEMPLATE_ID.fullmatch(value):
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
    r = TemplateReader(source)
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
        party=r.text(data, "party", "party").strip(),
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
    _read_filing(r, data, t)
    return t


def _read_filing(r: TemplateReader, data: dict[str, Any], t: Template) -> None:
    """The receiver and posture, the one-applicant and passport rules, factor order, requests and sources."""
    receivers = load_receivers()
    t.receiver = r.text(data, "receiver", "receiver", DEFAULT_RECEIVER)
    if t.receiver not in receivers.receivers:
        raise r.fail("receiver", f"{_show(t.receiver)} is not a receiver; use one of: {', '.join(receivers.receivers)}")
    receiver = receivers.receivers[t.receiver]
    t.posture = r.text(data, "posture", "posture")
    if t.posture and t.posture not in receiver.postures:
        raise r.fail("posture", f"{_show(t.posture)} is not a posture for {receiver.name}; use one of: "
                                f"{', '.join(receiver.postures)}")
    t.one_applicant = r.flag(data, "one_applicant", "one_applicant", False)
    t.passport_months_beyond_stay = r.number(data, "passport_months_beyond_stay", "passport_months_beyond_stay",
                                             0, 0, 60)
    known = factor_ids()
    for i, fid in enumerate(r.items(data, "factor_order", "factor_order")):
        if not isinstance(fid, str) or fid not in known:
            raise r.fail(f"factor_order[{i}]", f"{_show(fid)} is not a discretion factor; use one of: "
                                               f"{', '.join(known)}")
        if fid in t.factor_order:
            raise r.fail(f"factor_order[{i}]", f"lists {_show(fid)} twice")
        t.factor_order.append(fid)
    for i, text in enumerate(r.items(data, "requests", "requests")):
        if not isinstance(text, str) or not text.strip():
            raise r.fail(f"requests[{i}]", f"must be a short text saying what can be asked for, not {_show(text)}")
        t.requests.append(text.strip())
    for i, raw in enumerate(r.items(data, "sources", "sources")):
        where = f"sources[{i}]"
        obj = r.object(raw, where, _SOURCE)
        read = r.text(obj, "read", f"{where}.read", required=True)
        if not _READ.fullmatch(read):
            raise r.fail(f"{where}.read", f"{_show(read)} is not the date the source was read, written YYYY-MM-DD")
        t.sources.append(Source(r.text(obj, "title", f"{where}.title", required=True).strip(),
                                r.text(obj, "section", f"{where}.section").strip(),
                                r.text(obj, "url", f"{where}.url").strip(), read,
                                r.flag(obj, "confirmed", f"{where}.confirmed", True),
                                r.text(obj, "note", f"{where}.note")))


def _read_cover(r: TemplateReader, data: dict[str, Any], t: Template) -> None:
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


def _read_sections(r: TemplateReader, data: dict[str, Any]) -> list[Section]:
    if "sections" not in data:
        return default_sections()
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


def _read_slots(r: TemplateReader, data: dict[str, Any]) -> list[Slot]:
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
        slot = Slot(
            id=slot_id,
            title=r.text(obj, "title", f"{where}.title", required=True).strip(),
            factor=factor,
            required=r.flag(obj, "required", f"{where}.required", False),
            hint=r.text(obj, "hint", f"{where}.hint"),
            section=r.choice(obj, "section", f"{where}.section", EXHIBITS, SECTION_KINDS, "a section kind"),
            file_separately=r.flag(obj, "file_separately", f"{where}.file_separately", False),
        )
        if slot.file_separately and slot.section != LEAD:
            raise r.fail(f"{where}.file_separately", "applies to lead documents only (an exhibit is always inside "
                                                     "the packet); set \"section\": \"lead\"")
        out.append(slot)
    return out


def _read_page_numbers(r: TemplateReader, data: dict[str, Any]) -> PageNumbers:
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
    if not BATES_PREFIX.fullmatch(pn.bates_prefix):
        raise r.fail("page_numbers.bates_prefix", f"{_show(pn.bates_prefix)}: use up to 24 letters, digits, spaces, "
                                                  "'-', '_' or '.'")
    if pn.bates_prefix and pn.style != BATES:
        raise r.fail("page_numbers.bates_prefix", "is set but page_numbers.style is not \"bates\"")
    return pn
