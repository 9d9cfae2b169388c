"""/f/<fid>/desk: the board's articles in every state, for its department's officers (the
server refuses everyone else): newest written first, filtered by state, 새 글 쓰기."""
from __future__ import annotations

import flet as ft

from myg_app import catalog
from myg_app.client.features.layout import screen
from myg_app.client.features.news.common import (
    article_card,
    base,
    board_of,
    chip,
    is_officer,
    run,
    when_time,
)
from myg_app.client.i18n import tr
from myg_app.client.widgets.dropdown import named_dropdown
from myg_app.client.theme import FONT
from myg_app.client.widgets.common import button, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts import news as c

FILTERS = {"": "모든 상태", **c.STATUS_NAMES}
TONES = {"draft": "secondary", "review": "tertiary", "published": "primary",
         "unpublished": "error"}


def state_chips(app, a: c.OfficerItem) -> list[ft.Control]:
    out = [chip(app, a.status_name, tone=TONES[a.status])]
    if a.scheduled:
        out.append(chip(app, "예약", tone="tertiary"))
    return out


def desk_view(app, fid: str) -> ft.View:
    m = app.m
    board = board_of(fid)
    route = f"{base(fid)}/desk"
    flt = app.state.drafts.setdefault(f"{fid}_desk", {"status": ""})
    status = Loader(m, f"{fid}-desk-status")
    items = ft.Column(spacing=m.gap * 1.5, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    more = ft.Column()
    shown: list[c.OfficerItem] = []

    async def load(after: str | None = None) -> None:
        params: dict = {"limit": 20}
        if flt["status"]:
            params["status"] = flt["status"]
        if after:
            params["cursor"] = after

        def show(page: c.OfficerPage) -> bool:
            nonlocal shown
            shown = (shown if after else []) + list(page.items)
            items.controls = [article_card(
                app, fid, a, route=f"{route}/{a.id}", ident=f"{fid}-desk-item-{a.id}",
                tags=state_chips(app, a),
                extra=[text(("보일 때: " + when_time(a.published_at)) if a.scheduled else
                            tr("고친 때: {when_time}", when_time=when_time(a.updated_at)), m, "body_small")])
                for a in shown]
            more.controls = [button("더 보기", m, ident=f"{fid}-desk-more", kind="outlined",
                                    icon=ft.Icons.EXPAND_MORE, expand=True,
                                    on_click=run(load, page.next_cursor))
                             ] if page.next_cursor else []
            return bool(shown)

        await status.load(app.page, lambda: app.api.call(
            "GET", f"/news/officer/{board}/articles", c.OfficerPage, params=params), show,
            empty="이 상태의 글이 없습니다.")

    async def pick(e) -> None:
        flt["status"] = e.control.value or ""
        await load()

    dd = ft.Dropdown(label="상태", value=flt["status"],
                     width=min(max((app.page.width or 400) - 48, 240), 480),
                     text_style=ft.TextStyle(size=m.text("body_large"), font_family=FONT),
                     label_style=ft.TextStyle(size=m.text("body_medium"), font_family=FONT),
                     options=[ft.DropdownOption(key=k, text=v) for k, v in FILTERS.items()])
    dd.on_select = pick
    body: list[ft.Control] = [
        text(tr("{OWNERS} 담당자가 쓰고, 검토 요청한 글을 게시합니다. 게시한 글만 시민에게 보입니다.", OWNERS=catalog.OWNERS[fid]), m)]
    if is_officer(app, fid):
        body += [button("새 글 쓰기", m, ident=f"{fid}-desk-new", icon=ft.Icons.ADD,
                        on_click=lambda e: app.go(f"{route}/new"), expand=True),
                 named_dropdown(dd, f"{fid}-desk-filter", "상태", "모든 상태"), status, items, more]
        app.page.run_task(load)
    else:  # the server refuses anyone else; say so instead of an error
        status.notice(tr("{OWNERS} 담당자만 볼 수 있습니다.", OWNERS=catalog.OWNERS[fid]))
        body.append(status)
    return screen(app, route, tr("{name_ko} 관리", name_ko=catalog.BY_ID[fid].name_ko), body, ident=f"{fid}-desk")
