"""The officers' side of 정책 제안: the owner department (catalog.OWNERS["proposal"]) sees
every proposal and assigns the responsible department; that department (or the owner)
answers within the deadline, posts progress and hides comments with a reason. Overdue
answers come first and are counted."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from myg_app import catalog
from myg_app.contracts import proposal as c
from myg_app.gwangyang.departments import DEPARTMENTS
from myg_app.i18n import msg
from myg_app.server.auth.models import User
from myg_app.server.auth.roles import may_act_for
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError
from myg_app.server.notices.service import notify
from myg_app.server.points import service as points
from myg_app.server.proposal import rules
from myg_app.server.proposal.models import Proposal, ProposalComment
from myg_app.server.proposal.records import FID, add_event, get, link, tell
from myg_app.server.proposal.service import get_comment

OWNER = catalog.OWNERS[FID]
DEPARTMENT_NAMES: tuple[str, ...] = tuple(name for _d, name, _t, _p in DEPARTMENTS)


def is_owner(user: User) -> bool:
    return may_act_for(user, OWNER)


def may_handle(user: User, p: Proposal) -> bool:
    return is_owner(user) or (p.department is not None and may_act_for(user, p.department))


def for_officer(session: Session, proposal_id: int, officer: User, *,
                lock: bool = False) -> Proposal:
    p = get(session, proposal_id, lock=lock)
    if not may_handle(officer, p):
        raise AppError(403, "proposal.other_department",
                       msg("{value} 담당 제안입니다. 해당 부서만 처리할 수 있습니다.", value=p.department or OWNER))
    return p


def overdue_cond(now: datetime):
    return and_(Proposal.state == "review", Proposal.answer_due_at < now)


def is_overdue(p: Proposal, now: datetime | None = None) -> bool:
    return p.state == "review" and p.answer_due_at is not None \
        and p.answer_due_at < (now or utcnow())


def inbox(session: Session, officer: User, *, state: str | None = None,
          overdue: bool = False, limit: int = 50, offset: int = 0,
          now: datetime | None = None) -> tuple[list[Proposal], int, int]:
    """The owner department and admins: every proposal; another department: its own.
    Overdue answers first, then those waiting for an answer, then the newest."""
    now = now or utcnow()
    conds = [] if is_owner(officer) else [Proposal.department == officer.department]
    late = overdue_cond(now)
    overdue_total = session.scalar(select(func.count()).select_from(Proposal)
                                   .where(*conds, late)) or 0
    if state:
        conds.append(Proposal.state == state)
    if overdue:
        conds.append(late)
    total = session.scalar(select(func.count()).select_from(Proposal).where(*conds)) or 0
    rows = list(session.scalars(
        select(Proposal).where(*conds)
        .order_by(case((late, 0), (Proposal.state == "review", 1), else_=2),
                  Proposal.answer_due_at, Proposal.id.desc())
        .limit(limit).offset(offset)))
    return rows, total, overdue_total


def assign(session: Session, proposal_id: int, officer: User, department: str,
           now: datetime | None = None) -> Proposal:
    now = now or utcnow()
    if not is_owner(officer):
        raise AppError(403, "auth.forbidden", msg("{OWNER} 담당자만 담당 부서를 정할 수 있습니다.", OWNER=OWNER))
    if department not in DEPARTMENT_NAMES:
        raise AppError(422, "proposal.department", "부서 목록에 있는 부서를 골라 주세요.",
                       field="department")
    p = get(session, proposal_id, lock=True)
    if p.state in ("done", "expired") or (p.state == "answered" and p.decision == "rejected"):
        raise AppError(409, "proposal.closed", "끝난 제안은 담당 부서를 바꿀 수 없습니다.")
    if p.department == department:
        return p
    p.department = department
    p.updated_at = now
    add_event(session, p, officer.id, "department", None, None,
              f"담당 부서: {department}", now)
    tell(session, p, kind="proposal.department", title="제안의 담당 부서가 정해졌습니다",
         body=f"'{p.title}' 제안을 {department}에서 맡습니다.")
    session.flush()
    return p


def answer(session: Session, proposal_id: int, officer: User, body: c.AnswerCreate,
           now: datetime | None = None) -> Proposal:
    now = now or utcnow()
    if body.decision not in c.DECISION_NAMES:
        raise AppError(422, "proposal.decision", "채택, 부분채택, 불채택 가운데 하나를 골라 주세요.",
                       field="decision")
    p = for_officer(session, proposal_id, officer, lock=True)
    if not rules.may_answer(p.state):
        raise AppError(409, "proposal.not_in_review",
                       msg("'{STATE_NAMES}' 상태의 제안에는 답변할 수 없습니다. 검토중인 제안에만 답변합니다.", STATE_NAMES=c.STATE_NAMES[p.state]))
    old = p.state
    p.state = rules.answer_state(body.decision)
    p.decision = body.decision
    p.answer_reason = body.reason.strip()
    p.answered_at = now
    p.answered_department = p.department or officer.department or OWNER
    p.updated_at = now
    name = c.DECISION_NAMES[body.decision]
    add_event(session, p, officer.id, "answer", old, p.state, f"{name}: {p.answer_reason}", now)
    tell(session, p, kind="proposal.answered", title=f"제안에 답변이 왔습니다 ({name})",
         body=f"'{p.title}' 제안: {name}. 사유: {p.answer_reason}")
    if body.decision in ("adopted", "partial") and p.proposer_id:
        _credit(session, p)
    session.flush()
    return p


def _credit(session: Session, p: Proposal) -> None:
    """참여 포인트 for an adopted proposal, in the same transaction (points.service.earn)."""
    proposer = session.get(User, p.proposer_id)
    if proposer is not None:
        points.earn(session, proposer, "proposal_adopted", f"proposal:{p.id}")


def progress(session: Session, proposal_id: int, officer: User, body: c.ProgressCreate,
             now: datetime | None = None) -> Proposal:
    now = now or utcnow()
    p = for_officer(session, proposal_id, officer, lock=True)
    target = rules.progress_target(p.state, p.decision, body.done)
    if target is None:
        raise AppError(409, "proposal.no_progress",
                       "채택 또는 부분채택된 제안에만 추진 상황을 올릴 수 있습니다.")
    old = p.state
    p.state = target
    p.updated_at = now
    kind = "done" if target == "done" and old != "done" else "progress"
    add_event(session, p, officer.id, kind, old, target, body.note.strip(), now)
    title = "제안이 완료되었습니다" if kind == "done" else "제안의 추진 상황이 올라왔습니다"
    tell(session, p, kind=f"proposal.{kind}", title=title,
         body=f"'{p.title}' ({c.STATE_NAMES[target]}): {body.note.strip()}")
    session.flush()
    return p


def hide_comment(session: Session, proposal_id: int, comment_id: int, officer: User,
                 reason: str, now: datetime | None = None) -> ProposalComment:
    now = now or utcnow()
    for_officer(session, proposal_id, officer)
    cm = get_comment(session, proposal_id, comment_id)
    cm.hidden_reason = reason.strip()
    cm.hidden_at = now
    cm.hidden_by = officer.id
    if cm.author_id:
        notify(session, cm.author_id, kind="proposal.comment_hidden",
               title="댓글이 가려졌습니다", body=f"제안에 쓴 댓글이 가려졌습니다. 사유: {cm.hidden_reason}",
               link=link(proposal_id))
    session.flush()
    return cm
