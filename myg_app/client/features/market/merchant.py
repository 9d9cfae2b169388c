"""상점 관리 for merchants (/f/market/merchant): today's orders with big buttons (받기, 거절,
포장 완료, 배달 완료), the shop open or closed, a loud banner when a new order comes in;
재고 관리 (/merchant/stock) and 오늘 정산 (/merchant/settlement)."""

from __future__ import annotations

from datetime import date, timedelta

import flet as ft

from myg_app.client import voice
from myg_app.client.api import ApiError
from myg_app.client.features.account import field
from myg_app.client.features.layout import screen, switch_row
from myg_app.client.features.market.common import (
    API,
    BASE,
    FULFILMENT_KO,
    choices,
    number_in,
    panel,
    poll,
)
from myg_app.client.features.waste.common import day_ko, won
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, tagged, tappable, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.market import (
    METHOD_KO,
    MerchantOrder,
    MerchantOrders,
    MerchantShop,
    MerchantShops,
    ProductOut,
    ProductPage,
    ProductPatch,
    RejectIn,
    Settlement,
    ShopOut,
    ShopPatch,
)
from myg_app.seoul_time import today_seoul

NONE_TEXT = "운영하는 상점이 없습니다. 상점 등록은 광양시 일자리경제과에 문의해 주세요."


def _memory(app) -> dict:
    """The merchant's shops and the one being managed, shared by the three screens."""
    return app.state.drafts.setdefault("market_merchant", {"shops": None, "shop_id": None,
                                                           "seen": {}})


async def _shops(app) -> list[MerchantShop]:
    mem = _memory(app)
    if mem["shops"] is None:
        mem["shops"] = (await app.api.call("GET", f"{API}/merchant/shops", MerchantShops)).items
    ids = [s.shop.id for s in mem["shops"]]
    if mem["shop_id"] not in ids:
        mem["shop_id"] = ids[0] if ids else None
    return mem["shops"]


def _current(app) -> MerchantShop | None:
    mem = _memory(app)
    return next((s for s in mem["shops"] or [] if s.shop.id == mem["shop_id"]), None)


def _picker(app, on_change) -> list[ft.Control]:
    """Which shop (only for a merchant with several)."""
    mem = _memory(app)
    shops = mem["shops"] or []
    if len(shops) < 2:
        return []

    async def pick(key: str) -> None:
        mem["shop_id"] = int(key)
        await on_change()

    return [choices(app, "market-shop", "상점", [(str(s.shop.id), s.shop.name) for s in shops],
                    str(mem["shop_id"]), pick)]


