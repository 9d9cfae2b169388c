"""The search screens of 복지정책 검색 and 소상공인 지원: words as people say them, filters, the
results with why each matched, 더 보기; officers of the owning department add programmes."""
from __future__ import annotations

import flet as ft

from myg_app import catalog
from myg_app.client.features.account import field
from myg_app.client.features.feature import officer_of
from myg_app.client.features.layout import screen, switch_row
from myg_app.client.features.welfare.common import results_list
from myg_app.client.i18n import tr
from myg_app.client.widgets.dropdown import filter_dropdown
from myg_app.client.widgets.common import button, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.welfare import (
    BUSINESS_TYPE_LABELS,
    FIELDS,
    USER_TYPES,
    SearchOut,
)

PAGE = 20
LEVELS = [("", "전체 기관"), ("gwangyang", "광양시"), ("province", "전라남도"),
          ("national", "중앙부처")]
YEARS = [("", "업력 상관없이"), ("0", "예비 창업자"), ("1", "1년 이하"), ("3", "3년 이하"),
         ("5", "5년 이하"), ("7", "7년 이하"), ("10", "10년 이상")]


def search_view(app, fid: str) -> ft.View:
    m = app.m
    biz = fid == "small_biz"
    path = "/small-biz/search" if biz else "/welfare/search"
    p: dict[str, str] = {"q": "", "field": "", "user_type": "", "level": "", "online": "",
                         "always_open": "", "region": "gwangyang", "business_type": "",
                         "years": ""}
    shown: list = []
    query = field(app, "찾을 말", f"{fid}-search",
                  helper=("예: 창업 자금, 가게 임대료, 카드 수수료" if biz
                          else "예: 아기 낳으면 받는 돈, 청년 월세, 혼자 사는 어르신"))
    results = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    count = text("", m, "body_medium", ident=f"{fid}-count", live=True)
    status = Loader(m, f"{fid}-status")
    more = ft.Column()

    def params(offset: int) -> dict[str, str | int]:
        out: dict[str, str | int] = {"q": p["q"], "limit": PAGE, "offset": offset,
                                     "region": p["region"]}
        keys = (("level", "business_type", "years") if biz
                else ("field", "user_type", "level", "online", "always_open"))
        out.update({k: p[k] for k in keys if p[k]})
        return out

    async def load(offset: int = 0) -> None:
        def show(found: SearchOut) -> bool:
            nonlocal shown
            shown = (shown if offset else []) + list(found.items)
            what = f"'{found.query}' " if found.query else ""
            order = "" if found.query else " (많이 찾는 순)"
            count.content.value = tr("{what}{total}건{order}", what=what, total=found.total, order=order)
            results.controls = results_list(app, fid, shown)
            more.controls = [button("더 보기", m, ident=f"{fid}-more", kind="outlined",
                                    icon=ft.Icons.EXPAND_MORE, expand=True,
                                    on_click=load_more)
                             ] if len(shown) < found.total else []
            return bool(shown)

        await status.load(app.page, lambda: app.api.call(
            "GET", path, SearchOut, auth=False, params=params(offset)), show,
            what="찾는 중입니다…",
            empty="찾는 말에 맞는 것이 없습니다. 다른 말로 찾거나 조건을 넓혀 보세요.")

    async def load_more(e=None) -> None:
        # An async handler: a lambda returning load()'s coroutine was never awaited by
        # Flet, and 더 보기 did nothing.
        await load(len(shown))

    async def submit(e=None) -> None:
        p["q"] = (query.value or "").strip()
        await load()

    def pick(key: str):
        async def on_pick(e) -> None:
            p[key] = e.control.value or ""
            await load()
        return on_pick

    def flip(key: str, sw: ft.Switch, on: str, off: str):
        """The row flips the switch; a tap on the switch itself has flipped it already."""
        async def changed(e=None) -> None:
            p[key] = on if sw.value else off
            await load()

        async def toggle(e) -> None:
            sw.value = not sw.value
            await changed()
        sw.on_change = changed
        return toggle

    query.on_submit = submit
    if biz:
        filters: list[ft.Control] = [
            filter_dropdown(app, f"{fid}-type", "업종", [("", "전체 업종")] + list(
                BUSINESS_TYPE_LABELS.items()), "", pick("business_type")),
            filter_dropdown(app, f"{fid}-years", "업력", YEARS, "", pick("years")),
            filter_dropdown(app, f"{fid}-level", "기관", LEVELS, "", pick("level")),
        ]
    else:
        online, always = ft.Switch(value=False), ft.Switch(value=False)
        filters = [
            filter_dropdown(app, f"{fid}-field", "분야", [("", "전체 분야")] + [
                (f, f) for f in FIELDS], "", pick("field")),
            filter_dropdown(app, f"{fid}-user-type", "대상", [("", "전체 대상")] + [
                (u, u) for u in USER_TYPES], "", pick("user_type")),
            filter_dropdown(app, f"{fid}-level", "기관", LEVELS, "", pick("level")),
            switch_row(m, "온라인 신청 가능", online, f"{fid}-online",
                       on_toggle=flip("online", online, "true", "")),
            switch_row(m, "상시 신청", always, f"{fid}-always",
                       on_toggle=flip("always_open", always, "true", "")),
        ]
    others = ft.Switch(value=False)
    filters.append(switch_row(
        m, "다른 지역 포함", others, f"{fid}-region",
        on_toggle=flip("region", others, "all", "gwangyang"),
        detail=text("다른 시·군의 사업도 보여 줍니다 (그 지역 주민만 신청할 수 있어요).", m,
                    "body_small", color=ft.Colors.ON_SURFACE_VARIANT)))
    box = ft.Column(filters, spacing=m.gap, visible=False)

    def toggle_filters(e) -> None:
        box.visible = not box.visible
        app.page.update()

    body: list[ft.Control] = [
        text("광양시민이 받을 수 있는 중앙부처·전라남도·광양시 지원사업을 찾습니다." if biz else
             "쉬운 말로 찾으세요. 광양시민이 받을 수 있는 정부·전라남도·광양시 복지를 찾습니다.", m),
        tagged(query, f"{fid}-search"),
        button("찾기", m, ident=f"{fid}-search-submit", icon=ft.Icons.SEARCH, on_click=submit,
               expand=True),
        button("조건으로 거르기", m, ident=f"{fid}-filters", icon=ft.Icons.TUNE, kind="outlined",
               on_click=toggle_filters, expand=True),
        box,
    ]
    if app.signed_in:
        body.append(button("관심 지원사업" if biz else "관심 복지", m, ident=f"{fid}-bookmarks",
                           icon=ft.Icons.BOOKMARKS, kind="text",
                           on_click=lambda e: app.go(f"/f/{fid}/bookmarks"), expand=True))
    if officer_of(app, fid):
        body.append(button("광양시 사업 등록 (담당자)", m, ident=f"{fid}-program-new",
                           icon=ft.Icons.ADD, kind="outlined",
                           on_click=lambda e: app.go(f"/f/{fid}/programs/new"), expand=True))
    body += [status, count, results, more]
    app.page.run_task(load)
    return screen(app, f"/f/{fid}", catalog.BY_ID[fid].name_ko, body, ident=f"function-{fid}")
