"""The markets (/f/market) and one market's products (/f/market/m/<id>): search, 분류, 담기,
and the cart bar. Guests browse; ordering asks them to sign in."""

from __future__ import annotations

import flet as ft

from myg_app import catalog
from myg_app.client.api import ApiError
from myg_app.client.features.account import field
from myg_app.client.features.feature import officer_of
from myg_app.client.features.layout import screen
from myg_app.client.features.market.common import API, BASE, FID, cart, thumb
from myg_app.client.features.news.common import chip
from myg_app.client.features.waste.common import won
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import (
    button,
    heading,
    icon_button,
    tagged,
    tappable,
    text,
)
from myg_app.client.widgets.dropdown import filter_dropdown
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.market import (
    MAX_QUANTITY,
    MarketDetail,
    MarketList,
    MarketOut,
    MerchantShops,
    ProductOut,
    ProductPage,
)

PAGE = 30


# --- /f/market ------------------------------------------------------------------------------
def main_view(app) -> ft.View:
    m = app.m
    status = Loader(m, "market-list-status")
    markets = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    demo = ft.Column()
    links = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    body: list[ft.Control] = [text(catalog.BY_ID[FID].summary_ko + " 장보기를 마치면 "
                                   "배달이나 직접 찾아가기를 고를 수 있습니다.", m)]
    if app.signed_in:
        links.controls.append(button("내 주문", m, ident="market-orders", icon=ft.Icons.RECEIPT_LONG,
                                     kind="tonal", on_click=lambda e: app.go(f"{BASE}/orders"),
                                     expand=True))
        if officer_of(app, FID):
            links.controls.append(button(
                "입금·환불 관리 (담당자)", m, ident="market-desk", icon=ft.Icons.PRICE_CHECK,
                kind="outlined", on_click=lambda e: app.go(f"{BASE}/desk"), expand=True))
    else:
        body += [text("상품은 로그인 없이 둘러볼 수 있습니다. 주문하려면 로그인해 주세요.", m,
                      "body_medium", ident="market-login-note"),
                 button("로그인", m, ident="market-login", icon=ft.Icons.LOGIN, kind="outlined",
                        on_click=lambda e: app.go("/login"), expand=True)]
    body += [links, heading("시장 고르기", m, ident="market-markets-heading"), status, demo,
             markets]

    def show(res: MarketList) -> bool:
        markets.controls = [_market_card(app, mk) for mk in res.items]
        demo.controls = [text("상점과 상품, 가격은 시험용 예시(데모) 자료입니다. 실제로 배달되지 "
                              "않습니다.", m, "body_medium", color=ft.Colors.ERROR,
                              ident="market-demo-note")
                         ] if any(mk.demo_shops for mk in res.items) else []
        return bool(res.items)

    async def load(e=None) -> None:
        await status.load(app.page, lambda: app.api.call(
            "GET", f"{API}/markets", MarketList, auth=False), show,
            what="시장 목록을 불러오는 중입니다…", empty="아직 장보기를 하는 시장이 없습니다.")
        await merchant_link()

    async def merchant_link() -> None:
        """상점 관리 only for a user who runs a shop (the list is empty for everyone else)."""
        if not app.signed_in:
            return
        try:
            mine = await app.api.call("GET", f"{API}/merchant/shops", MerchantShops)
        except ApiError:
            return  # the console is one tap away for merchants; not worth an error here
        if mine.items:
            links.controls.insert(1, button(
                "상점 관리", m, ident="market-merchant", icon=ft.Icons.STOREFRONT,
                kind="filled", on_click=lambda e: app.go(f"{BASE}/merchant"), expand=True))
            app.page.update()

    app.page.run_task(load)
    return screen(app, BASE, catalog.BY_ID[FID].name_ko, body, ident=f"function-{FID}")


