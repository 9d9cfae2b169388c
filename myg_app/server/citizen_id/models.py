"""디지털 광양시민증: applications and cards (one row each), and the places giving benefits.

A card row goes pending → active (an officer confirmed the residence) or rejected; an active
card ends revoked (lost phone, moved away, reissued) or passes its `valid_until`. Reissue
revokes the old row and adds a new active one with a new number, so a screenshot or a QR
of the old card is refused everywhere once the verifiers synced the revocation list.
No 주민등록번호 is asked or stored: the residence is declared by the citizen and confirmed
by an officer (or a registry hook, residence.py).
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, false,
                        text)
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base, CreatedMixin, IdMixin, UTCDateTime


class CitizenCard(IdMixin, CreatedMixin, Base):
    __tablename__ = "citizen_cards"
    # One open card (pending or active) per citizen, whatever races.
    __table_args__ = (Index("uq_citizen_cards_open", "user_id", unique=True,
                            sqlite_where=text("status IN ('pending', 'active')"),
                            postgresql_where=text("status IN ('pending', 'active')")),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Given on approval: "GY-" + 8 digits + a check digit; unique for ever (never reused).
    number: Mapped[str | None] = mapped_column(String(20), unique=True)
    status: Mapped[str] = mapped_column(String(10), index=True)  # pending|active|rejected|revoked
    dong: Mapped[str] = mapped_column(String(20))
    # The name on the card, copied at application (a later profile change needs a reissue).
    name: Mapped[str] = mapped_column(String(40))
    photo: Mapped[bytes | None] = mapped_column(LargeBinary)  # re-encoded JPEG, no metadata
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reject_reason: Mapped[str | None] = mapped_column(String(200))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    revoke_reason: Mapped[str | None] = mapped_column(String(20))  # lost|moved|reissued|other
    reissue_of: Mapped[int | None] = mapped_column(ForeignKey("citizen_cards.id",
                                                              ondelete="SET NULL"))


class CardBenefit(IdMixin, Base):
    """A place that gives card holders a benefit. `demo`: an example of the seed, not a real
    agreement of the city."""

    __tablename__ = "citizen_card_benefits"

    place: Mapped[str] = mapped_column(String(60))
    category: Mapped[str] = mapped_column(String(20))
    benefit: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(120))
    sort: Mapped[int] = mapped_column(Integer, default=0)
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
