"""Intake: turn files the user dropped into documents of a packet, or say clearly why not.

Each file is sniffed by content, checked, hashed and copied into `documents/<sha256>.<ext>`; images also get their
page-ready derivative in `derived/<sha256>/`. Many files are processed in parallel, one process per core.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from packet.core.actions import add_item, set_language
from packet.core.i18n import N_, _
from packet.core.model import Document, Exhibit, Packet, PageImage
from packet.core.titles import title_from_filename
from packet.store import band_text, doc_text
from packet.store.applog import log, redact
from packet.store.atomic import fsync_dir, write_atomic
from packet.store.convert import OFFICE_EXTENSIONS, ConversionError, convert_to_pdf, converted_path, sniff_office
from packet.store.errors import os_problem
from packet.store.filenames import display_name, original_bytes_hex
from packet.store.folder import DERIVED, DOCUMENTS, PacketFolder, now_iso
from packet.store.image_intake import ImageRejected, examine_image
from packet.store.intake_limits import ISOLATE_FROM_BYTES, out_of_memory, too_big_file
from packet.store.intake_workers import run_jobs
from packet.store.integrity import named_files
from packet.store.layout import FOLDER_MODE, PACKET_FILE
from packet.store.lock import intake_guard
from packet.store.pdf_intake import Rejected, examine_pdf
from packet.store.sniff import EXTENSIONS, STORED_EXTENSION, extension_matches, sniff

ACCEPT, WARN, REJECT = "accept", "warn", "reject"
# IntakeResult.password_problem: why a PDF was refused for its password (typed, so callers never read the message):
# it needs one and none was given, or the one given did not open it.
PASSWORD_NEEDED, PASSWORD_WRONG = "needed", "wrong"


@dataclass
class IntakeResult:
    """What intake made of one file."""

    path: str
    verdict: str  # accept, warn or reject
    kind: str = "unknown"  # pdf, image or unknown
    format: str = ""
    pages: int = 0
    messages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # information that is no problem (a location not filed)
    sha256: str = ""
    size: int = 0
    needs_password: bool = False  # refused for its password (either reason below)
    password_problem: str = ""  # "", PASSWORD_NEEDED or PASSWORD_WRONG
    duplicate_of: str = ""  # title of the exhibit (or name of the file) it repeats
    exhibit_id: str = ""  # set when added to a packet
    document: dict | None = None  # the Document record, when stored
    created: list[str] = field(default_factory=list)  # files this intake wrote into the packet (not yet saved)

    @property
    def name(self) -> str:
        """The file's name as people read it (a name that is not UTF-8 is decoded, never an escape)."""
        return display_name(Path(self.path).name)

    def to_json(self) -> dict:
        d = asdict(self)
        d.pop("document")
        d.pop("created")
        d["path"] = display_name(self.path)
        if original_bytes_hex(self.path):
            d["path_bytes"] = original_bytes_hex(self.path)
        return d


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given, and the files inside folders (recursively, skipping hidden ones), in name order."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out += [str(Path(root) / f) for f in sorted(files) if not f.startswith(".")]
        else:
            out.append(str(path))
    return out


def inspect_file(path: str | os.PathLike[str], password: str | None = None) -> IntakeResult:
    """What intake would make of a file, without a packet and without writing anything."""
    return _process(str(path), None, password, frozenset())


def ingest(
    folder_path: str | os.PathLike[str],
    paths: Iterable[str | os.PathLike[str]],
    known: Iterable[str] = (),
    passwords: dict[str, str] | None = None,
    workers: int | None = None,
) -> Iterator[IntakeResult]:
    """Examine and store files in a packet folder, yielding results in input order. Does not touch packet.json.

    `known` holds the SHA-256s the packet has already: those files are not examined or stored again.
    """
    passwords = passwords or {}
    frozen = frozenset(known)
    jobs = [(str(p), str(folder_path), passwords.get(str(p)) or passwords.get("*"), frozen) for p in paths]
    for result in run_jobs(_process, jobs, workers, isolate=_large, crashed=_crashed):
        if result.verdict == REJECT:
            log.info("intake: refused: %s", redact(result.messages[0] if result.messages else "", (result.path,)))
        yield result


