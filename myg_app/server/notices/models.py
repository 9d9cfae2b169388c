from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base, CreatedMixin, IdMixin, UTCDateTime


class Notice(IdMixin, CreatedMixin, Base):
    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_user_id_id", "user_id", "id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(255))
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
