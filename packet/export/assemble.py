"""Assemble the pages of one output file (the whole packet, or one part of it) into a pypdf writer."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

from packet import __version__
from packet.core.geometry import content_area
from packet.core.model import Packet
from packet.core.plan import (
    CERT_SERVICE,
    COVER,
    GENERATED_KINDS,
    INDEX,
    SLIP,
    SUMMARY,
    Plan,
    page_label_ranges,
)
from packet.export.generated import Generated
from packet.export.sources import PageBuilder

Progress = Callable[[int, int, str], None]


class ExportError(Exception):
    """The export could not be made; the message says why and what to do. No file was left behind."""


class ExportCancelled(ExportError):
    pass


class Sources:
    """Readers of the packet's stored PDFs, opened once per export and shared by every part."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.readers: dict[str, PdfReader] = {}

    def reader(self, doc) -> PdfReader:
        if doc.sha256 not in self.readers:
            self.readers[doc.sha256] = _open_source(self.folder, doc)
        return self.readers[doc.sha256]


def assemble(
    plan: Plan,
    pages: range,
    sources: Sources,
    generated: Generated,
    gen: PdfReader,
    report: Progress,
    cancelled: Callable[[], bool],
    top_margin: float | None = None,
    done_before: int = 0,
) -> PdfWriter:
    """A writer holding the plan's pages in `pages` (all of them, or one part), with links, outline and labels."""
    packet = plan.packet
    writer = PdfWriter()
    writer.pdf_header = b"%PDF-1.7"  # sources may use anything up to 1.7 (transparency, object streams)
    builder = PageBuilder(writer)
    fonts = builder.stamp_fonts(gen.pages[generated.carrier], generated.fonts)
    area = content_area(packet.settings.stamp_position, top_margin)
    landscape = packet.settings.landscape
    images: dict[tuple[str, int], object] = {}
    folder = sources.folder
    for n, i in enumerate(pages):
        page = plan.pages[i]
        if cancelled():
            raise ExportCancelled("Export cancelled; no file was written.")
        if page.kind in GENERATED_KINDS:
            builder.add_generated(gen.pages[generated.pages[i]])
        else:
            doc = packet.documents[page.document]
            stamp = generated.stamps[i]
            if doc.kind == "pdf":
                builder.add_pdf_page(sources.reader(doc), page.source_page - 1, doc.sha256, page.rotation, area,
                                     landscape, stamp, fonts)
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
        if n % 10 == 0 or n == len(pages) - 1:
            report(done_before + n + 1, plan.total, "Assembling pages")
    builder.finish()
    _resolve_source_links(builder)
    _add_index_links(writer, generated, pages)
    _add_outline(writer, plan, pages)
    _add_page_labels(writer, plan, pages)
    _set_metadata(writer, packet, plan, pages)
    return writer


def _open_source(folder: Path, doc) -> PdfReader:
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
    return reader


def _resolve_source_links(builder: PageBuilder) -> None:
    for pending in builder.pending_links:
        target = builder.page_map.get((pending.document, pending.target_page_id))
        if target is None:  # the page it pointed to is not in this file: the link goes
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


def _add_index_links(writer: PdfWriter, generated: Generated, pages: range) -> None:
    out = writer.flattened_pages
    for link in generated.links:
        if link.page not in pages or link.target not in pages:
            continue  # a link to another part cannot work inside one file
        annot = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(round(v)) for v in link.rect]),
            NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
            NameObject("/Dest"): ArrayObject([out[link.target - pages.start].indirect_reference, NameObject("/Fit")]),
        })
        page = out[link.page - pages.start]
        annots = page.get("/Annots")
        if annots is None:
            annots = ArrayObject()
            page[NameObject("/Annots")] = annots
        annots.get_object().append(writer._add_object(annot))


def _add_outline(writer: PdfWriter, plan: Plan, pages: range) -> None:
    def at(i: int) -> int | None:
        return i - pages.start if i in pages else None

    for kind, title in ((COVER, "Cover sheet"), (SLIP, "Part cover"), (INDEX, "Index of exhibits"),
                        (SUMMARY, "Summary of equities")):
        first = next((i for i in pages if plan.pages[i].kind == kind), None)
        if first is not None:
            writer.add_outline_item(title=title, page_number=first - pages.start)
    exhibits_parent = None
    for e in plan.entries:
        start = e.separator if e.separator is not None else e.first
        if start is None or start < 0:
            continue
        span = [i for i in pages if plan.pages[i].item_id == e.item_id]
        if not span:
            continue
        continued = span[0] != start
        name = (f"Tab {e.label}: {e.title}" if e.label else e.title) + (" (continued)" if continued else "")
        if e.role == "lead":
            writer.add_outline_item(title=name, page_number=span[0] - pages.start)
            continue
        if exhibits_parent is None:
            exhibits_parent = writer.add_outline_item(title="Exhibits", page_number=span[0] - pages.start)
        item = writer.add_outline_item(title=name, page_number=span[0] - pages.start, parent=exhibits_parent)
        if e.translation and at(e.translation[0]) is not None:
            writer.add_outline_item(title="English translation", page_number=at(e.translation[0]), parent=item)
        if e.certificate is not None and at(e.certificate) is not None:
            writer.add_outline_item(title="Certificate of translation", page_number=at(e.certificate), parent=item)
    service = next((i for i in pages if plan.pages[i].kind == CERT_SERVICE), None)
    if service is not None:
        writer.add_outline_item(title="Certificate of service", page_number=service - pages.start)


def _add_page_labels(writer: PdfWriter, plan: Plan, pages: range) -> None:
    for first, last, prefix, start in page_label_ranges(plan):
        lo, hi = max(first, pages.start), min(last, pages.stop - 1)
        if lo > hi:
            continue
        if start is None:
            writer.set_page_label(lo - pages.start, hi - pages.start, prefix=prefix)
        else:
            writer.set_page_label(lo - pages.start, hi - pages.start, style=PageLabelStyle.DECIMAL, prefix=prefix or None,
                                  start=start + (lo - first))


def _set_metadata(writer: PdfWriter, packet: Packet, plan: Plan, pages: range) -> None:
    stamp = datetime.now(UTC).strftime("D:%Y%m%d%H%M%SZ")
    title = packet.cover.document_title or packet.name
    if plan.parts > 1:
        title += f" (Part {plan.pages[pages.start].part} of {plan.parts})"
    writer.add_metadata({
        "/Title": title,
        "/Creator": f"Packet {__version__}",
        "/Producer": f"Packet {__version__}",
        "/CreationDate": stamp,
        "/ModDate": stamp,
    })
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")


def read_generated(generated: Generated) -> PdfReader:
    gen = PdfReader(io.BytesIO(generated.pdf))
    if len(gen.pages) != generated.carrier + 1:
        raise ExportError(f"internal error: drew {len(gen.pages)} pages, expected {generated.carrier + 1}")
    return gen
