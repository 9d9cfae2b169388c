"""Gwangyang demo venues, a term of courses and legal counsel days (idempotent by name).

Course periods are placed relative to the first start, so the demo always has a course open
for applications and a lottery that draws a little later.
"""
from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.contracts.reservations import BookingCreate
from myg_app.seoul_time import seoul_to_utc
from myg_app.server.auth.models import User
from myg_app.server.config import Settings
from myg_app.server.db import utcnow
from myg_app.server.reservations import booking, lottery, slots
from myg_app.server.reservations.models import Booking, Resource

CULTURE, SPORTS, CIVIL = "문화예술과", "체육진흥과", "민원봉사과"
WEEKDAYS, EVERY_DAY = "1111100", "1111111"


def _facilities() -> list[dict]:
    return [
        dict(kind="facility", category="강당", name="광양문화예술회관 소공연장", dong="광양읍",
             place="광양읍 인덕로 1100 광양문화예술회관 2층", department=CULTURE, mode="approval",
             capacity=1, max_headcount=300, opens=time(9), closes=time(22), slot_minutes=60,
             weekdays="1111110", fee_resident=30000, fee_nonresident=45000, cancel_hours=72,
             book_ahead_days=90, description="무대·음향 기본 제공. 공연·강연·발표회용. 담당자 승인 후 확정됩니다."),
        dict(kind="facility", category="회의실", name="중마동 행정복지센터 3층 회의실", dong="중마동",
             place="중마동 행정복지센터 3층", department=CULTURE, mode="instant", capacity=1,
             max_headcount=20, opens=time(9), closes=time(18), slot_minutes=60, weekdays=WEEKDAYS,
             fee_resident=5000, fee_nonresident=10000, cancel_hours=24, book_ahead_days=30,
             description="빔프로젝터와 화이트보드가 있는 20석 회의실. 바로 확정됩니다."),
        dict(kind="facility", category="강의실", name="광영동 행정복지센터 다목적강의실", dong="광영동",
             place="광영동 행정복지센터 2층", department=CULTURE, mode="instant", capacity=1,
             max_headcount=40, opens=time(9), closes=time(21), slot_minutes=60, weekdays=WEEKDAYS,
             fee_resident=10000, fee_nonresident=15000, cancel_hours=24, book_ahead_days=30,
             description="40석 강의실. 동아리 모임, 교육, 주민 회의에 쓸 수 있습니다."),
        dict(kind="facility", category="회의실", name="옥룡면 작은도서관 세미나실", dong="옥룡면",
             place="옥룡면 행정복지센터 옆 작은도서관 1층", department=CULTURE, mode="approval",
             capacity=1, max_headcount=12, opens=time(10), closes=time(17), slot_minutes=60,
             weekdays=WEEKDAYS, fee_resident=0, fee_nonresident=0, cancel_hours=24,
             book_ahead_days=30, description="12석 세미나실. 무료이며 담당자 승인 후 확정됩니다."),
        dict(kind="facility", category="강당", name="금호동 커뮤니티센터 강당", dong="금호동",
             place="금호동 커뮤니티센터 1층", department=CULTURE, mode="approval", capacity=1,
             max_headcount=150, opens=time(9), closes=time(21), slot_minutes=60, weekdays=EVERY_DAY,
             fee_resident=20000, fee_nonresident=30000, cancel_hours=72, book_ahead_days=60,
             description="150석 강당. 주말에도 운영합니다."),
    ]


def _sports() -> list[dict]:
    base = dict(kind="sports", department=SPORTS, mode="instant", capacity=1, cancel_hours=2,
                book_ahead_days=14, max_active_per_user=2, weekdays=EVERY_DAY)
    return [
        base | dict(category="테니스장", name="광양공설운동장 테니스장 1번 코트", dong="광양읍",
                    place="광양읍 공설운동장 테니스장", opens=time(6), closes=time(22), slot_minutes=60,
                    fee_resident=4000, fee_nonresident=6000, description="하드코트. 야간 조명 있음."),
        base | dict(category="테니스장", name="광양공설운동장 테니스장 2번 코트", dong="광양읍",
                    place="광양읍 공설운동장 테니스장", opens=time(6), closes=time(22), slot_minutes=60,
                    fee_resident=4000, fee_nonresident=6000, description="하드코트. 야간 조명 있음."),
        base | dict(category="체육관", name="중마 실내체육관 배드민턴 A코트", dong="중마동",
                    place="중마동 실내체육관 1층", opens=time(7), closes=time(21), slot_minutes=60,
                    fee_resident=3000, fee_nonresident=5000, description="실내화 필수."),
        base | dict(category="수영장", name="광양실내수영장 자유수영", dong="중마동",
                    place="중마동 광양실내수영장", capacity=30, opens=time(6), closes=time(21),
                    slot_minutes=60, weekdays="1111110", fee_resident=3000, fee_nonresident=4500,
                    description="한 시간 30명까지. 수영모 필수."),
        base | dict(category="풋살장", name="골약동 풋살장", dong="골약동", place="골약동 체육공원",
                    opens=time(8), closes=time(22), slot_minutes=120, fee_resident=20000,
                    fee_nonresident=30000, description="인조잔디 풋살장. 2시간 단위."),
        base | dict(category="축구장", name="진월 인조잔디 축구장", dong="진월면", place="진월면 체육공원",
                    opens=time(8), closes=time(20), slot_minutes=120, fee_resident=40000,
                    fee_nonresident=60000, description="11인제 인조잔디 구장. 2시간 단위."),
    ]


