"""병원·약국 (/f/hospital): find a hospital, pharmacy or emergency room of 광양 — open now,
at night, on holidays (휴일지킴이약국), 달빛어린이병원, by 진료과목 — nearest first from the
device's location or a chosen 읍면동, and call it with one tap. /p/<id> is a place's page
(detail.py)."""
from __future__ import annotations

import asyncio
import re

import flet as ft

from myg_app import catalog
from myg_app.client.features.feature import Feature
from myg_app.client.features.hospital import detail
from myg_app.client.features.hospital.common import API, FID, badges, call_button, \
    distance_words, status_words
from myg_app.client.features.layout import screen, switch_row
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, tagged, text
from myg_app.client.widgets.dropdown import filter_dropdown
from myg_app.client.widgets.loader import Loader
from myg_app.client.widgets.source import source_line, source_notice
from myg_app.contracts.hospital import DEPARTMENTS, PlaceList, PlaceSummary
from myg_app.gwangyang import departments, dongs

KINDS = (("hospital", "병·의원"), ("pharmacy", "약국"), ("emergency", "응급실"))
PAGE = 20
GUIDE_DEPARTMENT = "보건위생과"  # 보건소: 병원·약국 안내 (gwangyang/departments.py)
_PLACE = re.compile(r"^/p/([a-z]-[A-Za-z0-9]{1,40})$")


def place_card(app, p: PlaceSummary) -> ft.Control:
    m = app.m
    head = " · ".join(filter(None, (p.category, distance_words(p.distance_m))))
    lines: list[ft.Control] = [text(p.name, m, "title_small", bold=True)]
    if head:
        lines.append(text(head, m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT))
    lines.append(text(status_words(p), m, "body_medium", bold=bool(p.open_now),
                      color=ft.Colors.PRIMARY if p.open_now else None))
    if tags := badges(p):
        lines.append(text(" · ".join(tags), m, "body_medium"))
    if p.address:
        lines.append(text(p.address, m, "body_medium"))
    if p.phone:
        lines.append(call_button(app, p.phone, ident=f"hospital-call-{p.id}",
                                 label=tr("전화 걸기 {phone}", phone=p.phone), name=tr("{name} 전화 걸기", name=p.name)))

    lines.append(button("자세히 보기", m, ident=f"hospital-open-{p.id}", kind="outlined",
                        on_click=lambda e: app.go(f"/f/{FID}/p/{p.id}"), expand=True,
                        name=tr("{name} 자세히 보기", name=p.name)))
    return tagged(ft.Container(ft.Column(lines, spacing=6), padding=12, border_radius=12,
                               bgcolor=ft.Colors.SURFACE_CONTAINER), f"hospital-place-{p.id}")


