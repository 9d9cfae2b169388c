"""Home: the login state and 나의메뉴, each pinned function one tap away."""

from __future__ import annotations

import flet as ft

from myg_app import catalog
from myg_app.client.features.bus import home as bus_home
from myg_app.client.features.survey import home as survey_home
from myg_app.client.features.layout import content_width, focusable, on_resize, screen
from myg_app.client.i18n import tr
from myg_app.client.theme import FONT
from myg_app.client.widgets.common import (
    StatusPanel,
    button,
    heading,
    icon_button,
    text,
)
from myg_app.client.widgets.function_tile import tile_grid


def bell(app) -> ft.Control:
    """알림 with the unread count in its spoken name ("알림, 새 알림 2개")."""
    n = app.state.unread
    label = tr("알림, 새 알림 {n}개", n=n) if n else "알림"
    b = icon_button(ft.Icons.NOTIFICATIONS_ACTIVE if n else ft.Icons.NOTIFICATIONS_NONE, label,
                    app.m, ident="appbar-notices", on_click=lambda e: app.go("/notices"))
    if n:
        b.content.badge = ft.Badge(label=str(n) if n < 100 else "99+",
                                   text_style=ft.TextStyle(font_family=FONT,
                                                           size=12 * app.m.scale))
    return b


def load_status(app) -> StatusPanel:
    """Home's start-up state: loading, or the failure with 다시 시도 (also the kiosk's home)."""
    status = StatusPanel(app.m, "home-status")
    if app.loading:
        status.loading()
    elif app.load_error:
        status.error(app.load_error, on_retry=app.retry_load)
    return status


def view(app) -> ft.View:
    m = app.m
    st = app.state
    status = load_status(app)

    if app.signed_in:
        who = text(tr("{name}님, 안녕하세요.", name=st.user.name), m, "title_medium", ident="home-user", bold=True)
        account = [who]
    else:
        account = [
            text("로그인하면 나의메뉴가 어느 기기에서나 같게 유지됩니다.", m, "body_large",
                 ident="home-guest"),
            button("로그인", m, ident="home-login", icon=ft.Icons.LOGIN,
                   on_click=lambda e: app.go("/login")),
        ]

    pinned = app.pinned()
    count = f"{len(pinned)}/{catalog.MAX_PINS}"
    menu_head = ft.Row(
        [heading(tr("나의메뉴 ({count})", count=count), m, ident="home-menu-heading"),
         button("편집", m, ident="home-edit", icon=ft.Icons.EDIT, kind="text",
                on_click=lambda e: app.go("/menu/edit"))],
        alignment=ft.MainAxisAlignment.SPACE_BETWEEN, wrap=True,
    )
    grid = ft.Container()

    def layout() -> None:  # again on a resize that changes the number of columns
        grid.content = tile_grid(pinned, m, content_width(app), on_click=app.open_function,
                                 ident_prefix="home-tile", status=st.status)

    if pinned:
        layout()
    else:
        grid.content = text("고정한 기능이 없습니다. '편집'에서 자주 쓰는 기능을 추가해 보세요.", m,
                            ident="home-menu-empty")

    body = [
        status,
        *account,
        menu_head,
        grid,
        *bus_home.section(app),
        *survey_home.section(app),
        button("전체 메뉴 보기", m, ident="home-all", icon=ft.Icons.APPS, kind="tonal",
               on_click=lambda e: app.go("/menu"), expand=True),
        text(tr("문의: {CITY_HELP_DESK} {CITY_HELP_PHONE}", CITY_HELP_DESK=catalog.CITY_HELP_DESK, CITY_HELP_PHONE=catalog.CITY_HELP_PHONE), m, "body_medium",
             ident="home-help"),
    ]
    actions = [
        icon_button(ft.Icons.APPS, "전체 메뉴", m, ident="appbar-all",
                    on_click=lambda e: app.go("/menu")),
        icon_button(ft.Icons.SETTINGS, "설정", m, ident="appbar-settings",
                    on_click=lambda e: app.go("/settings")),
    ]
    if m.large and app.signed_in:
        # Four 56 px buttons leave "MY광양" no room on a phone; 전체 메뉴 stays in the body.
        actions = actions[1:]
    # The account has its own place: 내 정보, 로그아웃 and 회원 탈퇴 (or 로그인) behind one button.
    actions.insert(0, icon_button(
        ft.Icons.ACCOUNT_CIRCLE, tr("내 계정, {name}님", name=st.user.name) if app.signed_in else "내 계정, 로그인",
        m, ident="appbar-account", on_click=lambda e: app.go("/account")))
    if app.signed_in:
        actions.insert(0, bell(app))
    actions = [focusable(a) for a in actions]
    view = screen(app, "/", "MY광양", body, actions=actions, ident="home")
    if pinned:
        on_resize(view, layout)
    return view
