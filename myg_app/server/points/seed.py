"""Demo earnings for the demo citizen (marked `demo`: "예시" in the history), so the points
screen is not empty: one campaign whose points expire soon, surveys, a completed report and an
adopted proposal. Idempotent: the ledger's unique (user, rule, ref) keeps each line once."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.server.auth.models import User
from myg_app.server.config import Settings
from myg_app.server.db import utcnow
from myg_app.server.points.service import credit

CITIZEN = "citizen@gwangyang.demo"
DEMO = (  # (rule, ref, days ago)
    ("campaign", "demo:app_install", 365 * 5 - 40),  # expires within the next 90 days
    ("survey_answered", "demo:survey-1", 300),
    ("report_completed", "demo:report-1", 120),
    ("proposal_adopted", "demo:proposal-1", 40),
    ("survey_answered", "demo:survey-2", 3),
)


def seed(session: Session, settings: Settings) -> None:
    user = session.scalar(select(User).where(User.email == CITIZEN))
    if user is None:
        return
    now = utcnow()
    for rule, ref, days in DEMO:
        credit(session, user, rule, ref, now=now - timedelta(days=days), demo=True,
               note="시연용 예시 적립")
