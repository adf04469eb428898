"""Assemble the pages of one output file (the whole packet, or one part of it): gathered by qpdf, shaped here."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem

from packet import __version__
from packet.core.geometry import content_area
from packet.core.i18n import N_, _
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
from packet.export.annotations import AnnotationFlattener
from packet.export.cleaning import Cleaner
from packet.export.covers import document_title
from packet.export.errors import CANCELLED, ExportCancelled, ExportError, Progress
from packet.export.generated import Generated
from packet.export.image_compression import ImageCompressor
from packet.export.merge import Merged, merge
from packet.export.ocr_layer import TextLayers
from packet.export.pages import PageBuilder
from packet.export.sources import Sources


def check_generated(generated: Generated) -> None:
    with pikepdf.open(io.BytesIO(generated.pdf)) as gen:
        if len(gen.pages) != generated.carrier + 1:
            raise ExportError(f"internal error: drew {len(gen.pages)} pages, expected {generated.carrier + 1}")


def assemble(
    plan: Plan,
    pages: range,
    sources: Sources,
    generated: Generated,
    generated_path: Path,
    report: Progress,
    cancelled: Callable[[], bool],
    top_margin: float | None = None,
    done_before: int = 0,
    compressor: ImageCompressor | None = None,
) -> Merged:
    """The pages in `pages` (all of them, or one part), gathered by qpdf and shaped, with links, outline and
    labels, recognised text layers and (with a compressor) re-encoded images; the caller saves it and closes it."""
    merged = merge(plan, pages, sources, generated, generated_path)
    try:
        _shape(merged, plan, pages, sources, generated, report, cancelled, top_margin, done_before, compressor)
    except BaseException:
        merged.close()
        raise
    return merged


def _shape(merged: Merged, plan: Plan, pages: range, sources: Sources, generated: Generated, report: Progress,
           cancelled: Callable[[], bool], top_margin: float | None, done_before: int,
           compressor: ImageCompressor | None) -> None:
    packet = plan.packet
    pdf = merged.pdf
    objs = [p.obj for p in pdf.pages]
    carrier = objs.pop()
    fonts = Dictionary({ours: carrier.Resources.Font[internal] for internal, ours in generated.fonts.items()})
    first_of: dict[tuple[str, int], pikepdf.Object] = {}
    for obj, origin in zip(objs, merged.origins, strict=False):
        first_of.setdefault(origin, obj)
    flattener = AnnotationFlattener(pdf, Cleaner().clean, lambda doc, n: first_of.get((doc, n)))
    layers = TextLayers(sources.folder, pdf)
    builder = PageBuilder(pdf, Cleaner(), flattener, fonts, layers, compressor)
    area = content_area(packet.settings.stamp_position, top_margin)
    # a source page with text of its own by the stamp's edge (its printed page number) is shrunk a little more
    clear = content_area(packet.settings.stamp_position, top_margin, clear_band=True)
    landscape = packet.settings.landscape
    entries = {e.item_id: e for e in plan.entries}
    for n, (i, obj) in enumerate(zip(pages, objs, strict=False)):
        page = plan.pages[i]
        if cancelled():
            raise ExportCancelled(_(CANCELLED))
        if page.kind in GENERATED_KINDS:
            builder.shape_generated(obj)
        else:
            doc = packet.documents[page.document]
            stamp = generated.stamps[i]
            here = clear if page.clear_band else area
            try:
                if doc.kind == "pdf":
                    src = sources.pdf(doc)
                    builder.shape_pdf_page(obj, src, src.pages[page.source_page - 1].obj, doc.sha256, page.rotation,
                                           here, page.landscape or landscape, stamp, page.source_page)
                else:
                    builder.shape_image_page(obj, doc.page_images[page.source_page - 1], page.rotation, here,
                                             page.landscape or landscape, stamp, doc.sha256, page.source_page)
            except ExportError:
                raise
            except Exception as exc:
                raise ExportError(_page_failed(entries.get(page.item_id), doc.original_name, page.source_page,
                                               exc)) from exc
        if n % 10 == 0 or n == len(pages) - 1:
            report(done_before + n + 1, plan.total, N_("Assembling pages"))
    merged.text_pages = layers.pages
    del pdf.pages[-1]  # the stamp-font carrier
    _clean_catalog(pdf)
    _add_index_links(pdf, objs, generated, pages)
    _add_outline(pdf, plan, pages)
    _add_page_labels(pdf, plan, pages)
    _set_metadata(pdf, packet, plan, pages)


def _clean_catalog(pdf: pikepdf.Pdf) -> None:
    """The catalog qpdf made keeps only the page tree: no form, no names, nothing that acts on opening."""
    root = pdf.Root
    for key in list(root.keys()):
        if key not in ("/Type", "/Pages"):
            del root[key]


def _page_failed(entry, name: str, page: int, exc: BaseException) -> str:
    where = _("Tab {label}").format(label=entry.label) if entry is not None and entry.label else (entry.title if entry else "")
    text = " ".join(str(exc).split())[:160] or type(exc).__name__
    return (_("{name} ({where}, page {page}): this page could not be put into the packet ({text}). Remove the "
              "exhibit and add the file again; if it is refused, print it to a new PDF and add that.").format(
                name=name, where=where, page=page, text=text))


def _add_index_links(out: pikepdf.Pdf, placed: list, generated: Generated, pages: range) -> None:
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
    if nums:
        out.Root.PageLabels = Dictionary(Nums=Array(nums))


def _set_metadata(out: pikepdf.Pdf, packet: Packet, plan: Plan, pages: range) -> None:
    stamp = datetime.now(UTC).strftime("D:%Y%m%d%H%M%SZ")
    title = document_title(packet)
    if plan.parts > 1:
        title += f" (Part {plan.pages[pages.start].part} of {plan.parts})"
    info = out.docinfo
    info.Title = pikepdf.String(title)
    info.Creator = pikepdf.String(f"Packet {__version__}")
    info.Producer = pikepdf.String(f"Packet {__version__}")
    info.CreationDate = pikepdf.String(stamp)
    info.ModDate = pikepdf.String(stamp)
    out.Root.PageMode = Name.UseOutlines
