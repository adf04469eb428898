"""The exhibit index and the summary of equities: their rows, how they break into pages, and how a page is drawn.

The index lists lead documents, then the exhibits (under factor sections when grouped: each exhibit in its
primary factor's section, "see also" under its others; the plan letters a grouped packet section by section, so
tabs run A, B, C down the page). The summary lists only the discretion factors (core/equities.py): each with the
user's statement and the cites of its evidence ("Tab C, p. 14"), numbered by the same plan as the stamps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from packet.core.equities import summary_sections
from packet.core.factor_sections import factor_sections
from packet.core.geometry import LETTER_H, LETTER_W, STAMP_BAND
from packet.core.plan import Plan, PlanEntry
from packet.export.fonts import BOLD, REGULAR, register_fonts, text_width, wrap

MARGIN = 72.0
TAB_W = 58.0
CITE_W = 118.0
SUMMARY_CITE_W = (96.0, 190.0)  # the summary's left column ("Tab C, pp. 14-16"): its widest cite, up to a limit
ROW_SIZE = 11.0
ROW_LEADING = 14.0
ROW_GAP = 6.0
TEXT_CHUNK = 8  # lines of a statement kept together; a longer one may break between chunks
GREY = Color(0.35, 0.35, 0.35)
HEADING, ITEM, TEXT, CITE = "heading", "item", "text", "cite"


@dataclass
class Link:
    page: int  # output page index holding the link
    rect: tuple[float, float, float, float]
    target: int  # output page index it goes to


@dataclass
class Row:
    kind: str  # HEADING, ITEM (tab | title | pages), TEXT (a paragraph), CITE (cite | title)
    tab: str = ""
    lines: list[str] = field(default_factory=list)
    cite: list[str] = field(default_factory=list)
    target: int = -1
    muted: bool = False  # a "see also" row of the grouped index
    gap: bool = True  # space after it (a paragraph broken into chunks has none between them)
    cite_w: float = 0.0  # CITE rows: the width of the cite column

    @property
    def height(self) -> float:
        gap = ROW_GAP if self.gap else 0.0
        if self.kind == HEADING:
            return len(self.lines) * ROW_LEADING + gap + 4
        return max(len(self.lines), len(self.cite), 1) * ROW_LEADING + gap


def _target(e: PlanEntry) -> int:
    return e.first if e.first >= 0 else (e.separator if e.separator is not None else -1)


def cite_lines(cite: str, width: float = CITE_W) -> list[str]:
    """A cite wrapped between numbers (never inside one) when it is too wide."""
    return wrap(cite, REGULAR, ROW_SIZE, width) if text_width(cite, REGULAR, ROW_SIZE) > width else [cite]


# -- the index ---------------------------------------------------------------------------------------------

def index_rows(plan: Plan) -> list[Row]:
    register_fonts()
    desc_w = LETTER_W - 2 * MARGIN - TAB_W - CITE_W - 12

    def item(e: PlanEntry, see_also: bool = False) -> Row:
        tab = f"Tab {e.label}" if e.label else ""
        lines = cite_lines(e.cite)
        if plan.parts > 1:
            lines.append(f"in Part {e.part}")
        title = e.title + (" (with English translation and certificate)" if e.translation else "")
        if see_also:
            return Row(ITEM, "", wrap(f"See also {tab}: {e.title}", REGULAR, ROW_SIZE, desc_w), lines, _target(e),
                       muted=True)
        return Row(ITEM, tab, wrap(title, REGULAR, ROW_SIZE, desc_w), lines, _target(e))

    rows: list[Row] = []
    leads = [e for e in plan.entries if e.role == "lead"]
    exhibits = {e.item_id: e for e in plan.entries if e.role == "exhibit"}
    if leads:
        rows.append(Row(HEADING, lines=["Lead documents"]))
        rows += [item(e) for e in leads]
    if plan.packet.settings.group_index_by_factor and exhibits:
        for section in factor_sections(plan.packet):
            placed = [exhibits[i] for i in section.exhibits if i in exhibits]
            cited = [exhibits[i] for i in section.also_cited if i in exhibits]
            rows.append(Row(HEADING, lines=wrap(section.heading, BOLD, ROW_SIZE, LETTER_W - 2 * MARGIN)))
            rows += [item(e) for e in placed] + [item(e, see_also=True) for e in cited]
    else:
        if leads and exhibits:
            rows.append(Row(HEADING, lines=["Exhibits"]))
        rows += [item(e) for e in exhibits.values()]
    if plan.separate:  # what went to the office as its own file: named, so the reader knows it was filed
        rows.append(Row(HEADING, lines=["Filed separately, each as its own PDF"]))
        rows += [Row(ITEM, "", wrap(title, REGULAR, ROW_SIZE, desc_w), ["own file"], -1) for _, title in plan.separate]
    return rows


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


# -- the summary of equities -------------------------------------------------------------------------------

def summary_cite(e: PlanEntry) -> str:
    """'Tab C, p. 14', 'Tab C, pp. 14-16', 'pp. 2-3' for a lead document; the plan's labels, so Bates numbers."""
    cite = e.cite
    if e.label and cite:
        return f"Tab {e.label}, {cite}"
    return f"Tab {e.label}" if e.label else cite


def _text_rows(text: str, width: float) -> list[Row]:
    lines = wrap(text, REGULAR, ROW_SIZE, width)
    chunks = [lines[i:i + TEXT_CHUNK] for i in range(0, len(lines), TEXT_CHUNK)]
    return [Row(TEXT, lines=chunk, gap=n == len(chunks) - 1) for n, chunk in enumerate(chunks)]


