"""The packet model: what the user is assembling, independent of disk and window.

Everything here turns into plain JSON (``to_dict``) and back (``from_dict``); the store decides where it lives.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from packet.core.i18n import _
from packet.core.labels import LETTERS, STYLES, exhibit_label

STAMP_POSITIONS = ("bottom-center", "bottom-right", "bottom-left", "top-center", "top-right", "top-left")
LANDSCAPE_MODES = ("rotate", "shrink")
# Image compression in the export: "auto" is "standard" for a profile with a size limit and "off" otherwise; "fit"
# picks the gentlest level that brings the packet under the profile's limit in one file (packet/export/compress.py).
COMPRESSION_CHOICES = ("auto", "off", "light", "standard", "strong", "fit")
ROTATIONS = (0, 90, 180, 270)


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """Only the keys the dataclass knows; later versions' extra keys are kept out, not crashed on."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in (data or {}).items() if k in names}


@dataclass
class PageImage:
    """One page-ready image made at intake: what export embeds as is, never decoding it again."""

    file: str  # relative to the packet folder
    width: int
    height: int
    encoding: str  # "jpeg" (DCT, embedded as is) or "png1" (1-bit lossless, embedded as Flate + PNG predictor)
    colorspace: str = "rgb"  # "rgb", "gray", "cmyk"
    dpi: float = 0.0  # 0 when the source did not say; then the image is fitted to the page
    sha256: str = ""  # of the file, checked before export ("" in packets made before it was recorded)


@dataclass
class Document:
    """A file the user brought in, copied once into the packet under its SHA-256 and never modified."""

    sha256: str
    original_name: str
    stored: str  # relative path inside the packet folder, e.g. documents/<sha>.pdf
    kind: str  # "pdf" or "image"
    format: str  # "PDF", "JPEG", "PNG", "TIFF", "GIF", "WEBP", "BMP", "HEIF"
    size: int
    pages: int
    imported: str = ""
    messages: list[str] = field(default_factory=list)
    encrypted: bool = False  # the stored PDF is encrypted with an empty user password (opens without asking)
    decrypted: bool = False  # the stored copy is a decrypted version of a password-protected original
    page_images: list[PageImage] = field(default_factory=list)
    # pages without searchable text (PDFium finds no characters; an older Packet counted pages without a font);
    # None when not measured
    textless_pages: list[int] | None = None
    large_pages: list[int] = field(default_factory=list)  # pages over 20 inches a side (not previewed)
    repaired: str = ""  # derived/<sha256>/repaired.pdf: intake's repaired copy of a damaged PDF, which export reads
    proof: int = 0  # version of intake's check that export can read it (0: added by an older Packet, unchecked)
    repaired_sha256: str = ""  # of the repaired copy (export reads it, so it is verified like the original)
    edge_text: dict[str, list[str]] | None = None  # page -> sides with text of its own by the edge; None: not measured
    stored_sha256: str = ""  # of the stored copy when it differs from the original (a decrypted PDF)
    original_name_bytes: str = ""  # the name's bytes (hex) when they are not valid UTF-8; original_name is readable
    # A Word or OpenDocument letter: the original stays in `stored`; LibreOffice's PDF of it, made once at intake,
    # is `converted` (derived/<sha256>/converted.pdf), with its SHA-256, and is what the app reads as the PDF.
    converted_from: str = ""  # "DOCX", "DOC", "ODT" or "RTF"; "" for a file that came as a PDF or an image
    converted: str = ""
    converted_sha256: str = ""

    def pdf_file(self) -> str:
        """The PDF the app reads for a PDF document (relative path): intake's repaired copy, else the PDF a letter
        was converted to, else the stored file itself."""
        return self.repaired or self.converted or self.stored

    def files(self) -> list[str]:
        """Every file this record names (relative paths): the stored file, the repaired copy, the PDF a letter
        was converted to, the page images. Code that moves or checks a document's files goes through this."""
        return [rel for rel in (self.stored, self.repaired, self.converted, *(img.file for img in self.page_images))
                if rel]

    def map_files(self, change: Callable[[str], str]) -> None:
        """Give every file this record names (as `files()` lists them) the path `change` makes of it."""
        self.stored = change(self.stored)
        self.repaired = change(self.repaired) if self.repaired else ""
        self.converted = change(self.converted) if self.converted else ""
        for img in self.page_images:
            img.file = change(img.file)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        d = _known(cls, data)
        d["page_images"] = [PageImage(**_known(PageImage, p)) for p in d.get("page_images", [])]
        d["messages"] = list(d.get("messages", []))
        return cls(**d)


