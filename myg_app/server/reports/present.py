"""Report rows -> contract models, with the privacy rules applied in one place:
the public sees "익명" or a masked name; officers see a masked name even for anonymous reports."""
from __future__ import annotations

from sqlalchemy.orm import Session

from myg_app.contracts import reports as c
from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.privacy import mask_email, mask_name
from myg_app.server.reports import records, uploads
from myg_app.server.reports.models import Report, ReportEvent, ReportPhoto

PHOTO_BASE = "/api/v1/reports/photos"
ROLE_LABEL = {"reporter": "신고인", "officer": "담당자", "system": "시스템"}


def photo_out(p: ReportPhoto) -> c.PhotoOut:
    return c.PhotoOut(token=p.token, url=f"{PHOTO_BASE}/{p.token}.jpg",
                      thumb_url=f"{PHOTO_BASE}/{p.token}.thumb.jpg", width=p.width, height=p.height)


def _summary_fields(r: Report, photos: list[ReportPhoto], now) -> dict:
    return dict(
        id=r.id, category=r.category, category_name=c.CATEGORY_BY_CODE[r.category].name,
        status=r.status, status_name=c.STATUS_NAMES[r.status], description=r.description,
        address=r.address, area=r.area, lat=r.lat, long=r.long,
        thumb_url=photo_out(photos[0]).thumb_url if photos else None,
        supporters=r.supporters, created_at=r.created_at, due_at=r.due_at,
        overdue=records.is_overdue(r, now),
    )


def summaries(session: Session, rows: list[Report],
              distances: dict[int, float] | None = None) -> list[c.ReportSummary]:
    now = utcnow()
    photos = uploads.photos_of(session, [r.id for r in rows])
    return [c.ReportSummary(**_summary_fields(r, photos[r.id], now),
                            distance_m=round(distances[r.id]) if distances else None)
            for r in rows]


def _events(session: Session, events: list[ReportEvent]) -> list[c.EventOut]:
    return [c.EventOut(kind=e.kind, status=e.to_status,
                       status_name=c.STATUS_NAMES.get(e.to_status or ""),
                       note=e.note, by=ROLE_LABEL.get(e.actor_role, "시스템"), at=e.created_at)
            for e in events]


def _public_reporter(session: Session, r: Report) -> str:
    if r.source == "open311":
        return "협력 앱 신고"
    if r.anonymous or r.reporter_id is None:
        return "익명"
    u = session.get(User, r.reporter_id)
    return mask_name(u.name) if u else "익명"


def detail(session: Session, r: Report, user: User | None) -> c.ReportOut:
    return c.ReportOut(**_detail_fields(session, r, user))


def _detail_fields(session: Session, r: Report, user: User | None) -> dict:
    now = utcnow()
    photos = uploads.photos_of(session, [r.id])[r.id]
    uid = user.id if user else None
    return dict(
        **_summary_fields(r, photos, now),
        department=r.department, reporter=_public_reporter(session, r),
        mine=uid is not None and r.reporter_id == uid,
        supported=uid is not None and records.supported(session, r.id, uid),
        anonymous=r.anonymous, attributes=dict(r.attributes or {}),
        photos=[photo_out(p) for p in photos], resolved_at=r.resolved_at,
        can_reopen=records.can_reopen(r, uid, now), reopen_until=records.reopen_until(r),
        extensions=r.extensions, duplicate_of=r.duplicate_of_id,
        events=_events(session, records.events_of(session, r.id)),
    )


def _reporter_masked(session: Session, r: Report) -> tuple[str, str | None]:
    if r.reporter_id is None:
        return ("협력 앱 신고" if r.source == "open311" else "탈퇴한 사용자"), None
    u = session.get(User, r.reporter_id)
    if u is None:
        return "탈퇴한 사용자", None
    return mask_name(u.name), mask_email(u.email)


def officer_detail(session: Session, r: Report, officer: User) -> c.OfficerReportOut:
    assignee = session.get(User, r.assignee_id) if r.assignee_id else None
    masked, email = _reporter_masked(session, r)
    return c.OfficerReportOut(
        **_detail_fields(session, r, officer),
        assignee_id=r.assignee_id, assignee=assignee.name if assignee else None,
        reporter_masked=masked, reporter_email_masked=email, source=r.source,
        external_media_url=r.external_media_url, allowed_next=list(records.NEXT[r.status]),
    )


def officer_summaries(session: Session, rows: list[Report]) -> list[c.OfficerReportSummary]:
    now = utcnow()
    photos = uploads.photos_of(session, [r.id for r in rows])
    names: dict[int, str] = {}
    out = []
    for r in rows:
        if r.assignee_id and r.assignee_id not in names:
            u = session.get(User, r.assignee_id)
            names[r.assignee_id] = u.name if u else "-"
        out.append(c.OfficerReportSummary(
            **_summary_fields(r, photos[r.id], now), department=r.department,
            assignee=names.get(r.assignee_id) if r.assignee_id else None,
            reporter_masked=_reporter_masked(session, r)[0]))
    return out
