"""전통시장 장보기 over HTTP, on SQLite and PostgreSQL: browsing, the server's quote, checkout
with bank transfer confirmed at the desk, merchants answering their parts, the order's way
접수 → 준비중 → 배달중 → 완료, refunds, slots at capacity, idempotent checkout, and bad input."""
from __future__ import annotations

import time as time_module
import uuid
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from myg_app.seoul_time import seoul_to_utc
from myg_app.server.market import clock as market_clock
from myg_app.server.market.models import Order, Product, Slot
from myg_app.server.payments import providers as payment_providers
from myg_app.server.payments import service as payment_service
from myg_app.server.seed import DEFAULT_DEMO_PASSWORD, seed_demo
from tests.api.conftest import assert_problem

M = "/api/v1/market"
TODAY = date(2026, 12, 1)  # a Tuesday; 광양5일시장 (1·6일) is on today


@pytest.fixture
def clock(monkeypatch):
    """09:00 in Gwangyang on TODAY plus the real time the test has run; tests move it."""
    state = {"today": TODAY, "at": time(9, 0), "shift": timedelta(0)}
    started = time_module.monotonic()

    def now() -> datetime:
        return seoul_to_utc(state["today"], state["at"]) + state["shift"] + timedelta(
            seconds=time_module.monotonic() - started)

    monkeypatch.setattr(market_clock, "today", lambda: state["today"])
    for module in (market_clock, payment_providers, payment_service):
        monkeypatch.setattr(module, "utcnow", now)
    return state


@pytest.fixture
def city(api, clock):
    seed_demo(api.settings)

    def login(email):
        r = api.login(email, DEFAULT_DEMO_PASSWORD)
        assert r.status_code == 200, r.text
        return api.bearer(r.json())

    return {"citizen": login("citizen@gwangyang.demo"), "merchant": login("merchant@gwangyang.demo"),
            "desk": login("jobs@gwangyang.demo"), "other_officer": login("clean@gwangyang.demo")}


def market_id(api, code="gwangyang5") -> int:
    return next(m["id"] for m in api.client.get(f"{M}/markets").json()["items"]
                if m["code"] == code)


def product(api, mid: int, name: str, shop: str | None = None) -> dict:
    items = api.client.get(f"{M}/products", params={"market_id": mid, "q": name,
                                                    "limit": 100}).json()["items"]
    return next(p for p in items if p["name"] == name and (shop is None or p["shop_name"] == shop))


def slot(api, mid: int, fulfilment="delivery", index=0) -> dict:
    items = api.client.get(f"{M}/markets/{mid}/slots", params={"fulfilment": fulfilment}).json()
    return [s for s in items["items"] if s["available"]][index]


def basket(api, mid: int) -> list[dict]:
    """Two shops of 광양5일시장 (both run by the demo merchant): 대파 ×2, 광양 매실청 ×1."""
    return [{"product_id": product(api, mid, "대파", "읍내채소")["id"], "quantity": 2},
            {"product_id": product(api, mid, "광양 매실청")["id"], "quantity": 1}]


def place(api, headers, *, mid=None, items=None, fulfilment="delivery", dong="gwangyang",
          slot_id=None, expected=None, method="bank_transfer", key=None):
    mid = mid or market_id(api)
    items = items or basket(api, mid)
    if expected is None:
        q = api.client.post(f"{M}/quote", json={"market_id": mid, "items": items,
                                                "fulfilment": fulfilment, "dong_code": dong})
        expected = q.json()["total"]
    body = {"market_id": mid, "items": items, "fulfilment": fulfilment,
            "slot_id": slot_id or slot(api, mid, fulfilment)["id"], "dong_code": dong,
            "address": "광양읍 인동로 12, 101동 1001호", "phone": "010-1234-5678",
            "request": "문 앞에 두세요", "method": method, "expected_total": expected}
    extra = {"Idempotency-Key": key} if key else {}
    return api.client.post(f"{M}/orders", json=body, headers=headers | extra)


def paid(api, city, **kw) -> dict:
    r = place(api, city["citizen"], **kw)
    assert r.status_code == 201, r.text
    order = r.json()["order"]
    r = api.client.post(f"{M}/desk/orders/{order['id']}/deposit",
                        json={"amount": order["total"]}, headers=city["desk"])
    assert r.status_code == 200, r.text
    return api.client.get(f"{M}/orders/{order['id']}", headers=city["citizen"]).json()