@dataclass
class PageRef:
    """One page of an exhibit's page selection: a page of a document, its extra turn, and whether it is left out.

    Hidden pages stay in the selection, in place, so the page view can show them greyed and restore them where
    they were; only the kept ones are exported, counted and cited.
    """

    page: int  # 1-based page of the document
    rotate: int = 0  # extra clockwise turn of this page, on top of the source's own and the exhibit's
    hidden: bool = False  # left out of the export
    document: str = ""  # sha256 of the document; "" is the exhibit's own (a merged exhibit holds others' pages)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"page": self.page}
        if self.rotate:
            d["rotate"] = self.rotate
        if self.hidden:
            d["hidden"] = True
        if self.document:
            d["document"] = self.document
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PageRef:
        d = _known(cls, data)
        rot = int(d.get("rotate", 0)) % 360
        return cls(page=int(d["page"]), rotate=rot if rot in ROTATIONS else 0, hidden=bool(d.get("hidden", False)),
                   document=str(d.get("document", "")))


@dataclass
class Exhibit:
    """A document placed in the packet: as a lettered exhibit, or as a lead document before the exhibits."""

    document: str  # sha256 of the Document
    title: str
    id: str = field(default_factory=new_id)
    factors: list[str] = field(default_factory=list)
    date: str = ""
    description: str = ""
    pages: list[int] | None = None  # older form of `selection`: the document pages shown, in order; None means all
    rotation: int = 0  # extra clockwise turn of every page the user asked for, on top of the source's own
    language: str = ""  # "" means English
    translation: str = ""  # sha256 of the document holding the English translation
    slot: str = ""  # id of the template slot (expected evidence) this exhibit fills
    # The page selection: every page in order, each with its turn and whether it is hidden. None means the
    # document's pages as in the file (or as `pages` lists them); set by the page actions (core/actions/pages.py).
    selection: list[PageRef] | None = None
    # Filed as its own PDF beside the packet (an EOIR-28 for ECAS): True or False as the user chose, None to follow
    # the slot and the filing profile (packet/core/separate.py).
    file_separately: bool | None = None
    shared: str = ""  # the shared exhibit's id in the family's store, when this packet shares it (core/family.py)
    # The suggestion from its text the user dismissed (as Suggested.describe() words it): not offered again, in the
    # window or by 'packet suggest', unless what Packet suggests changes.
    dismissed_suggestion: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if self.selection is not None:
            d["selection"] = [r.to_dict() for r in self.selection]
            # What an older Packet (which knows only `pages`) shows: the kept pages of the exhibit's own document.
            d["pages"] = [r.page for r in self.selection if not r.hidden and r.document in ("", self.document)]
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Exhibit:
        d = _known(cls, data)
        if not isinstance(d.get("file_separately"), bool):
            d["file_separately"] = None
        d["factors"] = list(d.get("factors", []))
        if d.get("pages") is not None:
            d["pages"] = [int(p) for p in d["pages"]]
        rot = int(d.get("rotation", 0)) % 360
        d["rotation"] = rot if rot in ROTATIONS else 0
        if d.get("selection") is not None:
            d["selection"] = [PageRef.from_dict(r) for r in d["selection"]]
            d["pages"] = None  # the selection says it all; `pages` is only written for older versions
        return cls(**d)

    def page_list(self, documents: Mapping[str, Document]) -> list[PageRef]:
        """Every page of the selection in order, hidden ones included, each naming its document; pages beyond
        their document's end (or of a document not in the packet) are dropped."""
        own = documents.get(self.document)
        if self.selection is not None:
            out = []
            for r in self.selection:
                sha = r.document or self.document
                d = own if sha == self.document else documents.get(sha)
                if d is not None and 1 <= r.page <= d.pages:
                    out.append(PageRef(r.page, r.rotate, r.hidden, sha))
            return out
        n = own.pages if own is not None else 0
        if self.pages is None:
            return [PageRef(p, document=self.document) for p in range(1, n + 1)]
        shown = [p for p in self.pages if 1 <= p <= n]
        listed = set(shown)
        return ([PageRef(p, document=self.document) for p in shown]
                + [PageRef(p, hidden=True, document=self.document) for p in range(1, n + 1) if p not in listed])

    def kept(self, documents: Mapping[str, Document]) -> list[PageRef]:
        """The pages the export shows, in order (each naming its document)."""
        return [r for r in self.page_list(documents) if not r.hidden]

    def page_numbers(self, document_pages: int) -> list[int]:
        """The 1-based pages of the exhibit's own document that it shows, in order, dropping any beyond the
        document's end. (A merged exhibit also shows pages of other documents: see `kept`.)"""
        if self.selection is not None:
            return [r.page for r in self.selection
                    if not r.hidden and r.document in ("", self.document) and 1 <= r.page <= document_pages]
        if self.pages is None:
            return list(range(1, document_pages + 1))
        return [p for p in self.pages if 1 <= p <= document_pages]

    def documents_used(self) -> list[str]:
        """The documents the exhibit shows pages of (its own first), and its translation's, without repeats."""
        out = [self.document]
        for r in self.selection or []:
            if r.document and r.document not in out:
                out.append(r.document)
        if self.translation and self.translation not in out:
            out.append(self.translation)
        return out


