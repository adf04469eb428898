"""Pages Packet draws itself: cover sheet, exhibit index, separators, and the stamps of every page.

All of them are drawn as one reportlab document with one page per output page, in output order: a generated page
is taken whole, and for a source page only its stamp is used (as a form laid over the source). Text is real,
selectable text in the bundled Unicode font.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from reportlab import rl_config
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from packet.core.factors import load_factors
from packet.core.geometry import LETTER_H, LETTER_W, STAMP_BAND, STAMP_BASELINE
from packet.core.labels import tab_cites
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
from packet.export.fonts import BOLD, REGULAR, register_fonts, text_width, wrap

rl_config.useA85 = 0  # binary streams: ASCII85 costs time in pure Python and a quarter more bytes

MARGIN = 72.0
TAB_W = 58.0
CITE_W = 118.0
ROW_SIZE = 11.0
ROW_LEADING = 14.0
ROW_GAP = 6.0
GREY = Color(0.35, 0.35, 0.35)


@dataclass
class Link:
    page: int  # output page index holding the link
    rect: tuple[float, float, float, float]
    target: int  # output page index it goes to


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


@dataclass
class _Row:
    kind: str  # "heading" or "item"
    tab: str = ""
    lines: list[str] = field(default_factory=list)
    cite: list[str] = field(default_factory=list)
    target: int = -1

    @property
    def height(self) -> float:
        if self.kind == "heading":
            return len(self.lines) * ROW_LEADING + ROW_GAP + 4
        return max(len(self.lines), len(self.cite), 1) * ROW_LEADING + ROW_GAP


# -- index layout ------------------------------------------------------------------------------------------

def _index_rows(plan: Plan) -> list[_Row]:
    register_fonts()
    desc_w = LETTER_W - 2 * MARGIN - TAB_W - CITE_W - 12
    names = {f.id: f.name for f in load_factors()}

    def item(e: PlanEntry) -> _Row:
        tab = f"Tab {e.label}" if e.label else ""
        cite_lines = _cite_lines(e.cite)
        if plan.parts > 1:
            cite_lines.append(f"in Part {e.part}")
        target = e.first if e.first >= 0 else (e.separator if e.separator is not None else -1)
        title = e.title + (" (with English translation and certificate)" if e.translation else "")
        return _Row("item", tab, wrap(title, REGULAR, ROW_SIZE, desc_w), cite_lines, target)

    rows: list[_Row] = []
    leads = [e for e in plan.entries if e.role == "lead"]
    exhibits = [e for e in plan.entries if e.role == "exhibit"]
    if leads:
        rows.append(_Row("heading", lines=["Lead documents"]))
        rows += [item(e) for e in leads]
    if plan.packet.settings.group_index_by_factor and exhibits:
        order = [f.id for f in load_factors()]
        groups: dict[str, list[PlanEntry]] = {}
        for e in exhibits:
            key = min((f for f in e.factors if f in names), key=order.index, default="")
            groups.setdefault(key, []).append(e)
        for key in [*order, ""]:
            if key in groups:
                rows.append(_Row("heading", lines=[names.get(key, "Other evidence")]))
                rows += [item(e) for e in groups[key]]
    else:
        if leads and exhibits:
            rows.append(_Row("heading", lines=["Exhibits"]))
        rows += [item(e) for e in exhibits]
    return rows


def _cite_lines(cite: str) -> list[str]:
    """A cite in the Pages column, wrapped between numbers (never inside one) when it is too wide."""
    return wrap(cite, REGULAR, ROW_SIZE, CITE_W) if text_width(cite, REGULAR, ROW_SIZE) > CITE_W else [cite]


def page_cites(entries: list[PlanEntry]) -> str:
    """'pp. 14-31' for exhibits whose pages run on; 'pp. 3-5, 9-12' when they do not."""
    spans = sorted((e.first, e.last, e.first_label, e.last_label) for e in entries if e.first >= 0)
    runs: list[list] = []
    for first, last, fl, ll in spans:
        if runs and first <= runs[-1][1] + 2:  # a separator page between two exhibits does not break the run
            if last > runs[-1][1]:
                runs[-1][1], runs[-1][3] = last, ll
        else:
            runs.append([first, last, fl, ll])
    if not runs:
        return ""
    dash = "-" if all(str(r[2]).isdigit() for r in runs) else " – "  # Bates numbers keep a spaced dash
    parts = [fl if first == last else f"{fl}{dash}{ll}" for first, last, fl, ll in runs]
    return ("p. " if len(runs) == 1 and runs[0][0] == runs[0][1] else "pp. ") + ", ".join(parts)


def summary_rows(plan: Plan) -> list[_Row]:
    """For each factor with evidence: a heading with tab and page cites, then its exhibits."""
    register_fonts()
    desc_w = LETTER_W - 2 * MARGIN - TAB_W - CITE_W - 12
    numbers = {e.item_id: n for n, e in enumerate((e for e in plan.entries if e.role == "exhibit"), start=1)}
    rows: list[_Row] = []
    for factor in load_factors():
        backing = [e for e in plan.entries if factor.id in e.factors]
        if not backing:
            continue
        tabs = tab_cites([numbers[e.item_id] for e in backing if e.item_id in numbers],
                         plan.packet.settings.label_style)
        leads = sum(1 for e in backing if e.role == "lead")
        where = ", ".join(x for x in (tabs, f"{leads} lead document{'s' if leads > 1 else ''}" if leads else "",
                                      page_cites(backing)) if x)
        rows.append(_Row("heading", lines=wrap(f"{factor.name}: {where}", BOLD, ROW_SIZE, LETTER_W - 2 * MARGIN)))
        for e in backing:
            rows.append(_Row("item", f"Tab {e.label}" if e.label else "Lead", wrap(e.title, REGULAR, ROW_SIZE, desc_w),
                             _cite_lines(e.cite), e.first if e.first >= 0 else (e.separator or -1)))
    if not rows:
        rows.append(_Row("item", "", ["No exhibit is tagged with a discretion factor yet."], [""], -1))
    return rows


def summary_page_count(plan: Plan) -> int:
    return len(_paginate(summary_rows(plan))) if plan.packet.settings.summary_of_equities else 0


def _paginate(rows: list[_Row]) -> list[list[_Row]]:
    first_top = LETTER_H - MARGIN - 78  # below the title, caption and column heads
    other_top = LETTER_H - MARGIN - 40
    bottom = STAMP_BAND + 24
    pages: list[list[_Row]] = [[]]
    room = first_top - bottom
    for i, row in enumerate(rows):
        need = row.height
        if row.kind == "heading" and i + 1 < len(rows):
            need += rows[i + 1].height  # keep a heading with its first row
        if pages[-1] and need > room:
            pages.append([])
            room = other_top - bottom
        pages[-1].append(row)
        room -= row.height
    return pages


def index_page_count(plan: Plan) -> int:
    return len(_paginate(_index_rows(plan)))


# -- drawing -----------------------------------------------------------------------------------------------

def draw_generated(plan: Plan, cancelled=lambda: False) -> Generated:
    """One reportlab document: the cover, index and separator pages (stamped), then the stamp-font carrier page.

    Source pages get no page here: their stamps are encoded now, in the same font subset, and written into the
    source page's content by the assembler, which is much quicker than a drawn page per source page.
    """
    regular, bold = register_fonts()
    buf = io.BytesIO()
    title = plan.packet.cover.document_title or plan.packet.name
    c = Canvas(buf, pagesize=(LETTER_W, LETTER_H), pageCompression=1, invariant=1)
    c.setTitle(title)
    c.setCreator("Packet")
    out = Generated(b"")
    settings = plan.packet.settings
    alphabet = "".join(sorted({ch for p in plan.pages for ch in p.stamp}))
    font = pdfmetrics.getFont(regular)
    # Give the stamp characters their codes first, so they sit in the font's first subset.
    font.splitString(alphabet or "0", c._doc)
    index_pages = _paginate(_index_rows(plan))
    summary_pages = _paginate(summary_rows(plan)) if plan.summary_pages else []
    entries = {e.item_id: e for e in plan.entries}
    drawn = 0
    for i, page in enumerate(plan.pages):
        if i % 200 == 0 and cancelled():
            raise DrawingCancelled()
        if page.kind not in GENERATED_KINDS:
            out.pages.append(-1)
            out.stamps[i] = _stamp_ops(font, c, page.stamp, settings.stamp_position, settings.stamp_font_size,
                                       out.fonts)
            continue
        if page.kind == COVER:
            _draw_cover(c, plan)
        elif page.kind == INDEX:
            rows = index_pages[page.index_page] if page.index_page < len(index_pages) else []
            _draw_index(c, plan, rows, page.index_page, i, out.links)
        elif page.kind == SUMMARY:
            rows = summary_pages[page.index_page] if page.index_page < len(summary_pages) else []
            _draw_index(c, plan, rows, page.index_page, i, out.links, title="SUMMARY OF EQUITIES")
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


def _draw_cover(c: Canvas, plan: Plan) -> None:
    cover = plan.packet.cover
    x, y = MARGIN, LETTER_H - MARGIN
    c.setFillColorRGB(0, 0, 0)
    block = [cover.filer_name, *cover.filer_address.splitlines(), cover.filer_phone, cover.filer_email]
    if cover.eoir_id:
        block.append(f"EOIR ID: {cover.eoir_id}")
    if cover.represented_party:
        block.append(f"Representing: {cover.represented_party}")
    c.setFont(REGULAR, 11)
    for line in [b for b in block if b.strip()]:
        c.drawString(x, y, line)
        y -= 14
    if cover.detained:
        c.setFont(BOLD, 14)
        w = text_width("DETAINED", BOLD, 14)
        c.rect(LETTER_W - MARGIN - w - 12, LETTER_H - MARGIN - 8, w + 12, 24)
        c.drawString(LETTER_W - MARGIN - w - 6, LETTER_H - MARGIN, "DETAINED")
    y = min(y, LETTER_H - MARGIN - 6 * 14) - 36
    court = cover.court.strip()
    heads = _court_heading(court)
    c.setFont(BOLD, 12)
    for line in heads:
        c.drawCentredString(LETTER_W / 2, y, line)
        y -= 16
    y -= 24
    # The caption: "In the Matter of" on the left, the file numbers on the right, a bracket between.
    top = y
    people = [r for r in cover.respondents if r.name.strip() or r.a_number.strip()]
    names = [r.name.strip() or "(respondent's name)" for r in people] or ["(respondent's name)"]
    numbers = [r.a_number for r in people] or [""]
    left: list[tuple[str, str, int]] = [("In the Matter of:", REGULAR, -1), ("", REGULAR, -1)]
    for n, name in enumerate(names):
        # the names in capitals and bold, wrapped as printed so they stay clear of the bracket
        left += [(ln, BOLD, n if k == 0 else -1) for k, ln in enumerate(wrap(name.upper(), BOLD, 12, 255))]
    party = f"{cover.represented_party or 'Respondent'}{'s' if len(names) > 1 else ''}."
    left += [("", REGULAR, -1), (party, REGULAR, -1), ("", REGULAR, -1), ("In removal proceedings", REGULAR, -1)]
    name_y: dict[int, float] = {}
    for line, font, person in left:
        c.setFont(font, 12)
        c.drawString(x, y, line)
        if person >= 0:
            name_y[person] = y
        y -= 16
    bottom = y + 10
    c.setFont(REGULAR, 12)
    for yy in range(int(top), int(bottom), -16):
        c.drawString(x + 270, yy, ")")
    for n, number in enumerate(numbers):  # each A-number level with its respondent's name
        c.drawString(x + 295, name_y.get(n, top - 32 - 16 * n), f"File No.: {number}" if number else "File No.:")
    y = bottom - 36
    c.setFont(REGULAR, 12)
    judge = f"Immigration Judge: {cover.judge or ''}"
    hearing = f"Next Hearing: {_hearing(cover.hearing_date, cover.hearing_time)}"
    before_court = _is_court(cover.court)
    if before_court or cover.judge.strip() or cover.hearing_date.strip():
        if text_width(judge, REGULAR, 12) < 260 and text_width(hearing, REGULAR, 12) < LETTER_W - MARGIN - x - 270:
            c.drawString(x, y, judge)
            c.drawString(x + 270, y, hearing)
        else:  # too long to share a line: one under the other
            c.drawString(x, y, judge)
            y -= 18
            c.drawString(x, y, hearing)
    y -= 80
    c.setFont(BOLD, 16)
    for line in wrap((cover.document_title or plan.packet.name).upper(), BOLD, 16, LETTER_W - 2 * MARGIN - 20):
        c.drawCentredString(LETTER_W / 2, y, line)
        y -= 22


def _is_court(court: str) -> bool:
    lower = court.lower()
    return "immigration court" in lower or "eoir" in lower or "board of immigration" in lower or not court.strip()


def _court_heading(court: str) -> list[str]:
    lower = court.lower()
    width = LETTER_W - 2 * MARGIN
    if court.strip() and _is_court(court):
        rest = court.replace("Immigration Court", "").strip(" ,") if "immigration court" in lower else court
        lines = ["UNITED STATES DEPARTMENT OF JUSTICE", "EXECUTIVE OFFICE FOR IMMIGRATION REVIEW",
                 "IMMIGRATION COURT" if "immigration court" in lower else ""]
        return [ln for ln in [*lines, *wrap(rest.upper(), BOLD, 12, width)] if ln]
    if any(k in lower for k in ("ice", "opla", "homeland", "enforcement", "field office")):
        return ["U.S. DEPARTMENT OF HOMELAND SECURITY", "U.S. IMMIGRATION AND CUSTOMS ENFORCEMENT",
                *wrap(court.upper(), BOLD, 12, width)]
    return wrap(court.upper(), BOLD, 12, width) if court else []


def _hearing(day: str, time: str) -> str:
    if not day:
        return "none scheduled"
    try:
        d = date.fromisoformat(day)
        text = f"{d:%B} {d.day}, {d.year}"
    except ValueError:
        text = day
    if time:
        try:
            hh, mm = (int(v) for v in time.split(":")[:2])
            text += f", {(hh - 1) % 12 + 1}:{mm:02d} {'a.m.' if hh < 12 else 'p.m.'}"
        except ValueError:
            text += f", {time}"
    return text


def _draw_index(c: Canvas, plan: Plan, rows: list[_Row], number: int, page_index: int, links: list[Link],
                title: str = "INDEX OF EXHIBITS") -> None:
    y = LETTER_H - MARGIN
    c.setFillColorRGB(0, 0, 0)
    c.setFont(BOLD, 14)
    c.drawCentredString(LETTER_W / 2, y, title + (" (continued)" if number else ""))
    y -= 20
    if number == 0:
        caption = _caption(plan)
        c.setFont(REGULAR, 10)
        for line in wrap(caption, REGULAR, 10, LETTER_W - 2 * MARGIN)[:2]:
            c.drawCentredString(LETTER_W / 2, y, line)
            y -= 13
        y -= 12
        c.setFont(BOLD, 10)
        c.drawString(MARGIN, y, "Tab")
        c.drawString(MARGIN + TAB_W, y, "Description")
        c.drawRightString(LETTER_W - MARGIN, y, "Pages")
        c.line(MARGIN, y - 4, LETTER_W - MARGIN, y - 4)
        y = LETTER_H - MARGIN - 78
    else:
        y = LETTER_H - MARGIN - 40
    for row in rows:
        if row.kind == "heading":
            y -= 4
            c.setFont(BOLD, ROW_SIZE)
            for line in row.lines:
                c.drawString(MARGIN, y, line)
                y -= ROW_LEADING
            y -= ROW_GAP
            continue
        top = y + ROW_SIZE
        c.setFont(BOLD, ROW_SIZE)
        c.drawString(MARGIN, y, row.tab)
        c.setFont(REGULAR, ROW_SIZE)
        yy = y
        for line in row.lines:
            c.drawString(MARGIN + TAB_W, yy, line)
            yy -= ROW_LEADING
        yc = y
        for line in row.cite:
            c.drawRightString(LETTER_W - MARGIN, yc, line)
            yc -= ROW_LEADING
        y -= row.height
        if row.target >= 0:
            links.append(Link(page_index, (MARGIN - 2, y + ROW_SIZE + 2, LETTER_W - MARGIN + 2, top + 2), row.target))


def _caption(plan: Plan) -> str:
    cover = plan.packet.cover
    people = [f"{r.name} ({r.a_number})" if r.a_number else r.name for r in cover.respondents if r.name or r.a_number]
    return f"In the Matter of {'; '.join(people)}" if people else (cover.document_title or plan.packet.name)


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
    covered = [p for p in plan.pages[max(entry.first, 0):(entry.certificate or entry.last + 1)] if p.label]
    if covered:
        first, last = covered[0].label, covered[-1].label
        dash = "-" if first.isdigit() else " – "
        cite = f"p. {first}" if first == last else f"pp. {first}{dash}{last}"
    else:
        cite = entry.cite
    y = LETTER_H - MARGIN - 48
    y = _paragraph(c, y, f"I, {t.name or '____________________'}, certify that I am competent to translate from "
                         f"{language} into English, and that the English translation of the document "
                         f"\u201c{entry.title}\u201d ({tab}{cite}) is complete, true and accurate to the best of "
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
    y = _paragraph(c, LETTER_H - MARGIN - 30, _caption(plan), 10) - 16
    when = _hearing(sv.date, "") if sv.date else "____________"
    title = cover.document_title or plan.packet.name
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
    for line in wrap(_caption(plan), REGULAR, 12, LETTER_W - 2 * MARGIN)[:3]:
        c.drawCentredString(LETTER_W / 2, y, line)
        y -= 16
    c.setFont(BOLD, 14)
    for line in wrap(plan.packet.cover.document_title or plan.packet.name, BOLD, 14, LETTER_W - 2 * MARGIN)[:3]:
        y -= 6
        c.drawCentredString(LETTER_W / 2, y, line)
        y -= 12
    c.setFont(BOLD, 28)
    c.drawCentredString(LETTER_W / 2, y - 50, f"PART {part} OF {plan.parts}")
    if pages:
        c.setFont(REGULAR, 12)
        c.drawCentredString(LETTER_W / 2, y - 80, f"Pages {pages[0].label} to {pages[-1].label}")
