"""내 주문 (/f/market/orders) and one order (/f/market/orders/<id>): its state, the timeline,
each shop's part, payment (virtual account, card or voucher window), refunds, 주문 취소,
받았어요 and the review. An open active order updates by itself (a poll every few seconds);
a change of state is announced."""

from __future__ import annotations

import flet as ft
from pydantic import ValidationError

from myg_app.client import voice
from myg_app.client.api import ApiError
from myg_app.client.features.account import field
from myg_app.client.features.layout import screen
from myg_app.client.features.market.common import (
    API,
    BASE,
    FULFILMENT_KO,
    REFUND_STATUS_KO,
    choices,
    copy_text,
    panel,
    poll,
)
from myg_app.client.features.news.common import chip
from myg_app.client.features.waste.common import won
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import (
    StatusPanel,
    button,
    heading,
    tagged,
    tappable,
    text,
)
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.market import (
    METHOD_KO,
    CancelIn,
    OrderList,
    OrderOut,
    RefundAccountIn,
    ReviewIn,
)
from myg_app.contracts.payments import RefundAccount
from myg_app.seoul_time import format_datetime_ko

FINAL = ("completed", "cancelled")


# --- /f/market/orders -----------------------------------------------------------------------
def list_view(app) -> ft.View:
    m = app.m
    status = Loader(m, "market-orders-status")
    items = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    def show(res: OrderList) -> bool:
        items.controls = [_summary(app, o) for o in res.items]
        return bool(res.items)

    async def load(e=None) -> None:
        await status.load(app.page, lambda: app.api.call("GET", f"{API}/orders", OrderList),
                          show, what="주문 내역을 불러오는 중입니다…",
                          empty="아직 주문한 내역이 없습니다.")

    app.page.run_task(load)
    return screen(app, f"{BASE}/orders", "내 주문", [status, items], ident="market-orders-view")


def _summary(app, o: OrderOut) -> ft.Control:
    m = app.m
    go = f"{BASE}/orders/{o.id}"
    content = ft.Container(ft.Column([
        ft.Row([chip(app, o.status_ko), text(won(o.total), m, "title_small", bold=True)],
               wrap=True, spacing=m.gap, run_spacing=4),
        text(f"{o.market_name} · {FULFILMENT_KO[o.fulfilment]}", m),
        text(tr("{slot_label} · 주문번호 {order_no}", slot_label=o.slot_label, order_no=o.order_no), m, "body_medium",
             color=ft.Colors.ON_SURFACE_VARIANT),
    ], spacing=4), bgcolor=ft.Colors.SURFACE_CONTAINER, border_radius=12, padding=12,
        on_click=lambda e: app.go(go))
    label = tr("{market_name} {status_ko} {total} {slot_label} 주문번호 {order_no}", market_name=o.market_name, status_ko=o.status_ko, total=won(o.total), slot_label=o.slot_label, order_no=o.order_no)
    return tappable(content, ident=f"market-order-{o.id}", label=label,
                    on_click=lambda e: app.go(go))


