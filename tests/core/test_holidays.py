"""The federal holiday table: every holiday 2024-2030 with its observed day, checked against the statute's rules,
and business days around them."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta

import pytest

from packet.core.holidays import NEXT, PREVIOUS, load_holidays, parse_holidays
from packet.core.resources import resource
from packet.core.rule_data import RuleDataError

NAMES = ("New Year's Day", "Birthday of Martin Luther King, Jr.", "Washington's Birthday", "Memorial Day",
         "Juneteenth National Independence Day", "Independence Day", "Labor Day", "Columbus Day", "Veterans Day",
         "Thanksgiving Day", "Christmas Day")


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    d = date(year, month, 1)
    d += timedelta(days=(weekday - d.weekday()) % 7)
    return d + timedelta(weeks=n - 1)


def expected(year: int) -> dict[str, date]:
    last_may = date(year, 5, 31)
    last_may -= timedelta(days=last_may.weekday())
    return {
        "New Year's Day": date(year, 1, 1), "Birthday of Martin Luther King, Jr.": nth_weekday(year, 1, 0, 3),
        "Washington's Birthday": nth_weekday(year, 2, 0, 3), "Memorial Day": last_may,
        "Juneteenth National Independence Day": date(year, 6, 19), "Independence Day": date(year, 7, 4),
        "Labor Day": nth_weekday(year, 9, 0, 1), "Columbus Day": nth_weekday(year, 10, 0, 2),
        "Veterans Day": date(year, 11, 11), "Thanksgiving Day": nth_weekday(year, 11, 3, 4),
        "Christmas Day": date(year, 12, 25),
    }


def test_every_year_has_the_eleven_legal_holidays_on_the_right_days():
    table = load_holidays()
    assert (table.first_year, table.last_year) == (2024, 2030)
    for year in range(2024, 2031):
        got = {h.name: h for h in table.holidays if h.legal.year == year}
        assert set(got) == set(NAMES), year
        for name, day in expected(year).items():
            h = got[name]
            assert h.legal == day, (year, name)
            want = day - timedelta(days=1) if day.weekday() == 5 else day + timedelta(days=1) if day.weekday() == 6 \
                else day
            assert h.observed == want, (year, name)
    assert len(table.holidays) == 77
    assert not any("Inauguration" in h.name for h in table.holidays)


def test_known_observed_days():
    table = load_holidays()
    assert table.why_closed(date(2026, 7, 3)) == "Independence Day (observed)"  # July 4, 2026 is a Saturday
    assert table.why_closed(date(2027, 12, 31)) == "New Year's Day (observed)"  # for January 1, 2028
    assert table.why_closed(date(2029, 11, 12)) == "Veterans Day (observed)"
    assert table.why_closed(date(2026, 11, 26)) == "Thanksgiving Day"
    assert table.why_closed(date(2026, 11, 27)) == ""
    assert table.why_closed(date(2026, 12, 5)) == "Saturday"


def test_business_days_and_shifts():
    table = load_holidays()
    assert table.is_business_day(date(2026, 12, 1))
    assert not table.is_business_day(date(2026, 12, 25))
    assert table.shift(date(2026, 12, 25), NEXT) == date(2026, 12, 28)
    assert table.shift(date(2026, 12, 25), PREVIOUS) == date(2026, 12, 24)
    assert table.shift(date(2026, 12, 24), NEXT) == date(2026, 12, 24)
    assert table.covers(date(2030, 12, 31)) and not table.covers(date(2031, 1, 1))


def test_the_table_names_its_source():
    data = json.loads(resource("holidays", "us-federal.json").read_text(encoding="utf-8"))
    source = load_holidays().source
    assert "6103" in source.title and source.read == "2026-12-01" and source.url.startswith("https://")
    assert any("Inauguration" in x["name"] for x in data["not_included"])


@pytest.mark.parametrize(("change", "field"), [
    (lambda d: d["holidays"][3].update(date="2024-02-30"), "holidays[3].date"),
    (lambda d: d["holidays"][5].update(observed="2024-08-04"), "holidays[5].observed"),
    (lambda d: d["holidays"][0].pop("name"), "holidays[0].name"),
    (lambda d: d["source"].pop("read"), "read"),
])
def test_a_bad_table_is_refused_naming_the_field(change, field):
    data = copy.deepcopy(json.loads(resource("holidays", "us-federal.json").read_text(encoding="utf-8")))
    change(data)
    with pytest.raises(RuleDataError) as info:
        parse_holidays(data, "holiday table mine.json")
    assert str(info.value).startswith(f'holiday table mine.json: field "{field}"'), str(info.value)
