"""Adapter for mobile gift-voucher payments (광양사랑상품권, 온누리상품권) through a voucher
platform's merchant API.

The city contracts one platform (the issuer's payment agent); its merchant API has the shape
every Korean payment REST API shares, which this adapter speaks:

- the payer approves in the platform's hosted page:
  GET  {base}/pay?merchantId&orderId&amount&orderName&returnUrl
  which redirects to returnUrl?approvalNo&orderId&amount
- POST {base}/v1/approvals/confirm {merchantId, orderId, approvalNo, amount}
       -> {approvalNo, orderId, status: "APPROVED", amount, voucherType}
- POST {base}/v1/approvals/{approvalNo}/cancel {merchantId, cancelAmount, reason}
       -> {approvalNo, orderId, status: "CANCELED" | "PARTIAL_CANCELED", amount, balance}
Auth: "Authorization: Bearer <merchant secret>". Errors: 4xx/5xx with {"code", "message"}.
POSTs carry an Idempotency-Key so a retry after a lost answer is not a second charge.

If the contracted platform names a field differently, only this module changes; the fake in
tests/fakes/voucher.py implements this contract for the tests.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import httpx

from myg_app.server.payments.gateway import answer


@dataclass(frozen=True, slots=True)
class VoucherApproval:
    approval_no: str
    order_id: str
    status: str  # APPROVED, CANCELED, PARTIAL_CANCELED
    amount: int

    @classmethod
    def from_json(cls, d: dict) -> "VoucherApproval":
        return cls(approval_no=str(d["approvalNo"]), order_id=str(d["orderId"]),
                   status=str(d["status"]), amount=int(d["amount"]))


def pay_page_url(base_url: str, merchant_id: str, *, order_id: str, order_name: str,
                 amount: int, return_url: str) -> str:
    query = urlencode({"merchantId": merchant_id, "orderId": order_id, "orderName": order_name,
                       "amount": amount, "returnUrl": return_url})
    return f"{base_url.rstrip('/')}/pay?{query}"


class VoucherClient:
    def __init__(self, base_url: str, merchant_id: str, secret_key: str, *,
                 timeout: float = 10.0, transport: httpx.BaseTransport | None = None):
        self.merchant_id = merchant_id
        self._http = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout,
                                  transport=transport,
                                  headers={"Authorization": f"Bearer {secret_key}"})

    def close(self) -> None:
        self._http.close()

    def _post(self, path: str, body: dict, idempotency_key: str) -> VoucherApproval:
        return answer(lambda: self._http.post(path, json={"merchantId": self.merchant_id, **body},
                                              headers={"Idempotency-Key": idempotency_key}),
                      VoucherApproval.from_json)

    def confirm(self, approval_no: str, order_id: str, amount: int) -> VoucherApproval:
        return self._post("/v1/approvals/confirm",
                          {"orderId": order_id, "approvalNo": approval_no, "amount": amount},
                          idempotency_key=f"confirm-{order_id}-{approval_no}")

    def cancel(self, approval_no: str, amount: int, reason: str,
               idempotency_key: str) -> VoucherApproval:
        return self._post(f"/v1/approvals/{approval_no}/cancel",
                          {"cancelAmount": amount, "reason": reason}, idempotency_key)
