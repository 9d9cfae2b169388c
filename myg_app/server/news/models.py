"""시정 소식 and 읍면동 소식 tables: articles, their pictures (bytes in the database) and the
history of who did what to an article."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base, CreatedMixin, IdMixin, TimestampMixin, UTCDateTime

IMAGE_BASE = "/api/v1/news/images"
EXCERPT = 90  # characters of the body a card shows when the officer wrote no summary


class Article(IdMixin, TimestampMixin, Base):
    """One article on the city or a town board.

    `published_at` is when citizens see it: set when it is published (the requested
    `publish_at` when that is later: a scheduled article). Citizens read status =
    'published' and published_at <= now; the indexes serve exactly that, per board, per
    읍면동 and across boards (맞춤 정보 reads `service.latest`).
    """

    __tablename__ = "news_articles"
    __table_args__ = (
        CheckConstraint("board IN ('city', 'town')", name="board"),
        CheckConstraint("status IN ('draft', 'review', 'published', 'unpublished')",
                        name="status"),
        CheckConstraint("(board = 'city' AND dong_code IS NULL) OR "
                        "(board = 'town' AND dong_code IS NOT NULL)", name="dong"),
        Index("ix_news_articles_latest", "status", "published_at", "id"),
        Index("ix_news_articles_board_feed", "board", "status", "pinned", "published_at", "id"),
        Index("ix_news_articles_dong_feed", "dong_code", "status", "published_at", "id"),
    )

    board: Mapped[str] = mapped_column(String(8))
    dong_code: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="draft")
    pinned: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    publish_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # requested schedule
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # visible from
    # The first picture's token (denormalised): a feed shows thumbnails without a join.
    cover_token: Mapped[str | None] = mapped_column(String(36))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    unpublished_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    unpublished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def excerpt(self) -> str:
        """The summary, or the start of the body on one line."""
        if self.summary and self.summary.strip():
            return self.summary.strip()
        flat = " ".join(self.body.split())
        return flat if len(flat) <= EXCERPT else flat[:EXCERPT - 1].rstrip() + "…"

    @property
    def has_thumbnail(self) -> bool:
        return self.cover_token is not None

    @property
    def thumb_url(self) -> str | None:
        return f"{IMAGE_BASE}/{self.cover_token}.thumb.jpg" if self.cover_token else None


class NewsImage(IdMixin, CreatedMixin, Base):
    """A picture: uploaded first (article_id NULL), then claimed by an article. The bytes are
    re-encoded copies (no EXIF); deferred, so listing pictures does not load them."""

    __tablename__ = "news_images"

    token: Mapped[str] = mapped_column(String(36), unique=True)
    board: Mapped[str] = mapped_column(String(8))
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("news_articles.id", ondelete="CASCADE"), index=True)
    uploader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                    index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    original_type: Mapped[str] = mapped_column(String(8))  # jpeg | png | webp
    size: Mapped[int] = mapped_column(Integer)  # bytes as uploaded
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    public: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    thumb: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)

    @property
    def url(self) -> str:
        return f"{IMAGE_BASE}/{self.token}.jpg"

    @property
    def thumb_url(self) -> str:
        return f"{IMAGE_BASE}/{self.token}.thumb.jpg"


class NewsEvent(IdMixin, CreatedMixin, Base):
    """An article's history: created, edited, submit, return, publish, unpublish."""

    __tablename__ = "news_events"

    article_id: Mapped[int] = mapped_column(ForeignKey("news_articles.id", ondelete="CASCADE"),
                                            index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(12))
    to_status: Mapped[str | None] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(Text)
