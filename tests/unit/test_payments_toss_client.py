"""The Toss Payments adapter speaks the documented wire format (auth, body, idempotency)."""
from __future__ import annotations

import base64
import json

import httpx
import pytest

from myg_app.server.payments.errors import GatewayDeclined, GatewayUnavailable
from myg_app.server.payments.toss import TossClient


def client_with(handler) -> TossClient:
    return TossClient("https://api.tosspayments.com", "test_sk_abc",
                      transport=httpx.MockTransport(handler))


def test_confirm_sends_basic_auth_json_and_an_idempotency_key():
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen["auth"] = request.headers["authorization"]
        seen["key"] = request.headers.get("idempotency-key")
        seen["path"] = request.url.path
        seen["body"] = json.loads(request.content)
        return httpx.Response(200, json={"paymentKey": "pk1", "orderId": "BW1234567",
                                         "status": "DONE", "totalAmount": 8000,
                                         "balanceAmount": 8000, "approvedAt": "2026-12-01T10:00:00+09:00",
                                         "method": "카드"})

    p = client_with(handler).confirm("pk1", "BW1234567", 8000)
    assert seen["auth"] == "Basic " + base64.b64encode(b"test_sk_abc:").decode()
    assert seen["path"] == "/v1/payments/confirm"
    assert seen["body"] == {"paymentKey": "pk1", "orderId": "BW1234567", "amount": 8000}
    assert seen["key"].startswith("confirm-BW1234567-")
    assert p.status == "DONE" and p.total_amount == 8000


def test_cancel_body_and_error_mapping():
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/payments/pk1/cancel"
        assert json.loads(request.content) == {"cancelReason": "단순 변심", "cancelAmount": 8000}
        return httpx.Response(400, json={"code": "ALREADY_CANCELED_PAYMENT",
                                         "message": "이미 취소된 결제 입니다."})

    with pytest.raises(GatewayDeclined) as err:
        client_with(handler).cancel("pk1", "단순 변심", 8000)
    assert err.value.gateway_code == "ALREADY_CANCELED_PAYMENT"
    assert "이미 취소된 결제" in err.value.detail


def test_server_errors_and_network_failures_are_unavailable():
    with pytest.raises(GatewayUnavailable):
        client_with(lambda r: httpx.Response(502, text="bad gateway")).get("pk1")

    def boom(request):
        raise httpx.ConnectError("down")

    with pytest.raises(GatewayUnavailable):
        client_with(boom).confirm("pk1", "BW1234567", 1)
