"""A place's month: the calendar first (one line: ◀ 2026년 12월 ▶), then a legend, then the
rules folded in 이용 안내.

The grid has seven columns only where each day is at least a touch target wide
(48 px: 360 px screens and up); large text and narrower screens get one line per day.
Sundays and holidays are drawn in the theme's error colour, today with a thick primary
border and "오늘" in its name: both colours pass contrast in light and dark.
"""

from __future__ import annotations

import flet as ft

from myg_app.client.features.layout import on_resize, screen
from myg_app.client.features.reservations.common import (
    API,
    DAY_STATE_KO,
    base,
    picks,
    run_if_top,
    short_day,
    styled,
    this_month,
)
from myg_app.client.features.reservations.course import course_view, resource_info
from myg_app.client.i18n import tr
from myg_app.client.theme import button_style
from myg_app.client.widgets.common import icon_button, tagged, tappable, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.reservations import MonthDay, MonthOut, ResourceOut
from myg_app.seoul_time import WEEKDAYS, language

# What a calendar cell says under the date: whole short words (no clipping), explained in
# the legend under the grid.
DAY_SHORT = {"full": "마감", "closed": "휴관", "holiday": "휴일", "past": "지남",
             "not_open": "휴무", "too_far": "예정"}
LEGEND = ("빨간 날짜는 일요일·공휴일, 굵은 테두리는 오늘입니다.",
          "색칠된 날에 빈 시간이 있습니다 (3개 = 빈 시간 3개).",
          "마감: 자리 없음 · 휴무: 쉬는 요일 · 휴관: 임시 휴관 · 휴일: 공휴일 · "
          "예정: 아직 예약을 받지 않는 날 · 지남: 지난 날")
PAD = 24  # the screen's horizontal padding (layout.screen: 12 each side)


def grid_fits(app) -> bool:
    """Seven columns of at least one touch target each, in normal text."""
    return not app.m.large and ((app.page.width or 360) - PAD) / 7 >= app.m.target


def red_day(d: MonthDay) -> bool:
    return d.day.weekday() == 6 or d.holiday


def day_name(d: MonthDay) -> str:
    """What a screen reader says for a day: date, today, state, free slots, note."""
    return (f"{short_day(d.day)}" + (", 오늘" if d.today else "") + f", {DAY_STATE_KO[d.state]}"
            + (tr(", 빈 시간 {free_slots}개", free_slots=d.free_slots) if d.state == "free" else "")
            + (f", {d.note}" if d.note else ""))


