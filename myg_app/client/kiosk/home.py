"""The kiosk's home: the place, big tiles of the functions its configuration allows, sign-in
from the phone (or the signed-in citizen's name and 로그아웃), and a small 관리자 button that
asks for the exit PIN."""
from __future__ import annotations

import flet as ft

from myg_app import catalog
from myg_app.client.features.home import load_status
from myg_app.client.features.layout import content_width, on_resize, screen
from myg_app.client.i18n import tr
from myg_app.client.kiosk import config as kcfg
from myg_app.client.widgets.common import StatusPanel, button, heading, text
from myg_app.client.widgets.function_tile import tile_grid


def view(app) -> ft.View:
    m = app.m
    cfg = kcfg.load()
    status = load_status(app)
    if app.signed_in:
        account = [text(tr("{name}님, 안녕하세요.", name=app.state.user.name), m, "title_medium", bold=True,
                        ident="home-user"),
                   text("다 쓰셨으면 꼭 로그아웃해 주세요. 잠시 쓰지 않아도 자동으로 로그아웃됩니다.",
                        m, "body_medium", ident="kiosk-logout-note"),
                   button("로그아웃", m, ident="kiosk-logout", icon=ft.Icons.LOGOUT, expand=True,
                          on_click=lambda e: app.page.run_task(app.kiosk_session.reset))]
    else:
        account = [text("예약 확인처럼 내 정보가 필요하면 휴대폰으로 로그인하세요. 비밀번호는 "
                        "입력하지 않습니다.", m, "body_medium", ident="home-guest"),
                   button("휴대폰으로 로그인", m, ident="home-login", icon=ft.Icons.QR_CODE_2,
                          expand=True, on_click=lambda e: app.go("/kiosk/login"))]
    fns = [catalog.BY_ID[f] for f in cfg.functions]
    grid = ft.Container()

    def layout() -> None:
        grid.content = tile_grid(fns, m, content_width(app), on_click=app.open_function,
                                 ident_prefix="home-tile", status=app.state.status)

    layout()
    body = [status, *account, heading("무엇을 도와드릴까요?", m, ident="home-menu-heading"), grid,
            text(tr("문의: {CITY_HELP_DESK} {CITY_HELP_PHONE}", CITY_HELP_DESK=catalog.CITY_HELP_DESK, CITY_HELP_PHONE=catalog.CITY_HELP_PHONE), m, "body_medium",
                 ident="home-help"),
            button("관리자", m, ident="kiosk-admin", kind="text", icon=ft.Icons.LOCK,
                   on_click=lambda e: app.go("/kiosk/exit"))]
    v = screen(app, "/", tr("MY광양 · {place}", place=cfg.place), body, ident="home")
    on_resize(v, layout)
    return v


def not_here_view(app, route: str) -> ft.View:
    """A screen the kiosk does not offer (a file, a download, personal settings...)."""
    m = app.m
    return screen(app, route, "키오스크에서는 이용할 수 없습니다", [
        text("이 기능은 개인 휴대폰의 MY광양 앱에서 이용해 주세요.", m, ident="kiosk-not-here"),
        button("처음 화면으로", m, ident="kiosk-not-here-home", icon=ft.Icons.HOME, expand=True,
               on_click=lambda e: app.go("/"))], ident="kiosk-not-here-view")


def exit_view(app) -> ft.View:
    """Leaving kiosk mode: the admin PIN on a number pad (no keyboard at a kiosk)."""
    m = app.m
    cfg = kcfg.load()
    typed: list[str] = []
    shown = text("", m, "headline_small", bold=True, keep=False, ident="kiosk-pin-shown")
    status = StatusPanel(m, "kiosk-pin-status")

    def redraw() -> None:
        shown.content.value = "●" * len(typed) or "PIN을 누르세요"
        app.page.update()

    def press(d: str):
        def go(e) -> None:
            if len(typed) < 12:
                typed.append(d)
            redraw()
        return go

    def back(e) -> None:
        if typed:
            typed.pop()
        redraw()

    async def enter(e) -> None:
        ok = cfg.pin_ok("".join(typed))
        typed.clear()
        if ok:
            await app.kiosk_session.leave()
            return
        status.error("PIN이 맞지 않습니다.")
        redraw()

    keys = [[("1", press("1")), ("2", press("2")), ("3", press("3"))],
            [("4", press("4")), ("5", press("5")), ("6", press("6"))],
            [("7", press("7")), ("8", press("8")), ("9", press("9"))],
            [("지우기", back), ("0", press("0")), ("확인", enter)]]
    ids = {"지우기": "back", "확인": "ok"}
    pad = ft.Column([ft.Row([ft.Container(button(k, m, ident=f"kiosk-pin-{ids.get(k, k)}",
                                                 on_click=h, kind="tonal", expand=True),
                                          expand=True) for k, h in row], spacing=m.gap)
                     for row in keys], spacing=m.gap)
    redraw_text = "●" * 0 or "PIN을 누르세요"
    shown.content.value = redraw_text
    return screen(app, "/kiosk/exit", "키오스크 관리", [
        text("키오스크 모드를 끝내려면 관리자 PIN을 누르세요.", m), shown, status, pad],
        ident="kiosk-exit")
