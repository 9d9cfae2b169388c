"""전통시장 장보기 paid by card (Toss Payments fake) and by 광양사랑상품권 / 온누리상품권 (the
voucher platform's fake): the amount is always the server's, a rejected shop's part goes back
as a partial cancel at the provider, a cancelled order is refunded at once."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from myg_app.server.payments.settings import PaymentSettings
from tests.api.conftest import assert_problem
from tests.api.test_market import M, city, clock, parts_of, place  # noqa: F401  (fixtures)
from tests.fakes import toss, voucher

SECRET = "test_sk_gwangyang_0123456789"
VOUCHER_SECRET = "voucher-secret-0123456789"
MERCHANT_ID = "GY-MARKET-001"


@pytest.fixture(scope="module")
def gateways():
    with toss.running(SECRET) as (card_fake, card_url), \
            voucher.running(VOUCHER_SECRET, MERCHANT_ID) as (v_fake, v_url):
        yield card_fake, card_url, v_fake, v_url


@pytest.fixture
def online(api, gateways):
    card_fake, card_url, v_fake, v_url = gateways
    api.client.app.state.payment_settings = PaymentSettings(
        card_provider="toss", toss_base_url=card_url, toss_secret_key=SECRET,
        toss_client_key="test_ck_gwangyang", toss_timeout_seconds=5,
        voucher_provider="platform", voucher_base_url=v_url, voucher_merchant_id=MERCHANT_ID,
        voucher_secret_key=VOUCHER_SECRET, public_base_url="https://app.gwangyang.demo")
    return card_fake, v_fake


def test_payment_options_list_what_the_city_switched_on(api, city, online):
    assert api.client.get(f"{M}/payment-options").json()["methods"] == [
        "bank_transfer", "card", "voucher"]
    api.client.app.state.payment_settings = PaymentSettings()
    assert api.client.get(f"{M}/payment-options").json()["methods"] == ["bank_transfer"]
    assert_problem(place(api, city["citizen"], method="voucher"), 422,
                   "payment.method_unavailable")


def test_card_order_confirmed_then_a_rejected_part_partially_cancelled(api, city, online):
    card_fake, _ = online
    r = place(api, city["citizen"], method="card")
    assert r.status_code == 201, r.text
    out = r.json()
    order, co = out["order"], out["card"]
    assert order["status"] == "awaiting_payment" and co["amount"] == 26_000
    assert co["checkout_url"] == f"https://app.gwangyang.demo/api/v1/market/pay/{order['order_no']}/card"
    page = api.client.get(f"/api/v1/market/pay/{order['order_no']}/card")
    assert page.status_code == 200 and "전통시장 장보기 결제" in page.text
    with TestClient(card_fake.app) as c:
        key = c.post("/_test/approve", json={"orderId": co["order_id"], "amount": 26_000}).json()[
            "paymentKey"]
    assert_problem(api.client.post(f"{M}/orders/{order['id']}/card/confirm", headers=city["citizen"],
                                   json={"payment_key": key, "order_id": co["order_id"],
                                         "amount": 1_000}), 422, "payment.amount_mismatch")
    ok = api.client.post(f"{M}/orders/{order['id']}/card/confirm", headers=city["citizen"],
                         json={"payment_key": key, "order_id": co["order_id"], "amount": 26_000})
    assert ok.status_code == 200 and ok.json()["status"] == "received"
    fruit = next(p for p in parts_of(api, city, order["id"]) if p["amount"] == 18_000)
    api.client.post(f"{M}/merchant/parts/{fruit['part_id']}/reject", json={"reason": "품절"},
                    headers=city["merchant"])
    now = api.client.get(f"{M}/orders/{order['id']}", headers=city["citizen"]).json()
    assert now["refunds"][0]["status"] == "done" and now["refunded"] == 18_000
    p = card_fake.payments[key]
    assert p.status == "PARTIAL_CANCELED" and p.balance == 8_000


def test_voucher_order_confirmed_by_the_return_page_and_refunded_on_cancel(api, city, online):
    _, v_fake = online
    r = place(api, city["citizen"], method="voucher")
    out = r.json()
    order = out["order"]
    assert out["voucher_url"].startswith("http://127.0.0.1:")
    assert f"orderId={order['order_no']}" in out["voucher_url"] and "amount=26000" in out[
        "voucher_url"]
    with TestClient(v_fake.app) as c:
        no = c.post("/_test/approve", json={"orderId": order["order_no"], "amount": 26_000}).json()[
            "approvalNo"]
    page = api.client.get("/api/v1/market/pay/voucher/return",
                          params={"approvalNo": no, "orderId": order["order_no"], "amount": 26_000})
    assert page.status_code == 200 and "가게에 주문이 접수" in page.text
    # The platform's redirect arriving twice changes nothing.
    again = api.client.get("/api/v1/market/pay/voucher/return",
                           params={"approvalNo": no, "orderId": order["order_no"], "amount": 26_000})
    assert again.status_code == 200
    now = api.client.get(f"{M}/orders/{order['id']}", headers=city["citizen"]).json()
    assert now["status"] == "received" and now["payment"]["method"] == "voucher"
    r = api.client.post(f"{M}/orders/{order['id']}/cancel", json={"reason": "다음에 살게요"},
                        headers=city["citizen"])
    assert r.json()["status"] == "cancelled" and r.json()["refunds"][0]["status"] == "done"
    assert r.json()["payment"]["status"] == "canceled"
    assert v_fake.approvals[no].status == "CANCELED"


def test_a_tampered_voucher_return_is_refused(api, city, online):
    _, v_fake = online
    order = place(api, city["citizen"], method="voucher").json()["order"]
    with TestClient(v_fake.app) as c:
        no = c.post("/_test/approve", json={"orderId": order["order_no"], "amount": 26_000}).json()[
            "approvalNo"]
    page = api.client.get("/api/v1/market/pay/voucher/return",
                          params={"approvalNo": no, "orderId": order["order_no"], "amount": 100})
    assert page.status_code == 422 and "결제" in page.text
    assert api.client.get(f"{M}/orders/{order['id']}", headers=city["citizen"]).json()[
        "status"] == "awaiting_payment"
