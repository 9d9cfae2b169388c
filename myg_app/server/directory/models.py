"""The city's department directory for 부서 전화 연결."""
from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base, IdMixin


class DirectoryEntry(IdMixin, Base):
    __tablename__ = "directory_entries"

    division: Mapped[str] = mapped_column(String(40))
    department: Mapped[str] = mapped_column(String(60), unique=True)
    tasks: Mapped[str] = mapped_column(Text)  # task words separated by "|"
    phone: Mapped[str] = mapped_column(String(20))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
