"""The first page of a packet, as the office that receives it expects it.

The packet's receiver (resources/receivers.json, chosen by its template) decides the kind of first page:

- `court`: the immigration court's cover page (ICPM Appendix F): the filer's block, DETAINED when detained, the
  court's heading, the caption ("In the Matter of" the respondents, their file numbers, the posture), the judge
  and the next hearing, the document's title;
- `board`: the same caption under the Board of Immigration Appeals' heading, without a judge or hearing line;
- `letter`: a DHS letter-style first page for ICE (OPLA's Office of the Chief Counsel, an ERO field office):
  the filer's block, the agency's heading, To: the office, a Re: block (names and A-numbers, the case's status,
  custody, the next hearing or the stay's end, what is requested) and the title; never a court caption.

The posture line ("In removal proceedings", "Post-order: ...", "Not in removal proceedings") is the cover's own
posture when the receiver allows it, else the receiver's default (`receivers.posture_line`).
"""

from __future__ import annotations

from datetime import date

from reportlab.pdfgen.canvas import Canvas

from packet.core.geometry import LETTER_H, LETTER_W
from packet.core.model import CoverSheet, Packet
from packet.core.receivers import (
    BOARD,
    LETTER,
    Receiver,
    case_fields,
    clock_time,
    cover_heading,
    letter_lines,
    load_receivers,
    posture_line,
)
from packet.core.templates import resolve_template_id
from packet.export.fonts import BOLD, REGULAR, text_width, wrap
from packet.export.index_pages import MARGIN
from packet.store.template_library import packet_template

__all__ = ["document_title", "draw_cover", "long_hearing", "packet_receiver", "plural_party"]

LEADING = 16
RE_LABEL_W = 118.0  # the Re: block's label column, wider when a label needs it


def packet_receiver(packet: Packet) -> Receiver:
    """The office the packet goes to: the cover's receiver, else its template's (a packet made before receivers
    were recorded), else the immigration court."""
    receivers = load_receivers()
    rid = packet.cover.receiver
    if not rid:
        template = packet_template(resolve_template_id(packet.template))
        rid = template.receiver if template is not None else ""
    try:
        return receivers.get(rid)
    except KeyError:
        return receivers.get("")


def draw_cover(c: Canvas, packet: Packet) -> None:
    """The packet's first page, in the style of its receiver."""
    receiver = packet_receiver(packet)
    cover = packet.cover
    c.setFillColorRGB(0, 0, 0)
    y = _filer_block(c, cover, receiver)
    if receiver.caption == LETTER:
        _letter(c, packet, receiver, y)
    else:
        _caption(c, packet, receiver, y)


def _filer_block(c: Canvas, cover: CoverSheet, receiver: Receiver) -> float:
    """The filer's name, address and contacts top left, DETAINED boxed top right; the y to go on from. The EOIR ID
    is the court's and the Board's registration, so a letter to ICE leaves it out."""
    x, y = MARGIN, LETTER_H - MARGIN
    block = [cover.filer_name, *cover.filer_address.splitlines(), cover.filer_phone, cover.filer_email]
    if cover.eoir_id and receiver.caption != LETTER:
        block.append(f"EOIR ID: {cover.eoir_id}")
    if cover.represented_party:
        block.append(f"Representing: {plural_party(cover, cover.represented_party)}")
    c.setFont(REGULAR, 11)
    for line in [b for b in block if b.strip()]:
        c.drawString(x, y, line)
        y -= 14
    if cover.detained:
        c.setFont(BOLD, 14)
        w = text_width("DETAINED", BOLD, 14)
        c.rect(LETTER_W - MARGIN - w - 12, LETTER_H - MARGIN - 8, w + 12, 24)
        c.drawString(LETTER_W - MARGIN - w - 6, LETTER_H - MARGIN, "DETAINED")
    return min(y, LETTER_H - MARGIN - 6 * 14) - 36


def _heading(c: Canvas, receiver: Receiver, packet: Packet, y: float) -> float:
    fields = case_fields(packet.cover, receiver)
    width = LETTER_W - 2 * MARGIN
    c.setFont(BOLD, 12)
    for line in cover_heading(receiver, fields):
        for part in wrap(line, BOLD, 12, width):
            c.drawCentredString(LETTER_W / 2, y, part)
            y -= LEADING
    return y


def _several(cover: CoverSheet) -> bool:
    return sum(1 for r in cover.respondents if r.name.strip() or r.a_number.strip()) > 1


def plural_party(cover: CoverSheet, text: str) -> str:
    """The templates' singular party ("Respondent", "Requestor", "Respondent's Motion ...") as the plural when the packet has
    several respondents ("Respondents", "Respondents' Motion ..."); any other wording is the filer's, kept."""
    if not _several(cover):
        return text
    s = "S" if text.strip().isupper() else "s"
    if text.strip().lower() in ("respondent", "applicant", "requestor"):
        return text.strip() + s
    head, sep, rest = text.partition(" ")
    if head.lower() == "respondent's":
        return head[:-2] + s + "'" + sep + rest
    return text


