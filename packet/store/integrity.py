"""Never trust packet.json: every path it names stays inside the packet, every document is the one it claims.

- `confine` resolves a relative path from packet.json inside the packet folder (an absolute path, `..` or a
  symlink pointing elsewhere is refused), and `check_paths` does it for every path at open.
- `verify_for_export` checks, before anything is exported, that each document the export will read has the SHA-256
  packet.json states (so the manifest never states a hash the filing does not have) and the page count it
  claims. Results are cached (in the user's cache folder) by size, mtime, ctime and inode: a swapped file always
  has a new ctime, which no one can set, so a copied or forged cache never vouches for it.
- `tidy` removes what a crash or an abandoned intake left: temp files and documents no packet.json names.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from pypdf import PdfReader

from packet.core.family import FAMILY_SUFFIX
from packet.core.i18n import _
from packet.core.model import Document, Packet
from packet.store.atomic import remove_stale_temps, write_atomic
from packet.store.errors import PacketError
from packet.store.layout import BACKUP_FILE, DERIVED, DOCUMENTS, PACKET_FILE
from packet.store.lock import no_intake_running
from packet.store.paths import cache_dir
from packet.store.pdf_intake import pypdf_reports

CACHE_FILE = "verified.json"
_CHUNK = 1024 * 1024


class IntegrityError(PacketError):
    """A document in the packet is not what packet.json says it is; the message names the exhibit."""


class DocumentMissing(IntegrityError):
    """A document's file (or its repaired copy, or a page image) is not in the packet folder at all."""


def confine(root: Path, relative: str, what: str = "a file", family: Path | None = None) -> Path:
    """`root/relative`, resolved, when it stays inside `root`; PacketError otherwise.

    A family member's packet also reads the family's shared store (`family`, from `family_store`): a path
    `../NAME.family/...` naming that very store resolves inside it, and nowhere else; any other path leaving the
    packet folder is refused."""
    root = Path(root).resolve()
    rel = str(relative)
    if family is not None and rel.startswith(f"../{family.name}/"):
        inner = rel[len(family.name) + 4:]
        p = (family / inner).resolve()
        if inner and not os.path.isabs(inner) and "\\" not in inner and family in p.parents:
            return p
        raise PacketError(_("{path}: {what} points outside the family's shared folder ({value!r}); packet.json was "
                            "changed by hand or damaged. Restore the packet from a backup or archive.").format(
                              path=root / PACKET_FILE, what=what, value=rel[:80]))
    p = (root / rel).resolve()
    if not rel or os.path.isabs(rel) or "\\" in rel or root not in p.parents:
        raise PacketError(_("{value}: {what} points outside the packet folder ({value2!r}); packet.json was "
                            "changed by hand or damaged. Restore the packet from a backup or archive.").format(
                              value=root / PACKET_FILE, what=what, value2=rel[:80]))
    return p


def family_store(root: Path, packet: Packet) -> Path | None:
    """The family's shared store a member packet reads (a folder `NAME.family` beside the packet folder, named by
    packet.json's `family.store`), None for a packet on its own. A name that is not one folder beside the packet
    (a path, `..`, a link leading elsewhere) is refused: only that store is trusted outside the packet."""
    if packet.family is None:
        return None
    name = packet.family.store
    root = Path(root).resolve()
    parent = root.parent
    store = (parent / name).resolve() if name else parent
    if (not name.endswith(FAMILY_SUFFIX) or name.startswith(".") or "/" in name or "\\" in name
            or os.path.isabs(name) or store.parent != parent):
        raise PacketError(_("{path}: its family link ({value!r}) does not name a family folder beside the packet; "
                            "packet.json was changed by hand or damaged. Restore the packet from a backup or "
                            "archive.").format(path=root / PACKET_FILE, value=name[:80]))
    return store


