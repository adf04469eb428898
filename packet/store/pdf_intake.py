"""Reading a PDF the user brought: true page count, passwords, damage and active content.

pypdf reads in tolerant mode (page count, passwords, text, forms, what the export will strip: JavaScript, form
fields, attachments); then `repair.prove` reads it the way the export will, with qpdf, and repairs it when
needed. A file pypdf refuses is tried through qpdf's repair as well. What was repaired or will be stripped
becomes a warning the user sees at intake; a repaired copy is stored beside the original.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import cast

from pypdf import PasswordType, PdfReader, PdfWriter
from pypdf.errors import FileNotDecryptedError, PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from packet.core.i18n import N_, _, ngettext
from packet.store.pdf_text import textless_pages
from packet.store.repair import PROOF_VERSION, Refused, prove

# A page larger than this on either side (in inches) is worth telling the user about: it will be shrunk a lot.
LARGE_PAGE_INCHES = 20.0
# Streams larger than this (encoded) are not decoded at intake: the check is for damage, not for work.
_MAX_CHECK_STREAM = 8 * 1024 * 1024


class Rejected(Exception):
    """The file cannot be taken; the message says why and what to do."""

    def __init__(self, message: str, needs_password: bool = False):
        super().__init__(message)
        self.needs_password = needs_password


@dataclass
class PdfExam:
    pages: int
    messages: list[str] = field(default_factory=list)
    encrypted: bool = False  # opens with an empty password
    decrypted_bytes: bytes | None = None  # set when a real password was used: store this instead
    textless_pages: list[int] | None = None  # pages with no fonts: scans without searchable text
    large_pages: list[int] = field(default_factory=list)  # pages over LARGE_PAGE_INCHES a side
    repaired_bytes: bytes | None = None  # a repaired copy (qpdf) to store beside the original; export reads it
    proof: int = 0  # repair.PROOF_VERSION once proved exportable


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


# Every message saying a file was repaired starts with these words, in every language (the catalogue test checks
# the Spanish ones do): intake recognises them to say it once.
REPAIRED = N_("was damaged and has been repaired")


@contextmanager
def pypdf_reports() -> Iterator[_Collect]:
    """What pypdf says about damage while reading, collected instead of printed."""
    log = logging.getLogger("pypdf")
    handler = _Collect()
    old_level, old_propagate = log.level, log.propagate
    log.addHandler(handler)
    log.setLevel(logging.WARNING)
    log.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield handler
        handler.records.extend(str(w.message) for w in caught)
    finally:
        log.removeHandler(handler)
        log.setLevel(old_level)
        log.propagate = old_propagate


def examine_pdf(data: bytes, password: str | None = None) -> PdfExam:
    """Open, count and check a PDF, and prove the export can read it. Raises Rejected with a plain reason."""
    try:
        exam = _examine_pypdf(data, password)
    except Rejected as refused:
        if refused.needs_password:
            raise
        return _examine_repaired(data, refused)
    stored = exam.decrypted_bytes if exam.decrypted_bytes is not None else data
    damaged = bool(exam.messages) and exam.messages[0].startswith(_(REPAIRED))
    try:
        proof = prove(stored, rewrite=damaged)
    except Refused as exc:
        raise Rejected(str(exc)) from exc
    exam.proof = PROOF_VERSION
    if proof.repaired is not None:
        exam.repaired_bytes = proof.repaired
        if damaged:
            exam.messages.pop(0)  # said again, with what was done
        exam.messages[:0] = proof.messages
        if proof.pages != exam.pages:  # the export reads the repaired copy: count what it will see
            exam.pages = proof.pages
            exam.textless_pages = _textless(proof.repaired)
    return exam


def _examine_repaired(data: bytes, refused: Rejected) -> PdfExam:
    """pypdf refused the file: if qpdf can repair it, take the repaired copy (and say so), else refuse."""
    try:
        proof = prove(data, rewrite=True)
        exam = _examine_pypdf(proof.repaired or data, None)
    except (Refused, Rejected):
        raise refused from None
    exam.messages = [m for m in exam.messages if not m.startswith(_(REPAIRED))]
    exam.messages[:0] = proof.messages or [_("was damaged and has been repaired; check its pages in the exported "
                                             "packet.")]
    exam.repaired_bytes = proof.repaired
    exam.pages = proof.pages
    exam.proof = PROOF_VERSION
    return exam


def _textless(data: bytes) -> list[int] | None:
    try:
        with pypdf_reports():
            from packet.store.facts import textless_pages

            return textless_pages(PdfReader(io.BytesIO(data), strict=False))
    except Exception:
        return None


def _examine_pypdf(data: bytes, password: str | None) -> PdfExam:
    with pypdf_reports() as reports:
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
        except Exception as exc:  # pypdf raises many kinds on broken input
            raise Rejected(_damaged_message(exc)) from exc
        exam = PdfExam(pages=0)
        if reader.is_encrypted:
            reader = _unlock(data, reader, password, exam)
        try:
            exam.pages = len(reader.pages)
        except FileNotDecryptedError as exc:
            raise Rejected(_("is protected with a password. Add it again with its password."), True) from exc
        except Exception as exc:
            raise Rejected(_damaged_message(exc)) from exc
        if exam.pages == 0:
            raise Rejected(_("is a PDF with no pages in it. Check that you picked the right file, or export it "
                             "again."))
        try:
            exam.textless_pages = textless_pages(reader)
        except Exception:
            exam.textless_pages = None
        try:
            _check_content(reader, exam)
        except Rejected:
            raise
        except Exception as exc:
            exam.messages.append(_("has damage Packet could only partly read ({error}); check its pages in the "
                                   "exported packet.").format(error=_short(exc)))
        if exam.decrypted_bytes is not None:
            exam.decrypted_bytes = _decrypted_copy(reader)
    repaired = [r for r in reports.records if not r.startswith("Ignoring padding error")]
    if repaired or _has_trailing_garbage(data):
        exam.messages.insert(0, _("was damaged and has been repaired; check its pages in the exported packet."))
    return exam


def _unlock(data: bytes, reader: PdfReader, password: str | None, exam: PdfExam) -> PdfReader:
    """Open an encrypted PDF: silently when its user password is empty, otherwise only with the password.

    A file whose *owner* password is empty but whose user password is set is treated as protected: a PDF viewer
    would ask for the password, and the sender meant it to be asked for.
    """
    try:
        if reader.decrypt("") == PasswordType.USER_PASSWORD:
            exam.encrypted = True
            return reader
        if not password:
            raise Rejected(
                _("needs a password to open. Add it again with its password (on the command line: --password), "
                  "or ask the sender for a copy without one."),
                needs_password=True,
            )
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.decrypt(password) == PasswordType.NOT_DECRYPTED:
            raise Rejected(_("did not open with the password given. Check the password and try again."),
                           needs_password=True)
    except Rejected:
        raise
    except (NotImplementedError, ImportError) as exc:
        raise Rejected(_("uses an encryption Packet cannot open ({error}). Ask for a copy without a password, or "
                         "print it to a new PDF.").format(error=_short(exc))) from exc
    except Exception as exc:
        raise Rejected(_("could not be decrypted ({error}). Ask for a copy without a password.").format(
                           error=_short(exc))) from exc
    exam.decrypted_bytes = b""  # filled in once the pages have been checked
    return reader


def _decrypted_copy(reader: PdfReader) -> bytes:
    writer = PdfWriter(clone_from=reader)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _check_content(reader: PdfReader, exam: PdfExam) -> None:
    """Decode every non-image stream the pages reach, and note what the export will strip or shrink."""
    root = cast(DictionaryObject, reader.trailer["/Root"].get_object())
    notes: list[str] = []
    names = _dict(root.get("/Names"))
    has_js = "/JavaScript" in names or _is_js(root.get("/OpenAction")) or "/AA" in root
    attachments = "/EmbeddedFiles" in names
    form = _dict(root.get("/AcroForm"))
    has_fields = bool(form.get("/Fields"))
    has_xfa = "/XFA" in form
    large: list[int] = []
    seen: set[tuple[int, int]] = set()
    bad_streams = 0
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        unit = float(page.get("/UserUnit", 1) or 1)
        if max(abs(float(box.width)), abs(float(box.height))) * unit / 72 > LARGE_PAGE_INCHES:
            large.append(number)
        if "/AA" in page:
            has_js = True
        for annot in _array(page.get("/Annots")):
            a = _dict(annot)
            subtype = a.get("/Subtype")
            if subtype == "/FileAttachment":
                attachments = True
            if subtype == "/Widget":
                has_fields = True
            if _is_js(a.get("/A")) or "/AA" in a:
                has_js = True
        bad_streams += _decode_reachable(page, seen)
    if bad_streams:
        notes.append(ngettext("has {n} damaged part that could not be read; that part of its pages may be missing. "
                              "Check them in the exported packet, or get a fresh copy of the file.",
                              "has {n} damaged parts that could not be read; those parts of its pages may be "
                              "missing. Check them in the exported packet, or get a fresh copy of the file.",
                              bad_streams).format(n=bad_streams))
    if has_js:
        notes.append(_("contains JavaScript; it is removed from the packet and never run."))
    if has_xfa:
        notes.append(_("is an XFA form; the packet shows its ordinary PDF pages, which may not show every entry. "
                       "If entries are missing, print the form to a new PDF and add that."))
    if has_fields:
        notes.append(_("has fillable form fields; they are flattened in the packet, so their values show but can "
                       "no longer be edited."))
    if attachments:
        notes.append(_("has files attached inside it; attachments are not carried into the packet. If they are "
                       "evidence, save them and add them as documents of their own."))
    exam.large_pages = list(large)
    if large:
        which = _page_list(large)
        notes.append(_("has very large pages ({which}, over {large_page_inches:.0f} inches on a side); they are "
                       "shrunk to fit US Letter, so small print may be hard to read.").format(
                         which=which, large_page_inches=LARGE_PAGE_INCHES))
    exam.messages.extend(notes)


def _decode_reachable(page: DictionaryObject, seen: set[tuple[int, int]]) -> int:
    """Decode the streams a page can reach (not images, not other pages); count those that fail."""
    bad = 0
    stack: list[object] = [v for k, v in page.items() if k not in ("/Parent", "/Annots", "/B", "/Thumb")]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            try:
                obj = obj.get_object()
            except Exception:
                bad += 1
                continue
        if isinstance(obj, StreamObject):
            if obj.get("/Subtype") == "/Image" or obj.get("/Type") == "/Page":
                continue
            if len(getattr(obj, "_data", b"") or b"") <= _MAX_CHECK_STREAM:
                try:
                    obj.get_data()
                except Exception:
                    bad += 1
            stack.extend(v for k, v in obj.items() if k not in ("/Length",))
        elif isinstance(obj, DictionaryObject):
            if obj.get("/Type") in ("/Page", "/Pages"):
                continue
            stack.extend(v for k, v in obj.items() if k not in ("/Parent", "/P"))
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return bad


def _is_js(action: object) -> bool:
    a = _dict(action)
    if a.get("/S") == "/JavaScript":
        return True
    nxt = a.get("/Next")
    if nxt is None:
        return False
    if isinstance(nxt.get_object() if isinstance(nxt, IndirectObject) else nxt, ArrayObject):
        return any(_is_js(n) for n in _array(nxt))
    return _is_js(nxt)


def _dict(obj: object) -> DictionaryObject:
    try:
        obj = obj.get_object() if isinstance(obj, IndirectObject) else obj
    except Exception:
        return DictionaryObject()
    return obj if isinstance(obj, DictionaryObject) else DictionaryObject()


def _array(obj: object) -> list[object]:
    try:
        obj = obj.get_object() if isinstance(obj, IndirectObject) else obj
    except Exception:
        return []
    return list(obj) if isinstance(obj, ArrayObject) else []


def _has_trailing_garbage(data: bytes) -> bool:
    """Bytes other than white space after the last %%EOF: a sign of a broken download or a bad writer."""
    end = data.rfind(b"%%EOF")
    if end < 0:
        return True
    tail = data[end + 5 :]
    return bool(tail.strip(b"\r\n\t \x0c"))


def _damaged_message(exc: Exception) -> str:
    text = str(exc).lower()
    if isinstance(exc, PdfReadError) and "empty" in text:
        return _("is empty. Get the file again.")
    return (_("is damaged beyond repair and cannot be read ({error}). Open it in a PDF viewer to check; if it "
              "opens there, print it to a new PDF and add that, or ask the sender for a new copy.").format(
                error=_short(exc)))


def _short(exc: Exception) -> str:
    text = re.sub(r"\s+", " ", str(exc)).strip() or type(exc).__name__
    return text[:120]


def _page_list(pages: list[int]) -> str:
    if len(pages) == 1:
        return f"page {pages[0]}"
    if len(pages) <= 5:
        return "pages " + ", ".join(map(str, pages))
    return ngettext("{n} page, page {first}", "{n} pages, the first page {first}", len(pages)).format(
        n=len(pages), first=pages[0])

