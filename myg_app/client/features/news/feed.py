"""The feeds: /f/city_news (시정 소식) and /f/town_news (읍면동 소식, the 읍면동 the person
chose). Pinned articles first, then newest; 더 보기 follows the server's cursor.

Which 읍면동: what was chosen on this device (SharedPreferences), else the signed-in person's
home 읍면동 from their profile, else every 읍면동."""
from __future__ import annotations

import json
import logging

import flet as ft

from myg_app import catalog
from myg_app.client.features.alerts.common import load_follow
from myg_app.client.features.layout import screen
from myg_app.client.features.news.common import (
    article_card,
    base,
    board_of,
    is_officer,
    run,
)
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, tagged, text, toggle_target
from myg_app.client.widgets.loader import Loader
from myg_app.contracts import news as c
from myg_app.gwangyang import dongs

log = logging.getLogger(__name__)
PAGE = 20
PREF_DONGS = "myg.town_news.dongs"


async def saved_dongs(app) -> list[str] | None:
    """The 읍면동 chosen on this device; None if never chosen (an empty list: all of them)."""
    try:
        raw = await app.prefs.service.get(PREF_DONGS)
        value = json.loads(raw) if raw else None
    except Exception:  # noqa: BLE001 - a broken store: as if nothing was chosen
        return None
    if not isinstance(value, list):
        return None
    return [v for v in value if v in dongs.BY_CODE]


async def followed_dongs(app) -> list[str]:
    """The towns this person follows (재난 알림 settings: a citizen's on the server, home
    first by default; a guest's on the device): town news starts with them."""
    return list((await load_follow(app)).dongs)


def feed_view(app, fid: str) -> ft.View:
    m = app.m
    board = board_of(fid)
    town = board == "town"
    status = Loader(m, f"{fid}-status")
    items = ft.Column(spacing=m.gap * 1.5, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    more = ft.Column()
    chosen: list[str] = []
    shown: list[c.ArticleItem] = []
    summary = text("", m, "body_large", bold=True, ident=f"{fid}-chosen")
    checks = {d.code: ft.Checkbox(label=d.name, value=False, data=d.code) for d in dongs.DONGS}

    def describe() -> None:
        names = [dongs.BY_CODE[x].name for x in chosen]
        summary.content.value = (tr("보는 읍면동: {join}", join=', '.join(names)) if names
                                 else "모든 읍면동의 소식을 봅니다.")
        for code, cb in checks.items():
            cb.value = code in chosen

    async def load(after: str | None = None) -> None:
        params: dict = {"limit": PAGE}
        if after:
            params["cursor"] = after
        if chosen:
            params["dong"] = list(chosen)

        def show(page: c.ArticlePage) -> bool:
            nonlocal shown
            shown = (shown if after else []) + list(page.items)
            items.controls = [article_card(app, fid, a) for a in shown]
            more.controls = [button("더 보기", m, ident=f"{fid}-more", kind="outlined",
                                    icon=ft.Icons.EXPAND_MORE, expand=True,
                                    on_click=run(load, page.next_cursor))
                             ] if page.next_cursor else []
            return bool(shown)

        empty = ("고른 읍면동에 아직 소식이 없습니다. 다른 읍면동도 골라 보세요." if town and chosen
                 else "아직 올라온 소식이 없습니다.")
        await status.load(app.page, lambda: app.api.call(
            "GET", f"/news/{board}/articles", c.ArticlePage, auth=False, params=params), show,
            empty=empty)

    async def start() -> None:
        if town:
            saved = await saved_dongs(app)
            chosen[:] = saved if saved is not None else await followed_dongs(app)
            describe()
        await load()

    async def picked(e) -> None:
        code = e.control.data
        if e.control.value and code not in chosen:
            chosen.append(code)
        elif not e.control.value and code in chosen:
            chosen.remove(code)
        await remember()

    async def all_dongs(e) -> None:
        chosen.clear()
        await remember()

    async def remember() -> None:
        describe()
        try:
            await app.prefs.service.set(PREF_DONGS, json.dumps(chosen))
        except Exception:
            log.warning("remembering the chosen 읍면동 failed", exc_info=True)
        await load()

    def dong_box(code: str, cb: ft.Checkbox) -> ft.Control:
        box = toggle_target(tagged(cb, f"{fid}-dong-{code}"), m, cb)
        box.width = 156 if m.large else 112  # two or three to a row on a phone, not one
        return box

    body: list[ft.Control] = [text(catalog.BY_ID[fid].summary_ko, m)]
    if town:
        for cb in checks.values():
            cb.on_change = picked
        picker = ft.Column([
            text("소식을 볼 읍면동을 고르세요. 여러 곳을 고를 수 있습니다.", m, "body_medium"),
            ft.Row([dong_box(code, cb) for code, cb in checks.items()], wrap=True, spacing=4,
                   run_spacing=0),
            button("모든 읍면동 보기", m, ident=f"{fid}-dong-all", kind="outlined",
                   icon=ft.Icons.SELECT_ALL, on_click=all_dongs, expand=True),
        ], spacing=m.gap, visible=False)

        def toggle_picker(e) -> None:
            picker.visible = not picker.visible

        describe()
        body += [summary,
                 button("읍면동 고르기", m, ident=f"{fid}-pick", icon=ft.Icons.LOCATION_CITY,
                        kind="outlined", on_click=toggle_picker, expand=True),
                 picker]
    if is_officer(app, fid):
        body.append(button("소식 관리 (담당자)", m, ident=f"{fid}-desk", icon=ft.Icons.EDIT_NOTE,
                           kind="tonal", on_click=lambda e: app.go(f"{base(fid)}/desk"),
                           expand=True))
    body += [status, items, more]
    app.page.run_task(start)
    return screen(app, base(fid), catalog.BY_ID[fid].name_ko, body, ident=f"function-{fid}")
