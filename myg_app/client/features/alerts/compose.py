"""안전총괄과's own alerts: write (level, type, 읍면동 or the whole city, text, shelter link),
preview exactly as citizens will see it with how many will receive it, send; and later correct
(정정, with a reason citizens see) or withdraw (철회)."""
from __future__ import annotations

import uuid

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.account import check, field
from myg_app.client.features.alerts.common import alert_card, is_safety_officer
from myg_app.client.features.layout import screen
from myg_app.client.i18n import tr
from myg_app.client.widgets.dropdown import filter_dropdown
from myg_app.client.widgets.common import button, heading, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.alerts import (
    KINDS,
    LEVELS,
    AlertCorrection,
    AlertDetail,
    AlertDraft,
    AlertOut,
    AlertPreview,
    AlertWithdrawal,
)
from myg_app.gwangyang import dongs


def _message(err: ValueError) -> str:
    errors = getattr(err, "errors", list)()
    names = {"text": "내용", "link": "대피 안내 링크", "reason": "정정 사유", "kind": "재난 종류"}
    for e in errors:
        where = names.get(str(e.get("loc", ("",))[0]), "")
        msg = str(e.get("msg", "")).removeprefix("Value error, ")
        if "at least" in msg:
            msg = "내용을 더 적어 주세요."
        return f"{where}: {msg}" if where else msg
    return "입력한 내용을 확인해 주세요."


