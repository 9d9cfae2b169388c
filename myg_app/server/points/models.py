"""시정·청년참여 포인트: an append-only ledger of credits and debits, one lock row per citizen
and the vouchers issued on redemption.

Rows of `point_entries` are only ever inserted: the balance, what expires when and the FIFO
consumption of the oldest credits are computed from them (service.ledger). `point_wallets`
holds no balance; it is the row a writer locks (SELECT ... FOR UPDATE on PostgreSQL; SQLite's
BEGIN IMMEDIATE serialises writers anyway) so that parallel redemptions never overdraw and
parallel earnings stay within the caps.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base, CreatedMixin, IdMixin, UTCDateTime


class PointWallet(CreatedMixin, Base):
    """The per-citizen lock row (no balance: the ledger is the only truth)."""

    __tablename__ = "point_wallets"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)


class PointEntry(IdMixin, CreatedMixin, Base):
    """One line of the ledger. kind: "earn" (rule = an earning rule), "redeem" (rule =
    "voucher" | "donation"), "adjust" (rule = "adjust", by an officer with a reason).
    Unique per (user, rule, ref): the same participation is credited once, the same
    redemption or adjustment recorded once."""

    __tablename__ = "point_entries"
    __table_args__ = (UniqueConstraint("user_id", "rule", "ref"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    rule: Mapped[str] = mapped_column(String(30))
    ref: Mapped[str] = mapped_column(String(120))
    amount: Mapped[int] = mapped_column(Integer)  # signed: credits > 0, debits < 0, capped: 0
    bonus: Mapped[int] = mapped_column(Integer, default=0)  # the young-resident part of amount
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # credits only
    note: Mapped[str | None] = mapped_column(String(200))  # an adjustment's reason
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class PointVoucher(IdMixin, CreatedMixin, Base):
    """A 광양사랑상품권 issued for a redemption (the embedded provider's code, or the code a
    real provider returned)."""

    __tablename__ = "point_vouchers"

    entry_id: Mapped[int] = mapped_column(ForeignKey("point_entries.id", ondelete="CASCADE"),
                                          unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(40), unique=True)
    amount_won: Mapped[int] = mapped_column(Integer)
