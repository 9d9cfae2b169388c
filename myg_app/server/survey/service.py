"""설문조사·정책투표 rules: phases, who may answer (audience, sign-in for 정책투표), one response
per participant (the participation row's UNIQUE constraint, also under parallel submissions),
changing a response before the close, results and the officers' workflow
(draft -> published -> closed; results published or hidden at any time after the draft)."""
from __future__ import annotations

import hashlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from myg_app.contracts import survey as c
from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError
from myg_app.server.points import service as points
from myg_app.server.survey import answers as checks
from myg_app.server.survey.models import Survey, SurveyParticipation, SurveyResponse

KST = ZoneInfo("Asia/Seoul")


def not_found() -> AppError:
    return AppError(404, "survey.not_found", "설문을 찾을 수 없습니다.")


def phase(s: Survey, now: datetime | None = None) -> str:
    now = now or utcnow()
    if s.status == "draft":
        return "draft"
    if s.status == "closed" or now >= s.ends_at:
        return "closed"
    return "upcoming" if now < s.starts_at else "open"


def age_on(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def audience_text(s: Survey) -> str:
    parts = []
    if s.dongs:
        parts.append("·".join(s.dongs))
    if s.age_min is not None or s.age_max is not None:
        lo = f"{s.age_min}" if s.age_min is not None else ""
        hi = f"{s.age_max}" if s.age_max is not None else ""
        parts.append(f"{lo}~{hi}세" if lo and hi else f"{lo}세 이상" if lo else f"{hi}세 이하")
    return ", ".join(parts) if parts else "모든 시민"


def restricted(s: Survey) -> bool:
    return bool(s.dongs) or s.age_min is not None or s.age_max is not None


def audience_fault(s: Survey, user: User | None) -> tuple[bool, str | None]:
    """(outside the audience for sure, why the caller may not answer) for the audience alone."""
    if not restricted(s):
        return False, None
    if user is None:
        return False, f"대상({audience_text(s)}) 확인을 위해 로그인이 필요합니다."
    if s.dongs:
        if not user.dong:
            return False, "내 정보에 사는 읍면동을 입력하면 참여할 수 있습니다."
        if user.dong not in s.dongs:
            return True, f"{audience_text(s)} 주민을 위한 설문입니다."
    if s.age_min is not None or s.age_max is not None:
        age = age_on(user.birth_date, datetime.now(KST).date())
        if age is None:
            return False, "내 정보에 생년월일을 입력하면 참여할 수 있습니다."
        if (s.age_min is not None and age < s.age_min) or (s.age_max is not None
                                                             and age > s.age_max):
            return True, f"{audience_text(s)} 시민을 위한 설문입니다."
    return False, None


def eligibility(s: Survey, user: User | None, now: datetime | None = None) -> str | None:
    """None when the caller may answer now, else why not (Korean)."""
    p = phase(s, now)
    if p == "upcoming":
        return "아직 시작하지 않은 설문입니다."
    if p != "open":
        return "마감된 설문입니다." if p == "closed" else "게시되지 않은 설문입니다."
    if s.kind == "vote" and user is None:
        return "정책투표는 로그인해야 참여할 수 있습니다."
    return audience_fault(s, user)[1]


def participant_of(user: User | None, device: str | None) -> str | None:
    if user is not None:
        return f"user:{user.id}"
    if device:
        return "device:" + hashlib.sha256(device.encode()).hexdigest()
    return None


def participation(session: Session, s: Survey, who: str | None) -> SurveyParticipation | None:
    if who is None:
        return None
    return session.scalars(select(SurveyParticipation).where(
        SurveyParticipation.survey_id == s.id,
        SurveyParticipation.participant == who)).one_or_none()


def answered_ids(session: Session, who: str | None, ids: list[int]) -> set[int]:
    if who is None or not ids:
        return set()
    return set(session.scalars(select(SurveyParticipation.survey_id).where(
        SurveyParticipation.participant == who, SurveyParticipation.survey_id.in_(ids))))


def can_change(s: Survey, p: SurveyParticipation | None) -> bool:
    return (p is not None and s.allow_change and not s.anonymous and p.response_id is not None
            and phase(s) == "open")


# --- citizens ---------------------------------------------------------------------------

def listing(session: Session, user: User | None, state: str, kind: str | None) -> list[Survey]:
    now = utcnow()
    q = select(Survey).where(Survey.status != "draft")
    if state == "open":
        q = q.where(Survey.status == "published", Survey.ends_at > now).order_by(
            Survey.ends_at, Survey.id)
    else:
        q = q.where((Survey.status == "closed") | (Survey.ends_at <= now)).order_by(
            Survey.ends_at.desc(), Survey.id.desc())
    if kind:
        q = q.where(Survey.kind == kind)
    rows = session.scalars(q.limit(200)).all()
    return [s for s in rows if not audience_fault(s, user)[0]][:c.PAGE_MAX]


def public(session: Session, survey_id: int) -> Survey:
    s = session.get(Survey, survey_id)
    if s is None or s.status == "draft":
        raise not_found()
    return s


def respond(session: Session, survey_id: int, user: User | None,
            body: c.ResponseIn) -> tuple[c.ResponseOut, bool]:
    """Store the caller's answers: (answer, created). A second response is a 409 unless the
    survey lets a response be changed before the close."""
    s = session.get(Survey, survey_id)
    if s is None or s.status == "draft":
        raise not_found()
    if s.kind == "vote" and user is None:
        raise AppError(401, "auth.required", "정책투표는 로그인해야 참여할 수 있습니다.",
                       headers={"WWW-Authenticate": "Bearer"})
    why = eligibility(s, user)
    if why is not None:
        code = "survey.closed" if phase(s) == "closed" else "survey.not_eligible"
        raise AppError(409 if code == "survey.closed" or phase(s) == "upcoming" else 403,
                       code, why)
    who = participant_of(user, body.device)
    if who is None:
        raise AppError(422, "survey.device_required",
                       "이 기기를 확인할 수 없습니다. 앱을 새로 고치거나 로그인해 주세요.", field="device")
    stored = checks.validate(s.questions, body.answers)
    now = utcnow()
    existing = participation(session, s, who)
    if existing is not None:
        if not can_change(s, existing):
            raise AppError(409, "survey.already_answered",
                           "이미 응답한 설문입니다. 한 사람이 한 번만 응답할 수 있습니다.")
        response = session.get(SurveyResponse, existing.response_id)
        response.answers, response.changed_at = stored, now
        session.flush()
        return c.ResponseOut(survey_id=s.id, changed=True, message="응답을 고쳤습니다."), False
    response = SurveyResponse(survey_id=s.id, answers=stored,
                              user_id=None if s.anonymous or user is None else user.id,
                              submitted_at=None if s.anonymous else now)
    session.add(response)
    session.flush()
    row = SurveyParticipation(survey_id=s.id, participant=who,
                              user_id=user.id if user is not None else None,
                              response_id=None if s.anonymous else response.id)
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        # A parallel submission by the same person got there first (PostgreSQL waited on
        # the unique index until it committed); this whole transaction rolls back.
        raise AppError(409, "survey.already_answered",
                       "이미 응답한 설문입니다. 한 사람이 한 번만 응답할 수 있습니다.") from None
    session.execute(update(Survey).where(Survey.id == s.id).values(
        response_count=Survey.response_count + 1))
    if user is not None:
        points.earn(session, user, "survey_answered", f"survey:{s.id}")
    name = c.KIND_NAMES[s.kind]
    return c.ResponseOut(survey_id=s.id, message=f"{name}에 참여해 주셔서 감사합니다."), True


def mine(session: Session, survey_id: int, user: User | None, device: str | None
         ) -> c.MyResponse:
    s = public(session, survey_id)
    p = participation(session, s, participant_of(user, device))
    if p is None:
        return c.MyResponse(survey_id=s.id, answered=False)
    response = session.get(SurveyResponse, p.response_id) if p.response_id else None
    return c.MyResponse(survey_id=s.id, answered=True, can_change=can_change(s, p),
                        answers=checks.as_answers(response.answers) if response else None)


# --- officers ---------------------------------------------------------------------------

def questions_of(body: c.SurveyIn) -> list[dict]:
    return [q.model_dump() | {"id": i} for i, q in enumerate(body.questions)]


def _apply(s: Survey, body: c.SurveyIn, user: User) -> None:
    s.kind, s.title, s.description = body.kind, body.title.strip(), body.description.strip()
    s.starts_at, s.ends_at = body.starts_at, body.ends_at
    s.dongs, s.age_min, s.age_max = list(dict.fromkeys(body.dongs)), body.age_min, body.age_max
    s.anonymous, s.allow_change = body.anonymous, body.allow_change
    s.questions = questions_of(body)
    s.updated_by_id = user.id


def create(session: Session, user: User, body: c.SurveyIn) -> Survey:
    s = Survey(status="draft", created_by_id=user.id)
    _apply(s, body, user)
    session.add(s)
    session.flush()
    return s


def for_officer(session: Session, survey_id: int) -> Survey:
    s = session.get(Survey, survey_id)
    if s is None:
        raise not_found()
    return s


def edit(session: Session, user: User, survey_id: int, body: c.SurveyIn) -> Survey:
    s = for_officer(session, survey_id)
    if s.status != "draft":
        raise AppError(409, "survey.not_draft",
                       "게시한 설문은 고칠 수 없습니다. 응답이 달라지지 않도록 문항이 고정됩니다.")
    _apply(s, body, user)
    session.flush()
    return s


def act(session: Session, user: User, survey_id: int, action: str) -> Survey:
    s = for_officer(session, survey_id)
    now = utcnow()
    if action == "publish":
        if s.status != "draft":
            raise AppError(409, "survey.state", "작성 중인 설문만 게시할 수 있습니다.")
        if s.ends_at <= now:
            raise AppError(409, "survey.period", "마감 시각이 지났습니다. 기간을 고친 뒤 게시해 주세요.")
        s.status = "published"
    elif action == "close":
        if s.status != "published":
            raise AppError(409, "survey.state", "게시 중인 설문만 마감할 수 있습니다.")
        s.status, s.closed_at = "closed", now
    else:
        if s.status == "draft":
            raise AppError(409, "survey.state", "게시한 설문의 결과만 공개할 수 있습니다.")
        s.results_published = action == "publish_results"
    s.updated_by_id = user.id
    session.flush()
    return s


def officer_list(session: Session) -> list[Survey]:
    return list(session.scalars(select(Survey).order_by(Survey.id.desc()).limit(100)))


def responses_of(session: Session, s: Survey) -> list[SurveyResponse]:
    return list(session.scalars(select(SurveyResponse).where(
        SurveyResponse.survey_id == s.id).order_by(SurveyResponse.id)))
