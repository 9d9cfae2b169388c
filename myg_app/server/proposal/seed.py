"""Idempotent demo data for 정책 제안 (marked demo): proposals in every state, from the demo
citizen, supported by the demo officers' accounts standing in for citizens."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from myg_app.contracts import proposal as c
from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.proposal import desk, service
from myg_app.server.proposal.models import Proposal, ProposalSupport
from myg_app.server.proposal.rules import ProposalSettings

DEMO = [
    ("중마동 시내버스 배차 간격 줄여 주세요", "traffic", "jungma",
     "출퇴근 시간 중마동에서 광양읍으로 가는 시내버스가 30분에 한 대뿐이라 학생과 직장인이 "
     "많이 기다립니다. 출퇴근 시간만이라도 배차 간격을 15분으로 줄여 주세요."),
    ("광양읍 서천변에 그늘막 쉼터를 만들어 주세요", "environment", "gwangyang",
     "서천변 산책로를 걷는 어르신이 많은데 여름에 쉴 그늘이 없습니다. 300m마다 그늘막과 의자를 "
     "놓아 주세요."),
    ("옥룡면 경로당에 순회 건강검진을 와 주세요", "welfare", "okryong",
     "옥룡면 어르신들은 보건소까지 가기가 어렵습니다. 한 달에 한 번 경로당으로 순회 건강검진을 "
     "와 주시면 좋겠습니다."),
    ("청년꿈터 주말에도 열어 주세요", "youth", "jungma",
     "평일에는 일하는 청년이 많아 청년꿈터를 쓰기 어렵습니다. 토요일에도 공부방을 열어 주세요."),
]


def seed(session: Session, settings) -> None:
    if session.scalar(select(func.count()).select_from(Proposal)):
        return  # proposals exist: never add demo ones on top
    emails = ["citizen@gwangyang.demo", "news@gwangyang.demo", "officer@gwangyang.demo",
              "welfare@gwangyang.demo", "jobs@gwangyang.demo"]
    users = {u.email: u for u in session.scalars(select(User).where(User.email.in_(emails)))}
    citizen, owner = users.get("citizen@gwangyang.demo"), users.get("news@gwangyang.demo")
    if citizen is None or owner is None:
        return
    ps = ProposalSettings()
    now = utcnow()
    made = []
    for i, (title, cat, dong, body) in enumerate(DEMO):
        made.append(service.create(session, ps, citizen, c.ProposalCreate(
            title=title, body=body, category=cat, dong=dong), demo=True,
            now=now - timedelta(days=20 - i * 5)))
    bus, shade, health, youth = made
    supporters = [u for e, u in users.items() if e != "citizen@gwangyang.demo"]
    for p in (bus, shade, health):  # demo support counts stand for many citizens
        for u in supporters:
            session.add(ProposalSupport(proposal_id=p.id, user_id=u.id))
        p.supports = p.threshold
        p.state, p.review_at = "review", now - timedelta(days=12)
        p.answer_due_at = p.review_at + timedelta(days=ps.answer_days)
        service.add_event(session, p, None, "review", "collecting", "review",
                          f"공감 {p.threshold}명이 모여 담당 부서가 검토합니다.", p.review_at)
    youth.supports = 7
    desk.assign(session, bus.id, owner, "교통과")
    desk.assign(session, health.id, owner, "건강증진과")
    health.answer_due_at = now - timedelta(days=2)  # overdue on the officers' side
    desk.answer(session, shade.id, owner, c.AnswerCreate(
        decision="partial", reason="서천변 1km 구간에 그늘막 5곳을 우선 설치하고, 나머지 구간은 "
                                   "내년 예산에 반영하겠습니다."))
    desk.progress(session, shade.id, owner, c.ProgressCreate(
        note="그늘막 5곳 설치 업체를 정했습니다. 6월 말까지 설치합니다."))
    session.flush()