def parts_of(api, city, order_id) -> list[dict]:
    items = api.client.get(f"{M}/merchant/orders", headers=city["merchant"]).json()["items"]
    return [p for p in items if p["order_id"] == order_id]


def stock_of(api, pid: int) -> int:
    with api.client.app.state.sessionmaker() as s:
        return s.get(Product, pid).stock


# --- browsing --------------------------------------------------------------------------------
def test_markets_with_their_market_days_shops_and_products(api, city):
    markets = api.client.get(f"{M}/markets").json()["items"]
    by_name = {m["name"]: m for m in markets}
    assert {"광양5일시장", "중마 일시장", "옥곡5일시장"} <= set(by_name)
    assert by_name["광양5일시장"]["market_days_ko"] == "끝자리 1·6일 장날"
    assert by_name["광양5일시장"]["market_day_today"] is True  # the 1st
    assert by_name["옥곡5일시장"]["market_day_today"] is False
    assert by_name["중마 일시장"]["market_days_ko"] == "매일 (상설)"
    assert all(m["demo_shops"] for m in markets)
    detail = api.client.get(f"{M}/markets/{by_name['광양5일시장']['id']}").json()
    assert {"읍내채소", "매화과일", "망덕수산"} <= {s["name"] for s in detail["shops"]}
    assert "채소" in detail["categories"]
    found = api.client.get(f"{M}/products", params={
        "market_id": by_name["광양5일시장"]["id"], "q": "매실"}).json()
    assert found["total"] == 1 and found["items"][0]["origin"].startswith("국내산(광양")
    assert found["items"][0]["unit"] == "1L" and found["items"][0]["price"] == 18_000
    veg = api.client.get(f"{M}/products", params={
        "market_id": by_name["광양5일시장"]["id"], "category": "채소"}).json()
    assert veg["total"] == 8 and {p["category"] for p in veg["items"]} == {"채소"}
    assert_problem(api.client.get(f"{M}/markets/999999"), 404, "market.not_found")


def test_zones_and_slots_with_capacity_and_same_day_cutoff(api, city, clock):
    mid = market_id(api)
    zones = api.client.get(f"{M}/markets/{mid}/zones").json()
    assert {z["dong"]: z["fee"] for z in zones["items"]}["광양읍"] == 2_000
    assert "금호동" not in {z["dong"] for z in zones["items"]}
    slots = api.client.get(f"{M}/markets/{mid}/slots").json()["items"]
    assert len(slots) == 6 and all(s["capacity"] == 6 and s["remaining"] == 6 for s in slots)
    assert slots[0]["label"].startswith("12월 1일 (화) 11:00~13:00") and slots[0]["available"]
    clock["at"] = time(15, 30)  # past 15:00: today's runs are closed, tomorrow's are open
    slots = api.client.get(f"{M}/markets/{mid}/slots").json()["items"]
    assert [s["available"] for s in slots] == [False, False, True, True, True, True]
    pickup = api.client.get(f"{M}/markets/{mid}/slots", params={"fulfilment": "pickup"}).json()
    assert len(pickup["items"]) == 3 and pickup["items"][0]["capacity"] == 30


def test_quote_is_the_servers_with_fees_and_minimum_order(api, city):
    mid = market_id(api)
    items = basket(api, mid)
    q = api.client.post(f"{M}/quote", json={"market_id": mid, "items": items,
                                            "dong_code": "gwangyang"}).json()
    assert (q["subtotal"], q["delivery_fee"], q["total"]) == (24_000, 2_000, 26_000)
    assert q["orderable"] and q["shortfall"] == 0 and {ln["shop_name"] for ln in q["lines"]} == {
        "읍내채소", "매화과일"}
    far = api.client.post(f"{M}/quote", json={"market_id": mid, "items": items,
                                              "dong_code": "geumho"}).json()
    assert not far["orderable"] and "픽업" in far["problems"][0]
    pick = api.client.post(f"{M}/quote", json={"market_id": mid, "items": items,
                                               "fulfilment": "pickup"}).json()
    assert pick["delivery_fee"] == 0 and pick["total"] == 24_000 and pick["orderable"]
    small = api.client.post(f"{M}/quote", json={"market_id": mid, "items": items[:1],
                                                "dong_code": "gwangyang"}).json()
    assert small["shortfall"] == 9_000 and not small["orderable"]
    assert "9,000원어치 더" in small["problems"][0]
    other = product(api, market_id(api, "jungma"), "대파")
    assert_problem(api.client.post(f"{M}/quote", json={
        "market_id": mid, "items": [{"product_id": other["id"], "quantity": 1}]}),
        422, "market.product_unknown")


