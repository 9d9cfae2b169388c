"""Rules of 생활불편 신고: filing, photos, "me too", the officer life cycle, deadlines, reopening.

Every change a citizen should hear about calls notices.notify in the same transaction.
Services raise AppError; the router turns it into problem+json.
"""
from __future__ import annotations

import hashlib
import math
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from myg_app.contracts import reports as c
from myg_app.server.auth.roles import may_act_for
from myg_app.server.errors import AppError
from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.notices.service import notify
from myg_app.server.reports import photos as ph
from myg_app.server.reports.models import (
    Open311ApiKey, Report, ReportEvent, ReportPhoto, ReportSupporter,
)

DEADLINE = timedelta(days=7)
REOPEN_WINDOW = timedelta(days=14)
MAX_EXTENSIONS = 2  # 국민신문고 practice: at most two extensions, each told to the citizen
PENDING_PHOTO_TTL = timedelta(hours=24)
MAX_PENDING_PHOTOS = 30  # unattached uploads per citizen (abuse guard)

# Which status may follow which. Closed statuses are final, except 완료, which only the
# reporter can reopen (see reopen()).
NEXT: dict[str, tuple[str, ...]] = {
    "received": ("in_progress", "done", "rejected", "transferred", "duplicate"),
    "in_progress": ("done", "rejected", "transferred", "duplicate"),
    "done": (), "rejected": (), "transferred": (), "duplicate": (),
}
RESOLVED = ("done", "rejected", "transferred", "duplicate")

STATUS_TITLES = {
    "in_progress": "신고가 처리 중입니다", "done": "신고 처리가 완료되었습니다",
    "rejected": "신고가 반려되었습니다", "transferred": "신고가 다른 기관으로 이관되었습니다",
    "duplicate": "같은 신고가 이미 접수되어 있습니다",
}


def _not_found() -> AppError:
    return AppError(404, "report.not_found", "신고를 찾을 수 없습니다.")


def link(report_id: int) -> str:
    return f"/f/report/r/{report_id}"


# --- photos ----------------------------------------------------------------------------

def upload_photo(session: Session, data_dir: Path, user: User, filename: str,
                 data: bytes) -> ReportPhoto:
    _purge_pending(session, data_dir)
    pending = session.scalar(select(func.count()).select_from(ReportPhoto).where(
        ReportPhoto.owner_id == user.id, ReportPhoto.report_id.is_(None))) or 0
    if pending >= MAX_PENDING_PHOTOS:
        raise AppError(429, "photo.too_many",
                          "올린 뒤 신고하지 않은 사진이 너무 많습니다. 신고를 마친 뒤 다시 올려 주세요.")
    try:
        processed = ph.process(data, filename)
    except ph.PhotoRejected as e:
        status = 413 if e.code == "photo.too_large" else 415
        raise AppError(status, e.code, e.detail, field="photo") from None
    token = str(uuid.uuid4())
    ph.save(data_dir, token, data, processed)
    photo = ReportPhoto(token=token, owner_id=user.id, original_type=processed.kind,
                        size=len(data), width=processed.width, height=processed.height)
    session.add(photo)
    session.flush()
    return photo


def _purge_pending(session: Session, data_dir: Path) -> None:
    """Uploads never attached to a report are deleted after a day (minimal data kept)."""
    old = list(session.scalars(select(ReportPhoto).where(
        ReportPhoto.report_id.is_(None), ReportPhoto.created_at < utcnow() - PENDING_PHOTO_TTL
    ).limit(100)))
    for p in old:
        ph.delete(data_dir, p.token, p.original_type)
        session.delete(p)
    if old:
        session.flush()


def photo_by_token(session: Session, token: str) -> ReportPhoto | None:
    return session.scalar(select(ReportPhoto).where(ReportPhoto.token == token))


def photos_of(session: Session, report_ids: list[int]) -> dict[int, list[ReportPhoto]]:
    out: dict[int, list[ReportPhoto]] = {i: [] for i in report_ids}
    if report_ids:
        for p in session.scalars(select(ReportPhoto).where(ReportPhoto.report_id.in_(report_ids))
                                 .order_by(ReportPhoto.report_id, ReportPhoto.position)):
            out[p.report_id].append(p)
    return out


# --- filing ----------------------------------------------------------------------------