def main_view(app) -> ft.View:
    m = app.m
    q: dict[str, str | int] = {"kind": "hospital"}
    shown: list[PlaceSummary] = []
    status = Loader(m, "hospital-status")
    count = text("", m, "body_medium", ident="hospital-count")
    results = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    notice_box = ft.Column()
    line_box = ft.Column()

    async def load_more(e) -> None:
        await load(next_page=True)

    more = button("더 보기", m, ident="hospital-more", kind="outlined", expand=True,
                  on_click=load_more)
    more.visible = False
    place_msg = text("", m, "body_medium", ident="hospital-near")

    async def load(next_page: bool = False) -> None:
        page = (int(q.get("page", 1)) + 1) if next_page else 1
        params = {**q, "page": page, "size": PAGE}

        def show(found: PlaceList) -> None:
            q["page"] = found.page
            if not next_page:
                shown.clear()
            shown.extend(found.items)
            near = tr(" · {near}에서 가까운 순", near=found.near) if found.near else ""
            count.content.value = tr("{total}곳{near}", total=found.total, near=near)
            results.controls = [place_card(app, p) for p in shown] or [text(
                "조건에 맞는 곳이 없습니다. 조건을 줄여 보세요.", m, ident="hospital-empty")]
            more.visible = len(shown) < found.total
            notice = source_notice(found.source.model_dump(mode="json"), m, ident="hospital")
            notice_box.controls = [notice] if notice else []
            line_box.controls = [source_line(found.source.model_dump(mode="json"), m,
                                             ident="hospital")]
        await status.load(app.page, lambda: app.api.call(
            "GET", f"{API}/places", PlaceList, auth=False, params=params), show,
            what="병원·약국을 찾는 중입니다…")

    kind_row = ft.Row(wrap=True, spacing=m.gap, run_spacing=m.gap)
    async def pick_dept(e) -> None:
        await pick("dept", e.control.value)

    dept = filter_dropdown(app, "hospital-dept", "진료과목",
                           [("", "모든 진료과목")] + list(DEPARTMENTS), "", pick_dept)
    switches: dict[str, ft.Control] = {}

    def flip(key: str, sw: ft.Switch):
        async def toggle(e) -> None:
            sw.value = not sw.value
            await pick(key, "true" if sw.value else "")
        return toggle

    def switch(key: str, label: str) -> ft.Control:
        sw = ft.Switch(value=False)

        async def changed(e) -> None:  # the switch itself was tapped
            await pick(key, "true" if sw.value else "")
        sw.on_change = changed
        row = switch_row(m, label, sw, f"hospital-{key.replace('_', '-')}",
                         on_toggle=flip(key, sw))
        switches[key] = row
        return row

    async def pick(key: str, value: str | None) -> None:
        if value:
            q[key] = value
        else:
            q.pop(key, None)
        await load()

    def render_kinds() -> None:
        kind = q["kind"]
        kind_row.controls = [button(label, m, ident=f"hospital-kind-{k}",
                                    kind="filled" if k == kind else "outlined",
                                    on_click=choose_kind(k), name=tr("{label} 찾기", label=label))
                             for k, label in KINDS]
        dept.visible = kind != "pharmacy"
        switches["moonlight"].visible = kind == "hospital"

    def choose_kind(k: str):
        async def handler(e) -> None:
            q["kind"] = k
            if k != "hospital":
                q.pop("moonlight", None)
            if k == "pharmacy":
                q.pop("dept", None)
            render_kinds()
            await load()
        return handler

    filters = [switch("open_now", "지금 문 연 곳만"), switch("night", "밤 8시 이후까지 여는 곳"),
               switch("holiday", "일요일·공휴일에 여는 곳 (휴일지킴이약국)"),
               switch("moonlight", "달빛어린이병원 (밤·휴일 소아 진료)")]
    render_kinds()

    async def pick_dong(e) -> None:
        q.pop("lat", None)
        q.pop("lon", None)
        await pick("dong", e.control.value)

    dong = filter_dropdown(app, "hospital-dong", "읍면동에서 가까운 순",
                           [("", "고르지 않음")] + [(d.code, d.name) for d in dongs.DONGS], "",
                           pick_dong)

    async def near_me(e) -> None:
        place_msg.content.value = "현재 위치를 찾는 중입니다…"
        app.page.update()
        try:
            import flet_geolocator as fg

            geo = app.state.services.get("geolocator") or fg.Geolocator()
            app.state.services["geolocator"] = geo  # services must stay referenced
            allowed = await asyncio.wait_for(geo.request_permission(), 15)
            if allowed in (fg.GeolocatorPermissionStatus.DENIED,
                           fg.GeolocatorPermissionStatus.DENIED_FOREVER):
                raise PermissionError
            pos = await asyncio.wait_for(geo.get_current_position(), 15)
            lat, lon = float(pos.latitude), float(pos.longitude)
            if not (33 <= lat <= 39 and 124 <= lon <= 132):
                raise ValueError
        except Exception:  # noqa: BLE001 - no permission, no fix, web or no plug-in
            place_msg.content.value = ("현재 위치를 쓸 수 없습니다. 아래에서 읍면동을 고르면 그 "
                                       "중심에서 가까운 순으로 보여 드립니다.")
            app.page.update()
            return
        place_msg.content.value = "현재 위치에서 가까운 순으로 보여 드립니다."
        q.pop("dong", None)
        q["lat"], q["lon"] = f"{lat:.5f}", f"{lon:.5f}"
        await load()

    guide = departments.phone_of(GUIDE_DEPARTMENT)
    body: list[ft.Control] = [
        text("광양의 병원·약국을 찾아 바로 전화합니다. 위급하면 119에 전화하세요.", m),
        notice_box, kind_row, dept, *filters,
        button("내 위치에서 가까운 순", m, ident="hospital-near-me", icon=ft.Icons.MY_LOCATION,
               on_click=near_me, expand=True, kind="tonal"),
        place_msg, dong, status, count, results, more, line_box,
    ]
    if guide:
        body.append(call_button(app, guide, ident="hospital-guide-call", kind="outlined",
                                label=tr("병원·약국 안내 (보건소 {GUIDE_DEPARTMENT}) {guide}", GUIDE_DEPARTMENT=GUIDE_DEPARTMENT, guide=guide),
                                name=tr("보건소 {GUIDE_DEPARTMENT} 전화 걸기", GUIDE_DEPARTMENT=GUIDE_DEPARTMENT)))
    app.page.run_task(load)
    return screen(app, f"/f/{FID}", catalog.BY_ID[FID].name_ko, body, ident=f"function-{FID}")


def inner(app, rest: str):
    if m := _PLACE.match(rest.split("?", 1)[0]):
        pid = m.group(1)
        return [lambda: detail.detail_view(app, pid)]
    return None


FEATURES = (Feature(FID, main_view, inner),)