def _large(job: tuple) -> bool:
    """A file this large is examined in a worker process, where the OS holds its memory to the budget."""
    try:
        return os.path.getsize(job[0]) > ISOLATE_FROM_BYTES
    except OSError:
        return False


def _crashed(job: tuple) -> IntakeResult:
    name = display_name(Path(job[0]).name)
    return IntakeResult(path=job[0], verdict=REJECT, messages=[
        _("{name} {problem} (The process examining it was stopped by the system.)").format(
            name=name, problem=out_of_memory())])


class IntakeMerge:
    """Turns intake results into exhibits of a packet, one at a time, reporting duplicates instead of adding."""

    def __init__(self, packet: Packet, *, factors: Iterable[str] = (), lead: bool = False, title: str | None = None):
        self.packet = packet
        self.factors = list(dict.fromkeys(factors))
        self.lead = lead
        self.title = title
        self.batch: dict[str, str] = {}
        self.titles_by_doc = {e.document: e.title for e in packet.items()}

    def merge(self, result: IntakeResult) -> Exhibit | None:
        """Add the exhibit for an accepted result (and its document record); None for refused and duplicates."""
        if result.verdict == REJECT:
            return None
        known = self.packet.documents.get(result.sha256)
        if known is not None and not result.pages:
            result.kind, result.format, result.pages = known.kind, known.format, known.pages
        if result.sha256 in self.titles_by_doc:
            result.duplicate_of = self.titles_by_doc[result.sha256]
            result.messages.append(_("{name} is the same file as {other!r}, already in the packet; it was not added "
                                     "again.").format(name=result.name, other=result.duplicate_of))
            return None
        if result.sha256 in self.batch:
            result.duplicate_of = self.batch[result.sha256]
            result.messages.append(_("{name} is the same file as {other}, added just before it; it was added "
                                     "once.").format(name=result.name, other=result.duplicate_of))
            return None
        packet = self.packet
        if result.document is not None:
            doc = Document.from_dict(result.document)
            packet.documents[doc.sha256] = doc
        elif result.sha256 in packet.documents:  # stored earlier, its exhibit since removed: bring it back
            doc = packet.documents[result.sha256]
            result.kind, result.pages, result.messages = doc.kind, doc.pages, list(doc.messages)
            result.verdict = WARN if doc.messages else ACCEPT
        else:
            return None
        exhibit = add_item(packet, doc, title=self.title or title_from_filename(result.name), factors=self.factors,
                           lead=self.lead)
        result.exhibit_id = exhibit.id
        self.batch[result.sha256] = result.name
        self.titles_by_doc[result.sha256] = exhibit.title
        return exhibit


def add_files(
    folder: PacketFolder,
    paths: Iterable[str | os.PathLike[str]],
    *,
    passwords: dict[str, str] | None = None,
    factors: Iterable[str] = (),
    title: str | None = None,
    lead: bool = False,
    language: str = "",
    workers: int | None = None,
    on_result: Callable[[IntakeResult], None] | None = None,
) -> list[IntakeResult]:
    """Import files into the packet as exhibits (or lead documents) and save it. Returns one result per file.

    Rejected files and duplicates change nothing; the packet is saved once, after every document is on disk.
    The files are examined without holding the packet's lock (another program may save meanwhile); the merge is
    then applied to packet.json as it is on disk at that moment, so neither program's exhibits are lost.
    """
    paths = [str(p) for p in paths]
    folder.wait_until_free()  # say at once when the window has the packet, before any work is done
    results: list[IntakeResult] = []
    with intake_guard(folder.path):
        for result in ingest(folder.path, paths, folder.packet.documents, passwords, workers):
            results.append(result)
            if on_result:
                on_result(result)
        if any(r.verdict != REJECT for r in results):
            single = title if len(paths) == 1 else None
            try:
                folder.update(lambda p: _merge_all(p, results, factors, lead, single, language), always=False)
            except BaseException:  # not saved (disk full, the window has the packet): take the new files away
                discard_unsaved(folder.path, results)
                raise
    return results