# --- the whole way of an order ---------------------------------------------------------------------
def test_order_from_two_shops_paid_by_transfer_accepted_packed_delivered_reviewed(api, city):
    mid = market_id(api)
    leek = product(api, mid, "대파", "읍내채소")
    before = leek["stock"]
    r = place(api, city["citizen"])
    assert r.status_code == 201, r.text
    order = r.json()["order"]
    assert order["status"] == "awaiting_deposit" and order["status_ko"] == "입금 대기"
    assert order["total"] == 26_000 and len(order["parts"]) == 2
    va = order["payment"]["virtual_account"]
    assert va["account_number"].startswith("790-") and va["depositor"].startswith("김광양")
    assert stock_of(api, leek["id"]) == before - 2  # held while the deposit is awaited
    # Merchants see nothing unpaid.
    assert parts_of(api, city, order["id"]) == []
    desk = api.client.get(f"{M}/desk/orders", headers=city["desk"]).json()["items"]
    row = next(d for d in desk if d["id"] == order["id"])
    assert row["buyer"] == "김*양" and row["total"] == 26_000
    assert_problem(api.client.get(f"{M}/desk/orders", headers=city["other_officer"]), 403,
                   "market.forbidden")
    assert_problem(api.client.post(f"{M}/desk/orders/{order['id']}/deposit", json={"amount": 25_000},
                                   headers=city["desk"]), 422, "payment.amount_mismatch")
    r = api.client.post(f"{M}/desk/orders/{order['id']}/deposit", json={"amount": 26_000},
                        headers=city["desk"])
    assert r.status_code == 200 and r.json()["status"] == "received"

    parts = parts_of(api, city, order["id"])
    assert len(parts) == 2 and {p["status"] for p in parts} == {"new"}
    assert parts[0]["buyer"] == "김*양" and "****" in parts[0]["phone"] and parts[0]["address"] is None
    feed = api.client.get(f"{M}/merchant/orders", headers=city["merchant"]).json()
    assert feed["new_count"] >= 2 and feed["latest_id"] >= max(p["part_id"] for p in parts)
    first = api.client.post(f"{M}/merchant/parts/{parts[0]['part_id']}/accept",
                            headers=city["merchant"]).json()
    assert first["status"] == "accepted" and first["phone"] == "010-1234-5678"
    assert first["address"].startswith("광양읍")
    assert api.client.get(f"{M}/orders/{order['id']}", headers=city["citizen"]).json()[
        "status"] == "received"  # the other shop has not answered yet
    api.client.post(f"{M}/merchant/parts/{parts[1]['part_id']}/accept", headers=city["merchant"])
    now = api.client.get(f"{M}/orders/{order['id']}", headers=city["citizen"]).json()
    assert now["status"] == "preparing" and now["status_ko"] == "준비중" and not now["can_cancel"]
    for p in parts:
        api.client.post(f"{M}/merchant/parts/{p['part_id']}/packed", headers=city["merchant"])
    now = api.client.get(f"{M}/orders/{order['id']}", headers=city["citizen"]).json()
    assert now["status"] == "delivering" and now["status_ko"] == "배달중"
    assert now["version"] > order["version"]
    done = api.client.post(f"{M}/merchant/parts/{parts[0]['part_id']}/delivered",
                           headers=city["merchant"]).json()
    assert done["order_status"] == "completed"
    now = api.client.get(f"{M}/orders/{order['id']}", headers=city["citizen"]).json()
    assert [e["status"] for e in now["timeline"]] == [
        "awaiting_deposit", "received", "preparing", "delivering", "completed"]
    assert now["can_review"]
    r = api.client.post(f"{M}/orders/{order['id']}/review", json={"rating": 5, "text": "대파가 싱싱해요"},
                        headers=city["citizen"])
    assert r.json()["review"]["rating"] == 5 and not r.json()["can_review"]
    assert_problem(api.client.post(f"{M}/orders/{order['id']}/review", json={"rating": 4},
                                   headers=city["citizen"]), 409, "market.already_reviewed")
    notices = api.client.get("/api/v1/me/notices", headers=city["citizen"]).json()["items"]
    assert {"장보기 주문이 접수되었습니다", "장보기 주문이 배달 중입니다"} <= {n["title"] for n in notices}
    merchant_notices = api.client.get("/api/v1/me/notices", headers=city["merchant"]).json()["items"]
    assert any(n["title"] == "새 주문이 들어왔습니다" for n in merchant_notices)
    assert_problem(api.client.get(f"{M}/merchant/shops/999999/settlement",
                                  headers=city["merchant"]), 404, "market.shop_not_found")
    shops = api.client.get(f"{M}/merchant/shops", headers=city["merchant"]).json()["items"]
    veg = next(s["shop"]["id"] for s in shops if s["shop"]["name"] == "읍내채소")
    s = api.client.get(f"{M}/merchant/shops/{veg}/settlement", headers=city["merchant"]).json()
    assert s["orders"] == 1 and s["gross"] == 6_000 and s["payout"] == 6_000
    assert s["by_method"] == {"bank_transfer": 6_000}