@dataclass
class Slot:
    """An expected-evidence slot from the packet's template: "Birth certificates of U.S. citizen children"."""

    id: str
    title: str
    factor: str = ""
    required: bool = False  # required, or only recommended
    hint: str = ""  # what counts as this evidence
    section: str = "exhibits"  # where it goes: "lead" (before the exhibits) or "exhibits"
    file_separately: bool = False  # filed as its own PDF beside the packet (an EOIR-28 for ECAS, say)


@dataclass
class Translator:
    """Who translated the documents not in English; entered once per packet, printed on each certificate."""

    name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class Service:
    """The certificate of service: what was served, on whom, how and when."""

    served_on: str = "DHS/ICE Office of the Principal Legal Advisor"
    address: str = ""
    method: str = "electronic filing system"  # electronic filing system, mail, in person, email
    date: str = ""  # YYYY-MM-DD
    signer: str = ""


@dataclass
class Respondent:
    name: str = ""
    a_number: str = ""


@dataclass
class CoverSheet:
    """The fields of the cover page, as on the immigration court's sample cover page."""

    filer_name: str = ""
    filer_address: str = ""  # several lines
    filer_phone: str = ""
    filer_email: str = ""
    eoir_id: str = ""
    represented_party: str = "Respondent"
    respondents: list[Respondent] = field(default_factory=list)
    detained: bool = False
    court: str = ""  # e.g. "Immigration Court, New York, NY" or "ICE OPLA, New York Field Location"
    judge: str = ""
    hearing_date: str = ""  # ISO date, YYYY-MM-DD
    hearing_time: str = ""  # HH:MM, 24-hour
    document_title: str = "Respondent's Request for Prosecutorial Discretion and Supporting Exhibits"
    # Who receives the packet and where the case stands (resources/receivers.json); set from the template.
    receiver: str = ""  # receiver id; "" is the immigration court
    posture: str = ""  # posture id (in-proceedings, post-order, not-in-proceedings); "" is the receiver's default
    hearing_type: str = ""  # "master" or "individual"; "" when not known
    court_set_deadline: str = ""  # YYYY-MM-DD: a filing deadline the court set (detained cases, a judge's order)
    requested: str = ""  # what is asked for, in a few words ("dismissal without prejudice")
    passport_expiry: str = ""  # YYYY-MM-DD, Form I-246
    stay_until: str = ""  # YYYY-MM-DD: the date to which a stay of removal is requested (Form I-246)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CoverSheet:
        d = _known(cls, data)
        d["respondents"] = [Respondent(**_known(Respondent, r)) for r in d.get("respondents", [])]
        d["detained"] = bool(d.get("detained", False))
        return cls(**d)

    # Fields settable by name from the command line (`--set FIELD=VALUE`).
    SETTABLE = (
        "filer_name", "filer_address", "filer_phone", "filer_email", "eoir_id", "represented_party",
        "respondent", "a_number", "detained", "court", "judge", "hearing_date", "hearing_time", "document_title",
        "hearing_type", "court_set_deadline", "posture", "requested", "passport_expiry", "stay_until",
    )


