"""`<name>.manifest.json`: what was filed: every file's hash, size and pages, and every exhibit's source and place."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from packet import __version__
from packet.core.model import Packet
from packet.core.plan import Plan
from packet.core.profiles import Profile

if TYPE_CHECKING:
    from packet.export.build import OutputFile, SeparateFile

MANIFEST_VERSION = 1


def manifest_path(target: Path) -> Path:
    return target.with_name(f"{target.stem}.manifest.json")


def manifest_bytes(plan: Plan, files: list[OutputFile], profile: Profile | None,
                   separate: Sequence[SeparateFile] = (), email: str = "") -> bytes:
    packet = plan.packet
    part_of = {i: n for n, f in enumerate(files, start=1) for i in f.pages}
    exhibits = []
    for e in plan.entries:
        item = packet.find(e.item_id)
        doc = packet.documents.get(item.document) if item else None
        start = e.separator if e.separator is not None else e.first
        exhibits.append({
            "tab": e.label, "role": e.role, "title": e.title,
            "document_sha256": doc.sha256 if doc else "", "original_name": doc.original_name if doc else "",
            "source_pages": item.page_numbers(doc.pages) if item and doc else [],
            # every page shown, in order, with its document and turn (a merged exhibit shows several documents)
            "pages_shown": [{"document_sha256": r.document, "page": r.page, "turn": (item.rotation + r.rotate) % 360}
                            for r in item.kept(packet.documents)] if item else [],
            "translation_sha256": item.translation if item else "",
            "pages_in_packet": e.cite, "first_page": e.first_label, "last_page": e.last_label,
            "file": files[part_of.get(start, 1) - 1].path.name if start is not None and start >= 0 else "",
        })
    body = {
        "manifest_version": MANIFEST_VERSION,
        "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "app": f"Packet {__version__}",
        "packet": packet.name,
        "document_title": packet.cover.document_title,
        "profile": profile.id if profile else "",
        "total_pages": plan.total,
        "files": [{
            "name": f.path.name, "sha256": f.sha256, "size": f.size, "pages": len(f.pages),
            "first_page": next((plan.pages[i].label for i in f.pages if plan.pages[i].label), ""),
            "last_page": next((plan.pages[i].label for i in reversed(f.pages) if plan.pages[i].label), ""),
        } for f in files],
        "exhibits": exhibits,
        "separate_filings": [_separate(packet, f) for f in separate],
    }
    if email:
        body["email"] = email
    return (json.dumps(body, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _separate(packet: Packet, f: SeparateFile) -> dict:
    item = packet.find(f.item_id)
    doc = packet.documents.get(item.document) if item else None
    return {"name": f.path.name, "sha256": f.sha256, "size": f.size, "pages": len(f.pages), "title": f.title,
            "role": "lead" if item in packet.lead else "exhibit",
            "document_sha256": doc.sha256 if doc else "", "original_name": doc.original_name if doc else "",
            "source_pages": item.page_numbers(doc.pages) if item and doc else []}


def listed_files(manifest: Path) -> list[str]:
    """The file names an earlier manifest lists, parts and separate filings ([] when there is none or it cannot be
    read), and the email text beside them."""
    try:
        old = json.loads(manifest.read_text(encoding="utf-8"))
        names = [f["name"] for key in ("files", "separate_filings") for f in old.get(key, [])]
        if isinstance(old.get("email"), str):
            names.append(old["email"])
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return []
    return [n for n in names if isinstance(n, str) and "/" not in n and "\\" not in n
            and n.endswith((".pdf", ".email.txt"))]


def remove_stale_parts(folder: Path, earlier: list[str], now: list[Path]) -> None:
    """Parts an earlier export of the same name wrote and this one did not (it had more parts): removed, so
    nobody files a stale Part 3. Only files the earlier manifest listed are touched."""
    keep = {p.name for p in now}
    for name in earlier:
        if name not in keep:
            (folder / name).unlink(missing_ok=True)