def test_pickup_order_says_come_and_get_it(api, city):
    o = paid(api, city, fulfilment="pickup", dong=None)
    assert o["delivery_fee"] == 0 and o["dong"] is None
    for p in parts_of(api, city, o["id"]):
        api.client.post(f"{M}/merchant/parts/{p['part_id']}/accept", headers=city["merchant"])
        api.client.post(f"{M}/merchant/parts/{p['part_id']}/packed", headers=city["merchant"])
    now = api.client.get(f"{M}/orders/{o['id']}", headers=city["citizen"]).json()
    assert now["status"] == "delivering" and now["status_ko"] == "찾아가세요"
    r = api.client.post(f"{M}/orders/{o['id']}/received", headers=city["citizen"])
    assert r.json()["status"] == "completed"


def test_a_rejected_part_is_refunded_and_the_rest_goes_on(api, city):
    o = paid(api, city)
    parts = parts_of(api, city, o["id"])
    fruit = next(p for p in parts if p["lines"][0]["name"] == "광양 매실청")
    veg = next(p for p in parts if p is not fruit)
    stock = stock_of(api, fruit["lines"][0]["product_id"])
    assert_problem(api.client.post(f"{M}/merchant/parts/{fruit['part_id']}/reject",
                                   json={"reason": " "}, headers=city["merchant"]), 422,
                   "validation_error")
    r = api.client.post(f"{M}/merchant/parts/{fruit['part_id']}/reject",
                        json={"reason": "매실청이 다 떨어졌어요"}, headers=city["merchant"])
    assert r.json()["status"] == "rejected"
    assert stock_of(api, fruit["lines"][0]["product_id"]) == stock + 1
    api.client.post(f"{M}/merchant/parts/{veg['part_id']}/accept", headers=city["merchant"])
    now = api.client.get(f"{M}/orders/{o['id']}", headers=city["citizen"]).json()
    assert now["status"] == "preparing" and now["refunded"] == 18_000
    assert now["refunds"][0]["status"] == "needs_account"
    assert "매실청이 다 떨어졌어요" in now["timeline"][-2]["text"] + now["timeline"][-1]["text"]
    r = api.client.post(f"{M}/orders/{o['id']}/refund-account", headers=city["citizen"], json={
        "account": {"bank": "광양농협", "account_number": "351-1234-5678-90", "holder": "김광양"}})
    assert r.json()["refunds"][0]["status"] == "pending"
    desk = api.client.get(f"{M}/desk/orders", headers=city["desk"]).json()["items"]
    row = next(d for d in desk if d["id"] == o["id"])
    assert row["refund_accounts"] == ["광양농협 351-1234-5678-90 (김*양)"]
    rid = row["refunds_pending"][0]["id"]
    api.client.post(f"{M}/desk/refunds/{rid}/sent", headers=city["desk"])
    now = api.client.get(f"{M}/orders/{o['id']}", headers=city["citizen"]).json()
    assert now["refunds"][0]["status"] == "done" and now["payment"]["status"] == "done"