def create(session: Session, user: User, body: c.ReportCreate,
           now: datetime | None = None) -> Report:
    now = now or utcnow()
    cat = c.CATEGORY_BY_CODE[body.category]
    attributes = _check_attributes(cat, body.attributes)
    tokens = list(dict.fromkeys(body.photos))
    photos = list(session.scalars(select(ReportPhoto).where(ReportPhoto.token.in_(tokens)))) \
        if tokens else []
    by_token = {p.token: p for p in photos}
    for t in tokens:
        p = by_token.get(t)
        if p is None or p.owner_id != user.id or p.report_id is not None:
            raise AppError(422, "report.photo_unknown",
                              "첨부한 사진을 찾을 수 없습니다. 사진을 다시 올려 주세요.", field="photos")
    report = Report(
        reporter_id=user.id, source="app", category=cat.code, department=cat.department,
        status="received", description=body.description, anonymous=body.anonymous,
        lat=body.lat, long=body.long, address=body.address, area=body.area,
        attributes=attributes, due_at=now + DEADLINE, created_at=now, updated_at=now,
        extensions=0, reopen_count=0, supporters=0,
    )
    session.add(report)
    session.flush()
    for pos, t in enumerate(tokens):
        by_token[t].report_id = report.id
        by_token[t].position = pos
    _event(session, report, user.id, "reporter", "created", None, "received", None, now)
    notify(session, user.id, kind="report.received", title="생활불편 신고가 접수되었습니다",
           body=f"[{cat.name}] 신고 {report.id}번이 {cat.department}에 접수되었습니다. "
                "처리 기한은 7일이며, 처리 상황이 바뀌면 알려드립니다.",
           link=link(report.id))
    session.flush()
    return report


def create_open311(session: Session, key: Open311ApiKey, service_code: str,
                   description: str | None, lat: float | None, long: float | None,
                   address: str | None, attributes: dict[str, str],
                   media_url: str | None, now: datetime | None = None) -> Report:
    """A report from a partner app (Open311 POST). Its people stay with the partner."""
    now = now or utcnow()
    cat = c.CATEGORY_BY_CODE[service_code]
    report = Report(
        reporter_id=None, api_key_id=key.id, source="open311", category=cat.code,
        department=cat.department, status="received",
        description=(description or "").strip() or f"{cat.name} 신고",
        anonymous=True, lat=lat, long=long, address=address, area=None,
        attributes=_check_attributes(cat, attributes), external_media_url=media_url,
        due_at=now + DEADLINE, created_at=now, updated_at=now,
        extensions=0, reopen_count=0, supporters=0,
    )
    session.add(report)
    session.flush()
    _event(session, report, None, "system", "created", None, "received",
           f"협력 앱({key.name})을 통해 접수", now)
    return report


def _check_attributes(cat: c.Category, given: dict[str, str]) -> dict[str, str]:
    """Only the category's attributes, only listed values (keys or names accepted)."""
    out: dict[str, str] = {}
    by_code = {a.code: a for a in cat.attributes}
    for code, value in given.items():
        attr = by_code.get(code)
        if attr is None:
            raise AppError(422, "report.attribute_unknown",
                              f"'{cat.name}' 신고에는 '{code}' 항목이 없습니다.", field=f"attributes.{code}")
        if attr.values:
            match = next((v for v in attr.values if value in (v.key, v.name)), None)
            if match is None:
                raise AppError(422, "report.attribute_value",
                                  f"'{attr.description}'에서 고를 수 있는 값이 아닙니다.",
                                  field=f"attributes.{code}")
            value = match.key
        out[code] = value
    for attr in cat.attributes:
        if attr.required and attr.code not in out:
            raise AppError(422, "report.attribute_missing",
                              f"'{attr.description}'을(를) 골라 주세요.", field=f"attributes.{attr.code}")
    return out


def _event(session: Session, report: Report, actor_id: int | None, role: str, kind: str,
           from_status: str | None, to_status: str | None, note: str | None,
           now: datetime | None = None) -> None:
    session.add(ReportEvent(report_id=report.id, actor_id=actor_id, actor_role=role, kind=kind,
                            from_status=from_status, to_status=to_status, note=note,
                            created_at=now or utcnow()))


# --- reading -----------------------------------------------------------------------------

def get(session: Session, report_id: int, *, lock: bool = False) -> Report:
    stmt = select(Report).where(Report.id == report_id)
    if lock:
        stmt = stmt.with_for_update()
    report = session.scalar(stmt)
    if report is None:
        raise _not_found()
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


def mine(session: Session, user: User, limit: int = 100) -> list[Report]:
    """My reports and the ones I joined ("me too"), newest first."""
    joined = select(ReportSupporter.report_id).where(ReportSupporter.user_id == user.id)
    return list(session.scalars(
        select(Report).where(or_(Report.reporter_id == user.id, Report.id.in_(joined)))
        .order_by(Report.id.desc()).limit(limit)))


