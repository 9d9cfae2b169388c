"""반납 예정 알림: the citizen hears in the app `notice_days` (2) days before a book is due,
once per loan and due date. The notice and its claim (a row unique per citizen, loan and due
date) are written in one transaction, so a re-run, a restart or a second worker never sends it
twice, and a renewal's new due date is warned of again. Links of withdrawn accounts are
dropped here too (withdrawal keeps the anonymised account row)."""
from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from myg_app.seoul_time import format_date_ko, today_seoul
from myg_app.server.auth.models import User
from myg_app.server.config import Settings
from myg_app.server.domain import Job
from myg_app.server.library.models import LibraryDueNotice, LibraryLink
from myg_app.server.library.service import library_of
from myg_app.server.library.system import Loan, NotMember, Unavailable, library_settings
from myg_app.server.notices.service import notify

log = logging.getLogger(__name__)
ROUTE = "/f/library_card"


def _claim(session: Session, user_id: int, loan: Loan) -> bool:
    try:
        with session.begin_nested():
            session.add(LibraryDueNotice(user_id=user_id, loan_id=loan.id, due_on=loan.due_on))
            session.flush()
    except IntegrityError:
        return False
    return True


def notify_due(session: Session, user_id: int, loans: list[Loan], today: date) -> int:
    days = library_settings().notice_days
    sent = 0
    for loan in loans:
        left = (loan.due_on - today).days
        if not 0 <= left <= days or not _claim(session, user_id, loan):
            continue
        when = "오늘" if left == 0 else f"{left}일 뒤"
        notify(session, user_id, kind="library.due",
               title=f"도서 반납 {when}: 『{loan.title}』"[:120],
               body=f"시립도서관에서 빌린 『{loan.title}』의 반납 예정일은 "
                    f"{format_date_ko(loan.due_on)}입니다. 연장할 수 있으면 모바일 도서관회원증에서 "
                    "연장해 주세요.", link=ROUTE)
        sent += 1
    return sent


def due_notices(sessionmaker, settings: Settings | None = None,
                today: date | None = None) -> int:
    """Ask the library for each linked citizen's loans and warn of those due soon. Short
    transactions: one to read the links, one per citizen (a slow library never holds the
    database). Returns how many notices went out."""
    today = today or today_seoul()
    with sessionmaker.begin() as session:
        session.execute(delete(LibraryLink).where(LibraryLink.user_id.in_(
            select(User.id).where(User.withdrawn_at.is_not(None)))))
        links = session.execute(select(LibraryLink.user_id, LibraryLink.member_no)
                                .order_by(LibraryLink.id)).all()
    sent = 0
    for user_id, member_no in links:
        with sessionmaker.begin() as session:
            try:
                loans = library_of(session).loans(member_no)
            except (Unavailable, NotMember) as e:
                log.warning("library due notices: %s", e.code)
                continue
            sent += notify_due(session, user_id, loans, today)
    return sent


JOBS = (Job("library-due-notices", due_notices, first_after_s=45.0, every_s=3 * 3600.0,
            in_transaction=False),)
