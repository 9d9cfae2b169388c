"""OpenID Connect provider tables. Every secret (code, token, cookie, handoff) is stored as
its sha256 only: a database leak yields nothing that can be presented."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from myg_app.server.db import Base, CreatedMixin, IdMixin, TimestampMixin, UTCDateTime


class OidcClient(IdMixin, TimestampMixin, Base):
    """A partner site (relying party). Redirect URIs are exact strings, space separated."""

    __tablename__ = "oidc_clients"

    client_id: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    secret_hash: Mapped[str] = mapped_column(String(64))
    home_url: Mapped[str] = mapped_column(String(255))
    # OIDC Core 4 (third-party initiated login): where the app's handoff sends the browser.
    initiate_login_uri: Mapped[str | None] = mapped_column(String(255))
    redirect_uris: Mapped[str] = mapped_column(Text)
    post_logout_redirect_uris: Mapped[str] = mapped_column(Text, default="")
    scopes: Mapped[str] = mapped_column(String(255), default="openid profile phone")
    sort_order: Mapped[int] = mapped_column(default=0)


class BrowserSession(IdMixin, CreatedMixin, Base):
    """A browser signed in at the provider (cookie). Partners' tokens hang off it, so ending
    it (RP-initiated logout, app sign-out, withdrawal) ends every partner's session at once."""

    __tablename__ = "oidc_browser_sessions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sid: Mapped[str] = mapped_column(String(36), unique=True)  # the `sid` claim
    # The app session (refresh family) it came from by handoff: app sign-out ends it too.
    app_family_id: Mapped[str | None] = mapped_column(String(36), index=True)
    auth_time: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PartnerConsent(IdMixin, TimestampMixin, Base):
    """Scopes the user let a partner see; asked the first time, remembered after."""

    __tablename__ = "oidc_consents"
    __table_args__ = (UniqueConstraint("user_id", "client_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(60))
    scopes: Mapped[str] = mapped_column(String(255))


class AuthorizationCode(IdMixin, CreatedMixin, Base):
    __tablename__ = "oidc_codes"

    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[str] = mapped_column(String(60))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    browser_session_id: Mapped[int] = mapped_column(
        ForeignKey("oidc_browser_sessions.id", ondelete="CASCADE"))
    redirect_uri: Mapped[str] = mapped_column(String(255))
    scope: Mapped[str] = mapped_column(String(255))
    nonce: Mapped[str | None] = mapped_column(String(255))
    code_challenge: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PartnerToken(IdMixin, CreatedMixin, Base):
    """An access or refresh token given to a partner. All tokens of one code share a family:
    a reused refresh token or a replayed code revokes the whole family."""

    __tablename__ = "oidc_tokens"

    kind: Mapped[str] = mapped_column(String(10))  # "access" | "refresh"
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family_id: Mapped[str] = mapped_column(String(36), index=True)
    client_id: Mapped[str] = mapped_column(String(60))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    browser_session_id: Mapped[int] = mapped_column(
        ForeignKey("oidc_browser_sessions.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(255))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Handoff(IdMixin, CreatedMixin, Base):
    """A one-time token the signed-in app gets to open a partner site without a password."""

    __tablename__ = "oidc_handoffs"

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(60))
    app_family_id: Mapped[str] = mapped_column(String(36))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DeviceGrant(IdMixin, CreatedMixin, Base):
    """A kiosk's sign-in request (RFC 8628), approved or refused on the citizen's own phone.
    The device code is kept as its sha256; `family_id` is the app session it became, which is
    how a kiosk session is recognised (no refresh, no approving other devices)."""

    __tablename__ = "oidc_device_grants"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'denied', 'used')", name="status"),)

    device_code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_code: Mapped[str] = mapped_column(String(9), unique=True)  # "BCDF-GHJK"
    client_id: Mapped[str] = mapped_column(String(60))
    scope: Mapped[str] = mapped_column(String(255))
    kiosk: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    kiosk_place: Mapped[str | None] = mapped_column(String(40))
    # "expired" is not stored: it is `expires_at` passing while pending or approved.
    status: Mapped[str] = mapped_column(String(10), default="pending")
    interval_s: Mapped[int] = mapped_column(default=5)  # grows by 5 at each slow_down
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                                index=True)  # who approved or refused
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    family_id: Mapped[str | None] = mapped_column(String(36), index=True)
