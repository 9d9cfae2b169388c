"""Small pieces the bulky-waste screens share: money and date text, the form's memory."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from myg_app.client.i18n import tr
from myg_app.contracts.waste import AreaOut, WasteItemOut
from myg_app.seoul_time import format_date_ko, weekday

FID = "bulky_waste"
BASE = f"/f/{FID}"
DEPARTMENT = "자원순환과"


def won(amount: int) -> str:
    return tr("{amount:,}원", amount=amount)


def day_ko(d: date | str) -> str:
    return format_date_ko(date.fromisoformat(d) if isinstance(d, str) else d)


def short_day_ko(d: date) -> str:
    """12월 3일 (목): the year is obvious on a date picker four weeks wide."""
    return tr("{month}월 {day}일 ({WEEKDAYS_KO})", month=d.month, day=d.day, WEEKDAYS_KO=weekday(d.weekday()))


def is_waste_officer(app) -> bool:
    u = app.state.user
    return u is not None and (u.role == "admin" or (u.role == "officer"
                                                    and u.department == DEPARTMENT))


@dataclass
class WasteForm:
    """What the citizen picked so far: survives re-renders (route changes, resizes)."""

    quantities: dict[int, int] = field(default_factory=dict)
    area: str | None = None
    pickup: str | None = None  # ISO date
    address: str = ""
    note: str = ""
    total: int | None = None  # the server's quote for `quantities`
    catalogue: list[WasteItemOut] | None = None
    areas: list[AreaOut] | None = None
    # One key per booking attempt: a retry after a lost answer cannot make a second order.
    key: str = field(default_factory=lambda: str(uuid.uuid4()))


def form(app) -> WasteForm:
    f = app.state.drafts.get("waste_form")
    if f is None:
        f = app.state.drafts["waste_form"] = WasteForm()
    return f


def reset_form(app) -> None:
    app.state.drafts["waste_form"] = WasteForm()
