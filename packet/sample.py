"""A sample packet to try Packet on: `python -m packet.sample OUT.packet [--force]`.

Draws its own documents (a request letter, a birth certificate, pay stubs, letters, a phone photo and a school
record), every one marked SAMPLE and about invented people only, then imports them through the store exactly as
the app would, and fills in the cover sheet. The output is the same every time (fixed text and dates, no
randomness, reportlab's invariant mode), small (well under 3 MB) and quick to make (about a second).
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from packet.core.resources import resource
from packet.store.folder import BACKUP_FILE, PACKET_FILE, PacketError, create_packet, packet_path
from packet.store.intake import REJECT, add_files

SAMPLE_MARK = "SAMPLE - NOT A REAL DOCUMENT"
FICTION_NOTE = "Made by Packet's sample generator. Every person, place and number in it is invented."

FONT = "PacketSampleSerif"
BOLD = "PacketSampleSerif-Bold"

# -- the invented case --------------------------------------------------------------------------------------------
ATTORNEY = "Ruth A. Okafor, Esq."
CLINIC = "Riverside Immigrant Legal Clinic"
CLINIC_ADDRESS = ("Riverside Immigrant Legal Clinic", "125 Example Street, Suite 4B", "New York, NY 10007")
CLINIC_PHONE = "(212) 555-0147"
CLINIC_EMAIL = "r.okafor@riverside-clinic.example.org"
EOIR_ID = "RK123456"
RESPONDENT = "José Núñez Ibáñez"
A_NUMBER = "A-012-345-678"
DAUGHTER = "Ana Núñez López"
MOTHER = "Lucía López Ferrer"
HOME = "41-17 Sample Avenue, Apt. 3F, Queens, NY 11373"
COURT = "Immigration Court, New York, NY"
JUDGE = "Hon. Eleanor M. Whitfield"
HEARING_DATE = "2027-03-15"
HEARING_TIME = "09:00"
DOCUMENT_TITLE = "Respondent's Request for Prosecutorial Discretion and Supporting Exhibits"
LETTER_DATE = "September 14, 2026"
EMPLOYER = "Bella Vista Kitchen LLC"

COVER_VALUES = [
    ("filer_name", ATTORNEY),
    ("filer_address", "\n".join(CLINIC_ADDRESS)),
    ("filer_phone", CLINIC_PHONE),
    ("filer_email", CLINIC_EMAIL),
    ("eoir_id", EOIR_ID),
    ("represented_party", "Respondent"),
    ("respondent", RESPONDENT),
    ("a_number", A_NUMBER),
    ("detained", "no"),
    ("court", COURT),
    ("judge", JUDGE),
    ("hearing_date", HEARING_DATE),
    ("hearing_time", HEARING_TIME),
    ("document_title", DOCUMENT_TITLE),
]


@dataclass(frozen=True)
class SampleItem:
    """One document of the sample packet and how it is filed."""

    file: str
    title: str
    date: str
    factors: tuple[str, ...] = ()
    description: str = ""
    lead: bool = False


ITEMS = (
    SampleItem("pd_request_letter_2026-09-14.pdf", "Request for prosecutorial discretion (counsel's letter)",
               "2026-09-14", lead=True,
               description="Letter from counsel to ICE OPLA asking for dismissal of proceedings."),
    SampleItem("birth_certificate_ana.pdf", f"Birth certificate of {DAUGHTER} (U.S. citizen daughter)",
               "2016-05-02", ("family_ties",), "Shows the respondent as the father of a U.S. citizen child."),
    SampleItem("paystub_2026-07.pdf", f"Pay stub, July 2026 ({EMPLOYER})", "2026-07-31", ("employment",),
               "Monthly pay stub with year-to-date earnings and tax withholding (2 pages)."),
    SampleItem("paystub_2026-08.pdf", f"Pay stub, August 2026 ({EMPLOYER})", "2026-08-31", ("employment",),
               "Monthly pay stub with year-to-date earnings and tax withholding."),
    SampleItem("medical_letter_dr_raman.pdf", "Letter from Dr. Priya Raman about Ana's asthma", "2026-08-20",
               ("medical", "caregiving"), "Treating pediatrician names the respondent as Ana's primary caregiver."),
    SampleItem("support_letter_rev_adeyemi.pdf", "Letter of support from Rev. Samuel Adeyemi", "2026-08-28",
               ("community",), "Pastor describes twelve years of volunteer work and good character."),
    SampleItem("IMG_20251115_143210.jpg", "Certificate of appreciation, Elmhurst Neighbors Food Pantry",
               "2025-11-15", ("community",), "Phone photo of the award for volunteer service."),
    SampleItem("school_attendance_record_ana.pdf", "School attendance record of Ana, 2021-2026", "2026-07-01",
               ("residence",), "Five school years at the same school and home address."),
)


# -- drawing helpers ----------------------------------------------------------------------------------------------

def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(resource("fonts", "DejaVuSerif.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(resource("fonts", "DejaVuSerif-Bold.ttf"))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def _mark_page(c: Canvas, doc: object = None) -> None:
    """The SAMPLE marks every page carries: a large light diagonal watermark, a header line and a footer note."""
    w, h = c._pagesize
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


def _styles() -> dict[str, ParagraphStyle]:
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


def _build_pdf(path: Path, story: list, pagesize=letter, title: str = "", first_page=None, later_pages=None,
               top: float = 0.85 * inch) -> None:
    def first(c: Canvas, doc: object) -> None:
        _mark_page(c, doc)
        if first_page:
            first_page(c, doc)

    def later(c: Canvas, doc: object) -> None:
        _mark_page(c, doc)
        if later_pages:
            later_pages(c, doc)

    doc = SimpleDocTemplate(
        str(path), pagesize=pagesize, invariant=1, title=f"SAMPLE: {title}", author="Packet sample generator",
        subject=SAMPLE_MARK, creator="Packet sample generator", leftMargin=inch, rightMargin=inch,
        topMargin=top, bottomMargin=0.8 * inch,
    )
    doc.build(story, onFirstPage=first, onLaterPages=later)


def _letterhead(name: str, lines: tuple[str, ...], rgb: tuple[float, float, float]):
    def draw(c: Canvas, doc: object) -> None:
        w, h = c._pagesize
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


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(text, style)


# -- the documents ------------------------------------------------------------------------------------------------

def _request_letter(path: Path) -> None:
    s = _styles()
    b = s["body"]
    story = [
        Spacer(1, 0.55 * inch),
        _p(LETTER_DATE, b),
        _p("<b>By electronic mail and first-class mail</b>", s["small"]),
        Spacer(1, 4),
        _p("Chief Counsel<br/>U.S. Immigration and Customs Enforcement<br/>Office of the Principal Legal Advisor"
           "<br/>New York Field Location<br/>New York, NY", b),
        Spacer(1, 4),
        _p(f"<b>Re: Request for prosecutorial discretion: {RESPONDENT}, {A_NUMBER}</b><br/>"
           f"Detained: No. Next hearing: March 15, 2027 at 9:00 a.m., before {JUDGE}, {COURT}", b),
        _p("Dear Chief Counsel:", b),
        _p(f"This office represents {RESPONDENT} in removal proceedings before the {COURT}. We respectfully ask "
           "that the Office of the Principal Legal Advisor exercise its prosecutorial discretion and move to "
           "dismiss these proceedings without prejudice, or, in the alternative, agree to administrative closure "
           "or a continuance while Mr. Núñez pursues relief. Mr. Núñez is not an enforcement priority: he has "
           "lived in the United States for seventeen years, has no criminal record of any kind, and is the "
           "father and caregiver of a United States citizen child with a chronic illness.", b),
        _p("Background", s["head"]),
        _p("Mr. Núñez was born in 1986 and came to the United States in 2009. Since 2014 he has worked as a line "
           f"cook at {EMPLOYER} in Queens, where he is now the kitchen's lead cook. He lives at {HOME} with his "
           f"partner, {MOTHER}, and their daughter, {DAUGHTER}, who was born in New York on April 22, 2016 and is "
           "a United States citizen. He was placed in removal proceedings after a traffic stop in 2024 that led "
           "to no charge. He has never been arrested for or convicted of any offence.", b),
        _p("The equities", s["head"]),
        _p("<b>Family ties to a U.S. citizen child.</b> Ana, now ten years old, is a United States citizen "
           "(Tab A). Her father has lived with her every day of her life. Removing him would separate a young "
           "citizen child from a parent on whom she depends, or force her to leave the only country she knows.", b),
        _p("<b>Medical need and caregiving.</b> Ana has moderate persistent asthma. Her pediatrician, Dr. Priya "
           "Raman, explains that Ana needs daily controller medication, close follow-up and a caregiver trained "
           "to recognise and treat an attack. She names Mr. Núñez as the parent who brings Ana to her "
           "appointments, manages her medication and stays with her through nighttime symptoms (Tab D). Ana was "
           "hospitalised twice in 2024; since her father took over her daily care she has had no emergency visit.",
           b),
        _p("<b>Steady employment and taxes.</b> Mr. Núñez has worked for the same employer for twelve years and "
           "pays taxes on every paycheck, as his recent pay stubs show (Tabs B-C). His income is the household's "
           "main support.", b),
        _p("<b>Community ties and good character.</b> For twelve years Mr. Núñez has volunteered every week with "
           "the food pantry of his church. His pastor, Rev. Samuel Adeyemi, describes a reliable, generous man "
           "whom the congregation trusts (Tab E), and in 2025 the Elmhurst Neighbors Food Pantry honoured him "
           "with its certificate of appreciation for volunteer service (Tab F).", b),
        _p("<b>Long residence.</b> The family has lived at the same address since 2021, and Ana has attended the "
           "same public school since kindergarten, with excellent attendance (Tab G).", b),
        _p("Absence of negative factors", s["head"]),
        _p("Mr. Núñez has no criminal history, no prior removal order and no immigration violations other than "
           "his manner of entry. He has attended every hearing and complied with every instruction of the court. "
           "He poses no threat to national security, border security or public safety, and he does not fall "
           "within any category the Department has identified as a priority for enforcement.", b),
        _p("Request", s["head"]),
        _p("Weighing these equities, continuing to prosecute this case would not be a sound use of the "
           "government's limited resources. We therefore ask that OPLA (1) file, or join, a motion to dismiss "
           "these proceedings without prejudice; or (2) in the alternative, not oppose administrative closure or "
           "a continuance. We would welcome the chance to discuss this request, and we can provide any further "
           "document you may need.", b),
        _p("Enclosed exhibits", s["head"]),
    ]
    exhibits = [item for item in ITEMS if not item.lead]
    for letter_, item in zip("ABCDEFG", exhibits):
        story.append(Paragraph(f"Tab {letter_}: {item.title}", s["bullet"], bulletText="•"))
    story += [
        Spacer(1, 8),
        _p("Thank you for your consideration.", b),
        KeepTogether([
            _p("Respectfully submitted,", b),
            Spacer(1, 22),
            _p(f"<b>{ATTORNEY}</b><br/>Staff Attorney, {CLINIC}<br/>EOIR ID {EOIR_ID}<br/>{CLINIC_PHONE} · "
               f"{CLINIC_EMAIL}<br/>Counsel for the Respondent", b),
        ]),
        Spacer(1, 6),
        _p(f"cc: {RESPONDENT} (client)", s["small"]),
    ]
    head = _letterhead(CLINIC, ("125 Example Street, Suite 4B, New York, NY 10007", CLINIC_PHONE,
                                "riverside-clinic.example.org"), (0.10, 0.22, 0.45))

    def continued(c: Canvas, doc: object) -> None:
        c.saveState()
        c.setFont(FONT, 8.5)
        c.setFillColor(colors.Color(0.25, 0.25, 0.25))
        c.drawString(inch, c._pagesize[1] - 0.7 * inch,
                     f"ICE OPLA, New York · Re: {RESPONDENT}, {A_NUMBER} · {LETTER_DATE} · page {c.getPageNumber()}")
        c.restoreState()

    _build_pdf(path, story, title="Request for prosecutorial discretion", first_page=head, later_pages=continued)


def _birth_certificate(path: Path) -> None:
    w, h = letter
    c = Canvas(str(path), pagesize=letter, invariant=1)
    c.setTitle(f"SAMPLE: Birth certificate of {DAUGHTER}")
    c.setAuthor("Packet sample generator")
    c.setSubject(SAMPLE_MARK)
    # paper tint and a double border with a guilloche-like band
    c.setFillColor(colors.Color(0.985, 0.975, 0.94))
    c.rect(0, 0, w, h, stroke=0, fill=1)
    _mark_page(c)
    green = colors.Color(0.16, 0.38, 0.28)
    c.setStrokeColor(green)
    c.setLineWidth(3)
    c.rect(0.6 * inch, 0.6 * inch, w - 1.2 * inch, h - 1.2 * inch)
    c.setLineWidth(0.8)
    c.rect(0.72 * inch, 0.72 * inch, w - 1.44 * inch, h - 1.44 * inch)
    c.setLineWidth(0.35)
    step = 9
    x = 0.72 * inch
    while x < w - 0.8 * inch:  # wavy band along top and bottom
        c.bezier(x, h - 0.66 * inch, x + step / 3, h - 0.60 * inch, x + 2 * step / 3, h - 0.72 * inch,
                 x + step, h - 0.66 * inch)
        c.bezier(x, 0.66 * inch, x + step / 3, 0.60 * inch, x + 2 * step / 3, 0.72 * inch, x + step, 0.66 * inch)
        x += step
    c.setFillColor(green)
    c.setFont(FONT, 10)
    c.drawCentredString(w / 2, h - 1.2 * inch, "STATE OF NEW YORK  ·  EXAMPLE COUNTY")
    c.drawCentredString(w / 2, h - 1.4 * inch, "Office of Vital Records (fictional)")
    c.setFont(BOLD, 24)
    c.drawCentredString(w / 2, h - 1.95 * inch, "CERTIFICATE OF BIRTH")
    c.setFont(FONT, 9)
    c.drawCentredString(w / 2, h - 2.2 * inch, "Certified copy  ·  Certificate No. SAMPLE-2016-004217")
    fields = [
        ("Name of child", DAUGHTER),
        ("Date of birth", "April 22, 2016"),
        ("Time of birth", "6:42 a.m."),
        ("Sex", "Female"),
        ("Place of birth", "Example General Hospital, Queens, New York"),
        ("Name of father", RESPONDENT),
        ("Father's place of birth", "Puebla, Mexico"),
        ("Name of mother", MOTHER),
        ("Mother's place of birth", "Oaxaca, Mexico"),
        ("Residence of parents", HOME),
        ("Date filed", "April 29, 2016"),
        ("Date issued", "May 2, 2016"),
    ]
    y = h - 2.85 * inch
    for label, value in fields:
        c.setFillColor(colors.Color(0.3, 0.3, 0.3))
        c.setFont(FONT, 8.5)
        c.drawString(1.2 * inch, y + 11, label.upper())
        c.setFillColor(colors.black)
        c.setFont(BOLD if label == "Name of child" else FONT, 12.5 if label == "Name of child" else 11)
        c.drawString(1.2 * inch, y - 4, value)
        c.setStrokeColor(colors.Color(0.6, 0.6, 0.6))
        c.setLineWidth(0.4)
        c.line(1.2 * inch, y - 8, w - 1.2 * inch, y - 8)
        y -= 0.46 * inch
    c.setFillColor(colors.black)
    c.setFont(FONT, 9.5)
    text = c.beginText(1.2 * inch, 2.45 * inch)
    text.setLeading(13)
    for line in ("This is to certify that the foregoing is a true copy of a record on file in this office.",
                 "SAMPLE: this certificate is invented for demonstration and certifies nothing."):
        text.textLine(line)
    c.drawText(text)
    c.setLineWidth(0.6)
    c.line(1.2 * inch, 1.45 * inch, 3.9 * inch, 1.45 * inch)
    c.setFont(FONT, 8.5)
    c.drawString(1.2 * inch, 1.28 * inch, "Registrar of Vital Records (fictional)")
    # embossed-looking seal
    cx, cy, r = w - 1.95 * inch, 1.55 * inch, 0.66 * inch
    c.setStrokeColor(colors.Color(0.72, 0.56, 0.18))
    c.setFillColor(colors.Color(0.96, 0.90, 0.70))
    c.setLineWidth(2)
    c.circle(cx, cy, r, stroke=1, fill=1)
    c.setLineWidth(0.6)
    c.circle(cx, cy, r - 6, stroke=1, fill=0)
    c.circle(cx, cy, r * 0.55, stroke=1, fill=0)
    for i in range(48):  # serrated rim
        a = 2 * math.pi * i / 48
        c.line(cx + (r - 6) * math.cos(a), cy + (r - 6) * math.sin(a), cx + r * math.cos(a), cy + r * math.sin(a))
    c.setFillColor(colors.Color(0.55, 0.40, 0.10))
    c.setFont(BOLD, 7)
    for i, ch in enumerate("OFFICE OF VITAL RECORDS"):
        a = math.radians(90 + 100 - i * (200 / 22))
        c.saveState()
        c.translate(cx + (r - 15) * math.cos(a), cy + (r - 15) * math.sin(a))
        c.rotate(math.degrees(a) - 90)
        c.drawCentredString(0, 0, ch)
        c.restoreState()
    c.setFont(BOLD, 11)
    c.drawCentredString(cx, cy - 4, "SEAL")
    c.setFont(FONT, 6.5)
    c.drawCentredString(cx, cy - 14, "SAMPLE")
    c.showPage()
    c.save()


def _pay_stub(path: Path, month: str, period: tuple[str, str], pay_date: str, gross_hours: float,
              ytd_months: int, detail_page: bool) -> None:
    s = _styles()
    rate = 24.50
    regular = 173.33
    overtime = gross_hours - regular
    reg_pay = round(regular * rate, 2)
    ot_pay = round(overtime * rate * 1.5, 2)
    gross = round(reg_pay + ot_pay, 2)
    deductions = [
        ("Federal income tax", round(gross * 0.082, 2)),
        ("Social Security", round(gross * 0.062, 2)),
        ("Medicare", round(gross * 0.0145, 2)),
        ("NY State income tax", round(gross * 0.041, 2)),
        ("NYC income tax", round(gross * 0.0305, 2)),
        ("NY SDI", 0.60),
        ("NY Paid Family Leave", round(gross * 0.00388, 2)),
    ]
    total_ded = round(sum(v for _, v in deductions), 2)
    net = round(gross - total_ded, 2)

    def money(v: float) -> str:
        return f"${v:,.2f}"

    grid = TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 9.5),
        ("FONT", (0, 0), (-1, 0), BOLD, 9.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.91, 0.95)),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.Color(0.55, 0.55, 0.55)),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ])
    info = Table([
        ["Employee", RESPONDENT, "Pay period", f"{period[0]} - {period[1]}"],
        ["Employee ID", "BVK-0117", "Pay date", pay_date],
        ["Position", "Lead line cook", "Pay frequency", "Monthly"],
        ["SSN", "XXX-XX-0000 (sample)", "Check / advice no.", f"SAMPLE-{month}"],
    ], colWidths=[1.1 * inch, 2.0 * inch, 1.45 * inch, 1.95 * inch])
    info.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 9.5),
        ("FONT", (0, 0), (0, -1), BOLD, 9.5),
        ("FONT", (2, 0), (2, -1), BOLD, 9.5),
        ("BOX", (0, 0), (-1, -1), 0.8, colors.Color(0.3, 0.3, 0.3)),
        ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.97, 0.97, 0.97)),
    ]))
    earnings = Table([
        ["Earnings", "Hours", "Rate", "Current", "Year to date"],
        ["Regular", f"{regular:.2f}", money(rate), money(reg_pay), money(reg_pay * ytd_months)],
        ["Overtime (1.5x)", f"{overtime:.2f}", money(rate * 1.5), money(ot_pay), money(ot_pay * ytd_months)],
        ["Gross pay", f"{gross_hours:.2f}", "", money(gross), money(gross * ytd_months)],
    ], colWidths=[1.9 * inch, 0.9 * inch, 0.9 * inch, 1.2 * inch, 1.6 * inch])
    earnings.setStyle(grid)
    deds = Table(
        [["Taxes and deductions", "Current", "Year to date"]]
        + [[name, money(v), money(v * ytd_months)] for name, v in deductions]
        + [["Total deductions", money(total_ded), money(total_ded * ytd_months)]],
        colWidths=[3.7 * inch, 1.2 * inch, 1.6 * inch],
    )
    deds.setStyle(grid)
    net_table = Table([["NET PAY", money(net)], ["Direct deposit to account ending 0000 (sample)", money(net)]],
                      colWidths=[4.9 * inch, 1.6 * inch])
    net_table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 10),
        ("FONT", (0, 0), (-1, 0), BOLD, 12),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("BOX", (0, 0), (-1, -1), 1.2, colors.Color(0.10, 0.22, 0.45)),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.91, 0.95)),
    ]))
    story = [
        Spacer(1, 0.5 * inch),
        _p(f"<b>EARNINGS STATEMENT</b> · {month}", s["title"]),
        info, Spacer(1, 12), earnings, Spacer(1, 12), deds, Spacer(1, 12), net_table, Spacer(1, 14),
        _p("Keep this statement for your records. Questions about your pay: payroll@bellavista.example.com.",
           s["small"]),
    ]
    if detail_page:
        days = Table(
            [["Week", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Hours"]]
            + [[f"Week {i + 1}", *(("8.0" if d < 5 else ("6.5" if d == 5 else "off")) for d in range(7)), "46.5"]
               for i in range(4)]
            + [["Adjustment", "", "", "", "", "", "", "", f"{gross_hours - 4 * 46.5:.2f}"],
               ["Total", "", "", "", "", "", "", "", f"{gross_hours:.2f}"]],
            colWidths=[1.1 * inch] + [0.58 * inch] * 7 + [0.84 * inch],
        )
        days.setStyle(grid)
        story += [
            PageBreak(),
            Spacer(1, 0.5 * inch),
            _p(f"<b>EARNINGS STATEMENT</b> · {month} · page 2 of 2", s["title"]),
            _p("<b>Time record for the pay period</b>", s["head"]),
            days, Spacer(1, 14),
            _p("<b>Employer-paid benefits (not deducted from pay)</b>", s["head"]),
            _p("Health insurance premium (employer share): $412.00 · Workers' compensation: covered · "
               "NY unemployment insurance: covered · Paid sick leave balance: 31.5 hours.", s["body"]),
            _p("<b>Notes</b>", s["head"]),
            _p(f"{RESPONDENT} has been employed by {EMPLOYER} continuously since March 3, 2014. Federal and "
               "state taxes are withheld from every paycheck and reported on Form W-2 each year.", s["body"]),
        ]
    head = _letterhead(EMPLOYER, ("88-02 Example Boulevard, Queens, NY 11373", "(718) 555-0190",
                                  "EIN 00-0000000 (sample)"), (0.45, 0.12, 0.10))
    _build_pdf(path, story, title=f"Pay stub, {month}", first_page=head)


def _medical_letter(path: Path) -> None:
    s = _styles()
    b = s["body"]
    story = [
        Spacer(1, 0.55 * inch),
        _p("August 20, 2026", b),
        _p("To whom it may concern:", b),
        _p(f"<b>Re: {DAUGHTER}, date of birth April 22, 2016</b>", b),
        _p(f"I am a board-certified pediatrician and have treated {DAUGHTER} at Northside Pediatric Associates "
           "since 2019. Ana has <b>moderate persistent asthma</b>. She takes a daily inhaled corticosteroid, "
           "carries a rescue inhaler at all times, and is seen in this office every three months. Her asthma is "
           "triggered by respiratory infections, cold air and exercise, and she has needed emergency care for "
           "acute attacks, including two hospital admissions in 2024.", b),
        _p(f"Ana's father, <b>{RESPONDENT}</b>, is her primary caregiver. He brings her to every appointment, "
           "keeps her medication schedule, has been trained in the use of her spacer and peak-flow meter, and "
           "follows her written asthma action plan at home and with her school. Since he took over her daily "
           "care in early 2025, Ana's asthma has been well controlled: she has had no emergency visit, and her "
           "school absences for illness have fallen sharply.", b),
        _p("Children with asthma of this severity need consistent daily treatment and an adult who can "
           "recognise the early signs of an attack and act at once. In my medical opinion, separating Ana from "
           "her father would put her health at serious risk, both from the loss of her trained caregiver and "
           "from the stress of the separation itself, which is a known trigger of asthma attacks in children.",
           b),
        _p("Please contact my office if you need further information.", b),
        Spacer(1, 10),
        _p("Sincerely,", b),
        Spacer(1, 22),
        _p("<b>Priya Raman, MD</b><br/>Pediatrics, Northside Pediatric Associates<br/>NY medical licence no. "
           "000000 (sample)<br/>(718) 555-0163", b),
    ]
    head = _letterhead("Northside Pediatric Associates", ("72-10 Example Road, Queens, NY 11372",
                                                          "(718) 555-0163", "Fax (718) 555-0164"),
                       (0.05, 0.40, 0.45))
    _build_pdf(path, story, title="Medical letter", first_page=head)


def _pastor_letter(path: Path) -> None:
    s = _styles()
    b = s["body"]
    story = [
        Spacer(1, 0.55 * inch),
        _p("August 28, 2026", b),
        _p("To the Immigration Court and the Office of the Principal Legal Advisor:", b),
        _p(f"My name is Samuel Adeyemi. I have been the pastor of St. Brendan Community Church in Elmhurst, "
           f"Queens, since 2011. I write in support of <b>{RESPONDENT}</b>, whom I have known for twelve years as "
           "a member of our congregation and as one of the most faithful volunteers of our food pantry.", b),
        _p("Every Saturday morning, José arrives before seven to unload the delivery truck, sort donations and "
           "set up the tables. Our pantry serves about three hundred families a week, and José, who cooks for a "
           "living, also prepares the hot meals we serve to seniors on holidays. During the pandemic, when many "
           "volunteers could not come, he delivered groceries to homebound neighbours in his own car, at his "
           "own expense. In 2025 the Elmhurst Neighbors Food Pantry recognised this work with its certificate of "
           "appreciation.", b),
        _p("José is a devoted father. I see him every Sunday with his daughter Ana, and I know how carefully he "
           "looks after her health. He is honest, dependable and kind, and he is trusted by everyone in our "
           "parish, from the children in the Sunday school to the elderly members he drives to services.", b),
        _p("Our community would lose a great deal if José were removed from the United States, and Ana would lose "
           "the parent who cares for her every day. I respectfully ask that he be allowed to remain with his "
           "family and his community. I am glad to answer any questions about this letter.", b),
        Spacer(1, 10),
        _p("With respect and gratitude,", b),
        Spacer(1, 22),
        _p("<b>Rev. Samuel Adeyemi</b><br/>Pastor, St. Brendan Community Church<br/>(718) 555-0128", b),
    ]
    head = _letterhead("St. Brendan Community Church", ("40-05 Example Street, Elmhurst, NY 11373",
                                                        "(718) 555-0128", "Pastor: Rev. Samuel Adeyemi"),
                       (0.35, 0.18, 0.45))
    _build_pdf(path, story, title="Letter of support", first_page=head)


def _school_record(path: Path) -> None:
    s = _styles()
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=9.5)
    hdr = ParagraphStyle("hdr", fontName=BOLD, fontSize=8, leading=9.5)
    head_row = ["School year", "Grade", "Teacher", "Days enrolled", "Days present", "Days absent", "Tardy",
                "Attendance", "Home address on file", "Parent / guardian"]
    rows: list[list] = [[Paragraph(t, hdr) for t in head_row]]
    data = [("2021-22", "K", "Ms. Rivera", 180, 171, 1), ("2022-23", "1", "Mr. Chen", 180, 174, 1),
            ("2023-24", "2", "Ms. O'Neill", 180, 165, 3), ("2024-25", "3", "Ms. Haddad", 180, 176, 1),
            ("2025-26", "4", "Mr. Kowalski", 180, 178, 0)]
    for year, grade, teacher, enrolled, present, tardy in data:
        rows.append([year, grade, teacher, str(enrolled), str(present), str(enrolled - present), str(tardy),
                     f"{100 * present / enrolled:.1f}%", Paragraph(HOME, cell), Paragraph(RESPONDENT, cell)])
    table = Table(rows, repeatRows=1, colWidths=[0.7 * inch, 0.55 * inch, 0.95 * inch, 0.7 * inch, 0.7 * inch,
                                                  0.65 * inch, 0.55 * inch, 0.9 * inch, 1.9 * inch, 1.4 * inch])
    grid = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.90, 0.85)),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.Color(0.96, 0.96, 0.96)]),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.Color(0.5, 0.5, 0.5)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    table.setStyle(TableStyle(grid + [("ALIGN", (3, 1), (7, -1), "RIGHT")]))
    months = ["Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun"]
    school_days = [16, 21, 18, 15, 19, 17, 21, 16, 20, 17]
    absent = [0, 0, 1, 0, 1, 0, 0, 0, 0, 0]
    monthly = Table(
        [["2025-26", *months, "Year"],
         ["School days", *map(str, school_days), str(sum(school_days))],
         ["Present", *(str(d - a) for d, a in zip(school_days, absent)), str(sum(school_days) - sum(absent))],
         ["Absent", *map(str, absent), str(sum(absent))]],
        colWidths=[1.2 * inch] + [0.62 * inch] * 10 + [0.8 * inch],
    )
    monthly.setStyle(TableStyle(grid + [("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("FONT", (0, 0), (-1, 0), BOLD, 8.5)]))
    story = [
        Spacer(1, 0.45 * inch),
        _p("STUDENT ATTENDANCE RECORD", s["title"]),
        _p(f"Student: <b>{DAUGHTER}</b> · Student ID 000-000-417 (sample) · Date of birth: April 22, 2016 · "
           "Enrolled: September 9, 2021 (kindergarten), continuously to date", s["center"]),
        Spacer(1, 10),
        table,
        Spacer(1, 12),
        _p("<b>Monthly attendance, school year 2025-26</b>", s["small"]),
        monthly,
        Spacer(1, 12),
        _p("Absences in 2023-24 include 9 days of medically excused absence (asthma). The parent listed above "
           "has been the contact for every school notice, conference and health plan since enrolment. This "
           "record was printed from the school's student information system on July 1, 2026.", s["small"]),
        Spacer(1, 18),
        _p("______________________________<br/>Pupil Accounting Secretary, P.S. 000 Example Elementary School "
           "(fictional)", s["small"]),
    ]
    head = _letterhead("P.S. 000 Example Elementary School", ("90-15 Example Place, Queens, NY 11373",
                                                              "(718) 555-0175", "District 00 (fictional)"),
                       (0.16, 0.38, 0.28))
    _build_pdf(path, story, pagesize=landscape(letter), title="School attendance record", first_page=head)


# -- the phone photo ----------------------------------------------------------------------------------------------

def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(resource("fonts", "DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf")), size)


def _award_photo_upright() -> Image.Image:
    """The photo as a person would see it: a portrait shot of a certificate lying on a wooden table."""
    W, H = 1500, 2000
    im = Image.new("RGB", (W, H))
    d = ImageDraw.Draw(im)
    for y in range(H):  # wood: planks running across, with grain that wanders
        plank = y // 333
        base = (150 + 10 * (plank % 2), 98 + 6 * (plank % 3), 56)
        g = 14 * math.sin(y / 5.3 + 2.1 * math.sin(y / 41.0 + plank)) + 7 * math.sin(y / 1.7 + plank)
        light = 10 * math.sin(math.pi * y / H)
        d.line([(0, y), (W, y)], fill=tuple(int(max(0, min(255, c + g + light))) for c in base))
    for k in range(1, 7):
        d.line([(0, k * 333), (W, k * 333)], fill=(70, 42, 22), width=4)
    for i in range(40):  # knots and darker streaks along the grain
        x = (i * 397) % W
        y = (i * 211) % H
        d.ellipse([x - 30, y - 7, x + 30, y + 7], outline=(110, 68, 36), width=2)
    # the certificate, with a soft shadow under it
    cx0, cy0, cx1, cy1 = 200, 260, 1300, 1740
    shadow = Image.new("L", (W, H), 0)
    ImageDraw.Draw(shadow).rectangle([cx0 + 18, cy0 + 24, cx1 + 18, cy1 + 24], fill=150)
    shadow = shadow.filter(ImageFilter.GaussianBlur(16))
    im.paste((40, 24, 12), (0, 0), shadow)
    d = ImageDraw.Draw(im)
    d.rectangle([cx0, cy0, cx1, cy1], fill=(250, 246, 232))
    navy, gold = (24, 44, 92), (176, 136, 40)
    d.rectangle([cx0 + 30, cy0 + 30, cx1 - 30, cy1 - 30], outline=navy, width=10)
    d.rectangle([cx0 + 52, cy0 + 52, cx1 - 52, cy1 - 52], outline=gold, width=3)
    mid = (cx0 + cx1) // 2

    def centred(y: int, text: str, font: ImageFont.FreeTypeFont, fill=(30, 30, 30)) -> None:
        d.text((mid, y), text, font=font, fill=fill, anchor="mm")

    centred(cy0 + 100, SAMPLE_MARK, _font(True, 26), (170, 20, 20))
    centred(cy0 + 190, "Elmhurst Neighbors Food Pantry", _font(False, 40), navy)
    centred(cy0 + 320, "CERTIFICATE", _font(True, 96), navy)
    centred(cy0 + 420, "OF APPRECIATION", _font(True, 52), gold)
    centred(cy0 + 540, "is presented to", _font(False, 38))
    centred(cy0 + 640, RESPONDENT, _font(True, 68), (20, 20, 20))
    d.line([(cx0 + 170, cy0 + 690), (cx1 - 170, cy0 + 690)], fill=gold, width=3)
    body = _font(False, 34)
    lines = ("in grateful recognition of twelve years of", "faithful volunteer service to the families",
             "of our neighbourhood, given every Saturday", "with generosity and good humour.")
    for i, line in enumerate(lines):
        centred(cy0 + 770 + i * 52, line, body)
    centred(cy0 + 1030, "November 15, 2025", _font(True, 36))
    # seal
    sx, sy, r = mid, cy0 + 1200, 95
    d.ellipse([sx - r, sy - r, sx + r, sy + r], fill=(214, 176, 70), outline=(150, 110, 30), width=6)
    d.ellipse([sx - r + 22, sy - r + 22, sx + r - 22, sy + r - 22], outline=(150, 110, 30), width=3)
    centred(sy, "2025", _font(True, 40), (110, 80, 20))
    for side, name, role in ((-1, "Maria Delgado", "Director"), (1, "Rev. Samuel Adeyemi", "Board Chair")):
        x = mid + side * 330
        d.line([(x - 190, cy0 + 1330), (x + 190, cy0 + 1330)], fill=(40, 40, 40), width=2)
        d.text((x, cy0 + 1362), name, font=_font(False, 28), fill=(30, 30, 30), anchor="mm")
        d.text((x, cy0 + 1398), role, font=_font(False, 24), fill=(90, 90, 90), anchor="mm")
    # the big diagonal SAMPLE mark, light and translucent
    layer = Image.new("L", (1700, 420), 0)
    ImageDraw.Draw(layer).text((850, 210), "SAMPLE", font=_font(True, 330), fill=255, anchor="mm")
    layer = layer.rotate(math.degrees(math.atan2(cy1 - cy0, cx1 - cx0)), expand=True, resample=Image.Resampling.BICUBIC)
    mask = layer.point(lambda v: v * 95 // 255)
    im.paste((150, 150, 150), ((W - layer.width) // 2, (H - layer.height) // 2), mask)
    return im


def _award_photo(path: Path) -> None:
    """Saved the way phones do: pixels as the sensor read them (turned), with EXIF Orientation 6 to set it right.

    Orientation 6 tells the viewer to turn the stored image 90 degrees clockwise, so the stored pixels are the
    upright picture turned 90 degrees counter-clockwise.
    """
    upright = _award_photo_upright()
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # counter-clockwise: 2000 x 1500 stored
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 CW to display
    exif[0x010F] = "SAMPLE"  # Make
    exif[0x0110] = "Packet sample generator"  # Model
    exif[0x0132] = "2025:11:15 14:32:10"  # DateTime
    stored.save(path, "JPEG", quality=82, exif=exif.tobytes(), dpi=(72, 72))


DRAWERS = {
    "pd_request_letter_2026-09-14.pdf": _request_letter,
    "birth_certificate_ana.pdf": _birth_certificate,
    "paystub_2026-07.pdf": lambda p: _pay_stub(p, "July 2026", ("07/01/2026", "07/31/2026"), "07/31/2026",
                                               186.0, 7, detail_page=True),
    "paystub_2026-08.pdf": lambda p: _pay_stub(p, "August 2026", ("08/01/2026", "08/31/2026"), "08/31/2026",
                                               183.5, 8, detail_page=False),
    "medical_letter_dr_raman.pdf": _medical_letter,
    "support_letter_rev_adeyemi.pdf": _pastor_letter,
    "IMG_20251115_143210.jpg": _award_photo,
    "school_attendance_record_ana.pdf": _school_record,
}


def draw_documents(folder: Path) -> list[Path]:
    """Draw every sample document into `folder`; returns their paths in packet order."""
    _register_fonts()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for item in ITEMS:
        path = folder / item.file
        DRAWERS[item.file](path)
        paths.append(path)
    return paths


# -- the packet ---------------------------------------------------------------------------------------------------

def _clear(folder: Path) -> None:
    """Remove an earlier sample packet; anything that is not a packet folder is refused, never deleted."""
    if not folder.is_dir() or folder.is_symlink():
        raise PacketError(f"{folder}: exists and is not a packet folder; not replacing it.")
    if not any(folder.iterdir()) or (folder / PACKET_FILE).exists() or (folder / BACKUP_FILE).exists():
        shutil.rmtree(folder)
        return
    raise PacketError(f"{folder}: exists and is not a packet folder (it has no {PACKET_FILE}); not deleting it.")


def build_sample(out: Path, force: bool = False) -> Path:
    """Create the sample packet at `out` (".packet" is added if missing) and return its folder."""
    from packet.cli import apply_cover_values

    target = packet_path(Path(out))
    if target.exists() or target.is_symlink():
        if not force:
            raise PacketError(f"{target}: already exists. Use --force to replace it.")
        _clear(target)
    with tempfile.TemporaryDirectory(prefix="packet-sample-") as tmp:
        paths = draw_documents(Path(tmp))
        pf = create_packet(target, name=f"SAMPLE - {RESPONDENT}")
        pf.packet.template = "blank"
        apply_cover_values(pf.packet, COVER_VALUES)
        pf.save()
        for item, path in zip(ITEMS, paths):
            # One file per call: add_files only uses `title` for a single file, and a single file needs no pool.
            (result,) = add_files(pf, [path], factors=item.factors, title=item.title, lead=item.lead, workers=1)
            if result.verdict == REJECT or not result.exhibit_id:
                raise PacketError(f"sample document {item.file} was not added: {'; '.join(result.messages)}")
            exhibit = pf.packet.find(result.exhibit_id)
            exhibit.date = item.date
            exhibit.description = item.description
        pf.save()
    return pf.path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m packet.sample",
        description="Create a sample packet (fictional documents, all marked SAMPLE) to try Packet on.",
    )
    parser.add_argument("out", metavar="OUT_DIR.packet", help="where to create the packet")
    parser.add_argument("--force", action="store_true", help="replace OUT if it is an existing packet folder")
    args = parser.parse_args(argv)
    try:
        path = build_sample(Path(args.out), force=args.force)
    except PacketError as exc:
        print(f"packet.sample: {exc}", file=sys.stderr)
        return 1
    print(f"Created sample packet {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
