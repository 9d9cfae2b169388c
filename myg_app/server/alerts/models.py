"""재난 알림: alerts (national and the city's own), the event log the live stream resumes from,
each citizen's alert settings, and the state of the national feed."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base, CreatedMixin, IdMixin, UTCDateTime


class Alert(IdMixin, CreatedMixin, Base):
    __tablename__ = "alerts"
    # A national message is stored once whatever the number of workers polling: (source, sn).
    __table_args__ = (UniqueConstraint("source", "sn"),
                      Index("ix_alerts_issued_at_id", "issued_at", "id"))

    source: Mapped[str] = mapped_column(String(10))  # national | city
    sn: Mapped[int | None] = mapped_column(Integer)  # the national message's SN
    level: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    area: Mapped[str] = mapped_column(String(500))  # what citizens read as the area
    dongs: Mapped[str] = mapped_column(String(200), default="")  # comma-separated codes; "" all
    link: Mapped[str | None] = mapped_column(String(300))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(10), default="sent")  # sent | withdrawn
    note: Mapped[str | None] = mapped_column(String(200))
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class AlertEvent(IdMixin, CreatedMixin, Base):
    """One row per send, correction and withdrawal: the stream's resume point (Last-Event-ID)
    and the officers' audit trail."""

    __tablename__ = "alert_events"

    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(10))  # sent | corrected | withdrawn
    revision: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class AlertSettingsRow(Base):
    """A citizen's choices: the 읍면동 followed (home and others), the levels, the quiet hours
    (minutes after midnight, Korean time). No row: every alert of 광양시."""

    __tablename__ = "alert_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    dongs: Mapped[str] = mapped_column(String(200), default="")
    levels: Mapped[str] = mapped_column(String(40))
    quiet_start: Mapped[int | None] = mapped_column(Integer)
    quiet_end: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AlertSource(Base):
    """How the national feed did at its last poll (shown to safety officers)."""

    __tablename__ = "alert_sources"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ok: Mapped[bool] = mapped_column(Boolean, default=True)
    message: Mapped[str | None] = mapped_column(Text)
