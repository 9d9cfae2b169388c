"""Card payments through the Toss Payments adapter, against a local fake of its documented
API (tests/fakes/toss.py): the amount is always ours, retries are safe, refunds go back."""
from __future__ import annotations

import pytest

from myg_app.server.payments.settings import PaymentSettings
from tests.api.conftest import assert_problem
from tests.api.test_waste import W, city, clock, order  # noqa: F401  (fixtures)
from tests.fakes import toss

SECRET = "test_sk_gwangyang_0123456789"


@pytest.fixture(scope="module")
def gateway():
    with toss.running(SECRET) as (fake, url):
        yield fake, url


@pytest.fixture
def card(api, gateway):
    fake, url = gateway
    api.client.app.state.payment_settings = PaymentSettings(
        card_provider="toss", toss_base_url=url, toss_secret_key=SECRET,
        toss_client_key="test_ck_gwangyang", toss_timeout_seconds=5,
        public_base_url="https://app.gwangyang.demo")
    return fake


def approve(card, checkout, amount=None, report_amount=None) -> str:
    """What the payer does in Toss's window: approve `amount` for the order."""
    from fastapi.testclient import TestClient

    with TestClient(card.app) as c:
        body = {"orderId": checkout["order_id"],
                "amount": checkout["amount"] if amount is None else amount}
        if report_amount is not None:
            body["reportAmount"] = report_amount
        return c.post("/_test/approve", json=body).json()["paymentKey"]


def start_card(api, city, booking_id) -> dict:
    r = api.client.post(f"{W}/bookings/{booking_id}/payment", json={"method": "card"},
                        headers=city["citizen"])
    assert r.status_code == 200, r.text
    return r.json()["checkout"]


def test_card_payment_confirm_and_refund(api, city, card):
    assert api.client.get(f"{W}/payment-options").json()["methods"] == ["bank_transfer", "card"]
    b = order(api, city["citizen"]).json()
    co = start_card(api, city, b["id"])
    assert co["amount"] == 20_000 and co["order_id"] == b["order_id"]
    assert co["client_key"] == "test_ck_gwangyang"
    assert co["success_url"] == "https://app.gwangyang.demo/api/v1/waste/pay/card/success"
    assert co["checkout_url"] == f"https://app.gwangyang.demo/api/v1/waste/pay/{b['order_id']}/card"
    key = approve(card, co)

    # The redirect came back with a tampered amount: refused, nothing confirmed at the gateway.
    confirms_before = card.calls.count(("POST", "/v1/payments/confirm"))
    r = api.client.post(f"{W}/bookings/{b['id']}/payment/confirm",
                        json={"payment_key": key, "order_id": co["order_id"], "amount": 1_000},
                        headers=city["citizen"])
    assert_problem(r, 422, "payment.amount_mismatch")
    assert card.calls.count(("POST", "/v1/payments/confirm")) == confirms_before
    assert card.payments[key].status == "IN_PROGRESS"

    ok = {"payment_key": key, "order_id": co["order_id"], "amount": 20_000}
    r = api.client.post(f"{W}/bookings/{b['id']}/payment/confirm", json=ok,
                        headers=city["citizen"])
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["status"] == "paid" and out["emission_no"] and out["qr_png"]
    assert out["payment"]["method"] == "card" and out["payment"]["status"] == "done"
    assert card.payments[key].status == "DONE"
    # A retry (the app lost the answer) returns the same booking, no second 배출번호.
    again = api.client.post(f"{W}/bookings/{b['id']}/payment/confirm", json=ok,
                            headers=city["citizen"]).json()
    assert again["emission_no"] == out["emission_no"]

    r = api.client.post(f"{W}/bookings/{b['id']}/cancel", json={"reason": "단순 변심"},
                        headers=city["citizen"])
    assert r.status_code == 200, r.text
    assert r.json()["payment"]["status"] == "canceled" and r.json()["payment"]["refund_amount"] == 20_000
    assert card.payments[key].status == "CANCELED"
    assert card.payments[key].cancels[0]["cancelAmount"] == 20_000
    notice = api.client.get("/api/v1/me/notices", headers=city["citizen"]).json()["items"][0]
    assert notice["kind"] == "waste.cancelled" and "20,000원을 환불했습니다" in notice["body"]


def test_gateway_charging_another_amount_is_voided_and_refused(api, city, card):
    b = order(api, city["citizen"]).json()
    co = start_card(api, city, b["id"])
    key = approve(card, co, report_amount=2_000)  # the gateway answers with a wrong total
    r = api.client.post(f"{W}/bookings/{b['id']}/payment/confirm",
                        json={"payment_key": key, "order_id": co["order_id"], "amount": 20_000},
                        headers=city["citizen"])
    assert_problem(r, 422, "payment.amount_mismatch")
    assert card.payments[key].status == "CANCELED"  # we undid what we did not ask for
    mine = api.client.get(f"{W}/bookings/{b['id']}", headers=city["citizen"]).json()
    assert mine["status"] == "pending_payment" and mine["emission_no"] is None


