"""HTTP for 생활불편 신고: citizens under /reports, the department inbox under /officer/reports."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse

from myg_app.contracts import types as t
from myg_app.contracts import reports as c
from myg_app.server.auth.deps import CurrentUser, Officer
from myg_app.server.deps import OnceDep, SessionDep, SettingsDep, user_scope
from myg_app.server.problems import AppError, problem_responses
from myg_app.server.reports import citizen, desk, filing, geo, present, records, uploads
from myg_app.server.reports import photos as ph

router = APIRouter(tags=["reports"])


# --- reference data --------------------------------------------------------------------

@router.get("/reports/meta", response_model=c.ReportMeta, summary="신고 분야·읍면동·상태 안내")
def meta() -> c.ReportMeta:
    return c.ReportMeta(categories=list(c.CATEGORIES), redirects=list(c.REDIRECTS),
                        areas=c.AREAS, bounds=c.BOUNDS, statuses=c.STATUS_NAMES,
                        max_photos=c.MAX_PHOTOS, max_photo_bytes=ph.MAX_BYTES)


# --- photos ----------------------------------------------------------------------------

@router.post("/reports/photos", status_code=201, response_model=c.PhotoOut,
             responses=problem_responses(401, 413, 415, 422, 429),
             summary="신고 사진 올리기 (신고 전에 한 장씩)")
def upload_photo(body: c.PhotoUpload, user: CurrentUser, session: SessionDep,
                 settings: SettingsDep, once: OnceDep):
    data = ph.decoded(body.content_base64)
    return once(user_scope(user), body, lambda: present.photo_out(
        uploads.upload_photo(session, settings.data_dir, user, body.filename, data)))


@router.get("/reports/photos/{name}", response_class=FileResponse,
            responses=problem_responses(404), summary="신고 사진 (공개본·썸네일, 위치정보 없음)")
def photo_file(name: t.token(200), session: SessionDep, settings: SettingsDep):
    token, _, variant = name.partition(".")
    p = uploads.photo_by_token(session, token)
    # Not attached yet = not public yet (only its uploader has it, on the device).
    if p is None or p.report_id is None or variant not in ("jpg", "thumb.jpg"):
        raise AppError(404, "photo.not_found", "사진을 찾을 수 없습니다.")
    f = ph.paths(settings.data_dir, p.token, p.original_type)["thumb" if variant == "thumb.jpg"
                                                              else "public"]
    return FileResponse(f, media_type="image/jpeg",
                        headers={"Cache-Control": "public, max-age=86400"})


@router.get("/officer/reports/photos/{token}/original", response_class=FileResponse,
            responses=problem_responses(401, 403, 404), summary="원본 사진 (담당 부서만)")
def photo_original(token: t.token(200), officer: Officer, session: SessionDep, settings: SettingsDep):
    p = uploads.photo_by_token(session, token)
    if p is None or p.report_id is None:
        raise AppError(404, "photo.not_found", "사진을 찾을 수 없습니다.")
    desk.for_officer(session, p.report_id, officer)
    return FileResponse(ph.paths(settings.data_dir, p.token, p.original_type)["original"],
                        media_type=ph.media_type(p.original_type),
                        headers={"Cache-Control": "private, no-store"})


# --- citizens --------------------------------------------------------------------------

@router.post("/reports", status_code=201, response_model=c.ReportOut,
             responses=problem_responses(401, 422), summary="생활불편 신고하기")
def create_report(body: c.ReportCreate, user: CurrentUser, session: SessionDep,
                  once: OnceDep):
    return once(user_scope(user), body,
                lambda: present.detail(session, filing.create(session, user, body), user))


@router.get("/reports/mine", response_model=c.ReportList, responses=problem_responses(401),
            summary="내 신고 (공감한 신고 포함)")
def my_reports(user: CurrentUser, session: SessionDep) -> c.ReportList:
    rows = citizen.mine(session, user)
    return c.ReportList(items=present.summaries(session, rows), total=len(rows))


@router.get("/reports/nearby", response_model=c.ReportList, responses=problem_responses(422),
            summary="가까운 처리 중 신고 (중복 신고 대신 공감하기)")
def nearby(session: SessionDep, lat: Annotated[float, Query(ge=-90, le=90)],
           long: Annotated[float, Query(ge=-180, le=180)],
           radius: Annotated[int, Query(ge=10, le=2000)] = 300,
           category: str | None = None) -> c.ReportList:
    found = geo.nearby(session, lat, long, radius, category)
    rows = [r for r, _ in found]
    return c.ReportList(items=present.summaries(session, rows, {r.id: d for r, d in found}),
                        total=len(rows))


@router.get("/reports/{report_id:int}", response_model=c.ReportOut,
            responses=problem_responses(401, 404), summary="신고 상세 (처리 내역)")
def get_report(report_id: t.Id, user: CurrentUser, session: SessionDep) -> c.ReportOut:
    return present.detail(session, records.get(session, report_id), user)


@router.post("/reports/{report_id:int}/support", response_model=c.ReportOut,
             responses=problem_responses(401, 404, 409), summary="저도 불편해요 (공감)")
def support(report_id: t.Id, user: CurrentUser, session: SessionDep) -> c.ReportOut:
    return present.detail(session, citizen.support(session, report_id, user), user)


@router.post("/reports/{report_id:int}/reopen", response_model=c.ReportOut,
             responses=problem_responses(401, 403, 404, 409, 422),
             summary="완료된 신고 다시 열기 (14일 이내)")
def reopen(report_id: t.Id, body: c.ReopenRequest, user: CurrentUser,
           session: SessionDep) -> c.ReportOut:
    return present.detail(session, citizen.reopen(session, report_id, user, body.reason), user)


# --- officers --------------------------------------------------------------------------

@router.get("/officer/reports", response_model=c.OfficerReportList,
            responses=problem_responses(401, 403), summary="부서 신고함 (기한 지난 신고 먼저)")
def officer_inbox(officer: Officer, session: SessionDep,
                  status: Annotated[str | None, Query(pattern="^(open|received|in_progress|done|"
                                                              "rejected|transferred|duplicate)$")] = None,
                  category: t.line(40) | None = None, overdue: bool = False, mine: bool = False,
                  department: t.line(60) | None = None,
                  limit: Annotated[int, Query(ge=1, le=200)] = 50,
                  offset: t.Count = 0) -> c.OfficerReportList:
    rows, total, overdue_total = desk.inbox(
        session, officer, status=status, category=category, overdue=overdue,
        assigned_to_me=mine, department=department, limit=limit, offset=offset)
    return c.OfficerReportList(items=present.officer_summaries(session, rows), total=total,
                               overdue=overdue_total)


@router.get("/officer/reports/{report_id:int}", response_model=c.OfficerReportOut,
            responses=problem_responses(401, 403, 404), summary="신고 상세 (담당자용)")
def officer_report(report_id: t.Id, officer: Officer, session: SessionDep) -> c.OfficerReportOut:
    return present.officer_detail(session, desk.for_officer(session, report_id, officer),
                                  officer)


@router.get("/officer/reports/{report_id:int}/officers", response_model=c.OfficerList,
            responses=problem_responses(401, 403, 404), summary="지정할 수 있는 담당자")
def assignable(report_id: t.Id, officer: Officer, session: SessionDep) -> c.OfficerList:
    report = desk.for_officer(session, report_id, officer)
    return c.OfficerList(items=[c.OfficerOut(id=u.id, name=u.name)
                                for u in desk.officers_of(session, report.department)])


@router.post("/officer/reports/{report_id:int}/status", response_model=c.OfficerReportOut,
             responses=problem_responses(401, 403, 404, 409, 422),
             summary="처리 상태 바꾸기 (시민에게 보일 메모 필수)")
def change_status(report_id: t.Id, body: c.StatusChange, officer: Officer,
                  session: SessionDep) -> c.OfficerReportOut:
    r = desk.change_status(session, report_id, officer, body)
    return present.officer_detail(session, r, officer)


@router.post("/officer/reports/{report_id:int}/assign", response_model=c.OfficerReportOut,
             responses=problem_responses(401, 403, 404, 409, 422), summary="담당자 지정")
def assign(report_id: t.Id, body: c.AssignRequest, officer: Officer,
           session: SessionDep) -> c.OfficerReportOut:
    r = desk.assign(session, report_id, officer, body.assignee_id)
    return present.officer_detail(session, r, officer)


@router.post("/officer/reports/{report_id:int}/extend", response_model=c.OfficerReportOut,
             responses=problem_responses(401, 403, 404, 409, 422),
             summary="처리 기한 연장 (사유는 신고인에게 안내)")
def extend(report_id: t.Id, body: c.ExtendRequest, officer: Officer,
           session: SessionDep) -> c.OfficerReportOut:
    r = desk.extend(session, report_id, officer, body.days, body.reason)
    return present.officer_detail(session, r, officer)
