"""Small pieces the reservation screens share: routes, money and date text, form memory."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

import flet as ft

from myg_app.client.i18n import tr
from myg_app.gwangyang import dongs
from myg_app.seoul_time import SEOUL, today_seoul, weekday

FIDS = ("facility", "sports", "course", "legal")
API = "/reservations"
DEPARTMENTS = {"facility": "문화예술과", "course": "문화예술과", "sports": "체육진흥과",
               "legal": "민원봉사과"}
DONGS = dongs.NAMES
DAY_STATE_KO = {"free": "예약 가능", "full": "마감", "closed": "휴관", "holiday": "공휴일",
                "past": "지난 날", "not_open": "쉬는 날", "too_far": "아직 예약 불가"}
STATUS_COLORS = {"confirmed": ft.Colors.PRIMARY, "pending": ft.Colors.SECONDARY,
                 "applied": ft.Colors.SECONDARY, "waitlisted": ft.Colors.SECONDARY,
                 "rejected": ft.Colors.ERROR, "cancelled": ft.Colors.ON_SURFACE_VARIANT}


def base(fid: str) -> str:
    return f"/f/{fid}"


def won(amount: int) -> str:
    return "무료" if amount == 0 else tr("{amount:,}원", amount=amount)


def short_day(d: date) -> str:
    return tr("{month}월 {day}일 ({WEEKDAYS_KO})", month=d.month, day=d.day, WEEKDAYS_KO=weekday(d.weekday()))


def seoul_hm(dt: datetime) -> str:
    return f"{dt.astimezone(SEOUL):%H:%M}"


def fee_text(r) -> str:
    if r.fee_resident == 0 and r.fee_nonresident == 0:
        return "무료"
    unit = "학기" if r.kind == "course" else "시간"
    return tr("{unit}당 광양시민 {fee_resident:,}원 · 그 외 {fee_nonresident:,}원", unit=unit, fee_resident=r.fee_resident, fee_nonresident=r.fee_nonresident)


def styled(t: ft.Text, **attrs) -> ft.Text:
    """A text from widgets.common.text (theme size and colour) with layout attributes set."""
    for k, v in attrs.items():
        setattr(t, k, v)
    return t


def is_officer_for(app, fid: str) -> bool:
    u = app.state.user
    return u is not None and (u.role == "admin" or (u.role == "officer"
                                                    and u.department == DEPARTMENTS[fid]))


def card(content: ft.Control, on_click=None) -> ft.Container:
    return ft.Container(content, bgcolor=ft.Colors.SURFACE_CONTAINER, border_radius=12,
                        padding=12, on_click=on_click, ink=on_click is not None)


def tap_card(content: ft.Control, *, ident: str, label: str, on_click) -> ft.Control:
    """A card that opens something: pointer taps reach the container, screen readers the
    Semantics node (see widgets.common.tappable)."""
    from myg_app.client.widgets.common import tappable

    return tappable(card(content, on_click), ident=ident, label=label, on_click=on_click)


@dataclass
class Picks:
    """What the citizen chose so far; survives re-renders (route changes, resizes)."""

    category: str | None = None
    dong: str | None = None
    day: date | None = None  # browse filter
    month: tuple[int, int] | None = None  # the month view's month per resource
    start: str | None = None  # "HH:MM" (Seoul)
    end: str | None = None
    # One key per booking attempt: a retry after a lost answer makes no second booking.
    key: str = field(default_factory=lambda: str(uuid.uuid4()))


def picks(app, fid: str) -> Picks:
    store = app.__dict__.setdefault("_rsv_picks", {})
    if fid not in store:
        store[fid] = Picks()
    return store[fid]


def new_attempt(app, fid: str) -> None:
    p = picks(app, fid)
    p.key, p.start, p.end = str(uuid.uuid4()), None, None


def this_month() -> tuple[int, int]:
    t = today_seoul()
    return t.year, t.month


def run_if_top(app, view: ft.View, load) -> None:
    """Load data only for the view on top: render() rebuilds the whole stack on each route
    change, and the views below would otherwise all call the API again."""

    async def guarded():
        if app.page.views and app.page.views[-1] is view:
            await load()

    app.page.run_task(guarded)
