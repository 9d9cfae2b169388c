"""나의 예약 (upcoming and past, with notices), one booking with its QR code, and the
confirmation screen shown right after booking."""

from __future__ import annotations

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.layout import screen
from myg_app.client.features.reservations.common import (
    API,
    STATUS_COLORS,
    base,
    card,
    run_if_top,
    styled,
    tap_card,
    won,
)
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.notices import NoticeList
from myg_app.contracts.reservations import (
    KIND_NAMES,
    METHOD_NAMES,
    PAYMENT_NAMES,
    BookingOut,
    MyBookings,
    QrOut,
)
from myg_app.seoul_time import format_datetime_ko


def _status_line(app, b: BookingOut) -> ft.Control:
    m = app.m
    extra = ""
    if b.status == "waitlisted" and b.waitlist_position:
        extra = tr(" {waitlist_position}번", waitlist_position=b.waitlist_position)
    if b.late_cancel:
        extra = " (늦은 취소)"
    return text(b.status_ko + extra, m, "title_small", bold=True,
                color=STATUS_COLORS.get(b.status), ident=f"rsv-status-{b.id}")


def _fee_line(b: BookingOut) -> str:
    if b.fee == 0:
        return "사용료 무료"
    paid = PAYMENT_NAMES[b.payment_status]
    how = f" ({METHOD_NAMES[b.payment_method]})" if b.payment_method else ""
    return tr("사용료 {fee} · {paid}{how}", fee=won(b.fee), paid=paid, how=how)


def _summary(app, fid: str, b: BookingOut) -> ft.Control:
    m = app.m
    content = ft.Column([
        ft.Row([_status_line(app, b), text(KIND_NAMES[b.kind], m, "body_medium")],
               alignment=ft.MainAxisAlignment.SPACE_BETWEEN, wrap=True),
        text(b.resource_name, m, bold=True),
        text(b.when_ko, m, "body_medium"),
        text(_fee_line(b), m, "body_medium"),
    ], spacing=4)
    return tap_card(content, ident=f"rsv-booking-{b.id}",
                    label=f"{b.resource_name} {b.when_ko} {b.status_ko}",
                    on_click=lambda e: app.go(f"{base(fid)}/b/{b.id}"))


def done_title(b: BookingOut) -> str:
    """The result page's title, matching the booking's state."""
    if b.status == "confirmed":
        return "수강 신청 완료" if b.kind == "course" else "예약 완료"
    return {"pending": "신청 완료 (승인 대기)", "applied": "추첨 신청 완료",
            "waitlisted": "대기 등록", "rejected": "신청 반려",
            "cancelled": "취소된 예약"}.get(b.status, "신청 결과")


def _deadline_warning(app, b: BookingOut, ident: str = "rsv-cancel-deadline-warning") -> ft.Control:
    """The free-cancellation deadline has passed: say so, and what cancelling now means."""
    m = app.m
    msg = (tr("무료 취소 기한({format_datetime_ko})이 지났습니다. 지금 취소하면 늦은 취소로 기록됩니다.", format_datetime_ko=format_datetime_ko(b.cancel_deadline)))
    return tagged(ft.Row([
        ft.Icon(ft.Icons.WARNING_AMBER, color=ft.Colors.ERROR, size=m.icon * 0.8),
        styled(text(msg, m, "body_large", bold=True, color=ft.Colors.ERROR), expand=True),
    ], vertical_alignment=ft.CrossAxisAlignment.START), ident)


def mine_view(app, fid: str) -> ft.View:
    m = app.m
    status = Loader(m, "rsv-mine-status")
    notices = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    upcoming = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    past = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    async def load(e=None) -> None:
        async def fetch():
            res = await app.api.call("GET", f"{API}/bookings/mine", MyBookings)
            news = await app.api.call("GET", "/me/notices", NoticeList)
            return res, news

        def show_loaded(data) -> None:
            res, news = data
            fresh = [n for n in news.items if n.kind.startswith("booking.") and not n.read][:5]
            notices.controls = [tagged(card(ft.Column([
                text(n.title, m, bold=True), text(n.body, m, "body_medium"),
                text(format_datetime_ko(n.created_at), m, "body_small")], spacing=2)),
                f"rsv-notice-{n.id}") for n in fresh]
            if fresh:
                notices.controls.insert(0, heading("새 알림", m, ident="rsv-notices-heading"))
            upcoming.controls = [_summary(app, fid, b) for b in res.upcoming] or [
                text("다가오는 예약이 없습니다.", m, ident="rsv-upcoming-empty")]
            past.controls = [_summary(app, fid, b) for b in res.past] or [
                text("지난 예약이 없습니다.", m, ident="rsv-past-empty")]

        await status.load(app.page, fetch, show_loaded)

    body = [notices, status, heading("다가오는 예약", m, ident="rsv-upcoming-heading"), upcoming,
            heading("지난 예약·취소", m, ident="rsv-past-heading"), past]
    view = screen(app, f"{base(fid)}/mine", "나의 예약", body, ident="rsv-mine")
    run_if_top(app, view, load)
    return view