# --- /f/market/orders/<id> ------------------------------------------------------------------
def view(app, order_id: int) -> ft.View:
    m = app.m
    route = f"{BASE}/orders/{order_id}"
    status = Loader(m, "market-detail-status")
    # Where the buttons at the bottom (취소, 환불 계좌, 후기) say how it went, beside them.
    acting = StatusPanel(m, "market-action-status")
    content = ft.Column(spacing=m.gap * 2, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    st: dict = {"order": None, "cancelling": False, "rating": 5}
    bank = field(app, "환불받을 은행", "market-refund-bank", hint="예: 농협")
    number = field(app, "계좌번호", "market-refund-number", keyboard=ft.KeyboardType.NUMBER)
    holder = field(app, "예금주", "market-refund-holder")
    review = field(app, "후기 (선택)", "market-review-text",
                   helper="예: 채소가 싱싱했어요. 500자까지 적을 수 있습니다.")
    review.multiline, review.min_lines = True, 2

    def account_fields() -> list[ft.Control]:
        return [tagged(bank, "market-refund-bank"), tagged(number, "market-refund-number"),
                tagged(holder, "market-refund-holder")]

    def render(o: OrderOut) -> None:
        st["order"] = o
        parts: list[ft.Control] = [
            text(o.status_ko, m, "headline_small", bold=True, color=ft.Colors.PRIMARY,
                 ident="market-order-status"),
            text(tr("{market_name} · 주문번호 {order_no}", market_name=o.market_name, order_no=o.order_no), m, ident="market-order-no"),
            text(tr("주문 {format_datetime_ko}", format_datetime_ko=format_datetime_ko(o.created_at)), m, "body_medium",
                 color=ft.Colors.ON_SURFACE_VARIANT),
        ]
        parts += _payment(app, o, status)
        if o.status == "delivering":
            note = ("상점에서 준비를 마쳤습니다. 고른 시간에 찾아가세요." if o.fulfilment == "pickup"
                    else "배달하고 있습니다.")
            parts += [text(note + " 받으면 아래 버튼을 눌러 주세요.", m, ident="market-received-note"),
                      button("받았어요", m, ident="market-received", icon=ft.Icons.DONE_ALL,
                             on_click=received, expand=True)]
        parts.append(_facts(app, o))
        parts += [heading("상점별 준비 상황", m, ident="market-parts-heading"),
                  *[_part(app, p) for p in o.parts]]
        parts += [heading("진행 기록", m, ident="market-timeline-heading"),
                  tagged(ft.Column([_entry(app, t) for t in o.timeline], spacing=4),
                         "market-timeline")]
        parts += _refunds(o)
        parts += _cancel(o)
        parts += _review(o)
        content.controls = parts

    def _refunds(o: OrderOut) -> list[ft.Control]:
        if not o.refunds:
            return []
        out: list[ft.Control] = [heading("환불", m, ident="market-refunds-heading")]
        for r in o.refunds:
            out.append(panel([
                text(f"{won(r.amount)} · {REFUND_STATUS_KO.get(r.status, r.status)}", m,
                     bold=True),
                text(r.reason, m, "body_medium")], f"market-refund-{r.id}"))
        if any(r.status == "needs_account" for r in o.refunds) and not st["cancelling"]:
            out += [text("계좌이체로 낸 돈은 알려 주신 계좌로 돌려 드립니다. 환불받을 계좌를 적어 "
                         "주세요.", m, ident="market-refund-note"),
                    *account_fields(),
                    button("환불 계좌 보내기", m, ident="market-refund-submit",
                           icon=ft.Icons.SEND, on_click=send_account, expand=True)]
        return out

    def _cancel(o: OrderOut) -> list[ft.Control]:
        if not o.can_cancel:
            return []
        if not st["cancelling"]:
            return [button("주문 취소", m, ident="market-cancel", kind="outlined",
                           icon=ft.Icons.CANCEL, on_click=start_cancel, expand=True)]
        out: list[ft.Control] = [heading("주문을 취소할까요?", m, ident="market-cancel-heading")]
        if paid_by_transfer(o):
            out += [text(tr("낸 돈 {value}을 돌려받을 계좌를 적어 주세요.", value=won(o.total - o.refunded)), m),
                    *account_fields()]
        out += [button("취소 확정", m, ident="market-cancel-confirm", icon=ft.Icons.CHECK,
                       on_click=cancel, expand=True),
                button("취소하지 않기", m, ident="market-cancel-back", kind="text",
                       on_click=stop_cancel, expand=True)]
        return out

    def _review(o: OrderOut) -> list[ft.Control]:
        if o.review is not None:
            r = o.review
            return [heading("내 후기", m), panel([
                text(tr("별점 {rating}점 / 5점", rating=r.rating), m, bold=True),
                *([text(r.text, m, "body_medium")] if r.text else [])], "market-review-shown")]
        if not o.can_review:
            return []
        return [heading("후기 남기기", m, ident="market-review-heading"),
                choices(app, "market-review-rating", "별점",
                        [(str(n), tr("{n}점", n=n)) for n in range(1, 6)], str(st["rating"]), pick_rating),
                tagged(review, "market-review-text"),
                button("후기 보내기", m, ident="market-review-submit", icon=ft.Icons.RATE_REVIEW,
                       on_click=send_review, expand=True)]

    # --- actions -----------------------------------------------------------------------
    async def act(path: str, body, done: str) -> None:
        acting.loading("처리하는 중입니다…")
        app.page.update()
        try:
            o = await app.api.call("POST", path, OrderOut, json=body)
        except ApiError as err:
            acting.error(err.message)
            app.page.update()
            return
        st["cancelling"] = False
        acting.notice(done)
        render(o)
        app.page.update()

    def account() -> RefundAccount | None:
        try:
            return RefundAccount(bank=(bank.value or "").strip(),
                                 account_number=(number.value or "").strip(),
                                 holder=(holder.value or "").strip())
        except ValidationError:
            acting.error("은행, 계좌번호(숫자와 -), 예금주를 모두 바르게 적어 주세요.")
            app.page.update()
            return None

    async def send_account(e) -> None:
        acc = account()
        if acc is not None:
            await act(f"{API}/orders/{order_id}/refund-account", RefundAccountIn(account=acc),
                      "환불 계좌를 보냈습니다. 담당자가 확인하고 돌려 드립니다.")

    async def start_cancel(e) -> None:
        st["cancelling"] = True
        render(st["order"])
        app.page.update()

    async def stop_cancel(e) -> None:
        st["cancelling"] = False
        render(st["order"])
        app.page.update()

    async def cancel(e) -> None:
        acc = None
        if paid_by_transfer(st["order"]):
            acc = account()
            if acc is None:
                return
        await act(f"{API}/orders/{order_id}/cancel",
                  CancelIn(reason="주문자 취소", refund_account=acc), "주문을 취소했습니다.")

    async def received(e) -> None:
        await act(f"{API}/orders/{order_id}/received", None, "받으셨군요. 이용해 주셔서 고맙습니다.")

    async def pick_rating(key: str) -> None:
        st["rating"] = int(key)
        render(st["order"])
        app.page.update()

    async def send_review(e) -> None:
        await act(f"{API}/orders/{order_id}/review",
                  ReviewIn(rating=st["rating"], text=(review.value or "").strip()[:500]),
                  "후기를 남겼습니다. 상점에 큰 힘이 됩니다.")

    # --- loading and watching -----------------------------------------------------------
    async def tick() -> bool:
        before: OrderOut = st["order"]
        if before is None or before.status in FINAL:
            return False
        o = await app.api.call("GET", f"{API}/orders/{order_id}", OrderOut)
        if o.version != before.version:
            render(o)
            if o.status != before.status:
                said = tr("주문 상태가 '{status_ko}'(으)로 바뀌었습니다.", status_ko=o.status_ko)
                status.notice(said)
                app.page.update()
                await voice.speak(app, tr("{market_name} 주문: {said}", market_name=o.market_name, said=said))
            app.page.update()
        return o.status not in FINAL

    async def start() -> None:
        ok = await status.load(app.page, lambda: app.api.call(
            "GET", f"{API}/orders/{order_id}", OrderOut), render,
            what="주문을 불러오는 중입니다…")
        if ok and st["order"].status not in FINAL:
            await poll(app, page_view, tick)

    page_view = screen(app, route, "주문 상세", [status, content, acting],
                       ident="market-order-view")
    app.page.run_task(start)
    return page_view


def paid_by_transfer(o: OrderOut) -> bool:
    pay = o.payment
    return bool(pay and pay.method == "bank_transfer" and pay.status == "done")


def _payment(app, o: OrderOut, status: StatusPanel) -> list[ft.Control]:
    m = app.m
    pay = o.payment
    if pay and pay.method == "bank_transfer" and pay.status == "waiting_deposit" \
            and pay.virtual_account:
        va = pay.virtual_account

        async def copy(e) -> None:
            await copy_text(app, va.account_number.replace("-", ""))
            status.notice("계좌번호를 복사했습니다.")
            app.page.update()

        return [panel([
            heading("입금할 계좌", m),
            text(f"{va.bank} {va.account_number}", m, "title_medium", bold=True,
                 ident="market-va-number"),
            button("계좌번호 복사", m, ident="market-va-copy", kind="text", icon=ft.Icons.COPY,
                   on_click=copy),
            text(tr("예금주 {holder} · 금액 {amount}", holder=va.holder, amount=won(pay.amount)), m, ident="market-va-amount"),
            text(tr("입금자명 '{depositor}'(으)로 보내 주세요.", depositor=va.depositor), m, ident="market-va-depositor"),
            text(tr("입금 기한 {format_datetime_ko}", format_datetime_ko=format_datetime_ko(va.due_at)), m, "body_medium",
                 ident="market-va-due"),
            text("입금이 확인되면 상점에 주문이 전달되고, 이 화면이 저절로 바뀝니다.", m,
                 "body_medium"),
        ], "market-va-box")]
    if o.status == "awaiting_payment" and o.method in ("card", "voucher"):
        url = o.pay_url
        what = "카드" if o.method == "card" else "상품권"
        if url is None:
            return [text(tr("{what} 결제가 아직 끝나지 않았습니다. 결제창을 닫았다면 주문을 취소하고 다시 주문해 주세요.", what=what), m, ident="market-pay-pending")]

        async def reopen(e) -> None:
            await app.url_launcher.launch_url(url)
            status.notice("결제창을 열었습니다. 결제를 마치면 이 화면이 저절로 바뀝니다.")
            app.page.update()

        return [text(tr("{what} 결제창에서 결제를 마쳐 주세요. 결제가 끝나면 상점에 주문이 전달됩니다.", what=what), m, ident="market-pay-hint"),
                button(tr("{what} 결제창 열기", what=what), m, ident=f"market-pay-{o.method}",
                       icon=ft.Icons.OPEN_IN_NEW, on_click=reopen, expand=True)]
    if pay and pay.status == "done":
        return [text(tr("결제 완료 · {get} {amount}", get=METHOD_KO.get(o.method, o.method), amount=won(pay.amount)), m,
                     "body_medium", ident="market-paid")]
    return []


def _facts(app, o: OrderOut) -> ft.Control:
    m = app.m
    rows: list[ft.Control] = [
        text(f"{FULFILMENT_KO[o.fulfilment]} · {o.slot_label}", m, bold=True,
             ident="market-order-slot"),
    ]
    if o.fulfilment == "delivery":
        rows.append(text(" ".join(x for x in (o.dong, o.address) if x), m, "body_medium"))
    if o.request:
        rows.append(text(tr("요청사항: {request}", request=o.request), m, "body_medium"))
    rows += [text(tr("상품 {subtotal} · 배달비 {delivery_fee}", subtotal=won(o.subtotal), delivery_fee=won(o.delivery_fee)), m, "body_medium"),
             text(tr("합계 {total} ({get})", total=won(o.total), get=METHOD_KO.get(o.method, o.method)), m, "title_small",
                  bold=True, ident="market-order-total")]
    if o.refunded:
        rows.append(text(tr("환불 {refunded}", refunded=won(o.refunded)), m, "body_medium", ident="market-order-refunded"))
    return panel(rows, "market-order-facts")


def _part(app, p) -> ft.Control:
    m = app.m
    rows: list[ft.Control] = [
        ft.Row([text(p.shop_name, m, "title_small", bold=True),
                text(p.status_ko, m, "title_small", bold=True,
                     color=ft.Colors.ERROR if p.status == "rejected" else ft.Colors.PRIMARY,
                     ident=f"market-order-part-{p.id}-status")],
               wrap=True, spacing=m.gap, run_spacing=4),
        *[text(f"{ln.name} {ln.unit} × {ln.quantity} = {won(ln.amount)}", m, "body_medium")
          for ln in p.lines],
    ]
    if p.reject_reason:
        rows.append(text(tr("상점이 받지 못한 이유: {reject_reason} (이 금액은 환불됩니다)", reject_reason=p.reject_reason), m,
                         "body_medium", color=ft.Colors.ERROR))
    return panel(rows, f"market-order-part-{p.id}")


def _entry(app, t) -> ft.Control:
    m = app.m
    return ft.Row([
        ft.Icon(ft.Icons.CHECK_CIRCLE, color=ft.Colors.PRIMARY, size=m.icon * 0.7),
        ft.Column([text(t.text, m), text(format_datetime_ko(t.at), m, "body_small",
                                         color=ft.Colors.ON_SURFACE_VARIANT)],
                  spacing=0, expand=True),
    ], vertical_alignment=ft.CrossAxisAlignment.START)
