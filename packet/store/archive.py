"""A packet as one file: a zip of the packet folder, to move it to another laptop or hand it to a colleague.

Unpacking never trusts the archive: member names must stay inside one `NAME.packet/` folder and appear once
(also when compared without case, as Windows and macOS do), sizes are counted as the bytes arrive (a member that
says 1 KB and inflates to 1 GB is stopped), every CRC is checked, and every document and page image must have the
SHA-256 packet.json states, all in a staging folder that is only renamed into place when everything holds.
"""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from packet import __version__
from packet.core.i18n import _
from packet.store.atomic import fsync_dir
from packet.store.errors import PacketIOError
from packet.store.folder import (
    BACKUP_FILE,
    DERIVED,
    DOCUMENTS,
    PACKET_FILE,
    SCHEMA_VERSION,
    SUFFIX,
    PacketError,
    PacketFolder,
    open_packet,
    secure_folder,
)
from packet.store.integrity import (
    DocumentMissing,
    IntegrityError,
    confine,
    family_store,
    used_documents,
    verify_document,
)

MAX_UNPACKED_BYTES = 8 * 1024**3
_COMPRESSED = {".pdf", ".jpg", ".jpeg", ".png", ".heic", ".webp", ".gif", ".tif", ".tiff"}
_CHUNK = 1024 * 1024