def check_paths(root: Path, packet: Packet) -> None:
    """Every path packet.json names resolves inside the packet folder, or inside its family's shared store
    (checked at open, before anything reads)."""
    family = family_store(root, packet)
    for doc in packet.documents.values():
        confine(root, doc.stored, f"the document {doc.original_name!r}", family)
        if doc.repaired:
            confine(root, doc.repaired, _("the repaired copy of {original_name!r}").format(
                                            original_name=doc.original_name), family)
        if doc.converted:
            confine(root, doc.converted, _("the PDF made from {original_name!r}").format(
                                             original_name=doc.original_name), family)
        for n, img in enumerate(doc.page_images, start=1):
            confine(root, img.file, f"page {n} of {doc.original_name!r}", family)


def used_documents(packet: Packet) -> dict[str, str]:
    """sha256 -> how the user knows it ("Tab C (Birth certificate)"), for every document an export reads."""
    out: dict[str, str] = {}
    for e in packet.items():
        label = packet.label_of(e)
        name = _("Tab {label} ({title})").format(label=label, title=e.title[:60]) if label else _("the lead document {value!r}").format(
                                                                 value=e.title[:60])
        out.setdefault(e.document, name)
        if e.translation:
            out.setdefault(e.translation, f"the translation of {name}")
    return out


def verify_for_export(folder: Path, packet: Packet) -> None:
    """Refuse to export a document whose file is missing, changed or swapped, naming the exhibit."""
    folder = Path(folder)
    cache = _Cache(folder)
    family = family_store(folder, packet)
    try:
        for sha, name in used_documents(packet).items():
            doc = packet.documents.get(sha)
            if doc is None:
                raise IntegrityError(_("{value}: {name} refers to a document that is not in the packet; "
                                       "packet.json is damaged. Restore the packet from a backup or archive.").format(
                                         value=folder / PACKET_FILE, name=name))
            verify_document(folder, doc, name, cache, family)
    finally:
        cache.save()


