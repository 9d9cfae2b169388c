"""HTTP for 모바일 도서관회원증 (/api/v1/library): the card, linking through 통합 로그인, loans
and renewal. Every route is the signed-in citizen's own."""
from __future__ import annotations

from fastapi import APIRouter, Request, Response

from myg_app.contracts import library as c
from myg_app.server.auth.deps import CurrentUser
from myg_app.server.auth.oidc.settings import issuer_of
from myg_app.server.auth.oidc.tokens import Signer
from myg_app.server.deps import Created, OnceDep, SessionDep, SettingsDep, user_scope
from myg_app.server.library import service
from myg_app.server.problems import problem_responses

router = APIRouter(prefix="/library", tags=["library"])


@router.get("/card", response_model=c.CardOut, responses=problem_responses(401),
            summary="내 도서관회원증: 회원번호, 바코드·QR, 대출 요약 (연결 전이면 linked=false)")
def get_card(session: SessionDep, user: CurrentUser) -> c.CardOut:
    return service.card(session, service.library_of(session), user)


@router.post("/link", status_code=201, response_model=c.CardOut,
             responses=problem_responses(401, 409, 422, 503),
             summary="시립도서관 계정 연결 (통합 로그인 정보 제공 동의; 이미 연결되어 있으면 200)")
def link(body: c.LinkIn, request: Request, session: SessionDep, settings: SettingsDep,
         user: CurrentUser, once: OnceDep):
    # The subject the library knows the citizen by from 통합 로그인 (the same `sub`).
    sub = Signer.of(settings, issuer_of(request)).subject(user.id)

    def make() -> Created:
        out, new = service.link(session, service.library_of(session), user, sub, body.agree)
        return Created(out, 201 if new else 200)

    return once(user_scope(user), body, make)


@router.delete("/link", status_code=204, response_class=Response,
               responses=problem_responses(401), summary="도서관 계정 연결 해제")
def unlink(session: SessionDep, user: CurrentUser) -> Response:
    service.unlink(session, user)
    return Response(status_code=204)


@router.get("/loans", response_model=c.LoansOut, responses=problem_responses(401, 409, 503),
            summary="대출 중인 책과 반납 예정일")
def get_loans(session: SessionDep, user: CurrentUser) -> c.LoansOut:
    return service.loans(session, service.library_of(session), user)


@router.post("/loans/{loan_id}/renew", response_model=c.RenewOut,
             responses=problem_responses(401, 404, 409, 422, 503),
             summary="대출 연장 (한 번, 오늘부터 14일; 연체·예약된 책은 불가)")
def renew(loan_id: c.LoanId, session: SessionDep, user: CurrentUser, once: OnceDep):
    return once(user_scope(user), c.RenewKey(loan_id=loan_id),
                lambda: service.renew(session, service.library_of(session), user, loan_id),
                status=200)
