"""Lookups, the history, notices to the proposer and supporters, and the rate limits."""
from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from myg_app.i18n import msg
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError
from myg_app.server.notices.service import notify
from myg_app.server.proposal.models import Proposal, ProposalEvent, ProposalSupport
from myg_app.server.proposal.profanity import find

FID = "proposal"


def link(proposal_id: int) -> str:
    return f"/f/{FID}/p/{proposal_id}"


def get(session: Session, proposal_id: int, *, lock: bool = False) -> Proposal:
    stmt = select(Proposal).where(Proposal.id == proposal_id)
    if lock:
        stmt = stmt.with_for_update()
    p = session.scalar(stmt)
    if p is None:
        raise AppError(404, "proposal.not_found", "제안을 찾을 수 없습니다.")
    return p


def add_event(session: Session, p: Proposal, actor_id: int | None, kind: str,
              from_state: str | None, to_state: str | None, note: str | None,
              now: datetime | None = None) -> ProposalEvent:
    e = ProposalEvent(proposal_id=p.id, actor_id=actor_id, kind=kind, from_state=from_state,
                      to_state=to_state, note=note, created_at=now or utcnow())
    session.add(e)
    return e


def tell(session: Session, p: Proposal, *, kind: str, title: str, body: str) -> None:
    """The proposer and every supporter hear about each change."""
    targets = [p.proposer_id] if p.proposer_id else []
    targets += list(session.scalars(select(ProposalSupport.user_id)
                                    .where(ProposalSupport.proposal_id == p.id)))
    for uid in dict.fromkeys(targets):
        notify(session, uid, kind=kind, title=title, body=body, link=link(p.id))


def check_words(**fields: str | None) -> None:
    for name, value in fields.items():
        if value and find(value):
            raise AppError(422, "proposal.profanity",
                           "욕설이나 비속어가 들어 있습니다. 고운 말로 고쳐 다시 올려 주세요.",
                           field=name)


def rate_limit(session: Session, model, author_col, user_id: int, limit: int,
               window: timedelta, what: str, now: datetime | None = None) -> None:
    """At most `limit` rows by this author in `window`; else a Korean 429 with Retry-After."""
    now = now or utcnow()
    since = now - window
    count, oldest = session.execute(
        select(func.count(), func.min(model.created_at))
        .where(author_col == user_id, model.created_at > since)).one()
    if count >= limit:
        wait = max(1, math.ceil(((oldest or now) + window - now).total_seconds()))
        minutes = max(1, math.ceil(wait / 60))
        raise AppError(429, "proposal.rate_limited",
                       msg("{what}을(를) 너무 자주 올렸습니다. 약 {minutes}분 뒤에 다시 올려 주세요.", what=what, minutes=minutes),
                       headers={"Retry-After": str(wait)})
