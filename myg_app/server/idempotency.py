"""Idempotency-Key store for creating endpoints: a retry gets the first answer, not a second record.

HTTP-agnostic on purpose (any creating service can use it); deps.py adapts it to FastAPI.
Typical use in a router, inside the request's transaction:

    claim = Claim(key, scope, "POST", path, fingerprint(secret, body_json))
    if stored := find(session, claim): return stored           # replay
    ... create the thing ...
    remember(session, claim, 201, response_json)

A concurrent duplicate trips the unique constraint when the transaction commits, so two
parallel retries cannot both create (constraint, not check-then-insert).
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Integer, String, Text, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from myg_app.server.db import Base, CreatedMixin, IdMixin, utcnow

TTL = timedelta(hours=24)  # long enough for an offline outbox; short-lived stored answers
ANONYMOUS = "anon"


class IdempotencyKey(IdMixin, CreatedMixin, Base):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("key", "scope", "method", "path"),)

    key: Mapped[str] = mapped_column(String(255))
    # "anon" or "user:<id>". Not NULL: NULLs never collide in a UNIQUE constraint, so a NULL
    # scope would let two anonymous retries both pass.
    scope: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(8))
    path: Mapped[str] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[str] = mapped_column(Text)


class IdempotencyMismatch(Exception):
    """The key was used before with a different request body."""


@dataclass(frozen=True, slots=True)
class Claim:
    key: str
    scope: str
    method: str
    path: str
    request_hash: str


@dataclass(frozen=True, slots=True)
class Stored:
    status_code: int
    body: str


def fingerprint(secret: str, payload: str | bytes) -> str:
    """Keyed hash of the request body: bodies may hold passwords, so no plain sha256."""
    if isinstance(payload, str):
        payload = payload.encode()
    return hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()


def find(session: Session, claim: Claim) -> Stored | None:
    row = session.scalars(
        select(IdempotencyKey).where(
            IdempotencyKey.key == claim.key,
            IdempotencyKey.scope == claim.scope,
            IdempotencyKey.method == claim.method,
            IdempotencyKey.path == claim.path,
        )
    ).one_or_none()
    if row is None:
        return None
    if row.created_at < utcnow() - TTL:
        # Stored answers may hold tokens: they do not outlive the retry window.
        session.delete(row)
        session.flush()
        return None
    if not hmac.compare_digest(row.request_hash, claim.request_hash):
        raise IdempotencyMismatch
    return Stored(row.status_code, row.response_body)


def remember(session: Session, claim: Claim, status_code: int, body: str) -> None:
    session.add(
        IdempotencyKey(
            key=claim.key, scope=claim.scope, method=claim.method, path=claim.path,
            request_hash=claim.request_hash, status_code=status_code, response_body=body,
        )
    )
    session.flush()


def purge_expired(session: Session) -> int:
    result = session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < utcnow() - TTL))
    return result.rowcount or 0