def _market_card(app, mk: MarketOut) -> ft.Control:
    m = app.m
    tags: list[ft.Control] = []
    if mk.market_day_today:
        tags.append(chip(app, "오늘 장날"))
    if mk.demo_shops:
        tags.append(chip(app, "데모", tone="error"))
    lines: list[ft.Control] = [
        text(mk.name, m, "title_medium", bold=True),
        *([ft.Row(tags, wrap=True, spacing=6, run_spacing=6)] if tags else []),
        text(tr("{market_days_ko} · 상점 {shop_count}곳", market_days_ko=mk.market_days_ko, shop_count=mk.shop_count), m, "body_large"),
        text(f"{mk.dong} · {mk.address}", m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT),
        text(tr("최소 주문 {minimum_order}", minimum_order=won(mk.minimum_order)), m, "body_medium",
             color=ft.Colors.ON_SURFACE_VARIANT),
    ]
    n = cart(app, mk.id).count
    if n:
        lines.append(text(tr("장바구니에 {n}개 담겨 있습니다.", n=n), m, "body_medium", bold=True,
                          color=ft.Colors.PRIMARY))
    label = ", ".join(x for x in (mk.name, "오늘 장날" if mk.market_day_today else "",
                                  mk.market_days_ko, tr("상점 {shop_count}곳", shop_count=mk.shop_count),
                                  tr("장바구니 {n}개", n=n) if n else "") if x)
    content = ft.Container(ft.Row([
        ft.Icon(ft.Icons.STOREFRONT, size=m.icon, color=ft.Colors.PRIMARY),
        ft.Column(lines, spacing=4, expand=True)], vertical_alignment=ft.CrossAxisAlignment.START),
        bgcolor=ft.Colors.SURFACE_CONTAINER, border_radius=12, padding=12,
        on_click=lambda e: app.go(f"{BASE}/m/{mk.id}"))
    return tappable(content, ident=f"market-market-{mk.id}", label=label,
                    on_click=lambda e: app.go(f"{BASE}/m/{mk.id}"))