def test_every_shop_rejecting_cancels_and_refunds_everything(api, city):
    o = paid(api, city)
    for p in parts_of(api, city, o["id"]):
        api.client.post(f"{M}/merchant/parts/{p['part_id']}/reject", json={"reason": "오늘 휴업"},
                        headers=city["merchant"])
    now = api.client.get(f"{M}/orders/{o['id']}", headers=city["citizen"]).json()
    assert now["status"] == "cancelled" and now["refunded"] == now["total"] == 26_000
    assert [r["amount"] for r in now["refunds"]] == [18_000, 8_000] or sum(
        r["amount"] for r in now["refunds"]) == 26_000


def test_cancel_before_preparation_gives_stock_slot_and_money_back(api, city):
    mid = market_id(api)
    s = slot(api, mid)
    o = paid(api, city, slot_id=s["id"])
    leek = o["parts"][0]["lines"][0]["product_id"]
    stock = stock_of(api, leek)
    r = api.client.post(f"{M}/orders/{o['id']}/cancel", headers=city["citizen"], json={
        "reason": "잘못 주문했어요", "refund_account": {
            "bank": "광양농협", "account_number": "351-1234-5678-90", "holder": "김광양"}})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["status"] == "cancelled" and out["refunds"][0]["status"] == "pending"
    assert out["payment"]["status"] == "refund_pending"
    assert stock_of(api, leek) > stock
    again = api.client.get(f"{M}/markets/{mid}/slots").json()["items"]
    assert next(x for x in again if x["id"] == s["id"])["remaining"] == 6
    # A retry of the cancellation changes nothing.
    assert api.client.post(f"{M}/orders/{o['id']}/cancel", json={},
                           headers=city["citizen"]).json()["refunds"] == out["refunds"]


def test_no_cancel_once_a_shop_started(api, city):
    o = paid(api, city)
    p = parts_of(api, city, o["id"])[0]
    api.client.post(f"{M}/merchant/parts/{p['part_id']}/accept", headers=city["merchant"])
    body = assert_problem(api.client.post(f"{M}/orders/{o['id']}/cancel", json={},
                                          headers=city["citizen"]), 409, "market.cancel_too_late")
    assert "가게에 전화" in body["detail"]


def test_unpaid_orders_expire_and_give_back_stock(api, city, clock):
    r = place(api, city["citizen"])
    o = r.json()["order"]
    pid = o["parts"][0]["lines"][0]["product_id"]
    stock = stock_of(api, pid)
    clock["shift"] = timedelta(hours=4)  # past the deposit deadline (the slot's cut-off)
    now = api.client.get(f"{M}/orders/{o['id']}", headers=city["citizen"]).json()
    assert now["status"] == "cancelled" and now["payment"]["status"] == "canceled"
    assert stock_of(api, pid) == stock + 2


# --- rules under load ------------------------------------------------------------------------------
def test_total_changed_since_the_quote_is_refused(api, city):
    r = place(api, city["citizen"], expected=25_000)
    body = assert_problem(r, 409, "market.total_changed")
    assert "26,000원" in body["detail"]


def test_retried_checkout_makes_one_order(api, city):
    key = str(uuid.uuid4())
    first = place(api, city["citizen"], key=key)
    second = place(api, city["citizen"], key=key)
    assert first.status_code == second.status_code == 201
    assert first.json()["order"]["id"] == second.json()["order"]["id"]
    assert second.headers.get("Idempotent-Replayed") == "true"
    with api.client.app.state.sessionmaker() as s:
        assert s.scalar(select(func.count()).select_from(Order)) == 1


def test_a_full_slot_refuses_and_offers_the_next(api, city):
    mid = market_id(api)
    s = slot(api, mid)
    with api.client.app.state.sessionmaker.begin() as db:
        db.get(Slot, s["id"]).used = 6
    body = assert_problem(place(api, city["citizen"], slot_id=s["id"]), 409, "market.slot_full")
    assert "다 찼습니다" in body["detail"] and "다음으로 주문할 수 있는 시간은 12월 1일 (화) 16:00~18:00" in body[
        "detail"]
    assert stock_of(api, product(api, mid, "대파", "읍내채소")["id"]) == 35  # nothing held


