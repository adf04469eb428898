"""Pages Packet draws itself: cover sheet, exhibit index, separators, certificates, and the stamps of every page.

All of them are drawn as one reportlab document with one page per output page, in output order: a generated page
is taken whole, and for a source page only its stamp is used (as a form laid over the source). Text is real,
selectable text in the bundled Unicode font.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from packet.core.factors import load_factors
from packet.core.geometry import LETTER_H, LETTER_W, STAMP_BASELINE
from packet.core.plan import (
    CERT_SERVICE,
    CERT_TRANSLATION,
    COVER,
    GENERATED_KINDS,
    INDEX,
    SEPARATOR,
    SLIP,
    SUMMARY,
    Plan,
    PlanEntry,
)
from packet.export.covers import document_title, draw_cover, long_hearing
from packet.export.fonts import BOLD, REGULAR, register_fonts, wrap
from packet.export.index_pages import (
    GREY,
    MARGIN,
    Link,
    caption,
    draw_list_page,
    index_rows,
    page_cites,
    paginate,
    summary_rows,
)

rl_config.useA85 = 0  # binary streams: ASCII85 costs time in pure Python and a quarter more bytes

__all__ = ["DrawingCancelled", "Generated", "Link", "draw_generated", "index_page_count", "page_cites",
           "summary_page_count"]


@dataclass
class Generated:
    """The drawn pages, and what the assembler needs to stamp the source pages itself.

    `pages[i]` is the page of `pdf` for output page i, or -1 for a source page. Source pages are stamped with
    `stamps[i]`, a few content-stream operators that use the fonts on the carrier page (the last page of `pdf`,
    never output) under the resource names in `fonts`.
    """

    pdf: bytes
    links: list[Link] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    stamps: dict[int, bytes] = field(default_factory=dict)
    fonts: dict[str, str] = field(default_factory=dict)  # reportlab's subset name -> resource name for stamps

    @property
    def carrier(self) -> int:
        return max(self.pages, default=-1) + 1


# -- drawing -----------------------------------------------------------------------------------------------

def index_page_count(plan: Plan) -> int:
    return len(paginate(index_rows(plan)))


def summary_page_count(plan: Plan) -> int:
    return len(paginate(summary_rows(plan))) if plan.packet.settings.summary_of_equities else 0


def draw_generated(plan: Plan, cancelled=lambda: False) -> Generated:
    """One reportlab document: the cover, index and separator pages (stamped), then the stamp-font carrier page.

    Source pages get no page here: their stamps are encoded now, in the same font subset, and written into the
    source page's content by the assembler, which is much quicker than a drawn page per source page.
    """
    regular, bold = register_fonts()
    buf = io.BytesIO()
    title = document_title(plan.packet)
    c = Canvas(buf, pagesize=(LETTER_W, LETTER_H), pageCompression=1, invariant=1)
    c.setTitle(title)
    c.setCreator("Packet")
    out = Generated(b"")
    settings = plan.packet.settings
    alphabet = "".join(sorted({ch for p in plan.pages for ch in p.stamp}))
    font = pdfmetrics.getFont(regular)
    # Give the stamp characters their codes first, so they sit in the font's first subset.
    font.splitString(alphabet or "0", c._doc)
    index_pages = paginate(index_rows(plan))
    summary_pages = paginate(summary_rows(plan)) if plan.summary_pages else []
    entries = {e.item_id: e for e in plan.entries}
    drawn = 0
    for i, page in enumerate(plan.pages):
        if i % 200 == 0 and cancelled():
            raise DrawingCancelled()
        if page.kind not in GENERATED_KINDS:
            out.pages.append(-1)
            out.stamps[i] = b"" if not page.stamp else _stamp_ops(font, c, page.stamp, settings.stamp_position, settings.stamp_font_size,
                                       out.fonts)
            continue
        if page.kind == COVER:
            draw_cover(c, plan.packet)
        elif page.kind == INDEX:
            rows = index_pages[page.index_page] if page.index_page < len(index_pages) else []
            draw_list_page(c, plan, rows, page.index_page, i, out.links)
        elif page.kind == SUMMARY:
            rows = summary_pages[page.index_page] if page.index_page < len(summary_pages) else []
            draw_list_page(c, plan, rows, page.index_page, i, out.links, title="SUMMARY OF EQUITIES", columns=None)
        elif page.kind == SEPARATOR:
            _draw_separator(c, plan, entries[page.item_id])
        elif page.kind == CERT_TRANSLATION:
            _draw_translation_certificate(c, plan, entries[page.item_id])
        elif page.kind == CERT_SERVICE:
            _draw_service_certificate(c, plan)
        elif page.kind == SLIP:
            _draw_slip(c, plan, page.part)
        if page.stamp:
            _draw_stamp(c, page.stamp, settings.stamp_position, settings.stamp_font_size, regular)
        c.showPage()
        out.pages.append(drawn)
        drawn += 1
    # The carrier page: the stamp alphabet once more, so its resources name every subset the stamps use.
    c.setFont(regular, settings.stamp_font_size)
    c.drawString(72, 72, alphabet or "0")
    c.showPage()
    c.save()
    out.pdf = buf.getvalue()
    return out


def _stamp_ops(font, c: Canvas, text: str, position: str, size: float, names: dict[str, str]) -> bytes:
    """Content-stream operators that print `text` where _draw_stamp would, in the document's font subsets."""
    width = pdfmetrics.stringWidth(text, font.fontName, size)
    y = STAMP_BASELINE if position.startswith("bottom") else LETTER_H - STAMP_BASELINE - size * 0.75
    if position.endswith("center"):
        x = (LETTER_W - width) / 2
    elif position.endswith("right"):
        x = LETTER_W - 54 - width
    else:
        x = 54.0
    ops = [f"q 0 g BT 1 0 0 1 {x:.2f} {y:.2f} Tm"]
    for subset, chunk in font.splitString(text, c._doc):
        internal = font.getSubsetInternalName(subset, c._doc)
        name = names.setdefault(internal, f"/PktStamp{len(names)}")
        ops.append(f"{name} {size:g} Tf <{chunk.hex()}> Tj")
    ops.append("ET Q\n")
    return " ".join(ops).encode("ascii")


