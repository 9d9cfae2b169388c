"""/f/points/redeem: 포인트 사용. 광양사랑상품권 (a code and its QR to show at a shop) or a
donation to the city's welfare foundation. Each tap sends one Idempotency-Key, so a retried
request never spends twice."""
from __future__ import annotations

import base64
import uuid

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.account import field
from myg_app.client.features.layout import screen
from myg_app.client.features.points.common import BASE, forget_main, load_summary, panel, pts
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts import points as c

ROUTE = f"{BASE}/redeem"


def _amount(raw: str | None) -> int | None:
    digits = (raw or "").replace(",", "").replace("P", "").replace("원", "").strip()
    return int(digits) if digits.isdigit() and 0 < len(digits) <= 8 else None


def voucher_box(app, v: c.Voucher) -> ft.Control:
    m = app.m
    return panel([
        text("광양사랑상품권이 발급되었습니다", m, "title_small", bold=True, color=ft.Colors.PRIMARY),
        text(tr("{amount_won:,}원", amount_won=v.amount_won), m, "headline_small", bold=True,
             ident="points-voucher-amount-won"),
        text("상품권 번호", m, "body_medium"),
        text(v.code, m, "title_large", bold=True, keep=False, ident="points-voucher-code"),
        tagged(ft.Image(src=base64.b64decode(v.qr_png), width=200, height=200),
               "points-voucher-qr", tr("상품권 {code} QR 코드", code=v.code)),
        text("가맹점에서 이 QR 코드나 번호를 보여 주세요. 번호는 적립·사용 내역에서도 다시 볼 수 "
             "있습니다.", m, "body_medium"),
    ], "points-voucher-result")


def redeem_view(app) -> ft.View:
    m = app.m
    status = Loader(m, "points-redeem-status")
    balance = ft.Column(spacing=4)
    result = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    voucher_amount = field(app, "교환할 포인트", "points-voucher-amount",
                           keyboard=ft.KeyboardType.NUMBER, helper="예: 5000 (1,000포인트 단위)")
    donation_amount = field(app, "기부할 포인트", "points-donation-amount",
                            keyboard=ft.KeyboardType.NUMBER, helper="예: 500")
    info: dict[str, c.PointsSummary] = {}

    def show(s: c.PointsSummary) -> None:
        info["s"] = s
        balance.controls = [text("사용할 수 있는 포인트", m, "title_small"),
                            text(pts(s.balance), m, "headline_small", bold=True,
                                 color=ft.Colors.PRIMARY, ident="points-redeem-balance")]
        voucher_amount.helper = tr("예: 5000 ({voucher_unit:,}포인트 단위)", voucher_unit=s.voucher_unit)
        donation_amount.helper = tr("예: 500 ({donation_min:,}포인트부터)", donation_min=s.donation_min)
        donation_note.value = tr("포인트를 {donation_recipient}에 기부해 어려운 이웃을 돕습니다.", donation_recipient=s.donation_recipient)

    async def reload() -> None:
        await status.load(app.page, lambda: load_summary(app, 0, 1), show, clear=False)

    async def send(kind: str, f: ft.TextField) -> None:
        amount = _amount(f.value)
        if amount is None:
            f.error = "포인트를 숫자로 입력해 주세요."
            app.page.update()
            return
        f.error = None
        key = str(uuid.uuid4())  # one per tap: a retry of this request spends once
        result.controls = []
        status.loading("처리하는 중입니다…")
        app.page.update()
        try:
            out = await app.api.call("POST", "/me/points/redeem", c.Redemption,
                                     json=c.RedeemIn(kind=kind, amount=amount),
                                     idempotency_key=key)
        except ApiError as err:
            status.error(err.message)
            app.page.update()
            return
        forget_main(app)
        f.value = ""
        if out.voucher is not None:
            result.controls = [voucher_box(app, out.voucher)]
            status.notice(tr("{pts}를 상품권으로 바꿨습니다. 남은 포인트 {pts2}", pts=pts(out.amount), pts2=pts(out.balance)))
        else:
            result.controls = [panel([text(tr("{recipient}에 {amount:,}원을 기부했습니다. 고맙습니다.", recipient=out.recipient, amount=out.amount), m, bold=True)], "points-donation-result")]
            status.notice(tr("기부를 마쳤습니다. 남은 포인트 {pts}", pts=pts(out.balance)))
        await reload()
        app.page.update()

    # The recipient is the server's setting: named once the summary has loaded.
    donation_note = text("포인트를 복지재단에 기부해 어려운 이웃을 돕습니다.", m, "body_medium")
    body: list[ft.Control] = [
        panel([balance], "points-redeem-balance-box"), status, result,
        heading("광양사랑상품권으로 바꾸기", m, ident="points-voucher-heading"),
        text("1포인트는 1원입니다. 모바일 상품권 번호와 QR 코드를 바로 드립니다.", m, "body_medium"),
        tagged(voucher_amount, "points-voucher-amount"),
        button("상품권으로 바꾸기", m, ident="points-voucher-submit", icon=ft.Icons.CARD_GIFTCARD,
               on_click=lambda e: app.page.run_task(send, "voucher", voucher_amount), expand=True),
        heading("복지재단에 기부하기", m, ident="points-donation-heading"),
        tagged(donation_note, "points-donation-note"),
        tagged(donation_amount, "points-donation-amount"),
        button("기부하기", m, ident="points-donation-submit", icon=ft.Icons.VOLUNTEER_ACTIVISM,
               on_click=lambda e: app.page.run_task(send, "donation", donation_amount),
               kind="tonal", expand=True),
    ]
    app.page.run_task(reload)
    return screen(app, ROUTE, "포인트 사용", body, ident="points-redeem")
