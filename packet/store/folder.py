"""The packet folder on disk: `NAME.packet/packet.json` plus content-addressed `documents/`.

Every save is atomic and keeps the previous `packet.json` as `packet.json.bak`; a crash at any instant leaves a
packet that opens. A `schema_version` newer than this program knows is refused, never half-read, and so is a
packet.json whose values have the wrong types or whose paths lead out of the folder.

Two writers never overwrite each other: every write happens under the packet's lock (`lock.py`) and is a
compare-and-swap on the version of packet.json this folder read. `update()` re-reads a packet that changed and
applies the edit to the new version; `save()` and `write()` refuse with `PacketChanged` instead of writing an old
copy back. Saving is two steps, `encode()` (a consistent snapshot) and `write(data)` (the check and the disk), so
the window can encode on its own thread and write on another; the check is made in `write`, where the write is.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from packet import __version__
from packet.core.i18n import _
from packet.core.model import Packet
from packet.store.atomic import commit_atomic, discard, fsync_dir, prepare_atomic, write_atomic
from packet.store.errors import PacketError, PacketIOError
from packet.store.family import FamilyState, attach_family
from packet.store.filenames import display_name
from packet.store.integrity import check_paths, confine, tidy
from packet.store.layout import (
    BACKUP_FILE,
    DERIVED,
    DOCUMENTS,
    FOLDER_MODE,
    PACKET_FILE,
    SCHEMA_VERSION,
    SUFFIX,
)
from packet.store.lock import LockError, PacketLock, program_name
from packet.store.schema import SchemaProblem, check_packet_dict
from packet.store.upgrade import clean_reused_jpegs, needs_upgrade

__all__ = [
    "BACKUP_FILE", "DERIVED", "DOCUMENTS", "PACKET_FILE", "SCHEMA_VERSION", "SUFFIX", "LockError", "PacketChanged",
    "PacketError", "PacketFolder", "create_packet", "now_iso", "open_packet", "packet_path",
]

MAX_PACKET_JSON_BYTES = 256 * 1024 * 1024
T = TypeVar("T")


class NewerFormat(PacketError):
    """packet.json was saved by a newer Packet: said as it is, never "repaired" from the backup."""


class PacketChanged(PacketError):
    """packet.json changed on disk since this copy was read: saving would write an old copy over someone's work."""


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def packet_path(path: str | os.PathLike[str]) -> Path:
    """`Lopez` and `Lopez.packet` both name the folder `Lopez.packet`."""
    p = Path(path)
    return p if p.name.endswith(SUFFIX) else p.with_name(p.name + SUFFIX)


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