def discard_unsaved(packet_dir: Path, results: Iterable[IntakeResult]) -> None:
    """Remove the files these results wrote, unless packet.json (as it is on disk now) names them."""
    try:
        named = named_files([json.loads((Path(packet_dir) / PACKET_FILE).read_bytes())])
    except (OSError, ValueError, RecursionError):
        return  # cannot tell what is named: leave them for the clean-up at the next open
    discard_files(Path(packet_dir), [rel for r in results for rel in r.created if rel not in named])


def _merge_all(packet: Packet, results: list[IntakeResult], factors: Iterable[str], lead: bool, title: str | None,
               language: str) -> None:
    merger = IntakeMerge(packet, factors=factors, lead=lead, title=title)
    for result in results:
        exhibit = merger.merge(result)
        if exhibit is not None and language.strip():
            set_language(packet, exhibit.id, language)


def _process(path: str, packet_dir: str | None, password: str | None, known: frozenset[str]) -> IntakeResult:
    """Examine one file and, with a packet folder, store it. Never raises for bad input: it reports."""
    name = display_name(Path(path).name)
    result = IntakeResult(path=path, verdict=REJECT)
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(st.st_mode):  # a pipe or a device (/dev/zero) would be read forever
            result.messages.append(_("{name} is not an ordinary file (it is a device, a pipe or a socket); add the "
                                     "document itself.").format(name=name))
            return result
        result.size = st.st_size
        refusal = too_big_file(name, result.size)
        if refusal:  # before a byte is read
            result.messages.append(refusal)
            return result
        with open(path, "rb") as fh:
            data = fh.read()
    except IsADirectoryError:
        result.messages.append(_("{name} is a folder; add the files inside it.").format(name=name))
        return result
    except FileNotFoundError:
        result.messages.append(_("{name}: no such file. Check the path.").format(name=name))
        return result
    except OSError as exc:
        result.messages.append(_("{name} cannot be read ({error}). Check that it is not open elsewhere or locked, and "
                                 "that you may read it.").format(name=name, error=exc.strerror))
        return result
    if not data:
        result.messages.append(_("{name} is empty (0 bytes). It may not have finished downloading or copying; get "
                                 "the file again.").format(name=name))
        return result
    result.sha256 = hashlib.sha256(data).hexdigest()
    what = sniff(data[:4096])
    result.kind, result.format = what.kind, what.format
    office = sniff_office(data) if what.kind == "unknown" else None  # a Word or OpenDocument letter
    if what.kind == "unknown" and office is None:
        claimed = next((fmt for fmt in EXTENSIONS if extension_matches(name, fmt)), "")
        named = (_("{name} is named like a {claimed} file but is really {what}.") if claimed
                 else _("{name} is {what}.")).format(name=name, claimed=claimed, what=_(what.format))
        result.messages.append(f"{named} {_(what.hint)}")
        return result
    notes: list[str] = []
    if office is None and not extension_matches(name, what.format):
        notes.append(_("{name} is really a {format} file despite its name; it was read as {format}.").format(
            name=name, format=what.format))
    if result.sha256 in known:
        # Already in the packet: nothing to examine or write; add_files words the message.
        result.verdict = ACCEPT
        return result
    converted: bytes | None = None
    text: doc_text.PdfText | None = None
    try:
        if office is not None:  # LibreOffice makes the PDF, once; the letter itself is stored as it came
            converted = convert_to_pdf(data, name, office)
            result.kind, result.format = "pdf", office
            notes.append(_(_CONVERTED[office]).format(name=name))
        if result.kind == "pdf":
            pdf = examine_pdf(converted if converted is not None else data, password)
            result.pages = pdf.pages
            notes += [f"{name} {m}" for m in pdf.messages]
            stored_bytes = pdf.decrypted_bytes if pdf.decrypted_bytes is not None else data
            doc = Document(
                sha256=result.sha256, original_name=name, original_name_bytes=original_bytes_hex(Path(path).name),
                stored="", kind="pdf", format=office or "PDF", size=result.size,
                pages=pdf.pages, encrypted=pdf.encrypted, decrypted=pdf.decrypted_bytes is not None,
                textless_pages=pdf.textless_pages, large_pages=pdf.large_pages, proof=pdf.proof,
                stored_sha256=hashlib.sha256(stored_bytes).hexdigest() if stored_bytes is not data else "",
                converted_from=office or "",
            )
            images = []
            repaired = pdf.repaired_bytes
            readable = repaired if repaired is not None else converted if converted is not None else stored_bytes
            doc.edge_text = _edge_text(readable)
            text = _pdf_text(readable)
            if text is not None:  # PDFium's count of characters: a font alone is no searchable text
                doc.textless_pages = text.textless_pages
        else:
            exam = examine_image(data, what.format, encode=packet_dir is not None)
            result.pages = len(exam.pages)
            notes += [f"{name} {m}" for m in exam.messages]
            result.notes += [f"{name} {m}" for m in exam.notes]
            stored_bytes = data
            doc = Document(
                sha256=result.sha256, original_name=name, original_name_bytes=original_bytes_hex(Path(path).name),
                stored="", kind="image", format=what.format,
                size=result.size, pages=len(exam.pages),
            )
            images = exam.pages
            repaired = None
    except ConversionError as exc:  # no LibreOffice, or it could not convert the letter in time
        result.messages.append(str(exc))
        return result
    except (Rejected, ImageRejected) as exc:
        result.needs_password = getattr(exc, "needs_password", False)
        if result.needs_password:
            result.password_problem = PASSWORD_WRONG if password else PASSWORD_NEEDED
        result.messages.append(f"{name} {exc}")
        return result
    except MemoryError:  # the worker's memory budget (or the computer's memory) ran out
        result.messages.append(f"{name} {out_of_memory()}")
        return result
    except Exception as exc:  # a file must never crash intake: report it
        result.messages.append(_("{name} could not be read ({error}). Open it in another program to check it, and "
                                 "save it again as PDF.").format(name=name,
                                                                 error=f"{type(exc).__name__}: {str(exc)[:100]}"))
        return result
    result.verdict = WARN if notes else ACCEPT
    result.messages = notes
    doc.messages = list(notes)
    doc.imported = now_iso()
    if packet_dir is not None:
        try:
            result.created = _store(Path(packet_dir), doc, stored_bytes, images, repaired, converted, text)
        except OSError as exc:  # disk full, a file size limit, a read-only or vanished packet
            result.verdict, result.notes = REJECT, []
            result.messages = [_("{name} could not be stored in {packet}: {problem}").format(
                name=name, packet=Path(packet_dir).name,
                problem=os_problem(exc, Path(packet_dir) / DOCUMENTS, "write"))]

            return result
        result.document = doc.to_dict()
    return result


