"""HTTP for 디지털 광양시민증 (/api/v1/citizen-id): the citizen's card and QR, the public keys
and revocation list for verifiers, online verification, benefits, and the officer's desk."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from sqlalchemy import select

from myg_app.contracts import citizen_id as c
from myg_app.contracts import types as t
from myg_app.server.auth.deps import CurrentUser, officer_of
from myg_app.server.citizen_id import present, service
from myg_app.server.citizen_id import keys as card_keys
from myg_app.server.citizen_id.models import CardBenefit, CitizenCard
from myg_app.server.deps import OnceDep, SessionDep, SettingsDep, user_scope
from myg_app.server.problems import problem_responses

CardOfficer = officer_of("citizen_id")
router = APIRouter(prefix="/citizen-id", tags=["citizen_id"])


@router.get("/card", response_model=c.MyCard, responses=problem_responses(401),
            summary="내 광양시민증: 신청 상태, 카드 정보, 재발급 가능 여부")
def my_card(session: SessionDep, user: CurrentUser) -> c.MyCard:
    return present.my_card(service.current(session, user))


@router.post("/applications", status_code=201, response_model=c.CardOut,
             responses=problem_responses(401, 409, 413, 415, 422),
             summary="시민증 신청 (거주 읍면동 신고, 사진 선택; 주민등록번호는 받지 않음)")
def apply(body: c.ApplyIn, session: SessionDep, user: CurrentUser, once: OnceDep):
    return once(user_scope(user), body,
                lambda: present.card_out(service.apply(session, user, body)))


@router.get("/card/qr", response_model=c.QrBatch, responses=problem_responses(401, 409, 422),
            summary="서명된 QR (30초마다 바뀜): 지금부터 몇 구간 치")
def qr(session: SessionDep, settings: SettingsDep, user: CurrentUser,
       count: Annotated[int, Query(ge=1, le=service.QR_WINDOWS)] = service.QR_WINDOWS,
       response: Response = None) -> c.QrBatch:  # type: ignore[assignment]
    response.headers["Cache-Control"] = "no-store"
    return service.qr_batch(session, user, settings.data_dir, count)


@router.post("/card/revoke", response_model=c.CardOut, responses=problem_responses(401, 409, 422),
             summary="시민증 사용 중지 (휴대폰 분실, 전출)")
def revoke(body: c.RevokeIn, session: SessionDep, user: CurrentUser, once: OnceDep):
    return once(user_scope(user), body, status=200, make=lambda: present.card_out(
        service.revoke_own(session, user, body.reason)))


@router.post("/card/reissue", status_code=201, response_model=c.CardOut,
             responses=problem_responses(401, 409, 422),
             summary="재발급: 새 번호의 시민증 (이전 시민증은 취소)")
def reissue(session: SessionDep, user: CurrentUser, once: OnceDep):
    return once(user_scope(user), c.ReissueIn(),
                lambda: present.card_out(service.reissue(session, user)))


@router.get("/jwks", response_model=c.Jwks, summary="QR 서명 확인용 공개키 (JWKS, Ed25519)")
def jwks(settings: SettingsDep, response: Response) -> dict:
    response.headers["Cache-Control"] = "public, max-age=300"
    return card_keys.load(settings.data_dir).public_jwks()


@router.get("/revocations", response_model=c.Revocations,
            summary="취소된 시민증 목록 (광양시 서명, 확인 앱이 오프라인용으로 동기화)")
def revocations(session: SessionDep, settings: SettingsDep, response: Response) -> c.Revocations:
    response.headers["Cache-Control"] = "no-cache"
    return service.revocations(session, settings.data_dir)


@router.post("/verify", response_model=c.VerifyOut, responses=problem_responses(422),
             summary="QR 확인 (온라인): 유효, 만료, 취소, 위조")
def verify(body: c.VerifyIn, session: SessionDep, settings: SettingsDep) -> c.VerifyOut:
    return service.verify(session, settings.data_dir, body.token)


@router.get("/benefits", response_model=c.BenefitList, summary="시민증 혜택을 주는 곳")
def benefits(session: SessionDep) -> c.BenefitList:
    rows = session.scalars(select(CardBenefit).order_by(CardBenefit.sort, CardBenefit.id))
    return c.BenefitList(items=[c.Benefit(id=b.id, place=b.place, category=b.category,
                                          benefit=b.benefit, address=b.address, demo=b.demo)
                                for b in rows])


# --- the officer's desk (민원봉사과) -------------------------------------------------------

@router.get("/desk/applications", response_model=c.ApplicationList,
            responses=problem_responses(401, 403, 422), summary="시민증 신청 목록 (담당자)")
def applications(session: SessionDep, officer: CardOfficer,
                 status: Annotated[Literal["pending", "active", "rejected", "revoked"],
                                   Query(description="상태")] = "pending",
                 limit: Annotated[int, Query(ge=1, le=200)] = 50) -> c.ApplicationList:
    rows = session.scalars(select(CitizenCard).where(CitizenCard.status == status)
                           .order_by(CitizenCard.id.desc() if status != "pending"
                                     else CitizenCard.id).limit(limit))
    return c.ApplicationList(items=[present.application_out(r) for r in rows])


@router.get("/desk/applications/{card_id}", response_model=c.CardOut,
            responses=problem_responses(401, 403, 404, 422), summary="신청 한 건 (사진 포함)")
def application(card_id: t.Id, session: SessionDep, officer: CardOfficer) -> c.CardOut:
    card = session.get(CitizenCard, card_id)
    if card is None:
        from myg_app.server.errors import AppError

        raise AppError(404, "citizen_id.not_found", "신청을 찾을 수 없습니다.")
    return present.card_out(card)


@router.post("/desk/applications/{card_id}/decision", response_model=c.CardOut,
             responses=problem_responses(401, 403, 404, 409, 422),
             summary="거주 확인 후 승인 또는 반려")
def decide(card_id: t.Id, body: c.DecisionIn, session: SessionDep, officer: CardOfficer,
           once: OnceDep):
    return once(user_scope(officer), body, status=200, make=lambda: present.card_out(
        service.decide(session, officer, card_id, body)))


@router.post("/desk/cards/{card_id}/revoke", response_model=c.CardOut,
             responses=problem_responses(401, 403, 404, 409, 422), summary="시민증 취소 (담당자)")
def officer_revoke(card_id: t.Id, body: c.OfficerRevokeIn, session: SessionDep,
                   officer: CardOfficer, once: OnceDep):
    return once(user_scope(officer), body, status=200, make=lambda: present.card_out(
                    service.officer_revoke(session, officer, card_id, body.reason)))
