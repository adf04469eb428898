"""Federal holidays and business days: what moves a filing deadline (resources/holidays/).

The table is data (each holiday with the day it is observed), read once. A day is a business day when it is not a
Saturday or Sunday and no holiday is observed on it. Outside the table's years, `is_business_day` still knows
weekends but cannot know holidays: `covers()` says whether a date is inside, so a caller can say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from packet.core.resources import resource
from packet.core.rule_data import DataReader, Source, read_rule_file

HOLIDAYS_FOLDER = "holidays"
SCHEMA_VERSION = 1
NEXT, PREVIOUS, NONE = "next_business_day", "previous_business_day", "none"
SHIFTS = (NEXT, PREVIOUS, NONE)


@dataclass(frozen=True)
class Holiday:
    name: str
    legal: date  # the legal date (July 4)
    observed: date  # the day offices close (Friday July 3 when July 4 is a Saturday)


@dataclass(frozen=True)
class HolidayTable:
    id: str
    holidays: tuple[Holiday, ...]
    source: Source
    first_year: int
    last_year: int
    _closed: dict[date, Holiday] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_closed", {h.observed: h for h in self.holidays})

    def observed_on(self, day: date) -> Holiday | None:
        return self._closed.get(day)

    def covers(self, day: date) -> bool:
        return self.first_year <= day.year <= self.last_year

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and self.observed_on(day) is None

    def why_closed(self, day: date) -> str:
        """'Saturday', 'Sunday', 'Thanksgiving Day', 'Independence Day (observed)'; '' on a business day."""
        if day.weekday() == 5:
            return "Saturday"
        if day.weekday() == 6:
            return "Sunday"
        h = self.observed_on(day)
        if h is None:
            return ""
        return h.name if h.observed == h.legal else f"{h.name} (observed)"

    def shift(self, day: date, how: str) -> date:
        """Move a day that is not a business day to the next (or previous) one; `none` leaves it."""
        if how == NONE:
            return day
        step = timedelta(days=1 if how == NEXT else -1)
        while not self.is_business_day(day):
            day += step
        return day


def parse_holidays(data: object, source: str) -> HolidayTable:
    r = DataReader(source)
    obj = r.object(data, "", ("schema_version", "id", "about", "source", "observed_rule", "not_included",
                              "holidays"), ("schema_version", "id", "source", "holidays"))
    version = r.whole(obj, "schema_version", "schema_version", 1, 1_000)
    if version > SCHEMA_VERSION:
        raise r.fail("schema_version", f"is {version}: written by a newer Packet (this one reads up to "
                                       f"{SCHEMA_VERSION}); update Packet")
    out: list[Holiday] = []
    for i, raw in enumerate(r.items(obj, "holidays", "holidays", required=True)):
        where = f"holidays[{i}]"
        h = r.object(raw, where, ("name", "date", "observed"), ("name", "date"))
        legal = r.day(h, "date", f"{where}.date")
        assert legal is not None  # required=True never returns None
        observed = r.day(h, "observed", f"{where}.observed", required=False) or legal
        if abs((observed - legal).days) > 2:
            raise r.fail(f"{where}.observed", f"{observed.isoformat()} is more than two days from the holiday "
                                              f"({legal.isoformat()}); a holiday is observed the Friday before or "
                                              "the Monday after")
        out.append(Holiday(r.text(h, "name", f"{where}.name", required=True), legal, observed))
    if not out:
        raise r.fail("holidays", "is empty")
    years = [h.legal.year for h in out]
    return HolidayTable(r.text(obj, "id", "id", required=True), tuple(sorted(out, key=lambda h: h.observed)),
                        r.source_of(obj, ""), min(years), max(years))


@lru_cache(maxsize=4)
def load_holidays(table_id: str = "us-federal") -> HolidayTable:
    """The built-in holiday table `resources/holidays/<id>.json`."""
    path = resource(HOLIDAYS_FOLDER, f"{table_id}.json")
    source = f"holiday table {path.name}"
    return parse_holidays(read_rule_file(path, source), source)
