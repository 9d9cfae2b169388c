"""전통시장 장보기 in the real app (headless session, in-process API with the demo seed): a guest
browses and is asked to sign in to order; a citizen fills a cart from two shops of
광양5일시장, picks 배달, 읍면동, a time and 계좌이체, orders and sees 입금 대기 with the virtual
account; 일자리경제과 confirms the deposit at the desk; the merchant's console sounds a new
order and accepting it moves the citizen's open order screen by itself; every screen names
its controls and keeps 4.5:1 contrast in both themes and text sizes at 360 px."""

from __future__ import annotations

import re

import pytest

from myg_app import catalog
from myg_app.client.features.market import common
from myg_app.client.state import K_LARGE, K_VOICE
from myg_app.contracts.market import (
    DeskOrder,
    MarketList,
    MerchantOrder,
    MerchantShops,
    OrderOut,
    ProductOut,
    ProductPage,
    ProductPatch,
)
from myg_app.contracts.payments import ConfirmDeposit
from tests.ui.conftest import finish_background_tasks, signed_in
from tests.ui.headless import said
from tests.ui.rendered_colours import drawn_texts
from tests.ui.test_a11y_walk import walk_view

MARKET = "광양5일시장"
CITIZEN = "citizen@gwangyang.demo"
MERCHANT = "merchant@gwangyang.demo"
OFFICER = "jobs@gwangyang.demo"  # 일자리경제과
# Two shops: 읍내채소 (the demo merchant's) and 광양정육; together above the 15,000원 minimum.
CABBAGE, BEEF = "배추", "국거리 소고기"


@pytest.fixture(autouse=True)
async def drain():
    yield
    await finish_background_tasks()


@pytest.fixture(autouse=True)
def built():
    """Until the catalog says so, /f/market is the 준비 중 page and nothing here can be found."""
    assert catalog.BY_ID["market"].status == "available", "catalog.py: market is still planned"


@pytest.fixture(autouse=True)
def quick_poll(monkeypatch):
    """Open screens ask for changes every few seconds; a test need not wait that long."""
    monkeypatch.setattr(common, "POLL_S", 0.2)


async def market_id(ui) -> int:
    res = await ui.app.api.call("GET", "/market/markets", MarketList, auth=False)
    return next(m.id for m in res.items if m.name == MARKET)


async def product(ui, mid: int, name: str):
    res = await ui.app.api.call("GET", "/market/products", ProductPage, auth=False,
                                params={"market_id": mid, "q": name})
    return next(p for p in res.items if p.name == name)


def error_of(ui, ident: str) -> str:
    return said(ui.find(f"{ident}-error").content.controls[1])


async def open_market(ui) -> int:
    mid = await market_id(ui)
    await ui.go("/f/market")
    await ui.settle(lambda: ui.find(f"market-market-{mid}"))
    await ui.tap(f"market-market-{mid}")
    await ui.settle(lambda: ui.idents("market-product-"))
    assert ui.text("market-name") == MARKET
    return mid


async def add(ui, mid: int, name: str, times: int = 1) -> int:
    """Search the market for `name` and tap 담기 `times` times; returns the product id."""
    p = await product(ui, mid, name)
    await ui.type("market-search", name)
    await ui.tap("market-search-submit")
    await ui.settle(lambda: ui.find(f"market-product-{p.id}"))
    for _ in range(times):
        await ui.tap(f"market-add-{p.id}")
    return p.id


def slots(ui) -> list[str]:
    return [i for i in ui.idents("market-slot-") if re.fullmatch(r"market-slot-\d+", i)]


async def fill_checkout(ui) -> None:
    """배달 to 광양읍, the first open time, a phone, 계좌이체."""
    await ui.settle(lambda: ui.find("market-zone") and slots(ui))
    await ui.tap("market-fulfilment-delivery")
    await ui.select("market-zone", "gwangyang")
    await ui.type("market-address", "광양읍 인동로 12, 101동 1001호")
    open_slot = next(i for i in slots(ui) if not ui.find(i).content.disabled)
    await ui.tap(open_slot)
    await ui.type("market-phone", "010-1234-5678")
    await ui.type("market-request", "문 앞에 두세요")
    await ui.tap("market-method-bank_transfer")
    await ui.settle(lambda: ui.find("market-total"))