def resource_view(app, fid: str, rid: int) -> ft.View:
    if fid == "course":
        return course_view(app, fid, rid)
    m = app.m
    p = picks(app, fid)
    status = Loader(m, "rsv-month-status")
    name = ft.Column(spacing=4)
    grid = ft.Column(spacing=4, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    legend = ft.Column([text(line, m, "body_medium") for line in LEGEND], spacing=2,
                       visible=False)
    rules = ft.Column(spacing=4)
    title = styled(text("", m, "title_medium", bold=True), text_align=ft.TextAlign.CENTER)
    months = p.month or this_month()
    shown: dict = {"month": None}

    def go_day(d: MonthDay):
        if d.state != "free":
            return None
        return lambda e: app.go(f"{base(fid)}/r/{rid}/d/{d.day.isoformat()}")

    def shift(delta: int):
        async def handler(e) -> None:
            nonlocal months
            y, mo = months
            mo += delta
            y, mo = (y + (mo - 1) // 12, (mo - 1) % 12 + 1)
            months = p.month = (y, mo)
            await load_month()
        return handler

    def day_cell(d: MonthDay) -> ft.Control:
        free = d.state == "free"
        caption = tr("{free_slots}개", free_slots=d.free_slots) if free else DAY_SHORT[d.state]
        dim = ft.Colors.ON_SURFACE_VARIANT
        num_color = ft.Colors.ERROR if red_day(d) else (None if free else dim)
        box = ft.Container(
            ft.Column([
                styled(text(f"{d.day.day}", m, "body_medium", bold=True, color=num_color),
                       no_wrap=True),
                styled(text(caption, m, "label_small", color=None if free else dim),
                       no_wrap=True, max_lines=1),
            ], spacing=0, horizontal_alignment=ft.CrossAxisAlignment.CENTER, tight=True),
            height=m.target + 8, border_radius=8, alignment=ft.Alignment.CENTER,
            bgcolor=ft.Colors.PRIMARY_CONTAINER if free else None,
            border=(ft.Border.all(3, ft.Colors.PRIMARY) if d.today
                    else ft.Border.all(1, ft.Colors.OUTLINE) if free else None),
        )
        go = go_day(d)
        # The outer container is the target: the whole column width (>= 48 px), 2 px of it
        # a gap between the coloured boxes.
        target = ft.Container(box, padding=2, expand=True, on_click=go, ink=go is not None,
                              border_radius=8)
        return tappable(target, ident=f"rsv-day-{d.day.isoformat()}", label=day_name(d),
                        expand=True, on_click=go)

    def day_line(d: MonthDay) -> ft.Control:
        """Large text or a narrow screen: one line per day, each a full-width target."""
        free = d.state == "free"
        line = (("오늘 " if d.today else "") + f"{short_day(d.day)} "
                # U+2060 WORD JOINER: "12개" stays whole when the line wraps (never "12 / 개")
                + (tr("빈 시간 {free_slots}⁠개", free_slots=d.free_slots) if free else DAY_STATE_KO[d.state]))
        color = ft.Colors.ERROR if red_day(d) else (None if free else ft.Colors.ON_SURFACE_VARIANT)
        label = text(line, m, "body_large" if free else "body_medium", bold=d.today, color=color)
        ident = f"rsv-day-{d.day.isoformat()}"
        if not free:
            box = ft.Container(label, padding=ft.Padding.symmetric(horizontal=4, vertical=4),
                               border=ft.Border.all(3, ft.Colors.PRIMARY) if d.today else None,
                               border_radius=8)
            return tagged(box, ident, day_name(d))
        side = ft.BorderSide(3 if d.today else 1, ft.Colors.PRIMARY if d.today else ft.Colors.OUTLINE)
        # No fixed height: a line that wraps in large text grows instead of being cut; the
        # padding keeps even one line above the 56 px target.
        style = button_style(m)  # its padding keeps one line above the touch target
        style.side, style.alignment = side, ft.Alignment.CENTER_LEFT
        style.shape = ft.RoundedRectangleBorder(radius=12)
        b = ft.OutlinedButton(content=label, on_click=go_day(d), expand=True, style=style)
        return tagged(b, ident)

    def draw() -> None:
        month: MonthOut | None = shown["month"]
        if month is None:
            return
        if grid_fits(app):
            head = ft.Row([styled(text(w, m, "label_small", bold=True,
                                       color=ft.Colors.ERROR if i == 6 else None),
                                  expand=True, text_align=ft.TextAlign.CENTER)
                           for i, w in enumerate(WEEKDAYS.get(language(), WEEKDAYS["ko"]))], spacing=0)
            first = month.days[0].day.weekday()
            cells: list[ft.Control] = [ft.Container(expand=True) for _ in range(first)]
            cells += [day_cell(d) for d in month.days]
            cells += [ft.Container(expand=True) for _ in range((-len(cells)) % 7)]
            grid.controls = [tagged(head, "rsv-month-weekdays")] + [
                ft.Row(cells[i:i + 7], spacing=0) for i in range(0, len(cells), 7)]
            legend.visible = True
        else:
            grid.controls = [day_line(d) for d in month.days if d.state != "past"] or [
                text("이 달은 모두 지난 날입니다.", m)]
            legend.visible = False  # each line says it all in words

    def relayout() -> None:
        draw()

    async def load_month(e=None) -> None:
        y, mo = months
        title.value = tr("{y}년 {mo}월", y=y, mo=mo)

        def show_loaded(month: MonthOut) -> None:
            shown["month"] = month
            draw()
            free_days = sum(1 for d in month.days if d.state == "free")
            status.notice(tr("이 달에 예약할 수 있는 날은 {free_days}일입니다.", free_days=free_days))
        await status.load(app.page, lambda: app.api.call(
            "GET", f"{API}/resources/{rid}/month", MonthOut, auth=False,
            params={"month": f"{y:04d}-{mo:02d}"}), show_loaded, what="빈 날짜를 불러오는 중입니다…")

    async def load(e=None) -> None:
        async def show_loaded(r: ResourceOut) -> None:
            info = resource_info(app, r)
            name.controls = info[:1]
            rules.controls = info[1:]
            await load_month()

        await status.load(app.page, lambda: app.api.call(
            "GET", f"{API}/resources/{rid}", ResourceOut, auth=False), show_loaded)

    nav = ft.Row([
        icon_button(ft.Icons.CHEVRON_LEFT, "이전 달", m, ident="rsv-month-prev", on_click=shift(-1)),
        ft.Container(tagged(title, "rsv-month-title"), expand=True, alignment=ft.Alignment.CENTER),
        icon_button(ft.Icons.CHEVRON_RIGHT, "다음 달", m, ident="rsv-month-next", on_click=shift(1)),
    ], spacing=0, wrap=False, vertical_alignment=ft.CrossAxisAlignment.CENTER)
    about = ft.ExpansionTile(
        title=text("이용 안내 (운영 시간·취소·사용료)", m, "title_small", bold=True),
        controls=[rules], expanded=False, tile_padding=ft.Padding.symmetric(horizontal=4),
        controls_padding=ft.Padding.only(left=4, right=4, bottom=8),
        expanded_cross_axis_alignment=ft.CrossAxisAlignment.START, min_tile_height=m.target)
    body = [name, nav, status, grid, legend, tagged(about, "rsv-rules")]
    view = screen(app, f"{base(fid)}/r/{rid}", "날짜 선택", body, ident="rsv-month")
    on_resize(view, relayout)
    run_if_top(app, view, load)
    return view
