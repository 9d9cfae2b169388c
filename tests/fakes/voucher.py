"""A local fake of the voucher platform's merchant API that payments/voucher.py speaks
(광양사랑상품권 / 온누리상품권):

- POST /v1/approvals/confirm {merchantId, orderId, approvalNo, amount}
- POST /v1/approvals/{approvalNo}/cancel {merchantId, cancelAmount, reason}
- "Authorization: Bearer <secret>"; errors {"code", "message"} with 4xx
- Idempotency-Key on POST replays the first answer

What the payer does in the platform's page (approve an amount for an order with their
vouchers, which yields an approval number) is the test-only POST /_test/approve.
"""
from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from fastapi import FastAPI, Header, Request
from fastapi.responses import JSONResponse

from tests.fakes.ports import serving


@dataclass
class FakeApproval:
    approval_no: str
    order_id: str
    amount: int
    status: str = "PENDING"  # approved by the payer, waiting for the merchant's confirm
    balance: int = 0

    def to_json(self) -> dict:
        return {"approvalNo": self.approval_no, "orderId": self.order_id, "status": self.status,
                "amount": self.amount, "balance": self.balance, "voucherType": "광양사랑상품권"}


class FakeVoucher:
    def __init__(self, secret_key: str, merchant_id: str):
        self.secret_key, self.merchant_id = secret_key, merchant_id
        self.approvals: dict[str, FakeApproval] = {}
        self.idempotent: dict[str, tuple[int, dict]] = {}
        self.calls: list[tuple[str, dict]] = []
        self.app = self._build()

    @staticmethod
    def _error(status: int, code: str, message: str) -> JSONResponse:
        return JSONResponse({"code": code, "message": message}, status_code=status)

    def _build(self) -> FastAPI:
        app = FastAPI()

        @app.post("/_test/approve")
        async def approve(body: dict):
            no = "GV" + secrets.token_hex(6).upper()
            self.approvals[no] = FakeApproval(no, body["orderId"], int(body["amount"]))
            return {"approvalNo": no}

        def guard(authorization, idempotency_key, body):
            if authorization != f"Bearer {self.secret_key}":
                return self._error(401, "UNAUTHORIZED", "인증되지 않은 가맹점 키입니다.")
            if body.get("merchantId") != self.merchant_id:
                return self._error(403, "INVALID_MERCHANT", "가맹점 번호가 다릅니다.")
            if idempotency_key and idempotency_key in self.idempotent:
                status, out = self.idempotent[idempotency_key]
                return JSONResponse(out, status_code=status)
            return None

        @app.post("/v1/approvals/confirm")
        async def confirm(request: Request, authorization: str | None = Header(None),
                          idempotency_key: str | None = Header(None)):
            body = await request.json()
            self.calls.append(("confirm", body))
            if (early := guard(authorization, idempotency_key, body)) is not None:
                return early
            a = self.approvals.get(str(body.get("approvalNo")))
            if a is None:
                return self._error(404, "NOT_FOUND", "승인 내역이 없습니다.")
            if a.status != "PENDING":
                return self._error(400, "ALREADY_PROCESSED", "이미 처리된 결제입니다.")
            if body.get("orderId") != a.order_id or int(body.get("amount", -1)) != a.amount:
                return self._error(400, "INVALID_REQUEST", "결제 금액 또는 주문번호가 다릅니다.")
            a.status, a.balance = "APPROVED", a.amount
            out = a.to_json()
            if idempotency_key:
                self.idempotent[idempotency_key] = (200, out)
            return out

        @app.post("/v1/approvals/{approval_no}/cancel")
        async def cancel(approval_no: str, request: Request,
                         authorization: str | None = Header(None),
                         idempotency_key: str | None = Header(None)):
            body = await request.json()
            self.calls.append(("cancel", body))
            if (early := guard(authorization, idempotency_key, body)) is not None:
                return early
            a = self.approvals.get(approval_no)
            if a is None:
                return self._error(404, "NOT_FOUND", "승인 내역이 없습니다.")
            amount = int(body.get("cancelAmount") or a.balance)
            if a.status not in ("APPROVED", "PARTIAL_CANCELED") or amount > a.balance:
                return self._error(403, "NOT_CANCELABLE", "취소할 수 없는 금액입니다.")
            a.balance -= amount
            a.status = "CANCELED" if a.balance == 0 else "PARTIAL_CANCELED"
            out = a.to_json()
            if idempotency_key:
                self.idempotent[idempotency_key] = (200, out)
            return out

        return app


@contextmanager
def running(secret_key: str, merchant_id: str) -> Iterator[tuple[FakeVoucher, str]]:
    """Serve a FakeVoucher on a free loopback port; yields (fake, base_url)."""
    fake = FakeVoucher(secret_key, merchant_id)
    with serving(fake.app, "the fake voucher platform") as url:
        yield fake, url
