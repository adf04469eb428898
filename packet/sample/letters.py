"""The sample's letters: counsel's request, the pediatrician's letter, the pastor's letter of support."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from packet.sample.case import (
    A_NUMBER,
    ATTORNEY,
    CLINIC,
    CLINIC_EMAIL,
    CLINIC_PHONE,
    COURT,
    DAUGHTER,
    EMPLOYER,
    EOIR_ID,
    HOME,
    ITEMS,
    JUDGE,
    LETTER_DATE,
    MOTHER,
    RESPONDENT,
)
from packet.sample.drawing import FONT, build_pdf, letterhead, para, styles


def request_letter(path: Path) -> None:
    s = styles()
    b = s["body"]
    story = [
        Spacer(1, 0.55 * inch),
        para(LETTER_DATE, b),
        para("<b>By electronic mail and first-class mail</b>", s["small"]),
        Spacer(1, 4),
        para("Chief Counsel<br/>U.S. Immigration and Customs Enforcement<br/>Office of the Principal Legal Advisor"
           "<br/>New York Field Location<br/>New York, NY", b),
        Spacer(1, 4),
        para(f"<b>Re: Request for prosecutorial discretion: {RESPONDENT}, {A_NUMBER}</b><br/>"
           f"Detained: No. Next hearing: March 15, 2027 at 9:00 a.m., before {JUDGE}, {COURT}", b),
        para("Dear Chief Counsel:", b),
        para(f"This office represents {RESPONDENT} in removal proceedings before the {COURT}. We respectfully ask "
           "that the Office of the Principal Legal Advisor exercise its prosecutorial discretion and move to "
           "dismiss these proceedings without prejudice, or, in the alternative, agree to administrative closure "
           "or a continuance while Mr. Núñez pursues relief. Mr. Núñez is not an enforcement priority: he has "
           "lived in the United States for seventeen years, has no criminal record of any kind, and is the "
           "father and caregiver of a United States citizen child with a chronic illness.", b),
        para("Background", s["head"]),
        para("Mr. Núñez was born in 1986 and came to the United States in 2009. Since 2014 he has worked as a line "
           f"cook at {EMPLOYER} in Queens, where he is now the kitchen's lead cook. He lives at {HOME} with his "
           f"partner, {MOTHER}, and their daughter, {DAUGHTER}, who was born in New York on April 22, 2016 and is "
           "a United States citizen. He was placed in removal proceedings after a traffic stop in 2024 that led "
           "to no charge. He has never been arrested for or convicted of any offence.", b),
        para("The equities", s["head"]),
        para("<b>Family ties to a U.S. citizen child.</b> Ana, now ten years old, is a United States citizen "
           "(Tab A). Her father has lived with her every day of her life. Removing him would separate a young "
           "citizen child from a parent on whom she depends, or force her to leave the only country she knows.", b),
        para("<b>Medical need and caregiving.</b> Ana has moderate persistent asthma. Her pediatrician, Dr. Priya "
           "Raman, explains that Ana needs daily controller medication, close follow-up and a caregiver trained "
           "to recognise and treat an attack. She names Mr. Núñez as the parent who brings Ana to her "
           "appointments, manages her medication and stays with her through nighttime symptoms (Tab D). Ana was "
           "hospitalised twice in 2024; since her father took over her daily care she has had no emergency visit.",
           b),
        para("<b>Steady employment and taxes.</b> Mr. Núñez has worked for the same employer for twelve years and "
           "pays taxes on every paycheck, as his recent pay stubs show (Tabs B-C). His income is the household's "
           "main support.", b),
        para("<b>Community ties and good character.</b> For twelve years Mr. Núñez has volunteered every week with "
           "the food pantry of his church. His pastor, Rev. Samuel Adeyemi, describes a reliable, generous man "
           "whom the congregation trusts (Tab E), and in 2025 the Elmhurst Neighbors Food Pantry honoured him "
           "with its certificate of appreciation for volunteer service (Tab F).", b),
        para("<b>Long residence.</b> The family has lived at the same address since 2021, and Ana has attended the "
           "same public school since kindergarten, with excellent attendance (Tab G).", b),
        para("Absence of negative factors", s["head"]),
        para("Mr. Núñez has no criminal history, no prior removal order and no immigration violations other than "
           "his manner of entry. He has attended every hearing and complied with every instruction of the court. "
           "He poses no threat to national security, border security or public safety, and he does not fall "
           "within any category the Department has identified as a priority for enforcement.", b),
        para("Request", s["head"]),
        para("Weighing these equities, continuing to prosecute this case would not be a sound use of the "
           "government's limited resources. We therefore ask that OPLA (1) file, or join, a motion to dismiss "
           "these proceedings without prejudice; or (2) in the alternative, not oppose administrative closure or "
           "a continuance. We would welcome the chance to discuss this request, and we can provide any further "
           "document you may need.", b),
        para("Enclosed exhibits", s["head"]),
    ]
    exhibits = [item for item in ITEMS if not item.lead]
    for letter_, item in zip("ABCDEFG", exhibits, strict=False):
        story.append(Paragraph(f"Tab {letter_}: {item.title}", s["bullet"], bulletText="•"))
    story += [
        Spacer(1, 8),
        para("Thank you for your consideration.", b),
        KeepTogether([
            para("Respectfully submitted,", b),
            Spacer(1, 22),
            para(f"<b>{ATTORNEY}</b><br/>Staff Attorney, {CLINIC}<br/>EOIR ID {EOIR_ID}<br/>{CLINIC_PHONE} · "
               f"{CLINIC_EMAIL}<br/>Counsel for the Respondent", b),
        ]),
        Spacer(1, 6),
        para(f"cc: {RESPONDENT} (client)", s["small"]),
    ]
    head = letterhead(CLINIC, ("125 Example Street, Suite 4B, New York, NY 10007", CLINIC_PHONE,
                                "riverside-clinic.example.org"), (0.10, 0.22, 0.45))

    def continued(c: Canvas, doc: SimpleDocTemplate) -> None:
        c.saveState()
        c.setFont(FONT, 8.5)
        c.setFillColor(colors.Color(0.25, 0.25, 0.25))
        c.drawString(inch, doc.pagesize[1] - 0.7 * inch,
                     f"ICE OPLA, New York · Re: {RESPONDENT}, {A_NUMBER} · {LETTER_DATE} · page {c.getPageNumber()}")
        c.restoreState()

    build_pdf(path, story, title="Request for prosecutorial discretion", first_page=head, later_pages=continued)


def medical_letter(path: Path) -> None:
    s = styles()
    b = s["body"]
    story = [
        Spacer(1, 0.55 * inch),
        para("August 20, 2026", b),
        para("To whom it may concern:", b),
        para(f"<b>Re: {DAUGHTER}, date of birth April 22, 2016</b>", b),
        para(f"I am a board-certified pediatrician and have treated {DAUGHTER} at Northside Pediatric Associates "
           "since 2019. Ana has <b>moderate persistent asthma</b>. She takes a daily inhaled corticosteroid, "
           "carries a rescue inhaler at all times, and is seen in this office every three months. Her asthma is "
           "triggered by respiratory infections, cold air and exercise, and she has needed emergency care for "
           "acute attacks, including two hospital admissions in 2024.", b),
        para(f"Ana's father, <b>{RESPONDENT}</b>, is her primary caregiver. He brings her to every appointment, "
           "keeps her medication schedule, has been trained in the use of her spacer and peak-flow meter, and "
           "follows her written asthma action plan at home and with her school. Since he took over her daily "
           "care in early 2025, Ana's asthma has been well controlled: she has had no emergency visit, and her "
           "school absences for illness have fallen sharply.", b),
        para("Children with asthma of this severity need consistent daily treatment and an adult who can "
           "recognise the early signs of an attack and act at once. In my medical opinion, separating Ana from "
           "her father would put her health at serious risk, both from the loss of her trained caregiver and "
           "from the stress of the separation itself, which is a known trigger of asthma attacks in children.",
           b),
        para("Please contact my office if you need further information.", b),
        Spacer(1, 10),
        para("Sincerely,", b),
        Spacer(1, 22),
        para("<b>Priya Raman, MD</b><br/>Pediatrics, Northside Pediatric Associates<br/>NY medical licence no. "
           "000000 (sample)<br/>(718) 555-0163", b),
    ]
    head = letterhead("Northside Pediatric Associates", ("72-10 Example Road, Queens, NY 11372",
                                                          "(718) 555-0163", "Fax (718) 555-0164"),
                       (0.05, 0.40, 0.45))
    build_pdf(path, story, title="Medical letter", first_page=head)


def pastor_letter(path: Path) -> None:
    s = styles()
    b = s["body"]
    story = [
        Spacer(1, 0.55 * inch),
        para("August 28, 2026", b),
        para("To the Immigration Court and the Office of the Principal Legal Advisor:", b),
        para(f"My name is Samuel Adeyemi. I have been the pastor of St. Brendan Community Church in Elmhurst, "
           f"Queens, since 2011. I write in support of <b>{RESPONDENT}</b>, whom I have known for twelve years as "
           "a member of our congregation and as one of the most faithful volunteers of our food pantry.", b),
        para("Every Saturday morning, José arrives before seven to unload the delivery truck, sort donations and "
           "set up the tables. Our pantry serves about three hundred families a week, and José, who cooks for a "
           "living, also prepares the hot meals we serve to seniors on holidays. During the pandemic, when many "
           "volunteers could not come, he delivered groceries to homebound neighbours in his own car, at his "
           "own expense. In 2025 the Elmhurst Neighbors Food Pantry recognised this work with its certificate of "
           "appreciation.", b),
        para("José is a devoted father. I see him every Sunday with his daughter Ana, and I know how carefully he "
           "looks after her health. He is honest, dependable and kind, and he is trusted by everyone in our "
           "parish, from the children in the Sunday school to the elderly members he drives to services.", b),
        para("Our community would lose a great deal if José were removed from the United States, and Ana would lose "
           "the parent who cares for her every day. I respectfully ask that he be allowed to remain with his "
           "family and his community. I am glad to answer any questions about this letter.", b),
        Spacer(1, 10),
        para("With respect and gratitude,", b),
        Spacer(1, 22),
        para("<b>Rev. Samuel Adeyemi</b><br/>Pastor, St. Brendan Community Church<br/>(718) 555-0128", b),
    ]
    head = letterhead("St. Brendan Community Church", ("40-05 Example Street, Elmhurst, NY 11373",
                                                        "(718) 555-0128", "Pastor: Rev. Samuel Adeyemi"),
                       (0.35, 0.18, 0.45))
    build_pdf(path, story, title="Letter of support", first_page=head)
