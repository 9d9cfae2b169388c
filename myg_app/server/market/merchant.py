"""The merchant's console: today's orders of one's shops, accept / reject / packed / delivered,
stock and sold-out, the shop open or closed, and the day's settlement.

A merchant is a user with a row in market_merchants for the shop: another shop's order
or product looks like a missing one.
"""
from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from myg_app.contracts import market as c
from myg_app.gwangyang.dongs import BY_CODE as DONGS
from myg_app.seoul_time import seoul_to_utc
from myg_app.server.auth.models import User
from myg_app.server.errors import AppError
from myg_app.server.market import catalogue, clock, orders, slots
from myg_app.server.market.models import Merchant, Order, OrderPart, Product, Shop
from myg_app.server.notices.service import notify
from myg_app.server.payments.settings import PaymentSettings
from myg_app.server.privacy import mask_name, mask_phone

PLATFORM_FEE_PERCENT = 0.0  # the city's app takes no commission


def shops_of(session: Session, user: User) -> list[Shop]:
    return list(session.scalars(select(Shop).join(Merchant, Merchant.shop_id == Shop.id)
                                .where(Merchant.user_id == user.id).order_by(Shop.id)))


def my_shop(session: Session, user: User, shop_id: int) -> Shop:
    shop = session.scalar(select(Shop).join(Merchant, Merchant.shop_id == Shop.id)
                          .where(Merchant.user_id == user.id, Shop.id == shop_id))
    if shop is None:
        raise AppError(404, "market.shop_not_found", "내 가게가 아닙니다.")
    return shop


def _my_part(session: Session, user: User, part_id: int) -> OrderPart:
    part = session.scalar(select(OrderPart).join(Merchant, Merchant.shop_id == OrderPart.shop_id)
                          .where(OrderPart.id == part_id, Merchant.user_id == user.id))
    if part is None:
        raise AppError(404, "market.part_not_found", "내 가게의 주문이 아닙니다.")
    return part


def _locked(session: Session, user: User, part_id: int) -> tuple[Order, OrderPart]:
    part = _my_part(session, user, part_id)
    order = orders.get_any(session, part.order_id, lock=True)
    session.refresh(part)
    return order, part


def part_out(order: Order, part: OrderPart, names: dict[int, str]) -> c.MerchantOrder:
    answered = part.status in ("accepted", "packed")
    user_name = names.get(order.user_id, "")
    return c.MerchantOrder(
        part_id=part.id, order_id=order.id, order_no=order.order_no, shop_id=part.shop_id,
        shop_name=part.shop_name,
        status=part.status, status_ko=c.PART_STATUS_KO[part.status],  # type: ignore[arg-type]
        order_status=order.status,  # type: ignore[arg-type]
        order_status_ko=c.status_ko(order.status, order.fulfilment),
        fulfilment=order.fulfilment, slot_label=slots.label(order.slot),  # type: ignore[arg-type]
        buyer=mask_name(user_name), phone=order.phone if answered else mask_phone(order.phone),
        dong=DONGS[order.dong_code].name if order.dong_code else None,
        address=order.address if answered else None, request=order.request,
        amount=part.amount,
        lines=[c.PartLine(product_id=ln.product_id, name=ln.name, unit=ln.unit,
                          unit_price=ln.unit_price, quantity=ln.quantity, amount=ln.amount)
               for ln in part.lines],
        created_at=order.created_at,
        can_mark_delivered=order.status == "delivering" and part.status == "packed")


def _names(session: Session, orders_: list[Order]) -> dict[int, str]:
    """The buyers' names (masked when shown), in one query."""
    ids = {o.user_id for o in orders_}
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.name).where(User.id.in_(ids))).tuples().all())


def one(session: Session, order: Order, part: OrderPart) -> c.MerchantOrder:
    return part_out(order, part, _names(session, [order]))


def todays(session: Session, user: User, shop_id: int | None) -> c.MerchantOrders:
    shop_ids = [s.id for s in shops_of(session, user)]
    if shop_id is not None:
        shop_ids = [my_shop(session, user, shop_id).id]
    orders.expire_unpaid(session)
    start = seoul_to_utc(clock.today(), time(0))
    rows = session.execute(
        select(Order, OrderPart).join(OrderPart, OrderPart.order_id == Order.id)
        .where(OrderPart.shop_id.in_(shop_ids) if shop_ids else False,
               Order.status.not_in(("awaiting_payment", "awaiting_deposit")),
               or_(Order.status.in_(orders.ACTIVE), Order.paid_at >= start))
        .order_by(OrderPart.status != "new", Order.id.desc())).unique().tuples().all()
    names = _names(session, [o for o, _ in rows])
    items = [part_out(o, p, names) for o, p in rows]
    return c.MerchantOrders(items=items, new_count=sum(1 for i in items if i.status == "new"),
                            latest_id=max((i.part_id for i in items), default=0))


def _notify_citizen(session: Session, order: Order, title: str, body: str) -> None:
    notify(session, order.user_id, kind="market.status", title=title, body=body,
           link=orders.route(order.id))


def _advance(session: Session, order: Order) -> None:
    """Move the order on once every shop has answered, and once every pack is ready."""
    live = [p for p in order.parts if p.status != "rejected"]
    if any(p.status == "new" for p in live) or not live:
        return
    if order.status == "received":
        order.status = "preparing"
        orders.event(order, "preparing", "가게에서 주문을 받아 준비하고 있습니다.")
        _notify_citizen(session, order, "장보기 주문을 준비하고 있습니다",
                        f"{order.market.name} 주문 {order.order_no}")
    if order.status == "preparing" and all(p.status == "packed" for p in live):
        order.status = "delivering"
        if order.fulfilment == "delivery":
            text = f"배달을 시작했습니다. {slots.label(order.slot)} 사이에 도착합니다."
            title = "장보기 주문이 배달 중입니다"
        else:
            text = f"준비가 끝났습니다. {slots.label(order.slot)} 사이에 시장에서 찾아가세요."
            title = "장보기 주문을 찾아가세요"
        orders.event(order, "delivering", text)
        _notify_citizen(session, order, title, text)


