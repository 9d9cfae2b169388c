"""ORM for reservations. Rules live in booking, desk, lottery, queries and records; these
classes only hold state.

One `Resource` table serves all four functions (`kind`): a hall, a court, a course or a legal
counsel schedule differ only in which columns they use. Opening hours are Seoul wall-clock
times (a hall opens at 09:00 local whatever the season); booking instants are UTC.
"""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, Time, false, true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from myg_app.server.db import Base, CreatedMixin, IdMixin, TimestampMixin, UTCDateTime

KINDS = ("facility", "sports", "course", "legal")
MODES = ("instant", "approval")
SELECTIONS = ("first_come", "lottery")
# pending: waits for an officer · applied: waits for the lottery · waitlisted: in line
STATUSES = ("pending", "applied", "confirmed", "waitlisted", "rejected", "cancelled")
PAYMENT_STATUSES = ("free", "unpaid", "paid")
PAYMENT_METHODS = ("onsite", "transfer")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Resource(IdMixin, TimestampMixin, Base):
    __tablename__ = "rsv_resources"
    __table_args__ = (
        CheckConstraint(_in("kind", KINDS), name="kind"),
        CheckConstraint(_in("mode", MODES), name="mode"),
        CheckConstraint("capacity > 0", name="capacity"),
        Index("ix_rsv_resources_kind_dong", "kind", "dong"),
    )

    kind: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(40))  # 강당, 테니스장, 생활문화, 법률상담...
    name: Mapped[str] = mapped_column(String(100))
    dong: Mapped[str] = mapped_column(String(20))  # one of the 12 읍면동
    place: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(60))  # the officers who run it
    description: Mapped[str] = mapped_column(Text, default="")
    host: Mapped[str | None] = mapped_column(String(60))  # instructor / volunteer lawyer
    # Concurrent bookings per slot (1 for a hall or a court); seats for a course.
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    max_headcount: Mapped[int | None] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(16), default="instant")
    opens: Mapped[time] = mapped_column(Time)
    closes: Mapped[time] = mapped_column(Time)
    slot_minutes: Mapped[int] = mapped_column(Integer, default=60)
    weekdays: Mapped[str] = mapped_column(String(7), default="1111100")  # Mon..Sun, 1 = open
    # KRW per hour (facility, sports) or per term (course); 0 = free.
    fee_resident: Mapped[int] = mapped_column(Integer, default=0)
    fee_nonresident: Mapped[int] = mapped_column(Integer, default=0)
    cancel_hours: Mapped[int] = mapped_column(Integer, default=24)
    book_ahead_days: Mapped[int] = mapped_column(Integer, default=30)
    max_active_per_user: Mapped[int | None] = mapped_column(Integer)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Courses only.
    term_starts_on: Mapped[date | None] = mapped_column(Date)
    term_ends_on: Mapped[date | None] = mapped_column(Date)
    apply_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    apply_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    selection: Mapped[str | None] = mapped_column(String(16))
    lottery_seed: Mapped[str | None] = mapped_column(String(64))
    lottery_drawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Closure(IdMixin, CreatedMixin, Base):
    """Days an officer closed a resource (repairs, city events): no slot is bookable then."""

    __tablename__ = "rsv_closures"

    resource_id: Mapped[int] = mapped_column(
        ForeignKey("rsv_resources.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Booking(IdMixin, TimestampMixin, Base):
    __tablename__ = "rsv_bookings"
    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(_in("payment_status", PAYMENT_STATUSES), name="payment_status"),
        Index("ix_rsv_bookings_resource_id_starts_at", "resource_id", "starts_at"),
        Index("ix_rsv_bookings_user_id_starts_at", "user_id", "starts_at"),
    )

    resource_id: Mapped[int] = mapped_column(ForeignKey("rsv_resources.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)  # a course: its first session
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)  # a course: its last session's end
    headcount: Mapped[int] = mapped_column(Integer, default=1)
    purpose: Mapped[str | None] = mapped_column(String(200))
    topic: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(Text)
    resident: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    fee: Mapped[int] = mapped_column(Integer, default=0)  # KRW, computed by the server
    payment_status: Mapped[str] = mapped_column(String(16), default="free")
    payment_method: Mapped[str | None] = mapped_column(String(16))
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the QR code carries: unguessable, not the booking id.
    checkin_code: Mapped[str] = mapped_column(String(16), unique=True)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str | None] = mapped_column(String(200))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    late_cancel: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    lottery_rank: Mapped[int | None] = mapped_column(Integer)
    # The booked resource. A new booking is made with it, so presenting the answer uses the
    # object already loaded (and locked) instead of loading it again: the session's identity
    # map holds objects weakly and would have dropped the resource once the rule returned.
    resource: Mapped[Resource] = relationship(lazy="select")
