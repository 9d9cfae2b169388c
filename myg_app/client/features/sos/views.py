"""긴급복지 SOS: the few-tap request (citizen or guest) and the welfare officer's desk."""

from __future__ import annotations

import json
import uuid

import flet as ft

from myg_app import catalog
from myg_app.client.api import ApiError
from myg_app.client.features.account import field
from myg_app.client.features.feature import Feature
from myg_app.client.features.layout import screen
from myg_app.client.i18n import tr
from myg_app.client.theme import FONT, button_style
from myg_app.client.widgets.common import button, heading, tagged, text, toggle_target
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.profile import ProfileOut
from myg_app.contracts.sos import (
    SOS_KINDS,
    SOS_STATUS_KO,
    SosCallbackCreate,
    SosCreate,
    SosDetail,
    SosList,
    SosOut,
    SosQueue,
)
from myg_app.seoul_time import format_datetime_ko

FID = "sos"
WELFARE = "주민복지과"
K_PHONE = "myg.sos.phone"  # the callback number last used on this device
K_GUEST = "myg.sos.guest"  # a guest's open request: {"id": .., "token": ..}


def is_welfare_officer(app) -> bool:
    u = app.state.user
    return u is not None and (u.role == "admin" or (u.role == "officer" and u.department == WELFARE))


def _pref(app):
    return app.prefs.service


def status_card(app, req: SosOut) -> ft.Control:
    m = app.m
    lines: list[ft.Control] = [
        text(tr("시청이 요청을 받았습니다 · {SOS_STATUS_KO}", SOS_STATUS_KO=SOS_STATUS_KO[req.status]), m, "title_small", bold=True,
             ident="sos-status-title"),
        text(tr("{SOS_KINDS} 위기 · 접수 {format_datetime_ko}", SOS_KINDS=SOS_KINDS[req.kind], format_datetime_ko=format_datetime_ko(req.created_at)), m,
             "body_medium"),
        text(tr("{department}에서 {phone}(으)로 연락드립니다.", department=req.department, phone=req.phone), m, "body_medium"),
    ]
    if req.duplicate:
        lines.append(text("이미 접수된 요청이 있어 새로 접수하지 않았습니다. 담당자가 곧 연락드립니다.", m,
                          "body_medium", ident="sos-duplicate"))
    if not req.callbacks:
        lines.append(text("아직 전화드리지 못했습니다. 전화를 받을 수 있게 해 주세요.", m, "body_medium",
                          ident="sos-callbacks"))
    for i, c in enumerate(req.callbacks):
        what = "통화했습니다" if c.reached else "전화드렸으나 연결되지 않았습니다"
        lines.append(text(tr("{format_datetime_ko} 담당자가 {what}", format_datetime_ko=format_datetime_ko(c.at), what=what), m, "body_medium",
                          ident=f"sos-callback-{i}"))
    return tagged(ft.Container(ft.Column(lines, spacing=4), padding=12, border_radius=12,
                               bgcolor=ft.Colors.PRIMARY_CONTAINER), "sos-status")


def tel(phone: str) -> str:
    return "tel:" + "".join(ch for ch in phone if ch.isdigit())


def call_button(app, label: str, phone: str, ident: str, *, urgent: bool = False) -> ft.Control:
    """A full-width button that calls `phone` (the app's url launcher, a tel: link)."""
    async def call(e) -> None:
        await app.url_launcher.launch_url(tel(phone))

    b = button(label, app.m, ident=ident, icon=ft.Icons.CALL, on_click=call, expand=True,
               kind="filled" if urgent else "outlined")
    if urgent:
        style = button_style(app.m)  # keeps the padding that makes the touch target
        style.bgcolor, style.color, style.icon_color = (ft.Colors.ERROR, ft.Colors.ON_ERROR,
                                                        ft.Colors.ON_ERROR)
        b.content.style = style
    return b


