"""/f/points/officer: for 일자리경제과 officers (and admins). Adjust a citizen's balance with a
reason (recorded with the officer's name), verify a campaign such as 앱 설치 인증, and read the
audit of every such action, newest first."""
from __future__ import annotations

import uuid

import flet as ft

from myg_app import catalog
from myg_app.client.features.account import field
from myg_app.client.features.layout import screen
from myg_app.client.features.points.common import BASE, FID, is_points_officer, panel, pts
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts import points as c
from myg_app.seoul_time import format_datetime_ko

ROUTE = f"{BASE}/officer"


def audit_row(app, a: c.AuditItem) -> ft.Control:
    m = app.m
    what = "캠페인 인증" if a.rule == "campaign" else "포인트 조정"
    when = format_datetime_ko(a.at)
    return panel([
        text(f"{what} {pts(a.amount, sign=True)} · {a.user_name}", m, bold=True),
        text(tr("{when} · 담당 {value}", when=when, value=a.officer_name or '알 수 없음'), m, "body_medium"),
        *([text(tr("사유: {reason}", reason=a.reason), m, "body_medium")] if a.reason else []),
    ], f"points-audit-{a.id}", label=tr("{what} {amount:+,}포인트, {user_name}, {when}", what=what, amount=a.amount, user_name=a.user_name, when=when))


def officer_view(app) -> ft.View:
    m = app.m
    dept = catalog.OWNERS[FID]
    if not is_points_officer(app):
        note = Loader(m, "points-officer-status")
        note.notice(tr("{dept} 담당자만 볼 수 있습니다.", dept=dept))
        return screen(app, ROUTE, "포인트 조정·인증", [note], ident="points-officer")
    status = Loader(m, "points-officer-status")
    audit_status = Loader(m, "points-audit-status")
    audit = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    email = field(app, "시민 이메일", "points-adjust-email", keyboard=ft.KeyboardType.EMAIL,
                  helper="예: citizen@gwangyang.demo")
    delta = field(app, "조정 포인트", "points-adjust-delta", helper="예: 500 (적립), -200 (회수)")
    reason = field(app, "사유 (필수)", "points-adjust-reason", helper="예: 행사 참여 누락분 적립")

    async def load_audit() -> None:
        def show(page: c.AuditPage) -> None:
            audit.controls = [audit_row(app, a) for a in page.items]

        await audit_status.load(app.page, lambda: app.api.call(
            "GET", "/points/audit", c.AuditPage, params={"limit": 50}), show,
            empty="아직 조정·인증 기록이 없습니다.")

    def ok_email() -> str | None:
        v = (email.value or "").strip()
        email.error = None if "@" in v else "시민의 가입 이메일을 입력해 주세요."
        return v if "@" in v else None

    async def adjust(e=None) -> None:
        who = ok_email()
        raw = (delta.value or "").replace(",", "").strip()
        n = int(raw) if raw.lstrip("+-").isdigit() and len(raw) <= 9 else 0
        delta.error = None if n else "0이 아닌 숫자를 입력해 주세요 (회수는 -)."
        reason.error = None if len((reason.value or "").strip()) >= 2 else "사유를 2자 이상 적어 주세요."
        if not who or not n or reason.error:
            app.page.update()
            return
        body = c.AdjustIn(email=who, delta=n, reason=reason.value.strip())
        key = str(uuid.uuid4())
        out: dict = {}

        async def call() -> None:
            out["r"] = await app.api.call("POST", "/points/adjust", c.OfficerResult, json=body,
                                          idempotency_key=key)

        if await status.perform(app.page, call, done="조정했습니다.", then=load_audit):
            r = out["r"]
            status.notice(tr("{user_name}님 {pts} 조정, 잔액 {pts2}", user_name=r.user_name, pts=pts(r.amount, sign=True), pts2=pts(r.balance)))
            delta.value = reason.value = ""
            app.page.update()

    async def campaign(e=None) -> None:
        who = ok_email()
        if not who:
            app.page.update()
            return
        body = c.CampaignIn(email=who, campaign="app_install")
        key = str(uuid.uuid4())
        out: dict = {}

        async def call() -> None:
            out["r"] = await app.api.call("POST", "/points/campaign", c.OfficerResult, json=body,
                                          idempotency_key=key)

        if await status.perform(app.page, call, done="인증했습니다.", then=load_audit):
            r = out["r"]
            status.notice(tr("{user_name}님 앱 설치 인증 {pts} 적립, 잔액 {pts2}", user_name=r.user_name, pts=pts(r.amount), pts2=pts(r.balance))
                          if r.amount else tr("{user_name}님은 이미 인증했거나 한도에 이르러 적립하지 않았습니다.", user_name=r.user_name))
            app.page.update()

    body: list[ft.Control] = [
        text("시민의 포인트를 고치거나 캠페인 참여를 인증합니다. 모든 조정은 담당자 이름과 사유가 "
             "기록되며, 잔액보다 많이 회수할 수 없습니다.", m),
        status,
        tagged(email, "points-adjust-email"),
        heading("포인트 조정", m, ident="points-adjust-heading"),
        tagged(delta, "points-adjust-delta"),
        tagged(reason, "points-adjust-reason"),
        button("조정하기", m, ident="points-adjust-submit", icon=ft.Icons.EDIT,
               on_click=adjust, expand=True),
        heading("캠페인 인증", m, ident="points-campaign-heading"),
        text("앱 설치를 확인한 시민에게 한 번 적립합니다.", m, "body_medium"),
        button("앱 설치 인증", m, ident="points-campaign-submit", icon=ft.Icons.VERIFIED,
               kind="tonal", on_click=campaign, expand=True),
        heading("조정·인증 기록", m, ident="points-audit-heading"), audit_status, audit,
    ]
    app.page.run_task(load_audit)
    return screen(app, ROUTE, "포인트 조정·인증", body, ident="points-officer")