async def place_order(ui, second: str = BEEF) -> OrderOut:
    """A citizen's order of two 배추 and one `second` from another shop, paid by bank
    transfer: on its order screen."""
    mid = await open_market(ui)
    cabbage = await add(ui, mid, CABBAGE, 2)
    other = await add(ui, mid, second)
    price = (await product(ui, mid, second)).price
    assert ui.text(f"market-qty-{other}") == "1개"
    assert ui.text("market-cart-summary") == f"장바구니 3개 · 상품 {9_000 + price:,}원"
    await ui.tap("market-cart")
    await ui.settle(lambda: ui.find(f"market-line-{cabbage}-qty"))
    await fill_checkout(ui)
    # The server's numbers: 9,000 + the other, 배달비 2,000 to 광양읍.
    await ui.settle(lambda: ui.text("market-total") == f"합계 {9_000 + price + 2_000:,}원")
    assert ui.text("market-subtotal") == f"상품 금액 {9_000 + price:,}원"
    assert ui.text("market-fee") == "배달비 2,000원"
    assert ui.find("market-shortfall") is None
    await ui.tap("market-order")
    await ui.settle(lambda: ui.find("market-order-status"))
    assert ui.find("market-checkout-status-error") is None
    order_id = int(ui.page.route.rsplit("/", 1)[1])
    return await ui.app.api.call("GET", f"/market/orders/{order_id}", OrderOut)


async def test_guest_browses_fills_a_cart_and_is_asked_to_sign_in(open_app):
    ui = await open_app(route="/f/market")
    mid = await market_id(ui)
    await ui.settle(lambda: ui.find(f"market-market-{mid}"))
    assert "끝자리 1·6일 장날" in ui.find(f"market-market-{mid}").label
    assert ui.find("market-demo-note") is not None  # the shops are demo data, and say so
    assert ui.find("market-orders") is None and ui.find("market-merchant") is None
    await ui.tap(f"market-market-{mid}")
    await ui.settle(lambda: ui.idents("market-product-"))
    pid = await add(ui, mid, CABBAGE)
    assert ui.text("market-count").startswith("'배추' 상품 ")  # 배추, 배추김치
    assert ui.text("market-cart-summary") == "장바구니 1개 · 상품 4,500원"
    await ui.tap("market-cart")
    await ui.settle(lambda: ui.find("market-shortfall"))
    # Under the minimum order: the server says how much is missing.
    assert "10,500원 더" in ui.text("market-shortfall")
    assert ui.text(f"market-line-{pid}-qty") == "1"
    await ui.tap("market-order")
    await ui.settle(lambda: ui.find("login-email"))
    assert ui.page.route == "/login"
    assert ui.app.state.after_login == f"/f/market/m/{mid}/cart"


async def test_the_cart_is_kept_per_market_and_changed_line_by_line(open_app):
    ui = await signed_in(open_app, CITIZEN)
    mid = await open_market(ui)
    pid = await add(ui, mid, CABBAGE)
    radish = await add(ui, mid, "무")
    await ui.go("/f/market")  # away and back: the cart is still there
    await ui.settle(lambda: ui.find(f"market-market-{mid}"))
    assert "장바구니 2개" in ui.find(f"market-market-{mid}").label
    await ui.tap(f"market-market-{mid}")
    await ui.settle(lambda: ui.find("market-cart-summary"))
    assert ui.text("market-cart-summary") == "장바구니 2개 · 상품 7,000원"
    await ui.tap("market-cart")
    await ui.settle(lambda: ui.find("market-subtotal"))
    await ui.tap(f"market-line-{pid}-plus")
    await ui.settle(lambda: ui.text("market-subtotal") == "상품 금액 11,500원")
    assert ui.text(f"market-line-{pid}-qty") == "2"
    await ui.tap(f"market-line-{radish}-remove")
    await ui.settle(lambda: ui.text("market-subtotal") == "상품 금액 9,000원")
    assert ui.find(f"market-line-{radish}-qty") is None
    # Too little to order: the missing amount, and 주문하기 explains instead of ordering.
    assert "6,000원 더" in ui.text("market-shortfall")
    await fill_checkout(ui)
    await ui.tap("market-order")
    await ui.settle(lambda: ui.find("market-checkout-status-error"))
    assert "최소 주문 금액" in error_of(ui, "market-checkout-status")
    assert ui.page.route == f"/f/market/m/{mid}/cart"
    await ui.tap(f"market-line-{pid}-minus")
    await ui.tap(f"market-line-{pid}-remove")
    await ui.settle(lambda: ui.find("market-cart-empty"))


