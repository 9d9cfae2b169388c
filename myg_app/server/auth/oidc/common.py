"""What every part of the provider shares: the OAuth error, token kinds, and secrets that
are handed out once and stored as sha256 only."""
from __future__ import annotations

import hashlib
import secrets

ACCESS, REFRESH = "access", "refresh"


class OidcError(Exception):
    """An OAuth error (RFC 6749 5.2 / OIDC): `error` is the protocol code, `detail` Korean."""

    def __init__(self, error: str, detail: str, status: int = 400):
        super().__init__(error)
        self.error, self.detail, self.status = error, detail, status


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def words(s: str) -> list[str]:
    return [x for x in s.split() if x]