def compose_view(app, alert_id: int | None) -> ft.View:
    m = app.m
    route = "/f/alerts/new" if alert_id is None else f"/f/alerts/{alert_id}/edit"
    title = "재난 알림 보내기" if alert_id is None else "재난 알림 정정"
    if not is_safety_officer(app):
        return screen(app, route, title, [text("재난 알림은 안전총괄과 담당자만 보낼 수 있습니다.", m)],
                      ident="alerts-compose")
    status = Loader(m, "alerts-compose-status")
    chosen = {"level": "안전안내", "kind": "기타"}
    body_field = field(app, "알림 내용", "alerts-compose-text",
                       helper="누가, 어디서, 무엇을 해야 하는지 앞에 적으세요.")
    body_field.multiline, body_field.min_lines, body_field.max_lines = True, 3, 8
    link_field = field(app, "대피 안내 링크 (선택)", "alerts-compose-link", helper="https:// 로 시작")
    reason_field = field(app, "정정 사유", "alerts-compose-reason", helper="시민에게 함께 보입니다.")
    whole = check(app, "광양시 전체", "alerts-compose-whole", True)
    towns = {d.code: check(app, d.name, f"alerts-compose-dong-{d.code}") for d in dongs.DONGS}
    preview_box = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    key = str(uuid.uuid4())  # one alert per screen, however often 보내기 is pressed

    def pick(k: str):
        def on(e) -> None:
            chosen[k] = e.control.value or chosen[k]
            preview_box.controls = []  # a changed draft must be previewed again
        return on

    level_dd = filter_dropdown(app, "alerts-compose-level", "단계", [(lv, lv) for lv in LEVELS],
                               chosen["level"], pick("level"))
    kind_dd = filter_dropdown(app, "alerts-compose-kind", "재난 종류", [(k, k) for k in KINDS],
                              chosen["kind"], pick("kind"))

    def draft() -> AlertDraft | AlertCorrection:
        picked = [] if whole.box.value else [c for c, cb in towns.items() if cb.box.value]
        if not whole.box.value and not picked:
            raise ValueError("보낼 읍면동을 고르거나 광양시 전체를 고르세요.")
        data = dict(level=chosen["level"], kind=chosen["kind"], dongs=picked,
                    text=(body_field.value or "").strip(), link=(link_field.value or "").strip() or None)
        if alert_id is not None:
            return AlertCorrection(**data, reason=(reason_field.value or "").strip())
        return AlertDraft(**data)

    async def preview(e) -> None:
        try:
            d = draft()
        except ValueError as err:
            status.error(_message(err) if hasattr(err, "errors") else str(err))
            app.page.update()
            return
        try:
            pv = await app.api.call("POST", "/alerts/preview", AlertPreview,
                                    json=AlertDraft(**d.model_dump(exclude={"reason"})))
        except ApiError as err:
            status.error(err.message)
            app.page.update()
            return
        status.clear()
        preview_box.controls = [
            heading("시민에게 이렇게 보입니다", m),
            alert_card(app, pv.alert, on_open=None),
            text(tr("지금 설정으로 이 알림을 받을 로그인 시민: {reach:,}명 (앱을 연 방문자는 고른 지역에 따라 받습니다)", reach=pv.reach), m, "body_medium", ident="alerts-compose-reach"),
            *[text(f"⚠ {w}", m, "body_medium", bold=True) for w in pv.warnings],
            button("이대로 보내기" if alert_id is None else "정정해 다시 보내기", m,
                   ident="alerts-compose-send", icon=ft.Icons.SEND, on_click=send, expand=True),
        ]
        app.page.update()

    async def send(e) -> None:
        try:
            d = draft()
        except ValueError as err:
            status.error(_message(err) if hasattr(err, "errors") else str(err))
            app.page.update()
            return
        try:
            if alert_id is None:
                out = await app.api.call("POST", "/alerts", AlertOut, json=d, idempotency_key=key)
            else:
                out = await app.api.call("PUT", f"/alerts/{alert_id}", AlertOut, json=d,
                                         idempotency_key=key)
        except ApiError as err:
            status.error(err.message)
            app.page.update()
            return
        app.go(f"/f/alerts/{out.id}")

    async def prefill() -> None:
        def show(a: AlertDetail) -> None:
            chosen["level"], chosen["kind"] = a.level, a.kind
            level_dd.content.value, kind_dd.content.value = a.level, a.kind
            body_field.value, link_field.value = a.text, a.link or ""
            whole.box.value = not a.dongs
            for c, cb in towns.items():
                cb.box.value = c in a.dongs
        await status.load(app.page, lambda: app.api.call("GET", f"/alerts/{alert_id}",
                                                         AlertDetail), show)

    controls: list[ft.Control] = [
        text("미리 보기로 시민에게 보일 모습과 받을 사람 수를 확인한 뒤 보냅니다.", m, "body_medium"),
        level_dd, kind_dd, heading("받을 곳", m), whole, *towns.values(),
        tagged(body_field, "alerts-compose-text"), tagged(link_field, "alerts-compose-link"),
    ]
    if alert_id is not None:
        controls.append(tagged(reason_field, "alerts-compose-reason"))
        app.page.run_task(prefill)
    controls += [status, button("미리 보기", m, ident="alerts-compose-preview",
                                icon=ft.Icons.PREVIEW, kind="outlined", on_click=preview,
                                expand=True), preview_box]
    return screen(app, route, title, controls, ident="alerts-compose")


def officer_actions(app, a: AlertDetail, status: Loader) -> list[ft.Control]:
    m = app.m
    reason = field(app, "철회 사유", "alerts-withdraw-reason", helper="예: 훈련 종료, 잘못 보냄")
    key = str(uuid.uuid4())

    async def withdraw(e) -> None:
        try:
            body = AlertWithdrawal(reason=(reason.value or "").strip())
        except ValueError:
            status.error("철회 사유를 두 글자 이상 적어 주세요.")
            app.page.update()
            return
        ok = await status.perform(app.page, lambda: app.api.call(
            "POST", f"/alerts/{a.id}/withdraw", AlertOut, json=body, idempotency_key=key),
            done="철회했습니다. 받은 시민에게 철회를 알렸습니다.")
        if ok:
            app.go(f"/f/alerts/{a.id}")

    return [heading("담당자", m),
            button("정정하기", m, ident="alerts-correct", icon=ft.Icons.EDIT, kind="outlined",
                   on_click=lambda e: app.go(f"/f/alerts/{a.id}/edit"), expand=True),
            tagged(reason, "alerts-withdraw-reason"),
            button("철회하기", m, ident="alerts-withdraw", icon=ft.Icons.CANCEL, kind="outlined",
                   on_click=withdraw, expand=True)]
