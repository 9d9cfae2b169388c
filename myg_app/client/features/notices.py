"""알림: what the city told this citizen (a booking decided, a report answered...).

Opening a notice marks it read and goes to the screen it is about.
"""

from __future__ import annotations

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.layout import screen
from myg_app.client.widgets.common import button, tappable, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.notices import NoticeOut
from myg_app.seoul_time import format_datetime_ko


def view(app) -> ft.View:
    m = app.m
    status = Loader(m, "notices-status")
    items = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    body: list[ft.Control] = [status, items]

    if not app.signed_in:
        status.notice("로그인하면 예약·신고 처리 결과 같은 알림을 받을 수 있습니다.")
        body.append(button("로그인", m, ident="notices-login", icon=ft.Icons.LOGIN,
                           on_click=lambda e: app.go("/login")))
        return screen(app, "/notices", "알림", body, ident="notices")

    async def load(e=None) -> None:
        def show_loaded(data) -> None:
            app.state.unread = data.unread
            status.clear()
            if not data.items:
                status.notice("받은 알림이 없습니다.")
            items.controls = [card(n) for n in data.items]

        await status.load(app.page, lambda: app.api.notices(), show_loaded)

    async def open_notice(e) -> None:
        n: NoticeOut = e.control.data
        try:
            if not n.read:
                await app.api.read_notice(n.id)
                app.state.unread = max(0, app.state.unread - 1)
        except ApiError as err:
            status.error(err.message, on_retry=load)
            app.page.update()
            return
        if n.link:
            app.go(n.link)
        else:
            await load()

    async def read_all(e) -> None:
        try:
            await app.api.read_all_notices()
        except ApiError as err:
            status.error(err.message, on_retry=load)
            app.page.update()
            return
        await load()

    def card(n: NoticeOut) -> ft.Control:
        when = format_datetime_ko(n.created_at)
        head = ([text("새 알림", m, "label_large", bold=True, color=ft.Colors.PRIMARY)]
                if not n.read else [])
        content = ft.Container(
            ft.Column([*head,
                       text(n.title, m, "title_small", bold=True),
                       text(n.body, m, "body_large"),
                       text(when, m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT)],
                      spacing=4),
            padding=m.gap * 1.5, border_radius=12,
            bgcolor=ft.Colors.SECONDARY_CONTAINER if not n.read else ft.Colors.SURFACE_CONTAINER,
        )
        label = f"{'새 알림, ' if not n.read else ''}{n.title}. {n.body}. {when}"
        return tappable(content, ident=f"notice-{n.id}", label=label, on_click=open_notice,
                        data=n)

    app.page.run_task(load)
    actions = [button("모두 읽음", m, ident="notices-read-all", kind="text", on_click=read_all)]
    return screen(app, "/notices", "알림", body, actions=actions, ident="notices")
