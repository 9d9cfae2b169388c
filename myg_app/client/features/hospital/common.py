"""Pieces both 병원·약국 screens use: a place's status line and its call button."""
from __future__ import annotations

import flet as ft

from myg_app.client.features.directory.views import tel_url
from myg_app.client.widgets.common import button
from myg_app.contracts.hospital import PlaceSummary

FID = "hospital"
API = "/hospital"


def status_words(p: PlaceSummary) -> str:
    """"지금 진료 중 · 오늘 09:00~18:00": open or not first, the day's hours after."""
    if p.open_now is None:
        state = "진료시간 정보 없음"
        return state if p.today_text == state else f"{state} · {p.today_text}"
    state = ("지금 영업 중" if p.kind == "pharmacy" else "지금 진료 중") if p.open_now \
        else "지금 문 닫음"
    return f"{state} · {p.today_text}"


def distance_words(metres: int | None) -> str | None:
    if metres is None:
        return None
    return f"{metres} m" if metres < 1000 else f"{metres / 1000:.1f} km"


def badges(p: PlaceSummary) -> list[str]:
    out = []
    if p.emergency:
        out.append("응급실")
    if p.moonlight:
        out.append("달빛어린이병원")
    if p.holiday:
        out.append("휴일지킴이약국" if p.kind == "pharmacy" else "휴일 진료")
    if p.night:
        out.append("야간 영업" if p.kind == "pharmacy" else "야간 진료")
    return out


def call_button(app, phone: str, *, ident: str, label: str, name: str | None = None,
                kind: str = "filled") -> ft.Control:
    """One tap calls (the device's dialer through a tel: link, as 부서 전화 연결 does)."""
    async def call(e) -> None:
        await app.url_launcher.launch_url(tel_url(phone))

    return button(label, app.m, ident=ident, icon=ft.Icons.PHONE, on_click=call, expand=True,
                  name=name, kind=kind)
