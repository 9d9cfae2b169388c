"""Payment rules shared by every paying function. Callers hold the order's row lock.

The amount is always the server's: it is fixed when the payment is created and every
confirmation (gateway redirect, officer's deposit entry) must match it exactly.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.contracts.payments import CardCheckout, PaymentOut, RefundAccount, VirtualAccount
from myg_app.server.db import utcnow
from myg_app.server.payments.errors import (
    AmountMismatch, InvalidState, MethodUnavailable, OrderMismatch,
)
from myg_app.server.payments.models import Payment
from myg_app.server.payments.providers import provider_for, provider_for_method
from myg_app.server.payments.settings import PaymentSettings
from myg_app.server.privacy import mask_name


ONLINE = ("card", "voucher")  # approved in the provider's window, then confirmed by us


def methods(settings: PaymentSettings, *, vouchers: bool = False) -> list[str]:
    out = ["bank_transfer", "card"] if settings.card_enabled else ["bank_transfer"]
    return out + ["voucher"] if vouchers and settings.voucher_enabled else out


def create(session: Session, settings: PaymentSettings, *, purpose: str, order_id: str,
           order_name: str, amount: int, method: str, depositor: str,
           due_at: datetime | None = None) -> Payment:
    provider = provider_for_method(method, settings)
    payment = Payment(purpose=purpose, order_id=order_id, order_name=order_name[:100],
                      method=method, provider=provider.name, status="ready", amount=amount,
                      va_depositor=depositor[:40] if method == "bank_transfer" else None,
                      due_at=due_at, refund_amount=0)
    provider.start(payment)
    session.add(payment)
    session.flush()
    return payment


def get_by_order(session: Session, order_id: str) -> Payment | None:
    return session.scalars(select(Payment).where(Payment.order_id == order_id)).one_or_none()


def checkout(payment: Payment, settings: PaymentSettings, pages_path: str) -> CardCheckout:
    """What the gateway's window needs. `pages_path` is where the API serves the checkout
    page and the redirect targets, e.g. /api/v1/waste/pay."""
    if payment.method != "card" or not settings.card_enabled:
        raise MethodUnavailable()
    base = settings.public_base_url.rstrip("/") + pages_path
    return CardCheckout(checkout_url=f"{base}/{payment.order_id}/card",
                        client_key=settings.toss_client_key or "", order_id=payment.order_id,
                        order_name=payment.order_name, amount=payment.amount,
                        success_url=f"{base}/card/success", fail_url=f"{base}/card/fail")


def confirm_online(payment: Payment, settings: PaymentSettings, *, payment_key: str,
                   order_id: str, amount: int) -> bool:
    """A card or voucher approval (`payment_key`: the gateway's paymentKey or the voucher
    platform's approval number). True when this call made the payment final; False for a
    retry of a done payment."""
    if order_id != payment.order_id:
        raise OrderMismatch()
    if payment.status == "done" and payment.provider_key == payment_key:
        if amount != payment.amount:
            raise AmountMismatch()
        return False
    if payment.method not in ONLINE or payment.status != "ready":
        raise InvalidState()
    provider_for(payment.provider, settings).confirm(payment, amount=amount,
                                                     payment_key=payment_key)
    payment.status = "done"
    payment.approved_at = utcnow()
    return True


def confirm_deposit(payment: Payment, settings: PaymentSettings, *, amount: int,
                    officer_id: int) -> None:
    if payment.method != "bank_transfer" or payment.status != "waiting_deposit":
        raise InvalidState("입금 확인을 기다리는 결제가 아닙니다.")
    provider_for(payment.provider, settings).confirm(payment, amount=amount, payment_key=None)
    payment.status = "done"
    payment.approved_at = utcnow()
    payment.confirmed_by = officer_id


def void(payment: Payment) -> None:
    """Nothing was paid yet: the order simply ends (the virtual account stops accepting)."""
    if payment.status not in ("ready", "waiting_deposit"):
        raise InvalidState()
    payment.status = "canceled"


def refund(payment: Payment, settings: PaymentSettings, *, reason: str,
           account: RefundAccount | None) -> bool:
    """Refund the whole amount. True when refunded at once (gateway), False when pending."""
    if payment.status != "done":
        raise InvalidState("환불할 수 있는 결제가 아닙니다.")
    done = provider_for(payment.provider, settings).refund(
        payment, amount=payment.amount, reason=reason, account=account)
    payment.refund_amount = payment.amount
    payment.refund_reason = reason[:200]
    if done:
        payment.status = "canceled"
        payment.refunded_at = utcnow()
    else:
        payment.status = "refund_pending"
    return done


def refund_part(payment: Payment, settings: PaymentSettings, *, amount: int, reason: str,
                account: RefundAccount | None, key: str) -> bool:
    """Give back `amount` of a paid order (a shop that could not deliver its part, or what
    is left when the order is cancelled). True when refunded at once (gateway); False when
    a person still sends the transfer. `key` names this refund among the payment's."""
    if payment.status != "done" or amount <= 0 or (
            payment.refund_amount or 0) + amount > payment.amount:
        raise InvalidState("환불할 수 있는 금액이 아닙니다.")
    done = provider_for(payment.provider, settings).refund(
        payment, amount=amount, reason=reason, account=account, key=key)
    payment.refund_amount = (payment.refund_amount or 0) + amount
    payment.refund_reason = reason[:200]
    if payment.refund_amount == payment.amount:
        if done:
            payment.status = "canceled"
            payment.refunded_at = utcnow()
        else:
            payment.status = "refund_pending"
    return done


def mark_refunded(payment: Payment) -> None:
    if payment.status != "refund_pending":
        raise InvalidState("환불 대기 중인 결제가 아닙니다.")
    payment.status = "canceled"
    payment.refunded_at = utcnow()
    # Sent: the citizen's account details are no longer needed (minimal data).
    payment.refund_bank = payment.refund_account = payment.refund_holder = None


def to_out(payment: Payment, settings: PaymentSettings) -> PaymentOut:
    va = None
    if payment.method == "bank_transfer" and payment.va_account and payment.due_at:
        va = VirtualAccount(bank=payment.va_bank or "", account_number=payment.va_account,
                            holder=settings.account_holder,
                            depositor=payment.va_depositor or "", due_at=payment.due_at)
    return PaymentOut(method=payment.method, status=payment.status, amount=payment.amount,
                      order_id=payment.order_id, order_name=payment.order_name,
                      virtual_account=va, approved_at=payment.approved_at,
                      refund_amount=payment.refund_amount or 0, refunded_at=payment.refunded_at)


def masked_refund_account(payment: Payment) -> str | None:
    if payment.status != "refund_pending" or not payment.refund_account:
        return None
    # The officer must see the whole number to send the money; the holder's name stays
    # masked (the bank shows the real name on transfer anyway).
    return (f"{payment.refund_bank} {payment.refund_account} "
            f"({mask_name(payment.refund_holder or '')})")
