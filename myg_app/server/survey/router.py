"""HTTP for 설문조사·정책투표 (/surveys…). Citizens and guests list, read and answer
(OptionalUser: a guest's device id comes in the body or the `device` query); officers of
catalog.OWNERS["survey"] build, publish, close, watch live results and export CSV under
/surveys/officer."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from myg_app.contracts import survey as c
from myg_app.contracts import types as t
from myg_app.server.auth.deps import OptionalUser, officer_of
from myg_app.server.deps import Created, OnceDep, SessionDep, user_scope
from myg_app.server.errors import AppError
from myg_app.server.problems import problem_responses
from myg_app.server.survey import present, service

router = APIRouter(prefix="/surveys", tags=["survey"])
Staff = officer_of("survey", code="survey.forbidden",
                   detail="설문 관리는 감동시대추진단 담당자만 할 수 있습니다.")
Device = Annotated[c.DeviceToken | None, Query(description="손님: 이 기기의 식별값 (앱이 만든 임의 값)")]


@router.get("", response_model=c.SurveyPage, responses=problem_responses(401, 422),
            summary="설문·정책투표 목록 (진행 중 또는 마감, 내가 대상인 것만)")
def listing(session: SessionDep, user: OptionalUser,
            state: Annotated[c.State, Query(description="open: 진행 중·시작 전, closed: 마감")] = "open",
            kind: Annotated[c.Kind | None, Query(description="survey 또는 vote")] = None,
            device: Device = None) -> c.SurveyPage:
    rows = service.listing(session, user, state, kind)
    return present.page(session, rows, service.participant_of(user, device))


@router.get("/{survey_id}", response_model=c.SurveyDetail,
            responses=problem_responses(401, 404, 422), summary="설문 한 건 (문항과 내 참여 여부)")
def read(survey_id: t.Id, session: SessionDep, user: OptionalUser,
         device: Device = None) -> c.SurveyDetail:
    s = service.public(session, survey_id)
    return present.detail(session, s, user, service.participant_of(user, device))


@router.post("/{survey_id}/responses", status_code=201, response_model=c.ResponseOut,
             responses={200: {"description": "응답을 고쳤습니다 (마감 전 고치기를 허용한 설문)",
                              "model": c.ResponseOut},
                        **problem_responses(401, 403, 404, 409, 422)},
             summary="응답하기 (한 사람 한 번; 허용한 설문은 마감 전까지 고치기)")
def respond(survey_id: t.Id, body: c.ResponseIn, session: SessionDep, once: OnceDep,
            user: OptionalUser):
    def make():
        out, created = service.respond(session, survey_id, user, body)
        return Created(out, 201 if created else 200)
    return once(user_scope(user), body, make)


@router.get("/{survey_id}/responses/mine", response_model=c.MyResponse,
            responses=problem_responses(401, 404, 422), summary="내 응답 (익명 설문은 참여 여부만)")
def mine(survey_id: t.Id, session: SessionDep, user: OptionalUser,
         device: Device = None) -> c.MyResponse:
    return service.mine(session, survey_id, user, device)


@router.get("/{survey_id}/results", response_model=c.Results,
            responses=problem_responses(401, 403, 404, 422), summary="공개된 결과")
def results(survey_id: t.Id, session: SessionDep, user: OptionalUser) -> c.Results:
    s = service.public(session, survey_id)
    if not s.results_published:
        raise AppError(403, "survey.results_hidden", "결과가 아직 공개되지 않았습니다.")
    return present.results(s, service.responses_of(session, s), texts=False)


# --- officers -----------------------------------------------------------------------------

@router.get("/officer/all", response_model=c.OfficerPage,
            responses=problem_responses(401, 403), summary="설문 관리: 모든 설문 (최근 순)")
def officer_list(session: SessionDep, user: Staff) -> c.OfficerPage:
    return c.OfficerPage(items=[present.officer(session, s, user)
                                for s in service.officer_list(session)])


@router.post("/officer/surveys", status_code=201, response_model=c.OfficerSurvey,
             responses=problem_responses(401, 403, 422), summary="설문 만들기 (작성 중으로 저장)")
def create(body: c.SurveyIn, session: SessionDep, once: OnceDep, user: Staff):
    return once(user_scope(user), body, lambda: present.officer(
        session, service.create(session, user, body), user))


@router.post("/officer/preview", response_model=c.SurveyDetail,
             responses=problem_responses(401, 403, 422),
             summary="미리 보기 (저장하지 않고 시민에게 보일 모습)")
def preview(body: c.SurveyIn, user: Staff) -> c.SurveyDetail:
    return present.preview(body)


@router.get("/officer/surveys/{survey_id}", response_model=c.OfficerSurvey,
            responses=problem_responses(401, 403, 404, 422), summary="설문 관리: 한 건")
def officer_read(survey_id: t.Id, session: SessionDep, user: Staff) -> c.OfficerSurvey:
    return present.officer(session, service.for_officer(session, survey_id), user)


@router.put("/officer/surveys/{survey_id}", response_model=c.OfficerSurvey,
            responses=problem_responses(401, 403, 404, 409, 422), summary="작성 중인 설문 고치기")
def edit(survey_id: t.Id, body: c.SurveyIn, session: SessionDep,
         user: Staff) -> c.OfficerSurvey:
    return present.officer(session, service.edit(session, user, survey_id, body), user)


@router.post("/officer/surveys/{survey_id}/{action}", response_model=c.OfficerSurvey,
             responses=problem_responses(401, 403, 404, 409, 422),
             summary="게시(publish)·마감(close)·결과 공개(publish_results)·결과 비공개(hide_results)")
def act(survey_id: t.Id, action: c.Action, session: SessionDep, user: Staff) -> c.OfficerSurvey:
    return present.officer(session, service.act(session, user, survey_id, action), user)


@router.get("/officer/surveys/{survey_id}/results", response_model=c.Results,
            responses=problem_responses(401, 403, 404, 422), summary="실시간 결과 (글 응답 포함)")
def live_results(survey_id: t.Id, session: SessionDep, user: Staff) -> c.Results:
    s = service.for_officer(session, survey_id)
    return present.results(s, service.responses_of(session, s), texts=True)


@router.get("/officer/surveys/{survey_id}/export.csv", response_class=Response,
            responses={200: {"description": "CSV (UTF-8, BOM)", "content": {
                "text/csv": {"schema": {"type": "string"}}}},
                **problem_responses(401, 403, 404, 422)},
            summary="응답 내려받기 (CSV, 엑셀에서 열림)")
def export(survey_id: t.Id, session: SessionDep, user: Staff) -> Response:
    s = service.for_officer(session, survey_id)
    data = present.csv_bytes(session, s, service.responses_of(session, s))
    return Response(data, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="survey-{s.id}.csv"',
        "Cache-Control": "no-store"})
