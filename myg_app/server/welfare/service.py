"""복지정책 검색 and 소상공인 지원: search, a service's detail, bookmarks (관심 복지), and the
city's own programmes that officers add and edit."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from myg_app.contracts import welfare as c
from myg_app.gov24 import conditions as ja
from myg_app.server.auth.models import User
from myg_app.server.errors import AppError
from myg_app.server.welfare import catalogue, index_cache, records
from myg_app.server.welfare.models import WelfareBookmark, WelfareService

SECTIONS = (("target", "지원대상"), ("criteria", "선정기준"), ("content", "지원내용"),
            ("how_to_apply", "신청방법"), ("documents", "구비서류"), ("contact", "문의처"))
BUSINESS_USER_TYPES = {"소상공인", "법인/시설/단체"}
BUSINESS_FIELDS = {"고용·창업"}
BUSINESS_WORDS = re.compile(r"소상공인|자영업|창업|사업자|점포|가게|상인|중소기업")


def is_for_business(doc: dict[str, Any], types: set[str], conds: dict[str, Any]) -> bool:
    """A 소상공인 지원 programme: 사용자구분 소상공인·법인, business conditions (JA11xx/12xx),
    or a 고용·창업 service that speaks to owners (창업, 소상공인, 점포 …) rather than to job
    seekers."""
    if types & BUSINESS_USER_TYPES or "business" in ja.audiences(conds):
        return True
    return doc.get("field") in BUSINESS_FIELDS and bool(BUSINESS_WORDS.search(
        f"{doc.get('name', '')} {doc.get('summary', '')}"))


@dataclass
class Filters:
    region: str = "gwangyang"
    field: str | None = None
    user_type: str | None = None
    level: str | None = None
    online: bool | None = None
    always_open: bool | None = None
    audience: str = "all"  # all | business (소상공인 지원)
    business_type: str | None = None
    business_years: int | None = None


def mask_for(built: index_cache.Built, f: Filters) -> np.ndarray:
    n = len(built.docs)
    mask = np.ones(n, bool)
    if f.region == "gwangyang":
        mask &= built.level != "other"
    if f.level:
        mask &= built.level == f.level
    if f.field:
        mask &= built.field == f.field
    if f.online is not None:
        mask &= built.online == f.online
    if f.always_open is not None:
        mask &= built.always_open == f.always_open
    if f.user_type or f.audience == "business" or f.business_type or f.business_years is not None:
        keep = np.array([_keeps(d, f) for d in built.docs], bool) if n else mask
        mask &= keep
    return mask


def _keeps(doc: dict[str, Any], f: Filters) -> bool:
    types = set(doc.get("user_types") or ())
    if f.user_type and f.user_type not in types:
        return False
    conds = doc.get("conditions") or {}
    if f.audience == "business" and not is_for_business(doc, types, conds):
        return False
    if f.business_type:
        wanted = ja.restriction(ja.BUSINESS_TYPE, conds)
        if wanted is not None and ja.BUSINESS_TYPE_FLAGS[f.business_type] not in wanted:
            return False
    if f.business_years is not None:
        limit = doc.get("business_years_max")
        if limit is None:
            limit = records.business_years_max(" ".join(
                str(doc.get(k) or "") for k in ("target", "criteria")))
        if limit is not None and f.business_years > limit:
            return False
        status = ja.restriction(ja.BUSINESS_STATUS, conds)
        if status is not None:
            want = "JA1101" if f.business_years == 0 else "JA1102"
            if want not in status and not (f.business_years == 0 and "JA1102" in status):
                return False
    return True



def item(doc: dict[str, Any], score: float, why: list[str]) -> c.ServiceItem:
    return c.ServiceItem(
        id=doc["id"], name=doc["name"], agency=doc.get("agency") or "",
        summary=doc.get("summary") or _first_line(doc.get("content") or ""),
        score=round(score, 4), level=doc["level"], level_label=c.LEVEL_LABELS[doc["level"]],
        field=doc.get("field") or "", user_types=list(doc.get("user_types") or []),
        online=bool(doc.get("online")), always_open=bool(doc.get("always_open")),
        deadline=doc.get("deadline") or "", why=why, source=doc.get("source", "gov24"),
        demo=bool(doc.get("demo")))


def _first_line(text: str) -> str:
    line = next((ln.strip(" ○-·*※") for ln in text.splitlines() if ln.strip(" ○-·*※")), "")
    return line[:120]


def search(session: Session, q: str, limit: int, offset: int, f: Filters) -> c.SearchOut:
    built = index_cache.current(session)
    mask = mask_for(built, f)
    hits, total = built.index.search(q, mask, limit + offset)
    items = [item(built.docs[h.index], h.score, h.why) for h in hits[offset:offset + limit]]
    return c.SearchOut(items=items, total=total, query=q, region=f.region)  # type: ignore[arg-type]


def get_service(session: Session, service_id: str) -> WelfareService:
    row = session.get(WelfareService, service_id) if len(service_id) <= 20 else None
    if row is None:
        raise AppError(404, "welfare.not_found", "찾는 복지 서비스가 없습니다.")
    return row


def detail(session: Session, service_id: str, user: User | None) -> c.ServiceDetail:
    row = get_service(session, service_id)
    rec = row.record
    sections = [c.Section(title=title, text=rec[key]) for key, title in SECTIONS if rec.get(key)]
    bookmarked = None
    if user is not None:
        bookmarked = session.scalar(select(WelfareBookmark.id).where(
            WelfareBookmark.user_id == user.id, WelfareBookmark.service_id == row.id)) is not None
    known = {k for k in c.ServiceDetail.model_fields} - {
        "phones", "conditions", "conditions_raw", "sections", "status", "ended_at",
        "bookmarked", "level_label", "deadline_end", "demo"}
    return c.ServiceDetail(
        **{k: rec[k] for k in known if k in rec and rec[k] is not None},
        level_label=c.LEVEL_LABELS[row.level], deadline_end=row.deadline_end,
        phones=[c.Phone(who=w, number=n) for w, n in records.phones(rec.get("contact") or "")],
        conditions=decoded_conditions(rec.get("conditions")),
        conditions_raw=rec.get("conditions"), sections=sections, status=row.status,  # type: ignore[arg-type]
        ended_at=row.ended_at, bookmarked=bookmarked, demo=row.demo)


def decoded_conditions(conds: dict[str, Any] | None) -> list[str]:
    """The support conditions in Korean, one line per condition the service sets."""
    if conds is None:
        return []
    out = []
    lo, hi = ja.age_bounds(conds)
    if lo is not None or hi is not None:
        out.append(f"나이: {ja.age_label(lo, hi)}")
    for family in ja.FAMILIES:
        wanted = ja.restriction(family, conds)
        if wanted is None:
            continue
        label = (ja.income_label(wanted) if family is ja.INCOME
                 else "·".join(ja.LABELS[x] for x in family.codes if x in wanted))
        out.append(f"{family.name}: {label}")
    return out or ["조건 없음 (누구나)"]


def set_bookmark(session: Session, user: User, service_id: str, on: bool) -> c.BookmarkOut:
    row = get_service(session, service_id)
    if on:
        exists = session.scalar(select(WelfareBookmark.id).where(
            WelfareBookmark.user_id == user.id, WelfareBookmark.service_id == row.id))
        if exists is None:
            try:
                with session.begin_nested():
                    session.add(WelfareBookmark(user_id=user.id, service_id=row.id))
            except IntegrityError:
                pass  # a parallel PUT inserted it first: the bookmark exists, as asked
    else:
        session.execute(delete(WelfareBookmark).where(WelfareBookmark.user_id == user.id,
                                                      WelfareBookmark.service_id == row.id))
    session.flush()
    return c.BookmarkOut(service_id=row.id, bookmarked=on)


def bookmarks(session: Session, user: User) -> list[c.ServiceItem]:
    rows = session.execute(select(WelfareService, WelfareBookmark.created_at)
                           .join(WelfareBookmark, WelfareBookmark.service_id == WelfareService.id)
                           .where(WelfareBookmark.user_id == user.id)
                           .order_by(WelfareBookmark.created_at.desc(), WelfareBookmark.id.desc())
                           ).all()
    out = []
    for svc, _ in rows:
        doc = dict(svc.record, level=svc.level, source=svc.source, demo=svc.demo)
        why = ["신청이 끝난 서비스"] if svc.status == "ended" else []
        out.append(item(doc, 0.0, why))
    return out


def save_program(session: Session, officer: User, body: c.ProgramIn, audience: str,
                 service_id: str | None = None) -> c.ServiceDetail:
    """Add (service_id None) or edit a 광양시 programme; it ranks with the national ones."""
    if body.age_min is not None and body.age_max is not None and body.age_min > body.age_max:
        raise AppError(422, "welfare.age_range", "나이 범위를 다시 확인해 주세요 (시작 ≤ 끝).",
                       field="age_min")
    if service_id is None:
        st = catalogue.state(session, lock=True)
        service_id = f"MYG{st.next_city_number:09d}"
        st.next_city_number += 1
        row = None
    else:
        row = get_service(session, service_id)
        if row.source != "city":
            raise AppError(409, "welfare.not_city", "보조금24에서 온 서비스는 고칠 수 없습니다.")
    rec = records.from_program(service_id, body, audience)
    session.flush()
    catalogue.upsert(session, [rec], complete=False, source="city")
    saved = session.get(WelfareService, service_id)
    assert saved is not None
    saved.edited_by = officer.id
    session.flush()
    return detail(session, service_id, None)


def end_program(session: Session, service_id: str) -> c.ServiceDetail:
    row = get_service(session, service_id)
    if row.source != "city":
        raise AppError(409, "welfare.not_city", "보조금24에서 온 서비스는 고칠 수 없습니다.")
    if row.status != "ended":
        from myg_app.server.db import utcnow
        row.status, row.ended_at = "ended", utcnow()
        catalogue.bump(session)
    return detail(session, service_id, None)
