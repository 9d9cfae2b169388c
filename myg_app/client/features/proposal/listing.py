"""/f/proposal: every proposal, newest first, filtered by state, 분야 and 읍면동, a page at a
time; 제안하기 and, for officers, 담당자 화면."""
from __future__ import annotations

import flet as ft

from myg_app.client.features.layout import screen
from myg_app.client.features.proposal.common import BASE, card, dropdown, is_officer, run
from myg_app.client.widgets.common import button, text
from myg_app.client.widgets.dropdown import named_dropdown
from myg_app.client.widgets.loader import Loader
from myg_app.contracts import proposal as c
from myg_app.gwangyang.dongs import DONGS

PAGE = 20


def main_view(app) -> ft.View:
    m = app.m
    flt = app.state.drafts.setdefault("proposal_filter", {"state": "", "category": "", "dong": ""})
    status = Loader(m, "proposal-list-status")
    items = ft.Column(spacing=m.gap * 1.5, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    more = ft.Column()
    shown: list[c.ProposalItem] = []

    async def load(offset: int = 0) -> None:
        params: dict = {"limit": PAGE, "offset": offset}
        params |= {k: v for k, v in flt.items() if v}

        def show(page: c.ProposalPage) -> bool:
            nonlocal shown
            shown = (shown if offset else []) + list(page.items)
            items.controls = [card(app, p, route=f"{BASE}/p/{p.id}", ident=f"proposal-item-{p.id}")
                              for p in shown]
            nxt = offset + len(page.items)
            more.controls = [button("더 보기", m, ident="proposal-more", kind="outlined",
                                    icon=ft.Icons.EXPAND_MORE, expand=True,
                                    on_click=run(load, nxt))] if nxt < page.total else []
            return bool(shown)

        await status.load(app.page, lambda: app.api.call("GET", "/proposals", c.ProposalPage,
                                                         auth=False, params=params),
                          show, empty="조건에 맞는 제안이 없습니다.")

    def picker(key: str, ident: str, name: str, options: list[tuple[str, str]]):
        async def pick(e) -> None:
            flt[key] = e.control.value or ""
            await load()
        return named_dropdown(dropdown(app, name, options, flt[key], pick), ident, name,
                              options[0][1])

    body: list[ft.Control] = [
        text("시정에 바라는 점을 제안하고, 좋은 제안에 공감해 주세요. 정해진 기간 안에 공감이 "
             "기준만큼 모이면 담당 부서가 검토하고 답변합니다.", m),
        button("제안하기", m, ident="proposal-new", icon=ft.Icons.LIGHTBULB, expand=True,
               on_click=lambda e: app.go(f"{BASE}/new")),
    ]
    if is_officer(app):
        body.append(button("담당자 화면", m, ident="proposal-desk-open", kind="outlined",
                           icon=ft.Icons.ASSIGNMENT, expand=True,
                           on_click=lambda e: app.go(f"{BASE}/desk")))
    body += [
        picker("state", "proposal-filter-state", "상태",
               [("", "모든 상태"), *c.STATE_NAMES.items()]),
        picker("category", "proposal-filter-category", "분야",
               [("", "모든 분야"), *c.CATEGORY_NAMES.items()]),
        picker("dong", "proposal-filter-dong", "읍면동",
               [("", "모든 읍면동"), *[(d.code, d.name) for d in DONGS]]),
        status, items, more]
    app.page.run_task(load)
    return screen(app, BASE, "정책 제안", body, ident="function-proposal")
