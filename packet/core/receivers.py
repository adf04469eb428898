"""Receivers and postures (resources/receivers.json): what the office a packet goes to expects on its cover.

A receiver is the immigration court, the Board, an ICE OPLA field location (Office of the Chief Counsel), an ICE
ERO field office or USCIS. Its data says the heading lines, the caption style ("court", "board", or a letter-style
"letter" first page with To: and Re: lines), which postures apply ("In removal proceedings", "Post-order", "Not in
removal proceedings"), whether a certificate of service is customary, and for emailed receivers the subject and
body of the email. The functions here turn that data and the case's fields into text; drawing it is export's job.

Placeholders in the data ({office}, {names}, ...) are filled from `CaseFields`; a line or segment whose
placeholders are all empty is left out, so a packet without a hearing date gets no "Next hearing:" line.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from packet.core.anumber import ANumberError, format_a_number
from packet.core.model import CoverSheet
from packet.core.resources import resource
from packet.core.rule_data import DataReader, RuleDataError, Source, read_rule_file

SCHEMA_VERSION = 1
COURT, BOARD, LETTER = "court", "board", "letter"
CAPTIONS = (COURT, BOARD, LETTER)
DELIVERIES = ("ecas", "paper", "email", "in_person", "mail")
DEFAULT_RECEIVER = "immigration-court"
PLACEHOLDERS = ("office", "names", "a_numbers", "respondents", "detained", "hearing", "hearing_type", "requested",
                "document_title", "posture", "stay_until", "filer_name", "filer_phone", "filer_email",
                "attachments", "attachment_count")
_MULTILINE = ("respondents", "attachments")  # expand to one line per respondent / attachment


class ReceiverError(RuleDataError):
    pass


@dataclass(frozen=True)
class Posture:
    id: str
    phrase: str
    meaning: str = ""


@dataclass(frozen=True)
class ReLine:
    label: str
    value: str  # with placeholders


@dataclass(frozen=True)
class Receiver:
    id: str
    name: str
    caption: str  # court, board, letter
    heading: tuple[str, ...]
    office_label: str
    postures: tuple[str, ...]
    default_posture: str
    certificate_of_service: bool
    delivery: str
    sources: tuple[Source, ...]
    office_prefixes: tuple[str, ...] = ()
    deadlines: str = ""  # id of the deadline rules (resources/deadlines/) that apply, "" for none
    to: tuple[str, ...] = ()  # letter: the addressee lines
    re: tuple[ReLine, ...] = ()  # letter: the Re: block
    email_subject: tuple[str, ...] = ()  # segments joined by " - "
    email_body: tuple[str, ...] = ()

    @property
    def emailed(self) -> bool:
        return self.delivery == "email"


@dataclass(frozen=True)
class Receivers:
    postures: dict[str, Posture]
    receivers: dict[str, Receiver]

    def get(self, receiver_id: str) -> Receiver:
        """The receiver, "" meaning the immigration court; an unknown id is a KeyError naming the known ones."""
        rid = receiver_id or DEFAULT_RECEIVER
        if rid not in self.receivers:
            raise KeyError(f"unknown receiver {rid!r}; known receivers: {', '.join(self.receivers)}")
        return self.receivers[rid]


@dataclass(frozen=True)
class Attachment:
    """One file sent with an email: its name and size in bytes."""

    name: str
    size: int
    pages: int = 0


@dataclass(frozen=True)
class CaseFields:
    """The case's details the receiver texts are filled from (see `case_fields`)."""

    respondents: tuple[tuple[str, str], ...] = ()  # (name, A-number written A-123-456-789 when it is valid)
    office: str = ""
    detained: bool = False
    hearing: str = ""  # "March 17, 2027 (individual hearing)"
    hearing_type: str = ""
    requested: str = ""
    document_title: str = ""
    posture: str = ""  # the phrase
    stay_until: str = ""
    filer_name: str = ""
    filer_phone: str = ""
    filer_email: str = ""
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)


# -- reading -----------------------------------------------------------------------------------------------------

_TOP = ("schema_version", "about", "postures", "receivers")
_RECEIVER = ("id", "name", "caption", "heading", "office_label", "office_prefixes", "postures", "default_posture",
             "certificate_of_service", "deadlines", "delivery", "to", "re", "email", "sources")
