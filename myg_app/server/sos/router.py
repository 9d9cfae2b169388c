"""HTTP for 긴급복지 SOS: requests (citizen or guest) and the welfare officer's desk."""
from __future__ import annotations


from fastapi import APIRouter
from sqlalchemy import select

from myg_app.contracts import types as t
from myg_app.contracts.sos import (
    SosCallbackCreate,
    SosCallbackOut,
    SosCreate,
    SosDetail,
    SosList,
    SosOfficerCallback,
    SosOut,
    SosQueue,
    SosQueueItem,
)
from myg_app.server.auth.deps import CurrentUser, OptionalUser, officer_of
from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.deps import Created, OnceDep, SessionDep, user_scope
from myg_app.server.privacy import mask_name, mask_phone
from myg_app.server.problems import problem_responses
from myg_app.server.sos import service
from myg_app.server.sos.models import SosRequest

router = APIRouter(prefix="/sos", tags=["sos"])
SosOfficer = officer_of("sos", code="sos.forbidden",
                        detail="긴급복지 SOS는 주민복지과 담당자만 볼 수 있습니다.")



def _out(session, req: SosRequest, *, private: bool = True, duplicate: bool = False,
         token: str | None = None) -> SosOut:
    callbacks = service.callbacks_of(session, [req.id])[req.id]
    return SosOut(
        id=req.id, kind=req.kind, status=req.status, department=req.department,
        created_at=req.created_at,
        # A guest who typed someone's number must not read that person's request.
        phone=req.phone if private else mask_phone(req.phone),
        location=req.location if private else None, note=req.note if private else None,
        callbacks=[SosCallbackOut(at=c.created_at, reached=c.reached, department=req.department)
                   for c in callbacks],
        lookup_token=token, duplicate=duplicate)


@router.post("/requests", status_code=201, response_model=SosOut,
             responses=problem_responses(401, 422),
             summary="긴급복지 SOS 요청 (로그인 또는 전화번호만으로)")
def create(body: SosCreate, session: SessionDep, user: OptionalUser, once: OnceDep):
    def make() -> Created:
        created = service.create(session, user, body)
        req = created.request
        own = user is not None and req.user_id == user.id
        out = _out(session, req, private=own or not created.duplicate,
                   duplicate=created.duplicate, token=created.lookup_token)
        return Created(out, 200 if created.duplicate else 201)

    return once(user_scope(user), body, make)


@router.get("/requests/mine", response_model=SosList, responses=problem_responses(401),
            summary="내 SOS 요청")
def mine(session: SessionDep, user: CurrentUser) -> SosList:
    return SosList(items=[_out(session, r) for r in service.mine(session, user)])


@router.get("/requests/{request_id}", response_model=SosOut, responses=problem_responses(404),
            summary="SOS 요청 상태 (본인 또는 요청 때 받은 token)")
def status(request_id: t.Id, session: SessionDep, user: OptionalUser,
           token: t.token(64) | None = None) -> SosOut:
    return _out(session, service.get_for_requester(session, request_id, user, token))


# --- welfare officer desk -----------------------------------------------------------------
def _queue_item(req: SosRequest, names: dict[int, str], callbacks: int) -> dict:
    age = int((utcnow() - req.created_at).total_seconds() // 60)
    return dict(id=req.id, kind=req.kind, status=req.status,
                requester=mask_name(names[req.user_id]) if req.user_id in names else "비회원",
                phone_masked=mask_phone(req.phone), location=req.location, note=req.note,
                created_at=req.created_at, age_minutes=max(age, 0), callbacks=callbacks)


def _names(session, reqs: list[SosRequest]) -> dict[int, str]:
    ids = {r.user_id for r in reqs if r.user_id}
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


@router.get("/desk/queue", response_model=SosQueue, responses=problem_responses(401, 403),
            summary="SOS 요청 목록 (주민복지과, 오래된 요청 먼저)")
def desk_queue(session: SessionDep, officer: SosOfficer) -> SosQueue:
    reqs = service.queue(session, officer)
    names = _names(session, reqs)
    counts = service.count_callbacks(session, [r.id for r in reqs])
    return SosQueue(department=service.WELFARE_DEPARTMENT,
                    items=[SosQueueItem(**_queue_item(r, names, counts.get(r.id, 0))) for r in reqs])


def _detail(session, req: SosRequest) -> SosDetail:
    log = service.callbacks_of(session, [req.id])[req.id]
    officers = dict(session.execute(
        select(User.id, User.name).where(
            User.id.in_({c.officer_id for c in log if c.officer_id}))).all()) if log else {}
    return SosDetail(**_queue_item(req, _names(session, [req]), len(log)), phone=req.phone,
                     outcome=req.outcome,
                     log=[SosOfficerCallback(at=c.created_at, reached=c.reached, note=c.note,
                                             officer=mask_name(officers.get(c.officer_id, "?")))
                          for c in log])


@router.get("/desk/requests/{request_id}", response_model=SosDetail,
            responses=problem_responses(401, 403, 404), summary="SOS 요청 상세 (전화번호 포함)")
def desk_detail(request_id: t.Id, session: SessionDep, officer: SosOfficer) -> SosDetail:
    return _detail(session, service.get_for_officer(session, officer, request_id))


@router.post("/desk/requests/{request_id}/callbacks", response_model=SosDetail,
             responses=problem_responses(401, 403, 404, 409, 422),
             summary="회신 전화 기록 (연결 여부, 내용, 처리 완료)")
def desk_callback(request_id: t.Id, body: SosCallbackCreate, session: SessionDep,
                  officer: SosOfficer) -> SosDetail:
    return _detail(session, service.log_callback(session, officer, request_id, body))
