"""A stop's page (/f/bus/s/<id>: the buses coming, 새로고침, 즐겨찾기) and a route's page
(/f/bus/r/<id>: the stops it passes, in order)."""
from __future__ import annotations

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.bus.common import (
    BASE,
    favourites,
    patiently,
    remember,
    remove_favourite,
    save_favourite,
    seen,
    source_parts,
    stop_card,
    when,
)
from myg_app.client.features.layout import screen
from myg_app.client.features.reservations.common import tap_card
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, button_label, heading, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts import bus as c


def arrival_card(app, a: c.Arrival, n: int) -> ft.Control:
    m = app.m
    kind = " · ".join(x for x in (a.route_type, a.vehicle_type) if x)
    lines: list[ft.Control] = [
        ft.Row([text(tr("{route_no}번", route_no=a.route_no), m, "title_medium", bold=True),
                text(when(a), m, "title_small", bold=True, color=ft.Colors.PRIMARY)],
               wrap=True, spacing=m.gap),
    ]
    if kind:
        lines.append(text(kind, m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT))
    spoken = tr("{route_no}번 버스, {when}", route_no=a.route_no, when=when(a)) + (f", {kind}" if kind else "") + \
        ", 노선 정류장 보기"
    return tap_card(ft.Column(lines, spacing=4), ident=f"bus-arrival-{n}", label=spoken,
                    on_click=lambda e: app.go(f"{BASE}/r/{a.route_id}"))


def stop_view(app, stop_id: str) -> ft.View:
    m = app.m
    known = seen(app).get(stop_id)
    status = Loader(m, "bus-stop-status")
    mark_status = Loader(m, "bus-fav-status")
    name = text(known.name if known else "정류장", m, "title_large", bold=True,
                ident="bus-stop-name")
    facts = text(tr("정류장 번호 {no}", no=known.no) if known and known.no else "", m, "body_medium",
                 color=ft.Colors.ON_SURFACE_VARIANT)
    items = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    banner, line = ft.Column(), ft.Column()
    saved = False

    def fav_label() -> str:
        return "즐겨찾기에서 빼기" if saved else "즐겨찾는 정류장에 저장"

    fav = button(fav_label(), m, ident="bus-favourite", kind="tonal", icon=ft.Icons.STAR_BORDER,
                 on_click=None, expand=True)

    def show_fav() -> None:
        fav.content.content = button_label(fav_label())
        fav.content.icon = ft.Icons.STAR if saved else ft.Icons.STAR_BORDER

    async def load(e=None) -> None:
        def show(a: c.Arrivals) -> bool:
            nonlocal known
            if a.stop_name:
                name.content.value = a.stop_name
                if known is None:
                    known = c.Stop(id=stop_id, name=a.stop_name)
                    remember(app, [known])
            items.controls = [arrival_card(app, x, n) for n, x in enumerate(a.items)]
            notice, src = source_parts(a.source, m, "bus-arrivals")
            banner.controls = [notice] if notice else []
            line.controls = [src]
            return bool(a.items)

        await status.load(app.page, patiently(lambda: app.api.call(
            "GET", f"/bus/stops/{stop_id}/arrivals", c.Arrivals, auth=False)), show,
            what="도착 정보를 불러오는 중입니다…",
            empty="지금 이 정류장에 오는 버스 정보가 없습니다. 잠시 후 새로고침해 보세요.")

    async def toggle(e) -> None:
        nonlocal saved
        if not app.signed_in:
            app.go("/login")
            return
        stop = known or c.Stop(id=stop_id, name=name.content.value or stop_id)
        try:
            if saved:
                await remove_favourite(app, stop_id)
            else:
                await save_favourite(app, stop)
        except ApiError as err:
            mark_status.error(err.message)
            app.page.update()
            return
        saved = not saved
        show_fav()
        mark_status.notice("즐겨찾는 정류장에 저장했습니다. 홈 화면에서 바로 볼 수 있습니다."
                           if saved else "즐겨찾는 정류장에서 뺐습니다.")
        app.page.update()

    async def start() -> None:
        nonlocal saved
        if app.signed_in:
            try:
                found = await favourites(app)
                saved = any(f.stop.id == stop_id for f in found.items)
                show_fav()
            except ApiError:
                pass  # the button still works; the server decides
        await load()

    fav.content.on_click = toggle
    body: list[ft.Control] = [
        ft.Semantics(header=True, content=name), facts, banner,
        heading("도착 예정 버스", m, ident="bus-arrivals-heading"), status, items, line,
        button("새로고침", m, ident="bus-refresh", icon=ft.Icons.REFRESH, kind="outlined",
               on_click=load, expand=True),
        fav, mark_status,
    ]
    app.page.run_task(start)
    return screen(app, f"{BASE}/s/{stop_id}", "정류장 도착 정보", body, ident="bus-stop")


def route_view(app, route_id: str) -> ft.View:
    m = app.m
    status = Loader(m, "bus-route-status")
    title = text("노선", m, "title_large", bold=True, ident="bus-route-name")
    items = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    banner, line = ft.Column(), ft.Column()

    def show(r: c.RouteStops) -> bool:
        if r.route_no:
            title.content.value = tr("{route_no}번 버스가 지나는 정류장", route_no=r.route_no)
        remember(app, [x.stop for x in r.items])
        items.controls = [stop_card(app, x.stop, f"bus-route-stop-{x.order}", extra=[
            text(tr("{order}번째", order=x.order) + (f" · {x.direction}" if x.direction else ""), m,
                 "body_small", color=ft.Colors.ON_SURFACE_VARIANT)]) for x in r.items]
        notice, src = source_parts(r.source, m, "bus-route")
        banner.controls = [notice] if notice else []
        line.controls = [src]
        return bool(r.items)

    app.page.run_task(status.load, app.page, patiently(lambda: app.api.call(
        "GET", f"/bus/routes/{route_id}/stops", c.RouteStops, auth=False)), show,
        what="노선 정보를 불러오는 중입니다…", empty="이 노선의 정류장 정보가 없습니다.")
    return screen(app, f"{BASE}/r/{route_id}", "노선 정보",
                  [ft.Semantics(header=True, content=title), banner, status, items, line],
                  ident="bus-route")
