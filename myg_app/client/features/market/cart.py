"""장바구니 and 주문하기 (/f/market/m/<id>/cart): the lines by shop, 배달 or 픽업, the 읍면동 and
address, a time slot, phone, 요청사항, the payment method, and the server's quote. The order
carries the total the citizen saw; the server refuses it when that total changed."""

from __future__ import annotations

import re

import flet as ft
from pydantic import ValidationError

from myg_app.client.api import ApiError
from myg_app.client.features.account import field
from myg_app.client.features.layout import screen
from myg_app.client.features.market.common import (
    API,
    BASE,
    FULFILMENT_KO,
    Cart,
    cart,
    choices,
    clear_cart,
    panel,
)
from myg_app.client.features.reservations.common import styled
from myg_app.client.features.waste.common import won
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import (
    StatusPanel,
    button,
    heading,
    icon_button,
    tagged,
    text,
)
from myg_app.client.widgets.dropdown import filter_dropdown
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.market import (
    MAX_QUANTITY,
    METHOD_KO,
    CheckoutResult,
    MarketDetail,
    MarketPaymentOptions,
    OrderCreate,
    Quote,
    QuoteIn,
    SlotList,
    SlotOut,
    ZoneList,
    ZoneOut,
)
from myg_app.contracts.profile import ProfileOut

PHONE = re.compile(r"^01[016789]-?[0-9]{3,4}-?[0-9]{4}$")  # OrderCreate.phone
ADDRESS_MIN = 4  # the server's shortest delivery address
METHOD_NOTE = {
    "bank_transfer": "주문하면 입금할 계좌(가상계좌)를 알려 드립니다. 입금이 확인되면 상점에 주문이 "
                     "전달됩니다.",
    "card": "주문하면 카드 결제창이 열립니다. 결제를 마치면 상점에 주문이 전달됩니다.",
    "voucher": "주문하면 광양사랑상품권·온누리상품권 결제 화면이 열립니다.",
}


