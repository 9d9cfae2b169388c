"""Sign-out reaches every place a sign-in opened: the app's own refresh tokens (auth.service)
and whatever other domains opened from it (partner sites' OIDC sessions). Those domains
subscribe here, so the accounts core does not import the domains built on it."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

# (session, app sign-in family id) -> None
_on_family_end: list[Callable[[Session, str], None]] = []
# (session, user id) -> None
_on_user_end: list[Callable[[Session, int], None]] = []


def on_family_end(fn: Callable[[Session, str], None]) -> Callable[[Session, str], None]:
    if fn not in _on_family_end:
        _on_family_end.append(fn)
    return fn


def on_user_end(fn: Callable[[Session, int], None]) -> Callable[[Session, int], None]:
    if fn not in _on_user_end:
        _on_user_end.append(fn)
    return fn


def family_ended(session: Session, family_id: str) -> None:
    for fn in _on_family_end:
        fn(session, family_id)


def user_ended(session: Session, user_id: int) -> None:
    for fn in _on_user_end:
        fn(session, user_id)
