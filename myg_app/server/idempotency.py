"""Idempotency-Key store for creating endpoints: a retry gets the first answer, not a second record.

HTTP-agnostic on purpose (any creating service can use it); deps.Once adapts it to FastAPI.
The one path is `once()`: inside the request's transaction it CLAIMS the key first (a row
with no answer yet), then creates, then stores the answer in the same row. A parallel
duplicate blocks on the key's unique index (PostgreSQL) or the write lock (SQLite) until the
first commits, then replays its answer; if the first failed, its claim rolled back with it and
the duplicate simply goes ahead. An answer is never stored without the record it describes.
"""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from sqlalchemy import Integer, String, Text, UniqueConstraint, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from myg_app.server.db import Base, CreatedMixin, IdMixin, utcnow
from myg_app.server.errors import AppError

T = TypeVar("T")

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


class IdempotencyMismatch(AppError):
    """The key was used before with a different request body."""

    status = 422
    code = "idempotency.mismatch"
    detail = "같은 Idempotency-Key로 다른 내용의 요청을 보냈습니다. 새 키로 다시 시도해 주세요."


class InProgress(AppError):
    status = 409
    code = "idempotency.in_progress"
    detail = "같은 요청을 처리하고 있습니다. 잠시 후 내역을 확인해 주세요."


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


def remember(session: Session, claim: Claim, status_code: int, body: str) -> IdempotencyKey:
    row = IdempotencyKey(
        key=claim.key, scope=claim.scope, method=claim.method, path=claim.path,
        request_hash=claim.request_hash, status_code=status_code, response_body=body,
    )
    session.add(row)
    session.flush()
    return row


def once(session: Session, claim: Claim | None, make: Callable[[], T],
         encode: Callable[[T], tuple[int, str]]) -> T | Stored:
    """Run `make` at most once per claim: the first call's result, or the Stored answer of
    the call that came first. `encode` turns a result into (status, body) to store."""
    if claim is None:
        return make()
    if stored := find(session, claim):
        return stored
    try:
        with session.begin_nested():
            row = remember(session, claim, 0, "")
    except IntegrityError:
        # A parallel duplicate claimed it and has committed by now (we waited on the index).
        stored = find(session, claim)
        if stored is None or not stored.status_code:
            raise InProgress from None
        return stored
    result = make()
    row.status_code, row.response_body = encode(result)
    session.flush()
    return result


def purge_expired(session: Session) -> int:
    result = session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < utcnow() - TTL))
    return result.rowcount or 0
