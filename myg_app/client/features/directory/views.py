"""부서 전화 연결: search the city's departments by task word; one tap calls (tel: link)."""

from __future__ import annotations

import flet as ft

from myg_app import catalog
from myg_app.client.features.account import field
from myg_app.client.features.feature import Feature
from myg_app.client.features.layout import screen
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.directory import DirectoryEntry, DirectoryList

FID = "dept_call"
EXAMPLES = ("여권", "쓰레기", "주차", "복지", "수도")


def tel_url(phone: str) -> str:
    return "tel:" + "".join(ch for ch in phone if ch.isdigit())


def entry_card(app, e: DirectoryEntry) -> ft.Control:
    m = app.m
    tasks = ", ".join(e.tasks[:6])
    matched = tr("찾은 업무: {join}", join=', '.join(e.matched)) if e.matched else None

    async def call(ev) -> None:
        await app.url_launcher.launch_url(tel_url(e.phone))

    lines: list[ft.Control] = [
        text(e.department, m, "title_small", bold=True),
        text(f"{e.division} · {e.phone}", m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT),
        text(tr("담당 업무: {tasks}", tasks=tasks), m, "body_medium"),
    ]
    if matched:
        lines.append(text(matched, m, "body_medium", bold=True, color=ft.Colors.PRIMARY))
    lines.append(button(tr("{department} 전화 걸기", department=e.department), m, ident=f"dir-call-{e.id}",
                        icon=ft.Icons.PHONE, on_click=call, expand=True))
    return tagged(ft.Container(ft.Column(lines, spacing=6), padding=12, border_radius=12,
                               bgcolor=ft.Colors.SURFACE_CONTAINER),
                  f"dir-entry-{e.id}")


def main_view(app) -> ft.View:
    m = app.m
    query = field(app, "업무 이름으로 찾기", "dir-search", hint="예: 여권, 쓰레기, 주차")
    # Words the menu search found no function for arrive here searched already.
    query.value, app.directory_query = getattr(app, "directory_query", "") or "", ""
    results = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    count = text("", m, "body_medium", ident="dir-count")
    status = Loader(m, "dir-status")

    async def search(e=None) -> None:
        def show_loaded(found) -> None:
            count.content.value = (tr("'{query}' 담당 부서 {count}곳", query=found.query, count=len(found.items)) if found.query
                                   else tr("전체 부서 {count}곳", count=len(found.items)))
            results.controls = [entry_card(app, e) for e in found.items] or [
                text("찾는 업무의 부서가 없습니다. 다른 낱말로 찾아보거나 아래 대표 번호로 문의해 주세요.", m,
                     ident="dir-empty")]
        await status.load(app.page, lambda: app.api.call(
            "GET", "/directory", DirectoryList, auth=False,
            params={"q": (query.value or "").strip()}), show_loaded, what="부서를 찾는 중입니다…")

    async def example(e) -> None:
        query.value = e.control.data
        await search()

    query.on_submit = search
    chips = ft.Row([tagged(ft.OutlinedButton(content=w, data=w, on_click=example,
                                             height=m.target), f"dir-example-{w}")
                    for w in EXAMPLES], wrap=True, spacing=m.gap, run_spacing=m.gap)
    body = [
        text("업무 이름으로 담당 부서를 찾아 바로 전화를 겁니다.", m),
        tagged(query, "dir-search"),
        button("찾기", m, ident="dir-search-submit", icon=ft.Icons.SEARCH, on_click=search,
               expand=True),
        chips,
        status,
        count,
        results,
        text(tr("잘 모르겠으면 {CITY_HELP_DESK} {CITY_HELP_PHONE}", CITY_HELP_DESK=catalog.CITY_HELP_DESK, CITY_HELP_PHONE=catalog.CITY_HELP_PHONE), m, "body_medium"),
    ]
    app.page.run_task(search)
    return screen(app, f"/f/{FID}", catalog.BY_ID[FID].name_ko, body, ident=f"function-{FID}")


FEATURES = (Feature(FID, main_view),)