def document_title(packet: Packet) -> str:
    """The packet's title as printed (cover, slips, certificate, the PDF's metadata)."""
    return plural_party(packet.cover, packet.cover.document_title or packet.name)


def _title(c: Canvas, packet: Packet, y: float) -> None:
    c.setFont(BOLD, 16)
    title = document_title(packet)
    for line in wrap(title.upper(), BOLD, 16, LETTER_W - 2 * MARGIN - 20):
        c.drawCentredString(LETTER_W / 2, y, line)
        y -= 22


def _caption(c: Canvas, packet: Packet, receiver: Receiver, y: float) -> None:
    """The court's or the Board's caption: 'In the Matter of' on the left, file numbers on the right, a bracket
    between, the posture under the names."""
    cover = packet.cover
    x = MARGIN
    y = _heading(c, receiver, packet, y) - 24
    top = y
    people = [r for r in cover.respondents if r.name.strip() or r.a_number.strip()]
    names = [r.name.strip() or "(respondent's name)" for r in people] or ["(respondent's name)"]
    numbers = [r.a_number for r in people] or [""]
    left: list[tuple[str, str, int]] = [("In the Matter of:", REGULAR, -1), ("", REGULAR, -1)]
    for n, name in enumerate(names):
        # the names in capitals and bold, wrapped as printed so they stay clear of the bracket
        left += [(ln, BOLD, n if k == 0 else -1) for k, ln in enumerate(wrap(name.upper(), BOLD, 12, 255))]
    party = f"{cover.represented_party or 'Respondent'}{'s' if len(names) > 1 else ''}."
    left += [("", REGULAR, -1), (party, REGULAR, -1), ("", REGULAR, -1)]
    left += [(ln, REGULAR, -1) for ln in wrap(posture_line(receiver, cover), REGULAR, 12, 255)]
    name_y: dict[int, float] = {}
    for line, font, person in left:
        c.setFont(font, 12)
        c.drawString(x, y, line)
        if person >= 0:
            name_y[person] = y
        y -= LEADING
    bottom = y + 10
    c.setFont(REGULAR, 12)
    for yy in range(int(top), int(bottom), -LEADING):
        c.drawString(x + 270, yy, ")")
    for n, number in enumerate(numbers):  # each A-number level with its respondent's name
        c.drawString(x + 295, name_y.get(n, top - 32 - LEADING * n), f"File No.: {number}" if number else "File No.:")
    y = bottom - 36
    if receiver.caption != BOARD:
        y = _judge_and_hearing(c, cover, y)
    _title(c, packet, y - 80)


def _judge_and_hearing(c: Canvas, cover: CoverSheet, y: float) -> float:
    x = MARGIN
    c.setFont(REGULAR, 12)
    judge = f"Immigration Judge: {cover.judge or ''}"
    hearing = f"Next Hearing: {long_hearing(cover.hearing_date, cover.hearing_time)}"
    if text_width(judge, REGULAR, 12) < 260 and text_width(hearing, REGULAR, 12) < LETTER_W - MARGIN - x - 270:
        c.drawString(x, y, judge)
        c.drawString(x + 270, y, hearing)
    else:  # too long to share a line: one under the other
        c.drawString(x, y, judge)
        y -= 18
        c.drawString(x, y, hearing)
    return y


def _letter(c: Canvas, packet: Packet, receiver: Receiver, y: float) -> None:
    """A DHS letter-style first page: the agency's heading, To:, the Re: block, the title."""
    x = MARGIN
    y = _heading(c, receiver, packet, y) - 30
    fields = case_fields(packet.cover, receiver)
    to, block = letter_lines(receiver, fields)
    labels = [f"{label}:" for label, _ in block if label] + ["To:"]
    value_x = x + max(RE_LABEL_W, max(text_width(t, BOLD, 12) for t in labels) + 14)
    width = LETTER_W - MARGIN - value_x
    c.setFont(BOLD, 12)
    c.drawString(x, y, "To:")
    c.setFont(REGULAR, 12)
    for line in to or [""]:
        for part in wrap(line, REGULAR, 12, width):
            c.drawString(value_x, y, part)
            y -= LEADING
    y -= 14
    for label, text in block:
        if label:
            y -= 4
            c.setFont(BOLD, 12)
            c.drawString(x, y, f"{label}:")
        c.setFont(REGULAR, 12)
        for part in wrap(text, REGULAR, 12, width):
            c.drawString(value_x, y, part)
            y -= LEADING
    c.line(x, y + 4, LETTER_W - MARGIN, y + 4)
    _title(c, packet, y - 60)


def long_hearing(day: str, time: str) -> str:
    """'March 2, 2027, 9:30 a.m.' (or 'none scheduled'), as the cover and the certificate of service print it."""
    if not day:
        return "none scheduled"
    try:
        d = date.fromisoformat(day)
        text = f"{d:%B} {d.day}, {d.year}"
    except ValueError:
        text = day
    if time:
        text += f", {clock_time(time.strip())}"
    return text
