"""Photos attached to reports: upload (processed by reports.photos), purge of unattached
uploads, lookups."""
from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError
from myg_app.server.reports import photos as ph
from myg_app.server.reports.models import ReportPhoto

PENDING_PHOTO_TTL = timedelta(hours=24)
MAX_PENDING_PHOTOS = 30  # unattached uploads per citizen (abuse guard)


def upload_photo(session: Session, data_dir: Path, user: User, filename: str,
                 data: bytes) -> ReportPhoto:
    _purge_pending(session, data_dir)
    pending = session.scalar(select(func.count()).select_from(ReportPhoto).where(
        ReportPhoto.owner_id == user.id, ReportPhoto.report_id.is_(None))) or 0
    if pending >= MAX_PENDING_PHOTOS:
        raise AppError(429, "photo.too_many",
                          "올린 뒤 신고하지 않은 사진이 너무 많습니다. 신고를 마친 뒤 다시 올려 주세요.")
    processed = ph.accepted(data, filename)
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