def test_sold_out_and_closed_shops_cannot_be_ordered(api, city):
    mid = market_id(api)
    leek = product(api, mid, "대파", "읍내채소")
    r = api.client.patch(f"{M}/merchant/products/{leek['id']}", json={"sold_out": True},
                         headers=city["merchant"])
    assert r.json()["sold_out"] is True
    q = api.client.post(f"{M}/quote", json={"market_id": mid, "items": basket(api, mid),
                                            "dong_code": "gwangyang"}).json()
    assert not q["orderable"] and "대파: 품절" in q["problems"]
    assert_problem(place(api, city["citizen"], expected=26_000), 409, "market.not_orderable")
    api.client.patch(f"{M}/merchant/products/{leek['id']}", json={"sold_out": False, "stock": 1},
                     headers=city["merchant"])
    q = api.client.post(f"{M}/quote", json={"market_id": mid, "items": basket(api, mid),
                                            "dong_code": "gwangyang"}).json()
    assert "대파: 재고 1개만 남았습니다" in q["problems"]
    shops = api.client.get(f"{M}/merchant/shops", headers=city["merchant"]).json()["items"]
    fruit = next(s["shop"]["id"] for s in shops if s["shop"]["name"] == "매화과일")
    assert api.client.patch(f"{M}/merchant/shops/{fruit}", json={"status": "closed"},
                            headers=city["merchant"]).json()["status"] == "closed"
    q = api.client.post(f"{M}/quote", json={"market_id": mid, "items": basket(api, mid)[1:],
                                            "dong_code": "gwangyang"}).json()
    assert any("문을 닫았습니다" in p for p in q["problems"])


def test_merchants_only_touch_their_own_shops(api, city):
    o = paid(api, city)
    part = parts_of(api, city, o["id"])[0]
    stranger = api.bearer(api.login(api.register()["email"]).json())
    assert api.client.get(f"{M}/merchant/shops", headers=stranger).json()["items"] == []
    assert api.client.get(f"{M}/merchant/orders", headers=stranger).json()["items"] == []
    assert_problem(api.client.post(f"{M}/merchant/parts/{part['part_id']}/accept", headers=stranger),
                   404, "market.part_not_found")
    fish = product(api, market_id(api), "전어")
    assert_problem(api.client.patch(f"{M}/merchant/products/{fish['id']}", json={"stock": 0},
                                    headers=city["merchant"]), 404, "market.shop_not_found")
    assert_problem(api.client.get(f"{M}/orders/{o['id']}", headers=stranger), 404,
                   "market.order_not_found")


@pytest.mark.parametrize("body, field", [
    ({"items": [{"product_id": 2**40, "quantity": 1}]}, "product_id"),
    ({"items": [{"product_id": 1, "quantity": 0}]}, "quantity"),
    ({"items": [{"product_id": 1, "quantity": "many"}]}, "quantity"),
    ({"items": []}, "items"),
    ({"phone": "02-123"}, "phone"),
    ({"expected_total": -1}, "expected_total"),
    ({"expected_total": 10**12}, "expected_total"),
    ({"method": "bitcoin"}, "method"),
    ({"fulfilment": "drone"}, "fulfilment"),
    ({"dong_code": "gwang\x00yang"}, "dong_code"),
])
def test_bad_checkout_input_is_a_korean_422(api, city, body, field):
    good = {"market_id": 1, "items": [{"product_id": 1, "quantity": 1}], "fulfilment": "delivery",
            "slot_id": 1, "dong_code": "gwangyang", "address": "광양읍 인동로 12",
            "phone": "010-1234-5678", "method": "bank_transfer", "expected_total": 1}
    r = api.client.post(f"{M}/orders", json=good | body, headers=city["citizen"])
    problem = assert_problem(r, 422, "validation_error")
    assert any(field in e["field"] for e in problem["errors"]), problem


def test_bad_browse_input_is_4xx_never_500(api, city):
    for params in ({"market_id": "x"}, {"market_id": 2**40}, {"limit": 10**9}, {"q": "a" * 500},
                   {"q": "매\x00실"}, {"offset": -1}):
        r = api.client.get(f"{M}/products", params=params)
        assert r.status_code in (200, 422), (params, r.status_code)
        if r.status_code == 422:
            assert r.headers["content-type"] == "application/problem+json"
    assert api.client.get(f"{M}/products", params={"q": "100%_매실"}).json()["total"] == 0
    assert_problem(api.client.get(f"{M}/markets/1/slots", params={"fulfilment": "drone"}), 422,
                   "validation_error")
