"""통합 로그인 사이트: the six city sites, opened already signed in.

Opening a site asks the backend for a one-time handoff link (single use, a minute, bound to
that site) and opens it in the browser; the provider turns it into a browser session and the
site signs in through ordinary OpenID Connect without a password. The same function hosts the
account screens (내 정보, 동의 관리, 로그인 관리, 회원 탈퇴) under /f/sso_sites/...
"""
from __future__ import annotations

from functools import partial

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.account import account_actions
from myg_app.client.features.feature import Feature
from myg_app.client.features.layout import screen
from myg_app.client.features.profile import views as profile_views
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, tappable, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.oidc import HandoffRequest, HandoffResponse, SsoSite, SsoSites

FID = "sso_sites"
BASE = f"/f/{FID}"


def inner(app, rest: str):
    pages = {"/profile": profile_views.profile_view, "/consents": profile_views.consents_view,
             "/sessions": profile_views.sessions_view, "/withdraw": profile_views.withdraw_view}
    build = pages.get(rest)
    return [lambda: build(app)] if build else None


def main_view(app) -> ft.View:
    m = app.m
    status = Loader(m, "sso-status")
    sites = ft.Column(spacing=m.gap)
    body: list[ft.Control] = [
        text("MY광양 계정 하나로 광양시 6개 사이트를 이용합니다. 앱에 로그인되어 있으면 "
             "사이트를 열 때 비밀번호를 다시 묻지 않습니다.", m),
    ]
    async def logout(e=None) -> None:
        await app.logout()  # ends the app session and the partner sessions opened from it
        app.render()

    if not app.signed_in:
        body += [text("로그인하면 사이트가 로그인된 채로 열립니다.", m, ident="sso-login-note"),
                 button("로그인", m, ident="sso-login", icon=ft.Icons.LOGIN,
                        on_click=lambda e: app.go("/login"), expand=True)]
    body += [heading("사이트", m, ident="sso-sites-heading"), status, sites]
    if app.signed_in:
        body += [
            heading("내 계정", m),
            *account_actions(app, "sso", logout),
        ]

    async def open_site(site: SsoSite, e=None) -> None:
        url = site.home_url
        if app.signed_in:
            status.loading(tr("{name} 사이트를 여는 중입니다…", name=site.name))
            app.page.update()
            try:
                link = await app.api.call("POST", "/sso/handoff", HandoffResponse,
                                          json=HandoffRequest(client_id=site.client_id))
            except ApiError as err:
                status.error(err.message, on_retry=partial(open_site, site))
                app.page.update()
                return
            url = link.url
            status.notice(tr("{name} 사이트를 브라우저에서 열었습니다.", name=site.name))
            app.page.update()
        await app.url_launcher.launch_url(url)

    async def on_card(e) -> None:
        await open_site(e.control.data)

    def card(site: SsoSite) -> ft.Control:
        content = ft.Container(ft.Row([
            ft.Icon(ft.Icons.OPEN_IN_NEW, color=ft.Colors.PRIMARY, size=m.icon),
            ft.Column([text(site.name, m, "title_small", bold=True),
                       text(site.summary, m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT)],
                      spacing=2, expand=True),
        ], spacing=m.gap * 1.5), padding=m.gap * 1.5, border_radius=12,
            bgcolor=ft.Colors.SURFACE_CONTAINER, on_click=on_card, data=site,
            ink=True)  # pointer taps land here; screen readers use the Semantics' on_tap
        label = tr("{name} 열기. {summary}", name=site.name, summary=site.summary)
        return tappable(content, ident=f"sso-site-{site.client_id}", label=label,
                        on_click=on_card, data=site)

    async def load(e=None) -> None:
        def show_loaded(res) -> None:
            sites.controls = [card(s) for s in res.items]
        await status.load(app.page, lambda: app.api.call(
            "GET", "/sso/sites", SsoSites, auth=False), show_loaded)

    app.page.run_task(load)
    return screen(app, BASE, "통합 로그인 사이트", body, ident=f"function-{FID}")


FEATURES = (Feature(FID, main_view, inner),)
