"""/kiosk-approve?user_code=XXXX-XXXX: "키오스크 로그인 승인" on the citizen's own phone.

The kiosk's QR opens this screen (or the citizen types the code shown on the kiosk). It says
which kiosk asks and shows the code to compare, then 승인 signs that kiosk in as this
citizen for a short session, or 거절 refuses. The phone's own session is never handed over:
the kiosk gets a session of its own that ends at its idle reset."""
from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlsplit

import flet as ft

from myg_app.client.features.account import field
from myg_app.client.features.layout import screen
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import StatusPanel, button, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts import device as c
from myg_app.seoul_time import format_datetime_ko

STATES = {"approved": "승인했습니다. 키오스크 화면에서 계속하세요.",
          "denied": "거절했습니다. 키오스크는 로그인되지 않았습니다.",
          "expired": "시간이 지난 코드입니다. 키오스크에서 새 코드를 받아 주세요.",
          "used": "이미 사용한 코드입니다."}


def code_of(route: str) -> str:
    q = parse_qs(urlsplit(route).query)
    return (q.get("user_code") or [""])[0][:20]


def view(app, route: str) -> ft.View:
    m = app.m
    status = Loader(m, "kiosk-approve-status")
    actions = StatusPanel(m, "kiosk-approve-action-status")
    info = ft.Column(spacing=m.gap)
    buttons = ft.Column(spacing=m.gap, visible=False)
    code_field = field(app, "키오스크에 보이는 코드", "kiosk-approve-code", helper="예: BCDF-GHJK")
    code_field.value = code_of(route)
    key = str(uuid.uuid4())

    def show(d: c.DeviceGrantOut) -> None:
        info.controls = [tagged(ft.Container(ft.Column([
            text(d.kiosk_place or "키오스크", m, "title_medium", bold=True,
                 ident="kiosk-approve-place"),
            text("이 키오스크에서 내 계정으로 로그인하려고 합니다.", m),
            text("키오스크 화면의 코드와 같은지 확인하세요.", m, "body_medium"),
            text(d.user_code, m, "headline_small", bold=True, keep=False,
                 ident="kiosk-approve-shown-code"),
            text(tr("{format_datetime_ko} 요청", format_datetime_ko=format_datetime_ko(d.requested_at)), m, "body_medium"),
        ], spacing=6), padding=14, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER),
            "kiosk-approve-request")]
        done = STATES.get(d.status)
        if done:
            info.controls.append(text(done, m, bold=True, ident="kiosk-approve-state"))
        buttons.visible = d.status == "pending"

    async def look(e=None) -> None:
        code = (code_field.value or "").strip()
        if not code:
            code_field.error = "키오스크에 보이는 코드를 입력해 주세요."
            app.page.update()
            return
        code_field.error = None
        await status.load(app.page, lambda: app.api.call(
            "GET", "/auth/device", c.DeviceGrantOut, params={"user_code": code}), show)

    async def decide(approve: bool) -> None:
        code = (code_field.value or "").strip()

        async def call() -> None:
            d = await app.api.call("POST", "/auth/device/approve", c.DeviceGrantOut,
                                   json=c.DeviceDecision(user_code=code, approve=approve),
                                   idempotency_key=f"{key}-{approve}")
            show(d)
        await actions.perform(app.page, call,
                              done="키오스크 로그인을 승인했습니다." if approve else "거절했습니다.")

    buttons.controls = [
        button("이 키오스크에 로그인 승인", m, ident="kiosk-approve-yes", icon=ft.Icons.CHECK,
               expand=True, on_click=lambda e: app.page.run_task(decide, True)),
        button("거절", m, ident="kiosk-approve-no", icon=ft.Icons.CLOSE, kind="outlined",
               expand=True, on_click=lambda e: app.page.run_task(decide, False)),
    ]
    if code_field.value:
        app.page.run_task(look)
    return screen(app, route, "키오스크 로그인 승인", [
        text("민원실 키오스크에 비밀번호 없이 로그인합니다. 내가 서 있는 키오스크가 맞을 때만 "
             "승인하세요. 키오스크는 잠시 쓰지 않으면 자동으로 로그아웃됩니다.", m, "body_medium"),
        tagged(code_field, "kiosk-approve-code"),
        button("코드 확인", m, ident="kiosk-approve-look", icon=ft.Icons.SEARCH, kind="tonal",
               expand=True, on_click=look),
        status, info, actions, buttons], ident="kiosk-approve")
