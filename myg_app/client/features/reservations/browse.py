"""Citizen screens: the list (by category, 읍면동, date), a resource's month, a day's slots
with the booking form, and a course's page with its application button."""

from __future__ import annotations

from datetime import date, timedelta

import flet as ft

from myg_app import catalog
from myg_app.client.features.layout import screen
from myg_app.client.features.reservations.common import (
    API, DONGS, base, fee_text, is_officer_for, picks, run_if_top, short_day, tap_card, this_month,
)
from myg_app.client.theme import FONT
from myg_app.client.features.reservations.course import course_view, resource_info
from myg_app.client.widgets.common import button, heading, tagged, tappable, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.reservations import (
    MonthOut, ResourceList, ResourceOut,
)
from myg_app.seoul_time import WEEKDAYS_KO, today_seoul

DAY_STATE_KO = {"free": "예약 가능", "full": "마감", "closed": "휴관", "holiday": "공휴일",
                "past": "지난 날", "not_open": "쉬는 날", "too_far": "아직 예약 불가"}


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

    filters = [tagged(dong, "rsv-filter-dong")]
    if fid != "course":
        filters.append(tagged(day, "rsv-filter-day"))
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
        lines.append(text(f"{short_day(c.term_starts_on)} 개강 · {len(c.sessions)}회 · "
                          f"{'추첨' if c.selection == 'lottery' else '선착순'} · "
                          f"남은 자리 {c.seats_left}/{r.capacity}", m, "body_medium"))
    else:
        lines.append(text(("바로 확정" if r.mode == "instant" else "담당자 승인 후 확정")
                          + f" · {r.opens:%H:%M}~{r.closes:%H:%M}", m, "body_medium"))
    lines.append(text(fee_text(r), m, "body_medium"))
    if r.free_slots is not None:
        lines.append(text(f"선택한 날 빈 시간 {r.free_slots}개", m, "body_medium",
                          color=ft.Colors.PRIMARY if r.free_slots else ft.Colors.ERROR,
                          ident=f"rsv-free-{r.id}"))
    return tap_card(ft.Column(lines, spacing=4), ident=f"rsv-resource-{r.id}",
                    label=f"{r.name}, {r.dong} {r.category}",
                    on_click=lambda e: app.go(f"{base(fid)}/r/{r.id}"))


# --- one resource: month view (or a course page) ---------------------------------------
def resource_view(app, fid: str, rid: int) -> ft.View:
    if fid == "course":
        return course_view(app, fid, rid)
    m = app.m
    p = picks(app, fid)
    status = Loader(m, "rsv-month-status")
    info = ft.Column(spacing=4)
    grid = ft.Column(spacing=4)
    title = ft.Text("", theme_style=ft.TextThemeStyle.TITLE_MEDIUM)
    months = p.month or this_month()

    def shift(delta: int):
        async def handler(e) -> None:
            nonlocal months
            y, mo = months
            mo += delta
            y, mo = (y + (mo - 1) // 12, (mo - 1) % 12 + 1)
            months = p.month = (y, mo)
            await load_month()
        return handler

    def day_cell(d) -> ft.Control:
        free = d.state == "free"
        caption = f"{d.free_slots}" if free else DAY_STATE_KO[d.state][:2]
        go = (lambda e, day=d.day: app.go(f"{base(fid)}/r/{rid}/d/{day.isoformat()}")) if free else None
        box = ft.Container(
            ft.Column([ft.Text(f"{d.day.day}", weight=ft.FontWeight.BOLD, size=m.text("body_medium")),
                       ft.Text(caption, size=m.text("label_small"))], spacing=0,
                      horizontal_alignment=ft.CrossAxisAlignment.CENTER, tight=True),
            height=m.target + 8, expand=True, border_radius=8, alignment=ft.Alignment.CENTER,
            bgcolor=ft.Colors.PRIMARY_CONTAINER if free else None,
            border=ft.Border.all(1, ft.Colors.OUTLINE) if free else None,
            on_click=go, ink=free,
        )
        name = f"{short_day(d.day)} {DAY_STATE_KO[d.state]}" + (
            f", 빈 시간 {d.free_slots}개" if free else "") + (f", {d.note}" if d.note else "")
        return tappable(box, ident=f"rsv-day-{d.day.isoformat()}", label=name, expand=True,
                        on_click=go)

    async def load_month(e=None) -> None:
        y, mo = months
        title.value = f"{y}년 {mo}월"
        def show_loaded(month) -> None:
            if m.large:  # one day per line: seven columns of large text would clip at 360 px
                grid.controls = [_day_line(app, fid, rid, d) for d in month.days
                                 if d.state != "past"] or [text("이 달은 모두 지난 날입니다.", m)]
            else:
                head = ft.Row([ft.Text(w, expand=True, text_align=ft.TextAlign.CENTER,
                                       size=m.text("label_small")) for w in WEEKDAYS_KO], spacing=4)
                first = month.days[0].day.weekday()
                cells: list[ft.Control] = [ft.Container(expand=True) for _ in range(first)]
                cells += [day_cell(d) for d in month.days]
                cells += [ft.Container(expand=True) for _ in range((-len(cells)) % 7)]
                grid.controls = [head] + [ft.Row(cells[i:i + 7], spacing=4)
                                          for i in range(0, len(cells), 7)]
            free_days = sum(1 for d in month.days if d.state == "free")
            status.notice(f"이 달에 예약할 수 있는 날은 {free_days}일입니다.")
        await status.load(app.page, lambda: app.api.call(
            "GET", f"{API}/resources/{rid}/month", MonthOut, auth=False,
            params={"month": f"{y:04d}-{mo:02d}"}), show_loaded, what="빈 날짜를 불러오는 중입니다…")

    async def load(e=None) -> None:
        async def show_loaded(r: ResourceOut) -> None:
            info.controls = resource_info(app, r)
            await load_month()

        await status.load(app.page, lambda: app.api.call(
            "GET", f"{API}/resources/{rid}", ResourceOut, auth=False), show_loaded)

    nav = ft.Row([
        button("이전 달", m, ident="rsv-month-prev", kind="text", icon=ft.Icons.CHEVRON_LEFT,
               on_click=shift(-1)),
        tagged(title, "rsv-month-title"),
        button("다음 달", m, ident="rsv-month-next", kind="text", icon=ft.Icons.CHEVRON_RIGHT,
               on_click=shift(1)),
    ], alignment=ft.MainAxisAlignment.SPACE_BETWEEN, wrap=True)
    body = [info, heading("날짜 고르기", m), text("색칠된 날에 빈 시간이 있습니다. 숫자는 빈 시간 수입니다.",
                                               m, "body_medium"), nav, status, grid]
    view = screen(app, f"{base(fid)}/r/{rid}", "날짜 선택", body, ident="rsv-month")
    run_if_top(app, view, load)
    return view


def _day_line(app, fid: str, rid: int, d) -> ft.Control:
    m = app.m
    free = d.state == "free"
    line = f"{short_day(d.day)} · {DAY_STATE_KO[d.state]}" + (f" ({d.free_slots}개)" if free else "")
    if not free:
        return tagged(text(line, m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT),
                      f"rsv-day-{d.day.isoformat()}")
    return button(line, m, ident=f"rsv-day-{d.day.isoformat()}", kind="outlined", expand=True,
                  on_click=lambda e: app.go(f"{base(fid)}/r/{rid}/d/{d.day.isoformat()}"))
