"""The default Bates prefix is the respondent's first surname, in plain capitals."""

from __future__ import annotations

import pytest

from packet.core.bates import ascii_capitals, default_bates_prefix, first_surname
from packet.core.model import Respondent


@pytest.mark.parametrize(("name", "prefix"), [
    ("José Núñez Ibáñez", "NUNEZ-"),  # given name, paternal, maternal: the paternal one, not the last word
    ("Núñez Ibáñez, José", "NUNEZ-"),  # surnames first, as EOIR writes them
    ("NÚÑEZ IBÁÑEZ, José", "NUNEZ-"),
    ("José NÚÑEZ IBÁÑEZ", "NUNEZ-"),  # the family name in capitals, as forms ask
    ("José Luis Núñez Ibáñez", "NUNEZ-"),
    ("Ana María López", "LOPEZ-"),  # a second given name is not a surname
    ("María del Carmen Rodríguez López", "RODRIGUEZ-"),
    ("María de los Ángeles Pérez", "PEREZ-"),
    ("Juan de la Cruz Pérez", "DELACRUZ-"),  # particles belong to the surname
    ("José Ortega y Gasset", "ORTEGA-"),
    ("Ortega y Gasset, José", "ORTEGA-"),
    ("Gabriel García-Márquez", "GARCIAMARQUEZ-"),  # a hyphenated surname is one surname
    ("Ana López", "LOPEZ-"),
    ("John Michael Smith", "SMITH-"),
    ("John M. Smith", "SMITH-"),
    ("Nguyễn, Văn An", "NGUYEN-"),
    ("Đặng, Thị Hoa", "DANG-"),
    ("Seán O'Brien", "OBRIEN-"),
    ("Søren Kierkegaard", "KIERKEGAARD-"),
    ("Hans Weiß", "WEISS-"),
    ("Madonna", "MADONNA-"),
    ("  ", "EXH-"),
    ("María Guadalupe Hernández-Villanueva de la Fuente", "HERNANDEZVILLANU-"),  # at most 16 letters
])
def test_default_prefix(name, prefix):
    assert default_bates_prefix(name) == prefix


def test_first_surname_keeps_the_spelling_and_the_first_respondent_counts():
    assert first_surname("José Núñez Ibáñez") == "Núñez"
    assert first_surname("Juan de la Cruz Pérez") == "de la Cruz"
    people = [Respondent("", "012345678"), Respondent("José Núñez Ibáñez"), Respondent("Ana Pérez")]
    assert default_bates_prefix(people) == "NUNEZ-"
    assert default_bates_prefix([]) == "EXH-"


def test_ascii_capitals():
    assert ascii_capitals("Núñez Ibáñez") == "NUNEZIBANEZ"
    assert ascii_capitals("Łódź") == "LODZ" and ascii_capitals("Œuvre") == "OEUVRE"
