from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base


class MenuPin(Base):
    __tablename__ = "menu_pins"
    # The database itself refuses a function pinned twice, whatever the code does.
    __table_args__ = (UniqueConstraint("user_id", "function_id"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    function_id: Mapped[str] = mapped_column(String(32))