def urgent_card(app) -> ft.Control:
    """The top of the SOS screen: unmistakably urgent (error colours, a warning sign) with the
    one thing to do first when a life is at risk: call 119."""
    m = app.m
    fg = ft.Colors.ON_ERROR_CONTAINER
    title = ft.Row([
        ft.Icon(ft.Icons.WARNING_ROUNDED, color=ft.Colors.ERROR, size=m.icon * 1.2,
                semantics_label="경고"),
        ft.Container(ft.Semantics(header=True, identifier="sos-urgent-title", content=text(
            "긴급 도움 요청", m, "title_large", bold=True, color=fg)), expand=True),
    ], spacing=m.gap, vertical_alignment=ft.CrossAxisAlignment.CENTER)
    return tagged(ft.Container(ft.Column([
        title,
        text("생명이 위급하면 지금 바로 119에 전화하세요.", m, bold=True, color=fg,
             ident="sos-urgent-119-note"),
        call_button(app, "119에 전화하기", "119", "sos-call-119", urgent=True),
        text("위기 상황을 알려 주시면 주민복지과 담당자가 전화드립니다.", m, "body_medium",
             color=fg),
    ], spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        padding=16, border_radius=16, bgcolor=ft.Colors.ERROR_CONTAINER,
        border=ft.Border.all(2, ft.Colors.ERROR)), "sos-urgent")


def main_view(app) -> ft.View:
    m = app.m
    chosen: dict[str, str | None] = {"kind": None, "key": None}
    kind_row = ft.Row(wrap=True, spacing=m.gap, run_spacing=m.gap)
    phone = field(app, "연락받을 전화번호", "sos-phone", hint="010-1234-5678",
                  keyboard=ft.KeyboardType.PHONE)
    location = field(app, "지금 계신 곳 (선택)", "sos-location", hint="예: 중마동 ○○아파트")
    note = field(app, "짧은 설명 (선택)", "sos-note", helper="예: 이번 달 월세와 식비가 없어요")
    note.max_length = 300
    consent_text = "전화번호·위치·설명을 광양시 주민복지과에 전달하는 데 동의합니다 (필수)"
    # A Checkbox label never wraps: the (long, bold) consent sentence is a tappable text beside it.
    consent = ft.Checkbox(value=False, semantics_label=consent_text)

    def toggle_consent(e) -> None:
        consent.value = not consent.value

    consent_row = ft.Row([
        toggle_target(tagged(consent, "sos-consent"), m, consent, square=True), ft.Container(
        text(consent_text, m, bold=True), expand=True, on_click=toggle_consent)],
        vertical_alignment=ft.CrossAxisAlignment.START)
    status = Loader(m, "sos-form-status")
    current = ft.Column(spacing=m.gap)

    def draw_kinds() -> None:
        kind_row.controls = [
            button(label, m, ident=f"sos-kind-{code}", on_click=pick,
                   kind="filled" if chosen["kind"] == code else "outlined")
            for code, label in SOS_KINDS.items()]
        for b in kind_row.controls:
            b.content.data = b.identifier.removeprefix("sos-kind-")

    def pick(e) -> None:
        chosen["kind"] = e.control.data
        draw_kinds()

    async def submit(e) -> None:
        for f in (phone, location, note):
            f.error = None
        if chosen["kind"] is None:
            status.error("어떤 도움이 필요한지 먼저 골라 주세요.")
            return
        # One key per filled-in form: repeated taps and retries are the same request.
        chosen["key"] = chosen["key"] or str(uuid.uuid4())
        status.loading("요청을 보내는 중입니다…")
        app.page.update()
        body = SosCreate.model_construct(kind=chosen["kind"], phone=phone.value or "",
                                         location=location.value or None, note=note.value or None,
                                         consent=bool(consent.value))
        try:
            req = await app.api.call("POST", "/sos/requests", SosOut, json=body,
                                     auth=app.signed_in, idempotency_key=chosen["key"])
        except ApiError as err:
            fields = {"phone": phone, "location": location, "note": note}
            for fe in err.errors:
                if (target := fields.get(fe.field)) is not None:
                    target.error = fe.message
            if any(fe.field == "consent" for fe in err.errors):
                status.error("동의해 주셔야 복지 담당자가 연락드릴 수 있습니다.")
            else:
                status.error(err.message, on_retry=None if err.errors else submit)
            app.page.update()
            return
        status.clear()
        chosen["key"] = None
        if "*" not in req.phone:  # a guest's repeated request comes back masked
            await _pref(app).set(K_PHONE, req.phone)
        if req.lookup_token:
            await _pref(app).set(K_GUEST, json.dumps({"id": req.id, "token": req.lookup_token}))
        current.controls = [status_card(app, req)]
        app.page.update()

    async def profile_phone() -> str | None:
        try:
            return (await app.api.call("GET", "/me/profile", ProfileOut)).phone
        except ApiError:
            return None  # the number can still be typed in

    async def load_current() -> None:
        # The number to call back: the signed-in account's own (내 정보) first, else the one
        # last used on this device.
        if app.signed_in and not phone.value and (own := await profile_phone()):
            phone.value = own
        saved_phone = await _pref(app).get(K_PHONE)
        if saved_phone and not phone.value:
            phone.value = saved_phone
        req: SosOut | None = None
        try:
            if app.signed_in:
                mine = await app.api.call("GET", "/sos/requests/mine", SosList)
                req = next((r for r in mine.items if r.status != "closed"), None)
                if mine.items and not phone.value:
                    phone.value = mine.items[0].phone
            elif raw := await _pref(app).get(K_GUEST):
                g = json.loads(raw)
                req = await app.api.call("GET", f"/sos/requests/{g['id']}", SosOut, auth=False,
                                         params={"token": g["token"]})
        except (ApiError, ValueError, KeyError):
            req = None  # the form still works; the status shows after sending
        if req is not None and req.status != "closed":
            current.controls = [status_card(app, req)]
        app.page.update()

    draw_kinds()
    body: list[ft.Control] = []
    if is_welfare_officer(app):
        body.append(button("SOS 접수 목록 (담당자)", m, ident="sos-desk-open", icon=ft.Icons.LIST,
                           kind="tonal", on_click=lambda e: app.go("/f/sos/desk"), expand=True))
    body += [
        urgent_card(app),
        current,
        heading("1. 어떤 도움이 필요하세요?", m),
        kind_row,
        heading("2. 연락받을 번호", m),
        tagged(phone, "sos-phone"),
        tagged(location, "sos-location"),
        tagged(note, "sos-note"),
        heading("3. 동의하고 보내기", m),
        tagged(consent_row, "sos-consent-row"),
        status,
        button("SOS 요청 보내기", m, ident="sos-submit", icon=ft.Icons.SOS, on_click=submit,
               expand=True),
        # The help line wraps as text and is one tap away as a call button.
        text(tr("전화로도 요청할 수 있습니다: {CITY_HELP_DESK} {CITY_HELP_PHONE}", CITY_HELP_DESK=catalog.CITY_HELP_DESK, CITY_HELP_PHONE=catalog.CITY_HELP_PHONE), m,
             "body_medium", ident="sos-help-line"),
        call_button(app, tr("{CITY_HELP_PHONE} 전화하기", CITY_HELP_PHONE=catalog.CITY_HELP_PHONE), catalog.CITY_HELP_PHONE,
                    "sos-call-help"),
    ]
    app.page.run_task(load_current)
    return screen(app, f"/f/{FID}", catalog.BY_ID[FID].name_ko, body, ident=f"function-{FID}")


# --- the welfare officer's desk ------------------------------------------------------------
def desk_view(app) -> ft.View:
    m = app.m
    items = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    status = Loader(m, "sos-desk-status")

    async def load(e=None) -> None:
        def show_loaded(q) -> None:
            if not q.items:
                items.controls = [text("접수된 SOS 요청이 없습니다.", m, ident="sos-desk-empty")]
            else:
                items.controls = [
                    tagged(ft.Container(ft.Column([
                        text(tr("{SOS_KINDS} · {SOS_STATUS_KO} · {age_minutes}분 전 접수", SOS_KINDS=SOS_KINDS[i.kind], SOS_STATUS_KO=SOS_STATUS_KO[i.status], age_minutes=i.age_minutes),
                             m, "title_small", bold=True),
                        text(tr("{requester} · {phone_masked} · 회신 {callbacks}회", requester=i.requester, phone_masked=i.phone_masked, callbacks=i.callbacks), m, "body_medium"),
                        text(i.note or "(설명 없음)", m, "body_medium"),
                        button("열기", m, ident=f"sos-desk-open-{i.id}", kind="outlined",
                               on_click=lambda e, rid=i.id: app.go(f"/f/sos/desk/{rid}")),
                    ], spacing=4), padding=12, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER),
                        f"sos-desk-item-{i.id}")
                    for i in q.items]
        await status.load(app.page, lambda: app.api.call(
            "GET", "/sos/desk/queue", SosQueue), show_loaded)

    body = [text("오래 기다린 요청이 위에 있습니다. 전화 후 결과를 기록해 주세요.", m),
            button("새로고침", m, ident="sos-desk-refresh", icon=ft.Icons.REFRESH, kind="outlined",
                   on_click=load), status, items]
    app.page.run_task(load)
    return screen(app, "/f/sos/desk", "SOS 접수 목록", body, ident="sos-desk")


def detail_view(app, request_id: int) -> ft.View:
    m = app.m
    info = ft.Column(spacing=4)
    log = ft.Column(spacing=4)
    status = Loader(m, "sos-detail-status")
    reached = ft.Switch(label="통화 연결됨", value=True,
                        label_text_style=ft.TextStyle(size=m.text("body_large"), font_family=FONT))
    close = ft.Checkbox(label="처리 완료 (이 내용이 결과입니다)", value=False,
                        label_style=ft.TextStyle(size=m.text("body_large"), font_family=FONT))
    note = field(app, "통화 내용", "sos-detail-note")
    data: dict[str, SosDetail | None] = {"d": None}

    def draw(d: SosDetail) -> None:
        data["d"] = d
        info.controls = [
            text(tr("{SOS_KINDS} · {SOS_STATUS_KO} · {age_minutes}분 전", SOS_KINDS=SOS_KINDS[d.kind], SOS_STATUS_KO=SOS_STATUS_KO[d.status], age_minutes=d.age_minutes),
                 m, "title_small", bold=True, ident="sos-detail-state"),
            text(f"{d.requester} · {d.phone}", m, ident="sos-detail-phone"),
            text(tr("위치: {value}", value=d.location or '-'), m, "body_medium"),
            text(tr("설명: {value}", value=d.note or '-'), m, "body_medium"),
        ]
        log.controls = [text(f"{format_datetime_ko(c.at)} {c.officer} · "
                             f"{'연결' if c.reached else '부재'} · {c.note}", m, "body_medium")
                        for c in d.log] or [text("아직 회신 기록이 없습니다.", m, "body_medium")]

    async def load(e=None) -> None:
        await status.load(app.page, lambda: app.api.call(
            "GET", f"/sos/desk/requests/{request_id}", SosDetail), draw, clear=False)

    async def call(e) -> None:
        if data["d"]:
            await app.url_launcher.launch_url("tel:" + data["d"].phone.replace("-", ""))

    async def save(e) -> None:
        body = SosCallbackCreate.model_construct(reached=bool(reached.value),
                                                 note=(note.value or "").strip(),
                                                 close=bool(close.value))
        if not body.note:
            note.error = "통화 내용을 적어 주세요."
            app.page.update()
            return
        note.error = None
        try:
            draw(await app.api.call("POST", f"/sos/desk/requests/{request_id}/callbacks",
                                    SosDetail, json=body))
        except ApiError as err:
            status.error(err.message)
            app.page.update()
            return
        note.value = ""
        status.notice("회신 기록을 저장했습니다.")
        app.page.update()

    body = [info,
            button("전화 걸기", m, ident="sos-detail-call", icon=ft.Icons.PHONE, on_click=call,
                   expand=True),
            heading("회신 기록", m), log,
            tagged(reached, "sos-detail-reached"), tagged(note, "sos-detail-note"),
            tagged(close, "sos-detail-close"), status,
            button("기록 저장", m, ident="sos-detail-save", icon=ft.Icons.SAVE, on_click=save,
                   expand=True)]
    app.page.run_task(load)
    return screen(app, f"/f/sos/desk/{request_id}", "SOS 요청", body, ident="sos-detail")


def inner(app, rest: str):
    parts = rest.strip("/").split("/")
    if parts == ["desk"]:
        return [lambda: desk_view(app)]
    if len(parts) == 2 and parts[0] == "desk" and parts[1].isdigit():
        return [("/f/sos/desk", lambda: desk_view(app)), lambda: detail_view(app, int(parts[1]))]
    return None


FEATURES = (Feature(FID, main_view, inner),)
