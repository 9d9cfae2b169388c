"""The screen behind each function route: the real one once built, else an honest 준비 중 page."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from myg_app import catalog
from myg_app.client.features.layout import screen
from myg_app.client.widgets.common import button, heading, tagged, text
from myg_app.client.widgets.function_tile import icon_of

ViewBuilder = Callable[[], ft.View]
# Function id -> its main view builder `(app) -> ft.View`, filled in as each issue lands.
SCREENS: dict[str, Callable[..., ft.View]] = {}
# An inner view: its builder, or (its route, builder) for a view that is not the top one, so
# navigation can find it open already (the top one's route is the route asked for).
InnerView = ViewBuilder | tuple[str, ViewBuilder]
# Function id -> `(app, rest) -> [inner views] | None` for inner routes /f/<id><rest>: the
# views stacked above the function's main view (back pops one), None for an unknown rest.
INNER: dict[str, Callable[..., list[InnerView] | None]] = {}
# Function id -> `(rest) -> bool`: inner routes of a login-required function a guest may open
# (a preview with a login button). The function's main screen is always open to guests.
PUBLIC: dict[str, Callable[[str], bool]] = {}


def register(fid: str, main: Callable[..., ft.View],
             inner: Callable[..., list[InnerView] | None] | None = None, *,
             public: Callable[[str], bool] | None = None) -> None:
    SCREENS[fid] = main
    if inner is not None:
        INNER[fid] = inner
    if public is not None:
        PUBLIC[fid] = public


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
    public = PUBLIC.get(fid)
    return public is not None and public(rest)


def _load_features() -> None:
    """Each domain's screens register themselves on import (below its marker)."""
    # [screens: auth/oidc]
    from myg_app.client.features.sso import views as _sso; _sso.install()
    # [screens: reservations]
    from myg_app.client.features.reservations import views as _rsv; _rsv.install()
    # [screens: reports]
    from myg_app.client.features.reports import views as _reports_views
    _reports_views.install()
    # [screens: waste]
    from myg_app.client.features.waste import views as _waste; _waste.install()
    # [screens: chat]
    from myg_app.client.features.chat import views as _chat; _chat.install()
    # [screens: sos]
    from myg_app.client.features.sos import views as _sos; _sos.install()
    # [screens: directory]
    from myg_app.client.features.directory import views as _directory; _directory.install()


_load_features()


def _available(app, fid: str) -> bool:
    return fid in SCREENS and app.state.status.get(fid) == "available"


def function_view(app, fid: str) -> ft.View:
    fn = catalog.BY_ID[fid]
    if _available(app, fid):
        return SCREENS[fid](app)
    return planned_view(app, fn)


def inner_stack(app, fid: str, rest: str) -> list[ViewBuilder] | None:
    if not _available(app, fid) or fid not in INNER:
        return None
    return INNER[fid](app, rest)


def planned_view(app, fn: catalog.Function) -> ft.View:
    m = app.m
    body = [
        ft.Row([ft.Icon(icon_of(fn), size=m.icon * 1.6, color=ft.Colors.PRIMARY),
                ft.Column([heading("준비 중인 기능입니다", m, ident="planned-heading"),
                           text(fn.name_en, m, "body_medium",
                                color=ft.Colors.ON_SURFACE_VARIANT)],
                          expand=True, spacing=2)], wrap=False),
        tagged(ft.Text(fn.summary_ko, theme_style=ft.TextThemeStyle.BODY_LARGE),
               "planned-summary"),
        text("이 기능은 곧 앱에서 바로 쓸 수 있게 됩니다. 그동안은 시청으로 문의해 주세요.", m),
        tagged(ft.Container(ft.Column([
            text(catalog.CITY_HELP_DESK, m, "title_small", bold=True),
            text(f"전화 {catalog.CITY_HELP_PHONE}", m, ident="planned-phone"),
        ], spacing=4), bgcolor=ft.Colors.SURFACE_CONTAINER, border_radius=12, padding=16),
            "planned-contact"),
        button(f"{catalog.CITY_HELP_PHONE} 전화 걸기", m, ident="planned-call", icon=ft.Icons.PHONE,
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
