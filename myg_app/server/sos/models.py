"""긴급복지 SOS requests and the welfare office's callback log."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base, CreatedMixin, IdMixin, TimestampMixin, UTCDateTime


class SosRequest(IdMixin, TimestampMixin, Base):
    __tablename__ = "sos_requests"
    __table_args__ = (
        CheckConstraint("kind IN ('livelihood', 'medical', 'housing', 'care', 'other')",
                        name="kind"),
        CheckConstraint("status IN ('received', 'contacted', 'closed')", name="status"),
        Index("ix_sos_requests_department_status", "department", "status"),
    )

    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                index=True)
    kind: Mapped[str] = mapped_column(String(16))
    phone: Mapped[str] = mapped_column(String(20))
    location: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(300))
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)  # consent recorded with time
    department: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(16), default="received")
    # "user:<id>" or "phone:<digits>" while open, NULL once closed: one open request per person,
    # held by the unique constraint so repeated taps cannot create a second one.
    open_key: Mapped[str | None] = mapped_column(String(40), unique=True)
    # Guests check their request with a token; only its sha256 is kept.
    lookup_hash: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str | None] = mapped_column(Text)


class SosCallback(IdMixin, CreatedMixin, Base):
    __tablename__ = "sos_callbacks"

    request_id: Mapped[int] = mapped_column(ForeignKey("sos_requests.id", ondelete="CASCADE"),
                                            index=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reached: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text)
