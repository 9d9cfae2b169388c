"""Asia/Seoul time for both sides: the server stores UTC, people read Seoul time.

tzdata is a client dependency so the zone exists on phones and Windows too.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")
WEEKDAYS_KO = "월화수목금토일"
# Short weekday names (Monday first) in the app's languages (myg_app/i18n.LANGUAGES).
WEEKDAYS: dict[str, tuple[str, ...]] = {
    "ko": tuple(WEEKDAYS_KO),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "vi": ("T2", "T3", "T4", "T5", "T6", "T7", "CN"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# How each language writes a date, and a day of a month (with a time after it).
_DATE = {"ko": "{y}년 {m}월 {d}일 ({wd})", "en": "{wd} {d} {mon} {y}", "vi": "{wd}, {d}/{m}/{y}",
         "zh": "{y}年{m}月{d}日（{wd}）"}
_DAY_MONTH = {"ko": "{m}월 {d}일", "en": "{d} {mon}", "vi": "{d}/{m}", "zh": "{m}月{d}日"}

# Which language dates are written in: Korean on the server; the app plugs in its session's
# language (myg_app/client/i18n.install) so every screen's dates follow the language setting.
language: Callable[[], str] = lambda: "ko"  # noqa: E731


def weekday(i: int, lang: str | None = None) -> str:
    """The short name of weekday `i` (Monday = 0): 월, Mon, T2, 周一."""
    return WEEKDAYS.get(lang or language(), WEEKDAYS["ko"])[i]


def _parts(day: date, lang: str) -> dict[str, object]:
    return {"y": day.year, "m": day.month, "d": day.day, "mon": _MONTHS_EN[day.month - 1],
            "wd": weekday(day.weekday(), lang)}


def weekdays_joined(days, lang: str | None = None) -> str:
    """Several weekdays as people write them: 화금 in Korean, "Tue, Fri" elsewhere."""
    lang = lang or language()
    names = [weekday(i, lang) for i in days]
    return "".join(names) if lang == "ko" else ", ".join(names)


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
    lang = language()
    return f"{_DAY_MONTH.get(lang, _DAY_MONTH['ko']).format(**_parts(dt.date(), lang))} {dt:%H:%M}"


def seoul_to_utc(day: date, at: time) -> datetime:
    """A wall-clock time in Gwangyang as an aware UTC datetime (what the database keeps)."""
    return datetime.combine(day, at, tzinfo=SEOUL).astimezone(timezone.utc)


def format_date_ko(day: date) -> str:
    """2026년 12월 5일 (토) in Korean; "Sat 5 Dec 2026", "T7, 5/12/2026", "2026年12月5日（周六）"
    when the app is in another language."""
    lang = language()
    return _DATE.get(lang, _DATE["ko"]).format(**_parts(day, lang))


def format_datetime_ko(dt: datetime) -> str:
    local = to_seoul(dt)
    return f"{format_date_ko(local.date())} {local:%H:%M}"
