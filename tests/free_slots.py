"""Choosing a bookable time for reservation tests without depending on the wall clock.

Today's free slots depend on the hour a test runs (late at night the last ones are gone, a
slot an hour away cannot be cancelled, a two-hour request can run past closing time), so tests
book on a later day, where every slot from opening time on exists, and ask for as many free
slots in a row as they need. Used by tests/ui (async client) and tests/e2e (sync client).
"""

from __future__ import annotations

from datetime import date, datetime

from myg_app.seoul_time import today_seoul


def months_ahead(n: int = 3) -> list[str]:
    """"YYYY-MM" of this month in Seoul (the month a reservation screen opens on) and the next."""
    t = today_seoul()
    return [f"{t.year + (t.month - 1 + k) // 12:04d}-{(t.month - 1 + k) % 12 + 1:02d}"
            for k in range(n)]


def later_free_days(month: dict) -> list[str]:
    """Free days of a month view after today (Seoul)."""
    today = today_seoul()
    return [d["day"] for d in month["days"]
            if d["state"] == "free" and date.fromisoformat(d["day"]) > today]


def free_run(day: dict, n: int) -> list[str] | None:
    """Labels of the first `n` free slots in a row on a day view (back to back), or None."""
    slots = day["slots"]
    for i in range(len(slots) - n + 1):
        run = slots[i:i + n]
        if all(s["state"] == "free" for s in run) and all(
                datetime.fromisoformat(a["ends_at"]) == datetime.fromisoformat(b["starts_at"])
                for a, b in zip(run, run[1:])):
            return [s["label"] for s in run]
    return None


def in_this_month(day: str) -> bool:
    """Whether a reservation screen opening on this month (Seoul) shows `day` without paging."""
    return day[:7] == months_ahead(1)[0]
