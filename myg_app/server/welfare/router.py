"""HTTP for 복지정책 검색 (/welfare), 보조금24 맞춤혜택 (/subsidy24, /me/subsidy24) and
소상공인 지원 (/small-biz). The paths and answer fields the issue names are a contract."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from myg_app.contracts import types as t
from myg_app.contracts import welfare as c
from myg_app.seoul_time import today_seoul
from myg_app.server.auth.deps import CurrentUser, OptionalUser, officer_of
from myg_app.server.auth.models import User
from myg_app.server.deps import Created, OnceDep, SessionDep, user_scope
from myg_app.server.problems import problem_responses
from myg_app.server.welfare import matching, service
from myg_app.server.welfare.service import Filters

ServiceId = Annotated[str, Path(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9-]+$",
                                description="서비스ID (보조금24) 또는 광양시 사업 번호")]
Q = Annotated[t.line(200), Query(description="찾을 말. 예: 아기 낳으면 받는 돈, 청년 월세")]
WelfareOfficer = officer_of("welfare", code="welfare.forbidden",
                            detail="광양시 복지 사업은 주민복지과 담당자만 고칠 수 있습니다.")
BizOfficer = officer_of("small_biz", code="welfare.forbidden",
                        detail="광양시 소상공인 지원사업은 일자리경제과 담당자만 고칠 수 있습니다.")

router = APIRouter(prefix="/welfare", tags=["welfare"])
subsidy = APIRouter(tags=["subsidy24"])
small_biz = APIRouter(prefix="/small-biz", tags=["small_biz"])


@router.get("/search", response_model=c.SearchOut, responses=problem_responses(422),
            summary="복지정책 검색 (일상 말, 띄어쓰기·오타, 영어 질문도)")
def search(session: SessionDep, q: Q = "", limit: Annotated[c.Limit, Query()] = 20,
           offset: Annotated[c.Offset, Query()] = 0,
           region: Annotated[c.Region, Query(description="gwangyang: 광양시민이 쓸 수 있는 것 "
                                                     "(중앙부처·전라남도·광양시), all: 다른 지역 포함")] = "gwangyang",
           field: Annotated[c.Field_ | None, Query(description="서비스분야")] = None,
           user_type: Annotated[c.UserType | None, Query(description="사용자구분")] = None,
           level: Annotated[c.Level | None, Query(description="광양시 / 전라남도 / 중앙부처")] = None,
           online: Annotated[bool | None, Query(description="온라인 신청 가능")] = None,
           always_open: Annotated[bool | None, Query(description="상시 신청")] = None) -> c.SearchOut:
    return service.search(session, q.strip(), limit, offset, Filters(
        region=region, field=field, user_type=user_type, level=level, online=online,
        always_open=always_open))


@router.get("/services/{service_id}", response_model=c.ServiceDetail,
            responses=problem_responses(404, 422), summary="복지 서비스 자세히 보기")
def get_service(service_id: ServiceId, session: SessionDep, user: OptionalUser) -> c.ServiceDetail:
    return service.detail(session, service_id, user)


@router.put("/services/{service_id}/bookmark", response_model=c.BookmarkOut,
            responses=problem_responses(401, 404, 422), summary="관심 복지에 담기")
def bookmark(service_id: ServiceId, session: SessionDep, user: CurrentUser) -> c.BookmarkOut:
    return service.set_bookmark(session, user, service_id, True)


@router.delete("/services/{service_id}/bookmark", response_model=c.BookmarkOut,
               responses=problem_responses(401, 404, 422), summary="관심 복지에서 빼기")
def unbookmark(service_id: ServiceId, session: SessionDep, user: CurrentUser) -> c.BookmarkOut:
    return service.set_bookmark(session, user, service_id, False)


@router.get("/bookmarks", response_model=c.SearchOut, responses=problem_responses(401),
            summary="내 관심 복지·지원사업")
def my_bookmarks(session: SessionDep, user: CurrentUser) -> c.SearchOut:
    items = service.bookmarks(session, user)
    return c.SearchOut(items=items, total=len(items))


def programme_routes(r: APIRouter, officer: object, audience: str, who: str) -> None:
    """광양시 programmes: add, edit and end (never delete), by `who`'s officers. `officer`
    is an officer_of(...) annotation; its Depends is the parameters' default (annotations
    are strings here, and a closure's name cannot be resolved from one)."""
    allowed = officer.__metadata__[0]  # type: ignore[attr-defined]

    @r.post("/programs", status_code=201, response_model=c.ServiceDetail,
            responses=problem_responses(401, 403, 422), summary=f"광양시 사업 등록 ({who})")
    def add_program(body: c.ProgramIn, session: SessionDep, once: OnceDep,
                    user: User = allowed):
        return once(user_scope(user), body,
                    lambda: Created(service.save_program(session, user, body, audience), 201))

    @r.put("/programs/{service_id}", response_model=c.ServiceDetail,
           responses=problem_responses(401, 403, 404, 409, 422), summary=f"광양시 사업 고치기 ({who})")
    def edit_program(service_id: ServiceId, body: c.ProgramIn, session: SessionDep,
                     user: User = allowed) -> c.ServiceDetail:
        return service.save_program(session, user, body, audience, service_id)

    @r.post("/programs/{service_id}/end", response_model=c.ServiceDetail,
            responses=problem_responses(401, 403, 404, 409, 422),
            summary=f"광양시 사업 종료 ({who}; 지우지 않고 종료로 표시)")
    def end_program(service_id: ServiceId, session: SessionDep,
                    user: User = allowed) -> c.ServiceDetail:
        return service.end_program(session, service_id)


