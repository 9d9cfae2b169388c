"""전체 메뉴: all 27 functions grouped by category, with a search over Korean and English names."""

from __future__ import annotations

import flet as ft

from myg_app import catalog
from myg_app.client.features.layout import on_resize, screen
from myg_app.client.widgets.common import heading, tagged, text
from myg_app.client.widgets.function_tile import tile_grid


def matches(fn: catalog.Function, query: str) -> bool:
    q = "".join(query.split()).lower()
    if not q:
        return True
    names = (fn.name_ko, fn.name_en, fn.id)
    return any(q in "".join(n.split()).lower() for n in names)


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
                tile_grid(fns, m, app.page.width, on_click=app.open_function,
                          ident_prefix="menu-tile", status=app.state.status),
            ], spacing=m.gap))
        if not sections:
            sections.append(text(f"'{query}'에 맞는 기능이 없습니다. 다른 말로 찾아보세요.", m,
                                 ident="menu-no-results"))
        results.controls = sections

    def on_search(e) -> None:
        app.state.menu_query = e.control.value or ""
        fill(app.state.menu_query)

    query = app.state.menu_query
    search = tagged(ft.TextField(
        label="기능 검색", hint_text="예: 예약, 신고, bus", value=query, on_change=on_search,
        prefix_icon=ft.Icons.SEARCH, autofocus=False,
        text_style=ft.TextStyle(size=m.text("body_large"), font_family="NanumGothic"),
        label_style=ft.TextStyle(size=m.text("body_medium"), font_family="NanumGothic"),
    ), "menu-search")
    fill(query)
    view = screen(app, "/menu", "전체 메뉴", [search, results], ident="menu")
    on_resize(view, lambda: fill(app.state.menu_query))
    return view