async def test_missing_choices_are_named_before_ordering(open_app):
    ui = await signed_in(open_app, CITIZEN)
    mid = await open_market(ui)
    await add(ui, mid, BEEF)
    await ui.tap("market-cart")
    await ui.settle(lambda: ui.find("market-total") and slots(ui))
    await ui.tap("market-fulfilment-delivery")
    await ui.type("market-phone", "")
    await ui.tap("market-order")
    await ui.settle(lambda: ui.find("market-checkout-status-error"))
    msg = error_of(ui, "market-checkout-status")
    # (the 읍면동 may come from the citizen's profile already)
    assert "주소" in msg and "받을 시간" in msg and "휴대전화" in msg
    await ui.tap("market-fulfilment-pickup")
    await ui.settle(lambda: ui.find("market-pickup-place"))
    assert ui.find("market-zone") is None and ui.find("market-address") is None


async def test_order_by_bank_transfer_shows_the_virtual_account_and_can_be_cancelled(open_app):
    ui = await signed_in(open_app, CITIZEN)
    o = await place_order(ui)
    assert o.status == "awaiting_deposit" and o.total == 27_000
    assert ui.text("market-order-status") == "입금 대기"
    assert ui.text("market-va-number").startswith(o.payment.virtual_account.bank)
    assert "27,000원" in ui.text("market-va-amount")
    assert len(o.parts) == 2  # 읍내채소 and 광양정육
    assert {ui.text(f"market-order-part-{p.id}-status") for p in o.parts} == {"새 주문"}
    await ui.go("/f/market/orders")
    await ui.settle(lambda: ui.find(f"market-order-{o.id}"))
    assert "입금 대기" in ui.find(f"market-order-{o.id}").label
    await ui.tap(f"market-order-{o.id}")
    await ui.settle(lambda: ui.find("market-cancel"))
    await ui.tap("market-cancel")
    await ui.tap("market-cancel-confirm")
    await ui.settle(lambda: ui.text("market-order-status") == "취소")
    assert ui.find("market-va-number") is None and ui.find("market-cancel") is None


async def test_desk_confirms_the_deposit_and_the_merchant_accepts_while_the_citizen_watches(
        open_app):
    citizen = await signed_in(open_app, CITIZEN, prefs={K_VOICE: True})
    merchant = await signed_in(open_app, MERCHANT)
    await merchant.go("/f/market")
    await merchant.settle(lambda: merchant.find("market-merchant"))
    await merchant.tap("market-merchant")
    await merchant.settle(lambda: merchant.find("market-shop-open"))
    # Two shops: the console manages 읍내채소 (where the cabbages come from).
    mine = await merchant.app.api.call("GET", "/market/merchant/shops", MerchantShops)
    veg = next(s.shop for s in mine.items if s.shop.name == "읍내채소")
    await merchant.tap(f"market-shop-{veg.id}")
    await merchant.settle(lambda: merchant.text("market-merchant-shop").startswith("읍내채소"))
    assert merchant.find("market-new-order-alert") is None

    o = await place_order(citizen)
    part = next(p for p in o.parts if p.shop_name == "읍내채소")
    # Not paid yet: the merchant does not see it.
    assert merchant.find(f"market-part-{part.id}") is None

    officer = await signed_in(open_app, OFFICER)
    await officer.go("/f/market")
    await officer.settle(lambda: officer.find("market-desk"))
    await officer.tap("market-desk")
    await officer.settle(lambda: officer.find(f"market-desk-deposit-{o.id}"))
    assert officer.text(f"market-desk-amount-{o.id}") == "27,000"  # prefilled with the total
    await officer.tap(f"market-desk-deposit-{o.id}")
    await officer.settle(lambda: officer.find("market-desk-status-notice"))
    assert officer.find(f"market-desk-deposit-{o.id}") is None

    # The citizen's open order screen changes by itself, and says so.
    await citizen.settle(lambda: citizen.text("market-order-status") == "접수")
    assert citizen.find("market-va-number") is None
    await citizen.settle(lambda: any("접수" in s for s in
                                     citizen.app.state.drafts.get("spoken", [])))
    # The merchant's console sounds the new order and shows it until tapped.
    await merchant.settle(lambda: merchant.find("market-new-order-alert"))
    await merchant.settle(lambda: merchant.find(f"market-part-{part.id}"))
    assert merchant.text(f"market-part-{part.id}-status") == "새 주문"
    await merchant.tap(f"market-part-{part.id}-accept")
    await merchant.settle(lambda: merchant.text(f"market-part-{part.id}-status") == "준비중")
    assert merchant.find(f"market-part-{part.id}-packed") is not None
    assert merchant.find("market-new-order-alert") is not None  # stays until tapped
    found: dict[str, list[str]] = {}
    check_screen(merchant, found, "console with the new-order banner")
    assert not found, found
    await merchant.tap("market-new-order-alert")
    assert merchant.find("market-new-order-alert") is None
    # The citizen sees that shop's part move (the other shop has not answered yet).
    await citizen.settle(lambda: citizen.text(f"market-order-part-{part.id}-status") == "준비중")
    assert citizen.text("market-order-status") == "접수"


