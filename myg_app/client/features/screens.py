"""The screen behind each function route: the real one once built, else an honest 준비 중 page."""

from __future__ import annotations

import flet as ft

from myg_app import catalog
from myg_app.client.features.feature import Feature, InnerView, ViewBuilder
from myg_app.client.features.layout import screen
from myg_app.client.features.registry import FEATURES
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, tagged, text
from myg_app.client.widgets.function_tile import icon_of

# Function id -> its feature (main view, inner routes, guest-visible routes).
SCREENS: dict[str, Feature] = {f.fid: f for f in FEATURES}


def keyed(route: str, inner: list[InnerView]) -> list[tuple[str, ViewBuilder]]:
    """Inner views with their cache keys: the top one is `route`; one below it is its own
    route when the feature gave it, else a key private to `route` (built again each time)."""
    out: list[tuple[str, ViewBuilder]] = []
    for i, v in enumerate(inner):
        top = i == len(inner) - 1
        key, build = v if isinstance(v, tuple) else (f"{route}#{i}", v)
        out.append((route if top else key, build))
    return out


def guest_may_open(app, fid: str, route: str) -> bool:
    """Whether a guest may see `route` of the login-required function `fid` (see PUBLIC)."""
    fn = catalog.BY_ID[fid]
    path = route.split("?", 1)[0]
    if path == fn.route or not _available(app, fid):
        return True  # its main screen (with a login button), or the honest 준비 중 page
    rest = path[len(fn.route):]
    public = SCREENS[fid].public
    return public is not None and public(rest)


def _available(app, fid: str) -> bool:
    return fid in SCREENS and app.state.status.get(fid) == "available"


def function_view(app, fid: str) -> ft.View:
    fn = catalog.BY_ID[fid]
    if _available(app, fid):
        return SCREENS[fid].main(app)
    return planned_view(app, fn)


def inner_stack(app, fid: str, rest: str) -> list[ViewBuilder] | None:
    inner = SCREENS[fid].inner if _available(app, fid) else None
    return inner(app, rest) if inner is not None else None


def planned_view(app, fn: catalog.Function) -> ft.View:
    m = app.m
    body = [
        ft.Row([ft.Icon(icon_of(fn), size=m.icon * 1.6, color=ft.Colors.PRIMARY),
                ft.Column([heading("준비 중인 기능입니다", m, ident="planned-heading")],
                          expand=True, spacing=2)], wrap=False),
        tagged(ft.Text(fn.summary_ko, theme_style=ft.TextThemeStyle.BODY_LARGE),
               "planned-summary"),
        text("이 기능은 곧 앱에서 바로 쓸 수 있게 됩니다. 그동안은 시청으로 문의해 주세요.", m),
        tagged(ft.Container(ft.Column([
            text(catalog.CITY_HELP_DESK, m, "title_small", bold=True),
            text(tr("전화 {CITY_HELP_PHONE}", CITY_HELP_PHONE=catalog.CITY_HELP_PHONE), m, ident="planned-phone"),
        ], spacing=4), bgcolor=ft.Colors.SURFACE_CONTAINER, border_radius=12, padding=16),
            "planned-contact"),
        button(tr("{CITY_HELP_PHONE} 전화 걸기", CITY_HELP_PHONE=catalog.CITY_HELP_PHONE), m, ident="planned-call", icon=ft.Icons.PHONE,
               on_click=app.call_city),
        button("홈으로", m, ident="planned-home", icon=ft.Icons.HOME, kind="outlined",
               on_click=lambda e: app.go("/")),
    ]
    if fn.login_required and not app.signed_in:
        body.insert(2, text("이 기능은 로그인이 필요합니다.", m, "body_medium", ident="planned-login-note"))
    return screen(app, fn.route, fn.name_ko, body, ident=f"function-{fn.id}")


def not_found_view(app, route: str) -> ft.View:
    m = app.m
    body = [
        heading("찾을 수 없는 화면입니다", m, ident="notfound-heading"),
        text("주소가 바뀌었거나 없는 기능입니다. 전체 메뉴에서 찾아보세요.", m),
        button("전체 메뉴 보기", m, ident="notfound-menu", icon=ft.Icons.APPS,
               on_click=lambda e: app.go("/menu")),
    ]
    return screen(app, route, "MY광양", body, ident="notfound")
