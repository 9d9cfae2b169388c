"""The provider interface and its two implementations.

A provider knows how money moves; payments.service knows the order's state and the rules
(the amount is always the server's). Every provider method works on a `Payment` row.
"""
from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from myg_app.contracts.payments import RefundAccount
from myg_app.i18n import msg
from myg_app.server.db import utcnow
from myg_app.server.payments.errors import (
    AmountMismatch, GatewayDeclined, MethodUnavailable, OrderMismatch, RefundAccountRequired,
)
from myg_app.server.payments.models import Payment
from myg_app.server.payments.settings import PaymentSettings
from myg_app.server.payments.toss import TossClient
from myg_app.server.payments.voucher import VoucherClient


class Provider(ABC):
    name: str
    method: str

    @abstractmethod
    def start(self, payment: Payment) -> None:
        """Prepare the payment (issue a virtual account, or nothing for a card window)."""

    @abstractmethod
    def confirm(self, payment: Payment, *, amount: int, payment_key: str | None) -> None:
        """Make the payment final; `amount` is what the payer or the bank reported."""

    @abstractmethod
    def refund(self, payment: Payment, *, amount: int, reason: str,
               account: RefundAccount | None, key: str | None = None) -> bool:
        """Give `amount` back: True when done now, False when a person still sends it.
        `key` tells one partial refund of the payment from another (the gateway's
        Idempotency-Key); None for the refund of the whole amount."""


class BankTransferProvider(Provider):
    """Transfer to a per-order virtual account; an officer confirms the deposit he sees.

    What many cities do for fees: no card data, no gateway contract, works for everyone
    with a bank account or an ATM.
    """

    name = "bank_transfer"
    method = "bank_transfer"

    def __init__(self, settings: PaymentSettings):
        self.settings = settings

    def account_number(self, order_id: str) -> str:
        # One account per order: the deposit identifies the order by itself.
        digits = str(int(hashlib.sha256(order_id.encode()).hexdigest(), 16))[:10]
        return f"{self.settings.account_prefix}-{digits[:4]}-{digits[4:8]}-{digits[8:]}"

    def start(self, payment: Payment) -> None:
        payment.va_bank = self.settings.bank_name
        payment.va_account = self.account_number(payment.order_id)
        payment.status = "waiting_deposit"
        if payment.due_at is None:
            payment.due_at = utcnow() + timedelta(hours=self.settings.deposit_hours)

    def confirm(self, payment: Payment, *, amount: int, payment_key: str | None) -> None:
        if amount != payment.amount:
            raise AmountMismatch(
                msg("입금액 {amount:,}원이 수수료 {amount2:,}원과 다릅니다. 입금자에게 확인한 뒤 다시 처리해 주세요.", amount=amount, amount2=payment.amount))

    def refund(self, payment: Payment, *, amount: int, reason: str,
               account: RefundAccount | None, key: str | None = None) -> bool:
        if account is None:
            raise RefundAccountRequired()
        payment.refund_bank = account.bank
        payment.refund_account = account.account_number
        payment.refund_holder = account.holder
        return False  # an officer sends the transfer and marks it done