async def test_merchant_rejects_with_a_reason_and_manages_stock_and_settlement(open_app):
    citizen = await signed_in(open_app, CITIZEN)
    o = await place_order(citizen)
    officer = await signed_in(open_app, OFFICER)
    await officer.app.api.call("POST", f"/market/desk/orders/{o.id}/deposit", DeskOrder,
                               json=ConfirmDeposit(amount=o.total))
    part = next(p for p in o.parts if p.shop_name == "읍내채소")
    merchant = await signed_in(open_app, MERCHANT)
    await merchant.go("/f/market/merchant")
    await merchant.settle(lambda: merchant.find(f"market-part-{part.id}-reject"))
    await merchant.tap(f"market-part-{part.id}-reject")
    await merchant.tap("market-reject-confirm")
    assert merchant.find("market-reject-reason").content.error  # a reason is needed
    await merchant.type("market-reject-reason", "오늘 배추가 다 팔렸습니다")
    await merchant.tap("market-reject-confirm")
    await merchant.settle(lambda: merchant.text(f"market-part-{part.id}-status") == "거절")
    # The citizen is owed that part back and is asked where to send it.
    await citizen.settle(lambda: citizen.text(f"market-order-part-{part.id}-status") == "거절",
                         timeout=5)
    await citizen.settle(lambda: citizen.find("market-refund-submit"))
    await citizen.type("market-refund-bank", "광양농협")
    await citizen.type("market-refund-number", "351-1234-5678-93")
    await citizen.type("market-refund-holder", "김광양")
    await citizen.tap("market-refund-submit")
    await citizen.settle(lambda: citizen.find("market-action-status-notice"))
    assert citizen.find("market-refund-submit") is None
    # 일자리경제과 sends it to that account and says so.
    refund = (await citizen.app.api.call("GET", f"/market/orders/{o.id}", OrderOut)).refunds[0]
    assert refund.status == "pending" and refund.amount == 9_000
    await officer.go("/f/market/desk")
    await officer.settle(lambda: officer.find(f"market-desk-refund-{refund.id}-sent"))
    assert "광양농협" in officer.text(f"market-desk-refund-{refund.id}-to")
    await officer.tap(f"market-desk-refund-{refund.id}-sent")
    await officer.settle(lambda: officer.find("market-desk-status-notice"))
    assert officer.find(f"market-desk-refund-{refund.id}-sent") is None
    await citizen.settle(lambda: "환불 완료" in said(
        citizen.find(f"market-refund-{refund.id}").content.content.controls[0]))

    # Closing the shop for the day: its products cannot be put in a cart.
    await merchant.tap("market-shop-open")
    await merchant.settle(lambda: merchant.find("market-merchant-status-notice"))
    try:
        assert not merchant.find("market-shop-open").toggled
        assert not (await product(merchant, o.market_id, CABBAGE)).shop_open
    finally:
        await merchant.tap("market-shop-open")
        await merchant.settle(lambda: merchant.find("market-shop-open").toggled)
    assert (await product(merchant, o.market_id, CABBAGE)).shop_open

    await merchant.tap("market-stock")
    await merchant.settle(lambda: merchant.idents("market-stock-save-"))
    cabbage = await product(merchant, o.market_id, CABBAGE)
    await merchant.type(f"market-stock-{cabbage.id}", "0")
    await merchant.tap(f"market-stock-save-{cabbage.id}")
    await merchant.settle(lambda: merchant.find("market-stock-status-notice"))
    assert (await product(merchant, o.market_id, CABBAGE)).sold_out
    await merchant.type(f"market-stock-{cabbage.id}", "30")
    await merchant.tap(f"market-stock-save-{cabbage.id}")
    await merchant.settle(lambda: "30개" in said(
        merchant.find("market-stock-status-notice").content.controls[1]))
    assert not (await product(merchant, o.market_id, CABBAGE)).sold_out
    await merchant.go("/f/market/merchant/settlement")
    await merchant.settle(lambda: merchant.find("market-settle-payout"))
    assert merchant.text("market-settle-payout").startswith("받을 돈")


