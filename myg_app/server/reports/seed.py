"""Idempotent demo data for 생활불편 신고: a few Gwangyang reports in every state and the
Open311 demo partner key (MYG_OPEN311_DEMO_KEY, else generated once into the data dir)."""
from __future__ import annotations

import logging
import os
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from myg_app.contracts import reports as c
from myg_app.server.auth.models import User
from myg_app.server.config import Settings, _load_or_create_secret
from myg_app.server.db import utcnow
from myg_app.server.open311 import keys
from myg_app.server.reports import desk, filing
from myg_app.server.reports.models import Open311ApiKey, Report

log = logging.getLogger(__name__)

DEMO_KEY_FILE = "open311_demo_key"
DEMO_KEY_NAME = "데모 협력 앱"


def demo_key(settings: Settings) -> str:
    """The demo partner's key: from the environment, else created once (0600) like the secret."""
    return os.environ.get("MYG_OPEN311_DEMO_KEY") or _load_or_create_secret(
        Path(settings.data_dir) / DEMO_KEY_FILE)


def seed(session: Session, settings: Settings) -> None:
    key = demo_key(settings)
    if session.scalar(select(Open311ApiKey).where(
            Open311ApiKey.key_hash == keys.hash_key(key))) is None:
        keys.issue_key(session, DEMO_KEY_NAME, key)
        log.info("Open311 demo key issued (see %s or MYG_OPEN311_DEMO_KEY)", DEMO_KEY_FILE)
    if session.scalar(select(func.count()).select_from(Report)):
        return  # reports exist: never add demo ones on top of real or earlier data
    by_email = {u.email: u for u in session.scalars(select(User).where(User.email.in_(
        ["citizen@gwangyang.demo", "roads@gwangyang.demo", "officer@gwangyang.demo"])))}
    citizen = by_email.get("citizen@gwangyang.demo")
    roads = by_email.get("roads@gwangyang.demo")
    front_desk = by_email.get("officer@gwangyang.demo")
    if not (citizen and roads and front_desk):
        return
    now = utcnow()
    lat, long = c.AREAS["중마동"]
    pothole = filing.create(session, citizen, c.ReportCreate(
        category="road", description="중마동 사거리 횡단보도 앞 도로에 큰 포트홀이 생겨 차가 덜컹거립니다.",
        lat=lat + 0.0012, long=long - 0.0008, address="전라남도 광양시 중마동 사거리", area="중마동",
        attributes={"kind": "v1"}), now=now - timedelta(days=3))
    desk.change_status(session, pothole.id, roads, c.StatusChange(
        status="in_progress", note="현장 확인했습니다. 이번 주 안에 긴급 보수하겠습니다."),
        now=now - timedelta(days=2))
    lat2, long2 = c.AREAS["광양읍"]
    banner = filing.create(session, citizen, c.ReportCreate(
        category="ads", description="광양읍 버스터미널 앞 가로수에 불법 현수막이 여러 장 걸려 있습니다.",
        lat=lat2 + 0.001, long=long2 + 0.001, area="광양읍", anonymous=True),
        now=now - timedelta(days=6))
    desk.change_status(session, banner.id, roads, c.StatusChange(
        status="done", note="현수막 5장을 모두 철거했습니다. 알려 주셔서 감사합니다."),
        now=now - timedelta(days=1))
    filing.create(session, citizen, c.ReportCreate(
        category="toilet", description="중마동 근린공원 공중화장실 세면대가 막혀 물이 넘칩니다.",
        lat=lat - 0.002, long=long + 0.0015, area="중마동", attributes={"kind": "v2"}),
        now=now - timedelta(days=9))  # past its 7-day deadline: shows as overdue
    session.flush()
