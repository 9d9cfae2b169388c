"""/f/citizen_id/desk (민원봉사과): pending applications, masked in the list; /desk/<id>: one
application with its name and photo, approved after the officer checked the residence in the
resident registry, or refused with a reason the citizen reads."""
from __future__ import annotations

import base64
import uuid

import flet as ft

from myg_app.client.features.account import field
from myg_app.client.features.citizen_id.common import API, BASE, panel
from myg_app.client.features.layout import screen
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import StatusPanel, button, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts import citizen_id as c
from myg_app.seoul_time import format_datetime_ko

ROUTE = f"{BASE}/desk"


def desk_view(app) -> ft.View:
    m = app.m
    status = Loader(m, "citizen_id-desk-status")
    rows = ft.Column(spacing=m.gap)

    def show(lst: c.ApplicationList) -> bool:
        rows.controls = [panel([
            text(f"{a.masked_name} · {a.dong_name}", m, bold=True),
            text(tr("{format_datetime_ko} 신청", format_datetime_ko=format_datetime_ko(a.applied_at)) + (" · 사진 있음" if a.has_photo else ""),
                 m, "body_medium"),
            button("확인하고 처리하기", m, ident=f"citizen_id-desk-open-{a.id}", kind="tonal",
                   expand=True, name=tr("{masked_name} 신청 처리하기", masked_name=a.masked_name),
                   on_click=lambda e, i=a.id: app.go(f"{ROUTE}/{i}"))],
            f"citizen_id-desk-row-{a.id}") for a in lst.items]
        return bool(lst.items)

    app.page.run_task(status.load, app.page, lambda: app.api.call(
        "GET", f"{API}/desk/applications", c.ApplicationList), show,
        empty="기다리는 신청이 없습니다.")
    return screen(app, ROUTE, "시민증 신청 확인", [
        text("주민등록 정보에서 광양시 거주를 확인한 뒤 승인하세요. 목록에는 이름 일부만 보입니다.", m,
             "body_medium"),
        status, rows], ident="citizen_id-desk")


def decision_view(app, card_id: int) -> ft.View:
    m = app.m
    route = f"{ROUTE}/{card_id}"
    status = Loader(m, "citizen_id-decision-status")
    actions = StatusPanel(m, "citizen_id-decision-action-status")
    detail = ft.Column(spacing=m.gap)
    reason = field(app, "반려 사유", "citizen_id-reject-reason",
                   helper="예: 광양시 주민등록을 확인하지 못했습니다")
    key = str(uuid.uuid4())

    def show(card: c.CardOut) -> None:
        lines: list[ft.Control] = [text(card.name, m, "headline_small", bold=True,
                                        ident="citizen_id-decision-name"),
                                   text(tr("{dong_name} · {format_datetime_ko} 신청", dong_name=card.dong_name, format_datetime_ko=format_datetime_ko(card.applied_at)),
                                        m, "body_medium")]
        if card.photo_base64:
            lines.insert(0, tagged(ft.Image(src=base64.b64decode(card.photo_base64), width=96,
                                            height=120, fit=ft.BoxFit.COVER),
                                   "citizen_id-decision-photo", "신청자 사진"))
        if card.status != "pending":
            lines.append(text(tr("처리됨: {value}", value=card.number or card.status), m, bold=True,
                              ident="citizen_id-decision-done"))
        detail.controls = [panel(lines, "citizen_id-decision-card")]
        controls.visible = card.status == "pending"  # decided: nothing left to press

    async def load() -> None:
        await status.load(app.page, lambda: app.api.call(
            "GET", f"{API}/desk/applications/{card_id}", c.CardOut), show)

    async def decide(approve: bool) -> None:
        body = c.DecisionIn(approve=approve, reason=None if approve else (reason.value or None))
        await actions.perform(app.page, lambda: app.api.call(
            "POST", f"{API}/desk/applications/{card_id}/decision", c.CardOut, json=body,
            idempotency_key=f"{key}-{approve}"),
            done="승인했습니다. 시민에게 알림을 보냈습니다." if approve else
            "반려했습니다. 시민에게 사유를 알렸습니다.", then=load)
        app.forget_view(ROUTE)

    controls = ft.Column([
        button("거주 확인 완료, 승인", m, ident="citizen_id-approve", icon=ft.Icons.CHECK,
               expand=True, on_click=lambda e: app.page.run_task(decide, True)),
        tagged(reason, "citizen_id-reject-reason"),
        button("반려", m, ident="citizen_id-reject", icon=ft.Icons.CLOSE, kind="outlined",
               expand=True, on_click=lambda e: app.page.run_task(decide, False)),
    ], spacing=m.gap * 2, visible=False)
    app.page.run_task(load)
    return screen(app, route, "시민증 신청 처리", [status, detail, actions, controls],
                  ident="citizen_id-decision")