def accept(session: Session, user: User, part_id: int) -> tuple[Order, OrderPart]:
    order, part = _locked(session, user, part_id)
    if part.status in ("accepted", "packed"):
        return order, part  # a second tap
    if part.status != "new" or order.status != "received":
        raise AppError(409, "market.part_closed", "이미 처리했거나 취소된 주문입니다.")
    part.status = "accepted"
    part.answered_at = clock.utcnow()
    order.version += 1
    _advance(session, order)
    session.flush()
    return order, part


def reject(session: Session, ps: PaymentSettings, user: User, part_id: int,
           reason: str) -> tuple[Order, OrderPart]:
    order, part = _locked(session, user, part_id)
    if part.status == "rejected":
        return order, part
    if part.status != "new" or order.status != "received":
        raise AppError(409, "market.part_closed", "이미 받은 주문은 거절할 수 없습니다.")
    part.status = "rejected"
    part.reject_reason = reason.strip()[:200]
    part.answered_at = clock.utcnow()
    orders._return_stock(session, part)
    if all(p.status == "rejected" for p in order.parts):
        orders._end(session, order, f"가게 사정: {part.reject_reason}",
                    f"{part.shop_name}에서 주문을 받지 못했습니다 ({part.reject_reason}). "
                    "주문이 취소되었습니다.", ps)
        order.events[-1].text = (order.events[-1].text + orders._money_back_text(order))[:300]
    else:
        orders._refund(session, ps, order, part.amount, f"{part.shop_name} 주문 거절", None)
        orders.event(order, order.status,
                     f"{part.shop_name}에서 주문을 받지 못했습니다 ({part.reject_reason}). "
                     f"{part.amount:,}원은 환불합니다." + orders._money_back_text(order))
        _advance(session, order)
    _notify_citizen(session, order, "가게에서 주문 일부를 받지 못했습니다",
                    f"{part.shop_name}: {part.reject_reason}")
    session.flush()
    return order, part


def packed(session: Session, user: User, part_id: int) -> tuple[Order, OrderPart]:
    order, part = _locked(session, user, part_id)
    if part.status == "packed":
        return order, part
    if part.status != "accepted":
        raise AppError(409, "market.part_not_accepted", "먼저 주문을 받아 주세요.")
    part.status = "packed"
    order.version += 1
    _advance(session, order)
    session.flush()
    return order, part


def delivered(session: Session, user: User, part_id: int) -> tuple[Order, OrderPart]:
    order, part = _locked(session, user, part_id)
    if order.status == "completed":
        return order, part
    if order.status != "delivering" or part.status != "packed":
        raise AppError(409, "market.not_delivering", "배달 중인 주문이 아닙니다.")
    orders.complete(order, "배달을 마쳤습니다." if order.fulfilment == "delivery"
                    else "물건을 찾아가셨습니다.")
    _notify_citizen(session, order, "장보기 주문을 받으셨나요?",
                    f"주문 {order.order_no}이 완료되었습니다. 후기를 남겨 주세요.")
    session.flush()
    return order, part


def patch_product(session: Session, user: User, product_id: int,
                  body: c.ProductPatch) -> c.ProductOut:
    product = session.get(Product, product_id)
    if product is None:
        raise AppError(404, "market.product_not_found", "상품을 찾을 수 없습니다.")
    shop = my_shop(session, user, product.shop_id)
    if body.stock is not None:
        product.stock = body.stock
    if body.sold_out is not None:
        product.sold_out = body.sold_out
    if body.price is not None:
        product.price = body.price
    session.flush()
    return catalogue.product_out(product, shop, has_photo=False)


def patch_shop(session: Session, user: User, shop_id: int, body: c.ShopPatch) -> c.ShopOut:
    shop = my_shop(session, user, shop_id)
    shop.status = body.status
    session.flush()
    return catalogue.shop_out(shop, catalogue.product_counts(session, [shop.id]).get(shop.id, 0))


def settlement(session: Session, user: User, shop_id: int, day: date) -> c.Settlement:
    shop = my_shop(session, user, shop_id)
    start = seoul_to_utc(day, time(0))
    rows = session.execute(
        select(Order, OrderPart).join(OrderPart, OrderPart.order_id == Order.id)
        .where(OrderPart.shop_id == shop.id,
               and_(Order.paid_at >= start, Order.paid_at < start + timedelta(days=1))))\
        .unique().tuples().all()
    names = _names(session, [o for o, _ in rows])
    kept = [(o, p) for o, p in rows if p.status in ("accepted", "packed")
            and o.status != "cancelled"]
    gross = sum(p.amount for _, p in kept)
    by_method: dict[str, int] = {}
    for o, p in kept:
        by_method[o.method] = by_method.get(o.method, 0) + p.amount
    rejected = sum(p.amount for _, p in rows if p.status == "rejected")
    return c.Settlement(shop_id=shop.id, day=day, orders=len(kept), gross=gross,
                        rejected=rejected, by_method=by_method,
                        fee_rate_percent=PLATFORM_FEE_PERCENT,
                        payout=gross - round(gross * PLATFORM_FEE_PERCENT / 100),
                        lines=[part_out(o, p, names) for o, p in rows])
