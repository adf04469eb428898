"""The invented case of the sample packet: the people, the cover sheet and the documents, as data.

Every name, place and number is invented; every document drawn from this is marked SAMPLE.
"""

from __future__ import annotations

from dataclasses import dataclass

SAMPLE_MARK = "SAMPLE - NOT A REAL DOCUMENT"
FICTION_NOTE = "Made by Packet's sample generator. Every person, place and number in it is invented."

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
REQUESTED = "Agree to dismiss the proceedings without prejudice"
TEMPLATE = "opla-pd-request"  # the request letter is addressed to OPLA: the cover, checks and email text follow
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
    ("requested", REQUESTED),
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
    slot: str = ""  # the opla-pd-request template's slot it fills


ITEMS = (
    SampleItem("pd_request_letter_2026-09-14.pdf", "Request for prosecutorial discretion (counsel's letter)",
               "2026-09-14", lead=True, slot="request_letter",
               description="Letter from counsel to ICE OPLA asking for dismissal of proceedings."),
    SampleItem("birth_certificate_ana.pdf", f"Birth certificate of {DAUGHTER} (U.S. citizen daughter)",
               "2016-05-02", ("family_ties",), "Shows the respondent as the father of a U.S. citizen child.",
               slot="usc_children"),
    SampleItem("paystub_2026-07.pdf", f"Pay stub, July 2026 ({EMPLOYER})", "2026-07-31", ("employment",),
               "Monthly pay stub with year-to-date earnings and tax withholding (2 pages).", slot="employment_taxes"),
    SampleItem("paystub_2026-08.pdf", f"Pay stub, August 2026 ({EMPLOYER})", "2026-08-31", ("employment",),
               "Monthly pay stub with year-to-date earnings and tax withholding.", slot="employment_taxes"),
    SampleItem("medical_letter_dr_raman.pdf", "Letter from Dr. Priya Raman about Ana's asthma", "2026-08-20",
               ("medical", "caregiving"), "Treating pediatrician names the respondent as Ana's primary caregiver.",
               slot="medical"),
    SampleItem("support_letter_rev_adeyemi.pdf", "Letter of support from Rev. Samuel Adeyemi", "2026-08-28",
               ("community",), "Pastor describes twelve years of volunteer work and good character.",
               slot="support_letters"),
    SampleItem("IMG_20251115_143210.jpg", "Certificate of appreciation, Elmhurst Neighbors Food Pantry",
               "2025-11-15", ("community",), "Phone photo of the award for volunteer service."),
    SampleItem("school_attendance_record_ana.pdf", "School attendance record of Ana, 2021-2026", "2026-07-01",
               ("residence",), "Five school years at the same school and home address.", slot="residence"),
)