async def test_a_total_changed_meanwhile_is_shown_and_the_order_goes_through_next_tap(
        open_app):
    citizen = await signed_in(open_app, CITIZEN)
    mid = await open_market(citizen)
    cabbage = await add(citizen, mid, CABBAGE, 4)
    await citizen.tap("market-cart")
    await fill_checkout(citizen)
    await citizen.settle(lambda: citizen.text("market-total") == "합계 20,000원")
    merchant = await signed_in(open_app, MERCHANT)
    await merchant.app.api.call("PATCH", f"/market/merchant/products/{cabbage}", ProductOut,
                                json=ProductPatch(price=5_000))
    try:
        await citizen.tap("market-order")
        await citizen.settle(lambda: citizen.find("market-checkout-status-error"))
        assert "22,000원으로 바뀌었습니다" in error_of(citizen, "market-checkout-status")
        assert citizen.page.route == f"/f/market/m/{mid}/cart"
        await citizen.settle(lambda: citizen.text("market-total") == "합계 22,000원")
        await citizen.tap("market-order")
        await citizen.settle(lambda: citizen.find("market-order-status"))
        assert citizen.text("market-order-total").startswith("합계 22,000원")
    finally:
        await merchant.app.api.call("PATCH", f"/market/merchant/products/{cabbage}", ProductOut,
                                    json=ProductPatch(price=4_500))


async def test_packed_order_is_received_and_reviewed(open_app):
    # 배추 (읍내채소) and 단감 (매화과일): both the demo merchant's shops.
    citizen = await signed_in(open_app, CITIZEN)
    o = await place_order(citizen, second="단감")
    officer = await signed_in(open_app, OFFICER)
    await officer.app.api.call("POST", f"/market/desk/orders/{o.id}/deposit", DeskOrder,
                               json=ConfirmDeposit(amount=o.total))
    merchant = await signed_in(open_app, MERCHANT)
    for part in o.parts:
        for step in ("accept", "packed"):
            await merchant.app.api.call("POST", f"/market/merchant/parts/{part.id}/{step}",
                                        MerchantOrder)
    await citizen.settle(lambda: citizen.text("market-order-status") == "배달중")
    assert len(citizen.find("market-timeline").content.controls) >= 4
    await citizen.tap("market-received")
    await citizen.settle(lambda: citizen.text("market-order-status") == "완료")
    await citizen.settle(lambda: citizen.find("market-review-submit"))
    await citizen.tap("market-review-rating-4")
    await citizen.type("market-review-text", "배추가 싱싱했어요")
    await citizen.tap("market-review-submit")
    await citizen.settle(lambda: citizen.find("market-review-shown"))
    assert citizen.find("market-review-submit") is None
    # The merchant's settlement counts the day's parts.
    await merchant.go("/f/market/merchant/settlement")
    await merchant.settle(lambda: merchant.find(f"market-settle-line-{o.parts[0].id}")
                          or merchant.find(f"market-settle-line-{o.parts[1].id}"))


async def test_only_market_officers_get_the_desk(open_app):
    ui = await signed_in(open_app, "clean@gwangyang.demo")
    await ui.go("/f/market")
    await ui.settle(lambda: ui.find("market-orders"))
    assert ui.find("market-desk") is None and ui.find("market-merchant") is None
    await ui.go("/f/market/desk")
    assert ui.find("market-desk-forbidden") is not None


