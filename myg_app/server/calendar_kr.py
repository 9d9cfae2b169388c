"""Korean public holidays (the maintained `holidays` package, incl. substitute holidays)."""
from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _year(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("KR", years=year, language="ko")


def holiday_name(day: date) -> str | None:
    """The holiday's Korean name, or None on an ordinary day."""
    return _year(day.year).get(day)


def is_public_holiday(day: date) -> bool:
    return holiday_name(day) is not None


def is_business_day(day: date) -> bool:
    """Weekdays that are not public holidays: when city offices are open."""
    return day.weekday() < 5 and not is_public_holiday(day)
