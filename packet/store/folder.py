"""The packet folder on disk: `NAME.packet/packet.json` plus content-addressed `documents/`.

Every save is atomic and keeps the previous `packet.json` as `packet.json.bak`; a crash at any instant leaves a
packet that opens. A `schema_version` newer than this program knows is refused, never half-read.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from packet import __version__
from packet.core.model import Packet
from packet.store.atomic import fsync_dir, remove_stale_temps, write_atomic

SCHEMA_VERSION = 1
PACKET_FILE = "packet.json"
BACKUP_FILE = "packet.json.bak"
DOCUMENTS = "documents"
DERIVED = "derived"
SUFFIX = ".packet"


class PacketError(Exception):
    """Something about a packet on disk the user must know; the message names it and what to do."""


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def packet_path(path: str | os.PathLike[str]) -> Path:
    """`Lopez` and `Lopez.packet` both name the folder `Lopez.packet`."""
    p = Path(path)
    return p if p.name.endswith(SUFFIX) else p.with_name(p.name + SUFFIX)


@dataclass
class PacketFolder:
    path: Path
    packet: Packet
    opened_from_backup: bool = False

    @property
    def documents_dir(self) -> Path:
        return self.path / DOCUMENTS

    def file(self, relative: str) -> Path:
        """A path inside the packet folder, from the relative form kept in packet.json."""
        p = (self.path / relative).resolve()
        if self.path.resolve() not in p.parents:
            raise PacketError(f"{self.path.name}: packet.json points outside the packet folder ({relative!r})")
        return p

    def save(self) -> None:
        """Write packet.json atomically, keeping the previous version as packet.json.bak."""
        self.write(self.encode())

    def encode(self) -> bytes:
        """packet.json as it would be saved now (stamped with the time); `write` puts it on disk. The window
        encodes on its own thread and writes on another, so the disk never holds it up."""
        self.packet.modified = now_iso()
        body = {"schema_version": SCHEMA_VERSION, "app": f"Packet {__version__}", **self.packet.to_dict()}
        return (json.dumps(body, indent=1, ensure_ascii=False) + "\n").encode("utf-8")

    def write(self, data: bytes) -> None:
        """Replace packet.json with `data` (from `encode`) atomically, the previous version kept as .bak."""
        current = self.path / PACKET_FILE
        try:
            previous = current.read_bytes()
        except FileNotFoundError:
            previous = None
        if previous is not None and previous != data:
            write_atomic(self.path / BACKUP_FILE, previous, sync_dir=False)
        write_atomic(current, data)


def create_packet(path: str | os.PathLike[str], name: str | None = None) -> PacketFolder:
    """A new, empty packet folder. Refuses to touch a folder that already exists."""
    folder = packet_path(path)
    if folder.exists():
        raise PacketError(f"{folder}: already exists. Open it, or choose another name.")
    if not folder.parent.is_dir():
        raise PacketError(f"{folder.parent}: no such folder. Create it first, or choose another place.")
    folder.mkdir()
    (folder / DOCUMENTS).mkdir()
    (folder / DERIVED).mkdir()
    fsync_dir(folder.parent)
    stamp = now_iso()
    pf = PacketFolder(folder, Packet(name=name or folder.name[: -len(SUFFIX)], created=stamp, modified=stamp))
    pf.save()
    return pf


def open_packet(path: str | os.PathLike[str]) -> PacketFolder:
    """Open a packet folder; falls back to packet.json.bak only if packet.json itself is unreadable."""
    folder = Path(path)
    if not folder.exists() and packet_path(folder).exists():
        folder = packet_path(folder)
    if not folder.is_dir():
        raise PacketError(f"{folder}: no packet here. Check the path, or create one with 'packet new'.")
    main, backup = folder / PACKET_FILE, folder / BACKUP_FILE
    if not main.exists() and not backup.exists():
        raise PacketError(f"{folder}: this folder is not a packet (it has no {PACKET_FILE}).")
    try:
        packet = _read(main)
        from_backup = False
    except PacketError as first:
        if "newer version" in str(first) or not backup.exists():
            raise
        try:
            packet = _read(backup)
        except PacketError:
            raise first from None
        from_backup = True
    for sub in (DOCUMENTS, DERIVED):
        (folder / sub).mkdir(exist_ok=True)
    remove_stale_temps(folder)
    return PacketFolder(folder, packet, opened_from_backup=from_backup)


def _read(path: Path) -> Packet:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise PacketError(f"{path}: missing") from exc
    except OSError as exc:
        raise PacketError(f"{path}: cannot be read ({exc.strerror}). Check the folder's permissions.") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PacketError(f"{path}: is damaged (not valid JSON: {exc}).") from exc
    if not isinstance(data, dict):
        raise PacketError(f"{path}: is damaged (not a packet description).")
    version = data.get("schema_version")
    if not isinstance(version, int) or version < 1:
        raise PacketError(f"{path}: has no valid schema_version; it was not written by Packet, or is damaged.")
    if version > SCHEMA_VERSION:
        raise PacketError(
            f"{path}: was saved by a newer version of Packet (packet format {version}; this version reads up to "
            f"{SCHEMA_VERSION}). Update Packet to open it; nothing was changed."
        )
    try:
        packet = Packet.from_dict(data)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise PacketError(f"{path}: is damaged ({exc}).") from exc
    problems = packet.check_integrity()
    if problems:
        raise PacketError(f"{path}: is inconsistent: {'; '.join(problems[:3])}.")
    return packet
