"""전체 메뉴: all 27 functions grouped by category, with a search over names, summaries and task
words (catalog.matches); a search nothing matches points to 부서 전화 연결 with the same words."""

from __future__ import annotations

import flet as ft

from myg_app import catalog
from myg_app.client.features.layout import content_width, on_resize, screen
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, tagged, text
from myg_app.client.widgets.function_tile import tile_grid

matches = catalog.matches  # the one search rule (kept here for older imports)


def view(app) -> ft.View:
    m = app.m
    results = ft.Column(spacing=m.gap * 2)

    def fill(query: str) -> None:
        sections: list[ft.Control] = []
        for cat in catalog.CATEGORIES:
            fns = [f for f in catalog.FUNCTIONS if f.category == cat.id and matches(f, query)]
            if not fns:
                continue
            sections.append(ft.Column([
                heading(cat.name_ko, m, ident=f"menu-cat-{cat.id}"),
                tile_grid(fns, m, content_width(app), on_click=app.open_function,
                          ident_prefix="menu-tile", status=app.state.status),
            ], spacing=m.gap))
        if not sections:
            words = query.strip()
            sections += [
                text(tr("'{words}'에 맞는 기능이 없습니다. 담당 부서에 전화로 물어보실 수 있습니다.", words=words), m,
                     ident="menu-no-results"),
                button(tr("'{words}' 담당 부서 찾기", words=words), m, ident="menu-dept-call",
                       icon=ft.Icons.PHONE_IN_TALK, expand=True,
                       on_click=lambda e: open_directory(words)),
            ]
        results.controls = sections

    def open_directory(words: str) -> None:
        app.directory_query = words  # 부서 전화 연결 opens with these words searched
        app.go(catalog.BY_ID["dept_call"].route)

    def on_search(e) -> None:
        app.state.menu_query = e.control.value or ""
        fill(app.state.menu_query)

    query = app.state.menu_query
    search = tagged(ft.TextField(
        label="기능 검색", hint_text="예: 예약, 쓰레기, 여권", value=query, on_change=on_search,
        prefix_icon=ft.Icons.SEARCH, autofocus=False,
        text_style=ft.TextStyle(size=m.text("body_large"), font_family="NanumGothic"),
        label_style=ft.TextStyle(size=m.text("body_medium"), font_family="NanumGothic"),
    ), "menu-search")
    fill(query)
    view = screen(app, "/menu", "전체 메뉴", [search, results], ident="menu")
    on_resize(view, lambda: fill(app.state.menu_query))
    return view