def verify_document(folder: Path, doc: Document, name: str, cache: _Cache | None = None,
                    family: Path | None = None) -> None:
    cache = cache or _Cache(folder, persist=False)
    path = confine(folder, doc.stored, _("the document of {name}").format(name=name), family)
    expected = doc.stored_sha256 or ("" if doc.decrypted else doc.sha256)
    letter = bool(doc.converted)  # a Word letter: the original is no PDF; the PDF made from it is checked below
    facts = cache.facts(path, count_pages=doc.kind == "pdf" and not letter)
    if facts is None:
        raise DocumentMissing(_("{path}: the document of {name} ({original_name}) is missing from the packet. "
                               "Remove the exhibit and add the file again, or restore the packet from a backup.").format(
                                 path=path, name=name, original_name=doc.original_name))
    if expected and facts["sha256"] != expected:
        raise IntegrityError(_("{path}: the document of {name} ({original_name}) is not the file that was added "
                               "(its SHA-256 differs): it was changed or replaced. Nothing was exported; remove "
                               "the exhibit and add the original file again.").format(
                                 path=path, name=name, original_name=doc.original_name))
    # A count the file cannot give (a damaged PDF: -1) is not a lie; the export proves and repairs such a file,
    # or names it. A count it gives must be packet.json's (a claim of 10^9 pages is refused here).
    counted = facts.get("pages")
    if doc.kind == "pdf" and not doc.repaired and not letter and isinstance(counted, int) and counted >= 0 \
            and counted != doc.pages:
        raise IntegrityError(_("{path}: packet.json says {name} has {pages:,} pages, but its file has {value}; "
                               "packet.json was changed or damaged. Remove the exhibit and add the file again.").format(
                                 path=path, name=name, pages=doc.pages, value=facts.get('pages')))
    if doc.repaired:  # the export reads the repaired copy: it must be the one intake wrote
        rpath = confine(folder, doc.repaired, _("the repaired copy of {name}").format(name=name), family)
        rfacts = cache.facts(rpath, count_pages=True)
        if rfacts is None:
            raise DocumentMissing(_("{rpath}: the repaired copy of {name} ({original_name}) is missing from the "
                                   "packet. Remove the exhibit and add the file again.").format(
                                     rpath=rpath, name=name, original_name=doc.original_name))
        if doc.repaired_sha256 and rfacts["sha256"] != doc.repaired_sha256:
            raise IntegrityError(_("{rpath}: the repaired copy of {name} ({original_name}) was changed or "
                                   "replaced since it was added. Remove the exhibit and add the file again.").format(
                                     rpath=rpath, name=name, original_name=doc.original_name))
        if rfacts.get("pages") != doc.pages:
            raise IntegrityError(_("{rpath}: packet.json says {name} has {pages:,} pages, but its repaired copy "
                                   "has {value}; packet.json was changed or damaged. Remove the exhibit and add "
                                   "the file again.").format(
                                     rpath=rpath, name=name, pages=doc.pages, value=rfacts.get('pages')))
    if letter:  # the PDF LibreOffice made at intake: the one the export reads (unless repaired, checked above)
        cpath = confine(folder, doc.converted, _("the PDF made from {name}").format(name=name), family)
        cfacts = cache.facts(cpath, count_pages=True)
        if cfacts is None:
            raise IntegrityError(_("{cpath}: the PDF made from {name} ({original_name}) is missing from the "
                                   "packet. Remove the exhibit and add the letter again.").format(
                                     cpath=cpath, name=name, original_name=doc.original_name))
        if doc.converted_sha256 and cfacts["sha256"] != doc.converted_sha256:
            raise IntegrityError(_("{cpath}: the PDF made from {name} ({original_name}) was changed or replaced "
                                   "since it was added. Remove the exhibit and add the letter again.").format(
                                     cpath=cpath, name=name, original_name=doc.original_name))
        if not doc.repaired and cfacts.get("pages") != doc.pages:
            raise IntegrityError(_("{cpath}: packet.json says {name} has {pages:,} pages, but the PDF made from "
                                   "it has {value}; packet.json was changed or damaged. Remove the exhibit and add "
                                   "the letter again.").format(
                                     cpath=cpath, name=name, pages=doc.pages, value=cfacts.get('pages')))
    for n, img in enumerate(doc.page_images, start=1):
        ipath = confine(folder, img.file, f"page {n} of {name}", family)
        ifacts = cache.facts(ipath)
        if ifacts is None:
            raise DocumentMissing(_("{ipath}: page {n} of {name} ({original_name}) is missing from the packet. "
                                   "Remove the exhibit and add the file again.").format(
                                     ipath=ipath, n=n, name=name, original_name=doc.original_name))
        if img.sha256 and ifacts["sha256"] != img.sha256:
            raise IntegrityError(_("{ipath}: page {n} of {name} ({original_name}) was changed or replaced since "
                                   "it was added. Remove the exhibit and add the file again.").format(
                                     ipath=ipath, n=n, name=name, original_name=doc.original_name))


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


class _Cache:
    """What a file hashed to (and how many pages it has), keyed by what a swap cannot keep the same.

    Kept in memory and in the user's cache folder (never in the packet: export only reads the packet), under a
    hash of each file's path, so the cache names no client.
    """

    _memory: dict[str, dict] = {}
    MAX_ENTRIES = 50_000

    def __init__(self, folder: Path, persist: bool = True):
        self.path = cache_dir() / CACHE_FILE
        self.persist = persist
        self.dirty = False
        if persist and not _Cache._memory:
            try:
                data = json.loads(self.path.read_bytes())
                if isinstance(data, dict) and len(data) <= self.MAX_ENTRIES:
                    _Cache._memory.update(data)
            except (OSError, ValueError, RecursionError):
                pass
        self.entries = _Cache._memory if persist else {}

    def facts(self, path: Path, count_pages: bool = False) -> dict | None:
        try:
            st = path.stat()
        except OSError:
            return None
        if not path.is_file():
            return None
        key = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        name = hashlib.sha256(os.fsencode(os.path.realpath(path))).hexdigest()
        entry = self.entries.get(name)
        if not (isinstance(entry, dict) and entry.get("key") == key and isinstance(entry.get("sha256"), str)
                and (not count_pages or isinstance(entry.get("pages"), int))):
            entry = {"key": key, "sha256": file_sha256(path)}
            if count_pages:
                entry["pages"] = _pdf_pages(path)
            if len(self.entries) >= self.MAX_ENTRIES:
                self.entries.clear()
            self.entries[name] = entry
            self.dirty = True
        return entry

    def save(self) -> None:
        if not (self.persist and self.dirty):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomic(self.path, json.dumps(self.entries).encode("utf-8"), sync_dir=False)
        except OSError:
            pass  # verified again next time


