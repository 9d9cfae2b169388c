"""정책 제안 tables: proposals, their photos, supports (one per citizen), comments with
abuse reports, and the history (state changes, answers, progress updates)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean, CheckConstraint, ForeignKey, Index, Integer, LargeBinary, String, Text, false,
)
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base, CreatedMixin, IdMixin, TimestampMixin, UTCDateTime


class Proposal(IdMixin, TimestampMixin, Base):
    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint("state IN ('collecting', 'review', 'answered', 'executing', 'done', "
                        "'expired')", name="state"),
        CheckConstraint("decision IS NULL OR decision IN ('adopted', 'partial', 'rejected')",
                        name="decision"),
        CheckConstraint("supports >= 0", name="supports"),
        Index("ix_proposals_state_created", "state", "created_at"),
    )

    proposer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    proposer_name: Mapped[str] = mapped_column(String(20))  # masked when stored: 홍*동
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(20))
    dong: Mapped[str] = mapped_column(String(20), index=True)
    state: Mapped[str] = mapped_column(String(16), default="collecting")
    supports: Mapped[int] = mapped_column(Integer, default=0)
    threshold: Mapped[int] = mapped_column(Integer)  # as set when it was proposed
    support_until: Mapped[datetime] = mapped_column(UTCDateTime)
    review_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    department: Mapped[str | None] = mapped_column(String(60), index=True)
    answer_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # flagged by the job
    decision: Mapped[str | None] = mapped_column(String(16))
    answer_reason: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_department: Mapped[str | None] = mapped_column(String(60))
    comments: Mapped[int] = mapped_column(Integer, default=0)
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class ProposalPhoto(IdMixin, CreatedMixin, Base):
    """A checked photo (reports.photos.process): only the re-encoded public copy and the
    thumbnail are kept, so no location survives. NULL proposal_id: uploaded, not yet used."""

    __tablename__ = "proposal_photos"

    token: Mapped[str] = mapped_column(String(36), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    public: Mapped[bytes] = mapped_column(LargeBinary)
    thumb: Mapped[bytes] = mapped_column(LargeBinary)


class ProposalSupport(CreatedMixin, Base):
    """공감: one row per citizen per proposal (the key makes a double tap count once)."""

    __tablename__ = "proposal_supports"

    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)


class ProposalComment(IdMixin, CreatedMixin, Base):
    __tablename__ = "proposal_comments"

    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                  index=True)
    author_name: Mapped[str] = mapped_column(String(20))  # masked
    body: Mapped[str] = mapped_column(Text)
    hidden_reason: Mapped[str | None] = mapped_column(String(200))  # set: hidden, reason shown
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reports: Mapped[int] = mapped_column(Integer, default=0)


class ProposalCommentReport(CreatedMixin, Base):
    """A citizen's abuse report on a comment: once per citizen per comment."""

    __tablename__ = "proposal_comment_reports"

    comment_id: Mapped[int] = mapped_column(
        ForeignKey("proposal_comments.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    reason: Mapped[str | None] = mapped_column(String(200))


class ProposalEvent(IdMixin, CreatedMixin, Base):
    """The public timeline: every state change, the answer and each progress update."""

    __tablename__ = "proposal_events"

    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