class TossProvider(Provider):
    """Card (and easy-pay) payments through Toss Payments' confirm/cancel API."""

    name = "toss"
    method = "card"

    def __init__(self, settings: PaymentSettings, client: TossClient | None = None):
        if not settings.card_enabled:
            raise MethodUnavailable()
        self.settings = settings
        self._client = client

    @contextmanager
    def _session(self) -> Iterator[TossClient]:
        """The injected client, or a short-lived one closed after the call (no leaked sockets)."""
        if self._client is not None:
            yield self._client
            return
        client = TossClient(self.settings.toss_base_url, self.settings.toss_secret_key or "",
                            timeout=self.settings.toss_timeout_seconds)
        try:
            yield client
        finally:
            client.close()

    def start(self, payment: Payment) -> None:
        payment.status = "ready"  # the payer approves in the gateway's window

    def confirm(self, payment: Payment, *, amount: int, payment_key: str | None) -> None:
        if amount != payment.amount:
            raise AmountMismatch()  # refused before any money moves
        assert payment_key
        with self._session() as client:
            result = client.confirm(payment_key, payment.order_id, payment.amount)
            bad = (result.order_id != payment.order_id or result.total_amount != payment.amount
                   or result.status != "DONE")
            if bad:
                # The gateway charged something other than our order: undo it at once.
                client.cancel(payment_key, "결제 금액 불일치로 자동 취소",
                              idempotency_key=f"void-{payment.order_id}")
        if bad:
            if result.order_id != payment.order_id:
                raise OrderMismatch()
            if result.total_amount != payment.amount:
                raise AmountMismatch()
            raise GatewayDeclined(result.status, "결제가 완료되지 않았습니다.")
        payment.provider_key = payment_key

    def refund(self, payment: Payment, *, amount: int, reason: str,
               account: RefundAccount | None, key: str | None = None) -> bool:
        assert payment.provider_key
        with self._session() as client:
            result = client.cancel(payment.provider_key, reason, amount,
                                   idempotency_key=key or f"cancel-{payment.order_id}")
        if result.status not in ("CANCELED", "PARTIAL_CANCELED"):
            raise GatewayDeclined(result.status, "환불이 처리되지 않았습니다.")
        return True


class VoucherProvider(Provider):
    """광양사랑상품권 / 온누리상품권 through the voucher platform's merchant API."""

    name = "voucher"
    method = "voucher"

    def __init__(self, settings: PaymentSettings, client: VoucherClient | None = None):
        if not settings.voucher_enabled:
            raise MethodUnavailable()
        self.settings = settings
        self._client = client

    @contextmanager
    def _session(self) -> Iterator[VoucherClient]:
        if self._client is not None:
            yield self._client
            return
        client = VoucherClient(self.settings.voucher_base_url, self.settings.voucher_merchant_id,
                               self.settings.voucher_secret_key or "",
                               timeout=self.settings.voucher_timeout_seconds)
        try:
            yield client
        finally:
            client.close()

    def start(self, payment: Payment) -> None:
        payment.status = "ready"  # the payer approves in the platform's page

    def confirm(self, payment: Payment, *, amount: int, payment_key: str | None) -> None:
        if amount != payment.amount:
            raise AmountMismatch()
        assert payment_key
        with self._session() as client:
            result = client.confirm(payment_key, payment.order_id, payment.amount)
            bad = (result.order_id != payment.order_id or result.amount != payment.amount
                   or result.status != "APPROVED")
            if bad:
                client.cancel(payment_key, result.amount, "결제 금액 불일치로 자동 취소",
                              idempotency_key=f"void-{payment.order_id}")
        if bad:
            if result.order_id != payment.order_id:
                raise OrderMismatch()
            if result.amount != payment.amount:
                raise AmountMismatch()
            raise GatewayDeclined(result.status, "상품권 결제가 승인되지 않았습니다.")
        payment.provider_key = payment_key

    def refund(self, payment: Payment, *, amount: int, reason: str,
               account: RefundAccount | None, key: str | None = None) -> bool:
        assert payment.provider_key
        with self._session() as client:
            result = client.cancel(payment.provider_key, amount, reason,
                                   idempotency_key=key or f"cancel-{payment.order_id}")
        if result.status not in ("CANCELED", "PARTIAL_CANCELED"):
            raise GatewayDeclined(result.status, "상품권 환불이 처리되지 않았습니다.")
        return True


def provider_for(name: str, settings: PaymentSettings) -> Provider:
    if name == "bank_transfer":
        return BankTransferProvider(settings)
    if name == "toss":
        return TossProvider(settings)
    if name == "voucher":
        return VoucherProvider(settings)
    raise MethodUnavailable()


def provider_for_method(method: str, settings: PaymentSettings) -> Provider:
    if method == "bank_transfer":
        return BankTransferProvider(settings)
    if method == "card" and settings.card_enabled:
        return TossProvider(settings)
    if method == "voucher" and settings.voucher_enabled:
        return VoucherProvider(settings)
    raise MethodUnavailable()
