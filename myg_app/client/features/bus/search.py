"""버스 정보 main screen (/f/bus): the citizen's favourite stops, stops by name or number, and
stops near the device (flet-geolocator) or, without a position (no permission, the web, no
fix), near the centre of a chosen 읍면동."""
from __future__ import annotations

import asyncio
import logging

import flet as ft

from myg_app import catalog
from myg_app.client.features.account import field
from myg_app.client.features.bus.common import (
    BASE,
    patiently,
    remember,
    source_parts,
    stop_card,
)
from myg_app.client.features.bus.common import favourites as load_favourites
from myg_app.client.features.layout import screen
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, tagged, text
from myg_app.client.widgets.dropdown import filter_dropdown
from myg_app.client.widgets.loader import Loader
from myg_app.contracts import bus as c
from myg_app.gwangyang import dongs

log = logging.getLogger(__name__)
LOCATE_TIMEOUT_S = 8.0  # a browser that never answers the permission prompt must not hang us


async def device_position(app) -> tuple[float, float] | None:
    """The device's position, or None (no plug-in, permission refused, no fix in time)."""
    try:
        import flet_geolocator as fg

        geo = app.state.services.get("geolocator") or fg.Geolocator()
        app.state.services["geolocator"] = geo  # services must stay referenced
        allowed = await asyncio.wait_for(geo.request_permission(), LOCATE_TIMEOUT_S)
        if allowed in (fg.GeolocatorPermissionStatus.DENIED,
                       fg.GeolocatorPermissionStatus.DENIED_FOREVER):
            return None
        pos = await asyncio.wait_for(geo.get_current_position(), LOCATE_TIMEOUT_S)
    except Exception:  # noqa: BLE001 - no GPS, no plug-in in this build, or a timeout
        log.info("bus: no device position", exc_info=True)
        return None
    return pos.latitude, pos.longitude


def main_view(app) -> ft.View:
    m = app.m
    status = Loader(m, "bus-status")
    title = text("", m, "title_small", bold=True, ident="bus-results-title")
    results = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    banner, line = ft.Column(), ft.Column()
    favs = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    query = field(app, "정류장 이름 또는 번호", "bus-search",
                  helper="예: 광양시청, 중마버스터미널, 정류장 번호 1006")

    async def load(what: str, fetch, empty: str) -> None:
        def show(found: c.StopList) -> bool:
            remember(app, found.items)
            title.content.value = tr("{what} ({count}곳)", what=what, count=len(found.items))
            results.controls = [stop_card(app, s, f"bus-stop-{s.id}") for s in found.items]
            notice, src = source_parts(found.source, m, "bus-stops")
            banner.controls = [notice] if notice else []
            line.controls = [src]
            return bool(found.items)

        results.controls, banner.controls, line.controls = [], [], []
        title.content.value = ""
        await status.load(app.page, patiently(fetch), show, what="정류장을 찾는 중입니다…",
                          empty=empty)

    async def search(e=None) -> None:
        q = " ".join((query.value or "").split())
        if not q:
            status.notice("정류장 이름이나 번호를 입력해 주세요.")
            app.page.update()
            return
        await load(tr("'{q}' 검색 결과", q=q), lambda: app.api.call(
            "GET", "/bus/stops", c.StopList, auth=False, params={"q": q}),
            "찾는 정류장이 없습니다. 이름의 일부만 넣어 보세요 (예: 시청).")

    async def near(lat: float, lon: float, where: str) -> None:
        await load(tr("{where} 가까운 정류장", where=where), lambda: app.api.call(
            "GET", "/bus/stops/near", c.StopList, auth=False,
            params={"lat": f"{lat:.5f}", "lon": f"{lon:.5f}"}),
            "가까운 정류장이 없습니다. 이름으로 찾아 보세요.")

    async def locate(e) -> None:
        status.loading("현재 위치를 찾는 중입니다…")
        app.page.update()
        pos = await device_position(app)
        if pos is None:
            status.notice("현재 위치를 쓸 수 없습니다. 아래에서 읍면동을 고르면 그 근처 정류장을 "
                          "보여 드립니다.")
            app.page.update()
            return
        await near(pos[0], pos[1], "현재 위치에서")

    async def pick_dong(e) -> None:
        d = dongs.BY_CODE.get(e.control.value or "")
        if d is not None:
            await near(d.lat, d.long, tr("{name} 중심에서", name=d.name))

    async def load_favs() -> None:
        if not app.signed_in:
            return
        try:
            found = await load_favourites(app)
        except Exception:  # noqa: BLE001 - favourites are extra: the search still works
            log.info("bus: favourites not loaded", exc_info=True)
            return
        remember(app, [f.stop for f in found.items])
        favs.controls = [heading("즐겨찾는 정류장", m, ident="bus-favourites-heading")] + [
            stop_card(app, f.stop, f"bus-fav-{f.stop.id}") for f in found.items
        ] if found.items else []
        app.page.update()

    query.on_submit = search
    body: list[ft.Control] = [
        text(catalog.BY_ID["bus"].summary_ko, m),
        favs,
        tagged(query, "bus-search"),
        button("정류장 찾기", m, ident="bus-search-go", icon=ft.Icons.SEARCH, on_click=search,
               expand=True),
        button("내 주변 정류장", m, ident="bus-near", icon=ft.Icons.MY_LOCATION,
               kind="outlined", on_click=locate, expand=True),
        filter_dropdown(app, "bus-dong", "읍면동 근처 정류장",
                        [("", "읍면동을 고르세요")] + [(d.code, d.name) for d in dongs.DONGS], "",
                        pick_dong),
        status, banner, title, results, line,
    ]
    app.page.run_task(load_favs)
    return screen(app, BASE, catalog.BY_ID["bus"].name_ko, body, ident="function-bus")