def summary_rows(plan: Plan) -> list[Row]:
    """For each equity with evidence or a statement: its heading, the user's statement, then each exhibit's cite
    and title (an exhibit is cited under every factor it supports); the negative factors addressed last."""
    register_fonts()
    width = LETTER_W - 2 * MARGIN
    entries = {e.item_id: e for e in plan.entries}
    sections = summary_sections(plan.packet)
    cites = {i: summary_cite(entries[i]) for s in sections for i in s.exhibits if i in entries}
    low, high = SUMMARY_CITE_W
    cite_w = min(high, max([low, *(text_width(c, BOLD, ROW_SIZE) + 1 for c in cites.values())]))
    title_w = width - cite_w - 12
    rows: list[Row] = []
    for section in sections:
        rows.append(Row(HEADING, lines=wrap(section.heading, BOLD, ROW_SIZE, width)))
        if section.statement:
            rows += _text_rows(section.statement, width)
        for item_id in section.exhibits:
            if item_id in cites:
                rows.append(Row(CITE, lines=wrap(entries[item_id].title, REGULAR, ROW_SIZE, title_w),
                                cite=wrap(cites[item_id], BOLD, ROW_SIZE, cite_w), target=_target(entries[item_id]),
                                cite_w=cite_w))
    if not rows:
        rows.append(Row(ITEM, "", ["No exhibit is tagged with a discretion factor yet."], [""], -1))
    return rows


# -- pages -------------------------------------------------------------------------------------------------

FIRST_TOP = LETTER_H - MARGIN - 78  # below the title, caption and column heads
OTHER_TOP = LETTER_H - MARGIN - 40


def paginate(rows: list[Row]) -> list[list[Row]]:
    bottom = STAMP_BAND + 24
    pages: list[list[Row]] = [[]]
    room = FIRST_TOP - bottom
    for i, row in enumerate(rows):
        need = row.height
        if row.kind == HEADING and i + 1 < len(rows):
            need += rows[i + 1].height  # keep a heading with its first row
        if pages[-1] and need > room:
            pages.append([])
            room = OTHER_TOP - bottom
        pages[-1].append(row)
        room -= row.height
    return pages


def caption(plan: Plan) -> str:
    cover = plan.packet.cover
    people = [f"{r.name} ({r.a_number})" if r.a_number else r.name for r in cover.respondents if r.name or r.a_number]
    return f"In the Matter of {'; '.join(people)}" if people else (cover.document_title or plan.packet.name)


def draw_list_page(c: Canvas, plan: Plan, rows: list[Row], number: int, page_index: int, links: list[Link],
                   title: str = "INDEX OF EXHIBITS", columns: tuple[str, str, str] | None = ("Tab", "Description",
                                                                                            "Pages")) -> None:
    """One page of the index (or, with its title and no columns, of the summary)."""
    y = LETTER_H - MARGIN
    c.setFillColorRGB(0, 0, 0)
    c.setFont(BOLD, 14)
    c.drawCentredString(LETTER_W / 2, y, title + (" (continued)" if number else ""))
    y -= 20
    if number == 0:
        c.setFont(REGULAR, 10)
        for line in wrap(caption(plan), REGULAR, 10, LETTER_W - 2 * MARGIN)[:2]:
            c.drawCentredString(LETTER_W / 2, y, line)
            y -= 13
        y -= 12
        if columns:
            c.setFont(BOLD, 10)
            c.drawString(MARGIN, y, columns[0])
            c.drawString(MARGIN + TAB_W, y, columns[1])
            c.drawRightString(LETTER_W - MARGIN, y, columns[2])
            c.line(MARGIN, y - 4, LETTER_W - MARGIN, y - 4)
        y = FIRST_TOP
    else:
        y = OTHER_TOP
    for row in rows:
        if row.kind == HEADING:
            y -= 4
            c.setFont(BOLD, ROW_SIZE)
            for line in row.lines:
                c.drawString(MARGIN, y, line)
                y -= ROW_LEADING
            y -= ROW_GAP
            continue
        top = y + ROW_SIZE
        if row.kind == TEXT:
            c.setFont(REGULAR, ROW_SIZE)
            for line in row.lines:
                c.drawString(MARGIN, y, line)
                y -= ROW_LEADING
            y -= ROW_GAP if row.gap else 0.0
            continue
        if row.kind == CITE:
            c.setFont(BOLD, ROW_SIZE)
            yc = y
            for line in row.cite:
                c.drawString(MARGIN, yc, line)
                yc -= ROW_LEADING
            c.setFont(REGULAR, ROW_SIZE)
            yy = y
            for line in row.lines:
                c.drawString(MARGIN + row.cite_w + 12, yy, line)
                yy -= ROW_LEADING
        else:
            c.setFont(BOLD, ROW_SIZE)
            c.drawString(MARGIN, y, row.tab)
            c.setFont(REGULAR, ROW_SIZE)
            if row.muted:
                c.setFillColor(GREY)
            yy = y
            for line in row.lines:
                c.drawString(MARGIN + TAB_W, yy, line)
                yy -= ROW_LEADING
            yc = y
            for line in row.cite:
                c.drawRightString(LETTER_W - MARGIN, yc, line)
                yc -= ROW_LEADING
            c.setFillColorRGB(0, 0, 0)
        y -= row.height
        if row.target >= 0:
            links.append(Link(page_index, (MARGIN - 2, y + ROW_SIZE + 2, LETTER_W - MARGIN + 2, top + 2), row.target))
