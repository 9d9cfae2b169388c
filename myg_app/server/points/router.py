"""HTTP for 시정·청년참여 포인트: the citizen's /me/points and the officer's /points."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from myg_app.contracts import points as c
from myg_app.contracts import types as t
from myg_app.server.auth.deps import CurrentUser, officer_of
from myg_app.server.deps import OnceDep, SessionDep, SettingsDep, user_scope
from myg_app.server.points import account
from myg_app.server.problems import problem_responses

PointsOfficer = officer_of("points")
Limit = Annotated[int, Query(ge=1, le=100, description="한 번에 받을 내역 수")]
Offset = Annotated[t.Count, Query(description="건너뛸 내역 수")]

mine = APIRouter(prefix="/me/points", tags=["points"])
router = APIRouter(prefix="/points", tags=["points"])


@mine.get("", response_model=c.PointsSummary, responses=problem_responses(401, 422),
          summary="내 포인트: 잔액, 소멸 예정, 적립·사용 내역")
def my_points(session: SessionDep, user: CurrentUser, offset: Offset = 0,
              limit: Limit = 20) -> c.PointsSummary:
    return account.summary(session, user, offset=offset, limit=limit)


@mine.post("/redeem", status_code=201, response_model=c.Redemption,
           responses=problem_responses(401, 409, 422, 503),
           summary="포인트 사용: 광양사랑상품권 교환 또는 복지재단 기부")
def redeem(body: c.RedeemIn, session: SessionDep, settings: SettingsDep, user: CurrentUser,
           once: OnceDep):
    assert settings.secret_key
    return once(user_scope(user), body,
                lambda: account.redeem(session, user, body, settings.secret_key))


@router.post("/adjust", status_code=201, response_model=c.OfficerResult,
             responses=problem_responses(401, 403, 404, 409, 422),
             summary="포인트 조정 (담당자, 사유 필수, 감사 기록)")
def adjust(body: c.AdjustIn, session: SessionDep, officer: PointsOfficer, once: OnceDep):
    return once(user_scope(officer), body, lambda: account.adjust(session, officer, body))


@router.post("/campaign", status_code=201, response_model=c.OfficerResult,
             responses=problem_responses(401, 403, 404, 409, 422),
             summary="캠페인 참여 인증 (예: 앱 설치 인증): 시민당 캠페인마다 한 번 적립")
def campaign(body: c.CampaignIn, session: SessionDep, officer: PointsOfficer, once: OnceDep):
    return once(user_scope(officer), body, lambda: account.campaign(session, officer, body))


@router.get("/audit", response_model=c.AuditPage, responses=problem_responses(401, 403, 422),
            summary="포인트 조정·인증 감사 기록 (최신순)")
def audit(session: SessionDep, officer: PointsOfficer, offset: Offset = 0,
          limit: Limit = 50) -> c.AuditPage:
    return account.audit(session, offset=offset, limit=limit)


@router.post("/vouchers/check", response_model=c.VoucherCheck,
             responses=problem_responses(401, 403, 422),
             summary="상품권 QR 확인 (서버 키로 서명 검증)")
def check_voucher(body: c.VoucherCheckIn, session: SessionDep, settings: SettingsDep,
                  officer: PointsOfficer) -> c.VoucherCheck:
    assert settings.secret_key
    return account.check_voucher(session, body, settings.secret_key)
