"""Citizens' side of 정책 제안: propose (photos, 읍면동), support once, comment, report abuse;
the threshold moves a proposal to 검토중 exactly once; the job closes expired ones.

Every change the proposer and supporters should hear about calls records.tell in the same
transaction."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from myg_app.contracts import proposal as c
from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError
from myg_app.server.privacy import mask_name
from myg_app.server.proposal import rules
from myg_app.server.proposal.models import (
    Proposal, ProposalComment, ProposalCommentReport, ProposalPhoto, ProposalSupport,
)
from myg_app.server.proposal.records import add_event, check_words, get, rate_limit, tell
from myg_app.server.reports import photos as ph

PENDING_PHOTO_TTL = timedelta(hours=24)
MAX_PENDING_PHOTOS = 30


# --- photos ----------------------------------------------------------------------------

def upload_photo(session: Session, user: User, filename: str, data: bytes) -> ProposalPhoto:
    """Checked from its bytes by the reports' photo rules; only re-encoded copies are kept."""
    session.execute(delete(ProposalPhoto).where(
        ProposalPhoto.proposal_id.is_(None),
        ProposalPhoto.created_at < utcnow() - PENDING_PHOTO_TTL))
    pending = session.scalar(select(func.count()).select_from(ProposalPhoto).where(
        ProposalPhoto.owner_id == user.id, ProposalPhoto.proposal_id.is_(None))) or 0
    if pending >= MAX_PENDING_PHOTOS:
        raise AppError(429, "photo.too_many",
                       "올린 뒤 제안에 쓰지 않은 사진이 너무 많습니다. 제안을 마친 뒤 다시 올려 주세요.")
    p = ph.accepted(data, filename)
    photo = ProposalPhoto(token=str(uuid.uuid4()), owner_id=user.id, width=p.width,
                          height=p.height, public=p.public, thumb=p.thumb)
    session.add(photo)
    session.flush()
    return photo


def photo_by_token(session: Session, token: str) -> ProposalPhoto | None:
    return session.scalar(select(ProposalPhoto).where(ProposalPhoto.token == token))


# --- proposing -------------------------------------------------------------------------

def create(session: Session, settings: rules.ProposalSettings, user: User,
           body: c.ProposalCreate, *, demo: bool = False,
           now: datetime | None = None) -> Proposal:
    now = now or utcnow()
    if body.category not in c.CATEGORY_NAMES:
        raise AppError(422, "proposal.category", "제안 분야를 목록에서 골라 주세요.", field="category")
    if c.dong_name(body.dong) is None:
        raise AppError(422, "proposal.dong", "읍면동을 목록에서 골라 주세요.", field="dong")
    check_words(title=body.title, body=body.body)
    if not demo:
        rate_limit(session, Proposal, Proposal.proposer_id, user.id, settings.max_per_day,
                   timedelta(days=1), "제안", now)
    tokens = list(dict.fromkeys(body.photos))
    photos = {p.token: p for p in session.scalars(
        select(ProposalPhoto).where(ProposalPhoto.token.in_(tokens)))} if tokens else {}
    for t in tokens:
        p = photos.get(t)
        if p is None or p.owner_id != user.id or p.proposal_id is not None:
            raise AppError(422, "proposal.photo_unknown",
                           "첨부한 사진을 찾을 수 없습니다. 사진을 다시 올려 주세요.", field="photos")
    prop = Proposal(
        proposer_id=user.id, proposer_name=mask_name(user.name or "시민")[:20],
        title=body.title.strip(), body=body.body.strip(), category=body.category,
        dong=body.dong, state="collecting", supports=0, threshold=settings.support_threshold,
        support_until=now + timedelta(days=settings.window_days), comments=0, demo=demo,
        created_at=now, updated_at=now)
    session.add(prop)
    session.flush()
    for pos, t in enumerate(tokens):
        photos[t].proposal_id, photos[t].position = prop.id, pos
    add_event(session, prop, user.id, "created", None, "collecting",
              f"공감 {prop.threshold}명이 모이면 담당 부서가 검토합니다.", now)
    tell(session, prop, kind="proposal.created", title="정책 제안이 등록되었습니다",
         body=f"'{prop.title}' 제안이 등록되었습니다. {settings.window_days}일 안에 공감 "
              f"{prop.threshold}명이 모이면 담당 부서가 검토하고 답변합니다.")
    session.flush()
    return prop


# --- supports --------------------------------------------------------------------------

def supported(session: Session, proposal_id: int, user_id: int) -> bool:
    return session.scalar(select(ProposalSupport.user_id).where(
        ProposalSupport.proposal_id == proposal_id, ProposalSupport.user_id == user_id)) \
        is not None


