"""The catalogue of public services (보조금24 and the city's own programmes), bookmarks,
맞춤혜택 profiles and the record of imports."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base, CreatedMixin, IdMixin, TimestampMixin, UTCDateTime


class WelfareService(TimestampMixin, Base):
    """One service. `record` holds every field of records.py (the texts a detail screen shows,
    the decoded support conditions); the columns are what search, filters and imports read."""

    __tablename__ = "welfare_services"
    __table_args__ = (Index("ix_welfare_services_status_level", "status", "level"),)

    id: Mapped[str] = mapped_column(String(20), primary_key=True)  # 서비스ID, or MYG… for ours
    name: Mapped[str] = mapped_column(String(300))
    level: Mapped[str] = mapped_column(String(12))  # gwangyang | province | national | other
    source: Mapped[str] = mapped_column(String(10))  # gov24 | city
    status: Mapped[str] = mapped_column(String(8), default="active")  # active | ended
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    views: Mapped[int] = mapped_column(Integer, default=0)
    content_hash: Mapped[str] = mapped_column(String(32))
    # The morphemes of each searched field, {field: [..]} (text.tokens at write time), and
    # which analyser made them: the index is built from these without re-analysing.
    tokens: Mapped[dict[str, Any]] = mapped_column(JSON)
    tokens_version: Mapped[str] = mapped_column(String(40))
    deadline_end: Mapped[date | None] = mapped_column(Date)  # parsed from 신청기한, if dated
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    edited_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class WelfareCatalogueState(Base):
    """One row: the catalogue's version, bumped in the transaction of every change, so each
    worker knows when its search index is stale."""

    __tablename__ = "welfare_catalogue_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    next_city_number: Mapped[int] = mapped_column(Integer, default=1)


class WelfareBookmark(IdMixin, CreatedMixin, Base):
    """관심 복지 / 관심 지원사업. `deadline_notified` remembers the 신청기한 already warned of."""

    __tablename__ = "welfare_bookmarks"
    __table_args__ = (UniqueConstraint("user_id", "service_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("welfare_services.id", ondelete="CASCADE"))
    deadline_notified: Mapped[date | None] = mapped_column(Date)


class Subsidy24Profile(TimestampMixin, Base):
    """What a citizen told 맞춤혜택 beyond the profile (birth date, 읍면동 and household size
    live on the user). Stored only under the optional-items consent; erased with it."""

    __tablename__ = "subsidy24_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    gender: Mapped[str | None] = mapped_column(String(1))
    income_band: Mapped[int | None] = mapped_column(Integer)
    traits: Mapped[str] = mapped_column(Text, default="")  # trait names joined by ","
    business_type: Mapped[str | None] = mapped_column(String(20))
    business_years: Mapped[int | None] = mapped_column(Integer)
    notify_new: Mapped[bool] = mapped_column(Boolean, default=False)


class WelfareImport(IdMixin, CreatedMixin, Base):
    """One refresh of the catalogue: where from and what changed."""

    __tablename__ = "welfare_imports"

    origin: Mapped[str] = mapped_column(String(20))  # embedded | gov24
    added: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    ended: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    notified: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
