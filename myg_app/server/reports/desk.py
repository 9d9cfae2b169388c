"""The officer life cycle of a report: the department's inbox, status changes, assignment,
deadline extensions; reporter and supporters hear about each change."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from myg_app.contracts import reports as c
from myg_app.i18n import msg
from myg_app.seoul_time import format_datetime_ko
from myg_app.server.auth.models import User
from myg_app.server.auth.roles import may_act_for
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError
from myg_app.server.notices.service import notify
from myg_app.server.points import service as points
from myg_app.server.reports.models import Report, ReportSupporter
from myg_app.server.reports.records import NEXT, RESOLVED, add_event, get, link, supported

MAX_EXTENSIONS = 2  # 국민신문고 practice: at most two extensions, each told to the citizen


STATUS_TITLES = {
    "in_progress": "신고가 처리 중입니다", "done": "신고 처리가 완료되었습니다",
    "rejected": "신고가 반려되었습니다", "transferred": "신고가 다른 기관으로 이관되었습니다",
    "duplicate": "같은 신고가 이미 접수되어 있습니다",
}


def can_handle(officer: User, report: Report) -> bool:
    return may_act_for(officer, report.department)


def for_officer(session: Session, report_id: int, officer: User, *, lock: bool = False) -> Report:
    report = get(session, report_id, lock=lock)
    if not can_handle(officer, report):
        raise AppError(403, "report.other_department",
                          msg("{department} 소관 신고입니다. 해당 부서만 처리할 수 있습니다.", department=report.department))
    return report


def inbox(session: Session, officer: User, *, status: str | None = None,
          category: str | None = None, overdue: bool = False, assigned_to_me: bool = False,
          department: str | None = None, limit: int = 100, offset: int = 0,
          now: datetime | None = None) -> tuple[list[Report], int, int]:
    """The department's reports (admin: all, or one department), overdue ones first."""
    now = now or utcnow()
    conds = []
    if officer.role != "admin":
        conds.append(Report.department == officer.department)
    elif department:
        conds.append(Report.department == department)
    overdue_cond = and_(Report.status.in_(c.OPEN_STATUSES), Report.due_at < now)
    overdue_total = session.scalar(select(func.count()).select_from(Report)
                                   .where(*conds, overdue_cond)) or 0
    if status == "open":
        conds.append(Report.status.in_(c.OPEN_STATUSES))
    elif status:
        conds.append(Report.status == status)
    if category:
        conds.append(Report.category == category)
    if overdue:
        conds.append(overdue_cond)
    if assigned_to_me:
        conds.append(Report.assignee_id == officer.id)
    total = session.scalar(select(func.count()).select_from(Report).where(*conds)) or 0
    is_late = and_(Report.status.in_(c.OPEN_STATUSES), Report.due_at < now)
    rows = list(session.scalars(
        select(Report).where(*conds)
        .order_by(is_late.desc(), Report.status.in_(c.OPEN_STATUSES).desc(), Report.due_at,
                  Report.id.desc())
        .limit(limit).offset(offset)))
    return rows, total, overdue_total


def officers_of(session: Session, department: str) -> list[User]:
    return list(session.scalars(select(User).where(
        User.role == "officer", User.department == department, User.is_active.is_(True))
        .order_by(User.name)))


def _tell_citizens(session: Session, report: Report, *, kind: str, title: str, body: str) -> None:
    """The reporter and everyone who joined with "me too" hear about each change."""
    targets = [report.reporter_id] if report.reporter_id else []
    targets += list(session.scalars(select(ReportSupporter.user_id)
                                    .where(ReportSupporter.report_id == report.id)))
    for uid in dict.fromkeys(targets):
        notify(session, uid, kind=kind, title=title, body=body, link=link(report.id))


