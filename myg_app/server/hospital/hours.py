"""Opening hours as 국립중앙의료원 gives them, and "open now" in Korean time.

The APIs give, per day 1..8 (월 … 일, 8 = 공휴일), dutyTime{n}s (start) and dutyTime{n}c (close)
as HHMM strings ("0900", "1830"); sometimes numbers (900), sometimes empty or missing (closed
that day, or not reported). A close of "2400" is midnight; a close at or before the start
("1800"–"0200") or past 2400 ("2600") runs past midnight into the next day, so at 01:00 a
place open "1800–0200" yesterday is open now. On a public holiday the 공휴일 hours apply (none:
closed), whatever the weekday; the holidays come from server/calendar_kr.py."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from myg_app.seoul_time import SEOUL
from myg_app.server.calendar_kr import holiday_name

DAY_NAMES = ("월", "화", "수", "목", "금", "토", "일", "공휴일")
HOLIDAY = 8
NIGHT_FROM = 20 * 60  # open until 20:00 or later counts as 야간 진료
DAY = 24 * 60


@dataclass(frozen=True)
class Span:
    start: int  # minutes after midnight
    end: int  # minutes after midnight of the same day; > 1440 when it runs past midnight

    @property
    def text(self) -> str:
        if self.start == 0 and self.end >= DAY:
            return "24시간"
        end = _clock(self.end % DAY) if self.end > DAY else _clock(self.end)
        return f"{_clock(self.start)}~{'다음날 ' if self.end > DAY else ''}{end}"


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def hhmm(value: Any) -> int | None:
    """"0930" / "930" / 930 as minutes after midnight (2400 → 1440); None when empty or not a
    time (a quirk of the source is not a reason to drop the whole place)."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text or not text.isdigit() or len(text) > 4:
        return None
    h, m = divmod(int(text), 100)
    if m >= 60 or h > 48:
        return None
    return h * 60 + m


def span(start: Any, close: Any) -> Span | None:
    s, e = hhmm(start), hhmm(close)
    if s is None or e is None:
        return None
    if s >= DAY:
        s -= DAY
    if e <= s:  # closes after midnight ("1800"–"0200"), or "0000"–"0000" for all day
        e += DAY
    return Span(s, e)


def week_of(item: dict[str, Any]) -> dict[int, Span]:
    """{day 1..8: Span} from an item's dutyTime{n}s / dutyTime{n}c; days without both left out."""
    week = {}
    for day in range(1, 9):
        s = span(item.get(f"dutyTime{day}s"), item.get(f"dutyTime{day}c"))
        if s is not None:
            week[day] = s
    return week


def day_of(at: datetime) -> int:
    """The schedule day of `at` (Korean time): 8 on a public holiday, else 1 (월) … 7 (일)."""
    local = at.astimezone(SEOUL)
    return HOLIDAY if holiday_name(local.date()) else local.isoweekday()


def is_open(week: dict[int, Span], at: datetime) -> bool | None:
    """Open at `at`? None when no hours are known at all."""
    if not week:
        return None
    local = at.astimezone(SEOUL)
    minute = local.hour * 60 + local.minute
    today = week.get(day_of(local))
    if today is not None and today.start <= minute < today.end:
        return True
    yesterday = week.get(day_of(local - timedelta(days=1)))
    return yesterday is not None and yesterday.end > DAY and minute + DAY < yesterday.end


def today_text(week: dict[int, Span], at: datetime) -> str:
    if not week:
        return "진료시간 정보 없음"
    today = week.get(day_of(at))
    return f"오늘 {today.text}" if today else "오늘 휴진"


def open_at_night(week: dict[int, Span], at: datetime) -> bool:
    """Open this evening until NIGHT_FROM or later (today's schedule)."""
    today = week.get(day_of(at))
    return today is not None and today.end >= NIGHT_FROM


def open_on_holidays(week: dict[int, Span]) -> bool:
    """Open on Sundays or public holidays (휴일지킴이약국, 휴일 진료)."""
    return 7 in week or HOLIDAY in week


def day_texts(week: dict[int, Span], at: datetime) -> list[tuple[str, str, bool]]:
    """(day name, hours or 휴진, is today) for 월 … 공휴일; all "정보 없음" when none known."""
    today = day_of(at)
    return [(name, (week[d].text if d in week else "휴진") if week else "정보 없음", d == today)
            for d, name in enumerate(DAY_NAMES, 1)]
