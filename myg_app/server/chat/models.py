"""Chat conversations, their numbered messages, photo attachments and saved answers."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base, CreatedMixin, IdMixin, TimestampMixin, UTCDateTime


class ChatConversation(IdMixin, TimestampMixin, Base):
    __tablename__ = "chat_conversations"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'active', 'closed')", name="status"),
        CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating"),
        Index("ix_chat_conversations_department_status", "department", "status"),
    )

    citizen_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    department: Mapped[str] = mapped_column(String(60))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    # "citizen:<id>" while open, NULL once closed: one open conversation per citizen, held by
    # the unique constraint (parallel first messages cannot open two).
    open_key: Mapped[str | None] = mapped_column(String(32), unique=True)
    topic: Mapped[str | None] = mapped_column(String(60))
    # The last allocated message number; incremented under the row lock for each message.
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    citizen_read_seq: Mapped[int] = mapped_column(Integer, default=0)
    officer_read_seq: Mapped[int] = mapped_column(Integer, default=0)
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Outside office hours one automatic reply per closed period, not one per message.
    auto_reply_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    summary: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rating: Mapped[int | None] = mapped_column(Integer)
    rating_comment: Mapped[str | None] = mapped_column(String(500))


class ChatAttachment(IdMixin, CreatedMixin, Base):
    __tablename__ = "chat_attachments"

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("chat_conversations.id", ondelete="CASCADE"), index=True)
    uploader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ChatMessage(IdMixin, CreatedMixin, Base):
    __tablename__ = "chat_messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "seq"),
        # Exactly-once sends: a retried client message id maps to the stored message.
        UniqueConstraint("conversation_id", "client_msg_id"),
        CheckConstraint("sender_role IN ('citizen', 'officer', 'system')", name="sender_role"),
    )

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("chat_conversations.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    sender_role: Mapped[str] = mapped_column(String(16))
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    client_msg_id: Mapped[str | None] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("chat_attachments.id", ondelete="SET NULL"))


class ChatSavedAnswer(IdMixin, CreatedMixin, Base):
    __tablename__ = "chat_saved_answers"

    department: Mapped[str] = mapped_column(String(60), index=True)
    title: Mapped[str] = mapped_column(String(60))
    body: Mapped[str] = mapped_column(Text)
