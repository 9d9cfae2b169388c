"""Open311 partner API keys: issued once (only the sha256 is kept), looked up, listed, revoked."""
from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.server.db import utcnow
from myg_app.server.reports.models import Open311ApiKey


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_key(session: Session, name: str, key: str | None = None) -> tuple[Open311ApiKey, str]:
    key = key or "myg311_" + secrets.token_urlsafe(32)
    row = Open311ApiKey(name=name, key_hash=hash_key(key), prefix=key[:10])
    session.add(row)
    session.flush()
    return row, key


def key_for(session: Session, key: str | None) -> Open311ApiKey | None:
    if not key:
        return None
    row = session.scalar(select(Open311ApiKey).where(Open311ApiKey.key_hash == hash_key(key)))
    return row if row is not None and row.revoked_at is None else None


def list_keys(session: Session) -> list[Open311ApiKey]:
    return list(session.scalars(select(Open311ApiKey).order_by(Open311ApiKey.id)))


def revoke_key(session: Session, key_id: int) -> bool:
    row = session.get(Open311ApiKey, key_id)
    if row is None:
        return False
    if row.revoked_at is None:
        row.revoked_at = utcnow()
    return True
