"""Demo alerts from 안전총괄과, marked as demo, so a first start shows what an alert looks like.
They are the city's own alerts (source "city"): national messages come only from the real API."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.server.alerts import rules
from myg_app.server.alerts.models import Alert, AlertEvent
from myg_app.server.config import Settings
from myg_app.server.db import utcnow

# (hours ago, level, kind, dong codes, text)
DEMO = (
    (2, "안전안내", "한파", (), "[데모] 오늘 밤 광양시 최저기온 영하 7도 예상. 수도 계량기 보온, "
        "노약자 외출 자제 등 한파 피해에 유의하시기 바랍니다. [광양시]"),
    (26, "안전안내", "대설", ("okryong", "bonggang", "daap"), "[데모] 내일 새벽까지 북부 산간 "
        "지역에 많은 눈이 예상됩니다. 옥룡·봉강·다압면 주민께서는 비탈길 운행을 삼가시기 바랍니다. [광양시]"),
    (74, "긴급재난", "화재", ("taein",), "[데모] 태인동 공장 화재로 연기가 많이 나고 있습니다. "
        "인근 주민께서는 창문을 닫고 외출을 자제하시기 바랍니다. [광양시]"),
    (170, "안전안내", "교통", ("jungma",), "[데모] 중마동 컨테이너부두로 일대 도로 공사로 "
        "차량 통행이 통제됩니다. 우회 도로를 이용해 주시기 바랍니다. [광양시]"),
)


def seed(session: Session, settings: Settings) -> None:
    have = set(session.scalars(select(Alert.text).where(Alert.demo.is_(True))))
    now = utcnow()
    # Oldest first: event ids then follow time, as they do when alerts are sent for real.
    for hours, level, kind, codes, text in sorted(DEMO, key=lambda d: -d[0]):
        if text in have:
            continue
        at = now - timedelta(hours=hours)
        a = Alert(source="city", level=level, kind=kind, text=text, area=rules.area_text(codes),
                  dongs=rules.join_codes(codes), issued_at=at, updated_at=at, revision=1,
                  status="sent", demo=True)
        session.add(a)
        session.flush()
        session.add(AlertEvent(alert_id=a.id, action="sent", revision=1, created_at=at))
    session.flush()
