"""HTTP for 재난 알림: history and details (everyone), the live stream (everyone), a citizen's
settings (/me/alert-settings), and the safety department's own alerts."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request

from myg_app.contracts import alerts as c
from myg_app.contracts import types as t
from myg_app.server.alerts import national, rules, service, stream
from myg_app.server.auth.deps import CurrentUser, officer_of
from myg_app.server.deps import LiveSessionDep, OnceDep, SessionDep, user_scope
from myg_app.server.errors import AppError
from myg_app.server.problems import problem_responses

SafetyOfficer = officer_of("alerts", code="alerts.forbidden",
                           detail="재난 알림은 안전총괄과 담당자만 보낼 수 있습니다.")
DongCodes = Annotated[list[t.token(20)], Query(max_length=12, description="읍면동 코드 (여러 개)")]

router = APIRouter(prefix="/alerts", tags=["alerts"])
me = APIRouter(prefix="/me/alert-settings", tags=["alerts"])


def _codes(values: list[str]) -> list[str]:
    try:
        return c.check_dongs(values)
    except ValueError as e:
        raise AppError(422, "alerts.bad_dong", str(e), field="dong") from None


@router.get("", response_model=c.AlertPage, responses=problem_responses(422),
            summary="재난 알림 지난 목록 (단계·종류·기간)")
def history(session: SessionDep,
            level: Annotated[c.Level | None, Query(description="위급재난 / 긴급재난 / 안전안내")] = None,
            kind: Annotated[t.line(20) | None, Query(description="재난 종류")] = None,
            since: Annotated[date | None, Query(description="이날부터 (한국 시각)")] = None,
            until: Annotated[date | None, Query(description="이날까지")] = None,
            dong: DongCodes = [],  # noqa: B006 - FastAPI copies Query defaults
            cursor: Annotated[t.token(40) | None, Query()] = None,
            limit: Annotated[int, Query(ge=1, le=50)] = service.PAGE) -> c.AlertPage:
    return service.history(session, level=level, kind=kind, since=since, until=until,
                           cursor=cursor, dong_codes=_codes(dong), limit=limit)


@router.get("/kinds", response_model=list[str], summary="재난 종류 목록")
def kinds() -> list[str]:
    return list(c.KINDS)


@router.get("/stream", summary="실시간 재난 알림 (Server-Sent Events)",
            responses={200: {"content": {"text/event-stream": {}}}, **problem_responses(401, 422)})
async def live(request: Request, dong: DongCodes = [],  # noqa: B006
               level: Annotated[list[c.Level], Query(max_length=3)] = [],  # noqa: B006
               quiet: Annotated[t.line(11) | None, Query(description="방해 금지 시간, 예: 22:00-07:00")] = None,
               after: Annotated[t.Count | None, Query(description="마지막으로 받은 이벤트 번호")] = None,
               last_event_id: Annotated[t.line(12) | None, Header()] = None):
    """With no filter and a bearer token, the citizen's stored settings decide; a guest sends
    the 읍면동 and levels kept on the device (none: every alert of 광양시)."""
    chosen = None
    if dong or level or quiet:
        chosen = rules.Follow.of(_codes(dong), level or c.LEVELS, stream.parse_quiet(quiet))
    resume = after
    if resume is None and last_event_id:
        resume = t.parse_id(last_event_id.strip())
    return await stream.open_stream(request, chosen, resume or 0)


@router.get("/source", response_model=c.SourceStatus, responses=problem_responses(401, 403),
            summary="국가 재난문자 연동 상태 (담당자)")
def source(_officer: SafetyOfficer, session: SessionDep) -> c.SourceStatus:
    return national.status(session)


@router.post("/preview", response_model=c.AlertPreview, responses=problem_responses(401, 403, 422),
             summary="보내기 전 미리 보기 (받을 시민 수)")
def preview(body: c.AlertDraft, _officer: SafetyOfficer, session: SessionDep) -> c.AlertPreview:
    return service.preview(session, body)


@router.post("", status_code=201, response_model=c.AlertOut,
             responses=problem_responses(401, 403, 409, 422), summary="광양시 재난 알림 보내기")
def send(body: c.AlertDraft, officer: SafetyOfficer, session: LiveSessionDep,
         once: OnceDep) -> c.AlertOut:
    return once(user_scope(officer), body, lambda: service.send(session, officer, body))


@router.get("/{alert_id}", response_model=c.AlertDetail, responses=problem_responses(404, 422),
            summary="재난 알림 자세히 (행동요령·대피소)")
def get_alert(alert_id: t.Id, session: SessionDep) -> c.AlertDetail:
    return service.detail(session, alert_id)


@router.put("/{alert_id}", response_model=c.AlertOut,
            responses=problem_responses(401, 403, 404, 409, 422), summary="정정해 다시 보내기")
def correct(alert_id: t.Id, body: c.AlertCorrection, officer: SafetyOfficer,
            session: LiveSessionDep, once: OnceDep) -> c.AlertOut:
    # A retried correction must not count as a second one (revision, citizens' screens).
    return once(user_scope(officer), body, lambda: service.correct(session, officer, alert_id, body),
                status=200)


@router.post("/{alert_id}/withdraw", response_model=c.AlertOut,
             responses=problem_responses(401, 403, 404, 409, 422), summary="알림 철회")
def withdraw(alert_id: t.Id, body: c.AlertWithdrawal, officer: SafetyOfficer,
             session: LiveSessionDep, once: OnceDep) -> c.AlertOut:
    return once(user_scope(officer), body,
                lambda: service.withdraw(session, officer, alert_id, body), status=200)


@me.get("", response_model=c.AlertSettings, responses=problem_responses(401),
        summary="내 재난 알림 설정")
def get_settings(user: CurrentUser, session: SessionDep) -> c.AlertSettings:
    return service.get_settings(session, user)


@me.put("", response_model=c.AlertSettings, responses=problem_responses(401, 422),
        summary="재난 알림 설정 바꾸기 (읍면동·단계·방해 금지 시간)")
def put_settings(body: c.AlertSettings, user: CurrentUser, session: SessionDep) -> c.AlertSettings:
    return service.put_settings(session, user, body)
