"""Tables of 모바일 도서관회원증.

`library_links` and `library_due_notices` are the app's own: which citizen is linked to which
member number (nothing else about them), and which due-date notices went out. The
`library_demo_*` tables belong to the embedded demo library (demo.py), the stand-in for the
시립도서관 system until MYG_LIBRARY_URL names the real one: its members and loans, all demo.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (Boolean, Date, ForeignKey, Integer, String, UniqueConstraint, true)
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base, CreatedMixin, IdMixin, UTCDateTime, utcnow


class LibraryLink(IdMixin, Base):
    """A citizen's library account: the member number the library gave for their OIDC `sub`."""

    __tablename__ = "library_links"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    member_no: Mapped[str] = mapped_column(String(20))
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LibraryDueNotice(IdMixin, CreatedMixin, Base):
    """A due-date notice sent: once per citizen, loan and due date (a renewal's new due date
    is warned of again). The unique constraint is the claim: parallel workers send one."""

    __tablename__ = "library_due_notices"
    __table_args__ = (UniqueConstraint("user_id", "loan_id", "due_on"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    loan_id: Mapped[str] = mapped_column(String(40))
    due_on: Mapped[date] = mapped_column(Date)


class DemoMember(IdMixin, CreatedMixin, Base):
    """A member of the embedded demo library, found by the OIDC `sub` it was registered for."""

    __tablename__ = "library_demo_members"

    member_no: Mapped[str] = mapped_column(String(20), unique=True)
    sub: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    demo: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class DemoLoan(IdMixin, CreatedMixin, Base):
    """A book on loan at the demo library. `reserved`: another member is waiting for it."""

    __tablename__ = "library_demo_loans"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("library_demo_members.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    author: Mapped[str | None] = mapped_column(String(100))
    loaned_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    renewals: Mapped[int] = mapped_column(Integer, default=0)
    reserved: Mapped[bool] = mapped_column(Boolean, default=False)
    demo: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
