"""Office hours of the 1:1 chat: weekdays 10:00–17:00 Asia/Seoul, closed on public holidays.

Settings come from `MYG_CHAT_*` variables, e.g. MYG_CHAT_OPEN_TIME=09:00,
MYG_CHAT_WEEKDAYS='[0,1,2,3,4,5]' (Monday = 0).
"""
from __future__ import annotations

from datetime import datetime, time, timedelta

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from myg_app.contracts.chat import OfficeHours
from myg_app.seoul_time import SEOUL, WEEKDAYS_KO, format_datetime_ko, seoul_to_utc
from myg_app.server.calendar_kr import holiday_name
from myg_app.server.db import utcnow


class ChatSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MYG_CHAT_", extra="ignore")

    open_time: time = time(10, 0)
    close_time: time = time(17, 0)
    weekdays: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4])
    default_department: str = "민원봉사과"  # who answers a new conversation
    max_photo_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)


def clock() -> datetime:
    """Now, in UTC. Tests replace it to land on a holiday or after hours."""
    return utcnow()


def _open_day(s: ChatSettings, day) -> bool:
    return day.weekday() in s.weekdays and holiday_name(day) is None


def is_open(s: ChatSettings, now: datetime) -> bool:
    local = now.astimezone(SEOUL)
    return _open_day(s, local.date()) and s.open_time <= local.time() < s.close_time


def next_open(s: ChatSettings, now: datetime) -> datetime:
    """The next moment answers start (now itself when open)."""
    if is_open(s, now):
        return now
    local = now.astimezone(SEOUL)
    for i in range(0, 60):
        day = local.date() + timedelta(days=i)
        if not _open_day(s, day):
            continue
        if i == 0 and local.time() >= s.open_time:
            continue  # today's hours are over
        return seoul_to_utc(day, s.open_time)
    raise RuntimeError("no office day within 60 days: check MYG_CHAT_WEEKDAYS")


def hours_text(s: ChatSettings) -> str:
    days = "".join(WEEKDAYS_KO[d] for d in sorted(s.weekdays))
    label = "평일" if sorted(s.weekdays) == [0, 1, 2, 3, 4] else days
    return f"{label} {s.open_time:%H:%M}~{s.close_time:%H:%M}, 공휴일 제외"


def closed_reply(s: ChatSettings, now: datetime) -> str:
    """The automatic answer to a message written outside office hours."""
    today = now.astimezone(SEOUL).date()
    why = f"오늘은 {name}(으)로 쉽니다. " if (name := holiday_name(today)) else ""
    return (f"지금은 상담 시간이 아닙니다({hours_text(s)}). {why}남겨 주신 글은 접수되었으며 "
            f"{format_datetime_ko(next_open(s, now))}부터 순서대로 답변드립니다.")


def office_hours(s: ChatSettings, now: datetime) -> OfficeHours:
    if is_open(s, now):
        return OfficeHours(open_now=True, hours_text=hours_text(s), next_open_at=None,
                           message=f"지금 상담할 수 있습니다 ({hours_text(s)}).")
    return OfficeHours(open_now=False, hours_text=hours_text(s), next_open_at=next_open(s, now),
                       message=closed_reply(s, now))