# --- /f/market/m/<id> -----------------------------------------------------------------------
def market_view(app, market_id: int) -> ft.View:
    m = app.m
    route = f"{BASE}/m/{market_id}"
    c = cart(app, market_id)
    seen = app.state.drafts.setdefault("market_browse", {}).setdefault(
        market_id, {"q": "", "category": ""})
    status = Loader(m, "market-products-status")
    about = ft.Column(spacing=m.gap)
    filters = ft.Column(spacing=m.gap)
    products = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    count = text("", m, "body_medium", ident="market-count")
    more = ft.Column()
    bar = ft.Column()
    shown: list[ProductOut] = []
    info: dict = {}
    query = field(app, "찾을 상품", "market-search", helper="예: 배추, 고등어, 김치, 떡")
    query.value = seen["q"]

    def render_bar() -> None:
        n = c.count
        summary = (tr("장바구니 {n}개 · 상품 {subtotal}", n=n, subtotal=won(c.subtotal())) if n
                   else "장바구니가 비어 있습니다.")
        bar.controls = [tagged(ft.Container(ft.Column([
            text(summary, m, "title_small", bold=True, ident="market-cart-summary"),
            button("장바구니 보기 · 주문하기" if n else "장바구니 보기", m, ident="market-cart",
                   icon=ft.Icons.SHOPPING_CART, on_click=lambda e: app.go(f"{route}/cart"),
                   expand=True, kind="filled" if n else "outlined"),
        ], spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
            bgcolor=ft.Colors.SECONDARY_CONTAINER if n else ft.Colors.SURFACE_CONTAINER,
            border_radius=12, padding=12), "market-cart-bar")]

    def render_products() -> None:
        products.controls = [_product_card(app, p, c.quantities.get(p.id, 0), change)
                             for p in shown]

    def change(p: ProductOut, delta: int):
        async def handler(e) -> None:
            c.set(p, min(MAX_QUANTITY, c.quantities.get(p.id, 0) + delta))
            render_products()
            render_bar()
            app.page.update()
        return handler

    async def load(offset: int = 0) -> None:
        params: dict[str, str | int] = {"market_id": market_id, "limit": PAGE, "offset": offset}
        if seen["q"]:
            params["q"] = seen["q"]
        if seen["category"]:
            params["category"] = seen["category"]

        async def fetch() -> ProductPage:
            if "detail" not in info:
                info["detail"] = await app.api.call("GET", f"{API}/markets/{market_id}",
                                                    MarketDetail, auth=False)
                show_about(info["detail"])
            return await app.api.call("GET", f"{API}/products", ProductPage, auth=False,
                                      params=params)

        def show(page: ProductPage) -> bool:
            shown[:] = (shown if offset else []) + list(page.items)
            for p in page.items:  # the cart shows what the list shows now (price, 품절)
                if p.id in c.products:
                    c.products[p.id] = p
            what = f"'{page.query}' " if page.query else ""
            count.content.value = tr("{what}상품 {total}개", what=what, total=page.total)
            render_products()
            render_bar()
            more.controls = [button("더 보기", m, ident="market-more", kind="outlined",
                                    icon=ft.Icons.EXPAND_MORE, expand=True,
                                    on_click=load_more)
                             ] if len(shown) < page.total else []
            return bool(shown)

        await status.load(app.page, fetch, show, what="상품을 불러오는 중입니다…",
                          empty="찾는 상품이 없습니다. 다른 말로 찾거나 분류를 '전체'로 바꿔 보세요.")

    async def load_more(e) -> None:
        await load(len(shown))

    def show_about(d: MarketDetail) -> None:
        mk = d.market
        about.controls = [
            text(mk.name, m, "title_large", bold=True, ident="market-name"),
            text(f"{mk.market_days_ko}" + (" · 오늘 장날" if mk.market_day_today else ""), m,
                 ident="market-days"),
            text(mk.description, m, "body_medium"),
            text(tr("최소 주문 {minimum_order} · 상점 {shop_count}곳", minimum_order=won(mk.minimum_order), shop_count=mk.shop_count), m, "body_medium"),
        ]
        if mk.demo_shops:
            about.controls.append(text("상점과 상품은 시험용 예시(데모) 자료입니다.", m,
                                       "body_medium", color=ft.Colors.ERROR,
                                       ident="market-demo-note"))
        closed = [s.name for s in d.shops if s.status == "closed"]
        if closed:
            about.controls.append(text(tr("오늘 쉬는 상점: {join}", join=', '.join(closed)), m, "body_medium"))
        filters.controls = [filter_dropdown(
            app, "market-category", "분류", [("", "전체 분류")] + [(x, x) for x in d.categories],
            seen["category"] or "", pick_category)]

    async def pick_category(e) -> None:
        seen["category"] = e.control.value or ""
        await load()

    async def submit(e=None) -> None:
        seen["q"] = (query.value or "").strip()
        await load()

    query.on_submit = submit
    render_bar()
    body: list[ft.Control] = [
        about,
        bar,
        tagged(query, "market-search"),
        button("찾기", m, ident="market-search-submit", icon=ft.Icons.SEARCH, on_click=submit,
               expand=True),
        filters, status, count, products, more,
    ]
    app.page.run_task(load)
    return screen(app, route, "장보기", body, ident="market-shop")


def _product_card(app, p: ProductOut, qty: int, change) -> ft.Control:
    m = app.m
    sold_out = p.sold_out or not p.shop_open
    lines: list[ft.Control] = [
        text(p.name, m, "title_small", bold=True),
        text(f"{won(p.price)} / {p.unit}", m, "body_large", bold=True, color=ft.Colors.PRIMARY),
        text(tr("원산지 {origin}", origin=p.origin), m, "body_medium"),
        text(f"{p.shop_name} · {p.category}", m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT),
    ]
    if sold_out:
        lines.append(text("품절" if p.sold_out else "상점이 오늘 쉽니다", m, "body_medium", bold=True,
                          color=ft.Colors.ERROR, ident=f"market-soldout-{p.id}"))
    if qty:
        actions = ft.Row([
            icon_button(ft.Icons.REMOVE, tr("{name} 하나 빼기", name=p.name), m, ident=f"market-minus-{p.id}",
                        on_click=change(p, -1)),
            tagged(text(tr("{qty}개", qty=qty), m, "title_medium", bold=True), f"market-qty-{p.id}",
                   tr("{name} {qty}개 담음", name=p.name, qty=qty)),
            icon_button(ft.Icons.ADD, tr("{name} 하나 더 담기", name=p.name), m, ident=f"market-add-{p.id}",
                        on_click=None if sold_out or qty >= MAX_QUANTITY else change(p, 1)),
        ], spacing=4, tight=True, vertical_alignment=ft.CrossAxisAlignment.CENTER)
    else:
        actions = button("품절" if sold_out else "담기", m, ident=f"market-add-{p.id}",
                         icon=None if sold_out else ft.Icons.ADD_SHOPPING_CART,
                         on_click=None if sold_out else change(p, 1),
                         name=f"{p.name} {'품절' if sold_out else '담기'}")
        actions.content.disabled = sold_out
    return tagged(ft.Container(ft.Column([
        ft.Row([thumb(app, p), ft.Column(lines, spacing=2, expand=True)],
               vertical_alignment=ft.CrossAxisAlignment.START),
        ft.Row([actions], alignment=ft.MainAxisAlignment.END),
    ], spacing=m.gap), bgcolor=ft.Colors.SURFACE_CONTAINER, border_radius=12, padding=12),
        f"market-product-{p.id}")