def view(app, market_id: int) -> ft.View:
    m = app.m
    route = f"{BASE}/m/{market_id}/cart"
    c = cart(app, market_id)
    status = Loader(m, "market-cart-status")
    ordering = StatusPanel(m, "market-checkout-status")
    lines_col = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    how_col = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    slots_col = ft.Column(spacing=m.gap)
    pay_col = ft.Column(spacing=m.gap)
    summary_col = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    info: dict = {"slots": None, "zones": [], "methods": ["bank_transfer"], "quote_error": None}
    address = field(app, "배달 받을 주소", "market-address",
                    helper="예: 광양읍 인동로 12, 101동 1001호")
    phone = field(app, "연락받을 휴대전화", "market-phone", hint="010-1234-5678",
                  keyboard=ft.KeyboardType.PHONE)
    request = field(app, "요청사항 (선택)", "market-request",
                    helper="예: 문 앞에 두세요, 도착하면 전화 주세요")
    address.value, phone.value, request.value = c.address, c.phone, c.request

    def on_address(e) -> None:
        c.address = address.value or ""

    def on_phone(e) -> None:
        c.phone = phone.value or ""

    def on_request(e) -> None:
        c.request = request.value or ""

    address.on_change, phone.on_change, request.on_change = on_address, on_phone, on_request

    def fresh_quote() -> Quote | None:
        return c.quote if c.quote is not None and c.quoted == c.quote_key() else None

    # --- the lines ----------------------------------------------------------------------
    def render_lines() -> None:
        if not c.quantities:
            lines_col.controls = [
                text("장바구니가 비어 있습니다. 시장에서 상품을 담아 주세요.", m,
                     ident="market-cart-empty"),
                button("상품 고르러 가기", m, ident="market-cart-shop", icon=ft.Icons.STOREFRONT,
                       kind="outlined", on_click=app.back, expand=True)]
            return
        q = fresh_quote()
        quoted = {ln.product_id: ln for ln in q.lines} if q else {}
        shops: dict[str, list[ft.Control]] = {}
        for pid, n in c.quantities.items():
            p = c.products.get(pid)
            ln = quoted.get(pid)
            shop = ln.shop_name if ln else p.shop_name if p else ""
            shops.setdefault(shop, []).append(_line(app, c, pid, n, ln, change, remove))
        lines_col.controls = [panel([text(shop, m, "title_small", bold=True), *rows])
                              for shop, rows in shops.items()]

    def change(pid: int, delta: int):
        async def handler(e) -> None:
            n = max(1, min(MAX_QUANTITY, c.quantities.get(pid, 0) + delta))
            c.quantities[pid] = n
            c.new_attempt()
            await changed()
        return handler

    def remove(pid: int):
        async def handler(e) -> None:
            c.quantities.pop(pid, None)
            c.new_attempt()
            await changed()
        return handler

    async def changed() -> None:
        render_lines()
        render_summary()
        app.page.update()
        await requote()

    # --- how and when -------------------------------------------------------------------
    def render_how() -> None:
        rows: list[ft.Control] = [choices(
            app, "market-fulfilment", "받는 방법", list(FULFILMENT_KO.items()), c.fulfilment,
            pick_fulfilment)]
        detail: MarketDetail | None = info.get("detail")
        if c.fulfilment == "delivery":
            zones: list[ZoneOut] = info["zones"]
            rows.append(filter_dropdown(
                app, "market-zone", "배달 받을 읍면동",
                # Short: the chosen one must fit the box in large text ("광양읍 2,000원").
                [(z.dong_code, f"{z.dong} {won(z.fee)}") for z in zones],
                c.dong_code, pick_zone, none="고르지 않음"))
            rows.append(text("읍면동 옆 금액이 배달비입니다. 목록에 없는 읍면동에는 배달하지 "
                             "않으니 직접 찾아가기를 골라 주세요.", m, "body_medium",
                             color=ft.Colors.ON_SURFACE_VARIANT))
            rows.append(tagged(address, "market-address"))
        elif detail is not None:
            rows.append(text(tr("찾아갈 곳: {name} ({address}). 고른 시간에 상점에서 받아 가세요.", name=detail.market.name, address=detail.market.address), m, "body_medium",
                             ident="market-pickup-place"))
        how_col.controls = rows

    async def pick_fulfilment(key: str) -> None:
        if key == c.fulfilment:
            return
        c.fulfilment, c.slot_id = key, None
        c.new_attempt()
        render_how()
        render_summary()
        await load_slots()
        await requote()

    async def pick_zone(e) -> None:
        c.dong_code = e.control.value or None
        c.new_attempt()
        render_how()
        render_summary()
        app.page.update()
        await requote()

    def render_slots() -> None:
        slots: list[SlotOut] | None = info["slots"]
        if slots is None:
            slots_col.controls = [text("시간을 불러오는 중입니다…", m, "body_medium")]
            return
        if not slots:
            slots_col.controls = [text("지금 고를 수 있는 시간이 없습니다. 내일 다시 확인해 주세요.", m,
                                       ident="market-slot-none")]
            return
        full = {str(s.id) for s in slots if not s.available}
        slots_col.controls = [
            text("마감된 시간은 고를 수 없습니다.", m, "body_medium",
                 color=ft.Colors.ON_SURFACE_VARIANT),
            choices(app, "market-slot", "받을 시간",
                    [(str(s.id), s.label if s.available else tr("{label} 마감", label=s.label)) for s in slots],
                    str(c.slot_id) if c.slot_id else None, pick_slot, disabled=full)]

    async def pick_slot(key: str) -> None:
        c.slot_id = int(key)
        c.new_attempt()
        render_slots()
        app.page.update()

    async def load_slots() -> None:
        info["slots"] = None
        render_slots()
        app.page.update()
        try:
            res = await app.api.call("GET", f"{API}/markets/{market_id}/slots", SlotList,
                                     auth=False, params={"fulfilment": c.fulfilment})
        except ApiError as err:
            slots_col.controls = [text(err.message, m, color=ft.Colors.ERROR,
                                       ident="market-slot-error"),
                                  button("시간 다시 불러오기", m, ident="market-slot-retry",
                                         kind="outlined", icon=ft.Icons.REFRESH,
                                         on_click=lambda e: app.page.run_task(load_slots))]
            app.page.update()
            return
        info["slots"] = res.items
        if c.slot_id not in {s.id for s in res.items if s.available}:
            c.slot_id = None
        render_slots()
        app.page.update()

    # --- payment and the total ----------------------------------------------------------
    def render_pay() -> None:
        methods = [k for k in info["methods"] if k in METHOD_KO] or ["bank_transfer"]
        if c.method not in methods:
            c.method = methods[0]
        pay_col.controls = [
            choices(app, "market-method", "결제 방법", [(k, METHOD_KO[k]) for k in methods],
                    c.method, pick_method),
            text(METHOD_NOTE[c.method], m, "body_medium", ident="market-method-note")]

    async def pick_method(key: str) -> None:
        c.method = key
        c.new_attempt()
        render_pay()
        app.page.update()

    def render_summary() -> None:
        if not c.quantities:
            summary_col.controls = []
            return
        q = fresh_quote()
        if q is None:
            summary_col.controls = [text(info["quote_error"] or "금액을 계산하는 중입니다…", m,
                                         color=ft.Colors.ERROR if info["quote_error"] else None,
                                         ident="market-quote-pending")]
            return
        fee_label = ("배달비" if c.fulfilment == "delivery" else "배달비 (찾아가기)")
        rows: list[ft.Control] = [
            text(tr("상품 금액 {subtotal}", subtotal=won(q.subtotal)), m, ident="market-subtotal"),
            text(f"{fee_label} {won(q.delivery_fee)}", m, ident="market-fee"),
            text(tr("합계 {total}", total=won(q.total)), m, "title_large", bold=True, color=ft.Colors.PRIMARY,
                 ident="market-total"),
        ]
        if q.shortfall > 0:
            rows.append(text(tr("최소 주문 금액은 {minimum_order}입니다. {shortfall} 더 담아 주세요.", minimum_order=won(q.minimum_order), shortfall=won(q.shortfall)), m, bold=True, color=ft.Colors.ERROR,
                             ident="market-shortfall"))
        # The server lists the shortfall among its problems too: said once, above.
        rows += [text(p, m, "body_medium", color=ft.Colors.ERROR, ident=f"market-problem-{i}")
                 for i, p in enumerate(q.problems)
                 if not (q.shortfall > 0 and p.startswith("최소 주문"))]
        summary_col.controls = [panel(rows, "market-quote")]

    async def requote() -> None:
        """The numbers shown are the server's, never a sum made on the phone."""
        info["quote_error"] = None
        if not c.quantities:
            c.quote, c.quoted = None, None
            return
        asked = c.quote_key()
        try:
            q = await app.api.call("POST", f"{API}/quote", Quote, auth=False, json=QuoteIn(
                market_id=market_id, items=c.lines(), fulfilment=c.fulfilment,
                dong_code=c.dong_code if c.fulfilment == "delivery" else None))
        except ApiError as err:
            if asked == c.quote_key():
                info["quote_error"] = err.message
        else:
            if asked == c.quote_key():  # a later tap may have changed the cart meanwhile
                c.quote, c.quoted = q, asked
        render_lines()
        render_summary()
        app.page.update()

    # --- ordering -----------------------------------------------------------------------
    async def submit(e) -> None:
        address.error = phone.error = None
        if not app.signed_in:
            app.state.after_login = route  # back here after login, the cart as it was
            app.go("/login")
            return
        missing = missing_parts(c)
        if c.fulfilment == "delivery" and len(c.address.strip()) < ADDRESS_MIN:
            address.error = "배달 받을 주소를 적어 주세요."
        if not PHONE.match(c.phone.strip()):
            phone.error = "010-1234-5678처럼 적어 주세요."
        if missing:
            ordering.error(tr("다음을 확인해 주세요: {join}.", join=', '.join(missing)))
            app.page.update()
            return
        if fresh_quote() is None:
            await requote()
        q = fresh_quote()
        if q is None:
            ordering.error(info["quote_error"] or "금액을 계산하지 못했습니다. 다시 시도해 주세요.")
            app.page.update()
            return
        if not q.orderable:
            ordering.error(" ".join(q.problems) or "지금은 주문할 수 없습니다.")
            app.page.update()
            return
        try:
            body = OrderCreate(
                market_id=market_id, items=c.lines(), fulfilment=c.fulfilment,
                slot_id=c.slot_id, dong_code=c.dong_code if c.fulfilment == "delivery" else None,
                address=c.address.strip() if c.fulfilment == "delivery" else None,
                phone=c.phone.strip(), request=c.request.strip() or None, method=c.method,
                expected_total=q.total)
        except ValidationError:
            ordering.error("입력한 내용을 다시 확인해 주세요. 요청사항과 주소는 200자까지 적을 수 "
                           "있습니다.")
            app.page.update()
            return
        ordering.loading("주문하는 중입니다…")
        app.page.update()
        try:
            res = await app.api.call("POST", f"{API}/orders", CheckoutResult,
                                     idempotency_key=c.key, json=body)
        except ApiError as err:
            if not err.offline:
                # A definite no (slot full, total changed, sold out): show the new numbers
                # and times; the citizen orders again with a new attempt.
                c.new_attempt()
                await requote()
                await load_slots()
            for fe in err.errors:
                if fe.field.endswith("address"):
                    address.error = fe.message
                elif fe.field.endswith("phone"):
                    phone.error = fe.message
            ordering.error(err.message)
            app.page.update()
            return
        await finished(res)

    async def finished(res: CheckoutResult) -> None:
        o = res.order
        clear_cart(app, market_id)
        ordering.clear()
        app.forget_view(f"{BASE}/m/{market_id}")  # its cart bar is out of date now
        url = res.card.checkout_url if res.card else res.voucher_url
        if url:
            await app.url_launcher.launch_url(url)
        app.go(f"{BASE}/orders/{o.id}")

    async def load(e=None) -> None:
        async def fetch() -> None:
            if "detail" not in info:
                info["detail"] = await app.api.call("GET", f"{API}/markets/{market_id}",
                                                    MarketDetail, auth=False)
                zl = await app.api.call("GET", f"{API}/markets/{market_id}/zones", ZoneList,
                                        auth=False)
                info["zones"] = zl.items
                info["methods"] = (await app.api.call("GET", f"{API}/payment-options",
                                                      MarketPaymentOptions, auth=False)).methods
            await prefill()

        async def show(_) -> None:
            render_how()
            render_pay()
            app.page.update()
            await load_slots()
            await requote()

        await status.load(app.page, fetch, show, what="장바구니를 불러오는 중입니다…")

    async def prefill() -> None:
        """The phone and 읍면동 of the citizen's profile, once per cart (they may change them)."""
        if c.prefilled or not app.signed_in:
            return
        c.prefilled = True
        try:
            p = await app.api.call("GET", "/me/profile", ProfileOut)
        except ApiError:
            return
        if p.phone and not c.phone:
            c.phone = phone.value = p.phone
        if p.dong and c.dong_code is None:
            c.dong_code = next((z.dong_code for z in info["zones"] if z.dong == p.dong), None)

    async def go_order(e) -> None:
        await submit(e)

    render_lines()
    render_slots()
    render_summary()
    order_button = button("주문하기" if app.signed_in else "로그인하고 주문하기", m,
                          ident="market-order", icon=ft.Icons.CHECK if app.signed_in
                          else ft.Icons.LOGIN, on_click=go_order, expand=True)
    body: list[ft.Control] = [
        status,
        heading("1 · 담은 상품", m, ident="market-step-lines"),
        lines_col,
        heading("2 · 받는 방법", m, ident="market-step-how"),
        how_col,
        heading("3 · 받을 시간", m, ident="market-step-slot"),
        slots_col,
        heading("4 · 연락처와 요청사항", m, ident="market-step-contact"),
        tagged(phone, "market-phone"),
        tagged(request, "market-request"),
        heading("5 · 결제", m, ident="market-step-pay"),
        pay_col,
        summary_col,
        ordering,
        order_button,
    ]
    app.page.run_task(load)
    return screen(app, route, "장바구니", body, ident="market-cart-view")