# --- the console ---------------------------------------------------------------------------
def console_view(app) -> ft.View:
    m = app.m
    route = f"{BASE}/merchant"
    mem = _memory(app)
    status = Loader(m, "market-merchant-status")
    alert = ft.Column()
    head = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    orders = ft.Column(spacing=m.gap * 1.5, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    st: dict = {"rejecting": None, "shape": None, "res": None}
    reason = field(app, "거절 이유", "market-reject-reason", helper="예: 오늘 배추가 다 팔렸습니다")

    def render_head() -> None:
        s = _current(app)
        if s is None:
            head.controls = [text(NONE_TEXT, m, ident="market-merchant-none")]
            return
        open_now = s.shop.status == "open"
        sw = ft.Switch(value=open_now)

        async def save(e=None) -> None:
            want = "open" if sw.value else "closed"
            try:
                shop = await app.api.call("PATCH", f"{API}/merchant/shops/{s.shop.id}", ShopOut,
                                          json=ShopPatch(status=want))
            except ApiError as err:
                sw.value = not sw.value
                status.error(err.message)
                app.page.update()
                return
            mem["shops"] = [MerchantShop(shop=shop, market_name=x.market_name)
                            if x.shop.id == shop.id else x for x in mem["shops"]]
            status.notice("주문을 받습니다." if shop.status == "open"
                          else "가게 문을 닫았습니다. 새 주문을 받지 않습니다.")
            render_head()
            app.page.update()

        async def flip(e) -> None:
            sw.value = not sw.value
            await save()

        sw.on_change = save
        both = [button("재고 관리", m, ident="market-stock", icon=ft.Icons.INVENTORY,
                       kind="outlined", on_click=lambda e: app.go(f"{route}/stock"), expand=True),
                button("오늘 정산", m, ident="market-settlement", icon=ft.Icons.PAYMENTS,
                       kind="outlined", on_click=lambda e: app.go(f"{route}/settlement"),
                       expand=True)]
        # Side by side on a phone; one under the other in large text (the labels fit).
        links = (ft.Column(both, spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
                 if m.large else ft.Row(both, spacing=m.gap))
        head.controls = [
            *_picker(app, changed_shop),
            text(f"{s.shop.name} · {s.market_name}", m, "title_medium", bold=True,
                 ident="market-merchant-shop"),
            switch_row(m, "주문 받기", sw, "market-shop-open", on_toggle=flip,
                   detail=text("켜 두면 영업 중입니다. 끄면 손님이 이 상점 상품을 담을 수 "
                               "없습니다.", m, "body_small", color=ft.Colors.ON_SURFACE_VARIANT)),
            links,
        ]

    def render_orders(res: MerchantOrders) -> None:
        st["res"], st["shape"] = res, _shape(res)
        if not res.items:
            orders.controls = [text("오늘 들어온 주문이 아직 없습니다. 새 주문이 오면 알려 드립니다.",
                                    m, ident="market-merchant-empty")]
            return
        rows: list[ft.Control] = [text(tr("새 주문 {new_count}건 · 모두 {count}건", new_count=res.new_count, count=len(res.items)), m,
                                       "title_small", bold=True, ident="market-merchant-count")]
        rows += [part_card(o) for o in res.items]
        orders.controls = rows

    def part_card(o: MerchantOrder) -> ft.Control:
        pid = o.part_id
        rows: list[ft.Control] = [
            text(o.status_ko, m, "title_large", bold=True,
                 color=ft.Colors.ERROR if o.status == "rejected" else ft.Colors.PRIMARY,
                 ident=f"market-part-{pid}-status"),
            text(tr("주문번호 {order_no} · {FULFILMENT_KO}", order_no=o.order_no, FULFILMENT_KO=FULFILMENT_KO[o.fulfilment]), m, bold=True),
            text(o.slot_label, m, "title_small", bold=True),
            text(f"{o.buyer} · {o.phone}", m),
        ]
        if o.fulfilment == "delivery" and (o.dong or o.address):
            rows.append(text(" ".join(x for x in (o.dong, o.address) if x), m, "body_medium"))
        if o.request:
            rows.append(text(tr("요청사항: {request}", request=o.request), m, "body_medium", bold=True))
        rows += [text(f"{ln.name} {ln.unit} × {ln.quantity}", m, "title_small") for ln in o.lines]
        rows.append(text(tr("금액 {amount} · 주문 상태 {order_status_ko}", amount=won(o.amount), order_status_ko=o.order_status_ko), m, "body_medium"))
        rows += actions(o)
        return panel(rows, f"market-part-{pid}")

    def actions(o: MerchantOrder) -> list[ft.Control]:
        pid, no = o.part_id, o.order_no
        out: list[ft.Control] = []
        if o.status == "new":
            if st["rejecting"] == pid:
                out += [tagged(reason, "market-reject-reason"),
                        button("거절하기", m, ident="market-reject-confirm", icon=ft.Icons.BLOCK,
                               on_click=reject(pid), expand=True, name=tr("{no} 주문 거절하기", no=no)),
                        button("거절하지 않기", m, ident="market-reject-back", kind="text",
                               on_click=stop_reject, expand=True)]
            else:
                out += [button("주문 받기", m, ident=f"market-part-{pid}-accept",
                               icon=ft.Icons.CHECK_CIRCLE, expand=True, name=tr("{no} 주문 받기", no=no),
                               on_click=post(pid, "accept", "주문을 받았습니다. 상품을 준비해 주세요.")),
                        button("거절", m, ident=f"market-part-{pid}-reject", kind="outlined",
                               icon=ft.Icons.BLOCK, expand=True, name=tr("{no} 주문 거절", no=no),
                               on_click=start_reject(pid))]
        elif o.status == "accepted":
            out.append(button("포장 완료", m, ident=f"market-part-{pid}-packed",
                              icon=ft.Icons.INVENTORY_2, expand=True, name=tr("{no} 포장 완료", no=no),
                              on_click=post(pid, "packed", "포장 완료로 바꿨습니다.")))
        if o.can_mark_delivered:
            label = "배달 완료" if o.fulfilment == "delivery" else "손님이 찾아감"
            out.append(button(label, m, ident=f"market-part-{pid}-delivered",
                              icon=ft.Icons.LOCAL_SHIPPING, expand=True, name=f"{no} {label}",
                              on_click=post(pid, "delivered", tr("{label}(으)로 바꿨습니다.", label=label))))
        return out

    def post(pid: int, what: str, done: str, body=None):
        async def handler(e) -> None:
            await status.perform(app.page, lambda: app.api.call(
                "POST", f"{API}/merchant/parts/{pid}/{what}", MerchantOrder, json=body),
                done=done, then=refresh)
        return handler

    def start_reject(pid: int):
        async def handler(e) -> None:
            st["rejecting"] = pid
            reason.value, reason.error = "", None
            render_orders(st["res"])
            app.page.update()
        return handler

    async def stop_reject(e) -> None:
        st["rejecting"] = None
        render_orders(st["res"])
        app.page.update()

    def reject(pid: int):
        async def handler(e) -> None:
            why = (reason.value or "").strip()
            if len(why) < 2:
                reason.error = "거절하는 이유를 두 글자 이상 적어 주세요. 손님에게 전해집니다."
                app.page.update()
                return
            st["rejecting"] = None
            await post(pid, "reject", "주문을 거절했습니다. 손님에게 환불됩니다.",
                       RejectIn(reason=why))(e)
        return handler

    def show_alert(n: int) -> None:
        async def dismiss(e) -> None:
            alert.controls = []
            app.page.update()

        said = tr("새 주문이 들어왔습니다. 새 주문 {n}건.", n=n)
        alert.controls = [tappable(ft.Container(ft.Row([
            ft.Icon(ft.Icons.NOTIFICATIONS_ACTIVE, color=ft.Colors.ON_ERROR, size=m.icon * 1.4),
            ft.Column([text("새 주문이 들어왔습니다!", m, "headline_small", bold=True,
                            color=ft.Colors.ON_ERROR),
                       text("아래 주문을 확인해 주세요. 이 알림을 누르면 닫힙니다.", m,
                            color=ft.Colors.ON_ERROR)], spacing=4, expand=True),
        ], vertical_alignment=ft.CrossAxisAlignment.CENTER), bgcolor=ft.Colors.ERROR,
            border_radius=12, padding=16, on_click=dismiss),
            ident="market-new-order-alert", label=said + " 누르면 알림을 닫습니다.",
            on_click=dismiss)]

    async def fetch_all() -> MerchantOrders:
        """Every shop's orders: a new order in the shop not on screen sounds the alert too."""
        return await app.api.call("GET", f"{API}/merchant/orders", MerchantOrders)

    def of_shown_shop(res: MerchantOrders) -> MerchantOrders:
        mine = [i for i in res.items if i.shop_id == mem["shop_id"]]
        return MerchantOrders(items=mine, new_count=sum(1 for i in mine if i.status == "new"),
                              latest_id=max((i.part_id for i in mine), default=0))

    async def fetch_orders() -> MerchantOrders:
        return of_shown_shop(await fetch_all())

    async def refresh() -> None:
        render_orders(await fetch_orders())

    async def tick() -> None:
        if mem["shop_id"] is None:
            return
        every = await fetch_all()
        res = of_shown_shop(every)
        seen = mem["seen"].get("all", 0)
        mem["seen"]["all"] = max(seen, every.latest_id)
        arrived = [i for i in every.items if i.part_id > seen and i.status == "new"]
        fresh = bool(arrived)
        if fresh:
            show_alert(every.new_count)
        if fresh or _shape(res) != st["shape"]:
            render_orders(res)
            app.page.update()
        if fresh:
            shops = "·".join(dict.fromkeys(i.shop_name for i in arrived))
            said = tr("{shops}에 새 주문이 들어왔습니다. 새 주문 {new_count}건.", shops=shops, new_count=every.new_count)
            await voice.speak(app, said, urgent=True)
            await voice.notify_os(app, "새 주문", said)

    async def changed_shop() -> None:
        st["rejecting"] = None
        alert.controls = []
        render_head()
        await load()

    async def load(e=None) -> None:
        async def fetch() -> MerchantOrders | None:
            await _shops(app)
            render_head()
            if mem["shop_id"] is None:
                return None
            every = await fetch_all()
            mem["seen"].setdefault("all", every.latest_id)
            return of_shown_shop(every)

        def show(res: MerchantOrders | None) -> None:
            if res is not None:
                render_orders(res)

        await status.load(app.page, fetch, show, what="주문을 불러오는 중입니다…")

    async def start() -> None:
        await load()
        if mem["shop_id"] is not None:
            await poll(app, page_view, tick, hidden=True)

    page_view = screen(app, route, "상점 관리", [
        alert, head, status, heading("오늘 주문", m, ident="market-merchant-orders"), orders,
        text("새 주문은 몇 초마다 저절로 나타납니다. 음성 안내를 켜면 소리로도 알려 드립니다.", m,
             "body_medium", color=ft.Colors.ON_SURFACE_VARIANT),
    ], ident="market-merchant-view")
    app.page.run_task(start)
    return page_view


def _shape(res: MerchantOrders) -> tuple:
    """What the list shows: it is drawn again only when this changed."""
    return tuple((o.part_id, o.status, o.order_status, o.can_mark_delivered) for o in res.items)


# --- 재고 관리 --------------------------------------------------------------------------------
def stock_view(app) -> ft.View:
    m = app.m
    status = Loader(m, "market-stock-status")
    head = ft.Column(spacing=m.gap)
    items = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    def row(p: ProductOut) -> ft.Control:
        stock = field(app, tr("{name} 재고", name=p.name), f"market-stock-{p.id}",
                      keyboard=ft.KeyboardType.NUMBER)
        stock.value, stock.suffix = str(p.stock), "개"
        sold = ft.Switch(value=p.sold_out)

        async def flip(e) -> None:
            sold.value = not sold.value

        async def save(e) -> None:
            n = number_in(app, stock)
            if n is None:
                return
            await status.perform(app.page, lambda: app.api.call(
                "PATCH", f"{API}/merchant/products/{p.id}", ProductOut,
                json=ProductPatch(stock=n, sold_out=bool(sold.value))),
                done=tr("{name}: 재고 {n}개", name=p.name, n=n) + (", 품절로 표시했습니다." if sold.value else "로 저장했습니다."))

        return panel([
            text(f"{p.name} · {won(p.price)} / {p.unit}", m, bold=True),
            tagged(stock, f"market-stock-{p.id}"),
            switch_row(m, tr("{name} 품절로 표시", name=p.name), sold, f"market-soldout-{p.id}", on_toggle=flip),
            button("저장", m, ident=f"market-stock-save-{p.id}", icon=ft.Icons.SAVE,
                   name=tr("{name} 재고 저장", name=p.name), on_click=save, expand=True),
        ], f"market-stock-row-{p.id}")

    async def load(e=None) -> None:
        async def fetch() -> ProductPage | None:
            await _shops(app)
            s = _current(app)
            head.controls = [*_picker(app, load),
                             text(tr("{name}의 상품", name=s.shop.name) if s else NONE_TEXT, m, "title_medium",
                                  bold=True, ident="market-stock-shop")]
            if s is None:
                return None
            return await app.api.call("GET", f"{API}/merchant/shops/{s.shop.id}/products",
                                      ProductPage)

        def show(res: ProductPage | None) -> bool:
            items.controls = [row(p) for p in res.items] if res else []
            return bool(items.controls)

        await status.load(app.page, fetch, show, empty="등록된 상품이 없습니다.")

    app.page.run_task(load)
    return screen(app, f"{BASE}/merchant/stock", "재고 관리", [
        head, text("재고가 0이 되면 저절로 품절이 됩니다. 바꾼 뒤 '저장'을 눌러 주세요.", m,
                   "body_medium"),
        status, items], ident="market-stock-view")


# --- 오늘 정산 --------------------------------------------------------------------------------
def settlement_view(app) -> ft.View:
    m = app.m
    mem = _memory(app)
    mem.setdefault("day", today_seoul())
    status = Loader(m, "market-settle-status")
    head = ft.Column(spacing=m.gap)
    days = ft.Row(wrap=True, spacing=m.gap, run_spacing=m.gap)
    content = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    def render_days() -> None:
        today = today_seoul()
        d = mem["day"]
        days.controls = [
            button("전날", m, ident="market-settle-prev", icon=ft.Icons.CHEVRON_LEFT,
                   kind="outlined", on_click=move(-1)),
            button("다음 날", m, ident="market-settle-next", icon=ft.Icons.CHEVRON_RIGHT,
                   kind="outlined", on_click=move(1) if d < today else None)]
        days.controls[1].content.disabled = d >= today

    def move(delta: int):
        async def handler(e) -> None:
            mem["day"] = mem["day"] + timedelta(days=delta)
            render_days()
            await load()
        return handler

    def show(s: Settlement | None) -> None:
        if s is None:
            content.controls = []
            return
        rows: list[ft.Control] = [
            text(f"{day_ko(s.day)}", m, "title_medium", bold=True, ident="market-settle-day"),
            text(tr("주문 {orders}건", orders=s.orders), m, ident="market-settle-orders"),
            text(tr("판매 금액 {gross}", gross=won(s.gross)), m, ident="market-settle-gross"),
            text(tr("거절·환불 {rejected}", rejected=won(s.rejected)), m, ident="market-settle-rejected"),
            text(tr("수수료 {fee_rate_percent:g}%", fee_rate_percent=s.fee_rate_percent), m, "body_medium"),
            text(tr("받을 돈 {payout}", payout=won(s.payout)), m, "title_large", bold=True, color=ft.Colors.PRIMARY,
                 ident="market-settle-payout"),
        ]
        by = [text(f"{METHOD_KO.get(k, k)} {won(v)}", m, "body_medium")
              for k, v in s.by_method.items()]
        out: list[ft.Control] = [panel(rows, "market-settle-summary")]
        if by:
            out += [heading("결제 방법별", m), panel(by, "market-settle-methods")]
        if s.lines:
            out.append(heading("주문별", m))
            out += [panel([text(tr("주문번호 {order_no} · {status_ko}", order_no=o.order_no, status_ko=o.status_ko), m, bold=True),
                           text(f"{o.buyer} · {won(o.amount)}", m, "body_medium")],
                          f"market-settle-line-{o.part_id}") for o in s.lines]
        content.controls = out

    async def load(e=None) -> None:
        async def fetch() -> Settlement | None:
            await _shops(app)
            s = _current(app)
            head.controls = [*_picker(app, load),
                             text(s.shop.name if s else NONE_TEXT, m, "title_medium", bold=True,
                                  ident="market-settle-shop")]
            if s is None:
                return None
            day: date = mem["day"]
            return await app.api.call("GET", f"{API}/merchant/shops/{s.shop.id}/settlement",
                                      Settlement, params={"day": day.isoformat()})

        await status.load(app.page, fetch, show, what="정산을 불러오는 중입니다…")

    render_days()
    app.page.run_task(load)
    return screen(app, f"{BASE}/merchant/settlement", "정산", [
        head, days, status, content,
        text("거절하거나 취소된 주문은 받을 돈에서 빠집니다.", m, "body_medium",
             color=ft.Colors.ON_SURFACE_VARIANT)], ident="market-settle-view")