@dataclass
class PacketFolder:
    path: Path
    packet: Packet
    opened_from_backup: bool = False
    version: str | None = None  # SHA-256 of packet.json as last read or written here: what a save compares
    main_readable: bool = True  # False when packet.json was torn and the backup was opened: never back it up
    lock: PacketLock | None = field(default=None, repr=False, compare=False)
    read_only: bool = False  # opened only to look (another program has it): every write is refused
    family: FamilyState | None = field(default=None, repr=False, compare=False)  # a family member's shared store

    @property
    def documents_dir(self) -> Path:
        return self.path / DOCUMENTS

    def file(self, relative: str) -> Path:
        """A path inside the packet folder, from the relative form kept in packet.json."""
        return confine(self.path, relative)

    # -- the writer's lock -----------------------------------------------------------------------------------
    @property
    def holds_lock(self) -> bool:
        return self.lock is not None and self.lock.held

    def take_lock(self, program: str | None = None, wait: float | None = None) -> None:
        """Hold the packet's lock until `release_lock()` (the window, for as long as it shows the packet).

        Re-reads packet.json if it changed since it was read, and tidies what crashes left behind.
        """
        if self.holds_lock:
            return
        lock = PacketLock(self.path, program or program_name())
        lock.acquire(wait)
        self.lock = lock
        try:
            if self.changed_on_disk():
                self.reload()
            secure_folder(self.path)
            tidy(self.path)
            self._upgrade()
        except BaseException:
            self.release_lock()
            raise

    def _upgrade(self) -> None:
        """Bring a packet made by an earlier version up to today's rules (under the lock, after the clean-up)."""
        if needs_upgrade(self.packet):
            try:
                self.update(lambda p: clean_reused_jpegs(self.path, p), always=False)
            except (OSError, PacketError):
                pass  # a packet on a read-only disk opens as it is; it is upgraded when it can be written

    def release_lock(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def wait_until_free(self, wait: float | None = None) -> None:
        """Raise LockError at once (after the usual wait) when another program holds the packet."""
        if not self.holds_lock:
            with self._writing(wait):
                pass

    def __enter__(self) -> PacketFolder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release_lock()

    # -- reading and saving ----------------------------------------------------------------------------------
    def changed_on_disk(self) -> bool:
        try:
            return _digest((self.path / PACKET_FILE).read_bytes()) != self.version
        except FileNotFoundError:
            return self.version is not None
        except OSError as exc:
            raise PacketIOError(exc, self.path / PACKET_FILE, "read") from exc

    def reload(self) -> None:
        """Read packet.json again (someone else saved it); the edits of this copy are dropped."""
        fresh = _load(self.path)
        self.packet, self.opened_from_backup = fresh.packet, fresh.opened_from_backup
        self.version, self.main_readable = fresh.version, fresh.main_readable
        self.family = fresh.family

    def refresh_family(self) -> bool:
        """A family member: take in what other members changed in the shared exhibits since this packet read the
        store (True when the packet changed). Call it when no write of this folder is under way."""
        return self.family is not None and self.family.refresh(self.packet)

    def save(self) -> None:
        """Write packet.json atomically (the previous version kept as packet.json.bak), if no one else did since.

        Raises PacketChanged when packet.json changed since this copy was read, LockError when another program
        holds the packet, PacketIOError when the disk refuses (full, read-only); the packet on disk is unchanged.
        """
        with self._writing():
            self._replace(self.encode())

    def encode(self) -> bytes:
        """packet.json as it would be saved now (stamped with the time); `write` puts it on disk. The window
        encodes on its own thread and writes on another, so the disk never holds it up."""
        self.packet.modified = now_iso()
        return _encode({"schema_version": SCHEMA_VERSION, "app": f"Packet {__version__}", **self.packet.to_dict()})

    def write(self, data: bytes) -> None:
        """Replace packet.json with `data` (from `encode`), under the lock and only if packet.json is still the
        version this folder read or wrote last: the compare-and-swap. Raises as `save` does."""
        with self._writing():
            self._replace(data)

    def update(self, change: Callable[[Packet], T], wait: float | None = None, always: bool = True) -> T:
        """Apply `change` to the packet as it is on disk now, and save: the compare-and-swap loop of a writer.

        Under the lock, a packet.json that changed since it was read is read again first, so another program's
        save is kept and `change` is applied on top of it. An exception from `change` saves nothing; with
        `always=False` a change that changed nothing is not saved either.
        """
        with self._writing(wait):
            if self.changed_on_disk():
                self.reload()
            before = None if always else self.packet.to_dict()
            result = change(self.packet)
            if always or self.packet.to_dict() != before:
                self._replace(self.encode())
        return result

    @contextlib.contextmanager
    def _writing(self, wait: float | None = None) -> Iterator[None]:
        if self.holds_lock:
            yield
            return
        with PacketLock(self.path, program_name()).acquire(wait):
            yield

    def _replace(self, data: bytes) -> None:
        """The compare-and-swap itself (the caller holds the lock): refuse when packet.json is not the version
        read, else write `data` atomically, the previous version kept as packet.json.bak."""
        current = self.path / PACKET_FILE
        if self.read_only:
            raise PacketError(_("{path}: is open read-only here (another program had it when it was opened), so "
                                "nothing was saved. Close it there, then open it again.").format(path=self.path))
        try:
            previous = current.read_bytes()
        except FileNotFoundError:
            previous = None
        except OSError as exc:
            raise PacketIOError(exc, current, "read") from exc
        if _digest(previous) != self.version:
            raise PacketChanged(_("{current}: was changed by another program after Packet read it, so this copy "
                                  "was not saved over it. Open the packet again and repeat the change.").format(
                                    current=current))
        if self.family is not None:  # the shared exhibits' changes first: the store is their truth
            self.family.push(json.loads(data))
        try:
            tmp = prepare_atomic(current, data)
            try:
                if previous is not None and previous != data and self.main_readable:
                    write_atomic(self.path / BACKUP_FILE, previous, sync_dir=False)
                commit_atomic(tmp, current)
            except BaseException:
                discard(tmp)
                raise
        except OSError as exc:
            raise PacketIOError(exc, current, _("save the packet")) from exc
        self.version, self.main_readable = _digest(data), True


def _encode(body: dict[str, Any]) -> bytes:
    """UTF-8 JSON; text that cannot be UTF-8 (a stray surrogate from a file name) is written escaped, never lost."""
    try:
        return (json.dumps(body, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(body, indent=1, ensure_ascii=True) + "\n").encode("ascii")


def secure_folder(folder: Path) -> None:
    """Only the owner may list or read a packet (0700), its documents and page images included."""
    for p in (folder, folder / DOCUMENTS, folder / DERIVED):
        try:
            st = p.stat()
            if st.st_mode & 0o777 != FOLDER_MODE and (not hasattr(os, "getuid") or st.st_uid == os.getuid()):
                p.chmod(FOLDER_MODE)
        except OSError:
            pass


def create_packet(path: str | os.PathLike[str], name: str | None = None) -> PacketFolder:
    """A new, empty packet folder (0700). Refuses to touch a folder that already exists; leaves nothing on failure."""
    folder = packet_path(path)
    try:
        if folder.exists():
            raise PacketError(_("{folder}: already exists. Open it, or choose another name.").format(folder=folder))
        if not folder.parent.is_dir():
            raise PacketError(_("{parent}: no such folder. Create it first, or choose another place.").format(
                                  parent=folder.parent))
        folder.mkdir(mode=FOLDER_MODE)
    except OSError as exc:
        raise PacketIOError(exc, folder, _("create the packet folder")) from exc
    try:
        for sub in (DOCUMENTS, DERIVED):
            (folder / sub).mkdir(mode=FOLDER_MODE)
        secure_folder(folder)
        fsync_dir(folder.parent)
        stamp = now_iso()
        title = name or display_name(folder.name[: -len(SUFFIX)])
        pf = PacketFolder(folder, Packet(name=title, created=stamp, modified=stamp))
        pf.save()
    except BaseException as exc:
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, OSError):
            raise PacketIOError(exc, folder, _("create the packet")) from exc
        raise
    return pf


def open_packet(path: str | os.PathLike[str], lock: str | None = None, wait: float | None = None) -> PacketFolder:
    """Open a packet folder; falls back to packet.json.bak only if packet.json itself is unreadable.

    With `lock` (the program's name), the packet's lock is taken and held until `release_lock()`.
    """
    folder = Path(path)
    try:
        if not folder.exists() and packet_path(folder).exists():
            folder = packet_path(folder)
        if not folder.is_dir():
            raise PacketError(_("{folder}: no packet here. Check the path, or create one with 'packet new'.").format(
                                  folder=folder))
        main, backup = folder / PACKET_FILE, folder / BACKUP_FILE
        if not main.exists() and not backup.exists():
            raise PacketError(_("{folder}: this folder is not a packet (it has no {packet_file}).").format(
                                  folder=folder, packet_file=PACKET_FILE))
    except OSError as exc:
        raise PacketIOError(exc, folder, _("open the packet")) from exc
    pf = _load(folder)
    for sub in (DOCUMENTS, DERIVED):
        if not (folder / sub).is_dir():
            with contextlib.suppress(OSError):  # a read-only packet still opens
                (folder / sub).mkdir(mode=FOLDER_MODE)
    if lock:
        pf.take_lock(lock, wait)
    else:
        _tidy_if_free(pf)
    return pf


def _tidy_if_free(pf: PacketFolder) -> None:
    """Clear what crashes left (temp files, unnamed documents) when no one is writing; never waits for it."""
    probe = PacketLock(pf.path, program_name())
    try:
        probe.acquire(wait=0)
    except PacketError:
        return
    try:
        secure_folder(pf.path)
        if not pf.changed_on_disk():
            tidy(pf.path)
            pf.lock = probe
            pf._upgrade()
    except (OSError, PacketError):
        pass  # a read-only packet still opens, as it is
    finally:
        pf.lock = None
        probe.release()


def _load(folder: Path) -> PacketFolder:
    """packet.json (or, when it is unreadable, the previous save), then a family member's shared store laid over
    it (a missing store is said as such, never answered with the older save)."""
    main, backup = folder / PACKET_FILE, folder / BACKUP_FILE
    raw = _read_bytes(main)
    try:
        if raw is None:
            raise PacketError(_("{path}: missing").format(path=main))
        pf = PacketFolder(folder, _parse(folder, main, raw), version=_digest(raw))
    except PacketError as first:
        if isinstance(first, NewerFormat) or not backup.exists():
            raise
        try:
            braw = _read_bytes(backup)
            if braw is None:
                raise first from None
            packet = _parse(folder, backup, braw)
        except PacketError:
            raise first from None
        pf = PacketFolder(folder, packet, opened_from_backup=True, version=_digest(raw), main_readable=False)
    pf.family = attach_family(folder, pf.packet)
    return pf


def _read_bytes(path: Path) -> bytes | None:
    try:
        if path.stat().st_size > MAX_PACKET_JSON_BYTES:
            raise PacketError(_("{path}: is {value:,.0f} MB, far larger than any packet description; it is "
                                "damaged or not Packet's. Restore the packet from a backup.").format(
                                  path=path, value=path.stat().st_size / 1e6))
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise PacketError(_("{path}: cannot be read ({strerror}). Check the folder's permissions.").format(
                              path=path, strerror=exc.strerror)) from exc


def _parse(folder: Path, path: Path, raw: bytes) -> Packet:
    damaged = _("It was changed by hand or by another program, or is damaged; restore the packet from a backup.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError as exc:
        raise PacketError(_("{path}: is damaged (nested too deeply to be a packet description). {damaged}").format(
                              path=path, damaged=damaged)) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PacketError(_("{path}: is damaged (not valid JSON: {error}).").format(path=path, error=exc)) from exc
    if not isinstance(data, dict):
        raise PacketError(_("{path}: is damaged (not a packet description).").format(path=path))
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PacketError(_("{path}: has no valid schema_version; it was not written by Packet, or is damaged.").format(
                              path=path))
    if version > SCHEMA_VERSION:
        raise NewerFormat(
            _("{path}: was saved by a newer version of Packet (packet format {version}; this version reads up to "
              "{schema_version}). Update Packet to open it; nothing was changed.").format(
                path=path, version=version, schema_version=SCHEMA_VERSION)
        )
    try:
        check_packet_dict(data)
        packet = Packet.from_dict(data)
    except SchemaProblem as exc:
        raise PacketError(_("{path}: is damaged: {problem}. {damaged}").format(path=path, problem=exc, damaged=damaged)) from exc
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as exc:
        raise PacketError(_("{path}: is damaged ({error}).").format(path=path, error=exc)) from exc
    problems = packet.check_integrity()
    if problems:
        raise PacketError(_("{path}: is inconsistent: {problems}.").format(path=path, problems="; ".join(problems[:3])))
    check_paths(folder, packet)
    return packet
