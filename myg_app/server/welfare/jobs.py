"""What the welfare domain does by itself: warm the search index after start (the analyser
and the embedding model take a few seconds to load), and warn of bookmarked programmes whose
신청기한 ends within DEADLINE_DAYS."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from myg_app.seoul_time import today_seoul
from myg_app.server.config import Settings
from myg_app.server.domain import Job
from myg_app.server.notices.service import notify
from myg_app.server.welfare import index_cache
from myg_app.server.welfare.models import WelfareBookmark, WelfareService

DEADLINE_DAYS = 7


def warm(sessionmaker, settings: Settings) -> None:
    with sessionmaker() as session:
        index_cache.current(session)


def deadline_notices(session: Session, today: date, days: int = DEADLINE_DAYS) -> int:
    """One notice per bookmark and deadline: a bookmark is claimed with a conditional update
    (deadline_notified = the deadline), so parallel workers or a re-run never warn twice, and
    a programme that moves its deadline warns again. Returns how many were sent."""
    rows = session.execute(
        select(WelfareBookmark.id, WelfareBookmark.user_id, WelfareService.id,
               WelfareService.name, WelfareService.deadline_end)
        .join(WelfareService, WelfareService.id == WelfareBookmark.service_id)
        .where(WelfareService.status == "active", WelfareService.deadline_end.is_not(None),
               WelfareService.deadline_end >= today,
               WelfareService.deadline_end <= today + timedelta(days=days),
               or_(WelfareBookmark.deadline_notified.is_(None),
                   WelfareBookmark.deadline_notified != WelfareService.deadline_end))).all()
    sent = 0
    for bookmark_id, user_id, service_id, name, end in rows:
        claimed = session.execute(
            update(WelfareBookmark).where(
                WelfareBookmark.id == bookmark_id,
                or_(WelfareBookmark.deadline_notified.is_(None),
                    WelfareBookmark.deadline_notified != end))
            .values(deadline_notified=end)).rowcount
        if not claimed:
            continue
        left = (end - today).days
        when = "오늘" if left == 0 else f"{left}일 뒤"
        notify(session, user_id, kind="welfare.deadline", title=f"신청 마감 {when}: {name}"[:120],
               body=f"관심 목록에 담은 '{name}'의 신청기한이 {end:%Y년 %m월 %d일}에 끝납니다.",
               link=f"/f/welfare/s/{service_id}")
        sent += 1
    return sent


def run_deadline_notices(session: Session, settings: Settings) -> None:
    deadline_notices(session, today_seoul())


JOBS = (Job("welfare-index-warm", warm, first_after_s=3.0, every_s=None, in_transaction=False),
        Job("welfare-deadline-notices", run_deadline_notices, first_after_s=30.0,
            every_s=3600.0))
