"""Chatbot conversations and their turns, kept so a person can hand the conversation over to
1:1 상담 and so the city can see which questions the bot could not answer.

What a person typed is stored masked (phone numbers, 주민등록번호-like numbers, e-mail
addresses: privacy.mask_text) and a guest's conversations are deleted after
RETENTION_DAYS (jobs.py)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base, CreatedMixin, IdMixin, UTCDateTime, utcnow


class BotConversation(CreatedMixin, Base):
    __tablename__ = "chatbot_conversations"

    # Opaque: made by the server (or by the caller, then kept as given).
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                                index=True)
    last_turn: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # The 1:1 상담 conversation it was handed to. A plain number, not a foreign key: the chat
    # tables belong to another migration branch, and a conversation is never deleted.
    chat_conversation_id: Mapped[int | None] = mapped_column(Integer)


class BotTurn(IdMixin, CreatedMixin, Base):
    __tablename__ = "chatbot_turns"
    __table_args__ = (UniqueConstraint("conversation_id", "seq"),)

    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("chatbot_conversations.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(Text)  # masked
    answer: Mapped[str] = mapped_column(Text)
    sources: Mapped[list] = mapped_column(JSON, default=list)  # [{kind, id, title}]
    function_id: Mapped[str | None] = mapped_column(String(40))
    confident: Mapped[bool] = mapped_column(Boolean, default=False)
    answered_by: Mapped[str] = mapped_column(String(10), default="faq")