@dataclass(frozen=True, slots=True)
class Box:
    min_lat: float
    min_long: float
    max_lat: float
    max_long: float


def box_around(lat: float, long: float, radius_m: float) -> Box:
    dlat = radius_m / 111_320
    dlong = radius_m / (111_320 * math.cos(math.radians(lat)))
    return Box(lat - dlat, long - dlong, lat + dlat, long + dlong)


def distance_m(lat1: float, long1: float, lat2: float, long2: float) -> float:
    """Haversine distance; exact enough for "within a few hundred metres"."""
    r = 6_371_000
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(long2 - long1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def nearby(session: Session, lat: float, long: float, radius_m: float = 300,
           category: str | None = None, limit: int = 20) -> list[tuple[Report, float]]:
    """Open reports near a point, nearest first: shown before filing so people join them."""
    b = box_around(lat, long, radius_m)
    stmt = select(Report).where(
        Report.status.in_(c.OPEN_STATUSES),
        Report.lat.between(b.min_lat, b.max_lat), Report.long.between(b.min_long, b.max_long))
    if category:
        stmt = stmt.where(Report.category == category)
    found = [(r, distance_m(lat, long, r.lat, r.long)) for r in session.scalars(stmt.limit(500))]
    found = [(r, d) for r, d in found if d <= radius_m]
    found.sort(key=lambda rd: rd[1])
    return found[:limit]


# --- citizen actions -------------------------------------------------------------------

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
    _event(session, report, user.id, "reporter", "reopened", "done", "in_progress", reason, now)
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


# --- officer actions -------------------------------------------------------------------

def can_handle(officer: User, report: Report) -> bool:
    return may_act_for(officer, report.department)


def for_officer(session: Session, report_id: int, officer: User, *, lock: bool = False) -> Report:
    report = get(session, report_id, lock=lock)
    if not can_handle(officer, report):
        raise AppError(403, "report.other_department",
                          f"{report.department} 소관 신고입니다. 해당 부서만 처리할 수 있습니다.")
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
                          f"'{c.STATUS_NAMES[old]}' 상태에서는 '{c.STATUS_NAMES[body.status]}'(으)로 "
                          "바꿀 수 없습니다.")
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
    _event(session, report, officer.id, "officer", "status", old, body.status, note, now)
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
                              f"{report.department} 소속 담당자만 지정할 수 있습니다.", field="assignee_id")
        name = target.name
    if report.assignee_id == assignee_id:
        return report
    report.assignee_id = assignee_id
    report.updated_at = now or utcnow()
    _event(session, report, officer.id, "officer", "assigned", None, None,
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
                          f"처리 기한은 {MAX_EXTENSIONS}번까지만 연장할 수 있습니다.")
    report.due_at = report.due_at + timedelta(days=days)
    report.extensions += 1
    report.updated_at = now or utcnow()
    from myg_app.seoul_time import format_datetime_ko
    note = f"처리 기한을 {days}일 연장했습니다 ({format_datetime_ko(report.due_at)}까지). 사유: {reason}"
    _event(session, report, officer.id, "officer", "extended", None, None, note, now)
    _tell_citizens(session, report, kind="report.extended", title="신고 처리 기한이 연장되었습니다",
                   body=f"신고 {report.id}번: {note}")
    session.flush()
    return report


# --- Open311 partner keys --------------------------------------------------------------

def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_key(session: Session, name: str, key: str | None = None) -> tuple[Open311ApiKey, str]:
    key = key or "myg311_" + secrets.token_urlsafe(32)
    row = Open311ApiKey(name=name, key_hash=hash_key(key), prefix=key[:10])
    session.add(row)
    session.flush()
    return row, key


def key_for(session: Session, key: str | None) -> Open311ApiKey | None:
    if not key:
        return None
    row = session.scalar(select(Open311ApiKey).where(Open311ApiKey.key_hash == hash_key(key)))
    return row if row is not None and row.revoked_at is None else None


def list_keys(session: Session) -> list[Open311ApiKey]:
    return list(session.scalars(select(Open311ApiKey).order_by(Open311ApiKey.id)))


def revoke_key(session: Session, key_id: int) -> bool:
    row = session.get(Open311ApiKey, key_id)
    if row is None:
        return False
    if row.revoked_at is None:
        row.revoked_at = utcnow()
    return True