def missing_parts(c: Cart) -> list[str]:
    """What the order still lacks, in the words of the form's steps."""
    out: list[str] = []
    if not c.quantities:
        out.append("담은 상품")
    if c.fulfilment == "delivery":
        if not c.dong_code:
            out.append("배달 받을 읍면동")
        if len(c.address.strip()) < ADDRESS_MIN:
            out.append("주소")
    if not c.slot_id:
        out.append("받을 시간")
    if not PHONE.match(c.phone.strip()):
        out.append("휴대전화 번호")
    return out


def _line(app, c: Cart, pid: int, n: int, ln, change, remove) -> ft.Control:
    m = app.m
    p = c.products.get(pid)
    name = ln.name if ln else p.name if p else tr("상품 {pid}", pid=pid)
    unit = ln.unit if ln else p.unit if p else ""
    amount = ln.amount if ln else (p.price * n if p else 0)
    rows: list[ft.Control] = [
        text(f"{name} ({unit})" if unit else name, m, bold=True),
        text(tr("{n}개 · {amount}", n=n, amount=won(amount)), m, "body_medium", ident=f"market-line-{pid}-amount"),
    ]
    if ln is not None and ln.problem:
        rows.append(text(ln.problem, m, "body_medium", bold=True, color=ft.Colors.ERROR,
                         ident=f"market-line-{pid}-problem"))
    controls = ft.Row([
        icon_button(ft.Icons.REMOVE, tr("{name} 하나 빼기", name=name), m, ident=f"market-line-{pid}-minus",
                    on_click=change(pid, -1) if n > 1 else None),
        tagged(styled(text(str(n), m, "title_medium"), text_align=ft.TextAlign.CENTER,
                      width=m.target * 0.6), f"market-line-{pid}-qty", tr("{name} {n}개", name=name, n=n)),
        icon_button(ft.Icons.ADD, tr("{name} 하나 더하기", name=name), m, ident=f"market-line-{pid}-plus",
                    on_click=change(pid, 1) if n < MAX_QUANTITY else None),
        icon_button(ft.Icons.DELETE_OUTLINE, tr("{name} 장바구니에서 빼기", name=name), m,
                    ident=f"market-line-{pid}-remove", on_click=remove(pid)),
    ], spacing=0, tight=True)
    return ft.Column([*rows, ft.Row([controls], alignment=ft.MainAxisAlignment.END)], spacing=2,
                     horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
