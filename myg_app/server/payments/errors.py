"""Payment failures, each with a stable code and a Korean sentence a citizen can act on."""
from __future__ import annotations

from myg_app.server.errors import AppError


class PaymentError(AppError):
    """Each subclass fixes its status and code; raising one needs at most a Korean detail."""

    status = 409
    code = "payment.error"
    detail = "결제를 처리하지 못했습니다."

    def __init__(self, detail: str | None = None):
        super().__init__(detail=detail)


class AmountMismatch(PaymentError):
    status = 422
    code = "payment.amount_mismatch"
    detail = "결제 금액이 신청 수수료와 다릅니다. 결제가 처리되지 않았습니다."


class OrderMismatch(PaymentError):
    status = 422
    code = "payment.order_mismatch"
    detail = "주문번호가 이 신청과 맞지 않습니다."


class InvalidState(PaymentError):
    code = "payment.invalid_state"
    detail = "지금은 이 결제 작업을 할 수 없습니다."


class MethodUnavailable(PaymentError):
    status = 422
    code = "payment.method_unavailable"
    detail = "지금은 이 결제 방법을 쓸 수 없습니다. 계좌이체를 이용해 주세요."


class RefundAccountRequired(PaymentError):
    status = 422
    code = "payment.refund_account_required"
    detail = "계좌이체로 낸 수수료는 환불받을 계좌(은행, 계좌번호, 예금주)가 필요합니다."


class GatewayDeclined(PaymentError):
    """The gateway answered with an error ({code, message} in its contract)."""

    status = 402
    code = "payment.declined"
    detail = "카드 결제가 승인되지 않았습니다."

    def __init__(self, gateway_code: str, message: str | None = None, http_status: int = 400):
        super().__init__(f"결제가 승인되지 않았습니다: {message}" if message else None)
        self.gateway_code = gateway_code
        self.http_status = http_status


class GatewayUnavailable(PaymentError):
    status = 503
    code = "payment.gateway_unavailable"
    detail = "결제 회사에 연결하지 못했습니다. 잠시 후 다시 시도해 주세요. 결제되지 않았습니다."
