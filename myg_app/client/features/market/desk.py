"""입금·환불 관리 (일자리경제과, /f/market/desk): confirm the deposits of bank-transfer orders
and send the refunds owed (rejected parts, cancellations). Buyers' names are masked."""

from __future__ import annotations

import flet as ft

from myg_app.client.features.account import field
from myg_app.client.features.feature import officer_of
from myg_app.client.features.layout import screen
from myg_app.client.features.market.common import API, BASE, FID, number_in, panel
from myg_app.client.features.waste.common import won
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.market import METHOD_KO, DeskOrder, DeskOrders, RefundOut
from myg_app.contracts.payments import ConfirmDeposit
from myg_app.seoul_time import format_datetime_ko


def view(app) -> ft.View:
    m = app.m
    route = f"{BASE}/desk"
    if not officer_of(app, FID):
        return screen(app, route, "입금·환불 관리", [
            text("일자리경제과 담당자만 이용할 수 있습니다.", m, ident="market-desk-forbidden")],
            ident="market-desk-view")
    status = Loader(m, "market-desk-status")
    deposits = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    refunds = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    def facts(o: DeskOrder) -> list[ft.Control]:
        return [text(f"{o.order_no} · {o.status_ko}", m, bold=True),
                text(f"{o.market_name} · {o.buyer} · {METHOD_KO.get(o.method, o.method)} "
                     f"{won(o.total)}", m, "body_medium"),
                text(tr("주문 {format_datetime_ko}", format_datetime_ko=format_datetime_ko(o.created_at)), m, "body_small",
                     color=ft.Colors.ON_SURFACE_VARIANT)]

    def deposit_card(o: DeskOrder) -> ft.Control:
        amount = field(app, "통장에 들어온 금액 (원)", f"market-desk-amount-{o.id}",
                       keyboard=ft.KeyboardType.NUMBER)
        amount.value = f"{o.total:,}"

        async def confirm(e) -> None:
            n = number_in(app, amount)
            if n is None:
                return
            await act(f"{API}/desk/orders/{o.id}/deposit", ConfirmDeposit(amount=n),
                      tr("{order_no} 입금을 확인했습니다. 상점에 주문이 전달되었습니다.", order_no=o.order_no))

        extra: list[ft.Control] = []
        if o.depositor:
            extra.append(text(tr("입금자명 {depositor}", depositor=o.depositor), m, bold=True))
        if o.due_at:
            extra.append(text(tr("입금 기한 {format_datetime_ko}", format_datetime_ko=format_datetime_ko(o.due_at)), m, "body_medium"))
        return panel([*facts(o), *extra, tagged(amount, f"market-desk-amount-{o.id}"),
                      button(tr("입금 확인 ({total})", total=won(o.total)), m, ident=f"market-desk-deposit-{o.id}",
                             icon=ft.Icons.PRICE_CHECK, on_click=confirm, expand=True,
                             name=tr("{order_no} 입금 확인", order_no=o.order_no))], f"market-desk-order-{o.id}")

    def refund_rows(o: DeskOrder) -> list[ft.Control]:
        pending = [r for r in o.refunds_pending if r.status == "pending"]
        # refund_accounts line up with the pending refunds; say them all if they do not.
        paired = len(o.refund_accounts) == len(o.refunds_pending)
        out: list[ft.Control] = []
        for r in o.refunds_pending:
            to = (o.refund_accounts[o.refunds_pending.index(r)] if paired
                  else ", ".join(o.refund_accounts))
            out.append(refund_card(o, r, to, r in pending))
        return out

    def refund_card(o: DeskOrder, r: RefundOut, to: str, ready: bool) -> ft.Control:
        async def sent(e) -> None:
            await act(f"{API}/desk/refunds/{r.id}/sent", None,
                      tr("{order_no} 환불 {amount}을 보낸 것으로 기록했습니다.", order_no=o.order_no, amount=won(r.amount)))

        rows: list[ft.Control] = [*facts(o),
                                  text(tr("환불 {amount} · {reason}", amount=won(r.amount), reason=r.reason), m, bold=True)]
        if ready:
            rows += [text(tr("보낼 계좌: {to}", to=to), m, ident=f"market-desk-refund-{r.id}-to"),
                     button("환불 송금 완료", m, ident=f"market-desk-refund-{r.id}-sent",
                            icon=ft.Icons.CHECK, on_click=sent, expand=True,
                            name=tr("{order_no} 환불 송금 완료", order_no=o.order_no))]
        else:
            rows.append(text("주문자가 환불 계좌를 아직 알려 주지 않았습니다.", m, "body_medium",
                             color=ft.Colors.ON_SURFACE_VARIANT))
        return panel(rows, f"market-desk-refund-{r.id}")

    async def act(path: str, body, done: str) -> None:
        await status.perform(app.page, lambda: app.api.call("POST", path, DeskOrder, json=body),
                             done=done, then=load_quietly)

    def show(res: DeskOrders) -> bool:
        waiting = [o for o in res.items if o.status == "awaiting_deposit"]
        deposits.controls = [deposit_card(o) for o in waiting] or [
            text("입금을 기다리는 주문이 없습니다.", m, ident="market-desk-no-deposits")]
        rows = [row for o in res.items for row in refund_rows(o)]
        refunds.controls = rows or [text("보낼 환불이 없습니다.", m, ident="market-desk-no-refunds")]
        return True

    async def load(e=None) -> None:
        await status.load(app.page, lambda: app.api.call("GET", f"{API}/desk/orders", DeskOrders),
                          show, what="주문을 불러오는 중입니다…")

    async def load_quietly() -> None:
        await status.load(app.page, lambda: app.api.call("GET", f"{API}/desk/orders", DeskOrders),
                          show, clear=False)

    app.page.run_task(load)
    return screen(app, route, "입금·환불 관리", [
        status,
        heading("입금 확인", m, ident="market-desk-deposits"),
        text("통장에 들어온 금액을 확인하고 눌러 주세요. 금액이 다르면 확인되지 않습니다.", m,
             "body_medium"),
        deposits,
        heading("환불 보내기", m, ident="market-desk-refunds"),
        refunds,
        button("새로고침", m, ident="market-desk-refresh", icon=ft.Icons.REFRESH, kind="outlined",
               on_click=load, expand=True),
    ], ident="market-desk-view")
