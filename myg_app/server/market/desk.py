"""The market desk (일자리경제과): deposits to confirm and refunds to send."""
from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from myg_app.server.market import orders
from myg_app.server.market.models import Order, Refund


def worklist(session: Session) -> list[Order]:
    orders.expire_unpaid(session)
    waiting_refund = select(Refund.order_id).where(Refund.status == "pending")
    return list(session.scalars(select(Order).where(or_(
        Order.status == "awaiting_deposit", Order.id.in_(waiting_refund)))
        .order_by(Order.id)).unique())
