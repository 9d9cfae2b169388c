"""What a citizen does with reports: list their own, "저도 불편해요" (me too), reopen."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from myg_app.contracts import reports as c
from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError
from myg_app.server.notices.service import notify
from myg_app.server.reports.models import Report, ReportSupporter
from myg_app.server.reports.records import DEADLINE, REOPEN_WINDOW, add_event, get, supported


def mine(session: Session, user: User, limit: int = 100) -> list[Report]:
    """My reports and the ones I joined ("me too"), newest first."""
    joined = select(ReportSupporter.report_id).where(ReportSupporter.user_id == user.id)
    return list(session.scalars(
        select(Report).where(or_(Report.reporter_id == user.id, Report.id.in_(joined)))
        .order_by(Report.id.desc()).limit(limit)))


def support(session: Session, report_id: int, user: User) -> Report:
    """"저도 불편해요": join an open report instead of filing a duplicate. Repeats are no-ops."""
    report = get(session, report_id)
    if report.reporter_id == user.id:
        raise AppError(409, "report.own", "내가 낸 신고에는 공감할 수 없습니다.")
    if report.status not in c.OPEN_STATUSES:
        raise AppError(409, "report.closed", "이미 처리가 끝난 신고입니다. 새로 신고해 주세요.")
    if supported(session, report_id, user.id):
        return report
    try:
        with session.begin_nested():  # a parallel double tap trips the primary key
            session.add(ReportSupporter(report_id=report_id, user_id=user.id))
    except IntegrityError:
        return get(session, report_id)
    # Atomic increment: concurrent supporters never lose a count.
    session.execute(update(Report).where(Report.id == report_id)
                    .values(supporters=Report.supporters + 1))
    session.refresh(report)
    return report


def reopen(session: Session, report_id: int, user: User, reason: str,
           now: datetime | None = None) -> Report:
    now = now or utcnow()
    report = get(session, report_id, lock=True)
    if report.reporter_id != user.id:
        raise AppError(403, "report.not_owner", "내가 낸 신고만 다시 열 수 있습니다.")
    if report.status != "done":
        raise AppError(409, "report.not_done", "처리가 완료된 신고만 다시 열 수 있습니다.")
    if now > report.resolved_at + REOPEN_WINDOW:
        raise AppError(409, "report.reopen_expired",
                          "완료 후 14일이 지나 다시 열 수 없습니다. 새로 신고해 주세요.")
    add_event(session, report, user.id, "reporter", "reopened", "done", "in_progress", reason, now)
    report.status = "in_progress"
    report.resolved_at = None
    report.reopen_count += 1
    report.due_at = now + DEADLINE
    report.updated_at = now
    if report.assignee_id:
        notify(session, report.assignee_id, kind="report.reopened",
               title="완료한 신고가 다시 열렸습니다",
               body=f"신고 {report.id}번: 신고인이 아직 불편하다고 알려왔습니다. 사유: {reason}",
               link=f"/f/report/inbox/{report.id}")
    session.flush()
    return report
