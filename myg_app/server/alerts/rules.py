"""Who receives an alert, and how: the one place the area, level and quiet-hour rules live
(the live stream, the preview's reach and my_feed all ask here)."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from myg_app.contracts.alerts import ALWAYS_ON, LEVELS
from myg_app.gwangyang import dongs
from myg_app.seoul_time import SEOUL

QUIET_LEVEL = "안전안내"  # the only level quiet hours hold back
Delivery = Literal["alert", "silent"] | None


@dataclass(frozen=True)
class Follow:
    """What one listener follows. No 읍면동: all of 광양시 (a guest who chose nothing)."""
    dongs: frozenset[str] = frozenset()
    levels: frozenset[str] = frozenset(LEVELS)
    quiet: tuple[int, int] | None = None  # minutes after midnight (Korean time), start/end

    @classmethod
    def of(cls, dong_codes: Collection[str] = (), levels: Collection[str] = LEVELS,
           quiet: tuple[int, int] | None = None) -> "Follow":
        return cls(frozenset(dong_codes), frozenset(levels) | {ALWAYS_ON}, quiet)


def split_codes(value: str) -> frozenset[str]:
    return frozenset(c for c in (value or "").split(",") if c)


def join_codes(codes: Collection[str]) -> str:
    # Declared order, so the same set is always stored the same way.
    return ",".join(d.code for d in dongs.DONGS if d.code in set(codes))


def area_text(codes: Collection[str]) -> str:
    names = [d.name for d in dongs.DONGS if d.code in set(codes)]
    return "광양시 " + ", ".join(names) if names else "광양시 전체"


def concerns(follow_dongs: frozenset[str], alert_dongs: frozenset[str]) -> bool:
    """An alert for the whole city reaches everyone; one for some 읍면동 reaches their
    followers, and listeners who follow no 읍면동 in particular (all of 광양시)."""
    return not alert_dongs or not follow_dongs or bool(follow_dongs & alert_dongs)


def in_quiet_hours(quiet: tuple[int, int] | None, now: datetime) -> bool:
    if quiet is None:
        return False
    start, end = quiet
    local = now.astimezone(SEOUL)
    minute = local.hour * 60 + local.minute
    if start < end:
        return start <= minute < end
    return minute >= start or minute < end  # across midnight, e.g. 22:00-07:00


def delivery(follow: Follow, *, level: str, alert_dongs: frozenset[str],
             now: datetime) -> Delivery:
    """None: not for this listener. "silent": recorded without a sound, voice or full screen
    (안전안내 in quiet hours). "alert": shown at once (위급재난 full screen)."""
    if not concerns(follow.dongs, alert_dongs):
        return None
    if level not in follow.levels and level != ALWAYS_ON and level in LEVELS:
        return None
    if level == QUIET_LEVEL and in_quiet_hours(follow.quiet, now):
        return "silent"
    return "alert"


def minutes(hhmm: str | None) -> int | None:
    if not hhmm:
        return None
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def hhmm(value: int | None) -> str | None:
    return None if value is None else f"{value // 60:02d}:{value % 60:02d}"
