"""The filing-readiness check: what would get a packet rejected or weakened, where, and how to fix it.

Pure rules over the packet, its filing profile and a few facts about its documents (sizes, pages without text)
that the store measures. Blockers stop `packet build` unless forced; warnings and notes only inform.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from packet.core.anumber import ANumberError, normalise_a_number
from packet.core.coverage import missing_cover_fields
from packet.core.factor_sections import is_sorted_by_factor
from packet.core.model import Exhibit, Packet, PageRef, Respondent
from packet.core.profiles import Profile

BLOCKER, WARNING, NOTE = "blocker", "warning", "note"
SEVERITY_ORDER = {BLOCKER: 0, WARNING: 1, NOTE: 2}


@dataclass(frozen=True)
class Finding:
    severity: str
    code: str  # stable identifier, e.g. "respondent-name-missing"
    where: str  # "Cover sheet", "Tab C: Birth certificate ...", "Packet"
    problem: str
    fix: str
    exhibit_id: str = ""
    pages: tuple[int, ...] = ()  # source pages concerned, 1-based

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["pages"] = list(self.pages)
        return d


@dataclass
class DocumentFacts:
    """What the store measured about one document."""

    size: int = 0  # bytes it adds to an export, roughly: the stored file, or its page-ready images
    # 1-based pages with no searchable text: none of their own and none recognised yet (OCR not run, or failed)
    textless_pages: list[int] = field(default_factory=list)
    page_sizes: list[float] = field(default_factory=list)  # bytes each page adds (the export splits by these)
    recognised_pages: list[int] = field(default_factory=list)  # pages whose text OCR recognised (searchable)
    picture_pages: list[int] = field(default_factory=list)  # OCR read them: a photo of a person or a thing, no text
    language: str = ""  # the language most of its text is in, when that is not English ("" otherwise or unknown)

    def bytes_of(self, pages: list[int], document_pages: int) -> float:
        """What these 1-based pages add to an export, by the same measure the export splits with."""
        if self.page_sizes:
            return sum(self.page_sizes[p - 1] for p in pages if 1 <= p <= len(self.page_sizes))
        return self.size * len(pages) / max(document_pages, 1)


def _where(packet: Packet, e: Exhibit) -> str:
    label = packet.label_of(e)
    return f"Tab {label}: {e.title}" if label else f"Lead document: {e.title}"


def check_packet(
    packet: Packet,
    profile: Profile | None = None,
    facts: dict[str, DocumentFacts] | None = None,
    today: date | None = None,
    required_cover: tuple[str, ...] = (),
    ocr_available: bool = True,
) -> list[Finding]:
    """Findings, blockers first. `required_cover` are the cover fields the packet's template requires;
    `ocr_available` says whether this computer can recognise text (the fix for scans without text differs)."""
    facts = facts or {}
    today = today or date.today()
    out: list[Finding] = []
    cover = packet.cover
    people = [r for r in cover.respondents if r.name.strip() or r.a_number.strip()]
    if not any(r.name.strip() for r in people):
        out.append(Finding(BLOCKER, "respondent-name-missing", "Cover sheet", "The respondent's name is missing.",
                           "Enter the respondent's name as it appears on the Notice to Appear."))
    for r in people or [Respondent()]:  # no respondent at all: its A-number is missing too
        who = f" for {r.name}" if r.name.strip() else ""
        if not r.a_number.strip():
            out.append(Finding(BLOCKER, "a-number-missing", "Cover sheet", f"The A-number{who} is missing.",
                               "Enter the A-number from the Notice to Appear (8 or 9 digits, like A-123-456-789)."))
            continue
        try:
            normalise_a_number(r.a_number)
        except ANumberError as exc:
            out.append(Finding(BLOCKER, "a-number-malformed", "Cover sheet", f"The A-number{who} is wrong: {exc}.",
                               "Correct it from the Notice to Appear."))
    if cover.hearing_date:
        try:
            hearing = date.fromisoformat(cover.hearing_date)
        except ValueError:
            out.append(Finding(BLOCKER, "hearing-date-malformed", "Cover sheet",
                               f"The next hearing date {cover.hearing_date!r} is not a date.",
                               "Write it as YYYY-MM-DD, or leave it empty if none is scheduled."))
        else:
            if hearing < today:
                out.append(Finding(WARNING, "hearing-date-past", "Cover sheet",
                                   f"The next hearing date ({hearing.isoformat()}) is in the past.",
                                   "Enter the date of the next scheduled hearing, or clear it."))
    if not packet.exhibits:
        out.append(Finding(BLOCKER, "no-exhibits", "Packet", "The packet has no exhibits.",
                           "Add the supporting documents as exhibits."))
    elif packet.settings.group_index_by_factor and not is_sorted_by_factor(packet):
        out.append(Finding(WARNING, "exhibits-out-of-section-order", "Exhibits",
                           "The index is grouped by factor, but the exhibits are not in section order (the packet "
                           "was arranged by hand or by an older Packet): the PDF letters them section by section, "
                           "so its tabs differ from the exhibit list's.",
                           "Sort by factor (Edit menu, or: packet sort PACKET) so the list and the PDF agree."))
    translated_docs = {e.translation for e in packet.items() if e.translation}
    for e in packet.items():
        where = _where(packet, e)
        if not e.title.strip():
            out.append(Finding(BLOCKER, "title-missing", where, "This exhibit has no title for the index.",
                               "Give it a title that says what it is, e.g. 'Birth certificate of Ana Lopez'.",
                               e.id))
        if e.language.strip() and e.language.strip().lower() not in ("english", "en"):
            if not e.translation or e.translation not in packet.documents:
                out.append(Finding(BLOCKER, "translation-missing", where,
                                   f"This document is in {e.language} and has no English translation attached.",
                                   "Attach the certified English translation to this exhibit.", e.id))
        doc = packet.documents.get(e.document)
        listed = e.page_list(packet.documents)
        shown = [(n, r) for n, r in enumerate(listed, start=1) if not r.hidden]  # (position in the exhibit, page)
        wants_text = profile is None or profile.text_searchable != "no"
        f = facts.get(e.document)
        if wants_text and doc is not None:
            out += _textless_finding(packet, e, shown, facts, where, ocr_available)
        if doc is not None and f is not None and f.language and not e.language.strip() and not e.translation:
            out.append(_untranslated_finding(packet, e, f.language, profile, where))
        if e.translation and e.translation in packet.documents and not e.language.strip() or (
                e.translation and e.language.strip().lower() == "a language other than english"):
            out.append(Finding(BLOCKER, "language-missing", where,
                               "This exhibit has an English translation, but the language of the original is not "
                               "given.", "Enter the original's language (e.g. Spanish); the certificate of "
                               "translation names it.", e.id))
        if profile is not None and profile.max_bytes and e.document in facts:
            share = sum(facts[r.document].bytes_of([r.page], packet.documents[r.document].pages)
                        for _, r in shown if r.document in facts)
            if e.translation and e.translation in facts:
                share += facts[e.translation].size
            if share > profile.max_bytes:
                out.append(Finding(WARNING, "exhibit-over-limit", where,
                                   f"This exhibit alone is about {share / 1e6:.1f} MB, more than the "
                                   f"{profile.max_file_mb:g} MB {profile.name} takes in one file.",
                                   "It will be split between files at a page boundary; consider a smaller scan "
                                   "(e.g. 200 dpi, greyscale).", e.id))
    t = packet.translator
    if translated_docs and not t.name.strip():
        out.append(Finding(BLOCKER, "translator-missing", "Translations",
                           "Documents are translated, but the translator's name and details are missing.",
                           "Enter the translator's name, address and phone once for the packet; they go on each "
                           "certificate of translation."))
    elif translated_docs and (not t.address.strip() or not t.phone.strip()):
        missing = " and ".join(x for x, v in (("address", t.address), ("phone", t.phone)) if not v.strip())
        out.append(Finding(BLOCKER, "translator-details-missing", "Translations",
                           f"The translator's {missing} is missing; the certificate of translation must give them.",
                           "Enter the translator's address and phone once for the packet (Cover sheet tab, or "
                           "packet set translator_address=... translator_phone=...)."))
    if profile is not None and profile.certificate_of_service:
        if not packet.settings.certificate_of_service:
            out.append(Finding(BLOCKER, "service-certificate-off", "Certificate of service",
                               f"{profile.name} needs a certificate of service, and it is turned off.",
                               "Turn on the certificate of service and fill in how and when DHS was served."))
        elif packet.service.served_on.strip() and packet.service.method.strip() and (
                not packet.service.address.strip() or not packet.service.date.strip()):
            out.append(Finding(WARNING, "service-incomplete", "Certificate of service",
                               "The certificate of service has no " + " or ".join(
                                   x for x, v in (("address", packet.service.address), ("date", packet.service.date))
                                   if not v.strip()) + "; it prints a blank to fill in by hand.",
                               "Fill in the address served and the date of service."))
        elif not packet.service.served_on.strip() or not packet.service.method.strip():
            out.append(Finding(BLOCKER, "service-details-missing", "Certificate of service",
                               "The certificate of service does not say whom it was served on and how.",
                               "Fill in the office served (e.g. the OPLA field location), its address and the "
                               "method."))
    if profile is not None and profile.max_bytes:
        total = sum(facts[d].size for d in packet.used_documents() if d in facts)
        if total > profile.max_bytes:
            parts = int(total // (profile.max_bytes * 0.9)) + 1
            out.append(Finding(NOTE, "will-split", "Packet",
                               f"The packet is about {total / 1e6:.1f} MB, over the {profile.max_file_mb:g} MB limit "
                               f"of {profile.name}.",
                               f"It will be exported as about {parts} parts ({profile.part_file('…', 1)}, "
                               f"{profile.part_file('…', 2)}), numbered continuously; file every part."))
    for name in missing_cover_fields(packet, [n for n in required_cover if n not in ("respondents", "a_numbers")]):
        label = name.replace("_", " ")
        out.append(Finding(WARNING, "cover-field-missing", "Cover sheet",
                           f"The packet's template asks for the {label}, and it is empty.",
                           f"Fill in the {label} on the Cover sheet (or: packet set PACKET {name}=...)."))
    for slot in packet.slots:
        if slot.required and not any(e.slot == slot.id for e in packet.items()):
            out.append(Finding(WARNING, "required-slot-empty", "Expected evidence",
                               f"No exhibit fills the required slot {slot.title!r}.",
                               slot.hint or "Add the document and choose this slot for it in the inspector."))
    out.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    return out


def _textless_finding(packet: Packet, e: Exhibit, shown: list[tuple[int, PageRef]],
                      facts: dict[str, DocumentFacts], where: str, ocr_available: bool) -> list[Finding]:
    """Scanned pages of the exhibit (its shown page references, by position) with no searchable text of their own
    and none recognised. Photos are left alone: a photo (of a family, a house, a certificate on the wall) is an
    image by nature (issue 13), and after intake the window recognises them anyway; one whose text reads like a
    document then has its text."""
    textless = [n for n, r in shown if r.document in facts and packet.documents[r.document].kind != "image"
                and r.page in set(facts[r.document].textless_pages)]
    if not textless:
        return []
    how_many = "All its pages are" if len(textless) == len(shown) else (
        f"{len(textless)} of its {len(shown)} pages {'is' if len(textless) == 1 else 'are'}")
    problem = f"{how_many} scanned images without searchable text."
    tab = packet.label_of(e) or f"L{next(n for n, x in enumerate(packet.lead, start=1) if x.id == e.id)}"
    if ocr_available:
        fix = (f"Recognise the text (OCR): the Readiness tab's Recognise text button, or: packet ocr PACKET {tab}. The export "
               "then adds the words as an invisible text layer over the page, which stays as it is.")
    else:
        fix = ("Text recognition (OCR) is not installed on this computer ('packet ocr' says how to install it); or "
               "scan with text recognition and replace the file.")
    return [Finding(WARNING, "no-searchable-text", where, problem, fix, e.id, tuple(textless))]


def _untranslated_finding(packet: Packet, e: Exhibit, language: str, profile: Profile | None,
                          where: str) -> Finding:
    """A document whose text is mostly in another language, with no translation and no language given: a blocker
    where the receiver requires translations (a court), a warning elsewhere."""
    label = packet.label_of(e)
    name = f"Tab {label}" if label else f"The lead document {e.title!r}"
    required = profile is not None and profile.translations == "required"
    rule = f" {profile.name} requires one ({profile.translation_source})." if required and profile else ""
    fix = (f"Attach its certified English translation (Inspector: Attach translation…, or: packet add PACKET "
           f"TRANSLATION.pdf --translation-of {label or 'L1'} --language {language}). If it is in English after all, "
           "set its language to English.")
    return Finding(BLOCKER if required else WARNING, "looks-untranslated", where,
                   f"{name} looks like {language} and has no English translation.{rule}", fix, e.id)


def blockers(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == BLOCKER]