_FORMATTER = string.Formatter()


def _check_placeholders(r: DataReader, text: str, where: str) -> None:
    try:
        names = [name for _, name, _, _ in _FORMATTER.parse(text) if name is not None]
    except ValueError as exc:
        raise r.fail(where, f"{text!r} has a broken placeholder ({exc}); write placeholders like {{office}}") from None
    for name in names:
        if name not in PLACEHOLDERS:
            raise r.fail(where, f"uses the unknown placeholder {{{name}}}; known: "
                                + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS))


def _lines(r: DataReader, obj: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    out = r.texts(obj, key, where)
    for i, line in enumerate(out):
        _check_placeholders(r, line, f"{where}[{i}]")
    return out


def parse_receivers(data: object, source: str) -> Receivers:
    r = ReceiverReader(source)
    obj = r.object(data, "", _TOP, ("schema_version", "postures", "receivers"))
    version = r.whole(obj, "schema_version", "schema_version", 1, 1_000)
    if version > SCHEMA_VERSION:
        raise r.fail("schema_version", f"is {version}: written by a newer Packet (this one reads up to "
                                       f"{SCHEMA_VERSION}); update Packet")
    postures: dict[str, Posture] = {}
    for i, raw in enumerate(r.items(obj, "postures", "postures", required=True)):
        p = r.object(raw, f"postures[{i}]", ("id", "phrase", "meaning"), ("id", "phrase"))
        pid = r.text(p, "id", f"postures[{i}].id", required=True)
        if pid in postures:
            raise r.fail(f"postures[{i}].id", f"{pid!r} is used twice")
        postures[pid] = Posture(pid, r.text(p, "phrase", f"postures[{i}].phrase", required=True),
                                r.text(p, "meaning", f"postures[{i}].meaning"))
    receivers: dict[str, Receiver] = {}
    for i, raw in enumerate(r.items(obj, "receivers", "receivers", required=True)):
        rec = _read_receiver(r, raw, i, postures)
        if rec.id in receivers:
            raise r.fail(f"receivers[{i}].id", f"{rec.id!r} is used by another receiver too")
        receivers[rec.id] = rec
    if DEFAULT_RECEIVER not in receivers:
        raise r.fail("receivers", f"has no {DEFAULT_RECEIVER!r} receiver (the default)")
    return Receivers(postures, receivers)


class ReceiverReader(DataReader):
    def fail(self, where: str, problem: str) -> ReceiverError:
        return ReceiverError(f"{self.source}: field \"{where}\" {problem}", self.source, where)


def _read_receiver(r: DataReader, raw: object, i: int, postures: dict[str, Posture]) -> Receiver:
    o = r.object(raw, f"receivers[{i}]", _RECEIVER, ("id", "name", "caption", "heading", "postures",
                                                     "default_posture", "delivery", "sources"))
    rid = r.text(o, "id", f"receivers[{i}].id", required=True)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", rid):
        raise r.fail(f"receivers[{i}].id", f"{rid!r}: use lower-case letters, digits and '-'")
    w = f"receivers[{i}] (\"{rid}\")"
    caption = r.choice(o, "caption", f"{w}.caption", CAPTIONS)
    allowed = r.texts(o, "postures", f"{w}.postures")
    for k, pid in enumerate(allowed):
        if pid not in postures:
            raise r.fail(f"{w}.postures[{k}]", f"{pid!r} is not a posture; use one of: {', '.join(postures)}")
    default = r.text(o, "default_posture", f"{w}.default_posture", required=True)
    if default not in allowed:
        raise r.fail(f"{w}.default_posture", f"{default!r} is not one of this receiver's postures "
                                             f"({', '.join(allowed)})")
    re_lines: list[ReLine] = []
    for k, line in enumerate(r.items(o, "re", f"{w}.re")):
        lo = r.object(line, f"{w}.re[{k}]", ("label", "value"), ("label", "value"))
        value = r.text(lo, "value", f"{w}.re[{k}].value", required=True)
        _check_placeholders(r, value, f"{w}.re[{k}].value")
        re_lines.append(ReLine(r.text(lo, "label", f"{w}.re[{k}].label", required=True), value))
    to = _lines(r, o, "to", f"{w}.to")
    if caption == LETTER and not (to and re_lines):
        raise r.fail(f"{w}.to", "and \"re\" are needed for a letter-style first page")
    delivery = r.choice(o, "delivery", f"{w}.delivery", DELIVERIES)
    subject: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    if "email" in o:
        e = r.object(o["email"], f"{w}.email", ("subject", "body"), ("subject", "body"))
        subject, body = _lines(r, e, "subject", f"{w}.email.subject"), _lines(r, e, "body", f"{w}.email.body")
    if delivery == "email" and not subject:
        raise r.fail(f"{w}.email", "is missing; a receiver reached by email needs the email's subject and body")
    sources = tuple(r.source_of({"source": s}, f"{w}.sources[{k}]")
                    for k, s in enumerate(r.items(o, "sources", f"{w}.sources", required=True)))
    if not sources:
        raise r.fail(f"{w}.sources", "is empty; say where the receiver's requirements come from")
    return Receiver(
        id=rid, name=r.text(o, "name", f"{w}.name", required=True), caption=caption,
        heading=_lines(r, o, "heading", f"{w}.heading"), office_label=r.text(o, "office_label", f"{w}.office_label"),
        postures=allowed, default_posture=default,
        certificate_of_service=r.flag(o, "certificate_of_service", f"{w}.certificate_of_service", False),
        delivery=delivery, sources=sources, office_prefixes=r.texts(o, "office_prefixes", f"{w}.office_prefixes"),
        deadlines=r.text(o, "deadlines", f"{w}.deadlines"), to=to, re=tuple(re_lines), email_subject=subject,
        email_body=body,
    )


@lru_cache(maxsize=1)
def load_receivers() -> Receivers:
    """The built-in receivers (resources/receivers.json)."""
    return parse_receivers(read_rule_file(resource("receivers.json"), "receivers.json"), "receivers.json")


def receiver_ids() -> tuple[str, ...]:
    return tuple(load_receivers().receivers)


# -- the texts ---------------------------------------------------------------------------------------------------

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")


def _written_date(iso: str) -> str:
    """'March 17, 2027' for '2027-03-17'; the text itself when it is not a date."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        return iso.strip()
    return f"{_MONTH_NAMES[int(m.group(2)) - 1]} {int(m.group(3))}, {m.group(1)}"


def clock_time(text: str) -> str:
    """'9:30 a.m.' for '09:30', '1:15 p.m.' for '13:15'; the text itself when it is not a time."""
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return text
    hh, mm = int(m.group(1)), int(m.group(2))
    return f"{(hh - 1) % 12 + 1}:{mm:02d} {'a.m.' if hh < 12 else 'p.m.'}"


def _a_number(text: str) -> str:
    try:
        return format_a_number(text) if text.strip() else ""
    except ANumberError:
        return text.strip()


def posture_of(cover: CoverSheet, receiver: Receiver, receivers: Receivers | None = None) -> Posture:
    """The case's posture: the cover's own if this receiver allows it, else the receiver's default."""
    postures = (receivers or load_receivers()).postures
    pid = cover.posture if cover.posture in receiver.postures else receiver.default_posture
    return postures[pid]


def case_fields(cover: CoverSheet, receiver: Receiver, attachments: tuple[Attachment, ...] = (),
                receivers: Receivers | None = None) -> CaseFields:
    """The fields the receiver's texts are filled from, taken from the cover sheet."""
    people = tuple((r.name.strip(), _a_number(r.a_number)) for r in cover.respondents
                   if r.name.strip() or r.a_number.strip())
    hearing = _written_date(cover.hearing_date)
    if hearing and cover.hearing_time.strip():
        hearing += f", {clock_time(cover.hearing_time.strip())}"
    if hearing and cover.hearing_type in ("master", "individual"):
        hearing += f" ({'master calendar' if cover.hearing_type == 'master' else 'individual'} hearing)"
    return CaseFields(
        respondents=people, office=cover.court.strip(), detained=cover.detained, hearing=hearing,
        hearing_type=cover.hearing_type, requested=cover.requested.strip(),
        document_title=cover.document_title.strip(), posture=posture_of(cover, receiver, receivers).phrase,
        stay_until=_written_date(cover.stay_until), filer_name=cover.filer_name.strip(),
        filer_phone=cover.filer_phone.strip(), filer_email=cover.filer_email.strip(), attachments=attachments,
    )


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{max(1, round(n / 1000))} KB"


def _values(f: CaseFields) -> dict[str, list[str]]:
    """Each placeholder's value: a list of lines (several for respondents and attachments; [] when empty)."""
    people = [f"{name}, {num}" if name and num else name or num for name, num in f.respondents]
    files = [f"{i}. {a.name} ({_size(a.size)}" + (f", {a.pages} pages)" if a.pages else ")")
             for i, a in enumerate(f.attachments, start=1)]
    count = len(f.attachments)
    single = {
        "office": f.office, "names": "; ".join(n for n, _ in f.respondents if n),
        "a_numbers": ", ".join(a for _, a in f.respondents if a),
        "detained": "Detained" if f.detained else "Not detained", "hearing": f.hearing,
        "hearing_type": f.hearing_type, "requested": f.requested or f.document_title,
        "document_title": f.document_title, "posture": f.posture, "stay_until": f.stay_until,
        "filer_name": f.filer_name, "filer_phone": f.filer_phone, "filer_email": f.filer_email,
        "attachment_count": f"{count} file{'s' if count != 1 else ''}" if count else "",
    }
    out = {k: [v] if v else [] for k, v in single.items()}
    out["respondents"] = people
    out["attachments"] = files
    return out


def fill(text: str, fields: CaseFields) -> list[str]:
    """The text with its placeholders filled: [] when every placeholder in it is empty (the line is left out),
    several lines when it holds {respondents} or {attachments}."""
    values = _values(fields)
    names = [name for _, name, _, _ in _FORMATTER.parse(text) if name]
    if names and all(not values[n] for n in names):
        return []
    multi = next((n for n in names if n in _MULTILINE), "")
    rows = values[multi] if multi else [""]
    out = []
    for row in rows or [""]:
        flat = {k: (row if k == multi else "; ".join(v)) for k, v in values.items()}
        out.append(text.format_map(flat))
    return out


def cover_heading(receiver: Receiver, fields: CaseFields) -> list[str]:
    """The heading lines at the top of the first page, e.g. the court's: UNITED STATES DEPARTMENT OF JUSTICE /
    EXECUTIVE OFFICE FOR IMMIGRATION REVIEW / IMMIGRATION COURT / NEW YORK, NY."""
    office = fields.office
    for prefix in receiver.office_prefixes:  # "Immigration Court, New York, NY" -> "New York, NY"
        if office.lower().startswith(prefix.lower()):
            office = office[len(prefix):].strip(" ,")
    local = CaseFields(**{**fields.__dict__, "office": office})
    lines: list[str] = []
    for line in receiver.heading:
        lines += [x.upper() if "{office}" in line else x for x in fill(line, local)]
    return [x for x in lines if x.strip()]


def posture_line(receiver: Receiver, cover: CoverSheet, receivers: Receivers | None = None) -> str:
    """The phrase under the caption: "In removal proceedings", "Post-order: ...", "Not in removal proceedings"."""
    return posture_of(cover, receiver, receivers).phrase


def letter_lines(receiver: Receiver, fields: CaseFields) -> tuple[list[str], list[tuple[str, str]]]:
    """For a letter-style first page: the To: lines and the Re: block as (label, text) rows (empty rows left
    out; several respondents give several Re: rows, the label on the first)."""
    to = [x for line in receiver.to for x in fill(line, fields)]
    block: list[tuple[str, str]] = []
    for line in receiver.re:
        for k, text in enumerate(fill(line.value, fields)):
            block.append((line.label if k == 0 else "", text))
    return to, block


def email_subject(receiver: Receiver, fields: CaseFields) -> str:
    """One line: the subject's segments that have values, joined by ' - '."""
    parts = [x for seg in receiver.email_subject for x in fill(seg, fields)]
    return " - ".join(p.strip() for p in parts if p.strip())


def email_body(receiver: Receiver, fields: CaseFields) -> str:
    """The email's text: the office, the case, the request and the attachments (each with its size). Blank lines
    of the pattern are kept, but never two in a row."""
    lines: list[str] = []
    for line in receiver.email_body:
        if not line.strip():
            if lines and lines[-1]:
                lines.append("")
            continue
        lines += fill(line, fields)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"