def test_gateway_errors_reach_the_citizen_in_korean(api, city, card):
    b = order(api, city["citizen"]).json()
    co = start_card(api, city, b["id"])
    r = api.client.post(f"{W}/bookings/{b['id']}/payment/confirm",
                        json={"payment_key": "tgen_unknown", "order_id": co["order_id"],
                              "amount": 20_000}, headers=city["citizen"])
    body = assert_problem(r, 402, "payment.declined")
    assert "존재하지 않는 결제" in body["detail"]
    # A wrong order id never reaches the gateway.
    r = api.client.post(f"{W}/bookings/{b['id']}/payment/confirm",
                        json={"payment_key": "tgen_x", "order_id": "BWOTHER123456",
                              "amount": 20_000}, headers=city["citizen"])
    assert_problem(r, 422, "payment.order_mismatch")


def test_wrong_secret_key_is_declined(api, city, card, gateway):
    api.client.app.state.payment_settings = api.client.app.state.payment_settings.model_copy(
        update={"toss_secret_key": "test_sk_wrong"})
    b = order(api, city["citizen"]).json()
    co = start_card(api, city, b["id"])
    key = approve(card, co)
    r = api.client.post(f"{W}/bookings/{b['id']}/payment/confirm",
                        json={"payment_key": key, "order_id": co["order_id"], "amount": 20_000},
                        headers=city["citizen"])
    assert "인증되지 않은" in assert_problem(r, 402, "payment.declined")["detail"]


def test_gateway_down_leaves_the_booking_payable(api, city, card):
    api.client.app.state.payment_settings = api.client.app.state.payment_settings.model_copy(
        update={"toss_base_url": "http://127.0.0.1:9", "toss_timeout_seconds": 1})
    b = order(api, city["citizen"]).json()
    co = start_card(api, city, b["id"])
    r = api.client.post(f"{W}/bookings/{b['id']}/payment/confirm",
                        json={"payment_key": "tgen_any", "order_id": co["order_id"],
                              "amount": 20_000}, headers=city["citizen"])
    assert_problem(r, 503, "payment.gateway_unavailable")
    mine = api.client.get(f"{W}/bookings/{b['id']}", headers=city["citizen"]).json()
    assert mine["status"] == "pending_payment"
    # The citizen can still switch to a bank transfer instead.
    r = api.client.post(f"{W}/bookings/{b['id']}/payment", json={"method": "bank_transfer"},
                        headers=city["citizen"])
    assert r.json()["booking"]["status"] == "awaiting_deposit"


def test_checkout_page_and_gateway_redirects(api, city, card):
    b = order(api, city["citizen"]).json()
    co = start_card(api, city, b["id"])
    page = api.client.get(f"{W}/pay/{co['order_id']}/card")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "https://js.tosspayments.com/v2/standard" in html
    assert '"orderId": "%s"' % co["order_id"] in html and '"value": 20000' in html
    assert '"successUrl": "https://app.gwangyang.demo/api/v1/waste/pay/card/success"' in html
    assert "20,000원" in html and "test_ck_gwangyang" in html

    key = approve(card, co)
    # A redirect whose amount was edited in the address bar: refused, nothing confirmed.
    r = api.client.get(f"{W}/pay/card/success",
                       params={"paymentKey": key, "orderId": co["order_id"], "amount": 100})
    assert r.status_code == 422 and "결제 금액" in r.text
    assert card.payments[key].status == "IN_PROGRESS"
    r = api.client.get(f"{W}/pay/card/success",
                       params={"paymentKey": key, "orderId": co["order_id"], "amount": 20_000})
    assert r.status_code == 200 and "결제 완료" in r.text
    mine = api.client.get(f"{W}/bookings/{b['id']}", headers=city["citizen"]).json()
    assert mine["status"] == "paid" and mine["emission_no"] in r.text
    # Paid: the checkout page no longer offers to pay.
    again = api.client.get(f"{W}/pay/{co['order_id']}/card")
    assert again.status_code == 409 and "pay()" not in again.text
    fail = api.client.get(f"{W}/pay/card/fail",
                          params={"code": "PAY_PROCESS_CANCELED", "message": "<b>사용자가 결제를 취소하였습니다</b>",
                                  "orderId": co["order_id"]})
    assert "&lt;b&gt;" in fail.text and "계좌이체" in fail.text
