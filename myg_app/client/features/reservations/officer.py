"""Officer screens (same app, shown by role): check-in by typed code, pending approvals,
the department's resources with schedule, closures and the day sheet with payments.

Camera scanning is not offered here: the QR carries the same code the citizen can read out,
and typing it works on every device (a scanner app can also type it into the field)."""

from __future__ import annotations

from datetime import date, time

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.account import field_styles
from myg_app.client.features.layout import screen
from myg_app.client.features.reservations.common import (
    API,
    STATUS_COLORS,
    base,
    card,
    run_if_top,
    tap_card,
    won,
)
from myg_app.client.i18n import tr
from myg_app.client.theme import FONT
from myg_app.client.widgets.common import button, heading, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.reservations import (
    METHOD_NAMES,
    PAYMENT_NAMES,
    CheckinIn,
    ClosureIn,
    ClosureList,
    OfficerBookingList,
    OfficerBookingOut,
    PaymentIn,
    RejectIn,
    ResourceList,
    ResourceOut,
    SchedulePatch,
)
from myg_app.seoul_time import today_seoul, weekday, weekdays_joined

OFF = f"{API}/officer"


def _field(app, label: str, **kw) -> ft.TextField:
    fs = ft.TextStyle(size=app.m.text("body_large"), font_family=FONT)
    return ft.TextField(label=label, **{**field_styles(app.m), "label_style": fs},
                        helper_max_lines=3, **kw)


def home_view(app, fid: str) -> ft.View:
    m = app.m
    status = Loader(m, "rsv-off-status")
    code = _field(app, "입장 코드", helper="예약자 화면의 코드 (예: ABCDE-FGHJK)",
                  capitalization=ft.TextCapitalization.CHARACTERS)
    checked = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    pending = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    resources = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    async def checkin(e) -> None:
        if not (code.value or "").strip():
            status.error("입장 코드를 입력해 주세요.")
            return
        status.loading("확인하는 중입니다…")
        app.page.update()
        try:
            b = await app.api.call("POST", f"{OFF}/checkin", OfficerBookingOut,
                                   json=CheckinIn(code=code.value.strip()))
        except ApiError as err:
            status.error(err.message)
            app.page.update()
            return
        code.value = ""
        status.notice(tr("입장 확인: {user_name} · {resource_name} · {when_ko}", user_name=b.user_name, resource_name=b.resource_name, when_ko=b.when_ko))
        checked.controls = [_booking_card(app, b)]
        app.page.update()

    code.on_submit = checkin

    def decide(b: OfficerBookingOut):
        reason = _field(app, "반려 사유", helper="신청자에게 보입니다.", max_length=200)

        async def approve(e) -> None:
            await _act(f"{OFF}/bookings/{b.id}/approve", None, "승인했습니다. 신청자에게 알림이 갔습니다.")

        async def reject(e) -> None:
            if len((reason.value or "").strip()) < 2:
                reason.error = "반려 사유를 2자 이상 적어 주세요."
                app.page.update()
                return
            await _act(f"{OFF}/bookings/{b.id}/reject", RejectIn(reason=reason.value.strip()),
                       "반려했습니다. 신청자에게 사유와 함께 알림이 갔습니다.")

        row = ft.Row([button("승인", m, ident=f"rsv-approve-{b.id}", icon=ft.Icons.CHECK,
                             on_click=approve),
                      button("반려", m, ident=f"rsv-reject-{b.id}", icon=ft.Icons.CLOSE,
                             kind="outlined", on_click=reject)], wrap=True)
        return tagged(card(ft.Column([
            text(f"{b.resource_name}", m, bold=True),
            text(tr("{when_ko} · {user_name} · {headcount}명", when_ko=b.when_ko, user_name=b.user_name, headcount=b.headcount), m, "body_medium"),
            text(tr("목적: {value} · 사용료 {fee}", value=b.purpose or '-', fee=won(b.fee)), m, "body_medium"),
            tagged(reason, f"rsv-reason-{b.id}"), row], spacing=6)), f"rsv-pending-{b.id}")

    async def _act(path: str, body, done: str) -> None:
        await status.perform(app.page, lambda: app.api.call("POST", path, OfficerBookingOut, json=body),
                             done=done, then=load)

    async def load(e=None) -> None:
        async def fetch():
            p = await app.api.call("GET", f"{OFF}/bookings", OfficerBookingList,
                                   params={"status": "pending"})
            rs = await app.api.call("GET", f"{OFF}/resources", ResourceList)
            return p, rs

        def show_loaded(data) -> None:
            p, rs = data
            pending.controls = [decide(b) for b in p.items] or [
                text("승인을 기다리는 신청이 없습니다.", m, ident="rsv-pending-empty")]
            resources.controls = [tap_card(ft.Column([
                text(r.name, m, bold=True),
                text(f"{r.dong} · {r.category} · {'운영 중' if r.is_active else '중지'}", m, "body_medium"),
            ], spacing=2), ident=f"rsv-off-resource-{r.id}", label=tr("{name} 관리", name=r.name),
                on_click=lambda e, rid=r.id: app.go(f"{base(fid)}/officer/r/{rid}"))
                for r in rs.items]

        await status.load(app.page, fetch, show_loaded)

    body = [
        heading("입장 확인", m, ident="rsv-checkin-heading"),
        text("예약자의 QR 화면에 적힌 코드를 입력합니다 (대시와 대소문자는 상관없음).", m, "body_medium"),
        tagged(code, "rsv-checkin-code"),
        button("입장 확인", m, ident="rsv-checkin-submit", icon=ft.Icons.QR_CODE_SCANNER,
               on_click=checkin, expand=True),
        status, checked,
        heading("승인 대기", m, ident="rsv-pending-heading"), pending,
        heading("담당 시설·강좌", m), resources,
    ]
    view = screen(app, f"{base(fid)}/officer", "예약 담당자", body, ident="rsv-off")
    run_if_top(app, view, load)
    return view