# The intake note for a converted letter, whole per format (a translation may word each its own way).
_WORD = N_("{name} was converted from a Word document by LibreOffice: check its pages in the exported packet.")
_CONVERTED = {"DOCX": _WORD, "DOC": _WORD,
              "ODT": N_("{name} was converted from an OpenDocument text by LibreOffice: check its pages in the "
                        "exported packet."),
              "RTF": N_("{name} was converted from a rich-text document by LibreOffice: check its pages in the "
                        "exported packet.")}


def _pdf_text(data: bytes) -> doc_text.PdfText | None:
    """The PDF's own text and which pages have none (kept beside it for the checks, suggestions and search)."""
    try:
        return doc_text.measure(data)
    except Exception:  # noqa: BLE001 - never a reason to refuse a file; the checks measure it again later
        return None


def _edge_text(data: bytes) -> dict[str, list[str]] | None:
    """Which pages have text of their own by an edge (the export keeps its stamp clear of it); None when the PDF
    cannot be read for it (the export then measures it)."""
    try:
        return band_text.to_record(band_text.measure(data))
    except Exception:  # noqa: BLE001 - only a layout nicety: never a reason to refuse a file
        return None


def _store(packet_dir: Path, doc: Document, data: bytes, images: list, repaired: bytes | None = None,
           converted: bytes | None = None, text: doc_text.PdfText | None = None) -> list[str]:
    """Write the document (its page-ready images, its repaired copy, a letter's PDF, its text) into the packet
    folder; each file whole or not at all. The original is stored as it came (its SHA-256 is the document's
    identity).

    Returns the files it created (relative paths); when one cannot be written, those are removed again.
    """
    ext = STORED_EXTENSION.get(doc.format) or OFFICE_EXTENSIONS.get(doc.format, ".bin")
    doc.stored = f"{DOCUMENTS}/{doc.sha256}{ext}"
    created: list[str] = []
    sub = packet_dir / DERIVED / doc.sha256
    made_sub = False
    try:
        if _write_new(packet_dir, doc.stored, data):
            created.append(doc.stored)
        if repaired is not None:
            made_sub = not sub.exists()
            sub.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
            doc.repaired = f"{DERIVED}/{doc.sha256}/repaired.pdf"
            doc.repaired_sha256 = hashlib.sha256(repaired).hexdigest()
            if _write_new(packet_dir, doc.repaired, repaired):
                created.append(doc.repaired)
            fsync_dir(sub)
        if converted is not None:
            made_sub = made_sub or not sub.exists()
            sub.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
            doc.converted = converted_path(doc.sha256)
            doc.converted_sha256 = hashlib.sha256(converted).hexdigest()
            if _write_new(packet_dir, doc.converted, converted):
                created.append(doc.converted)
            fsync_dir(sub)
        if text is not None:  # derived, never verified: a damaged one is measured again
            made_sub = made_sub or not sub.exists()
            sub.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
            rel = doc_text.text_path(doc.sha256)
            if _write_new(packet_dir, rel, doc_text.encode(text)):
                created.append(rel)
        if images:
            made_sub = made_sub or not sub.exists()
            sub.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
            for number, page in enumerate(images, start=1):
                if page.reuse_original:
                    rel = doc.stored
                else:
                    rel = f"{DERIVED}/{doc.sha256}/p{number:04d}.{'png' if page.encoding == 'png1' else 'jpg'}"
                    if _write_new(packet_dir, rel, page.data):
                        created.append(rel)
                doc.page_images.append(PageImage(
                    file=rel, width=page.width, height=page.height, encoding=page.encoding,
                    colorspace=page.colorspace, dpi=page.dpi,
                    sha256=hashlib.sha256(data if page.reuse_original else page.data).hexdigest(),
                ))
            fsync_dir(sub)
        fsync_dir(packet_dir / DOCUMENTS)
    except BaseException:
        discard_files(packet_dir, created)
        if made_sub:
            with contextlib.suppress(OSError):
                sub.rmdir()
        raise
    return created


def _write_new(packet_dir: Path, rel: str, data: bytes) -> bool:
    target = packet_dir / rel
    if target.exists():
        return False
    write_atomic(target, data, sync_dir=False)
    return True


def discard_files(packet_dir: Path, created: Iterable[str]) -> None:
    """Remove files an intake wrote that no save will name (the add failed)."""
    for rel in created:
        with contextlib.suppress(OSError):
            (packet_dir / rel).unlink()
        parent = (packet_dir / rel).parent
        if parent.parent.name == DERIVED:
            with contextlib.suppress(OSError):
                parent.rmdir()