@dataclass
class ExportSettings:
    """How the packet is numbered and laid out when exported."""

    label_style: str = LETTERS
    stamp_position: str = "bottom-center"
    stamp_font_size: float = 10.0
    start_number: int = 1
    page_of_total: bool = False  # "Page N of M"
    bates_prefix: str = ""  # e.g. "LOPEZ-": stamps read LOPEZ-000123
    bates_digits: int = 6
    landscape: str = "rotate"  # "rotate": turn landscape pages to fit portrait; "shrink": keep them level, smaller
    group_index_by_factor: bool = False
    separators: bool = True
    summary_of_equities: bool = False
    certificate_of_service: bool = False
    factor_order: list[str] = field(default_factory=list)  # factor sections' order when grouped; [] = the template's
    compress_images: str = "auto"  # one of COMPRESSION_CHOICES; the stored documents never change

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExportSettings:
        d = _known(cls, data)
        d["factor_order"] = [str(x) for x in d.get("factor_order") or []]
        s = cls(**d)
        s.validate()
        return s

    # What each checked field accepts; `problem()` and `validate()` read them.
    LABELS = {
        "label_style": "label style", "stamp_position": "stamp position", "landscape": "landscape",
        "stamp_font_size": "stamp font size", "start_number": "starting page number",
        "bates_digits": "Bates digits", "bates_prefix": "Bates prefix", "compress_images": "image compression",
    }

    def problem(self, name: str) -> str:
        """What the field `name` accepts, when its value is not accepted; '' when it is fine."""
        value = getattr(self, name)
        if name == "label_style" and value not in STYLES:
            return _("use one of {choices}").format(choices=", ".join(STYLES))
        if name == "stamp_position" and value not in STAMP_POSITIONS:
            return _("use one of {choices}").format(choices=", ".join(STAMP_POSITIONS))
        if name == "landscape" and value not in LANDSCAPE_MODES:
            return _("use one of {choices}").format(choices=", ".join(LANDSCAPE_MODES))
        if name == "compress_images" and value not in COMPRESSION_CHOICES:
            return _("use one of {choices}").format(choices=", ".join(COMPRESSION_CHOICES))
        if name == "stamp_font_size" and not _number_between(value, 5, 24):
            return _("use 5 to 24 points")
        if name == "start_number" and not _number_between(value, 1, 999_999, whole=True):
            return _("use 1 to 999999")
        if name == "bates_digits" and not _number_between(value, 1, 12, whole=True):
            return _("use 1 to 12")
        if name == "bates_prefix" and value and not (
                isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9 _.\-]{1,24}", value)):
            return _("use up to 24 letters, digits, spaces, '-', '_' or '.'")
        if name in BOOL_SETTINGS and not isinstance(value, bool):
            return _("use yes or no")
        return ""

    def validate(self) -> None:
        for name in (*self.LABELS, *BOOL_SETTINGS):
            accepted = self.problem(name)
            if accepted:
                raise ValueError(f"{self.LABELS.get(name, name.replace('_', ' '))} {getattr(self, name)!r}: "
                                 f"{accepted}")


BOOL_SETTINGS = ("page_of_total", "group_index_by_factor", "separators", "summary_of_equities",
                 "certificate_of_service")


def _number_between(value: object, low: float, high: float, whole: bool = False) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if whole and not float(value).is_integer():
        return False
    return low <= value <= high


# Keys of SummaryText.criminal_heading: "" lets the exhibits decide (see core/equities.py).
CRIMINAL_HEADINGS = ("", "record", "no_record")


@dataclass
class SummaryText:
    """What the user writes for the summary of equities: a short statement per factor (key "negative" for the
    negative factors addressed), the criminal-record heading if they choose it ("" automatic, "record",
    "no_record"), and the exhibits cited under the negative factors. Stored in packet.json as "summary"."""

    statements: dict[str, str] = field(default_factory=dict)
    criminal_heading: str = ""
    negative_exhibits: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"statements": dict(self.statements), "criminal_heading": self.criminal_heading,
                "negative_exhibits": list(self.negative_exhibits)}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> SummaryText:
        data = data if isinstance(data, dict) else {}
        heading = str(data.get("criminal_heading", ""))
        statements = data.get("statements")
        return cls({str(k): str(v) for k, v in (statements.items() if isinstance(statements, dict) else ())
                    if str(v).strip()},
                   heading if heading in CRIMINAL_HEADINGS else "",
                   [str(x) for x in data.get("negative_exhibits") or []])


@dataclass
class FamilyLink:
    """A member packet's link to its family's shared store (core/family.py, store/family.py): the store folder's
    name, beside the packet, and the family's id, which the store's family.json must state too."""

    store: str
    id: str


