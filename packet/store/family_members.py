"""Making a family member's packet from another's, and listing a family.

`make_member` is the one home of "New packet for a family member": the command line (`packet family PACKET --new
NAME --share TAB...`) and the window's dialog both call it. From the source packet it makes the family's shared
store (the first time), copies the chosen exhibits' documents into it once, records them as shared exhibits, makes
the new member's packet beside the source (own cover with the new person, the shared exhibits, nothing else), and
links the source's exhibits to the store. The order keeps every packet whole at any instant: the store's files
first, then family.json, then the new packet, then the source's packet.json; only then are the source's own copies
of the moved documents removed (after a second save, so packet.json.bak names the store too).
"""

from __future__ import annotations

import contextlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from packet.core.family import FAMILY_SUFFIX, documents_of, member_packet, share, shared_fields, shared_of
from packet.core.i18n import _
from packet.core.model import Document, FamilyLink, Packet, Respondent, new_id
from packet.store.errors import PacketError
from packet.store.family import (
    Family,
    FamilyState,
    create_store,
    lock_store,
    read_family,
    shared_document,
    store_document,
    write_family,
)
from packet.store.filenames import display_name
from packet.store.folder import PacketFolder, create_packet, open_packet, packet_path
from packet.store.integrity import family_store
from packet.store.layout import DERIVED, DOCUMENTS, SUFFIX

__all__ = ["Member", "default_family_name", "family_of", "make_member"]


@dataclass(frozen=True)
class Member:
    folder: str  # the member's packet folder name
    exists: bool
    name: str = ""  # the packet's respondents, when it can be read
    shared: int = 0  # shared exhibits it uses


def default_family_name(packet: Packet, folder: Path) -> str:
    """'Núñez Ibáñez family' from the first respondent's surnames, else from the packet folder's name."""
    people = [r.name.strip() for r in packet.cover.respondents if r.name.strip()]
    words = people[0].replace(",", " ").split() if people else []
    base = " ".join(words[1:]) if len(words) > 1 else (words[0] if words else folder.name.removesuffix(SUFFIX))
    return re.sub(r"[\\/:*?\"<>|]+", " ", _("{surnames} family").format(surnames=base)).strip()


def make_member(source: PacketFolder, target: str | Path, item_ids: list[str], respondent: Respondent,
                family_name: str = "") -> PacketFolder:
    """The new member's packet (saved, not locked), sharing `item_ids` of `source` (which is saved too)."""
    path = packet_path(target)
    here = source.path.resolve().parent
    if path.parent.resolve() != here:
        raise PacketError(_("{path}: a family member's packet goes in the same folder as the others ({folder}), so "
                            "they can share the family's documents. Choose a name there.").format(
                              path=path, folder=here))
    if path.exists():
        raise PacketError(_("{path}: already exists. Choose another name for the new packet.").format(path=path))
    missing = [i for i in item_ids if source.packet.find(i) is None]
    if missing:
        raise PacketError(_("{packet}: has no item {item!r} to share (see 'packet list').").format(
                              packet=source.path.name, item=missing[0]))
    made: list[Path] = []
    moved: list[str] = []

    def link(p: Packet) -> PacketFolder:
        store = _store_for(source.path, p, family_name, made)
        with lock_store(store):
            family = read_family(store) if not made else Family(store, p.family.id if p.family else new_id(),
                                                                  store.name.removesuffix(FAMILY_SUFFIX))
            ids = share(p, item_ids)
            shared_docs: dict[str, Document] = {}
            for item_id in ids:
                e = p.find(item_id)
                assert e is not None
                for sha in documents_of(e.to_dict()):
                    if sha in shared_docs:
                        continue
                    doc = p.documents[sha]
                    if not doc.stored.startswith("../"):
                        moved.append(sha)
                    record = store_document(source.path, store, doc)
                    family.documents.setdefault(sha, record)
                    shared_docs[sha] = shared_document(store, family.documents[sha])
                family.exhibits.setdefault(e.shared, shared_fields(e))
            for name in (source.path.name, path.name):
                if name not in family.members:
                    family.members.append(name)
            write_family(family)
        p.family = FamilyLink(store.name, family.id)
        p.documents.update(shared_docs)
        member = create_packet(path, respondent.name.strip() or display_name(path.name.removesuffix(SUFFIX)))
        made.append(member.path)
        created = member.packet.created
        member.packet = member_packet(p, member.packet.name, item_ids, respondent, shared_docs)
        member.packet.created = created
        member.family = FamilyState(store, path.name, shared_of(member.packet), family.version)
        member.save()
        source.family = FamilyState(store, source.path.name, shared_of(p), family.version)
        return member

    try:
        member = source.update(link)
    except BaseException:
        for folder in reversed(made):  # what this call made, and only that
            shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(PacketError, OSError):
            source.reload()  # the source as it is on disk: the links made in memory go
        raise
    source.update(lambda p: None)  # a second save: packet.json.bak names the store's copies too
    _remove_own_copies(source, moved)
    return member


def _store_for(packet_dir: Path, p: Packet, family_name: str, made: list[Path]) -> Path:
    """The packet's store; made (and recorded in `made`) when the packet has none yet."""
    existing = family_store(packet_dir, p)
    if existing is not None:
        return existing
    name = (family_name.strip() or default_family_name(p, packet_dir)).removesuffix(FAMILY_SUFFIX)
    if not name or name.startswith(".") or "/" in name or "\\" in name:
        raise PacketError(_("{name!r}: a family's name is a plain name, like 'Lopez family'.").format(name=name))
    store = packet_dir.resolve().parent / f"{name}{FAMILY_SUFFIX}"
    create_store(store)
    made.append(store)
    return store


def _remove_own_copies(source: PacketFolder, moved: list[str]) -> None:
    """The source's own files of documents now read from the store (neither packet.json nor its .bak names them)."""
    for sha in moved:
        doc = source.packet.documents.get(sha)
        if doc is None or not doc.stored.startswith("../"):
            continue
        for p in (source.path / DOCUMENTS).glob(f"{sha}.*"):
            p.unlink(missing_ok=True)
        shutil.rmtree(source.path / DERIVED / sha, ignore_errors=True)


def family_of(pf: PacketFolder) -> tuple[Family, list[Member]] | None:
    """The packet's family and its members (gone ones too), None for a packet on its own."""
    if pf.family is None:
        return None
    family = read_family(pf.family.store)
    members: list[Member] = []
    for name in family.members:
        folder = pf.family.store.parent / name
        if not (folder / "packet.json").is_file():
            members.append(Member(name, False))
            continue
        try:
            other = pf.packet if folder.resolve() == pf.path.resolve() else open_packet(folder).packet
        except PacketError:
            members.append(Member(name, True))
            continue
        people = "; ".join(r.name for r in other.cover.respondents if r.name)
        members.append(Member(name, True, people, sum(1 for e in other.items() if e.shared)))
    return family, members
