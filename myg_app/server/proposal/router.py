"""HTTP for 정책 제안: citizens under /proposals, officers under /proposals/officer."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy import func, select

from myg_app.contracts import proposal as c
from myg_app.contracts import types as t
from myg_app.gwangyang.dongs import DONGS
from myg_app.server.auth.deps import CurrentUser, Officer, OptionalUser
from myg_app.server.deps import OnceDep, SessionDep, user_scope
from myg_app.server.errors import AppError
from myg_app.server.problems import problem_responses
from myg_app.server.proposal import desk, present, service
from myg_app.server.proposal.models import Proposal
from myg_app.server.proposal.rules import ProposalSettings
from myg_app.server.reports import photos

router = APIRouter(prefix="/proposals", tags=["proposal"])


async def proposal_settings(request: Request) -> ProposalSettings:
    # An app may carry its own (tests, a demo with a low threshold); otherwise MYG_PROPOSAL_*.
    return getattr(request.app.state, "proposal_settings", None) or ProposalSettings()


PSettings = Annotated[ProposalSettings, Depends(proposal_settings)]
StateQ = Annotated[str | None, Query(pattern="^(collecting|review|answered|executing|done|"
                                             "expired)$")]
Limit = Annotated[int, Query(ge=1, le=100)]


@router.get("/meta", response_model=c.Meta, summary="제안 분야·상태·읍면동·공감 기준")
def meta(ps: PSettings) -> c.Meta:
    return c.Meta(
        categories=[c.Option(code=k, name=v) for k, v in c.CATEGORY_NAMES.items()],
        states=[c.Option(code=k, name=v) for k, v in c.STATE_NAMES.items()],
        decisions=[c.Option(code=k, name=v) for k, v in c.DECISION_NAMES.items()],
        dongs=[c.Option(code=d.code, name=d.name) for d in DONGS],
        departments=list(desk.DEPARTMENT_NAMES), threshold=ps.support_threshold,
        window_days=ps.window_days, answer_days=ps.answer_days, max_photos=c.MAX_PHOTOS)


# --- photos ----------------------------------------------------------------------------

@router.post("/photos", status_code=201, response_model=c.PhotoOut,
             responses=problem_responses(401, 413, 415, 422, 429), summary="제안 사진 올리기")
def upload_photo(body: c.PhotoUpload, user: CurrentUser, session: SessionDep, once: OnceDep):
    data = photos.decoded(body.content_base64)
    return once(user_scope(user), body, lambda: present.photo_out(
        service.upload_photo(session, user, body.filename, data)))


@router.get("/photos/{name}", responses=problem_responses(404),
            response_class=Response, summary="제안 사진 (공개본·썸네일, 위치정보 없음)")
def photo_file(name: t.token(200), session: SessionDep) -> Response:
    token, _, variant = name.partition(".")
    p = service.photo_by_token(session, token) if len(token) == 36 else None
    if p is None or p.proposal_id is None or variant not in ("jpg", "thumb.jpg"):
        raise AppError(404, "photo.not_found", "사진을 찾을 수 없습니다.")
    return Response(p.thumb if variant == "thumb.jpg" else p.public, media_type="image/jpeg",
                    headers={"Cache-Control": "public, max-age=86400"})


# --- citizens --------------------------------------------------------------------------

@router.get("", response_model=c.ProposalPage, responses=problem_responses(422),
            summary="제안 목록 (상태·분야·읍면동, 쪽 나눔)")
def list_proposals(session: SessionDep, state: StateQ = None,
                   category: t.token(20) | None = None, dong: t.token(20) | None = None,
                   limit: Limit = 20, offset: t.Count = 0) -> c.ProposalPage:
    conds = []
    if state:
        conds.append(Proposal.state == state)
    if category:
        conds.append(Proposal.category == category)
    if dong:
        conds.append(Proposal.dong == dong)
    total = session.scalar(select(func.count()).select_from(Proposal).where(*conds)) or 0
    rows = list(session.scalars(select(Proposal).where(*conds)
                                .order_by(Proposal.created_at.desc(), Proposal.id.desc())
                                .limit(limit).offset(offset)))
    return c.ProposalPage(items=present.items(session, rows), total=total, offset=offset,
                          limit=limit)


@router.get("/mine", response_model=c.ProposalPage, responses=problem_responses(401),
            summary="내가 올린 제안과 공감한 제안")
def mine(user: CurrentUser, session: SessionDep) -> c.ProposalPage:
    from myg_app.server.proposal.models import ProposalSupport

    supported = select(ProposalSupport.proposal_id).where(ProposalSupport.user_id == user.id)
    rows = list(session.scalars(select(Proposal).where(
        (Proposal.proposer_id == user.id) | Proposal.id.in_(supported))
        .order_by(Proposal.created_at.desc()).limit(100)))
    return c.ProposalPage(items=present.items(session, rows), total=len(rows), offset=0,
                          limit=100)


@router.post("", status_code=201, response_model=c.ProposalDetail,
             responses=problem_responses(401, 422, 429), summary="정책 제안하기")
def create(body: c.ProposalCreate, user: CurrentUser, session: SessionDep, once: OnceDep,
           ps: PSettings):
    return once(user_scope(user), body, lambda: present.detail(
        session, service.create(session, ps, user, body), user))


@router.get("/{proposal_id:int}", response_model=c.ProposalDetail,
            responses=problem_responses(401, 404), summary="제안 상세 (진행 과정, 댓글)")
def detail(proposal_id: t.Id, user: OptionalUser, session: SessionDep) -> c.ProposalDetail:
    return present.detail(session, service.get(session, proposal_id), user)


@router.post("/{proposal_id:int}/support", response_model=c.ProposalDetail,
             responses=problem_responses(401, 404, 409), summary="공감하기 (한 사람 한 번)")
def support(proposal_id: t.Id, user: CurrentUser, session: SessionDep,
            ps: PSettings) -> c.ProposalDetail:
    return present.detail(session, service.support(session, ps, proposal_id, user), user)


@router.delete("/{proposal_id:int}/support", response_model=c.ProposalDetail,
               responses=problem_responses(401, 404, 409), summary="공감 취소 (공감모집 중에만)")
def unsupport(proposal_id: t.Id, user: CurrentUser, session: SessionDep) -> c.ProposalDetail:
    return present.detail(session, service.unsupport(session, proposal_id, user), user)


@router.post("/{proposal_id:int}/comments", status_code=201, response_model=c.ProposalDetail,
             responses=problem_responses(401, 404, 422, 429), summary="댓글 쓰기")
def add_comment(proposal_id: t.Id, body: c.CommentCreate, user: CurrentUser,
                session: SessionDep, once: OnceDep, ps: PSettings):
    def make():
        service.comment(session, ps, proposal_id, user, body.body)
        return present.detail(session, service.get(session, proposal_id), user)
    return once(user_scope(user), body, make)


@router.post("/{proposal_id:int}/comments/{comment_id:int}/report",
             response_model=c.ProposalDetail, responses=problem_responses(401, 404, 409, 422),
             summary="댓글 신고 (욕설·비방)")
def report_comment(proposal_id: t.Id, comment_id: t.Id, body: c.AbuseReport,
                   user: CurrentUser, session: SessionDep) -> c.ProposalDetail:
    service.report_comment(session, proposal_id, comment_id, user, body.reason)
    return present.detail(session, service.get(session, proposal_id), user)


# --- officers --------------------------------------------------------------------------

@router.get("/officer", response_model=c.OfficerPage, responses=problem_responses(401, 403, 422),
            summary="제안 관리 (답변 기한 지난 제안 먼저)")
def officer_list(officer: Officer, session: SessionDep, state: StateQ = None,
                 overdue: bool = False, limit: Limit = 50,
                 offset: t.Count = 0) -> c.OfficerPage:
    rows, total, late = desk.inbox(session, officer, state=state, overdue=overdue, limit=limit,
                                   offset=offset)
    return c.OfficerPage(items=present.officer_items(session, rows), total=total, overdue=late,
                         offset=offset, limit=limit)


@router.get("/officer/{proposal_id:int}", response_model=c.OfficerDetail,
            responses=problem_responses(401, 403, 404), summary="제안 상세 (담당자용)")
def officer_detail(proposal_id: t.Id, officer: Officer, session: SessionDep) -> c.OfficerDetail:
    return present.officer_detail(session, desk.for_officer(session, proposal_id, officer),
                                  officer)


@router.post("/officer/{proposal_id:int}/department", response_model=c.OfficerDetail,
             responses=problem_responses(401, 403, 404, 409, 422), summary="담당 부서 지정")
def assign(proposal_id: t.Id, body: c.AssignDepartment, officer: Officer,
           session: SessionDep) -> c.OfficerDetail:
    p = desk.assign(session, proposal_id, officer, body.department)
    return present.officer_detail(session, p, officer)


@router.post("/officer/{proposal_id:int}/answer", response_model=c.OfficerDetail,
             responses=problem_responses(401, 403, 404, 409, 422),
             summary="답변하기 (채택·부분채택·불채택, 사유 필수)")
def answer(proposal_id: t.Id, body: c.AnswerCreate, officer: Officer,
           session: SessionDep) -> c.OfficerDetail:
    return present.officer_detail(session, desk.answer(session, proposal_id, officer, body),
                                  officer)


@router.post("/officer/{proposal_id:int}/progress", response_model=c.OfficerDetail,
             responses=problem_responses(401, 403, 404, 409, 422),
             summary="추진 상황 올리기 (실행중·완료)")
def progress(proposal_id: t.Id, body: c.ProgressCreate, officer: Officer,
             session: SessionDep) -> c.OfficerDetail:
    return present.officer_detail(session, desk.progress(session, proposal_id, officer, body),
                                  officer)


@router.post("/officer/{proposal_id:int}/comments/{comment_id:int}/hide",
             response_model=c.OfficerDetail, responses=problem_responses(401, 403, 404, 422),
             summary="댓글 가리기 (사유는 계속 보임)")
def hide_comment(proposal_id: t.Id, comment_id: t.Id, body: c.HideComment, officer: Officer,
                 session: SessionDep) -> c.OfficerDetail:
    desk.hide_comment(session, proposal_id, comment_id, officer, body.reason)
    return present.officer_detail(session, desk.for_officer(session, proposal_id, officer),
                                  officer)