class DrawingCancelled(Exception):
    """The export was cancelled while the generated pages were being drawn."""


def _draw_stamp(c: Canvas, text: str, position: str, size: float, font: str) -> None:
    c.setFont(font, size)
    c.setFillColorRGB(0, 0, 0)
    y = STAMP_BASELINE if position.startswith("bottom") else LETTER_H - STAMP_BASELINE - size * 0.75
    if position.endswith("center"):
        c.drawCentredString(LETTER_W / 2, y, text)
    elif position.endswith("right"):
        c.drawRightString(LETTER_W - 54, y, text)
    else:
        c.drawString(54, y, text)


def _draw_separator(c: Canvas, plan: Plan, entry: PlanEntry) -> None:
    c.setFillColorRGB(0, 0, 0)
    c.setFont(BOLD, 40)
    word = "EXHIBIT"
    c.drawCentredString(LETTER_W / 2, LETTER_H * 0.58, f"{word} {entry.label}")
    y = LETTER_H * 0.58 - 44
    c.setFont(REGULAR, 16)
    for line in wrap(entry.title, REGULAR, 16, LETTER_W - 2 * MARGIN - 40)[:8]:
        c.drawCentredString(LETTER_W / 2, y, line)
        y -= 21
    names = {f.id: f.name for f in load_factors()}
    tags = [names[f] for f in entry.factors if f in names]
    if tags:
        y -= 10
        c.setFillColor(GREY)
        c.setFont(REGULAR, 11)
        for line in wrap("; ".join(tags), REGULAR, 11, LETTER_W - 2 * MARGIN - 40)[:3]:
            c.drawCentredString(LETTER_W / 2, y, line)
            y -= 15
        c.setFillColorRGB(0, 0, 0)


def _signature_block(c: Canvas, y: float, name: str, lines: list[str]) -> float:
    c.setFont(REGULAR, 12)
    c.line(MARGIN, y, MARGIN + 250, y)
    c.line(LETTER_W - MARGIN - 150, y, LETTER_W - MARGIN, y)
    c.setFont(REGULAR, 10)
    c.drawString(MARGIN, y - 13, "Signature")
    c.drawString(LETTER_W - MARGIN - 150, y - 13, "Date")
    y -= 40
    c.setFont(REGULAR, 12)
    for line in [name, *lines]:
        if line.strip():
            c.drawString(MARGIN, y, line)
            y -= 16
    return y


