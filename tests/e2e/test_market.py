"""전통시장 장보기 in Chromium: a citizen on a phone in large text (360×800) orders from two
shops of 광양5일시장, pays by bank transfer; 일자리경제과 confirms the deposit; the merchant,
in a second browser, accepts and packs both shops' parts; the citizen's open order screen
turns to 배달중 without a reload. Nothing runs off the side of the phone."""

from __future__ import annotations

import httpx

from tests.e2e.accounts import DEMO_PASSWORD, PASSWORD, new_citizen, sign_in
from tests.e2e.flet_page import FletPage
from tests.e2e.tour import go
from tests.e2e.tour import off_side as off_side_at

M = "/api/v1/market"


def off_side(ui) -> list[dict]:
    return off_side_at(ui, 360)


def _token(c: httpx.Client, email: str, password: str) -> dict:
    r = c.post("/api/v1/auth/login", json={"email": email, "password": password})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _product(c: httpx.Client, name: str, shop: str) -> dict:
    items = c.get(f"{M}/products", params={"market_id": 1, "q": name}).json()["items"]
    return next(p for p in items if p["name"] == name and p["shop_name"] == shop)


def _add(ui: FletPage, words: str, pid: int) -> None:
    ui.fill("market-search", words)
    ui.click_id("market-search-submit")
    ui.wait_id(f"market-add-{pid}")
    ui.click_id(f"market-add-{pid}")


def test_order_two_shops_pay_by_transfer_merchant_accepts_citizen_sees_delivering(
        ui, browser, server, artifacts):
    email = new_citizen(server, "e2e-market")
    with httpx.Client(base_url=server) as c:
        leek = _product(c, "대파", "읍내채소")
        maesil = _product(c, "광양 매실청", "매화과일")
        slot = next(s for s in c.get(f"{M}/markets/1/slots").json()["items"] if s["available"])
    ui.phone_in_large_text()
    sign_in(ui, email, PASSWORD)
    go(ui, "/f/market")
    ui.wait_text_in("market-market-1", "광양5일시장")
    ui.shot("market_list_large")
    assert not off_side(ui), off_side(ui)
    ui.click_id("market-market-1")
    _add(ui, "대파", leek["id"])
    _add(ui, "매실", maesil["id"])
    ui.shot("market_products_large")
    assert not off_side(ui), off_side(ui)
    ui.click_id("market-cart")
    ui.wait_id(f"market-line-{leek['id']}-plus")
    ui.click_id(f"market-line-{leek['id']}-plus")  # 대파 ×2
    ui.pick("market-zone", "광양읍 2,000원")
    ui.fill("market-address", "광양읍 인동로 12, 101동 1001호")
    ui.click_id(f"market-slot-{slot['id']}")
    ui.fill("market-phone", "010-1234-5678")
    ui.expect_text("market-total", "26,000원")
    ui.shot("market_cart_large")
    assert not off_side(ui), off_side(ui)
    ui.click_id("market-order")
    ui.expect_text("market-order-status", "입금 대기")
    ui.reveal("market-va-box")
    ui.shot("market_order_awaiting_deposit_large")
    assert not off_side(ui), off_side(ui)
    order_id = int(ui.page.url.rsplit("/", 1)[1])

    # 일자리경제과 sees the deposit on the virtual account and confirms it.
    with httpx.Client(base_url=server) as c:
        desk = _token(c, "jobs@gwangyang.demo", DEMO_PASSWORD)
        r = c.post(f"{M}/desk/orders/{order_id}/deposit", json={"amount": 26_000}, headers=desk)
        r.raise_for_status()
        merchant = _token(c, "merchant@gwangyang.demo", DEMO_PASSWORD)
        parts = [p for p in c.get(f"{M}/merchant/orders", headers=merchant).json()["items"]
                 if p["order_id"] == order_id]
    assert len(parts) == 2
    ui.expect_text("market-order-status", "접수")  # the open screen follows by itself

    # The merchant, on their own phone, answers both shops' parts.
    ctx = browser.new_context(viewport={"width": 400, "height": 860}, locale="ko-KR")
    shop_ui = FletPage(ctx.new_page(), server, artifacts / "screenshots")
    try:
        shop_ui.open("/")
        sign_in(shop_ui, "merchant@gwangyang.demo", DEMO_PASSWORD)
        go(shop_ui, "/f/market/merchant")
        for part in parts:
            shop_ui.click_id(f"market-shop-{part['shop_id']}")
            shop_ui.wait_id(f"market-part-{part['part_id']}-accept")
            shop_ui.shot("market_merchant_new_order")
            shop_ui.click_id(f"market-part-{part['part_id']}-accept")
            shop_ui.wait_id(f"market-part-{part['part_id']}-packed")
            shop_ui.click_id(f"market-part-{part['part_id']}-packed")
            shop_ui.expect_text(f"market-part-{part['part_id']}-status", "포장 완료")
        shop_ui.shot("market_merchant_packed")
    finally:
        ctx.close()

    ui.page.bring_to_front()
    ui.expect_text("market-order-status", "배달중")  # no reload: the screen watched the order
    ui.shot("market_order_delivering_large")
    assert not off_side(ui), off_side(ui)
