"""ORM → contract for the citizen's order and the desk's list."""
from __future__ import annotations

from sqlalchemy.orm import Session

from myg_app.contracts import market as c
from myg_app.contracts.payments import CardCheckout
from myg_app.gwangyang.dongs import BY_CODE as DONGS
from myg_app.server.auth.models import User
from myg_app.server.market import orders, slots
from myg_app.server.market.models import Order, Refund
from myg_app.server.payments import service as payments
from myg_app.server.payments.settings import PaymentSettings
from myg_app.server.payments.voucher import pay_page_url
from myg_app.server.privacy import mask_name


def refund_out(r: Refund) -> c.RefundOut:
    return c.RefundOut(id=r.id, amount=r.amount, reason=r.reason,
                       status=r.status, created_at=r.created_at)  # type: ignore[arg-type]


PAY_PAGES = "/api/v1/market/pay"  # the card and voucher pages, as the payer's browser reaches them


def pay_links(order: Order, ps: PaymentSettings) -> tuple[CardCheckout | None, str | None]:
    """What opens the card window or the voucher platform's page, while one is awaited."""
    if order.status != "awaiting_payment" or order.payment is None:
        return None, None
    if order.method == "card":
        return payments.checkout(order.payment, ps, PAY_PAGES), None
    if order.method == "voucher":
        base = ps.public_base_url.rstrip("/") + PAY_PAGES
        return None, pay_page_url(ps.voucher_base_url, ps.voucher_merchant_id,
                                  order_id=order.order_no, order_name=order.payment.order_name,
                                  amount=order.total, return_url=f"{base}/voucher/return")
    return None, None


def order_out(session: Session, order: Order, ps: PaymentSettings) -> c.OrderOut:
    review = orders.review_of(session, order.id)
    card, voucher_url = pay_links(order, ps)
    return c.OrderOut(
        id=order.id, order_no=order.order_no, market_id=order.market_id,
        market_name=order.market.name, status=order.status,  # type: ignore[arg-type]
        status_ko=c.status_ko(order.status, order.fulfilment),
        fulfilment=order.fulfilment, slot_label=slots.label(order.slot),  # type: ignore[arg-type]
        dong=DONGS[order.dong_code].name if order.dong_code else None, address=order.address,
        request=order.request, subtotal=order.subtotal, delivery_fee=order.delivery_fee,
        total=order.total, refunded=orders.refunded_total(order),
        method=order.method,  # type: ignore[arg-type]
        payment=payments.to_out(order.payment, ps) if order.payment else None,
        parts=[c.OrderPart(id=p.id, shop_id=p.shop_id, shop_name=p.shop_name,
                           status=p.status,  # type: ignore[arg-type]
                           status_ko=c.PART_STATUS_KO[p.status], amount=p.amount,
                           reject_reason=p.reject_reason,
                           lines=[c.PartLine(product_id=ln.product_id, name=ln.name,
                                             unit=ln.unit, unit_price=ln.unit_price,
                                             quantity=ln.quantity, amount=ln.amount)
                                  for ln in p.lines]) for p in order.parts],
        timeline=[c.TimelineEntry(at=e.created_at, status=e.status, text=e.text)
                  for e in order.events],
        refunds=[refund_out(r) for r in order.refunds],
        can_cancel=orders.can_cancel(order),
        can_review=order.status == "completed" and review is None,
        review=c.ReviewOut(rating=review.rating, text=review.text,
                           created_at=review.created_at) if review else None,
        version=order.version, created_at=order.created_at,
        pay_url=card.checkout_url if card else voucher_url)


def desk_out(session: Session, order: Order) -> c.DeskOrder:
    user = session.get(User, order.user_id)
    pending = [r for r in order.refunds if r.status == "pending"]
    return c.DeskOrder(
        id=order.id, order_no=order.order_no, market_name=order.market.name,
        status=order.status,  # type: ignore[arg-type]
        status_ko=c.status_ko(order.status, order.fulfilment),
        buyer=mask_name(user.name if user else ""), total=order.total,
        method=order.method,  # type: ignore[arg-type]
        depositor=order.payment.va_depositor if order.payment else None,
        due_at=order.payment.due_at if order.payment else None,
        refunds_pending=[refund_out(r) for r in pending],
        # The officer needs the whole number to send the money; the holder stays masked.
        refund_accounts=[f"{r.bank} {r.account_number} ({mask_name(r.holder or '')})"
                         for r in pending],
        created_at=order.created_at)
