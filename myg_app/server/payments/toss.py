"""Adapter for Toss Payments' documented core API (v1).

- POST /v1/payments/confirm {paymentKey, orderId, amount} -> Payment object
- POST /v1/payments/{paymentKey}/cancel {cancelReason, cancelAmount} -> Payment object
- GET  /v1/payments/{paymentKey} -> Payment object
Auth: HTTP Basic with base64("<secret key>:"). Errors: 4xx/5xx with {"code", "message"}.
POSTs carry an Idempotency-Key header, so our retry after a lost answer is not a second charge.
"""
from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

import httpx

from myg_app.server.payments.gateway import answer


@dataclass(frozen=True, slots=True)
class TossPayment:
    payment_key: str
    order_id: str
    status: str  # READY, IN_PROGRESS, WAITING_FOR_DEPOSIT, DONE, CANCELED, PARTIAL_CANCELED ...
    total_amount: int
    balance_amount: int
    approved_at: str | None
    method: str | None

    @classmethod
    def from_json(cls, d: dict) -> "TossPayment":
        return cls(payment_key=d["paymentKey"], order_id=d["orderId"], status=d["status"],
                   total_amount=int(d["totalAmount"]),
                   balance_amount=int(d.get("balanceAmount", d["totalAmount"])),
                   approved_at=d.get("approvedAt"), method=d.get("method"))


def _short_hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def basic_auth(secret_key: str) -> str:
    return "Basic " + base64.b64encode(f"{secret_key}:".encode()).decode()


class TossClient:
    def __init__(self, base_url: str, secret_key: str, *, timeout: float = 10.0,
                 transport: httpx.BaseTransport | None = None):
        self._http = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout,
                                  transport=transport,
                                  headers={"Authorization": basic_auth(secret_key)})

    def close(self) -> None:
        self._http.close()

    def _post(self, path: str, body: dict, idempotency_key: str | None) -> TossPayment:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        return answer(lambda: self._http.post(path, json=body, headers=headers),
                      TossPayment.from_json)

    def confirm(self, payment_key: str, order_id: str, amount: int) -> TossPayment:
        return self._post("/v1/payments/confirm",
                          {"paymentKey": payment_key, "orderId": order_id, "amount": amount},
                          # Per (order, paymentKey): a retry of this approval replays its
                          # answer, a new approval after a failed one is not mistaken for it.
                          idempotency_key=f"confirm-{order_id}-{_short_hash(payment_key)}")

    def cancel(self, payment_key: str, reason: str, amount: int | None = None,
               idempotency_key: str | None = None) -> TossPayment:
        body: dict = {"cancelReason": reason}
        if amount is not None:
            body["cancelAmount"] = amount
        return self._post(f"/v1/payments/{payment_key}/cancel", body, idempotency_key)

    def get(self, payment_key: str) -> TossPayment:
        return answer(lambda: self._http.get(f"/v1/payments/{payment_key}"),
                      TossPayment.from_json)
