"""Filing a 생활불편 신고: from the app, or from a partner app through Open311.

Every change a citizen should hear about calls notices.notify in the same transaction."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.contracts import reports as c
from myg_app.i18n import msg
from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError
from myg_app.server.notices.service import notify
from myg_app.server.reports.models import Open311ApiKey, Report, ReportPhoto
from myg_app.server.reports.records import DEADLINE, add_event, link


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
    add_event(session, report, user.id, "reporter", "created", None, "received", None, now)
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
    add_event(session, report, None, "system", "created", None, "received",
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
                              msg("'{name}' 신고에는 '{code}' 항목이 없습니다.", name=cat.name, code=code), field=f"attributes.{code}")
        if attr.values:
            match = next((v for v in attr.values if value in (v.key, v.name)), None)
            if match is None:
                raise AppError(422, "report.attribute_value",
                                  msg("'{description}'에서 고를 수 있는 값이 아닙니다.", description=attr.description),
                                  field=f"attributes.{code}")
            value = match.key
        out[code] = value
    for attr in cat.attributes:
        if attr.required and attr.code not in out:
            raise AppError(422, "report.attribute_missing",
                              msg("'{description}'을(를) 골라 주세요.", description=attr.description), field=f"attributes.{attr.code}")
    return out
