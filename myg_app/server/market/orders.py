"""Orders: checkout, payment, the order's way 접수 → 준비중 → 배달중 → 완료 (or 취소), refunds.

Checkout takes stock and a slot place with conditional updates (`stock >= n`, `used <
capacity`), in product-id order so two checkouts on PostgreSQL never deadlock; anything that
fails afterwards raises, and the request's transaction gives everything back. State changes
load the order with a row lock (FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already
serialises writers), so a merchant, the citizen and a retry act one after the other.
"""
from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from myg_app.contracts import market as c
from myg_app.contracts.payments import RefundAccount
from myg_app.i18n import msg
from myg_app.server.auth.models import User
from myg_app.server.errors import AppError
from myg_app.server.market import clock, slots
from myg_app.server.market.catalogue import get_market, quote
from myg_app.server.market.models import (
    Merchant, Order, OrderEvent, OrderLine, OrderPart, Product, Refund, Review,
)
from myg_app.server.notices.service import notify
from myg_app.server.payments import service as payments
from myg_app.server.payments.errors import MethodUnavailable
from myg_app.server.payments.models import Payment
from myg_app.server.payments.settings import PaymentSettings

PURPOSE = "market"
ACTIVE = ("received", "preparing", "delivering")
CARD_WINDOW = timedelta(minutes=30)  # an online payment not approved by then is dropped
MIN_DEPOSIT_WINDOW = timedelta(minutes=30)


def route(order_id: int) -> str:
    return f"/f/market/orders/{order_id}"


def not_found() -> AppError:
    return AppError(404, "market.order_not_found", "주문을 찾을 수 없습니다.")


def event(order: Order, status: str, text: str) -> None:
    """One line of the citizen's timeline; the version tells watching screens to refresh."""
    order.events.append(OrderEvent(status=status, text=text[:300]))
    order.version = (order.version or 0) + 1


def _load(session: Session, order_id: int, lock: bool) -> Order | None:
    stmt = select(Order).where(Order.id == order_id)
    if lock:
        stmt = stmt.with_for_update(of=Order)
    return session.scalars(stmt).unique().one_or_none()


def get_mine(session: Session, user: User, order_id: int, *, lock: bool = False) -> Order:
    order = _load(session, order_id, lock)
    if order is None or order.user_id != user.id:
        raise not_found()  # someone else's order looks like a missing one
    return order


def get_any(session: Session, order_id: int, *, lock: bool = False) -> Order:
    order = _load(session, order_id, lock)
    if order is None:
        raise not_found()
    return order


def by_order_no(session: Session, order_no: str, *, lock: bool = False) -> Order:
    stmt = select(Order).where(Order.order_no == order_no)
    if lock:
        stmt = stmt.with_for_update(of=Order)
    order = session.scalars(stmt).unique().one_or_none()
    if order is None:
        raise not_found()
    return order


def list_mine(session: Session, user: User) -> list[Order]:
    return list(session.scalars(select(Order).where(Order.user_id == user.id)
                                .order_by(Order.id.desc()).limit(100)).unique())


def _order_name(order: Order) -> str:
    lines = [ln for p in order.parts for ln in p.lines]
    first = lines[0].name if lines else "장보기"
    more = len(lines) - 1
    return f"{order.market.name} {first}" + (f" 외 {more}건" if more > 0 else "")


def _take_stock(session: Session, product_id: int, quantity: int) -> bool:
    return session.execute(
        update(Product).where(Product.id == product_id, Product.stock >= quantity,
                              Product.sold_out.is_(False))
        .values(stock=Product.stock - quantity)
        .execution_options(synchronize_session=False)).rowcount == 1


def _return_stock(session: Session, part: OrderPart) -> None:
    for ln in part.lines:
        session.execute(update(Product).where(Product.id == ln.product_id)
                        .values(stock=Product.stock + ln.quantity)
                        .execution_options(synchronize_session=False))


def _merchants_of(session: Session, shop_id: int) -> list[int]:
    return list(session.scalars(select(Merchant.user_id).where(Merchant.shop_id == shop_id)))


