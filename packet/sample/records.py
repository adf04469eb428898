"""The sample's records: a birth certificate, two pay stubs and a school attendance record."""

from __future__ import annotations

import math
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from packet.sample.case import (
    DAUGHTER,
    EMPLOYER,
    HOME,
    MOTHER,
    RESPONDENT,
    SAMPLE_MARK,
)
from packet.sample.drawing import BOLD, FONT, build_pdf, letterhead, mark_page, para, styles


def birth_certificate(path: Path) -> None:
    w, h = letter
    c = Canvas(str(path), pagesize=letter, invariant=1)
    c.setTitle(f"SAMPLE: Birth certificate of {DAUGHTER}")
    c.setAuthor("Packet sample generator")
    c.setSubject(SAMPLE_MARK)
    # paper tint and a double border with a guilloche-like band
    c.setFillColor(colors.Color(0.985, 0.975, 0.94))
    c.rect(0, 0, w, h, stroke=0, fill=1)
    mark_page(c, letter)
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


def pay_stub(path: Path, month: str, period: tuple[str, str], pay_date: str, gross_hours: float,
              ytd_months: int, detail_page: bool) -> None:
    s = styles()
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
        para(f"<b>EARNINGS STATEMENT</b> · {month}", s["title"]),
        info, Spacer(1, 12), earnings, Spacer(1, 12), deds, Spacer(1, 12), net_table, Spacer(1, 14),
        para("Keep this statement for your records. Questions about your pay: payroll@bellavista.example.com.",
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
            para(f"<b>EARNINGS STATEMENT</b> · {month} · page 2 of 2", s["title"]),
            para("<b>Time record for the pay period</b>", s["head"]),
            days, Spacer(1, 14),
            para("<b>Employer-paid benefits (not deducted from pay)</b>", s["head"]),
            para("Health insurance premium (employer share): $412.00 · Workers' compensation: covered · "
               "NY unemployment insurance: covered · Paid sick leave balance: 31.5 hours.", s["body"]),
            para("<b>Notes</b>", s["head"]),
            para(f"{RESPONDENT} has been employed by {EMPLOYER} continuously since March 3, 2014. Federal and "
               "state taxes are withheld from every paycheck and reported on Form W-2 each year.", s["body"]),
        ]
    head = letterhead(EMPLOYER, ("88-02 Example Boulevard, Queens, NY 11373", "(718) 555-0190",
                                  "EIN 00-0000000 (sample)"), (0.45, 0.12, 0.10))
    build_pdf(path, story, title=f"Pay stub, {month}", first_page=head)


def school_record(path: Path) -> None:
    s = styles()
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
         ["Present", *(str(d - a) for d, a in zip(school_days, absent, strict=True)), str(sum(school_days) - sum(absent))],
         ["Absent", *map(str, absent), str(sum(absent))]],
        colWidths=[1.2 * inch] + [0.62 * inch] * 10 + [0.8 * inch],
    )
    monthly.setStyle(TableStyle(grid + [("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("FONT", (0, 0), (-1, 0), BOLD, 8.5)]))
    story = [
        Spacer(1, 0.45 * inch),
        para("STUDENT ATTENDANCE RECORD", s["title"]),
        para(f"Student: <b>{DAUGHTER}</b> · Student ID 000-000-417 (sample) · Date of birth: April 22, 2016 · "
           "Enrolled: September 9, 2021 (kindergarten), continuously to date", s["center"]),
        Spacer(1, 10),
        table,
        Spacer(1, 12),
        para("<b>Monthly attendance, school year 2025-26</b>", s["small"]),
        monthly,
        Spacer(1, 12),
        para("Absences in 2023-24 include 9 days of medically excused absence (asthma). The parent listed above "
           "has been the contact for every school notice, conference and health plan since enrolment. This "
           "record was printed from the school's student information system on July 1, 2026.", s["small"]),
        Spacer(1, 18),
        para("______________________________<br/>Pupil Accounting Secretary, P.S. 000 Example Elementary School "
           "(fictional)", s["small"]),
    ]
    head = letterhead("P.S. 000 Example Elementary School", ("90-15 Example Place, Queens, NY 11373",
                                                              "(718) 555-0175", "District 00 (fictional)"),
                       (0.16, 0.38, 0.28))
    build_pdf(path, story, pagesize=landscape(letter), title="School attendance record", first_page=head)
