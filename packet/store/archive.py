"""A packet as one file: a zip of the packet folder, to move it to another laptop or hand it to a colleague."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from packet.store.atomic import fsync_dir
from packet.store.folder import (
    BACKUP_FILE,
    DERIVED,
    DOCUMENTS,
    PACKET_FILE,
    SUFFIX,
    PacketError,
    PacketFolder,
    open_packet,
)

MAX_UNPACKED_BYTES = 8 * 1024**3
_COMPRESSED = {".pdf", ".jpg", ".jpeg", ".png", ".heic", ".webp", ".gif", ".tif", ".tiff"}


def write_archive(folder: PacketFolder, target: Path) -> Path:
    """Write `target` (.zip) holding the packet folder; written to a temp file and renamed into place."""
    target = Path(target)
    if target.suffix.lower() != ".zip":
        target = target.with_name(target.name + ".zip")
    if not target.parent.is_dir():
        raise PacketError(f"{target.parent}: no such folder for the archive.")
    top = folder.path.name
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with open(fd, "wb") as fh, zipfile.ZipFile(fh, "w") as zf:
            zf.write(folder.path / PACKET_FILE, f"{top}/{PACKET_FILE}", compress_type=zipfile.ZIP_DEFLATED)
            for sub in (DOCUMENTS, DERIVED):
                for p in sorted((folder.path / sub).rglob("*")):
                    if p.is_file() and not p.name.startswith("."):
                        rel = p.relative_to(folder.path).as_posix()
                        kind = zipfile.ZIP_STORED if p.suffix.lower() in _COMPRESSED else zipfile.ZIP_DEFLATED
                        zf.write(p, f"{top}/{rel}", compress_type=kind)
            fh.flush()
        Path(tmp).replace(target)
        fsync_dir(target.parent)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def open_archive(archive: Path, dest: Path) -> PacketFolder:
    """Unpack an archive into `dest` and open it. Checks names, sizes and document hashes before anything lands."""
    archive, dest = Path(archive), Path(dest)
    if not dest.is_dir():
        raise PacketError(f"{dest}: no such folder to unpack into.")
    try:
        zf = zipfile.ZipFile(archive)
    except FileNotFoundError as exc:
        raise PacketError(f"{archive}: no such file.") from exc
    except zipfile.BadZipFile as exc:
        raise PacketError(f"{archive}: is not a packet archive (not a zip file, or damaged).") from exc
    with zf:
        top = _check_members(archive, zf)
        final = dest / top
        if final.exists():
            raise PacketError(f"{final}: already exists. Move it away, or unpack somewhere else with --dest.")
        staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=dest))
        try:
            zf.extractall(staging)
            unpacked = staging / top
            pf = open_packet(unpacked)
            _verify_documents(archive, pf)
            unpacked.replace(final)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    fsync_dir(dest)
    return open_packet(final)


def _check_members(archive: Path, zf: zipfile.ZipFile) -> str:
    tops: set[str] = set()
    total = 0
    for info in zf.infolist():
        p = PurePosixPath(info.filename)
        if p.is_absolute() or ".." in p.parts or "\\" in info.filename or not p.parts:
            raise PacketError(f"{archive}: holds an unsafe path ({info.filename!r}); it was not unpacked.")
        tops.add(p.parts[0])
        total += info.file_size
    if len(tops) != 1 or not next(iter(tops)).endswith(SUFFIX):
        raise PacketError(f"{archive}: is not a packet archive (expected one folder ending in {SUFFIX}).")
    top = next(iter(tops))
    if f"{top}/{PACKET_FILE}" not in zf.namelist():
        raise PacketError(f"{archive}: has no {PACKET_FILE}; it is not a packet archive.")
    if total > MAX_UNPACKED_BYTES:
        raise PacketError(f"{archive}: would unpack to {total / 1e9:.1f} GB, more than a packet should; not unpacked.")
    return top


def _verify_documents(archive: Path, pf: PacketFolder) -> None:
    for doc in pf.packet.documents.values():
        path = pf.file(doc.stored)
        if not path.exists():
            raise PacketError(f"{archive}: is missing the document {doc.original_name!r}; ask for a new archive.")
        if not doc.decrypted and hashlib.sha256(path.read_bytes()).hexdigest() != doc.sha256:
            raise PacketError(f"{archive}: the document {doc.original_name!r} is damaged inside the archive; "
                              "ask for a new archive.")
        for img in doc.page_images:
            if not pf.file(img.file).exists():
                raise PacketError(f"{archive}: is missing a page image of {doc.original_name!r}.")
    (pf.path / BACKUP_FILE).unlink(missing_ok=True)
