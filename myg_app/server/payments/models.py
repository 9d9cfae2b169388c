"""One payment per order, whatever the provider. Amounts are integer KRW."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base, IdMixin, TimestampMixin, UTCDateTime


class Payment(IdMixin, TimestampMixin, Base):
    __tablename__ = "payments"
    __table_args__ = (
        UniqueConstraint("order_id"),
        CheckConstraint("amount >= 0", name="amount_nonnegative"),
        CheckConstraint("refund_amount >= 0 AND refund_amount <= amount", name="refund_range"),
    )

    purpose: Mapped[str] = mapped_column(String(30))  # e.g. "bulky_waste"
    order_id: Mapped[str] = mapped_column(String(64))
    order_name: Mapped[str] = mapped_column(String(100))
    method: Mapped[str] = mapped_column(String(20))  # bank_transfer | card
    provider: Mapped[str] = mapped_column(String(20))  # bank_transfer | toss
    status: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(Integer)
    provider_key: Mapped[str | None] = mapped_column(String(200))  # gateway paymentKey
    va_bank: Mapped[str | None] = mapped_column(String(40))
    va_account: Mapped[str | None] = mapped_column(String(40))
    va_depositor: Mapped[str | None] = mapped_column(String(40))
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    refund_amount: Mapped[int] = mapped_column(Integer, default=0)
    refund_reason: Mapped[str | None] = mapped_column(String(200))
    refund_bank: Mapped[str | None] = mapped_column(String(20))
    refund_account: Mapped[str | None] = mapped_column(String(40))
    refund_holder: Mapped[str | None] = mapped_column(String(40))
    refunded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