def _paragraph(c: Canvas, y: float, text: str, size: float = 12) -> float:
    c.setFont(REGULAR, size)
    for line in wrap(text, REGULAR, size, LETTER_W - 2 * MARGIN):
        c.drawString(MARGIN, y, line)
        y -= size * 1.45
    return y


def _draw_translation_certificate(c: Canvas, plan: Plan, entry: PlanEntry) -> None:
    t = plan.packet.translator
    item = plan.packet.find(entry.item_id)
    language = (item.language if item else "") or "the original language"
    c.setFillColorRGB(0, 0, 0)
    c.setFont(BOLD, 14)
    c.drawCentredString(LETTER_W / 2, LETTER_H - MARGIN, "CERTIFICATE OF TRANSLATION")
    tab = f"Tab {entry.label}, " if entry.label else ""
    # The original's own pages (not the translation's, nor this certificate's): what the translator certifies.
    end = entry.translation[0] if entry.translation else (entry.certificate or entry.last + 1)
    original = [p for p in plan.pages[entry.first:end] if p.label] if entry.first >= 0 else []
    if original:
        first, last = original[0].label, original[-1].label
        dash = "-" if first.isdigit() else " – "
        cite = f"p. {first}" if first == last else f"pp. {first}{dash}{last}"
    else:
        cite = ""
    where = f" ({tab}{cite})" if cite else (f" ({tab.removesuffix(', ')})" if tab else "")
    y = LETTER_H - MARGIN - 48
    y = _paragraph(c, y, f"I, {t.name or '____________________'}, certify that I am competent to translate from "
                         f"{language} into English, and that the English translation of the document "
                         f"\u201c{entry.title}\u201d{where} is complete, true and accurate to the best of "
                         "my knowledge and ability.")
    y = _paragraph(c, y - 10, "Document covered: " + entry.title + (f" ({language})" if item and item.language else ""))
    _signature_block(c, y - 60, t.name or "Name:", [*t.address.splitlines(), t.phone and f"Telephone: {t.phone}",
                                                     t.email and f"Email: {t.email}"])


def _draw_service_certificate(c: Canvas, plan: Plan) -> None:
    sv = plan.packet.service
    cover = plan.packet.cover
    c.setFillColorRGB(0, 0, 0)
    c.setFont(BOLD, 14)
    c.drawCentredString(LETTER_W / 2, LETTER_H - MARGIN, "CERTIFICATE OF SERVICE")
    y = _paragraph(c, LETTER_H - MARGIN - 30, caption(plan), 10) - 16
    when = long_hearing(sv.date, "") if sv.date else "____________"
    title = document_title(plan.packet)
    y = _paragraph(c, y, f"On {when}, I served a copy of this {title} and all attached pages on "
                         f"{sv.served_on or '____________'}"
                         f"{' at ' + ', '.join(sv.address.splitlines()) if sv.address.strip() else ''}, "
                         f"by {sv.method or '____________'}.")
    _signature_block(c, y - 60, sv.signer or cover.filer_name or "Name:", [])


def _draw_slip(c: Canvas, plan: Plan, part: int) -> None:
    pages = [p for p in plan.pages if p.part == part and p.number is not None]
    c.setFillColorRGB(0, 0, 0)
    y = LETTER_H * 0.62
    c.setFont(REGULAR, 12)
    for line in wrap(caption(plan), REGULAR, 12, LETTER_W - 2 * MARGIN)[:3]:
        c.drawCentredString(LETTER_W / 2, y, line)
        y -= 16
    c.setFont(BOLD, 14)
    for line in wrap(document_title(plan.packet), BOLD, 14, LETTER_W - 2 * MARGIN)[:3]:
        y -= 6
        c.drawCentredString(LETTER_W / 2, y, line)
        y -= 12
    c.setFont(BOLD, 28)
    c.drawCentredString(LETTER_W / 2, y - 50, f"PART {part} OF {plan.parts}")
    if pages:
        c.setFont(REGULAR, 12)
        c.drawCentredString(LETTER_W / 2, y - 80, f"Pages {pages[0].label} to {pages[-1].label}")
