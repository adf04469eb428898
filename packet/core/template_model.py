"""The template's shape as data: sections, page-number style, the filer's details, the filing rules it carries
(receiver, posture, one applicant, passport, factor order, sources), and the names a template file may use.

Reading a template file is `packet.core.template_reader`; writing one, applying it to a packet and the built-in
templates are in `packet.core.templates`, which is where callers import all of these from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields

from packet.core.labels import LETTERS
from packet.core.model import CoverSheet, Slot
from packet.core.receivers import DEFAULT_RECEIVER
from packet.core.rule_data import Source

SCHEMA_VERSION = 1
TEMPLATES_FOLDER = "templates"

LEAD, EXHIBITS = "lead", "exhibits"
SECTION_KINDS = (LEAD, EXHIBITS)
NUMBER, PAGE_OF_TOTAL, BATES = "number", "page_of_total", "bates"
PAGE_NUMBER_STYLES = (NUMBER, PAGE_OF_TOTAL, BATES)

# Cover-sheet fields a template can show or require (the CoverSheet's own field names; the receiver is the
# template's own choice, not a field the user fills).
COVER_FIELDS = tuple(f.name for f in fields(CoverSheet) if f.name != "receiver")
# The filer's own details: the only personal details a template keeps (they are the user's, not the client's).
FILER_FIELDS = ("filer_name", "filer_address", "filer_phone", "filer_email", "eoir_id")
# Built-in templates in the order the app offers them, one per form of discretion; any other built-in file comes
# after, by id.
BUILTIN_ORDER = ("opla-pd-request", "eoir-admin-closure", "eoir-dismiss", "eoir-joint-dismiss", "eoir-terminate",
                 "eoir-stay-motion", "bia-stay-motion", "ice-stay-of-removal", "deferred-action", "blank")
# Built-in templates that were split or renamed: a packet naming the old id still opens and exports (a packet keeps
# its own slots and settings); `resolve_template_id` gives the template to use for it now.
RETIRED_TEMPLATES = {
    "eoir-close-or-dismiss": ("eoir-admin-closure", "split into eoir-admin-closure, eoir-dismiss and "
                              "eoir-joint-dismiss (December 2026)"),
}

TEMPLATE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}")
BATES_PREFIX = re.compile(r"[A-Za-z0-9 _.\-]{0,24}")


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


def default_sections() -> list[Section]:
    return [Section(LEAD, "Lead documents"), Section(EXHIBITS, "Exhibits")]


@dataclass
class Template:
    id: str
    name: str
    purpose: str
    notes: str = ""  # where and how this kind of packet is filed
    document_title: str = ""  # "" keeps the packet's own title
    party: str = ""  # who the filer represents, as the cover says it ("Applicant" on Form I-246); "" Respondent
    cover_show: list[str] = field(default_factory=lambda: list(COVER_FIELDS))
    cover_require: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=default_sections)
    slots: list[Slot] = field(default_factory=list)
    label_style: str = LETTERS
    page_numbers: PageNumbers = field(default_factory=PageNumbers)
    separators: bool = True
    landscape: str = "rotate"
    profile: str = ""  # filing profile id, e.g. "eoir-ecas"
    summary_of_equities: bool = False
    certificate_of_service: bool = False
    filer: Filer = field(default_factory=Filer)
    receiver: str = DEFAULT_RECEIVER  # who receives the packet (resources/receivers.json): the cover it gets
    posture: str = ""  # the default posture for the cover ("" is the receiver's default)
    one_applicant: bool = False  # one person per packet (Form I-246): a second respondent is a blocker
    passport_months_beyond_stay: int = 0  # Form I-246: the passport must be valid this long past the stay; 0: no check
    factor_order: list[str] = field(default_factory=list)  # the factor sections' order when grouped; [] = default
    requests: list[str] = field(default_factory=list)  # what can be asked for, suggested for the cover's "requested"
    sources: list[Source] = field(default_factory=list)  # what the template's shape was written after, and when read
    # Where it came from: "built-in", or the file it was read from. Not part of the template itself.
    source: str = field(default="", compare=False)
    builtin: bool = field(default=False, compare=False)

    def section(self, kind: str) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)

    @property
    def required_slots(self) -> list[Slot]:
        return [s for s in self.slots if s.required]
