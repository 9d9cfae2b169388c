"""전통시장 장보기 ORM: markets, shops and their merchants, products (stock never below zero),
delivery zones and slots (used never above capacity), orders split into one part per shop,
their timeline, refunds and reviews.

The two capacity rules are CHECK constraints as well as conditional updates, so no code path
can oversell even by mistake.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, LargeBinary, String, Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from myg_app.server.db import Base, CreatedMixin, IdMixin, TimestampMixin, UTCDateTime
from myg_app.server.payments.models import Payment


class Market(IdMixin, Base):
    __tablename__ = "market_markets"
    __table_args__ = (UniqueConstraint("code"),)

    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(60))
    dong_code: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(200))
    market_days: Mapped[str] = mapped_column(String(20), default="")  # "1,6"; "" = 상설
    description: Mapped[str] = mapped_column(String(300), default="")
    minimum_order: Mapped[int] = mapped_column(Integer, default=15_000)
    sort: Mapped[int] = mapped_column(Integer, default=0)


class Shop(IdMixin, Base):
    __tablename__ = "market_shops"
    __table_args__ = (Index("ix_market_shops_market_id", "market_id"),)

    market_id: Mapped[int] = mapped_column(ForeignKey("market_markets.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(60))
    category: Mapped[str] = mapped_column(String(30))
    description: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | closed
    demo: Mapped[bool] = mapped_column(Boolean, default=True)


class Merchant(IdMixin, CreatedMixin, Base):
    """A user who runs a shop: the merchant role is this membership, not a user role."""

    __tablename__ = "market_merchants"
    __table_args__ = (UniqueConstraint("user_id", "shop_id"),
                      Index("ix_market_merchants_shop_id", "shop_id"))

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    shop_id: Mapped[int] = mapped_column(ForeignKey("market_shops.id", ondelete="CASCADE"))


class Product(IdMixin, TimestampMixin, Base):
    __tablename__ = "market_products"
    __table_args__ = (
        Index("ix_market_products_shop_id", "shop_id"),
        Index("ix_market_products_market_id_category", "market_id", "category"),
        CheckConstraint("stock >= 0", name="stock_nonnegative"),
        CheckConstraint("price >= 0", name="price_nonnegative"),
    )

    shop_id: Mapped[int] = mapped_column(ForeignKey("market_shops.id", ondelete="CASCADE"))
    market_id: Mapped[int] = mapped_column(ForeignKey("market_markets.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(60))
    category: Mapped[str] = mapped_column(String(30))
    price: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(30))
    origin: Mapped[str] = mapped_column(String(40))
    stock: Mapped[int] = mapped_column(Integer, default=0)
    sold_out: Mapped[bool] = mapped_column(Boolean, default=False)  # switched off by hand
    search_text: Mapped[str] = mapped_column(String(200), default="")


class ProductPhoto(IdMixin, CreatedMixin, Base):
    __tablename__ = "market_product_photos"
    __table_args__ = (UniqueConstraint("product_id"),)

    product_id: Mapped[int] = mapped_column(ForeignKey("market_products.id", ondelete="CASCADE"))
    data: Mapped[bytes] = mapped_column(LargeBinary)  # re-encoded JPEG, metadata stripped


class Zone(IdMixin, Base):
    __tablename__ = "market_zones"
    __table_args__ = (UniqueConstraint("market_id", "dong_code"),
                      CheckConstraint("fee >= 0", name="fee_nonnegative"))

    market_id: Mapped[int] = mapped_column(ForeignKey("market_markets.id", ondelete="CASCADE"))
    dong_code: Mapped[str] = mapped_column(String(20))
    fee: Mapped[int] = mapped_column(Integer)


class Slot(IdMixin, Base):
    __tablename__ = "market_slots"
    __table_args__ = (
        UniqueConstraint("market_id", "fulfilment", "starts_at"),
        CheckConstraint("used >= 0 AND used <= capacity", name="used_within_capacity"),
    )

    market_id: Mapped[int] = mapped_column(ForeignKey("market_markets.id", ondelete="CASCADE"))
    fulfilment: Mapped[str] = mapped_column(String(10))  # delivery | pickup
    day: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    order_by: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int] = mapped_column(Integer)
    used: Mapped[int] = mapped_column(Integer, default=0)


class Order(IdMixin, TimestampMixin, Base):
    __tablename__ = "market_orders"
    __table_args__ = (
        UniqueConstraint("order_no"),
        Index("ix_market_orders_user_id", "user_id"),
        Index("ix_market_orders_status", "status"),
        CheckConstraint("total = subtotal + delivery_fee", name="total_adds_up"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    market_id: Mapped[int] = mapped_column(ForeignKey("market_markets.id"))
    order_no: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20))
    fulfilment: Mapped[str] = mapped_column(String(10))
    slot_id: Mapped[int] = mapped_column(ForeignKey("market_slots.id"))
    dong_code: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20))
    request: Mapped[str | None] = mapped_column(String(200))
    subtotal: Mapped[int] = mapped_column(Integer)
    delivery_fee: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(20))
    # No FOREIGN KEY: the payments table belongs to another migration branch (waste), and
    # branches may be applied in any order. The payment row is created with the order.
    payment_id: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    parts: Mapped[list["OrderPart"]] = relationship(
        order_by="OrderPart.id", cascade="all, delete-orphan", lazy="selectin",
        back_populates="order")
    events: Mapped[list["OrderEvent"]] = relationship(
        order_by="OrderEvent.id", cascade="all, delete-orphan", lazy="selectin")
    refunds: Mapped[list["Refund"]] = relationship(
        order_by="Refund.id", cascade="all, delete-orphan", lazy="selectin")
    payment: Mapped[Payment | None] = relationship(
        lazy="joined", primaryjoin="foreign(Order.payment_id) == Payment.id")
    slot: Mapped[Slot] = relationship(lazy="joined")
    market: Mapped[Market] = relationship(lazy="joined")


class OrderPart(IdMixin, TimestampMixin, Base):
    """One shop's share of an order, answered by that shop's merchant."""

    __tablename__ = "market_order_parts"
    __table_args__ = (Index("ix_market_order_parts_order_id", "order_id"),
                      Index("ix_market_order_parts_shop_id_status", "shop_id", "status"))

    order_id: Mapped[int] = mapped_column(ForeignKey("market_orders.id", ondelete="CASCADE"))
    shop_id: Mapped[int] = mapped_column(ForeignKey("market_shops.id"))
    shop_name: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(10), default="new")
    amount: Mapped[int] = mapped_column(Integer)
    reject_reason: Mapped[str | None] = mapped_column(String(200))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    order: Mapped[Order] = relationship(back_populates="parts")
    lines: Mapped[list["OrderLine"]] = relationship(
        order_by="OrderLine.id", cascade="all, delete-orphan", lazy="selectin")


class OrderLine(IdMixin, Base):
    __tablename__ = "market_order_lines"
    __table_args__ = (Index("ix_market_order_lines_part_id", "part_id"),
                      CheckConstraint("quantity > 0", name="quantity_positive"))

    part_id: Mapped[int] = mapped_column(ForeignKey("market_order_parts.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(ForeignKey("market_products.id"))
    name: Mapped[str] = mapped_column(String(60))
    unit: Mapped[str] = mapped_column(String(30))
    unit_price: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)


class OrderEvent(IdMixin, CreatedMixin, Base):
    """The order's timeline, as the citizen reads it."""

    __tablename__ = "market_order_events"
    __table_args__ = (Index("ix_market_order_events_order_id", "order_id"),)

    order_id: Mapped[int] = mapped_column(ForeignKey("market_orders.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(300))


class Refund(IdMixin, CreatedMixin, Base):
    """Money owed back: a rejected shop's part, or the whole order cancelled.

    Card and voucher refunds go through the provider at once (done); a bank transfer needs
    the citizen's account (needs_account), then the desk sends it (pending → done)."""

    __tablename__ = "market_refunds"
    __table_args__ = (Index("ix_market_refunds_order_id", "order_id"),
                      CheckConstraint("amount > 0", name="amount_positive"))

    order_id: Mapped[int] = mapped_column(ForeignKey("market_orders.id", ondelete="CASCADE"))
    amount: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    bank: Mapped[str | None] = mapped_column(String(20))
    account_number: Mapped[str | None] = mapped_column(String(30))
    holder: Mapped[str | None] = mapped_column(String(40))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Review(IdMixin, CreatedMixin, Base):
    __tablename__ = "market_reviews"
    __table_args__ = (UniqueConstraint("order_id"),
                      CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"))

    order_id: Mapped[int] = mapped_column(ForeignKey("market_orders.id", ondelete="CASCADE"))
    market_id: Mapped[int] = mapped_column(ForeignKey("market_markets.id", ondelete="CASCADE"))
    rating: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