def _pdf_pages(path: Path) -> int:
    try:
        with pypdf_reports():
            reader = PdfReader(str(path), strict=False)
            if reader.is_encrypted:
                reader.decrypt("")
            return len(reader.pages)
    except Exception:  # unreadable now: the count cannot match, and the message says so
        return -1


# -- clean-up --------------------------------------------------------------------------------------------------

def named_files(packets: Iterable[dict]) -> set[str]:
    """Relative paths (documents/..., derived/...) that any of these packet.json bodies names."""
    keep: set[str] = set()
    for body in packets:
        docs = body.get("documents") if isinstance(body, dict) else None
        for doc in (docs.values() if isinstance(docs, dict) else []):
            if not isinstance(doc, dict):
                continue
            keep.add(str(doc.get("stored", "")))
            for key in ("repaired", "converted"):
                if doc.get(key):
                    keep.add(str(doc[key]))
            for img in doc.get("page_images") or []:
                if isinstance(img, dict):
                    keep.add(str(img.get("file", "")))
    return keep


def named_documents(packets: Iterable[dict]) -> set[str]:
    """The SHA-256s of the documents these packet.json bodies hold: `derived/<sha>/` of one of them is its own
    (page images, and the caches the engines keep there: recognised text in ocr/, a letter's converted.pdf)."""
    return {str(sha) for body in packets if isinstance(body, dict) and isinstance(body.get("documents"), dict)
            for sha, doc in body["documents"].items()
            if not (isinstance(doc, dict) and str(doc.get("stored", "")).startswith("../"))}  # shared: the store's


def tidy(root: Path) -> list[str]:
    """Remove temp files and unnamed documents; only while no intake writes here. The caller holds the lock.

    Documents named by packet.json or by packet.json.bak are kept, and so is everything under derived/<sha>/ of a
    document they hold (the OCR cache, a converted letter); so is everything when neither can be read.
    """
    bodies = []
    for name in (PACKET_FILE, BACKUP_FILE):
        try:
            bodies.append(json.loads((root / name).read_bytes()))
        except FileNotFoundError:
            continue
        except (OSError, ValueError, RecursionError):
            continue
    if not any(isinstance(b, dict) for b in bodies):
        return []
    keep = named_files(bodies)
    owners = named_documents(bodies)
    removed: list[str] = []
    with no_intake_running(root) as alone:
        if not alone:
            return []
        remove_stale_temps(root)
        for sub in (DOCUMENTS, DERIVED):
            base = root / sub
            if not base.is_dir():
                continue
            for p in sorted(base.rglob("*"), reverse=True):  # files before their folders
                rel = p.relative_to(root).as_posix()
                try:
                    if p.is_dir() and not p.is_symlink():
                        if sub == DERIVED and not any(p.iterdir()):
                            p.rmdir()
                    elif rel not in keep and not (sub == DERIVED and _derived_owner(rel) in owners):
                        p.unlink()
                        removed.append(rel)
                except OSError:
                    continue
    return removed


def _derived_owner(rel: str) -> str:
    """The document a derived/<sha>/... file belongs to ('' for anything else)."""
    parts = rel.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == DERIVED else ""
