"""The catalogue on a fresh database (the embedded 보조금24 records), and a few demo 광양시
소상공인 programmes, marked as demo, so the officer's list is not empty on a first start."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.contracts.welfare import ProgramIn
from myg_app.server.config import Settings
from myg_app.server.welfare import catalogue, records
from myg_app.server.welfare.models import WelfareService

DEMO_PROGRAMS = (
    ProgramIn(
        name="[예시] 광양시 소상공인 카드수수료 지원",
        summary="연 매출 3억 원 이하 소상공인의 카드 결제 수수료 일부를 돌려드립니다.",
        field="고용·창업", user_types=["소상공인"],
        target="광양시에 사업자 등록을 하고 영업 중인 연 매출 3억 원 이하 소상공인",
        content="전년도 카드 결제 수수료의 50%, 업체당 최대 30만 원",
        how_to_apply="광양시청 일자리경제과 방문 또는 우편 신청", deadline="2026. 3. 2. ~ 2026. 12. 31.",
        documents="사업자등록증 사본, 카드 매출 내역서, 통장 사본", department="일자리경제과",
        contact="일자리경제과/061-797-2114", business_types=[]),
    ProgramIn(
        name="[예시] 광양시 청년 창업 점포 임차료 지원",
        summary="창업 3년 이내 만 39세 이하 청년 창업자의 점포 임차료를 지원합니다.",
        field="고용·창업", user_types=["소상공인"], age_min=19, age_max=39,
        target="광양시에서 창업한 지 3년 이내인 만 19~39세 청년 소상공인",
        content="월 임차료의 50%, 월 최대 30만 원, 최대 12개월", business_years_max=3,
        how_to_apply="광양시청 일자리경제과 방문 신청", deadline="상시신청",
        documents="사업자등록증 사본, 임대차계약서 사본", department="일자리경제과",
        contact="일자리경제과/061-797-2114"),
    ProgramIn(
        name="[예시] 광양시 음식점 위생환경 개선 지원",
        summary="음식점의 주방 시설과 위생 환경 개선 비용을 지원합니다.",
        field="고용·창업", user_types=["소상공인"], business_types=["restaurant"],
        target="광양시에서 영업 중인 일반·휴게음식점", content="시설 개선비의 70%, 업소당 최대 200만 원",
        how_to_apply="광양시청 방문 신청", deadline="상시신청", department="일자리경제과",
        contact="일자리경제과/061-797-2114"),
)


def seed(session: Session, settings: Settings) -> None:
    catalogue.load_embedded(session)
    if session.scalar(select(WelfareService.id).where(WelfareService.source == "city")
                      .limit(1)) is not None:
        return
    st = catalogue.state(session, lock=True)
    recs = []
    for body in DEMO_PROGRAMS:
        rec = records.from_program(f"MYG{st.next_city_number:09d}", body, "business")
        st.next_city_number += 1
        recs.append(rec)
    catalogue.upsert(session, recs, complete=False, source="city")
    for rec in recs:
        row = session.get(WelfareService, rec["id"])
        if row is not None:
            row.demo = True
    session.flush()
