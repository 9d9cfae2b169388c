"""Bulky-waste ORM: the fee catalogue, bookings and their lines (fees copied at booking time)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from myg_app.server.db import Base, IdMixin, TimestampMixin, UTCDateTime
from myg_app.server.payments.models import Payment


class WasteItem(IdMixin, TimestampMixin, Base):
    __tablename__ = "waste_items"
    __table_args__ = (
        UniqueConstraint("code"),
        CheckConstraint("fee >= 0", name="fee_nonnegative"),
    )

    code: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(60))
    size_label: Mapped[str] = mapped_column(String(60), default="")
    fee: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort: Mapped[int] = mapped_column(Integer, default=0)


class WasteBooking(IdMixin, TimestampMixin, Base):
    __tablename__ = "waste_bookings"
    __table_args__ = (
        UniqueConstraint("order_id"),
        UniqueConstraint("emission_no"),
        Index("ix_waste_bookings_user_id", "user_id"),
        Index("ix_waste_bookings_pickup_date_area", "pickup_date", "area"),
        CheckConstraint("total_fee >= 0", name="total_fee_nonnegative"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    order_id: Mapped[str] = mapped_column(String(64))
    area: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(200))
    pickup_date: Mapped[date] = mapped_column(Date)
    total_fee: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    emission_no: Mapped[str | None] = mapped_column(String(20))
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    collected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    collected_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(String(200))

    lines: Mapped[list["WasteBookingLine"]] = relationship(
        order_by="WasteBookingLine.id", cascade="all, delete-orphan", lazy="selectin")
    payment: Mapped[Payment | None] = relationship(lazy="joined")


class WasteBookingLine(IdMixin, Base):
    __tablename__ = "waste_booking_lines"
    __table_args__ = (
        Index("ix_waste_booking_lines_booking_id", "booking_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    booking_id: Mapped[int] = mapped_column(ForeignKey("waste_bookings.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("waste_items.id"))
    name: Mapped[str] = mapped_column(String(60))
    size_label: Mapped[str] = mapped_column(String(60))
    unit_fee: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)
