"""Citizen screens: the list of places (by category, 읍면동, date). A place's month is in
month.py, a day's slots and the form in day.py, a course's page in course.py."""

from __future__ import annotations

from datetime import date, timedelta

import flet as ft

from myg_app import catalog
from myg_app.client.features.layout import screen
from myg_app.client.features.reservations.common import (
    API,
    DONGS,
    base,
    fee_text,
    is_officer_for,
    picks,
    run_if_top,
    short_day,
    tap_card,
)
from myg_app.client.i18n import tr
from myg_app.client.theme import FONT
from myg_app.client.widgets.dropdown import named_dropdown
from myg_app.client.widgets.common import button, heading, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.reservations import ResourceList, ResourceOut
from myg_app.seoul_time import today_seoul


# --- list ------------------------------------------------------------------------------
def main_view(app, fid: str) -> ft.View:
    m = app.m
    fn = catalog.BY_ID[fid]
    p = picks(app, fid)
    status = Loader(m, "rsv-list-status")
    items = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    categories = ft.Row(wrap=True, spacing=m.gap, run_spacing=m.gap)
    body: list[ft.Control] = [text(fn.summary_ko, m)]
    if app.signed_in:
        body.append(button("나의 예약", m, ident="rsv-mine", icon=ft.Icons.EVENT_NOTE,
                           kind="tonal", on_click=lambda e: app.go(f"{base(fid)}/mine"),
                           expand=True))
        if is_officer_for(app, fid):
            body.append(button("담당자 화면", m, ident="rsv-officer", icon=ft.Icons.BADGE,
                               kind="outlined", on_click=lambda e: app.go(f"{base(fid)}/officer"),
                               expand=True))
    else:
        body += [text("예약하려면 로그인해 주세요. 빈 시간은 로그인 없이 볼 수 있습니다.", m, "body_medium",
                      ident="rsv-login-note"),
                 button("로그인", m, ident="rsv-login", icon=ft.Icons.LOGIN, kind="outlined",
                        on_click=lambda e: app.go("/login"), expand=True)]

    text_style = ft.TextStyle(size=m.text("body_large"), font_family=FONT)
    label_style = ft.TextStyle(size=m.text("body_medium"), font_family=FONT)
    # A fixed width: the dropdown needs a bounded one inside the scrolling column.
    width = min(max((app.page.width or 400) - 48, 240), 480)
    dong = ft.Dropdown(label="읍면동", value=p.dong or "", width=width, text_style=text_style,
                       label_style=label_style,
                       options=[ft.DropdownOption(key="", text="전체")]
                       + [ft.DropdownOption(key=d, text=d) for d in DONGS])
    days = [today_seoul() + timedelta(days=i) for i in range(0, 31)]
    day = ft.Dropdown(label="날짜", value=p.day.isoformat() if p.day else "", width=width,
                      text_style=text_style, label_style=label_style,
                      options=[ft.DropdownOption(key="", text="날짜 상관없음")]
                      + [ft.DropdownOption(key=d.isoformat(), text=short_day(d)) for d in days])
    loaded: list[ResourceOut] = []

    async def on_dong(e) -> None:
        p.dong = dong.value or None
        await load()

    async def on_day(e) -> None:
        p.day = date.fromisoformat(day.value) if day.value else None
        await load()

    dong.on_select, day.on_select = on_dong, on_day

    def pick_category(cat: str | None):
        async def handler(e) -> None:
            p.category = cat
            render()
        return handler

    def render() -> None:
        cats = sorted({r.category for r in loaded})
        categories.controls = [
            button(label, m, ident=f"rsv-cat-{i}", kind="filled" if p.category == cat else "outlined",
                   on_click=pick_category(cat))
            for i, (cat, label) in enumerate([(None, "전체")] + [(c, c) for c in cats])]
        shown = [r for r in loaded if p.category in (None, r.category)]
        items.controls = [_resource_card(app, fid, r) for r in shown] or [
            text("조건에 맞는 곳이 없습니다. 읍면동이나 날짜를 바꿔 보세요.", m, ident="rsv-empty")]
        app.page.update()

    async def load(e=None) -> None:
        params: dict[str, str | int] = {"kind": fid}
        if p.dong:
            params["dong"] = p.dong
        if p.day and fid != "course":
            params["day"] = p.day.isoformat()

        def show_loaded(res: ResourceList) -> None:
            loaded[:] = res.items
            render()

        await status.load(app.page, lambda: app.api.call(
            "GET", f"{API}/resources", ResourceList, auth=False, params=params), show_loaded)

    # The dropdowns' own labels are drawn, not announced: name them for screen readers too.
    filters = [named_dropdown(dong, "rsv-filter-dong", "읍면동", "전체")]
    if fid != "course":
        filters.append(named_dropdown(day, "rsv-filter-day", "날짜", "날짜 상관없음"))
    body += [
        heading("찾기", m),
        ft.Column(filters, spacing=m.gap),
        categories, status, items,
    ]
    view = screen(app, base(fid), fn.name_ko, body, ident=f"function-{fid}")
    run_if_top(app, view, load)
    return view


def _resource_card(app, fid: str, r: ResourceOut) -> ft.Control:
    m = app.m
    lines = [text(r.name, m, "title_small", bold=True),
             text(f"{r.dong} · {r.category}" + (f" · {r.host}" if r.host else ""), m, "body_medium")]
    if r.course:
        c = r.course
        lines.append(text(tr("{short_day} 개강 · {count}회 · {value} · 남은 자리 {seats_left}/{capacity}", short_day=short_day(c.term_starts_on), count=len(c.sessions), value='추첨' if c.selection == 'lottery' else '선착순', seats_left=c.seats_left, capacity=r.capacity), m, "body_medium"))
    else:
        lines.append(text(("바로 확정" if r.mode == "instant" else "담당자 승인 후 확정")
                          + f" · {r.opens:%H:%M}~{r.closes:%H:%M}", m, "body_medium"))
    lines.append(text(fee_text(r), m, "body_medium"))
    if r.free_slots is not None:
        lines.append(text(tr("선택한 날 빈 시간 {free_slots}개", free_slots=r.free_slots), m, "body_medium",
                          color=ft.Colors.PRIMARY if r.free_slots else ft.Colors.ERROR,
                          ident=f"rsv-free-{r.id}"))
    return tap_card(ft.Column(lines, spacing=4), ident=f"rsv-resource-{r.id}",
                    label=f"{r.name}, {r.dong} {r.category}",
                    on_click=lambda e: app.go(f"{base(fid)}/r/{r.id}"))
