"""Asia/Seoul time for both sides: the server stores UTC, people read Seoul time.

tzdata is a client dependency so the zone exists on phones and Windows too.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")
WEEKDAYS_KO = "월화수목금토일"


def now_seoul() -> datetime:
    return datetime.now(SEOUL)


def today_seoul() -> date:
    return now_seoul().date()


def to_seoul(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        raise ValueError("naive datetime: expected an aware UTC value")
    return dt.astimezone(SEOUL)


def clock_ko(ts: float) -> str:
    """A Unix time as people in Gwangyang read it, whatever the device's zone: 12월 4일 14:05."""
    dt = datetime.fromtimestamp(ts, SEOUL)
    return f"{dt.month}월 {dt.day}일 {dt:%H:%M}"


def seoul_to_utc(day: date, at: time) -> datetime:
    """A wall-clock time in Gwangyang as an aware UTC datetime (what the database keeps)."""
    return datetime.combine(day, at, tzinfo=SEOUL).astimezone(timezone.utc)


def format_date_ko(day: date) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일 ({WEEKDAYS_KO[day.weekday()]})"


def format_datetime_ko(dt: datetime) -> str:
    local = to_seoul(dt)
    return f"{format_date_ko(local.date())} {local:%H:%M}"