def change_status(session: Session, report_id: int, officer: User, body: c.StatusChange,
                  now: datetime | None = None) -> Report:
    now = now or utcnow()
    report = for_officer(session, report_id, officer, lock=True)
    old = report.status
    if body.status not in NEXT[old]:
        raise AppError(409, "report.bad_transition",
                          msg("'{STATUS_NAMES}' 상태에서는 '{STATUS_NAMES2}'(으)로 바꿀 수 없습니다.", STATUS_NAMES=c.STATUS_NAMES[old], STATUS_NAMES2=c.STATUS_NAMES[body.status]))
    note = body.note
    if body.status == "duplicate":
        if body.duplicate_of is None or body.duplicate_of == report.id:
            raise AppError(422, "report.duplicate_of", "어느 신고와 중복인지 신고 번호를 적어 주세요.",
                              field="duplicate_of")
        original = session.get(Report, body.duplicate_of)
        if original is None or original.status == "duplicate":
            raise AppError(422, "report.duplicate_of", "중복 대상 신고 번호가 올바르지 않습니다.",
                              field="duplicate_of")
        report.duplicate_of_id = original.id
        note = f"{note} (원 신고 {original.id}번)"
        # The reporter follows the original from now on, as if they had said "me too".
        if report.reporter_id and report.reporter_id != original.reporter_id \
                and not supported(session, original.id, report.reporter_id):
            session.add(ReportSupporter(report_id=original.id, user_id=report.reporter_id))
            original.supporters += 1
    report.status = body.status
    report.status_note = note
    report.updated_at = now
    report.resolved_at = now if body.status in RESOLVED else None
    if body.status == "in_progress" and report.assignee_id is None and officer.role != "admin":
        report.assignee_id = officer.id  # whoever starts the work owns it
    add_event(session, report, officer.id, "officer", "status", old, body.status, note, now)
    if body.status == "done" and report.reporter_id:  # 시정참여 포인트, once per report
        points.earn(session, session.get(User, report.reporter_id), "report_completed",
                    str(report.id), now=now)
    extra = " 아직 불편하시면 14일 안에 다시 열 수 있습니다." if body.status == "done" else ""
    _tell_citizens(session, report, kind="report.status", title=STATUS_TITLES[body.status],
                   body=f"신고 {report.id}번 ({c.STATUS_NAMES[body.status]}): {note}{extra}")
    session.flush()
    return report


def assign(session: Session, report_id: int, officer: User, assignee_id: int | None,
           now: datetime | None = None) -> Report:
    report = for_officer(session, report_id, officer, lock=True)
    if report.status not in c.OPEN_STATUSES:
        raise AppError(409, "report.closed", "처리가 끝난 신고는 담당자를 바꿀 수 없습니다.")
    name = None
    if assignee_id is not None:
        target = session.get(User, assignee_id)
        if target is None or target.role != "officer" or target.department != report.department \
                or not target.is_active:
            raise AppError(422, "report.bad_assignee",
                              msg("{department} 소속 담당자만 지정할 수 있습니다.", department=report.department), field="assignee_id")
        name = target.name
    if report.assignee_id == assignee_id:
        return report
    report.assignee_id = assignee_id
    report.updated_at = now or utcnow()
    add_event(session, report, officer.id, "officer", "assigned", None, None,
              "담당자가 지정되었습니다." if name else "담당자 지정이 해제되었습니다.", now)
    session.flush()
    return report


def extend(session: Session, report_id: int, officer: User, days: int, reason: str,
           now: datetime | None = None) -> Report:
    report = for_officer(session, report_id, officer, lock=True)
    if report.status not in c.OPEN_STATUSES:
        raise AppError(409, "report.closed", "처리가 끝난 신고는 기한을 연장할 수 없습니다.")
    if report.extensions >= MAX_EXTENSIONS:
        raise AppError(409, "report.extension_limit",
                          msg("처리 기한은 {MAX_EXTENSIONS}번까지만 연장할 수 있습니다.", MAX_EXTENSIONS=MAX_EXTENSIONS))
    report.due_at = report.due_at + timedelta(days=days)
    report.extensions += 1
    report.updated_at = now or utcnow()
    note = f"처리 기한을 {days}일 연장했습니다 ({format_datetime_ko(report.due_at)}까지). 사유: {reason}"
    add_event(session, report, officer.id, "officer", "extended", None, None, note, now)
    _tell_citizens(session, report, kind="report.extended", title="신고 처리 기한이 연장되었습니다",
                   body=f"신고 {report.id}번: {note}")
    session.flush()
    return report
