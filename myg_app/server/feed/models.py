"""맞춤 정보: the topics a citizen chose (the 읍면동 are the alert settings' own)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base, UTCDateTime


class FeedInterests(Base):
    __tablename__ = "feed_interests"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    topics: Mapped[str] = mapped_column(String(80))  # comma-separated contracts.feed.TOPICS
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