def create(session: Session, ps: PaymentSettings, user: User, body: c.OrderCreate) -> Order:
    market = get_market(session, body.market_id)
    if body.method not in payments.methods(ps, vouchers=True):
        raise MethodUnavailable()
    address = (body.address or "").strip()
    if body.fulfilment == "delivery" and len(address) < 4:
        raise AppError(422, "validation_error", "배달받을 주소를 입력해 주세요.", field="address")
    q = quote(session, c.QuoteIn(market_id=body.market_id, items=body.items,
                                 fulfilment=body.fulfilment, dong_code=body.dong_code))
    if not q.orderable:
        raise AppError(409, "market.not_orderable", " ".join(q.problems))
    if q.total != body.expected_total:
        raise AppError(409, "market.total_changed",
                       msg("결제 금액이 {total:,}원으로 바뀌었습니다. 장바구니를 확인하고 다시 주문해 주세요.", total=q.total))
    for ln in sorted(q.lines, key=lambda x: x.product_id):
        if not _take_stock(session, ln.product_id, ln.quantity):
            raise AppError(409, "market.sold_out",
                           msg("{name}이(가) 방금 다 팔렸습니다. 장바구니에서 빼거나 수량을 줄여 다시 주문해 주세요.", name=ln.name))
    slot = slots.claim(session, market.id, body.fulfilment, body.slot_id)
    by_shop: dict[int, list[c.LineOut]] = defaultdict(list)
    for ln in q.lines:
        by_shop[ln.shop_id].append(ln)
    now = clock.utcnow()
    order = Order(
        user_id=user.id, market_id=market.id,
        order_no=f"MK{clock.today():%y%m%d}{secrets.token_hex(5).upper()}",
        status="awaiting_deposit" if body.method == "bank_transfer" else "awaiting_payment",
        fulfilment=body.fulfilment, slot_id=slot.id,
        dong_code=body.dong_code if body.fulfilment == "delivery" else None,
        address=address or None if body.fulfilment == "delivery" else None,
        phone=body.phone, request=(body.request or "").strip() or None,
        subtotal=q.subtotal, delivery_fee=q.delivery_fee, total=q.total, method=body.method,
        version=0,
        parts=[OrderPart(shop_id=shop_id, shop_name=lines[0].shop_name, status="new",
                         amount=sum(x.amount for x in lines),
                         lines=[OrderLine(product_id=x.product_id, name=x.name, unit=x.unit,
                                          unit_price=x.unit_price, quantity=x.quantity,
                                          amount=x.amount) for x in lines])
               for shop_id, lines in by_shop.items()])
    order.market = market
    order.slot = slot
    session.add(order)
    session.flush()
    due = None
    if body.method == "bank_transfer":
        # The deposit must arrive before the slot's orders close, but never in less than
        # half an hour (the slot refuses orders that late anyway).
        due = max(min(now + timedelta(hours=ps.deposit_hours), slot.order_by),
                  now + MIN_DEPOSIT_WINDOW)
    order.payment = payments.create(
        session, ps, purpose=PURPOSE, order_id=order.order_no, order_name=_order_name(order),
        amount=order.total, method=body.method, depositor=f"{user.name[:10]}{order.id}",
        due_at=due)
    how = "배달" if order.fulfilment == "delivery" else "픽업"
    pay = ("아래 계좌로 입금하면 가게에 주문이 들어갑니다." if body.method == "bank_transfer"
           else "결제를 마치면 가게에 주문이 들어갑니다.")
    event(order, order.status, f"주문했습니다. {slots.label(slot)} {how}. {pay}")
    session.flush()
    return order


def mark_paid(session: Session, order: Order) -> None:
    order.status = "received"
    order.paid_at = clock.utcnow()
    event(order, "received", "결제가 확인되어 가게에 주문이 접수되었습니다.")
    notify(session, order.user_id, kind="market.received", title="장보기 주문이 접수되었습니다",
           body=f"{order.market.name} 주문 {order.order_no}을 가게에서 확인하고 있습니다.",
           link=route(order.id))
    for part in order.parts:
        for merchant_id in _merchants_of(session, part.shop_id):
            notify(session, merchant_id, kind="market.new_order", title="새 주문이 들어왔습니다",
                   body=f"{part.shop_name}: " + ", ".join(
                       f"{ln.name} {ln.quantity}개" for ln in part.lines),
                   link="/f/market/merchant")
    session.flush()


