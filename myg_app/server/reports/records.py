"""A report's record: deadlines, the status graph, lookups, its event log and what the
reporter may still do with it. Services raise AppError; the routers turn it into problem+json."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.contracts import reports as c
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError
from myg_app.server.reports.models import Report, ReportEvent, ReportSupporter

DEADLINE = timedelta(days=7)
REOPEN_WINDOW = timedelta(days=14)


# Which status may follow which. Closed statuses are final, except 완료, which only the
# reporter can reopen (see reopen()).
NEXT: dict[str, tuple[str, ...]] = {
    "received": ("in_progress", "done", "rejected", "transferred", "duplicate"),
    "in_progress": ("done", "rejected", "transferred", "duplicate"),
    "done": (), "rejected": (), "transferred": (), "duplicate": (),
}
RESOLVED = ("done", "rejected", "transferred", "duplicate")


def not_found() -> AppError:
    return AppError(404, "report.not_found", "신고를 찾을 수 없습니다.")


def link(report_id: int) -> str:
    return f"/f/report/r/{report_id}"


def add_event(session: Session, report: Report, actor_id: int | None, role: str, kind: str,
              from_status: str | None, to_status: str | None, note: str | None,
              now: datetime | None = None) -> None:
    session.add(ReportEvent(report_id=report.id, actor_id=actor_id, actor_role=role, kind=kind,
                            from_status=from_status, to_status=to_status, note=note,
                            created_at=now or utcnow()))


def get(session: Session, report_id: int, *, lock: bool = False) -> Report:
    stmt = select(Report).where(Report.id == report_id)
    if lock:
        stmt = stmt.with_for_update()
    report = session.scalar(stmt)
    if report is None:
        raise not_found()
    return report


def events_of(session: Session, report_id: int) -> list[ReportEvent]:
    return list(session.scalars(select(ReportEvent).where(ReportEvent.report_id == report_id)
                                .order_by(ReportEvent.id)))


def supported(session: Session, report_id: int, user_id: int) -> bool:
    return session.get(ReportSupporter, (report_id, user_id)) is not None


def is_overdue(report: Report, now: datetime | None = None) -> bool:
    return report.status in c.OPEN_STATUSES and report.due_at < (now or utcnow())


def reopen_until(report: Report) -> datetime | None:
    if report.status != "done" or report.resolved_at is None:
        return None
    return report.resolved_at + REOPEN_WINDOW


def can_reopen(report: Report, user_id: int | None, now: datetime | None = None) -> bool:
    until = reopen_until(report)
    return (until is not None and user_id is not None and report.reporter_id == user_id
            and (now or utcnow()) <= until)