programme_routes(router, WelfareOfficer, "welfare", "주민복지과")


# --- 보조금24 맞춤혜택 ------------------------------------------------------------------------

@subsidy.post("/subsidy24/match", response_model=c.MatchOut, responses=problem_responses(422),
              summary="맞춤혜택 찾기 (저장하지 않음, 로그인 없이)")
def match(body: c.MatchIn, session: SessionDep) -> c.MatchOut:
    return matching.match(session, matching.person_of(body), body.region)


@subsidy.get("/me/subsidy24", response_model=c.MyMatchOut, responses=problem_responses(401, 422),
             summary="내 맞춤혜택 (저장한 정보로)")
def my_matches(session: SessionDep, user: CurrentUser,
               region: Annotated[c.Region, Query()] = "gwangyang") -> c.MyMatchOut:
    return matching.my_matches(session, user, today_seoul(), region)


@subsidy.get("/me/subsidy24/profile", response_model=c.ProfileOut,
             responses=problem_responses(401), summary="맞춤혜택에 저장한 내 정보")
def my_profile(session: SessionDep, user: CurrentUser) -> c.ProfileOut:
    from myg_app.server.welfare.models import Subsidy24Profile
    return matching.profile_out(user, session.get(Subsidy24Profile, user.id), today_seoul())


@subsidy.put("/me/subsidy24/profile", response_model=c.ProfileOut,
             responses=problem_responses(401, 409, 422),
             summary="맞춤혜택 정보 저장 (동의한 경우에만)")
def save_profile(body: c.ProfileIn, session: SessionDep, user: CurrentUser) -> c.ProfileOut:
    return matching.save_profile(session, user, body, today_seoul())


@subsidy.delete("/me/subsidy24/profile", status_code=204, responses=problem_responses(401),
                summary="맞춤혜택 정보 지우기")
def forget_profile(session: SessionDep, user: CurrentUser) -> None:
    matching.forget_profile(session, user)


# --- 소상공인 지원 -----------------------------------------------------------------------------

@small_biz.get("/search", response_model=c.SearchOut, responses=problem_responses(422),
               summary="소상공인 지원사업 찾기 (업종·업력으로 거르기)")
def biz_search(session: SessionDep, q: Q = "", limit: Annotated[c.Limit, Query()] = 20,
               offset: Annotated[c.Offset, Query()] = 0,
               region: Annotated[c.Region, Query()] = "gwangyang",
               business_type: Annotated[c.BusinessType | None, Query(
                   description="restaurant 음식점업, manufacturing 제조업, other 기타")] = None,
               years: Annotated[int | None, Query(ge=0, le=100, description="업력(년), 0은 예비창업")] = None,
               level: Annotated[c.Level | None, Query()] = None) -> c.SearchOut:
    return service.search(session, q.strip(), limit, offset, Filters(
        region=region, level=level, audience="business", business_type=business_type,
        business_years=years))


programme_routes(small_biz, BizOfficer, "business", "일자리경제과")