def _booking_card(app, b: OfficerBookingOut, actions: list[ft.Control] | None = None) -> ft.Control:
    m = app.m
    pay = "무료" if b.payment_status == "free" else (
        f"{won(b.fee)} {PAYMENT_NAMES[b.payment_status]}"
        + (f" ({METHOD_NAMES[b.payment_method]})" if b.payment_method else ""))
    lines = [
        ft.Row([text(b.status_ko, m, bold=True, color=STATUS_COLORS.get(b.status)),
                text("입장 확인됨" if b.checked_in_at else "", m, "body_medium",
                     color=ft.Colors.PRIMARY)], wrap=True),
        text(f"{b.when_ko} · {b.user_name}" + (tr(" · {headcount}명", headcount=b.headcount) if b.headcount > 1 else ""),
             m, "body_medium"),
        text(tr("사용료: {pay}", pay=pay) + (" · 늦은 취소" if b.late_cancel else ""), m, "body_medium"),
    ]
    return tagged(card(ft.Column(lines + (actions or []), spacing=4)), f"rsv-sheet-{b.id}")


def resource_view(app, fid: str, rid: int) -> ft.View:
    m = app.m
    status = Loader(m, "rsv-res-status")
    info = ft.Column(spacing=4)
    opens, closes = _field(app, "여는 시간 (HH:MM)"), _field(app, "닫는 시간 (HH:MM)")
    week = ft.Row(wrap=True, spacing=m.gap, run_spacing=m.gap)
    approval = ft.Switch(label="담당자 승인 후 확정", value=False,
                         label_text_style=ft.TextStyle(size=m.text("body_large"), font_family=FONT))
    open_days: set[int] = set()

    def render_week() -> None:
        week.controls = [button(weekday(i), m, ident=f"rsv-weekday-{i}",
                                kind="filled" if i in open_days else "outlined",
                                on_click=toggle_day(i)) for i in range(7)]

    def toggle_day(i: int):
        def handler(e) -> None:
            open_days.symmetric_difference_update({i})
            render_week()
        return handler
    cl_from, cl_to = _field(app, "휴관 시작일 (YYYY-MM-DD)"), _field(app, "휴관 끝일 (YYYY-MM-DD)")
    cl_reason = _field(app, "휴관 사유", max_length=200)
    closures = ft.Column(spacing=m.gap)
    sheet_day = _field(app, "날짜 (YYYY-MM-DD)", value=today_seoul().isoformat())
    sheet = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    async def call(method: str, path: str, model, body, done: str) -> bool:
        status.loading("저장하는 중입니다…")
        app.page.update()
        try:
            await app.api.call(method, path, model, json=body)
        except ApiError as err:
            status.error(err.message)
            app.page.update()
            return False
        status.notice(done)
        return True

    async def save_hours(e) -> None:
        try:
            body = SchedulePatch(opens=time.fromisoformat(opens.value or ""),
                                 closes=time.fromisoformat(closes.value or ""),
                                 weekdays=sorted(open_days),
                                 mode="approval" if approval.value else "instant")
        except ValueError:
            status.error("시간은 09:00 같은 형식으로 입력해 주세요.")
            app.page.update()
            return
        if await call("PATCH", f"{OFF}/resources/{rid}", ResourceOut, body, "운영 일정을 저장했습니다."):
            await load()

    async def add_closure(e) -> None:
        try:
            body = ClosureIn(starts_on=date.fromisoformat(cl_from.value or ""),
                             ends_on=date.fromisoformat(cl_to.value or cl_from.value or ""),
                             reason=(cl_reason.value or "").strip())
        except ValueError:
            status.error("날짜는 2026-12-24 같은 형식으로, 사유는 2자 이상 입력해 주세요.")
            app.page.update()
            return
        if await call("POST", f"{OFF}/resources/{rid}/closures", None, body,
                      "휴관일을 지정했습니다. 그날은 예약할 수 없습니다."):
            cl_from.value = cl_to.value = cl_reason.value = ""
            await load()

    def remove_closure(cid: int):
        async def handler(e) -> None:
            if await call("DELETE", f"{OFF}/closures/{cid}", None, None, "휴관을 취소했습니다."):
                await load()
        return handler

    def pay(bid: int, method: str):
        async def handler(e) -> None:
            if await call("POST", f"{OFF}/bookings/{bid}/payment", OfficerBookingOut,
                          PaymentIn(method=method), tr("{METHOD_NAMES} 납부를 기록했습니다.", METHOD_NAMES=METHOD_NAMES[method])):
                await load_sheet()
        return handler

    async def load_sheet(e=None) -> None:
        try:
            day = date.fromisoformat(sheet_day.value or "")
        except ValueError:
            status.error("날짜는 2026-12-24 같은 형식으로 입력해 주세요.")
            app.page.update()
            return
        def show_loaded(res) -> None:
            rows = []
            for b in res.items:
                acts = []
                if b.payment_status == "unpaid" and b.status in ("confirmed", "pending"):
                    acts = [ft.Row([
                        button("현장 납부", m, ident=f"rsv-pay-onsite-{b.id}", kind="outlined",
                               on_click=pay(b.id, "onsite")),
                        button("계좌이체 확인", m, ident=f"rsv-pay-transfer-{b.id}", kind="outlined",
                               on_click=pay(b.id, "transfer"))], wrap=True)]
                rows.append(_booking_card(app, b, acts))
            sheet.controls = rows or [text("이날 예약이 없습니다.", m, ident="rsv-sheet-empty")]

        await status.load(app.page, lambda: app.api.call(
            "GET", f"{OFF}/bookings", OfficerBookingList,
            params={"resource_id": rid, "day": day.isoformat()}), show_loaded, clear=False)

    async def load(e=None) -> None:
        async def fetch():
            rs = await app.api.call("GET", f"{OFF}/resources", ResourceList)
            cls = await app.api.call("GET", f"{OFF}/resources/{rid}/closures", ClosureList)
            return rs, cls

        async def show_loaded(data) -> None:
            rs, cls = data
            r = next((x for x in rs.items if x.id == rid), None)
            if r is None:
                status.error("담당 부서의 시설이 아닙니다.")
                app.page.update()
                return
            info.controls = [text(r.name, m, "title_medium", bold=True, ident="rsv-res-name"),
                             text(tr("{place} · 정원/동시 {capacity}", place=r.place, capacity=r.capacity), m, "body_medium"),
                             text(tr("현재 운영 {join} {opens:%H:%M}~{closes:%H:%M}, {slot_minutes}분 단위, {value}", join=weekdays_joined(r.weekdays), opens=r.opens, closes=r.closes, slot_minutes=r.slot_minutes, value='승인 후 확정' if r.mode == 'approval' else '바로 확정'), m,
                                  "body_medium", ident="rsv-res-hours")]
            opens.value, closes.value = f"{r.opens:%H:%M}", f"{r.closes:%H:%M}"
            open_days.clear()
            open_days.update(r.weekdays)
            approval.value = r.mode == "approval"
            render_week()
            closures.controls = [ft.Row([
                text(f"{c.starts_on} ~ {c.ends_on} · {c.reason}", m, "body_medium"),
                button("휴관 취소", m, ident=f"rsv-closure-del-{c.id}", kind="text",
                       on_click=remove_closure(c.id))], wrap=True) for c in cls.items] or [
                text("지정된 휴관일이 없습니다.", m, "body_medium", ident="rsv-closures-empty")]
            await load_sheet()

        await status.load(app.page, fetch, show_loaded, clear=False)

    body = [
        info, status,
        heading("일일 명단", m, ident="rsv-sheet-heading"),
        tagged(sheet_day, "rsv-sheet-day"),
        button("명단 보기", m, ident="rsv-sheet-load", icon=ft.Icons.LIST, kind="outlined",
               on_click=load_sheet, expand=True),
        sheet,
        heading("운영 일정", m),
        ft.Column([tagged(opens, "rsv-opens"), tagged(closes, "rsv-closes")], spacing=m.gap),
        text("운영 요일 (누르면 바뀝니다)", m, "body_medium"), week,
        tagged(approval, "rsv-approval"),
        button("운영 일정 저장", m, ident="rsv-hours-save", icon=ft.Icons.SAVE, on_click=save_hours,
               expand=True),
        heading("휴관일", m, ident="rsv-closures-heading"), closures,
        tagged(cl_from, "rsv-closure-from"), tagged(cl_to, "rsv-closure-to"),
        tagged(cl_reason, "rsv-closure-reason"),
        button("휴관 지정", m, ident="rsv-closure-add", icon=ft.Icons.EVENT_BUSY, on_click=add_closure,
               expand=True),
    ]
    view = screen(app, f"{base(fid)}/officer/r/{rid}", "시설 관리", body, ident="rsv-res")
    run_if_top(app, view, load)
    return view
