"""HTTP for 긴급복지 SOS: requests (citizen or guest) and the welfare officer's desk."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select

from myg_app.contracts import types as t
from myg_app.contracts.sos import (
    SosCallbackCreate, SosCallbackOut, SosCreate, SosDetail, SosList, SosOfficerCallback, SosOut,
    SosQueue, SosQueueItem,
)
from myg_app.server import idempotency
from myg_app.server.auth import service as auth_service, tokens
from myg_app.server.auth.deps import Officer, current_user
from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.deps import (
    IdempotencyKeyHeader, SessionDep, SettingsDep, idempotency_claim, replay,
)
from myg_app.server.privacy import mask_name, mask_phone
from myg_app.server.problems import AppError, problem_responses
from myg_app.server.sos import service
from myg_app.server.sos.models import SosRequest

router = APIRouter(prefix="/sos", tags=["sos"])
_bearer = HTTPBearer(auto_error=False)


def optional_user(session: SessionDep, settings: SettingsDep,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
                  ) -> User | None:
    """The caller when a token is sent (an invalid one is still a 401), else a guest."""
    if credentials is None:
        return None
    try:
        claims = tokens.decode_access_token(settings, credentials.credentials)
    except tokens.InvalidToken:
        claims = None
    user = auth_service.get_user(session, claims.user_id) if claims else None
    if user is None or not user.is_active or not auth_service.session_active(
            session, claims.session_id):
        raise AppError(401, "auth.required", "로그인이 만료되었습니다. 다시 로그인하거나 로그아웃 후 요청해 주세요.",
                       headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    return user


MaybeUser = Annotated[User | None, Depends(optional_user)]


def _error(e: service.SosError) -> AppError:
    return AppError(e.status, e.code, e.detail)


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
def create(body: SosCreate, request: Request, response: Response, session: SessionDep,
           settings: SettingsDep, user: MaybeUser,
           idempotency_key: IdempotencyKeyHeader = None):
    scope = f"user:{user.id}" if user else idempotency.ANONYMOUS
    claim = idempotency_claim(request, settings, idempotency_key, scope, body)
    try:
        if claim and (stored := idempotency.find(session, claim)):
            return replay(stored)
    except idempotency.IdempotencyMismatch:
        raise AppError(422, "idempotency.mismatch",
                       "같은 Idempotency-Key로 다른 내용의 요청을 보냈습니다.") from None
    created = service.create(session, user, body)
    req = created.request
    own = user is not None and req.user_id == user.id
    out = _out(session, req, private=own or not created.duplicate, duplicate=created.duplicate,
               token=created.lookup_token)
    status = 200 if created.duplicate else 201
    if claim:
        idempotency.remember(session, claim, status, out.model_dump_json())
    response.status_code = status
    return out


@router.get("/requests/mine", response_model=SosList, responses=problem_responses(401),
            summary="내 SOS 요청")
def mine(session: SessionDep, user: Annotated[User, Depends(current_user)]) -> SosList:
    return SosList(items=[_out(session, r) for r in service.mine(session, user)])


@router.get("/requests/{request_id}", response_model=SosOut, responses=problem_responses(404),
            summary="SOS 요청 상태 (본인 또는 요청 때 받은 token)")
def status(request_id: t.Id, session: SessionDep, user: MaybeUser,
           token: t.token(64) | None = None) -> SosOut:
    try:
        return _out(session, service.get_for_requester(session, request_id, user, token))
    except service.SosError as e:
        raise _error(e) from None


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
def desk_queue(session: SessionDep, officer: Officer) -> SosQueue:
    try:
        reqs = service.queue(session, officer)
    except service.SosError as e:
        raise _error(e) from None
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
def desk_detail(request_id: t.Id, session: SessionDep, officer: Officer) -> SosDetail:
    try:
        return _detail(session, service.get_for_officer(session, officer, request_id))
    except service.SosError as e:
        raise _error(e) from None


@router.post("/desk/requests/{request_id}/callbacks", response_model=SosDetail,
             responses=problem_responses(401, 403, 404, 409, 422),
             summary="회신 전화 기록 (연결 여부, 내용, 처리 완료)")
def desk_callback(request_id: t.Id, body: SosCallbackCreate, session: SessionDep,
                  officer: Officer) -> SosDetail:
    try:
        return _detail(session, service.log_callback(session, officer, request_id, body))
    except service.SosError as e:
        raise _error(e) from None
