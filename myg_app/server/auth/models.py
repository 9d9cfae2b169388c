from __future__ import annotations

from datetime import datetime

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, true
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base, CreatedMixin, IdMixin, TimestampMixin, UTCDateTime

ROLES = ("citizen", "officer", "admin")


class User(IdMixin, TimestampMixin, Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('citizen', 'officer', 'admin')", name="role"),)

    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(16), default="citizen")
    department: Mapped[str | None] = mapped_column(String(60))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Profile (issue 3). Optional items, stored only with the matching consent. Never a
    # 주민등록번호: birth date is enough for every age rule the city applies.
    phone: Mapped[str | None] = mapped_column(String(20))
    birth_date: Mapped[date | None] = mapped_column(Date)
    dong: Mapped[str | None] = mapped_column(String(10))  # one of the 12 읍면동
    # Household facts later features use for eligibility (welfare, subsidies); all optional.
    household_size: Mapped[int | None] = mapped_column(Integer)
    children_count: Mapped[int | None] = mapped_column(Integer)
    has_disabled_member: Mapped[bool | None] = mapped_column(Boolean)
    low_income: Mapped[bool | None] = mapped_column(Boolean)  # 기초생활수급·차상위
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The app's language for this citizen on every device (ko/en/vi/zh; myg_app/i18n).
    language: Mapped[str] = mapped_column(String(5), default="ko", server_default="ko")


class RefreshToken(IdMixin, CreatedMixin, Base):
    """One issued refresh token. Only its sha256 is kept: a database leak yields no sessions."""

    __tablename__ = "refresh_tokens"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # All tokens rotated from one sign-in share a family; it is the session id (`sid`).
    family_id: Mapped[str] = mapped_column(String(36), index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the user sees in 로그인 기기 관리 ("Chrome · Windows"); copied along rotations.
    device_name: Mapped[str | None] = mapped_column(String(60))


class Consent(IdMixin, CreatedMixin, Base):
    """One consent decision (agreed or refused) on one item at one version; the newest row per
    item is in force, older rows stay as the record of what was agreed when."""

    __tablename__ = "consents"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    item: Mapped[str] = mapped_column(String(40))
    version: Mapped[str] = mapped_column(String(20))
    agreed: Mapped[bool] = mapped_column(Boolean)


class LoginFailure(IdMixin, CreatedMixin, Base):
    """A failed sign-in, counted per account and per address for throttling. Only a keyed
    hash of the e-mail/address is kept; rows older than the window are pruned."""

    __tablename__ = "login_failures"

    key_hash: Mapped[str] = mapped_column(String(64), index=True)


class PasswordReset(IdMixin, CreatedMixin, Base):
    """A mailed password-reset link: single use, short-lived, only its sha256 is kept."""

    __tablename__ = "password_resets"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
