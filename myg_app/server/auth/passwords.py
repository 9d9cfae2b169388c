"""argon2id password hashing (argon2-cffi's RFC 9106 defaults in production)."""
from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError


class Passwords:
    def __init__(self, fast: bool = False):
        # fast=True only for tests (Settings.password_hash_fast); still argon2id.
        self._ph = (
            PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, type=Type.ID)
            if fast else PasswordHasher(type=Type.ID)
        )
        # Verified against when the e-mail is unknown, so a miss costs as much as a hit
        # and response time does not reveal which accounts exist.
        self._dummy = self._ph.hash("dummy-password-for-timing")

    def hash(self, password: str) -> str:
        return self._ph.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._ph.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def dummy_verify(self, password: str) -> None:
        self.verify(self._dummy, password)

    def needs_rehash(self, password_hash: str) -> bool:
        return self._ph.check_needs_rehash(password_hash)


@lru_cache(maxsize=2)
def passwords(fast: bool = False) -> Passwords:
    return Passwords(fast)
