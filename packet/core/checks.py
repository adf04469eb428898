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
from packet.core.i18n import N_, _, ngettext
from packet.core.model import Exhibit, Packet, PageRef, Respondent
from packet.core.profiles import Profile

BLOCKER, WARNING, NOTE = "blocker", "warning", "note"
SEVERITY_ORDER = {BLOCKER: 0, WARNING: 1, NOTE: 2}
# The cover fields a template may require, as a finding names them (in the interface language).
COVER_FIELD_LABELS = {
    "filer_name": N_("filer name"), "filer_address": N_("filer address"), "filer_phone": N_("filer phone"),
    "filer_email": N_("filer email"), "eoir_id": N_("EOIR ID"), "represented_party": N_("party represented"),
    "court": N_("immigration court"), "judge": N_("immigration judge"), "hearing_date": N_("hearing date"),
    "hearing_time": N_("hearing time"), "document_title": N_("document title"), "hearing_type": N_("hearing type"),
    "court_set_deadline": N_("court-set deadline"), "posture": N_("case posture"), "requested": N_("request"),
    "passport_expiry": N_("passport expiry date"), "stay_until": N_("stay requested until"),
}


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
    if label:
        return _("Tab {label}: {title}").format(label=label, title=e.title)
    return _("Lead document: {title}").format(title=e.title)


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
        out.append(Finding(BLOCKER, "respondent-name-missing", _("Cover sheet"), _("The respondent's name is missing."),
                           _("Enter the respondent's name as it appears on the Notice to Appear.")))
    for r in people or [Respondent()]:  # no respondent at all: its A-number is missing too
        name = r.name.strip()
        if not r.a_number.strip():
            problem = (_("The A-number for {name} is missing.").format(name=name) if name
                       else _("The A-number is missing."))
            out.append(Finding(BLOCKER, "a-number-missing", _("Cover sheet"), problem,
                               _("Enter the A-number from the Notice to Appear (8 or 9 digits, like A-123-456-789).")))
            continue
        try:
            normalise_a_number(r.a_number)
        except ANumberError as exc:
            problem = (_("The A-number for {name} is wrong: {error}.").format(name=name, error=exc) if name
                       else _("The A-number is wrong: {error}.").format(error=exc))
            out.append(Finding(BLOCKER, "a-number-malformed", _("Cover sheet"), problem,
                               _("Correct it from the Notice to Appear.")))
    if cover.hearing_date:
        try:
            hearing = date.fromisoformat(cover.hearing_date)
        except ValueError:
            out.append(Finding(BLOCKER, "hearing-date-malformed", _("Cover sheet"),
                               _("The next hearing date {date!r} is not a date.").format(date=cover.hearing_date),
                               _("Write it as YYYY-MM-DD, or leave it empty if none is scheduled.")))
        else:
            if hearing < today:
                out.append(Finding(WARNING, "hearing-date-past", _("Cover sheet"),
                                   _("The next hearing date ({date}) is in the past.").format(date=hearing.isoformat()),
                                   _("Enter the date of the next scheduled hearing, or clear it.")))
    if not packet.exhibits:
        out.append(Finding(BLOCKER, "no-exhibits", _("Packet"), _("The packet has no exhibits."),
                           _("Add the supporting documents as exhibits.")))
    elif packet.settings.group_index_by_factor and not is_sorted_by_factor(packet):
        out.append(Finding(WARNING, "exhibits-out-of-section-order", _("Exhibits"),
                           _("The index is grouped by factor, but the exhibits are not in section order (the packet "
                             "was arranged by hand or by an older Packet): the PDF letters them section by section, "
                             "so its tabs differ from the exhibit list's."),
                           _("Sort by factor (Edit menu, or: packet sort PACKET) so the list and the PDF agree.")))
    translated_docs = {e.translation for e in packet.items() if e.translation}
    if ocr_available and (profile is None or profile.text_searchable != "no"):
        out += _unread_photos_finding(packet, facts)
    for e in packet.items():
        where = _where(packet, e)
        if not e.title.strip():
            out.append(Finding(BLOCKER, "title-missing", where, _("This exhibit has no title for the index."),
                               _("Give it a title that says what it is, e.g. 'Birth certificate of Ana Lopez'."),
                               e.id))
        if e.language.strip() and e.language.strip().lower() not in ("english", "en"):
            if not e.translation or e.translation not in packet.documents:
                out.append(Finding(BLOCKER, "translation-missing", where,
                                   _("This document is in {language} and has no English translation attached.").format(
                                       language=e.language),
                                   _("Attach the certified English translation to this exhibit."), e.id))
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
                               _("This exhibit has an English translation, but the language of the original is not "
                                 "given."), _("Enter the original's language (e.g. Spanish); the certificate of "
                                              "translation names it."), e.id))
        if profile is not None and profile.max_bytes and e.document in facts:
            share = sum(facts[r.document].bytes_of([r.page], packet.documents[r.document].pages)
                        for _n, r in shown if r.document in facts)
            if e.translation and e.translation in facts:
                share += facts[e.translation].size
            if share > profile.max_bytes:
                out.append(Finding(WARNING, "exhibit-over-limit", where,
                                   _("This exhibit alone is about {size} MB, more than the {limit} MB {profile} takes "
                                     "in one file.").format(size=f"{share / 1e6:.1f}",
                                                            limit=f"{profile.max_file_mb:g}",
                                                            profile=_(profile.name)),
                                   _("It will be split between files at a page boundary; consider a smaller scan "
                                     "(e.g. 200 dpi, greyscale)."), e.id))
    t = packet.translator
    if translated_docs and not t.name.strip():
        out.append(Finding(BLOCKER, "translator-missing", _("Translations"),
                           _("Documents are translated, but the translator's name and details are missing."),
                           _("Enter the translator's name, address and phone once for the packet; they go on each "
                             "certificate of translation.")))
    elif translated_docs and (not t.address.strip() or not t.phone.strip()):
        if not t.address.strip() and not t.phone.strip():
            problem = _("The translator's address and phone are missing; the certificate of translation must "
                        "give them.")
        elif not t.address.strip():
            problem = _("The translator's address is missing; the certificate of translation must give it.")
        else:
            problem = _("The translator's phone is missing; the certificate of translation must give it.")
        out.append(Finding(BLOCKER, "translator-details-missing", _("Translations"), problem,
                           _("Enter the translator's address and phone once for the packet (Cover sheet tab, or "
                             "packet set translator_address=... translator_phone=...).")))
    if profile is not None and profile.certificate_of_service:
        service = packet.service
        if not packet.settings.certificate_of_service:
            out.append(Finding(BLOCKER, "service-certificate-off", _("Certificate of service"),
                               _("{profile} needs a certificate of service, and it is turned off.").format(
                                   profile=_(profile.name)),
                               _("Turn on the certificate of service and fill in how and when DHS was served.")))
        elif service.served_on.strip() and service.method.strip() and (
                not service.address.strip() or not service.date.strip()):
            if not service.address.strip() and not service.date.strip():
                problem = _("The certificate of service has no address or date; it prints a blank to fill in by "
                            "hand.")
            elif not service.address.strip():
                problem = _("The certificate of service has no address; it prints a blank to fill in by hand.")
            else:
                problem = _("The certificate of service has no date; it prints a blank to fill in by hand.")
            out.append(Finding(WARNING, "service-incomplete", _("Certificate of service"), problem,
                               _("Fill in the address served and the date of service.")))
        elif not service.served_on.strip() or not service.method.strip():
            out.append(Finding(BLOCKER, "service-details-missing", _("Certificate of service"),
                               _("The certificate of service does not say whom it was served on and how."),
                               _("Fill in the office served (e.g. the OPLA field location), its address and the "
                                 "method.")))
    if profile is not None and profile.max_bytes:
        total = sum(facts[d].size for d in packet.used_documents() if d in facts)
        if total > profile.max_bytes:
            parts = int(total // (profile.max_bytes * 0.9)) + 1
            out.append(Finding(NOTE, "will-split", _("Packet"),
                               _("The packet is about {size} MB, over the {limit} MB limit of {profile}.").format(
                                   size=f"{total / 1e6:.1f}", limit=f"{profile.max_file_mb:g}",
                                   profile=_(profile.name)),
                               _("It will be exported as about {parts} parts ({first}, {second}), numbered "
                                 "continuously; file every part.").format(
                                   parts=parts, first=profile.part_file("…", 1), second=profile.part_file("…", 2))))
    for name in missing_cover_fields(packet, [n for n in required_cover if n not in ("respondents", "a_numbers")]):
        label = _(COVER_FIELD_LABELS[name]) if name in COVER_FIELD_LABELS else name.replace("_", " ")
        out.append(Finding(WARNING, "cover-field-missing", _("Cover sheet"),
                           _("The packet's template asks for the {field}, and it is empty.").format(field=label),
                           _("Fill in the {field} on the Cover sheet (or: packet set PACKET {name}=...).").format(
                               field=label, name=name)))
    for slot in packet.slots:
        if slot.required and not any(e.slot == slot.id for e in packet.items()):
            out.append(Finding(WARNING, "required-slot-empty", _("Expected evidence"),
                               _("No exhibit fills the required slot {slot!r}.").format(slot=_(slot.title)),
                               _(slot.hint) if slot.hint
                               else _("Add the document and choose this slot for it in the inspector.")))
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
    if len(textless) == len(shown):
        problem = _("All its pages are scanned images without searchable text.")
    else:
        problem = ngettext("{n} of its {total} pages is a scanned image without searchable text.",
                           "{n} of its {total} pages are scanned images without searchable text.",
                           len(textless)).format(n=len(textless), total=len(shown))
    tab = packet.tab_of(e)
    if ocr_available:
        fix = _("Recognise the text (OCR): the Readiness tab's Recognise text button, or: packet ocr PACKET {tab}. "
                "The export then adds the words as an invisible text layer over the page, which stays as it "
                "is.").format(tab=tab)
    else:
        fix = _("Text recognition (OCR) is not installed on this computer ('packet ocr' says how to install it); "
                "or scan with text recognition and replace the file.")
    return [Finding(WARNING, "no-searchable-text", where, problem, fix, e.id, tuple(textless))]


def _unread_photos_finding(packet: Packet, facts: dict[str, DocumentFacts]) -> list[Finding]:
    """One note for the photos whose text OCR has not read yet. A photo is not warned about (it may show a family
    or a house), but a phone photo of a document is the commonest evidence: once read, a document gets its text
    layer and a picture is left alone, and the note goes. The window reads photos after intake by itself."""
    tabs = []
    for e in packet.items():
        refs = [r for r in e.page_list(packet.documents) if not r.hidden]
        if any(r.document in facts and packet.documents[r.document].kind == "image"
               and r.page in set(facts[r.document].textless_pages) for r in refs):
            tabs.append(packet.tab_of(e))
    if not tabs:
        return []
    return [Finding(NOTE, "photos-not-read", _("Photos"),
                    ngettext("The text of 1 photo has not been read yet (Tab {tabs}).",
                             "The text of {n} photos has not been read yet (Tabs {tabs}).",
                             len(tabs)).format(n=len(tabs), tabs=", ".join(tabs)),
                    _("If a photo shows a document, recognising its text lets the receiver search it: packet ocr "
                      "PACKET, or the window reads photos after they are added (Edit > Preferences). Photos of "
                      "people, homes or things are then left as they are."))]


def _untranslated_finding(packet: Packet, e: Exhibit, language: str, profile: Profile | None,
                          where: str) -> Finding:
    """A document whose text is mostly in another language, with no translation and no language given: a blocker
    where the receiver requires translations (a court), a warning elsewhere."""
    label = packet.label_of(e)
    shown = _(language)  # the language's name in the interface language; the command keeps the English name
    fix = _("Attach its certified English translation (Inspector: Attach translation…, or: packet add PACKET "
            "TRANSLATION.pdf --translation-of {tab} --language {language}). If it is in English after all, set "
            "its language to English.").format(tab=label or "L1", language=language)
    required = profile is not None and profile.translations == "required"
    if required and profile:
        if label:
            problem = _("Tab {label} looks like {language} and has no English translation. {profile} requires one "
                        "({source}).")
        else:
            problem = _("The lead document {title!r} looks like {language} and has no English translation. "
                        "{profile} requires one ({source}).")
        problem = problem.format(label=label, title=e.title, language=shown, profile=_(profile.name),
                                 source=profile.translation_source)
    elif label:
        problem = _("Tab {label} looks like {language} and has no English translation.").format(
            label=label, language=shown)
    else:
        problem = _("The lead document {title!r} looks like {language} and has no English translation.").format(
            title=e.title, language=shown)
    return Finding(BLOCKER if required else WARNING, "looks-untranslated", where, problem, fix, e.id)


def blockers(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == BLOCKER]
