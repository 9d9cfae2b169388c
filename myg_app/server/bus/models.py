"""버스 정보: a citizen's favourite stops (즐겨찾는 정류장), shown on home with their next buses."""
from __future__ import annotations

from sqlalchemy import Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base, CreatedMixin, IdMixin


class BusFavourite(IdMixin, CreatedMixin, Base):
    """A stop as the screen knew it when saved: TAGO has no call for one stop by id, and home
    must show the name even while TAGO is down."""

    __tablename__ = "bus_favourites"
    __table_args__ = (UniqueConstraint("user_id", "stop_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    stop_id: Mapped[str] = mapped_column(String(30))  # TAGO nodeid
    name: Mapped[str] = mapped_column(String(60))
    stop_no: Mapped[str | None] = mapped_column(String(20))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