def check_screen(ui, found: dict[str, list[str]], name: str) -> None:
    view = ui.page.views[-1]
    problems = walk_view(view, ui.app.m.target)
    for theme_name, theme in (("light", ui.page.theme), ("dark", ui.page.dark_theme)):
        problems += [f"{theme_name}: {d.text[:30]!r} {d.ratio:.2f}:1 ({d.where})"
                     for d in drawn_texts(view, theme) if d.ratio < 4.5]
    if problems:
        found[name] = problems


async def settled(ui, ident: str) -> None:
    await ui.settle(lambda: ui.find(ident))
    await ui.settle(lambda: not any(type(c).__name__ == "ProgressRing" and c.visible
                                    for c in list(ui.session.index.values())), timeout=5)


@pytest.mark.parametrize("large", [False, True], ids=["normal-text", "large-text"])
async def test_every_market_screen_names_its_controls_with_readable_contrast(open_app, large):
    prefs = {K_LARGE: True} if large else None
    found: dict[str, list[str]] = {}
    guest = await open_app(prefs=prefs, width=360, route="/f/market")
    mid = await market_id(guest)
    await settled(guest, f"market-market-{mid}")
    check_screen(guest, found, "guest /f/market")

    citizen = await signed_in(open_app, CITIZEN, prefs=prefs, width=360)
    o = await place_order(citizen)
    check_screen(citizen, found, "order (입금 대기)")
    await citizen.go(f"/f/market/m/{mid}")
    await settled(citizen, "market-count")
    await add(citizen, mid, CABBAGE)
    check_screen(citizen, found, "market with a cart")
    await citizen.tap("market-cart")
    await settled(citizen, "market-total")
    await citizen.settle(lambda: slots(citizen))
    check_screen(citizen, found, "cart")
    await citizen.go("/f/market/orders")
    await settled(citizen, f"market-order-{o.id}")
    check_screen(citizen, found, "my orders")

    officer = await signed_in(open_app, OFFICER, prefs=prefs, width=360)
    await officer.go("/f/market/desk")
    await settled(officer, f"market-desk-deposit-{o.id}")
    check_screen(officer, found, "desk")

    merchant = await signed_in(open_app, MERCHANT, prefs=prefs, width=360)
    await merchant.go("/f/market/merchant")
    await settled(merchant, "market-shop-open")
    check_screen(merchant, found, "merchant console")
    await merchant.go("/f/market/merchant/stock")
    await settled(merchant, "market-stock-shop")
    check_screen(merchant, found, "stock")
    await merchant.go("/f/market/merchant/settlement")
    await settled(merchant, "market-settle-payout")
    check_screen(merchant, found, "settlement")
    assert not found, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in found.items())


async def test_card_and_voucher_open_their_payment_windows(open_app, api_app):
    from myg_app.server.payments.settings import PaymentSettings

    api_app.state.payment_settings = PaymentSettings(
        card_provider="toss", toss_secret_key="test_sk_market_ui", toss_client_key="test_ck_ui",
        voucher_provider="platform", voucher_secret_key="voucher-secret",
        voucher_merchant_id="GY-MARKET", voucher_base_url="http://voucher.test",
        public_base_url="http://testserver")
    try:
        ui = await signed_in(open_app, CITIZEN)
        for method, start in (("card", "http://testserver/api/v1/market/pay/"),
                              ("voucher", "http://voucher.test")):
            mid = await open_market(ui)
            await add(ui, mid, BEEF)
            await ui.tap("market-cart")
            await fill_checkout(ui)
            assert ui.find("market-method-card") and ui.find("market-method-voucher")
            await ui.tap(f"market-method-{method}")
            await ui.tap("market-order")
            await ui.settle(lambda: ui.find("market-order-status"))
            assert ui.text("market-order-status") == "결제 대기"
            assert ui.client.launched[-1].startswith(start), ui.client.launched
            # Closed the window by mistake: the order screen opens it again.
            opened = len(ui.client.launched)
            await ui.tap(f"market-pay-{method}")
            assert len(ui.client.launched) == opened + 1
    finally:
        api_app.state.payment_settings = None
