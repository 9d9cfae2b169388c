"""나의메뉴 편집: pin, unpin and reorder with plain buttons (no drag needed), "n/14" always shown."""

from __future__ import annotations

import flet as ft

from myg_app import catalog
from myg_app.client.api import ApiError
from myg_app.client.features.layout import focusable, screen
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import (
    StatusPanel,
    heading,
    icon_button,
    tagged,
    tappable,
    text,
)
from myg_app.client.widgets.function_tile import icon_of

FULL_MESSAGE = "나의메뉴에는 최대 {count}개까지 담을 수 있습니다. 다른 기능을 빼고 다시 추가해 주세요."


def view(app) -> ft.View:
    m = app.m
    status = StatusPanel(m, "edit-status")
    count = ft.Text("", theme_style=ft.TextThemeStyle.TITLE_MEDIUM)
    pinned_col = ft.Column(spacing=m.gap)
    others_col = ft.Column(spacing=m.gap * 2)

    async def save(items: list[str], done: str) -> None:
        before = list(app.state.menu)
        app.state.menu = list(items)  # optimistic: the screen follows the tap at once
        refresh()
        status.loading("저장하는 중입니다…")
        app.page.update()
        try:
            await app.save_menu(items)
            status.notice(done)
        except ApiError as e:
            app.state.menu = before

            async def retry(e2=None):
                await save(items, done)

            status.error(e.message, on_retry=retry)
        refresh()
        # Flet skips its automatic update once a handler called page.update() itself.
        app.page.update()

    def move(fid: str, delta: int):
        async def handler(e):
            items = list(app.state.menu)
            i = items.index(fid)
            j = i + delta
            if not 0 <= j < len(items):
                return
            items[i], items[j] = items[j], items[i]
            where = "위로" if delta < 0 else "아래로"
            await save(items, tr("'{name_ko}'을(를) {where} 옮겼습니다 ({value}번째).", name_ko=catalog.BY_ID[fid].name_ko, where=where, value=j + 1))
        return handler

    def unpin(fid: str):
        async def handler(e):
            items = [i for i in app.state.menu if i != fid]
            await save(items, tr("'{name_ko}'을(를) 나의메뉴에서 뺐습니다.", name_ko=catalog.BY_ID[fid].name_ko))
        return handler

    def pin(fid: str):
        async def handler(e):
            if fid in app.state.menu:
                return
            if len(app.state.menu) >= catalog.MAX_PINS:
                status.error(tr(FULL_MESSAGE, count=catalog.MAX_PINS))
                return
            items = app.state.menu + [fid]
            await save(items, tr("'{name_ko}'을(를) 나의메뉴에 추가했습니다.", name_ko=catalog.BY_ID[fid].name_ko))
        return handler

    def pinned_row(pos: int, fid: str, total: int) -> ft.Control:
        fn = catalog.BY_ID[fid]
        name = fn.name_ko
        label = ft.Row([
            ft.Icon(icon_of(fn), size=m.icon * 0.8),
            ft.Text(f"{pos + 1}. {name}", expand=True, theme_style=ft.TextThemeStyle.BODY_LARGE),
        ], expand=True)
        buttons = ft.Row([
            focusable(icon_button(ft.Icons.ARROW_UPWARD, tr("{name} 위로", name=name), m,
                                  ident=f"edit-up-{fid}",
                                  on_click=move(fid, -1) if pos > 0 else None)),
            focusable(icon_button(ft.Icons.ARROW_DOWNWARD, tr("{name} 아래로", name=name), m,
                                  ident=f"edit-down-{fid}",
                                  on_click=move(fid, 1) if pos < total - 1 else None)),
            focusable(icon_button(ft.Icons.REMOVE_CIRCLE_OUTLINE, tr("{name} 빼기", name=name), m,
                                  ident=f"edit-remove-{fid}", on_click=unpin(fid))),
        ], spacing=0, tight=True, alignment=ft.MainAxisAlignment.END)
        # Large text: the name gets the full width and the buttons a line of their own.
        content = (ft.Column([label, buttons], spacing=0, horizontal_alignment=ft.CrossAxisAlignment.END)
                   if m.large else ft.Row([label, buttons],
                                          vertical_alignment=ft.CrossAxisAlignment.CENTER))
        return tagged(ft.Container(content, bgcolor=ft.Colors.SURFACE_CONTAINER, border_radius=10,
                                   padding=ft.Padding.symmetric(horizontal=8, vertical=4)),
                      f"edit-pinned-{fid}")

    def other_row(fn: catalog.Function) -> ft.Control:
        return ft.Row([
            ft.Icon(icon_of(fn), size=m.icon * 0.8),
            ft.Text(fn.name_ko, expand=True, theme_style=ft.TextThemeStyle.BODY_LARGE),
            # Spoken "<기능 이름> 추가": nineteen buttons all called "추가" are indistinguishable.
            focusable(tappable(
                ft.OutlinedButton(content="추가", icon=ft.Icons.ADD, on_click=pin(fn.id),
                                  height=m.target, tooltip=tr("{name_ko} 추가", name_ko=fn.name_ko)),
                ident=f"edit-add-{fn.id}", label=tr("{name_ko} 추가", name_ko=fn.name_ko), on_click=pin(fn.id))),
        ], wrap=False, vertical_alignment=ft.CrossAxisAlignment.CENTER)

    def refresh() -> None:
        items = app.state.menu
        count.value = f"{len(items)}/{catalog.MAX_PINS}"
        pinned_col.controls = (
            [pinned_row(i, fid, len(items)) for i, fid in enumerate(items)]
            or [text("아직 고정한 기능이 없습니다. 아래에서 추가해 주세요.", m, ident="edit-empty")])
        groups = []
        for cat in catalog.CATEGORIES:
            fns = [f for f in catalog.FUNCTIONS if f.category == cat.id and f.id not in items]
            if fns:
                groups.append(ft.Column([text(cat.name_ko, m, "title_small", bold=True),
                                         *[other_row(f) for f in fns]], spacing=m.gap))
        others_col.controls = groups

    refresh()
    where = ("계정에 저장되어 다른 기기에서도 같습니다." if app.signed_in
             else "이 기기에 저장됩니다. 로그인하면 계정으로 옮겨집니다.")
    body = [
        ft.Row([heading("고정한 기능", m), tagged(count, "edit-count")],
               alignment=ft.MainAxisAlignment.SPACE_BETWEEN),
        text(tr("최대 {MAX_PINS}개까지 고정할 수 있습니다. {where}", MAX_PINS=catalog.MAX_PINS, where=where), m, "body_medium"),
        status,
        pinned_col,
        heading("추가할 수 있는 기능", m),
        others_col,
    ]
    return screen(app, "/menu/edit", "나의메뉴 편집", body, ident="edit")
