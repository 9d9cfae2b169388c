"""A local fake of Toss Payments' core API (v1), written from its public contract:

- POST /v1/payments/confirm {paymentKey, orderId, amount}
- POST /v1/payments/{paymentKey}/cancel {cancelReason, cancelAmount?}
- GET  /v1/payments/{paymentKey}
- HTTP Basic auth: base64("<secret key>:"); errors are {"code", "message"} with 4xx
- Idempotency-Key on POST: the same key replays the first answer

What the payer does in Toss's window (approve an amount for an order, which yields a
paymentKey) is simulated by the test-only POST /_test/approve. `report_amount` makes the
fake misbehave (answer a different totalAmount), to test that we refuse what we did not ask.
"""
from __future__ import annotations

import base64
import secrets
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import uvicorn
from fastapi import FastAPI, Header, Request
from fastapi.responses import JSONResponse

KST = timezone(timedelta(hours=9))


@dataclass
class FakePayment:
    payment_key: str
    order_id: str
    amount: int
    report_amount: int | None = None
    status: str = "IN_PROGRESS"  # approved by the payer, waiting for the merchant's confirm
    balance: int = 0
    approved_at: str | None = None
    cancels: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        total = self.report_amount if self.report_amount is not None else self.amount
        return {
            "mId": "tgwangyang", "version": "2022-11-16", "paymentKey": self.payment_key,
            "orderId": self.order_id, "orderName": "대형폐기물", "status": self.status,
            "method": "카드", "currency": "KRW", "totalAmount": total,
            "balanceAmount": self.balance, "suppliedAmount": total, "vat": 0,
            "requestedAt": self.approved_at, "approvedAt": self.approved_at,
            "cancels": self.cancels or None,
        }


class FakeToss:
    def __init__(self, secret_key: str):
        self.secret_key = secret_key
        self.payments: dict[str, FakePayment] = {}
        self.idempotent: dict[str, tuple[int, dict]] = {}
        self.calls: list[tuple[str, str]] = []  # (method, path) as received
        self.app = self._build()

    def _error(self, status: int, code: str, message: str) -> JSONResponse:
        return JSONResponse({"code": code, "message": message}, status_code=status)

    def _authorized(self, header: str | None) -> bool:
        expected = "Basic " + base64.b64encode(f"{self.secret_key}:".encode()).decode()
        return header == expected

    def _build(self) -> FastAPI:
        app = FastAPI()

        @app.post("/_test/approve")
        async def approve(body: dict):
            key = "tgen_" + secrets.token_hex(12)
            self.payments[key] = FakePayment(key, body["orderId"], int(body["amount"]),
                                             body.get("reportAmount"))
            return {"paymentKey": key}

        @app.post("/v1/payments/confirm")
        async def confirm(request: Request, authorization: str | None = Header(None),
                          idempotency_key: str | None = Header(None)):
            self.calls.append(("POST", "/v1/payments/confirm"))
            if not self._authorized(authorization):
                return self._error(401, "UNAUTHORIZED_KEY", "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.")
            if idempotency_key and idempotency_key in self.idempotent:
                status, body = self.idempotent[idempotency_key]
                return JSONResponse(body, status_code=status)
            body = await request.json()
            if not all(k in body for k in ("paymentKey", "orderId", "amount")):
                return self._error(400, "INVALID_REQUEST", "잘못된 요청입니다.")
            p = self.payments.get(body["paymentKey"])
            if p is None:
                return self._error(404, "NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.")
            if p.status != "IN_PROGRESS":
                return self._error(400, "ALREADY_PROCESSED_PAYMENT", "이미 처리된 결제 입니다.")
            if body["orderId"] != p.order_id or int(body["amount"]) != p.amount:
                return self._error(400, "INVALID_REQUEST", "결제 금액 또는 주문번호가 결제 요청과 다릅니다.")
            p.status = "DONE"
            p.balance = p.amount
            p.approved_at = datetime.now(KST).isoformat(timespec="seconds")
            out = p.to_json()
            if idempotency_key:
                self.idempotent[idempotency_key] = (200, out)
            return out

        @app.post("/v1/payments/{payment_key}/cancel")
        async def cancel(payment_key: str, request: Request,
                         authorization: str | None = Header(None),
                         idempotency_key: str | None = Header(None)):
            self.calls.append(("POST", f"/v1/payments/{payment_key}/cancel"))
            if not self._authorized(authorization):
                return self._error(401, "UNAUTHORIZED_KEY", "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.")
            if idempotency_key and idempotency_key in self.idempotent:
                status, body = self.idempotent[idempotency_key]
                return JSONResponse(body, status_code=status)
            body = await request.json()
            if not body.get("cancelReason"):
                return self._error(400, "INVALID_REQUEST", "취소 사유를 입력해주세요.")
            p = self.payments.get(payment_key)
            if p is None:
                return self._error(404, "NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.")
            if p.status == "CANCELED":
                return self._error(400, "ALREADY_CANCELED_PAYMENT", "이미 취소된 결제 입니다.")
            if p.status not in ("DONE", "PARTIAL_CANCELED"):
                return self._error(403, "NOT_CANCELABLE_PAYMENT", "취소 할 수 없는 결제 입니다.")
            amount = int(body.get("cancelAmount") or p.balance)
            if amount > p.balance:
                return self._error(403, "NOT_CANCELABLE_AMOUNT", "취소 할 수 없는 금액 입니다.")
            p.balance -= amount
            p.status = "CANCELED" if p.balance == 0 else "PARTIAL_CANCELED"
            p.cancels.append({"cancelAmount": amount, "cancelReason": body["cancelReason"],
                              "canceledAt": datetime.now(KST).isoformat(timespec="seconds"),
                              "transactionKey": secrets.token_hex(16)})
            out = p.to_json()
            if idempotency_key:
                self.idempotent[idempotency_key] = (200, out)
            return out

        @app.get("/v1/payments/{payment_key}")
        async def get(payment_key: str, authorization: str | None = Header(None)):
            if not self._authorized(authorization):
                return self._error(401, "UNAUTHORIZED_KEY", "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.")
            p = self.payments.get(payment_key)
            if p is None:
                return self._error(404, "NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.")
            return p.to_json()

        return app


@contextmanager
def running(secret_key: str):
    """Serve a FakeToss on a free loopback port in a thread; yields (fake, base_url)."""
    import socket

    fake = FakeToss(secret_key)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(fake.app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    import time

    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield fake, f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(5)
