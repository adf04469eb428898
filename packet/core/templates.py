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
from dataclasses import asdict
from functools import lru_cache
from typing import Any

from packet.core.model import CoverSheet, Packet
from packet.core.receivers import DEFAULT_RECEIVER, load_receivers
from packet.core.resources import resource
from packet.core.template_model import (
    BATES,
    BUILTIN_ORDER,
    COVER_FIELDS,
    EXHIBITS,
    FILER_FIELDS,
    LEAD,
    NUMBER,
    PAGE_NUMBER_STYLES,
    PAGE_OF_TOTAL,
    RETIRED_TEMPLATES,
    SCHEMA_VERSION,
    SECTION_KINDS,
    TEMPLATES_FOLDER,
    Filer,
    PageNumbers,
    Section,
    Template,
    TemplateError,
    default_sections,
)
from packet.core.template_reader import TemplateReader, parse_template, parse_template_text

__all__ = [  # the public names, wherever they are defined
    "BATES", "BUILTIN_ORDER", "COVER_FIELDS", "EXHIBITS", "FILER_FIELDS", "LEAD", "NUMBER", "PAGE_NUMBER_STYLES",
    "PAGE_OF_TOTAL", "RETIRED_TEMPLATES", "SCHEMA_VERSION", "SECTION_KINDS", "TEMPLATES_FOLDER", "Filer",
    "PageNumbers", "Section", "Template", "TemplateError", "apply_template", "builtin_ids", "builtin_templates",
    "parse_template", "parse_template_text", "resolve_template_id", "template_from_packet", "template_to_dict",
    "template_to_json",
]

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
    if t.party:  # written only when set, as the filing fields below
        out["party"] = t.party
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
    # Written only when set, so a template without them still reads in a Packet that predates them.
    if t.receiver != DEFAULT_RECEIVER:
        out["receiver"] = t.receiver
    if t.posture:
        out["posture"] = t.posture
    if t.one_applicant:
        out["one_applicant"] = True
    if t.passport_months_beyond_stay:
        out["passport_months_beyond_stay"] = t.passport_months_beyond_stay
    if t.factor_order:
        out["factor_order"] = list(t.factor_order)
    if t.requests:
        out["requests"] = list(t.requests)
    if t.sources:
        out["sources"] = [{k: v for k, v in asdict(src).items() if v != "" and not (k == "confirmed" and v)}
                          for src in t.sources]
    for slot in out["slots"]:
        if not slot["file_separately"]:
            del slot["file_separately"]
    return out


def template_to_json(t: Template) -> str:
    return json.dumps(template_to_dict(t), indent=2, ensure_ascii=False) + "\n"


# -- packets and templates ---------------------------------------------------------------------------------------

# The words templates use for who the filer represents: a packet showing one of them takes the next template's.
STANDARD_PARTIES = ("Respondent", "Applicant", "Requestor")

def apply_template(packet: Packet, t: Template) -> None:
    """Give a packet the template's shape: title, slots, numbering and layout, profile, and the filer's details
    when the template carries them. Cover fields about the respondent are never touched."""
    packet.template = t.id
    if t.document_title:
        packet.cover.document_title = t.document_title
    if packet.cover.represented_party.strip() in ("", *STANDARD_PARTIES):  # the filer's own wording is kept
        packet.cover.represented_party = t.party or STANDARD_PARTIES[0]
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
    s.factor_order = list(t.factor_order)
    s.validate()
    packet.profile = t.profile
    packet.cover.receiver = t.receiver
    allowed = load_receivers().get(t.receiver).postures
    if t.posture or packet.cover.posture not in allowed:  # the template's default, or one this receiver allows
        packet.cover.posture = t.posture
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
    r = TemplateReader("the new template")
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
    sections = copy.deepcopy(base.sections) if base else default_sections()
    if not any(s.kind == EXHIBITS for s in sections):
        sections.append(Section(EXHIBITS, "Exhibits"))
    for s in sections:
        s.group_by_factor = s.kind == EXHIBITS and settings.group_index_by_factor
    receiver = packet.cover.receiver or (base.receiver if base else DEFAULT_RECEIVER)
    return Template(
        id=template_id,
        name=name.strip(),
        purpose=purpose.strip() or (base.purpose if base else f"Made from the packet shape of {packet.template}."),
        notes=base.notes if base else "",
        document_title=title,
        party=base.party if base else "",
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
        receiver=receiver if receiver in load_receivers().receivers else DEFAULT_RECEIVER,
        posture=base.posture if base and base.receiver == receiver else "",
        one_applicant=base.one_applicant if base else False,
        passport_months_beyond_stay=base.passport_months_beyond_stay if base else 0,
        factor_order=list(settings.factor_order or (base.factor_order if base else [])),
        requests=list(base.requests) if base else [],
        sources=list(base.sources) if base else [],
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


def resolve_template_id(template_id: str) -> str:
    """The id to look a packet's template up by: a retired built-in's successor, else the id itself."""
    retired = RETIRED_TEMPLATES.get(template_id)
    return retired[0] if retired else template_id