def write_archive(folder: PacketFolder, target: Path) -> Path:
    """Write `target` (.zip) holding the packet folder; written to a temp file and renamed into place."""
    target = Path(target)
    if target.suffix.lower() != ".zip":
        target = target.with_name(target.name + ".zip")
    if not target.parent.is_dir():
        raise PacketError(_("{parent}: no such folder for the archive.").format(parent=target.parent))
    top = folder.path.name
    try:
        fd, tmp = tempfile.mkstemp(prefix=".packet-archive.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise PacketIOError(exc, target, _("write the archive")) from exc
    try:
        with open(fd, "wb") as fh, zipfile.ZipFile(fh, "w") as zf:
            written: set[str] = set()
            if folder.family is None:
                zf.write(folder.path / PACKET_FILE, f"{top}/{PACKET_FILE}", compress_type=zipfile.ZIP_DEFLATED)
            else:  # a family member: on its own, with copies of the family's documents it uses
                body, shared = _standalone(folder)
                zf.writestr(f"{top}/{PACKET_FILE}", body, compress_type=zipfile.ZIP_DEFLATED)
                for source, rel in shared:
                    zf.write(source, f"{top}/{rel}", compress_type=zipfile.ZIP_STORED)
                    written.add(rel)
            for sub in (DOCUMENTS, DERIVED):
                for p in sorted((folder.path / sub).rglob("*")):
                    if p.is_file() and not p.name.startswith(".") and p.relative_to(folder.path).as_posix() not in written:
                        rel = p.relative_to(folder.path).as_posix()
                        kind = zipfile.ZIP_STORED if p.suffix.lower() in _COMPRESSED else zipfile.ZIP_DEFLATED
                        zf.write(p, f"{top}/{rel}", compress_type=kind)
            fh.flush()
        Path(tmp).replace(target)
        fsync_dir(target.parent)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise PacketIOError(exc, target, _("write the archive")) from exc
        raise
    return target


def _standalone(folder: PacketFolder) -> tuple[bytes, list[tuple[Path, str]]]:
    """A family member's packet.json as a packet on its own (no family link, its shared exhibits its own, as the
    family's store has them now), and the store's files it uses: (file, its path inside the archived packet).
    Another computer has no family's folder beside the packet, so the archive carries what the packet needs."""
    packet = copy.deepcopy(folder.packet)
    store = family_store(folder.path, packet)
    prefix = f"../{store.name}/" if store is not None else "../"
    files: dict[str, Path] = {}

    def local(rel: str, what: str) -> str:
        if not rel.startswith(prefix):
            return rel
        inside = rel[len(prefix):]
        files[inside] = confine(folder.path, rel, what, family=store)
        return inside

    for doc in packet.documents.values():
        name = doc.original_name
        doc.stored = local(doc.stored, _("the shared document {original_name!r}").format(original_name=name))
        if doc.repaired:
            doc.repaired = local(doc.repaired, _("the repaired copy of {original_name!r}").format(original_name=name))
        if doc.converted:
            doc.converted = local(doc.converted, _("the PDF made from {original_name!r}").format(original_name=name))
        for img in doc.page_images:
            img.file = local(img.file, _("a page of {original_name!r}").format(original_name=name))
    packet.family = None
    for e in packet.items():
        e.shared = ""
    body = {"schema_version": SCHEMA_VERSION, "app": f"Packet {__version__}", **packet.to_dict()}
    data = (json.dumps(body, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    return data, [(path, rel) for rel, path in sorted(files.items())]


def open_archive(archive: Path, dest: Path) -> PacketFolder:
    """Unpack an archive into `dest` and open it. Checks names, sizes and document hashes before anything lands."""
    archive, dest = Path(archive), Path(dest)
    if not dest.is_dir():
        raise PacketError(_("{dest}: no such folder to unpack into.").format(dest=dest))
    try:
        zf = zipfile.ZipFile(archive)
    except FileNotFoundError as exc:
        raise PacketError(_("{archive}: no such file.").format(archive=archive)) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise PacketError(_("{archive}: is not a packet archive (not a zip file, or damaged).").format(
                              archive=archive)) from exc
    except OSError as exc:
        raise PacketIOError(exc, archive, _("read the archive")) from exc
    with zf:
        top, members, total = _check_members(archive, zf)
        final = dest / top
        if final.exists():
            raise PacketError(_("{final}: already exists. Move it away, or unpack somewhere else with --dest.").format(
                                  final=final))
        _check_space(archive, dest, total)
        try:
            staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=dest))
        except OSError as exc:
            raise PacketIOError(exc, dest, _("unpack the archive")) from exc
        try:
            for info in members:
                _extract(archive, zf, info, staging)
            unpacked = staging / top
            secure_folder(unpacked)
            try:
                pf = open_packet(unpacked)
            except PacketError as exc:
                raise PacketError(_("{archive}: its packet cannot be opened: {error}").format(
                                      archive=archive, error=exc)) from None
            _verify_documents(archive, pf)
            (unpacked / BACKUP_FILE).unlink(missing_ok=True)
            unpacked.replace(final)
        except OSError as exc:
            raise PacketIOError(exc, dest, _("unpack the archive")) from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    fsync_dir(dest)
    return open_packet(final)


def _check_members(archive: Path, zf: zipfile.ZipFile) -> tuple[str, list[zipfile.ZipInfo], int]:
    """The packet folder's name, the members to unpack, and their declared total size."""
    tops: set[str] = set()
    seen: set[str] = set()
    members: list[zipfile.ZipInfo] = []
    total = 0
    for info in zf.infolist():
        p = PurePosixPath(info.filename)
        if (p.is_absolute() or ".." in p.parts or "\\" in info.filename or not p.parts
                or any(ord(c) < 32 for c in info.filename)):
            raise PacketError(_("{archive}: holds an unsafe path ({filename!r}); it was not unpacked.").format(
                                  archive=archive, filename=info.filename))
        key = "/".join(p.parts).casefold()
        if key in seen:
            raise PacketError(_("{archive}: holds {filename!r} twice; it was tampered with or damaged, and was "
                                "not unpacked. Ask for a new archive.").format(
                                  archive=archive, filename=info.filename))
        seen.add(key)
        tops.add(p.parts[0])
        if info.flag_bits & 0x1:
            raise PacketError(_("{archive}: is password-protected; Packet archives never are. Ask for a new "
                                "archive.").format(archive=archive))
        if info.is_dir():
            continue
        inside = p.parts[1:]
        if inside == (PACKET_FILE,) or (len(inside) >= 2 and inside[0] in (DOCUMENTS, DERIVED)):
            members.append(info)  # anything else (hidden files, caches, a lock) is not part of a packet
            total += info.file_size
    if len(tops) != 1 or not next(iter(tops)).endswith(SUFFIX):
        raise PacketError(_("{archive}: is not a packet archive (expected one folder ending in {suffix}).").format(
                              archive=archive, suffix=SUFFIX))
    top = next(iter(tops))
    if f"{top}/{PACKET_FILE}" not in zf.namelist():
        raise PacketError(_("{archive}: has no {packet_file}; it is not a packet archive.").format(
                              archive=archive, packet_file=PACKET_FILE))
    if total > MAX_UNPACKED_BYTES:
        raise PacketError(_("{archive}: would unpack to {value:.1f} GB, more than a packet should; not unpacked.").format(
                              archive=archive, value=total / 1e9))
    return top, members, total


def _check_space(archive: Path, dest: Path, total: int) -> None:
    try:
        free = shutil.disk_usage(dest).free
    except OSError:
        return
    if total > free:
        raise PacketError(_("{archive}: needs {value:,.0f} MB to unpack, and {dest} has {value2:,.0f} MB free. "
                            "Free some disk space, or unpack somewhere else with --dest.").format(
                              archive=archive, value=total / 1e6, dest=dest, value2=free / 1e6))


def _extract(archive: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, staging: Path) -> None:
    """One member, counted as it arrives: never more bytes than it declared, and its CRC checked."""
    target = staging.joinpath(*PurePosixPath(info.filename).parts)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    written = 0
    try:
        with zf.open(info) as src, open(target, "xb") as out:
            target.chmod(0o600)
            while chunk := src.read(_CHUNK):
                written += len(chunk)
                if written > info.file_size:
                    raise PacketError(_("{archive}: {filename!r} holds more than it says; it was tampered with "
                                        "or damaged, and was not unpacked. Ask for a new archive.").format(
                                          archive=archive, filename=info.filename))
                out.write(chunk)
    except (zipfile.BadZipFile, EOFError, zlib.error, ValueError, NotImplementedError, RuntimeError) as exc:
        raise PacketError(_("{archive}: {filename!r} is damaged inside the archive ({value}); nothing was "
                            "unpacked. Ask for a new archive.").format(
                              archive=archive, filename=info.filename, value=str(exc)[:80])) from exc
    if written != info.file_size:
        raise PacketError(_("{archive}: {filename!r} is shorter than it says; the archive is damaged, and "
                            "nothing was unpacked. Ask for a new archive.").format(
                              archive=archive, filename=info.filename))


def _verify_documents(archive: Path, pf: PacketFolder) -> None:
    """Every document (decrypted copies and page images included) is the one packet.json names."""
    names = used_documents(pf.packet)
    for doc in pf.packet.documents.values():
        try:
            verify_document(pf.path, doc, names.get(doc.sha256, repr(doc.original_name)))
        except IntegrityError as exc:
            missing = isinstance(exc, DocumentMissing)
            what = _("is missing") if missing else _("is damaged inside the archive, or was changed")
            raise PacketError(_("{archive}: the document {original_name!r} {what}; nothing was unpacked. Ask for "
                                "a new archive.").format(
                                  archive=archive, original_name=doc.original_name, what=what)) from exc
