"""Export a packet to one filing-ready PDF: plan, draw, assemble, label, check, then rename into place.

Progress is reported page by page through a callback, and a cancel check is polled at every page; a cancelled or
failed export leaves no file behind, and the packet itself is only read.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
)

from packet import __version__
from packet.core.geometry import LETTER_H, LETTER_W, content_area
from packet.core.plan import COVER, GENERATED_KINDS, INDEX, Plan, make_plan, page_label_ranges, snapshot
from packet.core.model import Packet
from packet.export.generated import Generated, _Cancelled, draw_generated, index_page_count
from packet.export.sources import PageBuilder
from packet.store.atomic import fsync_dir
from packet.store.pdf_intake import pypdf_reports

Progress = Callable[[int, int, str], None]


class ExportError(Exception):
    """The export could not be made; the message says why and what to do. No file was left behind."""


class ExportCancelled(ExportError):
    pass


@dataclass
class ExportResult:
    path: Path
    pages: int
    size: int
    plan: Plan
    warnings: list[str] = field(default_factory=list)


def plan_export(packet: Packet) -> Plan:
    """The final plan: the index length is found by laying it out until it stops changing."""
    frozen = snapshot(packet)
    frozen.settings.validate()
    pages = 1
    for _ in range(6):
        plan = make_plan(frozen, pages)
        needed = index_page_count(plan)
        if needed == pages:
            return plan
        pages = needed
    return make_plan(frozen, max(pages, 1))


def export_packet(
    packet: Packet,
    folder: Path,
    target: Path,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> ExportResult:
    """Build the PDF for `packet` (whose documents live in `folder`) at `target`."""
    target = Path(target)
    if not target.parent.is_dir():
        raise ExportError(f"{target.parent}: no such folder. Choose an existing folder for the PDF.")
    if not packet.items():
        raise ExportError(f"{packet.name}: the packet has no documents yet. Add documents, then export.")
    plan = plan_export(packet)
    report = progress or (lambda done, total, stage: None)
    report(0, plan.total, "Drawing cover, index and stamps")
    try:
        generated = draw_generated(plan, cancelled)
    except _Cancelled as exc:
        raise ExportCancelled("Export cancelled; no file was written.") from exc
    with pypdf_reports():  # damage in sources was reported at intake; repeating it here is only noise
        writer, warnings = _assemble(plan, Path(folder), generated, report, cancelled)
    report(plan.total, plan.total, "Writing the PDF")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as raw, io.BufferedWriter(raw, buffer_size=1 << 20) as fh:
            writer.write(fh)
            fh.flush()
            os.fsync(raw.fileno())
        if cancelled():
            raise ExportCancelled("Export cancelled; no file was written.")
        with pypdf_reports():
            _verify(tmp, plan)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except ExportError:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"{target}: could not be written ({exc.strerror or exc}). Check the free space and that "
                          "the folder is writable; no file was left behind.") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return ExportResult(target, plan.total, target.stat().st_size, plan, warnings)


def _assemble(
    plan: Plan, folder: Path, generated: Generated, report: Progress, cancelled: Callable[[], bool]
) -> tuple[PdfWriter, list[str]]:
    packet = plan.packet
    gen = PdfReader(io.BytesIO(generated.pdf))
    if len(gen.pages) != generated.carrier + 1:
        raise ExportError(f"internal error: drew {len(gen.pages)} pages, expected {generated.carrier + 1}")
    writer = PdfWriter()
    writer.pdf_header = b"%PDF-1.7"  # sources may use anything up to 1.7 (transparency, object streams)
    builder = PageBuilder(writer)
    fonts = builder.stamp_fonts(gen.pages[generated.carrier], generated.fonts)
    area = content_area(packet.settings.stamp_position)
    landscape = packet.settings.landscape
    readers: dict[str, PdfReader] = {}
    images: dict[tuple[str, int], object] = {}
    warnings: list[str] = []
    for i, page in enumerate(plan.pages):
        if cancelled():
            raise ExportCancelled("Export cancelled; no file was written.")
        if page.kind in GENERATED_KINDS:
            builder.add_generated(gen.pages[generated.pages[i]])
        else:
            doc = packet.documents[page.document]
            stamp = generated.stamps[i]
            if doc.kind == "pdf":
                reader = readers.get(doc.sha256) or _open_source(folder, doc, readers)
                builder.add_pdf_page(reader, page.source_page - 1, doc.sha256, page.rotation, area, landscape, stamp,
                                     fonts)
            else:
                key = (doc.sha256, page.source_page)
                image = doc.page_images[page.source_page - 1]
                if key not in images:
                    try:
                        images[key] = builder.image_xobject(folder, image)
                    except (OSError, ValueError) as exc:
                        raise ExportError(f"{doc.original_name}: its page-ready image is missing or damaged "
                                          f"({exc}). Remove it and add the file again.") from exc
                builder.add_image_page(images[key], image, page.rotation, area, landscape, stamp,  # type: ignore[arg-type]
                                       fonts)
        if i % 10 == 0 or i == plan.total - 1:
            report(i + 1, plan.total, "Assembling pages")
    builder.finish()
    _resolve_source_links(builder)
    _add_index_links(writer, generated)
    _add_outline(writer, plan)
    _add_page_labels(writer, plan)
    _set_metadata(writer, packet)
    return writer, warnings


def _open_source(folder: Path, doc, readers: dict[str, PdfReader]) -> PdfReader:
    path = folder / doc.stored
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        len(reader.pages)
    except FileNotFoundError as exc:
        raise ExportError(f"{doc.original_name}: its stored copy ({doc.stored}) is missing from the packet folder. "
                          "Remove the exhibit and add the file again.") from exc
    except Exception as exc:
        raise ExportError(f"{doc.original_name}: its stored copy cannot be read ({exc}). Remove the exhibit and add "
                          "the file again.") from exc
    readers[doc.sha256] = reader
    return reader


def _resolve_source_links(builder: PageBuilder) -> None:
    for pending in builder.pending_links:
        target = builder.page_map.get((pending.document, pending.target_page_id))
        if target is None:  # the page it pointed to is not in the packet: the link goes
            _drop_annotation(pending.page, pending.ref)
            continue
        pending.annot[NameObject("/Dest")] = ArrayObject([target, NameObject("/Fit")])


def _drop_annotation(page, ref) -> None:
    annots = page.get("/Annots")
    if annots is None:
        return
    annots = annots.get_object()
    kept = ArrayObject([a for a in annots if not (hasattr(a, "idnum") and a.idnum == ref.idnum)])
    if kept:
        page[NameObject("/Annots")] = kept
    else:
        del page[NameObject("/Annots")]


def _add_index_links(writer: PdfWriter, generated: Generated) -> None:
    pages = writer.flattened_pages
    for link in generated.links:
        annot = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(round(v)) for v in link.rect]),
            NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
            NameObject("/Dest"): ArrayObject([pages[link.target].indirect_reference, NameObject("/Fit")]),
        })
        page = pages[link.page]
        annots = page.get("/Annots")
        if annots is None:
            annots = ArrayObject()
            page[NameObject("/Annots")] = annots
        annots.get_object().append(writer._add_object(annot))


def _add_outline(writer: PdfWriter, plan: Plan) -> None:
    writer.add_outline_item("Cover sheet", plan.first_of(COVER))
    writer.add_outline_item("Index of exhibits", plan.first_of(INDEX))
    exhibits_parent = None
    for e in plan.entries:
        start = e.separator if e.separator is not None else e.first
        if start is None or start < 0:
            continue
        if e.role == "lead":
            writer.add_outline_item(e.title, start)
            continue
        if exhibits_parent is None:
            exhibits_parent = writer.add_outline_item("Exhibits", start)
        writer.add_outline_item(f"Tab {e.label}: {e.title}", start, parent=exhibits_parent)


def _add_page_labels(writer: PdfWriter, plan: Plan) -> None:
    for first, last, prefix, start in page_label_ranges(plan):
        if start is None:
            writer.set_page_label(first, last, prefix=prefix)
        else:
            writer.set_page_label(first, last, style="/D", prefix=prefix or None, start=start)


def _set_metadata(writer: PdfWriter, packet: Packet) -> None:
    stamp = datetime.now(timezone.utc).strftime("D:%Y%m%d%H%M%SZ")
    writer.add_metadata({
        "/Title": packet.cover.document_title or packet.name,
        "/Creator": f"Packet {__version__}",
        "/Producer": f"Packet {__version__}",
        "/CreationDate": stamp,
        "/ModDate": stamp,
    })
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")


def _verify(path: Path, plan: Plan) -> None:
    """Re-open what was written: it must parse, list exactly the planned pages, and be US Letter throughout.

    The page tree is one flat /Kids list (PageBuilder writes it so); counting it checks every page reference
    without parsing every page. Page sizes are checked on a sample spread through the document.
    """
    try:
        reader = PdfReader(path)
        pages = reader.root_object["/Pages"].get_object()
        kids = pages["/Kids"].get_object()
        count = int(pages["/Count"])
        listed = len(kids)
        step = max(1, listed // 40)
        sample = sorted({*range(0, listed, step), listed - 1} - {-1})
        boxes = [(n, kids[n].get_object()["/MediaBox"]) for n in sample]
    except Exception as exc:
        raise ExportError(f"the written PDF could not be read back ({exc}); nothing was saved. Please report "
                          "this with the packet.") from exc
    if count != plan.total or listed != plan.total:
        raise ExportError(f"the written PDF has {listed} pages instead of the {plan.total} planned; nothing was "
                          "saved. Please report this with the packet.")
    for n, box in boxes:
        w, h = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
        if abs(w - LETTER_W) > 0.5 or abs(h - LETTER_H) > 0.5:
            raise ExportError(f"page {n + 1} of the written PDF is not US Letter; nothing was saved. Please report "
                              "this.")
