"""Proposals as the contracts show them: masked names only, hidden comments with their
reason and without their text (officers see both)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from myg_app.contracts import proposal as c
from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.proposal import desk, rules
from myg_app.server.proposal.models import (
    Proposal, ProposalComment, ProposalCommentReport, ProposalEvent, ProposalPhoto,
)
from myg_app.server.proposal.service import supported

PHOTOS = "/api/v1/proposals/photos"


def photo_out(p: ProposalPhoto) -> c.PhotoOut:
    return c.PhotoOut(token=p.token, url=f"{PHOTOS}/{p.token}.jpg",
                      thumb_url=f"{PHOTOS}/{p.token}.thumb.jpg", width=p.width, height=p.height)


def _summary(body: str, n: int = 80) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= n else flat[: n - 1] + "…"


def _first_photos(session: Session, ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    if ids:
        for pid, token in session.execute(
                select(ProposalPhoto.proposal_id, ProposalPhoto.token)
                .where(ProposalPhoto.proposal_id.in_(ids))
                .order_by(ProposalPhoto.proposal_id, ProposalPhoto.position)):
            out.setdefault(pid, f"{PHOTOS}/{token}.thumb.jpg")
    return out


def _item_fields(p: Proposal, thumb: str | None) -> dict:
    return dict(
        id=p.id, title=p.title, summary=_summary(p.body), category=p.category,
        category_name=c.CATEGORY_NAMES.get(p.category, p.category), dong=p.dong,
        dong_name=c.dong_name(p.dong) or p.dong, state=p.state,
        state_name=c.STATE_NAMES[p.state], decision=p.decision,
        decision_name=c.DECISION_NAMES.get(p.decision or ""), supports=p.supports,
        threshold=p.threshold, proposer=p.proposer_name, created_at=p.created_at,
        support_until=p.support_until, thumb_url=thumb, comments=p.comments, demo=p.demo)


def items(session: Session, rows: list[Proposal]) -> list[c.ProposalItem]:
    thumbs = _first_photos(session, [p.id for p in rows])
    return [c.ProposalItem(**_item_fields(p, thumbs.get(p.id))) for p in rows]


def officer_items(session: Session, rows: list[Proposal]) -> list[c.OfficerItem]:
    thumbs = _first_photos(session, [p.id for p in rows])
    now = utcnow()
    reported = dict(session.execute(
        select(ProposalComment.proposal_id, func.count()).where(
            ProposalComment.proposal_id.in_([p.id for p in rows]),
            ProposalComment.reports > 0, ProposalComment.hidden_reason.is_(None))
        .group_by(ProposalComment.proposal_id)).all()) if rows else {}
    return [c.OfficerItem(**_item_fields(p, thumbs.get(p.id)), department=p.department,
                          answer_due_at=p.answer_due_at, overdue=desk.is_overdue(p, now),
                          reported_comments=reported.get(p.id, 0)) for p in rows]


def _detail_fields(session: Session, p: Proposal, user: User | None) -> dict:
    photos = list(session.scalars(select(ProposalPhoto).where(ProposalPhoto.proposal_id == p.id)
                                  .order_by(ProposalPhoto.position)))
    events = list(session.scalars(select(ProposalEvent).where(ProposalEvent.proposal_id == p.id)
                                  .order_by(ProposalEvent.created_at, ProposalEvent.id)))
    comments = list(session.scalars(select(ProposalComment)
                                    .where(ProposalComment.proposal_id == p.id)
                                    .order_by(ProposalComment.created_at, ProposalComment.id)))
    mine_reports: set[int] = set()
    if user is not None and comments:
        mine_reports = set(session.scalars(select(ProposalCommentReport.comment_id).where(
            ProposalCommentReport.user_id == user.id,
            ProposalCommentReport.comment_id.in_([x.id for x in comments]))))
    answer = None
    if p.decision and p.answered_at:
        answer = c.Answer(decision=p.decision, decision_name=c.DECISION_NAMES[p.decision],
                          reason=p.answer_reason or "", department=p.answered_department,
                          answered_at=p.answered_at)
    is_supporter = user is not None and supported(session, p.id, user.id)
    mine = user is not None and p.proposer_id == user.id
    thumb = f"{PHOTOS}/{photos[0].token}.thumb.jpg" if photos else None
    return dict(
        _item_fields(p, thumb), body=p.body, photos=[photo_out(x) for x in photos],
        department=p.department, answer=answer, answer_due_at=p.answer_due_at,
        history=[c.Event(kind=e.kind, state=e.to_state,
                         state_name=c.STATE_NAMES.get(e.to_state or ""), note=e.note,
                         at=e.created_at) for e in events],
        comment_list=[c.Comment(
            id=x.id, author=x.author_name, body=None if x.hidden_reason else x.body,
            hidden=x.hidden_reason is not None, hidden_reason=x.hidden_reason,
            created_at=x.created_at, mine=user is not None and x.author_id == user.id,
            reported_by_me=x.id in mine_reports) for x in comments],
        supported_by_me=is_supporter, mine=mine,
        can_support=(user is not None and not mine and rules.may_support(p.state)
                     and p.support_until > utcnow())), comments


def detail(session: Session, p: Proposal, user: User | None) -> c.ProposalDetail:
    fields, _ = _detail_fields(session, p, user)
    return c.ProposalDetail(**fields)


def officer_detail(session: Session, p: Proposal, officer: User) -> c.OfficerDetail:
    fields, comments = _detail_fields(session, p, officer)
    by_id = {x.id: x for x in comments}
    return c.OfficerDetail(
        **fields, overdue=desk.is_overdue(p),
        officer_comments=[c.OfficerComment(**pc.model_dump(), text=by_id[pc.id].body,
                                           reports=by_id[pc.id].reports)
                          for pc in fields["comment_list"]],
        may_answer=rules.may_answer(p.state) and desk.may_handle(officer, p),
        may_assign=desk.is_owner(officer))
