"""생활불편 신고 tables: reports, their photos, history, "me too" supporters, Open311 keys."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON, Boolean, CheckConstraint, Float, ForeignKey, Index, Integer, String, Text, false,
)
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base, CreatedMixin, IdMixin, TimestampMixin, UTCDateTime

STATUSES = ("received", "in_progress", "done", "rejected", "transferred", "duplicate")


class Open311ApiKey(IdMixin, CreatedMixin, Base):
    """A partner app's key for POST requests. Only the sha256 is kept (a leak yields no keys)."""

    __tablename__ = "open311_api_keys"

    name: Mapped[str] = mapped_column(String(80))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # lets an admin recognise a key
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Report(IdMixin, TimestampMixin, Base):
    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint("status IN ('received', 'in_progress', 'done', 'rejected', "
                        "'transferred', 'duplicate')", name="status"),
        CheckConstraint("source IN ('app', 'open311')", name="source"),
        Index("ix_reports_department_status", "department", "status"),
        Index("ix_reports_lat_long", "lat", "long"),
        Index("ix_reports_created_at", "created_at"),
    )

    # NULL for reports filed through a partner's Open311 app (their users are theirs).
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    api_key_id: Mapped[int | None] = mapped_column(
        ForeignKey("open311_api_keys.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(16), default="app")
    category: Mapped[str] = mapped_column(String(32))
    department: Mapped[str] = mapped_column(String(60))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="received")
    description: Mapped[str] = mapped_column(Text)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    lat: Mapped[float | None] = mapped_column(Float)
    long: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(String(200))
    area: Mapped[str | None] = mapped_column(String(20))
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    external_media_url: Mapped[str | None] = mapped_column(String(500))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    extensions: Mapped[int] = mapped_column(Integer, default=0)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("reports.id", ondelete="SET NULL"))
    supporters: Mapped[int] = mapped_column(Integer, default=0)
    status_note: Mapped[str | None] = mapped_column(Text)  # latest public officer note


class ReportPhoto(IdMixin, CreatedMixin, Base):
    """An uploaded photo; `report_id` stays NULL until a report claims it (upload first)."""

    __tablename__ = "report_photos"

    token: Mapped[str] = mapped_column(String(36), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    original_type: Mapped[str] = mapped_column(String(16))  # jpeg | png | webp
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)


class ReportEvent(IdMixin, CreatedMixin, Base):
    """The report's history; every note here is shown to the citizen."""

    __tablename__ = "report_events"

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"),
                                           index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_role: Mapped[str] = mapped_column(String(16))  # reporter | officer | system
    kind: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)


class ReportSupporter(CreatedMixin, Base):
    """"저도 불편해요": one row per citizen per report (the key makes a double tap harmless)."""

    __tablename__ = "report_supporters"

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"),
                                           primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
