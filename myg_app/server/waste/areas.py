"""Gwangyang's 12 읍면동 and the weekdays the bulky-waste truck serves each of them.

Urban 동 and 광양읍 get two rounds a week, the rural 면 one (fewer, farther pickups).
A collection day that falls on a Korean public holiday is skipped, not moved.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from myg_app.gwangyang import dongs
from myg_app.server.calendar_kr import holiday_name

MIN_LEAD_DAYS = 2  # the team plans its rounds the day before; a cancel day must remain
HORIZON_DAYS = 28
_WEEKDAYS_KO = "월화수목금토일"


@dataclass(frozen=True, slots=True)
class Area:
    code: str
    name: str
    weekdays: tuple[int, ...]  # 0 = Monday

    @property
    def schedule_ko(self) -> str:
        return "매주 " + "·".join(_WEEKDAYS_KO[d] for d in self.weekdays) + "요일 수거"


# The truck's weekdays per 읍면동 code (0 = Monday); the 읍면동 themselves are gwangyang.dongs.
_ROUNDS: dict[str, tuple[int, ...]] = {
    "gwangyang": (0, 3), "bonggang": (1,), "okryong": (2,), "okgok": (3,), "jinsang": (0,),
    "jinwol": (4,), "daap": (2,), "golyak": (2,), "jungma": (1, 4), "gwangyeong": (0, 3),
    "taein": (1,), "geumho": (4,),
}
AREAS: tuple[Area, ...] = tuple(Area(d.code, d.name, _ROUNDS[d.code]) for d in dongs.DONGS)
BY_CODE = {a.code: a for a in AREAS}


def collection_dates(area: Area, today: date) -> tuple[list[date], list[tuple[date, str]]]:
    """Bookable pickup dates from `today`, and the regular days skipped for a holiday."""
    dates: list[date] = []
    skipped: list[tuple[date, str]] = []
    for offset in range(MIN_LEAD_DAYS, HORIZON_DAYS + 1):
        day = today + timedelta(days=offset)
        if day.weekday() not in area.weekdays:
            continue
        if name := holiday_name(day):
            skipped.append((day, name))
        else:
            dates.append(day)
    return dates, skipped


def is_collection_date(area: Area, day: date, today: date) -> bool:
    return day in collection_dates(area, today)[0]