def _courses(today: date) -> list[dict]:
    now = utcnow()
    opens, closes = now - timedelta(days=7), now + timedelta(days=14)
    term_start = today + timedelta(days=28 - today.weekday())  # a Monday about a month away
    term_end = term_start + timedelta(weeks=10)
    base = dict(kind="course", department=CULTURE, mode="instant", slot_minutes=120,
                cancel_hours=24, book_ahead_days=365, term_starts_on=term_start,
                term_ends_on=term_end, apply_opens_at=opens, apply_closes_at=closes)
    return [
        base | dict(category="전통문화", name="생활 서예 교실", dong="광양읍", place="광양문화원 2층 강의실",
                    host="강사 박묵향", capacity=20, opens=time(10), closes=time(12), weekdays="0100100",
                    selection="first_come", fee_resident=30000, fee_nonresident=45000,
                    description="붓 잡는 법부터 작품 완성까지. 재료비 별도."),
        base | dict(category="음악", name="통기타 입문", dong="중마동", place="중마동 행정복지센터 4층",
                    host="강사 이현우", capacity=15, opens=time(19), closes=time(21), weekdays="0010000",
                    selection="lottery", fee_resident=40000, fee_nonresident=60000,
                    description="인기 강좌라 신청 기간이 끝나면 추첨합니다. 기타는 각자 준비."),
        base | dict(category="디지털", name="어르신 스마트폰 활용 교실", dong="광영동",
                    place="광영동 행정복지센터 2층", host="강사 정다온", capacity=12, opens=time(14),
                    closes=time(16), weekdays="1000000", selection="first_come", fee_resident=0,
                    fee_nonresident=0, description="카카오톡, 사진, MY광양 앱 쓰는 법. 무료."),
        base | dict(category="공예", name="어린이 도자기 공예", dong="금호동", place="금호동 커뮤니티센터 공방",
                    host="강사 김흙빛", capacity=10, opens=time(10), closes=time(12), weekdays="0000010",
                    selection="lottery", fee_resident=50000, fee_nonresident=70000,
                    description="초등학생 대상. 재료비 포함."),
    ]


def _legal() -> list[dict]:
    base = dict(kind="legal", category="법률상담", department=CIVIL, mode="instant", capacity=1,
                slot_minutes=30, cancel_hours=24, book_ahead_days=60, fee_resident=0,
                fee_nonresident=0, host="마을변호사 (자원봉사)")
    return [
        base | dict(name="무료법률상담 · 광양시청 민원실", dong="광양읍", place="광양시청 1층 민원실 상담실",
                    opens=time(14), closes=time(17), weekdays="0010000",
                    description="매주 수요일 14~17시, 한 분 30분. 한 달에 한 번 예약할 수 있습니다."),
        base | dict(name="무료법률상담 · 중마동 행정복지센터", dong="중마동", place="중마동 행정복지센터 2층 상담실",
                    opens=time(10), closes=time(12), weekdays="0000100",
                    description="매주 금요일 10~12시, 한 분 30분."),
    ]


def seed(session: Session, settings: Settings) -> None:
    today = slots.seoul_today(utcnow())
    existing = set(session.scalars(select(Resource.name)))
    for spec in _facilities() + _sports() + _courses(today) + _legal():
        if spec["name"] in existing:
            continue
        r = Resource(**spec)
        if r.kind == "course" and r.selection == "lottery":
            r.lottery_seed = lottery.new_seed()
        session.add(r)
    session.flush()
    _demo_request(session)


def _demo_request(session: Session) -> None:
    """One hall request from the demo citizen, so the officer's approval list is not empty."""
    citizen = session.scalar(select(User).where(User.email == "citizen@gwangyang.demo"))
    hall = session.scalar(select(Resource).where(Resource.name == "광양문화예술회관 소공연장"))
    if citizen is None or hall is None or session.scalar(
            select(Booking.id).where(Booking.user_id == citizen.id).limit(1)):
        return
    now = utcnow()
    day = slots.seoul_today(now) + timedelta(days=10)
    while slots.day_block(hall, day, [], now):
        day += timedelta(days=1)
    if seoul_to_utc(day, time(14)) <= now:
        return
    booking.create_booking(session, citizen, BookingCreate(
        resource_id=hall.id, day=day, start=time(14), end=time(16), headcount=80,
        purpose="광양 시민합창단 정기 발표회", resident=True), now)