def confirm_online(session: Session, ps: PaymentSettings, order: Order, *, payment_key: str,
                   order_no: str, amount: int) -> Order:
    if order.payment is None or order.status == "cancelled":
        raise AppError(409, "market.not_payable", "결제할 수 없는 주문입니다. 다시 주문해 주세요.")
    if payments.confirm_online(order.payment, ps, payment_key=payment_key, order_id=order_no,
                               amount=amount):
        mark_paid(session, order)
    return order


def confirm_deposit(session: Session, ps: PaymentSettings, officer: User, order_id: int,
                    amount: int) -> Order:
    order = get_any(session, order_id, lock=True)
    if order.payment is None or order.status != "awaiting_deposit":
        raise AppError(409, "market.not_awaiting_deposit", "입금을 기다리는 주문이 아닙니다.")
    if order.payment.due_at and order.payment.due_at < clock.utcnow():
        raise AppError(409, "market.deposit_expired",
                       "입금 기한이 지난 주문입니다. 주문한 분에게 다시 주문하도록 안내해 주세요.")
    payments.confirm_deposit(order.payment, ps, amount=amount, officer_id=officer.id)
    mark_paid(session, order)
    return order


def expire_unpaid(session: Session) -> int:
    """Orders never paid in time end here, and give their stock and slot place back. Run
    lazily before lists are shown; idempotent."""
    now = clock.utcnow()
    rows = list(session.scalars(
        select(Order).outerjoin(Payment, Order.payment_id == Payment.id).where(or_(
            and_(Order.status == "awaiting_deposit", Payment.due_at < now),
            and_(Order.status == "awaiting_payment", Order.created_at < now - CARD_WINDOW)))
        .with_for_update(of=Order)).unique())
    for order in rows:
        _end(session, order, "결제 기한 경과", "결제가 확인되지 않아 주문이 취소되었습니다.")
        notify(session, order.user_id, kind="market.expired",
               title="결제 기한이 지나 장보기 주문이 취소되었습니다",
               body=f"{order.market.name} 주문 {order.order_no}. 필요하면 다시 주문해 주세요.",
               link=route(order.id))
    session.flush()
    return len(rows)


def can_cancel(order: Order) -> bool:
    """Until a shop starts preparing: paid or not, nothing has been packed yet."""
    return (order.status in ("awaiting_payment", "awaiting_deposit", "received")
            and all(p.status in ("new", "rejected") for p in order.parts))


def refunded_total(order: Order) -> int:
    return sum(r.amount for r in order.refunds)


def _refund(session: Session, ps: PaymentSettings, order: Order, amount: int, reason: str,
            account: RefundAccount | None) -> Refund:
    payment = order.payment
    assert payment is not None and amount > 0
    refund = Refund(amount=amount, reason=reason[:200], status="needs_account")
    order.refunds.append(refund)
    session.flush()
    if payment.method == "bank_transfer" and account is None:
        return refund  # the citizen gives an account on the order screen
    done = payments.refund_part(payment, ps, amount=amount, reason=reason, account=account,
                                key=f"refund-{order.order_no}-{refund.id}")
    refund.status = "done" if done else "pending"
    if done:
        refund.done_at = clock.utcnow()
    elif account is not None:
        refund.bank, refund.account_number, refund.holder = (
            account.bank, account.account_number, account.holder)
    return refund


def _end(session: Session, order: Order, reason: str, text: str,
         ps: PaymentSettings | None = None, account: RefundAccount | None = None) -> None:
    """Cancel the whole order: stock and the slot place back, money back or voided."""
    for part in order.parts:
        if part.status != "rejected":
            _return_stock(session, part)
    slots.release(session, order.slot_id)
    payment = order.payment
    if payment is not None and payment.status in ("ready", "waiting_deposit"):
        payments.void(payment)
    elif payment is not None and payment.status == "done":
        left = order.total - refunded_total(order)
        if left > 0:
            assert ps is not None
            _refund(session, ps, order, left, reason, account)
    order.status = "cancelled"
    order.cancelled_at = clock.utcnow()
    event(order, "cancelled", text)


def _money_back_text(order: Order) -> str:
    owed = [r for r in order.refunds if r.status != "done"]
    if any(r.status == "needs_account" for r in owed):
        return " 환불받을 계좌를 주문 화면에 적어 주세요."
    if owed:
        return " 환불은 3영업일 안에 알려주신 계좌로 보내드립니다."
    if order.refunds:
        return f" {refunded_total(order):,}원을 환불했습니다."
    return ""