def booking_view(app, fid: str, bid: int, *, done: bool = False) -> ft.View:
    m = app.m
    status = Loader(m, "rsv-booking-status")
    details = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    qr_box = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.CENTER)
    actions = ft.Column(spacing=m.gap)

    async def cancel(e) -> None:
        status.loading("취소하는 중입니다…")
        app.page.update()
        try:
            b = await app.api.call("POST", f"{API}/bookings/{bid}/cancel", BookingOut)
        except ApiError as err:
            status.error(err.message)
            app.page.update()
            return
        status.notice("예약을 취소했습니다." + (" 취소 기한이 지나 늦은 취소로 기록되었습니다." if b.late_cancel else ""))
        show(b)
        qr_box.controls = []
        app.page.update()

    async def ask_cancel(e) -> None:
        b = state["b"]
        late = ([_deadline_warning(app, b, ident="rsv-cancel-late")]
                if b.cancel_deadline_passed and b.status in ("confirmed", "pending") else [])
        actions.controls = [
            text("정말 취소할까요?", m, bold=True, ident="rsv-cancel-question"), *late,
            button("예, 취소합니다", m, ident="rsv-cancel-confirm", icon=ft.Icons.CANCEL,
                   on_click=cancel, expand=True),
            button("아니요", m, ident="rsv-cancel-keep", kind="outlined",
                   on_click=lambda e: (show(state["b"]), app.page.update()), expand=True),
        ]

    state: dict = {}

    def show(b: BookingOut) -> None:
        state["b"] = b
        rows = [
            ft.Row([_status_line(app, b), text(KIND_NAMES[b.kind], m, "body_medium")],
                   alignment=ft.MainAxisAlignment.SPACE_BETWEEN, wrap=True),
            text(b.resource_name, m, "title_medium", bold=True, ident="rsv-booking-name"),
            text(b.place, m, "body_medium"),
            text(b.when_ko, m, ident="rsv-booking-when"),
            text(_fee_line(b), m, ident="rsv-booking-fee"),
        ]
        if b.status == "pending":
            rows.append(text("담당자가 확인한 뒤 승인 여부를 알림으로 알려 드립니다.", m, "body_medium"))
        if b.status == "applied":
            rows.append(text("신청 기간이 끝나면 추첨하고 결과를 알림으로 알려 드립니다.", m, "body_medium"))
        if b.status == "waitlisted":
            rows.append(text("취소가 생기면 순서대로 자동 확정되고 알림을 드립니다.", m, "body_medium"))
        if b.decision_reason:
            rows.append(text(tr("반려 사유: {decision_reason}", decision_reason=b.decision_reason), m, ident="rsv-booking-reason",
                             color=ft.Colors.ERROR))
        if b.purpose:
            rows.append(text(tr("목적: {purpose} · {headcount}명", purpose=b.purpose, headcount=b.headcount), m, "body_medium"))
        if b.topic:
            rows.append(text(tr("상담 분야: {topic}", topic=b.topic), m, "body_medium"))
        if b.fee and b.payment_status == "unpaid" and b.status in ("confirmed", "pending"):
            rows.append(text("사용료는 이용 당일 현장에서 내거나 담당 부서 계좌로 이체해 주세요.", m, "body_medium"))
        if b.can_cancel and b.status in ("confirmed", "pending"):
            if b.cancel_deadline_passed:
                rows.append(_deadline_warning(app, b))
            else:
                rows.append(text(tr("무료 취소 기한: {format_datetime_ko}", format_datetime_ko=format_datetime_ko(b.cancel_deadline)), m,
                                 "body_medium", ident="rsv-cancel-deadline"))
        details.controls = [card(ft.Column(rows, spacing=4))]
        acts = []
        if b.can_cancel:
            acts.append(button("예약 취소", m, ident="rsv-cancel", icon=ft.Icons.CANCEL,
                               kind="outlined", on_click=ask_cancel, expand=True))
        acts.append(button("나의 예약", m, ident="rsv-to-mine", icon=ft.Icons.EVENT_NOTE,
                           kind="tonal", on_click=lambda e: app.go(f"{base(fid)}/mine"), expand=True))
        actions.controls = acts

    async def load(e=None) -> None:
        async def fetch():
            b = await app.api.call("GET", f"{API}/bookings/{bid}", BookingOut)
            qr = (await app.api.call("GET", f"{API}/bookings/{bid}/qr", QrOut)
                  if b.status == "confirmed" else None)
            return b, qr

        def show_loaded(data) -> None:
            b, qr = data
            if done:  # the title says what happened: 예약 완료 only when it is confirmed
                title.value = done_title(b)
                status.notice({"confirmed": "예약이 확정되었습니다.", "pending": "신청이 접수되었습니다. 승인을 기다려 주세요.",
                               "applied": "추첨 신청이 접수되었습니다.",
                               "waitlisted": tr("정원이 차서 대기 {waitlist_position}번으로 신청되었습니다.", waitlist_position=b.waitlist_position)}.get(
                    b.status, "처리되었습니다."))
            show(b)
            if qr is not None:
                size = 260 if m.large else 220
                qr_box.controls = [
                    heading("입장 확인 QR", m),
                    tagged(ft.Image(src=qr.png_base64, width=size, height=size,
                                    semantics_label="입장 확인용 QR 코드"), "rsv-qr"),
                    text(tr("입장 코드 {code}-{code2}", code=qr.code[:5], code2=qr.code[5:]), m, "title_small", bold=True,
                         selectable=True, ident="rsv-qr-code"),
                    text("현장 담당자에게 QR을 보여 주거나 코드를 불러 주세요.", m, "body_medium"),
                ]

        await status.load(app.page, fetch, show_loaded)

    route = f"{base(fid)}/done/{bid}" if done else f"{base(fid)}/b/{bid}"
    view = screen(app, route, "신청 결과" if done else "예약 상세", [status, details, qr_box, actions],
                  ident="rsv-done" if done else "rsv-booking")
    title: ft.Text = view.appbar.title.content  # layout.screen: Semantics(header) over the Text
    run_if_top(app, view, load)
    return view
