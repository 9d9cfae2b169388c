"""설문조사·정책투표 tables: the survey (its questions as JSON, frozen once published), the
responses, and one participation row per (survey, participant) that enforces one response each.

A participant is "user:<id>" for a signed-in citizen or "device:<sha256>" for a guest's
device. The UNIQUE (survey_id, participant) constraint is what stops a second response, also
under parallel submissions (PostgreSQL waits on the unique index, SQLite's write lock
serialises). In anonymous mode the response row holds no user id and the participation row
points to no response: the server cannot tell who gave which answers.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base, CreatedMixin, IdMixin, TimestampMixin, UTCDateTime


class Survey(IdMixin, TimestampMixin, Base):
    __tablename__ = "surveys"
    __table_args__ = (
        CheckConstraint("kind IN ('survey', 'vote')", name="kind"),
        CheckConstraint("status IN ('draft', 'published', 'closed')", name="status"),
        Index("ix_surveys_listing", "status", "ends_at"),
    )

    kind: Mapped[str] = mapped_column(String(8), default="survey")
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="draft")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # closed early by hand
    dongs: Mapped[list[str]] = mapped_column(JSON, default=list)  # 읍면동 names; [] everyone
    age_min: Mapped[int | None] = mapped_column(Integer)
    age_max: Mapped[int | None] = mapped_column(Integer)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    allow_change: Mapped[bool] = mapped_column(Boolean, default=False)
    results_published: Mapped[bool] = mapped_column(Boolean, default=False,
                                                    server_default=false())
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    response_count: Mapped[int] = mapped_column(Integer, default=0)
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class SurveyParticipation(IdMixin, CreatedMixin, Base):
    """Who has answered (never what, in anonymous mode: response_id stays NULL there)."""

    __tablename__ = "survey_participations"
    __table_args__ = (UniqueConstraint("survey_id", "participant"),)

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    participant: Mapped[str] = mapped_column(String(80))  # user:<id> | device:<sha256>
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                                index=True)
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="SET NULL"))


class SurveyResponse(IdMixin, Base):
    """One set of answers: {"<question id>": [choices] | scale | "text"}. No timestamp and no
    user id in anonymous mode."""

    __tablename__ = "survey_responses"

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"),
                                           index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
