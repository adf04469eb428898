"""Export a packet: plan, draw, assemble, write to temporary files, check, rename into place, write the manifest.

With a filing profile that has a size limit, the packet is split at exhibit boundaries into parts named by the
profile (`..._Part1.pdf`), each measured after writing and re-split if over the limit; numbering runs on across
parts. Pages OCR has read get an invisible text layer; with image compression on (the packet's `compress_images`
setting, or `compress=`), page images are re-encoded, and "fit" first tries the gentlest level that brings the
packet under the limit in one file (`parts.py`, `image_compression.py`). Progress is reported page by page and
cancel is polled at every page; a cancelled or failed export leaves no file behind, and the packet itself is only
read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from packet.core.geometry import content_area
from packet.core.i18n import N_, _
from packet.core.model import Packet
from packet.core.plan import GENERATED_KINDS, Plan, make_plan, snapshot
from packet.core.profiles import Profile
from packet.core.separate import separate_ids, separate_names, separate_plan
from packet.export.assemble import assemble, check_generated
from packet.export.commit import check_names, check_pdf, commit, write_bytes, write_pdf
from packet.export.email_text import email_path, email_text
from packet.export.errors import CANCELLED, ExportCancelled, ExportError, Progress
from packet.export.generated import DrawingCancelled, draw_generated, index_page_count, summary_page_count
from packet.export.image_compression import CompressionReport, ImageCompressor, effective_level
from packet.export.manifest import listed_files, manifest_bytes, manifest_path, remove_stale_parts
from packet.export.pages import image_matrix, shown_inches
from packet.export.parts import PART_OVERHEAD_BYTES, SizePlan, choose_breaks, size_plan
from packet.export.sources import Sources
from packet.export.tempfiles import remove_stale_temps
from packet.store.applog import log
from packet.store.band_text import packet_band_text
from packet.store.errors import PacketError
from packet.store.integrity import verify_for_export
from packet.store.profile_library import packet_profile

BandText = Mapping[str, Mapping[int, Collection[str]]]  # sha256 -> page -> sides with text of its own

__all__ = ["CompressionReport", "ExportCancelled", "ExportError", "ExportResult", "OutputFile", "SeparateFile",
           "export_packet", "manifest_path", "plan_cites", "plan_export", "separate_items"]


@dataclass
class OutputFile:
    path: Path
    pages: range  # plan page indexes
    size: int
    sha256: str


@dataclass
class SeparateFile(OutputFile):
    """A document filed as its own PDF (`<name>_EOIR-28.pdf`), not inside the packet."""

    item_id: str = ""
    title: str = ""


@dataclass
class ExportResult:
    path: Path  # the file written, or the first part
    pages: int
    size: int  # bytes, all files together
    plan: Plan
    files: list[OutputFile] = field(default_factory=list)
    manifest: Path | None = None
    warnings: list[str] = field(default_factory=list)
    compression: CompressionReport = field(default_factory=lambda: CompressionReport(None))
    text_pages: int = 0  # pages given a recognised text layer (in the last part written, summed over parts)
    separate: list[SeparateFile] = field(default_factory=list)  # filed as their own PDF, beside the packet
    email: Path | None = None  # the email's text, for profiles sent by email


def plan_export(packet: Packet, breaks: tuple[int, ...] = (), band_text: BandText | None = None,
                separate: tuple[str, ...] | None = None) -> Plan:
    """The final plan: index and summary lengths are found by laying them out until they stop changing.

    `band_text` (from `store.band_text.packet_band_text`) marks source pages with text of their own by the stamp's
    edge, which the export shrinks a little more; the page cites do not depend on it. `separate`: the items filed
    as their own PDF (None: as the packet's own profile has it, `separate_items`)."""
    frozen = snapshot(packet)
    frozen.settings.validate()
    apart = separate_items(frozen) if separate is None else separate
    index, summary = 1, None
    plan = make_plan(frozen, index, summary, breaks, band_text, apart)
    for _attempt in range(8):
        need_index, need_summary = index_page_count(plan), summary_page_count(plan)
        if need_index == plan.index_pages and need_summary == plan.summary_pages:
            return plan
        index, summary = max(need_index, 1), need_summary
        plan = make_plan(frozen, index, summary, breaks, band_text, apart)
    return plan


SEPARATE_CITE = N_("own PDF")  # the window's cite of an item filed separately (the index says "own file")


def plan_cites(plan: Plan) -> dict[str, str]:
    """Every item's page cite ("pp. 14-15"), by item id; an item filed separately reads "own PDF"."""
    out = {e.item_id: e.cite for e in plan.entries}
    out.update({item_id: _(SEPARATE_CITE) for item_id, _title in plan.separate})
    return out


def separate_items(packet: Packet, profile: Profile | None | bool = True) -> tuple[str, ...]:
    """The items of `packet` filed as their own PDF with `profile` (True: the packet's own profile, if installed)."""
    if profile is True:
        profile = packet_profile(packet)
    return separate_ids(packet, profile if isinstance(profile, Profile) else None)


def export_packet(
    packet: Packet,
    folder: Path,
    target: Path,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    profile: Profile | None = None,
    manifest: bool = True,
    compress: str | None = None,
) -> ExportResult:
    """Build the PDF (or PDFs) for `packet`, whose documents live in `folder`, at `target`.

    `compress` overrides the packet's `compress_images` setting ("off", a level, "fit", "auto"). Every file of the
    export (parts and manifest) is written to a private temporary file, checked, and only then renamed into place,
    all together; a failure or a cancel leaves the folder as it was.
    """
    try:  # every document is the one packet.json names, inside the folder, with the pages it claims
        verify_for_export(Path(folder), packet)
    except PacketError as exc:
        raise ExportError(str(exc)) from exc
    target = Path(target)
    where = target.parent
    if not where.is_dir():
        raise ExportError(_("{where}: no such folder. Choose an existing folder for the PDF.").format(where=where))
    if not packet.items():
        raise ExportError(_("{name}: the packet has no documents yet. Add documents, then export.").format(
                              name=packet.name))
    report = progress or (lambda done, total, stage: None)
    remove_stale_temps(where)
    temps: list[Path] = []
    extra: list[tuple[Path, Path]] = []  # (temporary, final) of the separate filings and the email's text
    scratch: list[Path] = []  # temporaries that are never put in place (the drawn pages)
    sources = Sources(Path(folder))
    try:
        band = packet_band_text(folder, packet)
        apart = separate_items(packet, profile)
        plan = plan_export(packet, band_text=band, separate=apart)
        if not plan.entries:
            raise ExportError(_("{name}: every document is marked to be filed separately, so the packet itself "
                                "would be empty. Unmark one (the inspector's 'File separately'), then export.").format(
                                  name=packet.name))
        alone = {i: separate_plan(plan.packet, i) for i in apart}
        alone_paths = {i: target.with_name(f"{target.stem}_{n}.pdf")
                       for i, n in separate_names(plan.packet, apart).items()}
        mail = email_path(target) if profile is not None and profile.emailed else None
        names = [target]
        check_names([target, manifest_path(target), *alone_paths.values(), *([mail] if mail else [])])
        report(0, plan.total, N_("Checking the documents"))
        every = [plan, *alone.values()]
        sources.prove_unchecked([d for p in every for d in _documents(p)], where)

        limit = profile.max_bytes if profile else None
        top = profile.top_margin_pt if profile else None
        level = effective_level(compress or packet.settings.compress_images, limit)
        if level is not None:
            report(0, plan.total, N_("Estimating the compression"))
        sizes = size_plan(plan, sources, level, limit, top)
        compressor = ImageCompressor(sizes.level) if sizes.level else None
        report(0, plan.total, N_("Drawing cover, index and stamps"))
        sources.prepare_images([x for p in every for x in _image_pages(p, top)], where, compressor)
        text_pages = [0]
        if profile is not None and limit:
            plan, temps = _split(packet, plan, sources, limit, top, report, cancelled, where, scratch, band, sizes,
                                 compressor, text_pages, apart)
            if plan.parts > 1:
                names = [target.with_name(profile.part_file(target.stem, n)) for n in range(1, plan.parts + 1)]
                check_names(names)
        else:
            drawn = _draw(plan, cancelled, where, scratch)
            temps = [_write_one(plan, range(plan.total), sources, top, report, cancelled, where, drawn, compressor,
                                text_pages)]
        report(plan.total, plan.total, N_("Checking the PDF"))
        files = _check_all(plan, temps, names, cancelled)
        separate: list[SeparateFile] = []
        for item_id, sp in alone.items():
            tmp, written = _write_separate(sp, alone_paths[item_id], sources, top, limit, report, cancelled, where,
                                           scratch)
            extra.append((tmp, written.path))
            separate.append(written)
        pairs = list(zip(temps, names, strict=False)) + extra
        if mail is not None:
            text = email_text(plan.packet, [*files, *separate]).encode("utf-8")
            extra.append((write_bytes(text, where, ".txt"), mail))
            pairs.append(extra[-1])
        earlier: list[str] = []
        if manifest:
            earlier = listed_files(manifest_path(target))
            body = manifest_bytes(plan, files, profile, separate, mail.name if mail else "")
            temps.append(write_bytes(body, where, ".json"))
            pairs.append((temps[-1], manifest_path(target)))
        if cancelled():
            raise ExportCancelled(_(CANCELLED))
        report(plan.total, plan.total, N_("Writing the PDF"))
        commit(pairs)
        temps, extra = [], []
        remove_stale_parts(where, earlier, [*names, *(f.path for f in separate), *([mail] if mail else [])])
    except BaseException:
        _cleanup(temps)
        _cleanup([t for t, _target in extra])
        raise
    finally:
        sources.close()
        _cleanup(scratch)
    result = ExportResult(files[0].path, plan.total, sum(f.size for f in files), plan, files, separate=separate,
                          email=mail)
    result.compression = compressor.report if compressor is not None else CompressionReport(None)
    result.compression.message = sizes.message
    result.compression.fits = sizes.fits_one_file
    result.text_pages = text_pages[0]
    if sizes.fits_one_file is False:
        result.warnings.append(sizes.message)
    log.info("export: %d page(s) in %d file(s), %.1f MB, %d image(s) compressed, %d text layer(s); %d filed "
             "separately", plan.total, len(files), result.size / 1e6, result.compression.images, result.text_pages,
             len(separate))
    if manifest:
        result.manifest = manifest_path(target)
    return result


def _write_separate(sp: Plan, path: Path, sources: Sources, top: float | None, limit: int | None,
                    report: Progress, cancelled: Callable[[], bool], where: Path,
                    scratch: list[Path]) -> tuple[Path, SeparateFile]:
    """One separate filing as its own checked PDF, in a private temporary file."""
    entry = sp.entries[0]
    if not sp.total:
        raise ExportError(_("{title!r} is to be filed separately but shows no pages. Choose its pages, or "
                            "remove it.").format(title=entry.title))
    drawn = _draw(sp, cancelled, where, scratch)
    tmp = _write_one(sp, range(sp.total), sources, top, report, cancelled, where, drawn)
    try:
        check_pdf(tmp, sp.total, path.name, cancelled)
        size = tmp.stat().st_size
        if limit and size > limit:
            raise ExportError(_("{name}: {title!r}, filed separately, is {size} MB, over the profile's {limit} MB a "
                                "file. Scan it again at a lower resolution.").format(
                                  name=path.name, title=entry.title, size=f"{size / 1e6:.1f}",
                                  limit=f"{limit / 1e6:g}"))
        return tmp, SeparateFile(path, range(sp.total), size, _sha256(tmp), entry.item_id, entry.title)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _documents(plan: Plan) -> list:
    """Each document the plan uses, once, with where it is in the packet (for messages)."""
    seen: dict[str, tuple] = {}
    for e in plan.entries:
        item = plan.packet.find(e.item_id)
        for sha in item.documents_used() if item else ():  # its own, those merged into it, its translation
            if sha and sha in plan.packet.documents and sha not in seen:
                seen[sha] = (plan.packet.documents[sha], _("Tab {label}").format(label=e.label) if e.label else e.title)
    return list(seen.values())


def _image_pages(plan: Plan, top: float | None) -> list:
    """The page images the export draws: (document, page, the size in inches it is shown at)."""
    docs = plan.packet.documents
    area = content_area(plan.packet.settings.stamp_position, top)
    return [(docs[p.document], p.source_page,
             shown_inches(image_matrix(docs[p.document].page_images[p.source_page - 1], p.rotation, area,
                                       p.landscape or plan.packet.settings.landscape)))
            for p in plan.pages if p.kind not in GENERATED_KINDS and docs[p.document].kind != "pdf"]


def _draw(plan: Plan, cancelled: Callable[[], bool], where: Path, temps: list[Path]):
    """Cover, index, separators and stamps, drawn by reportlab into a private temporary file."""
    try:
        generated = draw_generated(plan, cancelled)
    except DrawingCancelled as exc:
        raise ExportCancelled(_(CANCELLED)) from exc
    check_generated(generated)
    path = write_bytes(generated.pdf, where, ".gen")
    temps.append(path)
    return generated, path


def _write_one(plan: Plan, pages: range, sources: Sources, top: float | None, report: Progress,
               cancelled: Callable[[], bool], where: Path, drawn, compressor: ImageCompressor | None = None,
               text_pages: list[int] | None = None) -> Path:
    """Assemble the pages and let qpdf write them straight to a private temporary file in `where`."""
    generated, path = drawn
    merged = assemble(plan, pages, sources, generated, path, report, cancelled, top, done_before=pages.start,
                      compressor=compressor)
    if text_pages is not None:
        text_pages[0] += merged.text_pages
    try:
        if cancelled():
            raise ExportCancelled(_(CANCELLED))
        return write_pdf(merged.pdf, where, cancelled)
    finally:
        merged.close()


def _split(packet: Packet, plan: Plan, sources: Sources, limit: int, top: float | None, report: Progress,
           cancelled: Callable[[], bool], where: Path, scratch: list[Path], band: BandText | None,
           sizes: SizePlan, compressor: ImageCompressor | None, text_pages: list[int],
           apart: tuple[str, ...] = ()) -> tuple[Plan, list[Path]]:
    """Parts under `limit` bytes each: choose breaks from estimated page weights, write, measure, adjust.

    "Fit in one file" whose estimate is under the limit tries one file first. After the first write, weights
    that proved much too high (compressed images) are scaled to what was measured, once, so the packet is not cut
    into more parts than it needs."""
    weights = list(sizes.weights)
    budget = limit * 0.92
    calibrated = False
    for attempt in range(10):
        one_file = attempt == 0 and sizes.fits_one_file is True
        breaks = [] if one_file else choose_breaks(plan, weights, budget - PART_OVERHEAD_BYTES)
        split = plan_export(packet, tuple(breaks), band, apart)
        _cleanup(scratch)
        scratch.clear()
        drawn = _draw(split, cancelled, where, scratch)
        temps: list[Path] = []
        text_pages[0] = 0
        try:
            for n in range(1, split.parts + 1):
                temps.append(_write_one(split, split.part_range(n), sources, top, report, cancelled, where, drawn,
                                        compressor, text_pages))
        except BaseException:
            _cleanup(temps)
            raise
        measured = [t.stat().st_size for t in temps]
        if max(measured) <= limit:
            estimated = sum(weights) + PART_OVERHEAD_BYTES * split.parts
            ratio = sum(measured) / max(estimated, 1.0)
            fewer = (not calibrated and split.parts > 1 and ratio < 0.8 and
                     len(choose_breaks(plan, [w * ratio for w in weights], budget - PART_OVERHEAD_BYTES)) < len(breaks))
            if not fewer:
                return split, temps
            calibrated = True
            weights = [w * ratio for w in weights]
            _cleanup(temps)
            continue
        _cleanup(temps)
        if one_file:
            continue  # the estimate was under, the file is over: split it as usual
        budget *= min(0.95, limit / max(measured) * 0.97)
        if budget < PART_OVERHEAD_BYTES * 2:
            break
    raise ExportError(_("the packet could not be split into parts under {value:g} MB: some single pages are "
                        "larger than that. Scan those pages again at a lower resolution and add them again.").format(
                          value=limit / 1e6))


def _check_all(plan: Plan, temps: list[Path], names: list[Path], cancelled: Callable[[], bool]) -> list[OutputFile]:
    """qpdf's check of every written part (a failure names the part; nothing is put in place)."""
    files: list[OutputFile] = []
    with ThreadPoolExecutor(max_workers=1) as hasher:  # hashing runs while qpdf checks (qpdf lets go of the GIL)
        for n, (tmp, name) in enumerate(zip(temps, names, strict=False), start=1):
            pages = plan.part_range(n) if len(temps) > 1 else range(plan.total)
            digest = hasher.submit(_sha256, tmp)
            check_pdf(tmp, len(pages), name.name, cancelled)
            files.append(OutputFile(name, pages, tmp.stat().st_size, digest.result()))
            if cancelled():
                raise ExportCancelled(_(CANCELLED))
    return files


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _cleanup(temps: list[Path]) -> None:
    for t in temps:
        t.unlink(missing_ok=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
