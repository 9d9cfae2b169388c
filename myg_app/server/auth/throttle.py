"""Throttling per account and per client address, kept in the database: failed sign-ins,
password-reset mails and the chatbot's questions (each its own `scope` and `Limits`).

Why the database and not memory: the backend may run as several worker processes behind a load
balancer (DESIGN.md); counters in memory would give an attacker one allowance per process and
forget everything on restart. A failure is one small row; rows are pruned as they age out.

Accounts are keyed by the e-mail as typed (normalised), not by user id, so an unknown e-mail
is throttled exactly like a known one (no account enumeration through 429s).
"""
from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from myg_app.server.auth.models import LoginFailure
from myg_app.server.config import Settings
from myg_app.server.db import utcnow

WINDOW = timedelta(minutes=15)  # every scope counts over this window; older rows are pruned
MAX_PER_ACCOUNT = 5
MAX_PER_ADDRESS = 30


@dataclass(frozen=True)
class Limits:
    """How many events a scope allows per account and per client address within WINDOW."""

    per_account: int
    per_address: int


SIGN_IN = Limits(MAX_PER_ACCOUNT, MAX_PER_ADDRESS)


class Throttled(Exception):
    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after

    @property
    def minutes(self) -> int:
        """The wait in whole minutes, rounded up, as the Korean messages tell it."""
        return max(1, (self.retry_after + 59) // 60)


@dataclass(frozen=True)
class _Keys:
    account: str | None  # None: count the address only (sign-up probing)
    address: str | None


def _keys(settings: Settings, email: str | None, address: str | None,
          scope: str = "") -> _Keys:
    """`scope` keeps separate counters for other actions (e.g. "reset" mails)."""
    assert settings.secret_key

    def h(v: str) -> str:
        return hmac.new(settings.secret_key.encode(), v.encode(), hashlib.sha256).hexdigest()
    return _Keys(h(scope + "acct:" + email.strip().lower()) if email is not None else None,
                 h(scope + "ip:" + address) if address else None)


def check(session: Session, settings: Settings, email: str | None, address: str | None,
          scope: str = "", limits: Limits = SIGN_IN) -> None:
    """Raise Throttled (with seconds to wait) when either counter is over its limit."""
    keys = _keys(settings, email, address, scope)
    since = utcnow() - WINDOW
    waits = []
    for key, limit in ((keys.account, limits.per_account), (keys.address, limits.per_address)):
        if key is None:
            continue
        count, oldest = session.execute(
            select(func.count(), func.min(LoginFailure.created_at))
            .where(LoginFailure.key_hash == key, LoginFailure.created_at > since)).one()
        if count >= limit:
            # Wait until enough old failures leave the window to allow one more attempt.
            nth = session.scalars(
                select(LoginFailure.created_at)
                .where(LoginFailure.key_hash == key, LoginFailure.created_at > since)
                .order_by(LoginFailure.created_at.desc()).offset(limit - 1).limit(1)).one()
            waits.append((nth + WINDOW - utcnow()).total_seconds())
    if waits:
        raise Throttled(max(1, math.ceil(max(waits))))


def record(session: Session, settings: Settings, email: str | None,
           address: str | None, scope: str = "") -> None:
    """Count one event (a failed sign-in, a mail sent, a question asked). The caller commits
    (the refusal otherwise rolls it back)."""
    keys = _keys(settings, email, address, scope)
    now = utcnow()
    if keys.account:
        session.add(LoginFailure(key_hash=keys.account, created_at=now))
    if keys.address:
        session.add(LoginFailure(key_hash=keys.address, created_at=now))
    session.execute(delete(LoginFailure).where(LoginFailure.created_at <= now - WINDOW))
    session.flush()


def clear_account(session: Session, settings: Settings, email: str) -> None:
    """A successful sign-in resets the account counter (not the address one)."""
    account = _keys(settings, email, None).account
    session.execute(delete(LoginFailure).where(LoginFailure.key_hash == account))
