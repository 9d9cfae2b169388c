"""신청 상세: every step, payment (virtual account), the 배출번호 with its QR code, and
cancellation with refund until the day before pickup."""

from __future__ import annotations

import base64

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.account import field
from myg_app.client.features.layout import screen
from myg_app.client.features.waste.common import BASE, day_ko, won
from myg_app.client.i18n import tr
from myg_app.client.theme import text_style
from myg_app.client.widgets.common import button, heading, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.payments import PaymentOptions, RefundAccount, StartPayment
from myg_app.contracts.waste import BookingOut, CancelRequest, StartPaymentResult
from myg_app.seoul_time import format_datetime_ko


def view(app, booking_id: int) -> ft.View:
    m = app.m
    route = f"{BASE}/bookings/{booking_id}"
    status = Loader(m, "waste-detail-status")
    content = ft.Column(spacing=m.gap * 2)
    state: dict = {"cancelling": False}
    refund_bank = field(app, "환불받을 은행", "waste-refund-bank", hint="예: 농협")
    refund_number = field(app, "계좌번호", "waste-refund-number", keyboard=ft.KeyboardType.NUMBER)
    refund_holder = field(app, "예금주", "waste-refund-holder")

    def box(controls: list[ft.Control], ident: str) -> ft.Control:
        return tagged(ft.Container(ft.Column(controls, spacing=6), padding=14, border_radius=12,
                                   bgcolor=ft.Colors.SURFACE_CONTAINER), ident)

    def render(b: BookingOut) -> None:
        # The label expands beside its icon (a wrapping Row would drop the icon on a line
        # of its own when the date makes the label long).
        steps = [ft.Row([
            ft.Icon(ft.Icons.CHECK_CIRCLE if s.done else ft.Icons.RADIO_BUTTON_UNCHECKED,
                    color=ft.Colors.PRIMARY if s.done else ft.Colors.OUTLINE, size=m.icon * 0.8),
            ft.Text(s.label + (f" · {format_datetime_ko(s.at)}" if s.done and s.at else ""),
                    style=text_style(m.text("body_large"), bold=s.done), expand=True),
        ], vertical_alignment=ft.CrossAxisAlignment.START) for s in b.steps]
        parts: list[ft.Control] = [
            text(b.status_label, m, "title_large", bold=True, color=ft.Colors.PRIMARY,
                 ident="waste-detail-status-label"),
            tagged(ft.Column(steps, spacing=4), "waste-steps"),
        ]
        if b.emission_no and b.status in ("paid", "collected"):
            qr = ([ft.Image(src=base64.b64decode(b.qr_png), width=180, height=180,
                            semantics_label=tr("배출번호 {emission_no} QR 코드", emission_no=b.emission_no))]
                  if b.qr_png else [])
            parts.append(box([
                text("배출번호", m, "title_small"),
                text(b.emission_no, m, "headline_small", bold=True, ident="waste-emission-no"),
                *qr,
                text(tr("배출번호를 종이에 크게 적거나 QR 코드를 인쇄해 물건마다 붙여 주세요. {day_ko} 수거합니다. 전날 밤까지 내놓아 주세요.", day_ko=day_ko(b.pickup_date)), m, "body_medium"),
            ], "waste-emission-box"))
        parts.append(box([
            text(tr("수거일 {day_ko}", day_ko=day_ko(b.pickup_date)), m, bold=True),
            text(f"{b.area_name} · {b.address}", m),
            *([text(tr("전달할 말: {note}", note=b.note), m, "body_medium")] if b.note else []),
            *[text(f"{ln.name} {ln.size_label} × {ln.quantity} = {won(ln.amount)}", m, "body_medium")
              for ln in b.lines],
            text(tr("수수료 {total_fee}", total_fee=won(b.total_fee)), m, "title_small", bold=True, ident="waste-detail-fee"),
        ], "waste-detail-summary"))
        pay = b.payment
        if pay and pay.method == "bank_transfer" and pay.status == "waiting_deposit" and pay.virtual_account:
            va = pay.virtual_account
            parts.append(box([
                heading("입금할 계좌", m),
                text(f"{va.bank} {va.account_number}", m, "title_medium", bold=True,
                     ident="waste-va-number"),
                button("계좌번호 복사", m, ident="waste-va-copy", kind="text", icon=ft.Icons.COPY,
                       on_click=copy(va.account_number.replace("-", ""), "계좌번호를 복사했습니다.")),
                text(tr("예금주 {holder} · 금액 {amount}", holder=va.holder, amount=won(pay.amount)), m, ident="waste-va-amount"),
                text(tr("입금자명 '{depositor}'(으)로 보내 주세요.", depositor=va.depositor), m),
                text(tr("입금 기한 {format_datetime_ko}", format_datetime_ko=format_datetime_ko(va.due_at)), m, "body_medium"),
                text("입금하면 담당자가 확인한 뒤 배출번호를 드립니다. 알림으로 알려드립니다.", m, "body_medium"),
                button("입금 확인 여부 새로고침", m, ident="waste-refresh", kind="outlined",
                       icon=ft.Icons.REFRESH, on_click=load),
            ], "waste-va-box"))
        if b.status == "pending_payment":
            parts.append(heading("결제 방법 고르기", m, ident="waste-pay-heading"))
            parts.append(button(tr("계좌이체로 {total_fee} 내기", total_fee=won(b.total_fee)), m, ident="waste-pay-bank",
                                icon=ft.Icons.ACCOUNT_BALANCE, on_click=pay_with("bank_transfer"),
                                expand=True))
            if "card" in state.get("methods", ()):
                parts.append(button("카드로 결제 (토스페이먼츠)", m, ident="waste-pay-card",
                                    icon=ft.Icons.CREDIT_CARD, kind="outlined",
                                    on_click=pay_with("card"), expand=True))
            if pay and pay.method == "card" and pay.status == "ready":
                parts.append(text("카드 결제창에서 결제를 마친 뒤 아래 버튼을 눌러 주세요.", m,
                                  "body_medium", ident="waste-card-hint"))
                parts.append(button("결제 확인 새로고침", m, ident="waste-refresh", kind="outlined",
                                    icon=ft.Icons.REFRESH, on_click=load, expand=True))
        if pay and pay.status == "refund_pending":
            parts.append(text(tr("환불 {refund_amount}: 알려주신 계좌로 보내는 중입니다.", refund_amount=won(pay.refund_amount)), m,
                              ident="waste-refund-pending"))
        if b.can_cancel:
            parts.append(text(tr("취소·환불은 {day_ko}까지 할 수 있습니다.", day_ko=day_ko(b.cancel_until)), m,
                              "body_medium", ident="waste-cancel-until"))
            if not state["cancelling"]:
                parts.append(button("신청 취소", m, ident="waste-cancel", kind="outlined",
                                    icon=ft.Icons.CANCEL, on_click=start_cancel, expand=True))
            else:
                needs_account = bool(pay and pay.method == "bank_transfer" and pay.status == "done")
                if needs_account:
                    parts += [text(tr("낸 수수료 {amount}을 돌려받을 계좌를 적어 주세요.", amount=won(pay.amount)), m),
                              tagged(refund_bank, "waste-refund-bank"),
                              tagged(refund_number, "waste-refund-number"),
                              tagged(refund_holder, "waste-refund-holder")]
                parts.append(button("취소 확정", m, ident="waste-cancel-confirm",
                                    icon=ft.Icons.CHECK, on_click=cancel(needs_account),
                                    expand=True))
        content.controls = parts
        state["booking"] = b

    def copy(value: str, done: str):
        async def handler(e) -> None:
            # A service must stay referenced for the session: keep one on the app object.
            clip = app.state.services.get("clipboard")
            if clip is None:
                clip = app.state.services["clipboard"] = ft.Clipboard()
            await clip.set(value)
            status.notice(done)
            app.page.update()
        return handler

    def pay_with(method: str):
        async def handler(e) -> None:
            status.loading("결제를 준비하는 중입니다…")
            app.page.update()
            try:
                res = await app.api.call("POST", f"/waste/bookings/{booking_id}/payment",
                                         StartPaymentResult, json=StartPayment(method=method))
            except ApiError as err:
                status.error(err.message)
                app.page.update()
                return
            status.clear()
            if res.checkout is not None:
                # The gateway's window runs in the browser: our page opens it there.
                await app.url_launcher.launch_url(res.checkout.checkout_url)
                status.notice("결제창을 열었습니다. 결제를 마치면 배출번호가 나옵니다.")
            render(res.booking)
            app.page.update()
        return handler

    async def start_cancel(e) -> None:
        state["cancelling"] = True
        render(state["booking"])
        app.page.update()

    def cancel(needs_account: bool):
        async def handler(e) -> None:
            account = None
            if needs_account:
                try:
                    account = RefundAccount(bank=(refund_bank.value or "").strip(),
                                            account_number=(refund_number.value or "").strip(),
                                            holder=(refund_holder.value or "").strip())
                except ValueError:
                    status.error("은행, 계좌번호(숫자와 -), 예금주를 모두 바르게 적어 주세요.")
                    return
            status.loading("취소하는 중입니다…")
            app.page.update()
            try:
                b = await app.api.call("POST", f"/waste/bookings/{booking_id}/cancel", BookingOut,
                                       json=CancelRequest(reason="신청인 취소",
                                                          refund_account=account))
            except ApiError as err:
                status.error(err.message)
                app.page.update()
                return
            state["cancelling"] = False
            status.notice("신청을 취소했습니다.")
            render(b)
            app.page.update()
        return handler

    async def load(e=None) -> None:
        async def fetch() -> BookingOut:
            b = await app.api.call("GET", f"/waste/bookings/{booking_id}", BookingOut)
            if b.status == "pending_payment" and "methods" not in state:
                opts = await app.api.call("GET", "/waste/payment-options", PaymentOptions,
                                          auth=False)
                state["methods"] = opts.methods
            return b

        await status.load(app.page, fetch, render)

    app.page.run_task(load)
    return screen(app, route, "신청 내역", [status, content], ident="waste-detail")
