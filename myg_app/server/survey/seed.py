"""Demo surveys (marked `demo`, "[데모]" in the title is not used: the app shows a 데모 chip):
one open survey, one open 정책투표 and one closed survey with published results and a few demo
responses. Idempotent: nothing is added once a demo survey exists. On a fresh database they
get ids 1, 2 and 3 (tests/screen_routes.py visits them)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.server.auth.models import User
from myg_app.server.config import Settings
from myg_app.server.db import utcnow
from myg_app.server.survey.models import Survey, SurveyParticipation, SurveyResponse

NOTE = "\n\n※ 앱 시연을 위한 데모 설문입니다. 실제 광양시 설문이 아닙니다."
OFFICER = "news@gwangyang.demo"  # 감동시대추진단 (catalog.OWNERS["survey"])


def q(kind: str, text: str, *options: str, required: bool = True,
      max_choices: int | None = None) -> dict:
    return {"kind": kind, "text": text, "required": required, "options": list(options),
            "max_choices": max_choices}


OPEN = [
    q("single", "MY광양 앱을 얼마나 자주 쓰시나요?", "매일", "일주일에 몇 번", "한 달에 몇 번", "처음 써 봅니다"),
    q("multi", "앱에서 자주 쓰는 기능을 골라 주세요. (최대 2개)", "버스 정보", "생활불편 신고",
      "시설 예약", "시정 소식", "날씨", max_choices=2),
    q("scale", "앱이 쓰기 편한가요? (1점: 매우 불편, 5점: 매우 편함)"),
    q("short", "가장 바라는 기능을 한 줄로 적어 주세요.", required=False),
    q("long", "그 밖에 하고 싶은 말씀을 자유롭게 적어 주세요.", required=False),
]
VOTE = [
    q("single", "중마동 해변공원 야간 조명 시간을 밤 11시까지 늘리는 데 찬성하십니까?",
      "찬성", "반대", "잘 모르겠음"),
]
CLOSED = [
    q("single", "광양 매화축제에 가 보셨나요?", "올해 가 봄", "예전에 가 봄", "가 본 적 없음"),
    q("scale", "축제 주차 안내에 만족하셨나요?"),
    q("long", "내년 축제에 바라는 점을 적어 주세요.", required=False),
]
CLOSED_ANSWERS = [
    {"0": [0], "1": 4, "2": "셔틀버스를 더 자주 운행해 주세요."},
    {"0": [0], "1": 3},
    {"0": [1], "1": 2, "2": "주차장 안내 표지판이 더 많았으면 합니다."},
    {"0": [2], "1": 5},
    {"0": [0], "1": 4, "2": "먹거리 장터가 좋았습니다."},
]


def seed(session: Session, settings: Settings) -> None:
    if session.scalar(select(Survey.id).where(Survey.demo.is_(True)).limit(1)) is not None:
        return
    officer = session.scalar(select(User).where(User.email == OFFICER))
    by = officer.id if officer else None
    now = utcnow()

    def add(kind: str, title: str, description: str, questions: list[dict], *, days: tuple,
            status: str = "published", **kw) -> Survey:
        s = Survey(kind=kind, title=title, description=description + NOTE, status=status,
                   starts_at=now + timedelta(days=days[0]), ends_at=now + timedelta(days=days[1]),
                   questions=[x | {"id": i} for i, x in enumerate(questions)], demo=True,
                   created_by_id=by, updated_by_id=by, dongs=[], **kw)
        session.add(s)
        session.flush()
        return s

    add("survey", "MY광양 앱 이용 만족도 조사",
        "MY광양 앱을 더 쓰기 좋게 만들기 위해 의견을 듣습니다. 3분이면 끝납니다.", OPEN,
        days=(-3, 14), allow_change=True)
    add("vote", "중마동 해변공원 야간 조명 연장",
        "해변공원 산책로 조명을 밤 10시에서 11시까지 늘리는 안에 대해 시민 의견을 묻습니다.", VOTE,
        days=(-1, 10))
    closed = add("survey", "광양 매화축제 방문 경험 조사",
                 "올해 매화축제를 다녀오신 경험을 여쭙니다. 결과는 내년 축제 준비에 씁니다.", CLOSED,
                 days=(-40, -10), status="closed", anonymous=True, results_published=True,
                 closed_at=now - timedelta(days=10))
    for n, answers in enumerate(CLOSED_ANSWERS, 1):
        r = SurveyResponse(survey_id=closed.id, answers=answers)
        session.add(r)
        session.add(SurveyParticipation(survey_id=closed.id, participant=f"demo:{n}"))
    closed.response_count = len(CLOSED_ANSWERS)
    session.flush()
