"""Suggested kind, title, date and factor from a document's text, for generated documents."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from pypdf import PdfReader

from packet.core.resources import resource
from packet.core.suggest import find_dates, load_rules, suggest


def _pdf_text(lines: list[str]) -> str:
    """The lines drawn on a page with reportlab and read back as a PDF reader sees them."""
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, invariant=1)
    y = 740
    for line in lines:
        c.drawString(72, y, line)
        y -= 16
    c.showPage()
    c.save()
    return PdfReader(io.BytesIO(buf.getvalue())).pages[0].extract_text()


PAY_STUB = [
    "BRIGHT VALLEY KITCHENS LLC", "EARNINGS STATEMENT", "Employee: Jose Nunez Ibanez     Employee ID: BVK-0117",
    "Pay period: 03/01/2024 - 03/15/2024     Pay date: 03/20/2024",
    "Earnings        Hours    Rate     Current     Year to date",
    "Regular         80.00    18.50    1,480.00    7,400.00",
    "Gross pay 1,480.00   Federal income tax 98.00   Social Security 91.76   Medicare 21.46", "Net pay 1,268.78",
]
ACTA = [
    "ESTADOS UNIDOS MEXICANOS", "REGISTRO CIVIL DEL ESTADO DE OAXACA", "ACTA DE NACIMIENTO",
    "En la ciudad de Oaxaca, el día 2 de abril de 2014, compareció ante el oficial del Registro Civil",
    "Ángela Muñoz Gutiérrez para registrar el nacimiento de la niña María Peña Muñoz,",
    "quien nació el 15 de marzo de 2014 en Oaxaca. Lugar de nacimiento: Oaxaca. Madre: Ángela Muñoz.",
]
LEASE = [
    "RESIDENTIAL LEASE AGREEMENT", "This lease is made between Queens Realty Corp. (Landlord) and José Núñez (Tenant)",
    "for the premises at 41-12 Elm Street, Apt 3B, Queens, NY 11373.",
    "Term: the lease begins on June 1, 2014 and ending on May 31, 2015.",
    "Monthly rent: $1,450.00, due on the first day of each month. Security deposit: $1,450.00.",
    "Signed March 15, 2014.",
]


def test_a_pay_stub_is_named_with_its_period_and_employment():
    [best, *_] = suggest(_pdf_text(PAY_STUB))
    assert (best.kind, best.factor) == ("pay_stub", "employment")
    assert best.date == "2024-03-01 to 2024-03-15"
    assert best.title == "Pay stub, March 2024"
    assert best.score >= 0.8 and "earnings statement" in best.evidence


def test_a_spanish_birth_certificate_is_named_with_the_date_of_birth():
    [best, *_] = suggest(_pdf_text(ACTA))
    assert best.kind == "birth_certificate" and best.title == "Birth certificate"
    assert best.date == "2014-03-15"  # the date of birth, not the date it was registered
    assert best.factor == "identity"  # a foreign birth certificate: usually the respondent's own


def test_an_english_birth_certificate_supports_family_ties():
    text = "STATE OF NEW YORK\nCERTIFICATE OF BIRTH\nName: Ana Lopez\nDate of birth: April 22, 2016\nMother: Maria"
    [best, *_] = suggest(text)
    assert (best.kind, best.factor, best.date) == ("birth_certificate", "family_ties", "2016-04-22")


def test_a_lease_is_named_with_its_term_and_residence():
    [best, *_] = suggest(_pdf_text(LEASE))
    assert (best.kind, best.factor) == ("lease", "residence")
    assert best.date == "2014-06-01 to 2015-05-31" and best.title == "Lease, 2014-2015"


def test_tax_forms_get_their_tax_year():
    w2 = "Form W-2 Wage and Tax Statement 2023\nEmployer identification number 12-3456789\nWages, tips, other " \
         "compensation 38,480.00\nFederal income tax withheld 2,548.00\nPrinted 01/28/2024"
    [best, *_] = suggest(w2)
    assert (best.kind, best.date, best.title, best.factor) == ("w2", "2023", "Form W-2, 2023", "employment")
    f1040 = "Form 1040 U.S. Individual Income Tax Return 2022\nFiling status: Head of household\nAdjusted gross " \
            "income 41,200"
    assert suggest(f1040)[0].title == "Form 1040 tax return, 2022"


def test_ocr_text_without_accents_still_matches():
    [best, *_] = suggest("TALON DE PAGO\nPeriodo de pago: 01/02/2024 al 15/02/2024\nSalario bruto 1.200,00 "
                         "Deducciones 80,00 Fecha de pago 16/02/2024 el empleado recibió su pago de la empresa")
    assert best.kind == "pay_stub" and best.date == "2024-02-01 to 2024-02-15"  # day first in Spanish


def test_a_letter_of_support_in_spanish():
    [best, *_] = suggest("Nueva York, 10 de agosto de 2026\nA quien corresponda:\nEscribo esta carta de apoyo "
                         "para José Núñez. Lo conozco desde 2011; es honrado y trabajador.\nAtentamente,\nMaría Peña")
    assert (best.kind, best.factor, best.date, best.title) == ("letter_of_support", "community", "2026-08-10",
                                                               "Letter of support")


@pytest.mark.parametrize("text", ["", "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
                                  "Grocery list: milk, eggs, bread, 2 lb apples. Call mom on 03/15/2014.",
                                  "Please release the package to the tenant's neighbour"])
def test_a_text_that_names_no_kind_gets_no_suggestion(text):
    assert suggest(text) == []


def test_dates_written_every_way_are_found():
    rules = load_rules()
    text = "15 de marzo de 2014; March 15, 2014; 15 March 2014; 2014-03-15; 03/15/2014; 31/12/2013; 13/13/2013"
    assert [d.value for d in find_dates(text.lower(), rules)] == [date(2014, 3, 15)] * 5 + [date(2013, 12, 31)]
    assert [d.value for d in find_dates("04/05/2014", rules, day_first=True)] == [date(2014, 5, 4)]


def test_every_kind_names_a_factor_of_the_catalogue():
    factors = {f["id"] for f in json.loads(resource("factors.json").read_text())["factors"]}
    rules = load_rules()
    assert {k.id for k in rules.kinds} >= {"birth_certificate", "pay_stub", "w2", "tax_return_1040", "lease",
                                            "medical_record", "school_record", "letter_of_support",
                                            "police_clearance", "certificate_of_disposition"}
    for kind in rules.kinds:
        assert kind.factor in factors and all(f in factors for _, f in kind.factor_by_language), kind.id
        assert set(kind.strong) == {"en", "es"}, kind.id
