"""Assemble the pages of one output file (the whole packet, or one part of it) into a pikepdf Pdf."""

from __future__ import annotations

import io
from datetime import datetime, timezone
from typing import Callable

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem

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
from packet.export.cleaning import Cleaner
from packet.export.errors import CANCELLED, ExportCancelled, ExportError, Progress
from packet.export.generated import Generated
from packet.export.pages import PageBuilder
from packet.export.sources import Sources


def read_generated(generated: Generated) -> pikepdf.Pdf:
    gen = pikepdf.open(io.BytesIO(generated.pdf))
    if len(gen.pages) != generated.carrier + 1:
        raise ExportError(f"internal error: drew {len(gen.pages)} pages, expected {generated.carrier + 1}")
    return gen


def assemble(
    plan: Plan,
    pages: range,
    sources: Sources,
    generated: Generated,
    gen: pikepdf.Pdf,
    report: Progress,
    cancelled: Callable[[], bool],
    cleaner: Cleaner,
    top_margin: float | None = None,
    done_before: int = 0,
) -> pikepdf.Pdf:
    """A Pdf holding the plan's pages in `pages` (all of them, or one part), with links, outline and labels."""
    packet = plan.packet
    out = pikepdf.Pdf.new()
    builder = PageBuilder(out, cleaner)
    fonts = builder.stamp_fonts(gen, gen.pages[generated.carrier], generated.fonts)
    area = content_area(packet.settings.stamp_position, top_margin)
    landscape = packet.settings.landscape
    entries = {e.item_id: e for e in plan.entries}
    for n, i in enumerate(pages):
        page = plan.pages[i]
        if cancelled():
            raise ExportCancelled(CANCELLED)
        if page.kind in GENERATED_KINDS:
            builder.add_generated(gen, gen.pages[generated.pages[i]])
        else:
            doc = packet.documents[page.document]
            stamp = generated.stamps[i]
            if doc.kind == "pdf":
                src = sources.pdf(doc)
                try:
                    builder.add_pdf_page(src, page.source_page - 1, doc.sha256, page.rotation, area, landscape,
                                         stamp, fonts)
                except ExportError:
                    raise
                except Exception as exc:
                    raise ExportError(_page_failed(entries.get(page.item_id), doc.original_name, page.source_page,
                                                   exc)) from exc
            else:
                builder.add_image_page(sources.image(doc, page.source_page), doc.page_images[page.source_page - 1],
                                       page.rotation, area, landscape, stamp, fonts)
        if n % 10 == 0 or n == len(pages) - 1:
            report(done_before + n + 1, plan.total, "Assembling pages")
    builder.finish()
    _resolve_source_links(builder)
    _add_index_links(out, builder, generated, pages)
    _add_outline(out, plan, pages)
    _add_page_labels(out, plan, pages)
    _set_metadata(out, packet, plan, pages)
    return out


def _page_failed(entry, name: str, page: int, exc: BaseException) -> str:
    where = f"Tab {entry.label}" if entry is not None and entry.label else (entry.title if entry else "")
    text = " ".join(str(exc).split())[:160] or type(exc).__name__
    return (f"{name} ({where}, page {page}): this page could not be put into the packet ({text}). Remove the "
            "exhibit and add the file again; if it is refused, print it to a new PDF and add that.")


def _resolve_source_links(builder: PageBuilder) -> None:
    for pending in builder.pending_links:
        target = builder.page_map.get((pending.document, pending.target))
        if target is None:  # the page it pointed to is not in this file: the link goes
            _drop_annotation(pending.page, pending.annot)
            continue
        pending.annot.Dest = Array([target, Name.Fit])


def _drop_annotation(page, annot) -> None:
    annots = page.get("/Annots") if page is not None else None
    if not isinstance(annots, Array):
        return
    kept = [a for a in annots if a.objgen != annot.objgen]
    if kept:
        page.Annots = Array(kept)
    else:
        del page["/Annots"]


def _add_index_links(out: pikepdf.Pdf, builder: PageBuilder, generated: Generated, pages: range) -> None:
    placed = builder.pages
    for link in generated.links:
        if link.page not in pages or link.target not in pages:
            continue  # a link to another part cannot work inside one file
        annot = out.make_indirect(Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=[round(v) for v in link.rect], Border=[0, 0, 0],
            Dest=Array([placed[link.target - pages.start], Name.Fit]),
        ))
        page = placed[link.page - pages.start]
        if "/Annots" not in page:
            page.Annots = Array()
        page.Annots.append(annot)


def _add_outline(out: pikepdf.Pdf, plan: Plan, pages: range) -> None:
    def at(i: int) -> int | None:
        return i - pages.start if i in pages else None

    with out.open_outline() as outline:
        top = outline.root
        for kind, title in ((COVER, "Cover sheet"), (SLIP, "Part cover"), (INDEX, "Index of exhibits"),
                            (SUMMARY, "Summary of equities")):
            first = next((i for i in pages if plan.pages[i].kind == kind), None)
            if first is not None:
                top.append(OutlineItem(title, first - pages.start))
        exhibits: OutlineItem | None = None
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
                top.append(OutlineItem(name, span[0] - pages.start))
                continue
            if exhibits is None:
                exhibits = OutlineItem("Exhibits", span[0] - pages.start)
                top.append(exhibits)
            item = OutlineItem(name, span[0] - pages.start)
            exhibits.children.append(item)
            if e.translation and at(e.translation[0]) is not None:
                item.children.append(OutlineItem("English translation", at(e.translation[0])))
            if e.certificate is not None and at(e.certificate) is not None:
                item.children.append(OutlineItem("Certificate of translation", at(e.certificate)))
        service = next((i for i in pages if plan.pages[i].kind == CERT_SERVICE), None)
        if service is not None:
            top.append(OutlineItem("Certificate of service", service - pages.start))


def _add_page_labels(out: pikepdf.Pdf, plan: Plan, pages: range) -> None:
    """A /PageLabels number tree whose labels print exactly as the stamps (continuing across parts)."""
    nums: list = []
    for first, last, prefix, start in page_label_ranges(plan):
        lo, hi = max(first, pages.start), min(last, pages.stop - 1)
        if lo > hi:
            continue
        label = Dictionary()
        if start is None:
            label.P = pikepdf.String(prefix)
        else:
            label.S = Name.D
            label.St = start + (lo - first)
            if prefix:
                label.P = pikepdf.String(prefix)
        nums += [lo - pages.start, label]
    out.Root.PageLabels = Dictionary(Nums=Array(nums))


def _set_metadata(out: pikepdf.Pdf, packet: Packet, plan: Plan, pages: range) -> None:
    stamp = datetime.now(timezone.utc).strftime("D:%Y%m%d%H%M%SZ")
    title = packet.cover.document_title or packet.name
    if plan.parts > 1:
        title += f" (Part {plan.pages[pages.start].part} of {plan.parts})"
    info = out.docinfo
    info.Title = pikepdf.String(title)
    info.Creator = pikepdf.String(f"Packet {__version__}")
    info.Producer = pikepdf.String(f"Packet {__version__}")
    info.CreationDate = pikepdf.String(stamp)
    info.ModDate = pikepdf.String(stamp)
    out.Root.PageMode = Name.UseOutlines
