"""Demo data for the citizen ID: places giving benefits (all marked demo: the city has no such
agreements on record here) and an active card for the demo citizen, so the card screen and
the verifier can be tried at once. Idempotent."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.server.auth.models import User
from myg_app.server.citizen_id import numbers, service
from myg_app.server.citizen_id.models import CardBenefit, CitizenCard
from myg_app.server.config import Settings
from myg_app.server.db import utcnow
from myg_app.seoul_time import today_seoul

CITIZEN = "citizen@gwangyang.demo"
BENEFITS = (  # place, category, benefit, address
    ("광양시 공영주차장", "주차", "시민증을 보여 주면 주차 요금 30% 감면 (1일 1회, 예시)",
     "광양시 공영주차장 전체"),
    ("광양시립도서관", "도서관", "시민증으로 회원 가입 때 거주 확인 서류 생략, 대출 권수 2권 추가 (예시)",
     "광양읍·중마동 시립도서관"),
    ("광양문화예술회관", "공연", "시 주최 공연 관람료 20% 할인 (본인, 예시)", "광양시 중마동"),
    ("광양시 공공 체육시설", "체육", "수영장·헬스장 일일 입장료 10% 할인 (예시)", "광양스포츠센터 등"),
    ("광양 관광지 (예시)", "관광", "시 운영 관광지 입장료 면제 (예시)", None),
)


def seed(session: Session, settings: Settings) -> None:
    if session.scalar(select(CardBenefit.id).limit(1)) is None:
        for i, (place, category, benefit, address) in enumerate(BENEFITS):
            session.add(CardBenefit(place=place, category=category, benefit=benefit,
                                    address=address, sort=i, demo=True))
    user = session.scalar(select(User).where(User.email == CITIZEN))
    if user is None or session.scalar(select(CitizenCard.id)
                                      .where(CitizenCard.user_id == user.id).limit(1)):
        return
    today = today_seoul()
    card = CitizenCard(user_id=user.id, status="active", dong="jungma", name=user.name,
                       decided_at=utcnow(), valid_from=today,
                       valid_until=service.years_later(today, service.VALID_YEARS))
    session.add(card)
    session.flush()
    card.number = numbers.card_number(card.id)
