"""Notices: create inside the caller's transaction; list and mark read for their owner only."""
from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from myg_app.server.db import utcnow
from myg_app.server.notices.models import Notice

PAGE = 50


def notify(session: Session, user_id: int, *, kind: str, title: str, body: str,
           link: str | None = None) -> Notice:
    notice = Notice(user_id=user_id, kind=kind, title=title[:120], body=body, link=link)
    session.add(notice)
    session.flush()
    return notice


def list_for(session: Session, user_id: int, limit: int = PAGE) -> tuple[list[Notice], int]:
    rows = list(session.scalars(select(Notice).where(Notice.user_id == user_id)
                                .order_by(Notice.id.desc()).limit(limit)))
    unread = session.scalar(select(func.count()).select_from(Notice)
                            .where(Notice.user_id == user_id, Notice.read_at.is_(None))) or 0
    return rows, unread


def mark_read(session: Session, user_id: int, notice_id: int | None = None) -> int:
    """Mark one notice (or all, when notice_id is None) read; another user's id matches nothing."""
    stmt = update(Notice).where(Notice.user_id == user_id, Notice.read_at.is_(None))
    if notice_id is not None:
        stmt = stmt.where(Notice.id == notice_id)
    return session.execute(stmt.values(read_at=utcnow())).rowcount or 0


def owns(session: Session, user_id: int, notice_id: int) -> bool:
    return session.scalar(select(Notice.id).where(Notice.id == notice_id,
                                                  Notice.user_id == user_id)) is not None
