"""Calendar arithmetic for a resource: which days are open and which slots a day has.

Pure functions over a Resource, its closures and the bookings that hold capacity; no
database access, so month views for many resources cost one query per table, not per day.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from myg_app.seoul_time import SEOUL, seoul_to_utc
from myg_app.server.calendar_kr import holiday_name
from myg_app.server.reservations.models import Booking, Closure, Resource

HOLDING = ("pending", "confirmed")  # statuses that occupy a slot


@dataclass(frozen=True, slots=True)
class DayBlock:
    state: str  # past | holiday | closed | not_open | too_far
    note: str | None


@dataclass(frozen=True, slots=True)
class Slot:
    starts_at: datetime
    ends_at: datetime
    label: str
    remaining: int
    state: str  # free | full | past


def seoul_today(now: datetime) -> date:
    return now.astimezone(SEOUL).date()


def day_block(r: Resource, day: date, closures: list[Closure], now: datetime) -> DayBlock | None:
    """Why nothing can be booked on `day`, or None when the day is open for booking."""
    today = seoul_today(now)
    if day < today:
        return DayBlock("past", "지난 날짜")
    if (name := holiday_name(day)) is not None:
        return DayBlock("holiday", f"공휴일 ({name})")
    for c in closures:
        if c.starts_on <= day <= c.ends_on:
            return DayBlock("closed", f"휴관 ({c.reason})")
    if r.weekdays[day.weekday()] != "1":
        return DayBlock("not_open", "운영하지 않는 요일")
    if day > today + timedelta(days=r.book_ahead_days):
        return DayBlock("too_far", f"{r.book_ahead_days}일 이후는 아직 예약할 수 없음")
    return None


def slot_starts(r: Resource, day: date) -> list[tuple[datetime, datetime]]:
    """(start, end) in UTC of every slot of a day, from opening to closing time (Seoul)."""
    out = []
    step = timedelta(minutes=r.slot_minutes)
    start = seoul_to_utc(day, r.opens)
    closing = seoul_to_utc(day, r.closes)
    while start + step <= closing:
        out.append((start, start + step))
        start += step
    return out


def overlapping(bookings: list[Booking], start: datetime, end: datetime) -> int:
    """Bookings holding [start, end): each takes one unit of capacity (a hall, a court)."""
    return sum(1 for b in bookings
               if b.status in HOLDING and b.starts_at < end and b.ends_at > start)


def day_slots(r: Resource, day: date, bookings: list[Booking], now: datetime) -> list[Slot]:
    slots = []
    for start, end in slot_starts(r, day):
        remaining = max(0, r.capacity - overlapping(bookings, start, end))
        state = "past" if start <= now else ("free" if remaining else "full")
        slots.append(Slot(start, end, f"{start.astimezone(SEOUL):%H:%M}", remaining, state))
    return slots


def course_sessions(r: Resource, closures: list[Closure]) -> list[date]:
    """Class days of a term: its weekdays, without public holidays and closure days."""
    assert r.term_starts_on and r.term_ends_on
    days, d = [], r.term_starts_on
    while d <= r.term_ends_on:
        if (r.weekdays[d.weekday()] == "1" and holiday_name(d) is None
                and not any(c.starts_on <= d <= c.ends_on for c in closures)):
            days.append(d)
        d += timedelta(days=1)
    return days


def session_bounds(r: Resource, sessions: list[date]) -> tuple[datetime, datetime]:
    """A course booking spans its first session's start to its last session's end."""
    first, last = (sessions[0], sessions[-1]) if sessions else (r.term_starts_on, r.term_ends_on)
    return seoul_to_utc(first, r.opens), seoul_to_utc(last, r.closes)
