"""Export a packet: plan, draw, assemble, write to temporary files, check, rename into place, write the manifest.

With a filing profile that has a size limit, the packet is split at exhibit boundaries into parts named by the
profile (`..._Part1.pdf`), each measured after writing and re-split if over the limit; numbering runs on across
parts. Progress is reported page by page and cancel is polled at every page; a cancelled or failed export leaves
no file behind, and the packet itself is only read.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, NumberObject

from packet import __version__
from packet.core.geometry import LETTER_H, LETTER_W
from packet.core.model import Packet
from packet.core.plan import GENERATED_KINDS, Plan, make_plan, snapshot
from packet.core.profiles import Profile
from packet.export.assemble import ExportCancelled, ExportError, Progress, Sources, assemble, read_generated
from packet.export.generated import DrawingCancelled, draw_generated, index_page_count, summary_page_count
from packet.store.applog import log
from packet.store.atomic import fsync_dir, write_atomic
from packet.store.errors import PacketError
from packet.store.facts import page_bytes
from packet.store.integrity import verify_for_export
from packet.store.pdf_intake import pypdf_reports

__all__ = ["ExportCancelled", "ExportError", "ExportResult", "OutputFile", "export_packet", "plan_export"]

GENERATED_PAGE_BYTES = 6_000  # what a drawn page adds, roughly
PART_OVERHEAD_BYTES = 120_000  # fonts, outline and tables every part carries


@dataclass
class OutputFile:
    path: Path
    pages: range  # plan page indexes
    size: int
    sha256: str


@dataclass
class ExportResult:
    path: Path  # the file written, or the first part
    pages: int
    size: int  # bytes, all files together
    plan: Plan
    files: list[OutputFile] = field(default_factory=list)
    manifest: Path | None = None
    warnings: list[str] = field(default_factory=list)


def plan_export(packet: Packet, breaks: tuple[int, ...] = ()) -> Plan:
    """The final plan: index and summary lengths are found by laying them out until they stop changing."""
    frozen = snapshot(packet)
    frozen.settings.validate()
    index, summary = 1, None
    plan = make_plan(frozen, index, summary, breaks)
    for _ in range(8):
        need_index, need_summary = index_page_count(plan), summary_page_count(plan)
        if need_index == plan.index_pages and need_summary == plan.summary_pages:
            return plan
        index, summary = max(need_index, 1), need_summary
        plan = make_plan(frozen, index, summary, breaks)
    return plan


def export_packet(
    packet: Packet,
    folder: Path,
    target: Path,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    profile: Profile | None = None,
    manifest: bool = True,
) -> ExportResult:
    """Build the PDF (or PDFs) for `packet`, whose documents live in `folder`, at `target`."""
    try:  # every document is the one packet.json names, inside the folder, with the pages it claims
        verify_for_export(Path(folder), packet)
    except PacketError as exc:
        raise ExportError(str(exc)) from exc
    target = Path(target)
    if not target.parent.is_dir():
        raise ExportError(f"{target.parent}: no such folder. Choose an existing folder for the PDF.")
    if not packet.items():
        raise ExportError(f"{packet.name}: the packet has no documents yet. Add documents, then export.")
    report = progress or (lambda done, total, stage: None)
    folder = Path(folder)
    top = profile.top_margin_pt if profile else None
    temps: list[Path] = []
    try:
        with pypdf_reports():  # damage in sources was reported at intake; repeating it here is only noise
            sources = Sources(folder)
            plan = plan_export(packet)
            report(0, plan.total, "Drawing cover, index and stamps")
            limit = profile.max_bytes if profile else None
            if profile is not None and limit:
                plan, temps = _split(packet, plan, sources, limit, top, report, cancelled, target.parent)
                names = [target.with_name(profile.part_file(target.stem, n)) for n in range(1, plan.parts + 1)]
                if plan.parts == 1:
                    names = [target]
            else:
                temps = [_write_one(plan, range(plan.total), sources, top, report, cancelled, target.parent)]
                names = [target]
        report(plan.total, plan.total, "Writing the PDF")
        files = _commit(plan, temps, names, cancelled)
    except BaseException:
        _cleanup(temps)
        raise
    result = ExportResult(files[0].path, plan.total, sum(f.size for f in files), plan, files)
    log.info("export: %d page(s) in %d file(s), %.1f MB", plan.total, len(files), result.size / 1e6)
    if manifest:
        result.manifest = _write_manifest(target, plan, files, profile)
    return result


def _draw(plan: Plan, cancelled: Callable[[], bool]):
    try:
        generated = draw_generated(plan, cancelled)
    except DrawingCancelled as exc:
        raise ExportCancelled("Export cancelled; no file was written.") from exc
    return generated, read_generated(generated)


def _write_one(plan: Plan, pages: range, sources: Sources, top: float | None, report: Progress,
               cancelled: Callable[[], bool], where: Path, drawn=None) -> Path:
    """Assemble the pages and write them straight to a temporary file in `where` (streamed, not held in memory)."""
    generated, gen = drawn or _draw(plan, cancelled)
    writer = assemble(plan, pages, sources, generated, gen, report, cancelled, top, done_before=pages.start)
    fd, name = tempfile.mkstemp(prefix=".packet-export.", suffix=".part", dir=where)
    tmp = Path(name)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # an exported PDF is an ordinary document, unlike the packet's files
        with os.fdopen(fd, "wb") as raw, io.BufferedWriter(raw, buffer_size=1 << 20) as fh:
            writer.write(fh)
            fh.flush()
            os.fsync(raw.fileno())
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"{where}: the PDF could not be written ({exc.strerror or exc}). Check the free space and "
                          "that the folder is writable; no file was left behind.") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _split(packet: Packet, plan: Plan, sources: Sources, limit: int, top: float | None, report: Progress,
           cancelled: Callable[[], bool], where: Path) -> tuple[Plan, list[Path]]:
    """Parts under `limit` bytes each: choose breaks from estimated page weights, write, measure, adjust."""
    weights = _page_weights(plan, sources.folder)
    budget = limit * 0.92
    for _ in range(8):
        breaks = _choose_breaks(plan, weights, budget - PART_OVERHEAD_BYTES)
        split = plan_export(packet, tuple(breaks))
        drawn = _draw(split, cancelled)
        temps: list[Path] = []
        try:
            for n in range(1, split.parts + 1):
                temps.append(_write_one(split, split.part_range(n), sources, top, report, cancelled, where, drawn))
        except BaseException:
            _cleanup(temps)
            raise
        largest = max(t.stat().st_size for t in temps)
        if largest <= limit:
            return split, temps
        _cleanup(temps)
        budget *= min(0.95, limit / largest * 0.97)
        if budget < PART_OVERHEAD_BYTES * 2:
            break
    raise ExportError(f"the packet could not be split into parts under {limit / 1e6:g} MB: some single pages are "
                      "larger than that. Scan those pages again at a lower resolution and add them again.")


def _page_weights(plan: Plan, folder: Path) -> list[float]:
    """Estimated bytes each plan page adds to a file (generated pages a little; source pages their share, as the
    readiness check measures them, plus what a page object costs)."""
    per_page: dict[tuple[str, int], float] = {}
    for doc in plan.packet.documents.values():
        overhead = 2_000 if doc.kind == "image" else 1_500
        for n, size in enumerate(page_bytes(folder, doc), start=1):
            per_page[(doc.sha256, n)] = size + overhead
    return [GENERATED_PAGE_BYTES if p.kind in GENERATED_KINDS else per_page.get((p.document, p.source_page), 50_000)
            for p in plan.pages]


def _choose_breaks(plan: Plan, weights: list[float], budget: float) -> list[int]:
    """Where new parts start (pages after the front matter): at exhibit boundaries, inside one only if it alone
    is over the budget. Part 1 always holds the cover, index and summary."""
    units: list[list[int]] = []
    front = 0
    while front < plan.total and plan.pages[front].kind in ("cover", "index", "summary"):
        front += 1
    for i in range(front, plan.total):
        item = plan.pages[i].item_id
        if units and item and plan.pages[units[-1][0]].item_id == item:
            units[-1].append(i)
        else:
            units.append([i])
    breaks: list[int] = []
    used = sum(weights[:front])
    for unit in units:
        w = sum(weights[i] for i in unit)
        if used + w <= budget:
            used += w
            continue
        if used > 0 and (used > sum(weights[:front]) or breaks):
            breaks.append(unit[0])
            used = GENERATED_PAGE_BYTES
        if used + w <= budget:
            used += w
            continue
        for i in unit:  # one exhibit larger than a part: split it between pages
            if used + weights[i] > budget and used > GENERATED_PAGE_BYTES:
                breaks.append(i)
                used = GENERATED_PAGE_BYTES
            used += weights[i]
    return sorted({b - front for b in breaks if b > front})  # counted from the end of the front matter


def _commit(plan: Plan, temps: list[Path], names: list[Path], cancelled: Callable[[], bool]) -> list[OutputFile]:
    """Check every written file, then rename them all into place (a failure leaves none of them)."""
    files: list[OutputFile] = []
    try:
        for n, (tmp, name) in enumerate(zip(temps, names, strict=True), start=1):
            pages = plan.part_range(n) if len(temps) > 1 else range(plan.total)
            with pypdf_reports():
                _verify(tmp, len(pages))
            files.append(OutputFile(name, pages, tmp.stat().st_size, _sha256(tmp)))
            if cancelled():
                raise ExportCancelled("Export cancelled; no file was written.")
        for tmp, f in zip(temps, files, strict=True):
            os.replace(tmp, f.path)
        fsync_dir(names[0].parent)
    except OSError as exc:
        raise ExportError(f"{names[0]}: could not be written ({exc.strerror or exc}). Check the free space and that "
                          "the folder is writable; no file was left behind.") from exc
    return files


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _cleanup(temps: list[Path]) -> None:
    for t in temps:
        t.unlink(missing_ok=True)


def _verify(path: Path, expected: int) -> None:
    """Re-open what was written: it must parse, list exactly the planned pages, and be US Letter throughout.

    The page tree is one flat /Kids list (PageBuilder writes it so); counting it checks every page reference
    without parsing every page. Page sizes are checked on a sample spread through the document.
    """
    try:
        reader = PdfReader(path)
        pages = cast(DictionaryObject, reader.root_object["/Pages"].get_object())
        kids = cast(ArrayObject, pages["/Kids"].get_object())
        count = int(cast(NumberObject, pages["/Count"]))
        listed = len(kids)
        step = max(1, listed // 40)
        sample = sorted({*range(0, listed, step), listed - 1} - {-1})
        boxes = [(n, cast(ArrayObject, cast(DictionaryObject, kids[n].get_object())["/MediaBox"]))
                 for n in sample]
    except Exception as exc:
        raise ExportError(f"the written PDF could not be read back ({exc}); nothing was saved. Please report "
                          "this with the packet.") from exc
    if count != expected or listed != expected:
        raise ExportError(f"the written PDF has {listed} pages instead of the {expected} planned; nothing was "
                          "saved. Please report this with the packet.")
    for n, box in boxes:
        w, h = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
        if abs(w - LETTER_W) > 0.5 or abs(h - LETTER_H) > 0.5:
            raise ExportError(f"page {n + 1} of the written PDF is not US Letter; nothing was saved. Please report "
                              "this.")


def manifest_path(target: Path) -> Path:
    return target.with_name(f"{target.stem}.manifest.json")


def _write_manifest(target: Path, plan: Plan, files: list[OutputFile], profile: Profile | None) -> Path:
    """`<name>.manifest.json`: every file's hash, size and pages, and every exhibit's source and place."""
    path = manifest_path(target)
    _remove_stale_parts(path, files)
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
            "translation_sha256": item.translation if item else "",
            "pages_in_packet": e.cite, "first_page": e.first_label, "last_page": e.last_label,
            "file": files[part_of.get(start, 1) - 1].path.name if start is not None and start >= 0 else "",
        })
    body = {
        "manifest_version": 1,
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
    }
    write_atomic(path, (json.dumps(body, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
    os.chmod(path, 0o666 & ~_umask())  # filed alongside the PDFs, so readable like them
    return path


def _remove_stale_parts(manifest: Path, files: list[OutputFile]) -> None:
    """Parts an earlier export of the same name wrote and this one did not (it had more parts): remove them,
    so nobody files a stale Part 3. Only files the earlier manifest lists are touched."""
    try:
        old = json.loads(manifest.read_text(encoding="utf-8"))
        names = [f["name"] for f in old.get("files", [])]
    except (OSError, ValueError, TypeError, AttributeError):
        return
    keep = {f.path.name for f in files}
    for name in names:
        if name not in keep and "/" not in name and "\\" not in name and name.endswith(".pdf"):
            (manifest.parent / name).unlink(missing_ok=True)
