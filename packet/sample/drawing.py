"""What every sample document shares: the bundled font, the SAMPLE marks on each page, paragraph styles,
letterheads, and building a PDF with reportlab (invariant mode, so the bytes are the same every time)."""

from __future__ import annotations

import math
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from packet.core.resources import resource
from packet.sample.case import FICTION_NOTE, SAMPLE_MARK

FONT = "PacketSampleSerif"
BOLD = "PacketSampleSerif-Bold"


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(resource("fonts", "DejaVuSerif.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(resource("fonts", "DejaVuSerif-Bold.ttf"))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def mark_page(c: Canvas, pagesize: tuple[float, float]) -> None:
    """The SAMPLE marks every page carries: a large light diagonal watermark, a header line and a footer note."""
    w, h = pagesize
    c.saveState()
    c.setFillColor(colors.Color(0.86, 0.86, 0.86))
    size = 0.68 * math.hypot(w, h) / (pdfmetrics.stringWidth("SAMPLE", BOLD, 100) / 100)
    c.setFont(BOLD, size)
    c.translate(w / 2, h / 2)
    c.rotate(math.degrees(math.atan2(h, w)))
    c.drawCentredString(0, -size * 0.35, "SAMPLE")
    c.restoreState()
    c.saveState()
    c.setFillColor(colors.Color(0.70, 0.08, 0.08))
    c.setFont(BOLD, 9)
    c.drawCentredString(w / 2, h - 0.38 * inch, SAMPLE_MARK)
    c.setFillColor(colors.Color(0.35, 0.35, 0.35))
    c.setFont(FONT, 7)
    c.drawCentredString(w / 2, 0.32 * inch, f"{SAMPLE_MARK}. {FICTION_NOTE}")
    c.restoreState()


def styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, spaceAfter=6)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=12, spaceAfter=3),
        "head": ParagraphStyle("head", parent=body, fontName=BOLD, fontSize=11, spaceBefore=4, spaceAfter=4),
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=15, leading=19, alignment=TA_CENTER,
                                spaceAfter=10),
        "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER, spaceAfter=2),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=18, bulletIndent=6, spaceAfter=4),
    }


def build_pdf(path: Path, story: list, pagesize=letter, title: str = "", first_page=None, later_pages=None,
               top: float = 0.85 * inch) -> None:
    def first(c: Canvas, doc: SimpleDocTemplate) -> None:
        mark_page(c, doc.pagesize)
        if first_page:
            first_page(c, doc)

    def later(c: Canvas, doc: SimpleDocTemplate) -> None:
        mark_page(c, doc.pagesize)
        if later_pages:
            later_pages(c, doc)

    doc = SimpleDocTemplate(
        str(path), pagesize=pagesize, invariant=1, title=f"SAMPLE: {title}", author="Packet sample generator",
        subject=SAMPLE_MARK, creator="Packet sample generator", leftMargin=inch, rightMargin=inch,
        topMargin=top, bottomMargin=0.8 * inch,
    )
    doc.build(story, onFirstPage=first, onLaterPages=later)


def letterhead(name: str, lines: tuple[str, ...], rgb: tuple[float, float, float]):
    def draw(c: Canvas, doc: SimpleDocTemplate) -> None:
        w, h = doc.pagesize
        c.saveState()
        c.setFillColor(colors.Color(*rgb))
        c.setFont(BOLD, 15)
        c.drawString(inch, h - 0.85 * inch, name)
        c.setFont(FONT, 8.5)
        c.setFillColor(colors.Color(0.25, 0.25, 0.25))
        c.drawString(inch, h - 1.05 * inch, "  ·  ".join(lines))
        c.setStrokeColor(colors.Color(*rgb))
        c.setLineWidth(1.2)
        c.line(inch, h - 1.16 * inch, w - inch, h - 1.16 * inch)
        c.restoreState()
    return draw


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(text, style)
