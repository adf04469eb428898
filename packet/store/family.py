"""The family's shared store on disk: `NAME.family/` beside its members' `NAME.packet/` folders.

```
Lopez family.family/          the shared store (0700)
  family.json                 schema_version, id, name, members (their folder names), documents (paths inside the
                              store), exhibits (shared id -> the shared fields: title, pages, rotation, ...)
  family.json.bak             the previous save
  documents/<sha256>.<ext>    each shared document, once
  derived/<sha256>/...        its page images, repaired copy, OCR cache
  .lock                       while a member writes family.json
José Lopez.packet/            a member: packet.json has "family": {"store": "Lopez family.family", "id": ...};
Ana Lopez.packet/             its shared exhibits carry "shared": <id>, their documents "../Lopez family.family/..."
```

family.json is the truth for the shared fields: a member's packet.json keeps a copy (so it reads on its own), and
the store's values are laid over it when the member is opened. A member's save first writes what it changed in its
shared exhibits since it last read the store (`FamilyState.push`), under the store's lock and on family.json as it
is at that moment (another member's save is re-read and kept: a compare-and-swap by merging field by field), then
its own packet.json. Locks are taken member first, store second, always, so two members never wait on each other.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packet import __version__
from packet.core.family import Shared, changes, documents_of, overlay, shared_of, shared_of_body
from packet.core.i18n import _
from packet.core.model import Document, Packet
from packet.store.atomic import fsync_dir, write_atomic
from packet.store.errors import PacketError, PacketIOError
from packet.store.integrity import confine, family_store
from packet.store.layout import DERIVED, DOCUMENTS, FOLDER_MODE
from packet.store.lock import PacketLock, program_name
from packet.store.schema import SchemaProblem, check_family_dict

FAMILY_FILE = "family.json"
FAMILY_BACKUP = "family.json.bak"
FAMILY_SCHEMA = 1
MAX_FAMILY_BYTES = 64 * 1024 * 1024

__all__ = ["FAMILY_FILE", "Family", "FamilyState", "attach_family", "create_store", "lock_store", "member_path",
           "read_family", "shared_document", "store_document", "write_family"]


@dataclass
class Family:
    """family.json: the family's name and id, its members' folder names, and the shared documents and exhibits."""

    path: Path  # the store folder
    id: str
    name: str
    members: list[str] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)  # paths relative to the store
    exhibits: Shared = field(default_factory=dict)
    version: str | None = None  # SHA-256 of family.json as read

    def to_bytes(self) -> bytes:
        body = {"schema_version": FAMILY_SCHEMA, "app": f"Packet {__version__}", "id": self.id, "name": self.name,
                "members": list(self.members), "documents": {k: d.to_dict() for k, d in self.documents.items()},
                "exhibits": self.exhibits}
        return (json.dumps(body, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_family(store: Path) -> Family:
    """family.json of a store, checked as packet.json is (types, hashes, paths inside the store)."""
    path = store / FAMILY_FILE
    try:
        if path.stat().st_size > MAX_FAMILY_BYTES:
            raise PacketError(_("{path}: is far larger than a family's description. It was changed by hand or is "
                                "damaged; restore the family folder from a backup.").format(path=path))
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise PacketError(_("{store}: the family's shared folder (its documents and shared exhibits) is missing or "
                            "has no {file}. Put it back beside the family's packets (from a backup), or ask for "
                            "help: the shared exhibits cannot be read without it.").format(
                              store=store, file=FAMILY_FILE)) from exc
    except OSError as exc:
        raise PacketError(_("{path}: cannot be read ({error}). Check the folder's permissions.").format(
                              path=path, error=exc.strerror)) from exc
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a family description")
        version = data.get("schema_version")
        if isinstance(version, int) and version > FAMILY_SCHEMA:
            raise PacketError(_("{path}: was saved by a newer version of Packet (family format {version}; this "
                                "one reads up to {supported}). Update Packet; nothing was changed.").format(
                                  path=path, version=version, supported=FAMILY_SCHEMA))
        check_family_dict(data)
        family = Family(store, str(data["id"]), str(data.get("name", "")), [str(m) for m in data.get("members", [])],
                        {k: Document.from_dict(v) for k, v in (data.get("documents") or {}).items()},
                        {str(k): dict(v) for k, v in (data.get("exhibits") or {}).items()}, _digest(raw))
    except SchemaProblem as exc:
        raise PacketError(_("{path}: is damaged: {problem}. It was changed by hand or is damaged; restore the "
                            "family folder from a backup.").format(path=path, problem=exc)) from exc
    except (UnicodeDecodeError, ValueError, TypeError, KeyError, RecursionError) as exc:
        raise PacketError(_("{path}: is damaged ({problem}). It was changed by hand or is damaged; restore the "
                            "family folder from a backup.").format(path=path, problem=exc)) from exc
    for doc in family.documents.values():  # nothing it names may lead out of the store
        name = doc.original_name
        confine(store, doc.stored, _("the shared document {original_name!r}").format(original_name=name))
        if doc.repaired:
            confine(store, doc.repaired, _("the repaired copy of {original_name!r}").format(original_name=name))
        if doc.converted:
            confine(store, doc.converted, _("the PDF made from {original_name!r}").format(original_name=name))
        for img in doc.page_images:
            confine(store, img.file, _("a page of {original_name!r}").format(original_name=name))
    return family


def write_family(family: Family) -> None:
    """family.json atomically, the previous one kept as family.json.bak (the caller holds the store's lock)."""
    path = family.path / FAMILY_FILE
    data = family.to_bytes()
    try:
        try:
            previous = path.read_bytes()
        except FileNotFoundError:
            previous = None
        if previous is not None and previous != data:
            write_atomic(family.path / FAMILY_BACKUP, previous, sync_dir=False)
        write_atomic(path, data)
    except OSError as exc:
        raise PacketIOError(exc, path, _("save the family's shared exhibits")) from exc
    family.version = _digest(data)


def lock_store(store: Path, wait: float | None = None) -> PacketLock:
    """The store's writer lock (taken after the member's own, always)."""
    return PacketLock(store, program_name()).acquire(wait)


def member_path(store: Path, member: str) -> Path:
    return store.parent / member


# -- documents in the store --------------------------------------------------------------------------------------

def _prefix(store: Path) -> str:
    return f"../{store.name}/"


def shared_document(store: Path, doc: Document) -> Document:
    """A store document as a member packet names it (its paths through `../NAME.family/`)."""
    pre = _prefix(store)
    out = copy.deepcopy(doc)
    out.map_files(lambda rel: pre + rel)
    return out


def store_document(packet_dir: Path, store: Path, doc: Document) -> Document:
    """Copy a member's own document into the store (its stored file, repaired copy, page images and everything
    else under derived/<sha>/), fsynced; returns the store's record of it (paths relative to the store). A
    document already in the store is not copied again."""
    pre = _prefix(store)
    if doc.stored.startswith(pre):  # already the store's
        out = copy.deepcopy(doc)
        out.map_files(lambda rel: rel.removeprefix(pre))
        return out
    for rel in doc.files():
        _copy_in(confine(packet_dir, rel), store / rel)
    derived = packet_dir / DERIVED / doc.sha256
    if derived.is_dir():
        for p in sorted(derived.rglob("*")):
            if p.is_file() and not p.is_symlink():
                _copy_in(p, store / p.relative_to(packet_dir))
    return copy.deepcopy(doc)


def _copy_in(source: Path, target: Path) -> None:
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    tmp = target.with_name(f".{target.name}.copy")
    try:
        shutil.copyfile(source, tmp)
        tmp.chmod(0o600)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        tmp.replace(target)
        fsync_dir(target.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise PacketIOError(exc, target, _("copy a shared document into the family's folder")) from exc


def create_store(store: Path) -> None:
    try:
        store.mkdir(mode=FOLDER_MODE)
        for sub in (DOCUMENTS, DERIVED):
            (store / sub).mkdir(mode=FOLDER_MODE)
        fsync_dir(store.parent)
    except FileExistsError as exc:
        raise PacketError(_("{store}: already exists. Choose another family name.").format(store=store)) from exc
    except OSError as exc:
        raise PacketIOError(exc, store, _("create the family's shared folder")) from exc


# -- a member's view of the store ---------------------------------------------------------------------------------

@dataclass
class FamilyState:
    """What one member packet knows of its store: where it is, and the shared fields as this packet last read or
    wrote them (`base`, the base of the three-way sync) with the version of family.json read."""

    store: Path
    member: str  # the member's folder name
    base: Shared = field(default_factory=dict)
    version: str | None = None

    def push(self, body: dict[str, Any]) -> None:
        """Write into family.json what this member changed in its shared exhibits since `base` (the packet.json
        `body` about to be saved), under the store's lock, on family.json as it is now."""
        mine = shared_of_body(body)
        changed = changes(mine, self.base)
        if not changed:
            return
        with lock_store(self.store):
            family = read_family(self.store)
            unchanged = family.version == self.version  # no other member wrote since this one read it
            for sid, values in changed.items():
                family.exhibits.setdefault(sid, {}).update(copy.deepcopy(values))
            documents = body.get("documents") or {}
            for values in changed.values():
                for sha in documents_of(values):
                    raw = documents.get(sha)
                    if isinstance(raw, dict) and sha not in family.documents:
                        # a document this member added to a shared exhibit (its translation, pages merged in from
                        # another document): the others need it
                        family.documents[sha] = store_document(self.store.parent / self.member, self.store,
                                                               Document.from_dict(raw))
            if self.member not in family.members:
                family.members.append(self.member)
            write_family(family)
            if unchanged:  # else `refresh` still has the others' changes to take in
                self.version = family.version
        for sid, values in changed.items():
            self.base.setdefault(sid, {}).update(copy.deepcopy(values))

    def refresh(self, packet: Packet) -> bool:
        """Lay the store's shared fields over the packet again if family.json changed since it was read; True when
        the packet changed."""
        family = read_family(self.store)
        if family.version == self.version:
            return False
        self.version = family.version
        changed = overlay(packet, family.exhibits)
        _add_documents(packet, family)
        self.base = shared_of(packet)
        return changed


def _add_documents(packet: Packet, family: Family) -> None:
    """The store's documents a shared exhibit of the packet uses, as the member reads them."""
    for e in packet.items():
        for sha in documents_of(e.to_dict()) if e.shared else ():
            if sha in family.documents:
                packet.documents[sha] = shared_document(family.path, family.documents[sha])


def attach_family(packet_dir: Path, packet: Packet) -> FamilyState | None:
    """At open: the member's store, read and laid over its shared exhibits; None for a packet on its own."""
    store = family_store(packet_dir, packet)
    if store is None or packet.family is None:
        return None
    family = read_family(store)
    if family.id != packet.family.id:
        raise PacketError(_("{path}: belongs to another family than {packet} (its id differs); the family's folder "
                            "was replaced. Put the right one back beside the packet.").format(
                              path=store / FAMILY_FILE, packet=packet_dir.name))
    overlay(packet, family.exhibits)
    _add_documents(packet, family)
    return FamilyState(store, packet_dir.name, shared_of(packet), family.version)