@dataclass
class Packet:
    """One filing being assembled."""

    name: str
    cover: CoverSheet = field(default_factory=CoverSheet)
    settings: ExportSettings = field(default_factory=ExportSettings)
    documents: dict[str, Document] = field(default_factory=dict)
    lead: list[Exhibit] = field(default_factory=list)
    exhibits: list[Exhibit] = field(default_factory=list)
    template: str = "blank"
    profile: str = ""
    slots: list[Slot] = field(default_factory=list)
    translator: Translator = field(default_factory=Translator)
    service: Service = field(default_factory=Service)
    summary: SummaryText = field(default_factory=SummaryText)
    family: FamilyLink | None = None  # a family member's link to the shared store; None for a packet on its own
    id: str = field(default_factory=new_id)
    created: str = ""
    modified: str = ""

    # -- queries -----------------------------------------------------------------------------------------------
    def label_of(self, exhibit: Exhibit) -> str:
        """'C' for the third exhibit; '' for a lead document."""
        for i, e in enumerate(self.exhibits, start=1):
            if e.id == exhibit.id:
                return exhibit_label(i, self.settings.label_style)
        return ""

    def tab_of(self, item: Exhibit) -> str:
        """What the command line and the findings call an item: its tab label ('C'), or 'L2' for the second lead
        document (the name `packet pages PACKET L2` and the other verbs accept)."""
        label = self.label_of(item)
        if label:
            return label
        return next((f"L{n}" for n, x in enumerate(self.lead, start=1) if x.id == item.id), "")

    def find(self, exhibit_id: str) -> Exhibit | None:
        for e in (*self.lead, *self.exhibits):
            if e.id == exhibit_id:
                return e
        return None

    def items(self) -> list[Exhibit]:
        """Lead documents then exhibits, in packet order."""
        return [*self.lead, *self.exhibits]

    def document_of(self, exhibit: Exhibit) -> Document:
        return self.documents[exhibit.document]

    def used_documents(self) -> set[str]:
        """Every document an item shows pages of, or carries as its translation."""
        return {sha for e in self.items() for sha in e.documents_used() if sha in self.documents}

    # -- serialisation ---------------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "created": self.created,
            "modified": self.modified,
            "template": self.template,
            "profile": self.profile,
            "slots": [asdict(x) for x in self.slots],
            "translator": asdict(self.translator),
            "service": asdict(self.service),
            "summary": self.summary.to_dict(),
            "cover": self.cover.to_dict(),
            "settings": self.settings.to_dict(),
            "documents": {k: v.to_dict() for k, v in self.documents.items()},
            "lead": [e.to_dict() for e in self.lead],
            "exhibits": [e.to_dict() for e in self.exhibits],
            **({"family": asdict(self.family)} if self.family else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Packet:
        docs = {k: Document.from_dict(v) for k, v in (data.get("documents") or {}).items()}
        return cls(
            id=str(data.get("id") or new_id()),
            name=str(data.get("name", "")),
            created=str(data.get("created", "")),
            modified=str(data.get("modified", "")),
            template=str(data.get("template", "blank")),
            profile=str(data.get("profile", "")),
            slots=[Slot(**_known(Slot, x)) for x in data.get("slots") or []],
            translator=Translator(**_known(Translator, data.get("translator") or {})),
            service=Service(**_known(Service, data.get("service") or {})),
            summary=SummaryText.from_dict(data.get("summary")),
            cover=CoverSheet.from_dict(data.get("cover") or {}),
            settings=ExportSettings.from_dict(data.get("settings") or {}),
            documents=docs,
            lead=[Exhibit.from_dict(e) for e in data.get("lead") or []],
            exhibits=[Exhibit.from_dict(e) for e in data.get("exhibits") or []],
            family=FamilyLink(**_known(FamilyLink, data["family"])) if isinstance(data.get("family"), dict) else None,
        )

    def check_integrity(self) -> list[str]:
        """Problems that would make the packet unusable: references to documents that are not in it."""
        problems = []
        seen: set[str] = set()
        for e in self.items():
            if e.id in seen:
                problems.append(f"exhibit id {e.id} appears twice")
            seen.add(e.id)
            if e.document not in self.documents:
                problems.append(f"{e.title!r} refers to document {e.document[:12]}..., which is not in the packet")
            for sha in {r.document for r in e.selection or [] if r.document}:
                if sha not in self.documents:
                    problems.append(f"{e.title!r} shows pages of document {sha[:12]}..., which is not in the packet")
        return problems