def cancel(session: Session, ps: PaymentSettings, user: User, order_id: int, *, reason: str,
           refund_account: RefundAccount | None) -> Order:
    order = get_mine(session, user, order_id, lock=True)
    if order.status == "cancelled":
        return order  # a retry of the same cancellation
    if not can_cancel(order):
        raise AppError(409, "market.cancel_too_late",
                       "가게가 이미 준비를 시작해 앱에서 취소할 수 없습니다. 가게에 전화해 주세요.")
    _end(session, order, reason or "주문 취소", "주문을 취소했습니다.", ps, refund_account)
    order.events[-1].text = ("주문을 취소했습니다." + _money_back_text(order))[:300]
    for part in order.parts:
        if part.status == "new" and order.paid_at is not None:
            for merchant_id in _merchants_of(session, part.shop_id):
                notify(session, merchant_id, kind="market.cancelled", title="주문이 취소되었습니다",
                       body=f"{part.shop_name}: 주문 {order.order_no}을 손님이 취소했습니다.",
                       link="/f/market/merchant")
    session.flush()
    return order


def give_refund_account(session: Session, ps: PaymentSettings, user: User, order_id: int,
                        account: RefundAccount) -> Order:
    order = get_mine(session, user, order_id, lock=True)
    waiting = [r for r in order.refunds if r.status == "needs_account"]
    if not waiting:
        raise AppError(409, "market.no_refund_waiting", "계좌를 기다리는 환불이 없습니다.")
    assert order.payment is not None
    for refund in waiting:
        payments.refund_part(order.payment, ps, amount=refund.amount, reason=refund.reason,
                             account=account, key=f"refund-{order.order_no}-{refund.id}")
        refund.status = "pending"
        refund.bank, refund.account_number, refund.holder = (
            account.bank, account.account_number, account.holder)
    event(order, order.status, "환불받을 계좌를 받았습니다. 3영업일 안에 보내드립니다.")
    session.flush()
    return order


def refund_sent(session: Session, refund_id: int) -> Order:
    refund = session.get(Refund, refund_id)
    if refund is None:
        raise AppError(404, "market.refund_not_found", "환불 내역을 찾을 수 없습니다.")
    order = get_any(session, refund.order_id, lock=True)
    if refund.status != "pending":
        raise AppError(409, "market.refund_not_pending", "송금을 기다리는 환불이 아닙니다.")
    refund.status = "done"
    refund.done_at = clock.utcnow()
    # Sent: the account details are no longer needed (minimal data).
    refund.bank = refund.account_number = refund.holder = None
    if order.payment is not None and order.payment.status == "refund_pending":
        payments.mark_refunded(order.payment)
    event(order, order.status, f"{refund.amount:,}원을 환불해 드렸습니다.")
    notify(session, order.user_id, kind="market.refunded", title="장보기 환불을 보내드렸습니다",
           body=f"주문 {order.order_no}: {refund.amount:,}원을 보내드렸습니다.", link=route(order.id))
    session.flush()
    return order


def mark_received(session: Session, user: User, order_id: int) -> Order:
    order = get_mine(session, user, order_id, lock=True)
    if order.status == "completed":
        return order
    if order.status != "delivering":
        raise AppError(409, "market.not_delivering", "아직 배달 중인 주문이 아닙니다.")
    complete(order, "주문한 분이 물건을 받았다고 알려 주셨습니다.")
    session.flush()
    return order


def complete(order: Order, text: str) -> None:
    order.status = "completed"
    order.completed_at = clock.utcnow()
    event(order, "completed", text)


def review(session: Session, user: User, order_id: int, body: c.ReviewIn) -> Order:
    order = get_mine(session, user, order_id, lock=True)
    if order.status != "completed":
        raise AppError(409, "market.not_completed", "받은 주문에만 후기를 남길 수 있습니다.")
    if session.scalar(select(Review.id).where(Review.order_id == order.id)) is not None:
        raise AppError(409, "market.already_reviewed", "이 주문에는 이미 후기를 남겼습니다.")
    session.add(Review(order_id=order.id, market_id=order.market_id, rating=body.rating,
                       text=body.text.strip()))
    order.version += 1
    session.flush()
    return order


def review_of(session: Session, order_id: int) -> Review | None:
    return session.scalar(select(Review).where(Review.order_id == order_id))
