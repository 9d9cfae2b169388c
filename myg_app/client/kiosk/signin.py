"""/kiosk/login: sign in on the kiosk from the citizen's own phone (RFC 8628).

The kiosk asks the provider for a device code, shows the QR of the approval address and the
short user code, and polls the token endpoint at the interval it was given (5 s more after
each `slow_down`) until the citizen approves on the MY광양 app, refuses, or the code expires.
The session it gets lives in memory only and has no refresh token."""
from __future__ import annotations

import asyncio
import time

import flet as ft

from myg_app import qr
from myg_app.client.api import ApiError
from myg_app.client.features.layout import screen
from myg_app.client.i18n import tr
from myg_app.client.kiosk import config as kcfg
from myg_app.client.widgets.common import StatusPanel, button, tagged, text

ROUTE = "/kiosk/login"
CLIENT_ID = "myg_kiosk"
GRANT = "urn:ietf:params:oauth:grant-type:device_code"


class DeviceLogin:
    def __init__(self, app):
        self.app, self.m = app, app.m
        self.status = StatusPanel(self.m, "kiosk-login-status")
        self.qr = ft.Image(src=b"", width=260, height=260, visible=False,
                           filter_quality=ft.FilterQuality.NONE)
        self.code = text("", self.m, "display_small", bold=True, keep=False,
                         ident="kiosk-login-code")
        self.left = text("", self.m, "body_medium", ident="kiosk-login-left")
        self.again = ft.Column()
        self.attempt = 0  # a new start makes the previous poll loop stop
        # Where it shows: /kiosk/login, or a screen that needs a sign-in (it comes back there).
        self.route = app.page.route or ROUTE

    async def start(self, e=None) -> None:
        app = self.app
        self.attempt += 1
        mine = self.attempt
        self.again.controls = []
        self.status.loading("로그인 코드를 받는 중입니다…")
        app.page.update()
        try:
            code, body = await app.api.oidc_form("/oidc/device_authorization", {
                "client_id": CLIENT_ID, "scope": "openid profile",
                "kiosk_place": kcfg.load().place})
        except ApiError as err:
            return self.fail(err.message)
        if code != 200 or "device_code" not in body:
            return self.fail(body.get("error_description") or "로그인 코드를 받지 못했습니다.")
        self.status.clear()
        self.qr.src = qr.png_bytes(body["verification_uri_complete"], scale=5)
        self.qr.visible = True
        self.code.content.value = body["user_code"]
        app.page.update()
        await self.poll(mine, body["device_code"], int(body.get("interval", 5)),
                        time.monotonic() + int(body.get("expires_in", 600)))

    async def poll(self, mine: int, device_code: str, interval: int, deadline: float) -> None:
        app = self.app
        while mine == self.attempt and not getattr(app, "closed", False) \
                and app.page.route == self.route:
            left = int(deadline - time.monotonic())
            if left <= 0:
                return self.fail("로그인 코드의 시간이 지났습니다. 새 코드를 받아 주세요.")
            self.left.content.value = tr("{value}분 {value2:02d}초 안에 휴대폰에서 승인해 주세요.", value=left // 60, value2=left % 60)
            app.page.update()
            await asyncio.sleep(interval)
            if mine != self.attempt or app.page.route != self.route:
                return
            session = getattr(app, "kiosk_session", None)
            if session is not None:
                # Someone is approving on their phone: not idle while the code is pending
                # (it expires by itself; nothing personal is on this screen).
                session.touch()
            try:
                code, body = await app.api.oidc_form("/oidc/token", {
                    "grant_type": GRANT, "device_code": device_code, "client_id": CLIENT_ID})
            except ApiError:
                continue  # the network came and went: keep asking until the code expires
            error = body.get("error")
            if code == 200 and body.get("access_token"):
                return await self.signed_in(body)
            if error == "authorization_pending":
                continue
            if error == "slow_down":  # RFC 8628 §3.5: 5 seconds more from now on
                interval += 5
                continue
            if error == "access_denied":
                return self.fail("휴대폰에서 로그인을 거절했습니다.")
            if error == "expired_token":
                return self.fail("로그인 코드의 시간이 지났습니다. 새 코드를 받아 주세요.")
            return self.fail(body.get("error_description") or "로그인하지 못했습니다.")

    async def signed_in(self, body: dict) -> None:
        app = self.app
        try:
            user = await app.api.use_kiosk_token(body["access_token"],
                                                 int(body.get("expires_in", 600)))
        except ApiError as err:
            return self.fail(err.message)
        await app.kiosk_signed_in(user)

    def fail(self, message: str) -> None:
        self.qr.visible = False
        self.code.content.value = ""
        self.left.content.value = ""
        self.status.error(message)
        self.again.controls = [button("새 코드 받기", self.m, ident="kiosk-login-again",
                                      icon=ft.Icons.REFRESH, expand=True,
                                      on_click=self.start)]
        self.app.page.update()


def view(app) -> ft.View:
    m = app.m
    d = DeviceLogin(app)
    app.page.run_task(d.start)
    steps = ("1. 휴대폰에서 MY광양 앱을 열거나 카메라로 QR 코드를 찍으세요.\n"
             "2. 'MY광양 키오스크 로그인 승인' 화면에서 아래 코드와 같은지 보고 승인하세요.\n"
             "3. 비밀번호는 이 화면에 입력하지 않습니다.")
    return screen(app, d.route, "휴대폰으로 로그인", [
        text(steps, m, ident="kiosk-login-steps"),
        ft.Container(tagged(d.qr, "kiosk-login-qr", "휴대폰으로 찍을 로그인 QR 코드"),
                     bgcolor=ft.Colors.WHITE, padding=12, border_radius=8,
                     alignment=ft.Alignment.CENTER),
        text("확인 코드", m, "title_small"), d.code, d.left, d.status, d.again,
    ], ident="kiosk-login")