def support(session: Session, settings: rules.ProposalSettings, proposal_id: int, user: User,
            now: datetime | None = None) -> Proposal:
    """Once per citizen: a second (or parallel) support changes nothing. The count is
    raised in the database, and the move to 검토중 is a conditional update: it happens in
    exactly one transaction however many supports arrive at once."""
    now = now or utcnow()
    p = get(session, proposal_id)
    if p.proposer_id == user.id:
        raise AppError(409, "proposal.own", "자신의 제안에는 공감할 수 없습니다.")
    if not rules.may_support(p.state) or p.support_until <= now:
        raise AppError(409, "proposal.not_collecting", "공감을 모으는 기간이 끝난 제안입니다.")
    try:
        with session.begin_nested():
            session.add(ProposalSupport(proposal_id=p.id, user_id=user.id, created_at=now))
    except IntegrityError:
        session.refresh(p)
        return p  # already supported: counted once
    session.execute(update(Proposal).where(Proposal.id == p.id)
                    .values(supports=Proposal.supports + 1))
    moved = session.execute(
        update(Proposal).where(Proposal.id == p.id, Proposal.state == "collecting",
                               Proposal.supports >= Proposal.threshold)
        .values(state="review", review_at=now, updated_at=now,
                answer_due_at=now + timedelta(days=settings.answer_days))).rowcount
    session.refresh(p)
    if moved:
        add_event(session, p, None, "review", "collecting", "review",
                  f"공감 {p.threshold}명이 모여 담당 부서가 검토합니다. "
                  f"{settings.answer_days}일 안에 답변합니다.", now)
        tell(session, p, kind="proposal.review", title="제안이 검토를 시작합니다",
             body=f"'{p.title}' 제안에 공감 {p.threshold}명이 모였습니다. 담당 부서가 검토하고 "
                  f"{settings.answer_days}일 안에 답변합니다.")
    session.flush()
    return p


def unsupport(session: Session, proposal_id: int, user: User) -> Proposal:
    p = get(session, proposal_id)
    if not rules.may_support(p.state):
        raise AppError(409, "proposal.not_collecting",
                       "검토가 시작된 제안은 공감을 취소할 수 없습니다.")
    gone = session.execute(delete(ProposalSupport).where(
        ProposalSupport.proposal_id == p.id, ProposalSupport.user_id == user.id)).rowcount
    if gone:
        session.execute(update(Proposal).where(Proposal.id == p.id, Proposal.supports > 0)
                        .values(supports=Proposal.supports - 1))
    session.flush()
    session.refresh(p)
    return p


# --- comments --------------------------------------------------------------------------

def comment(session: Session, settings: rules.ProposalSettings, proposal_id: int, user: User,
            body: str, now: datetime | None = None) -> ProposalComment:
    now = now or utcnow()
    p = get(session, proposal_id)
    check_words(body=body)
    rate_limit(session, ProposalComment, ProposalComment.author_id, user.id,
               settings.comments_per_window, timedelta(minutes=settings.comment_window_minutes),
               "댓글", now)
    cm = ProposalComment(proposal_id=p.id, author_id=user.id,
                         author_name=mask_name(user.name or "시민")[:20], body=body.strip(),
                         reports=0, created_at=now)
    session.add(cm)
    session.execute(update(Proposal).where(Proposal.id == p.id)
                    .values(comments=Proposal.comments + 1))
    session.flush()
    return cm


def get_comment(session: Session, proposal_id: int, comment_id: int) -> ProposalComment:
    cm = session.get(ProposalComment, comment_id)
    if cm is None or cm.proposal_id != proposal_id:
        raise AppError(404, "proposal.comment_not_found", "댓글을 찾을 수 없습니다.")
    return cm


def report_comment(session: Session, proposal_id: int, comment_id: int, user: User,
                   reason: str | None) -> ProposalComment:
    cm = get_comment(session, proposal_id, comment_id)
    if cm.author_id == user.id:
        raise AppError(409, "proposal.own_comment", "자신의 댓글은 신고할 수 없습니다.")
    try:
        with session.begin_nested():
            session.add(ProposalCommentReport(comment_id=cm.id, user_id=user.id, reason=reason))
    except IntegrityError:
        return cm  # reported before: counted once
    session.execute(update(ProposalComment).where(ProposalComment.id == cm.id)
                    .values(reports=ProposalComment.reports + 1))
    session.flush()
    session.refresh(cm)
    return cm


# --- the periodic job ------------------------------------------------------------------

def sweep(session: Session, _settings=None, now: datetime | None = None) -> tuple[int, int]:
    """Close proposals whose window ended below the threshold (기간만료) and flag answers
    past their deadline. Each row is claimed with a conditional update (safe in parallel)."""
    now = now or utcnow()
    expired = 0
    for pid in list(session.scalars(select(Proposal.id).where(
            Proposal.state == "collecting", Proposal.support_until <= now).limit(500))):
        if session.execute(update(Proposal).where(Proposal.id == pid,
                                                  Proposal.state == "collecting")
                           .values(state="expired", updated_at=now)).rowcount:
            p = session.get(Proposal, pid)
            session.refresh(p)
            add_event(session, p, None, "expired", "collecting", "expired",
                      f"기간 안에 공감 {p.threshold}명이 모이지 않아 종료되었습니다.", now)
            tell(session, p, kind="proposal.expired", title="제안의 공감 기간이 끝났습니다",
                 body=f"'{p.title}' 제안은 공감 {p.supports}명으로 기준({p.threshold}명)에 "
                      "이르지 못해 기간만료로 종료되었습니다.")
            expired += 1
    flagged = session.execute(update(Proposal).where(
        Proposal.state == "review", Proposal.answer_due_at < now,
        Proposal.overdue_at.is_(None)).values(overdue_at=now)).rowcount or 0
    session.flush()
    return expired, flagged
