"""맞춤 정보: one feed per citizen from what the other functions already keep: alerts for their
읍면동, news of their towns and the city, new 맞춤혜택 they qualify for, deadlines of what they
bookmarked, and their coming bookings and bulky-waste pickups. Each card says why it is there.

Order: what needs attention within days first (soonest first), then everything else newest
first. Every source is read with a bound, the candidates are merged and sorted in memory, and
the cursor is the sort key of the last card shown (stable while new cards arrive above it)."""
from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from myg_app import catalog
from myg_app.contracts.feed import TOPICS, FeedItem, FeedPage, Interests
from myg_app.gov24 import conditions as ja
from myg_app.gwangyang import dongs
from myg_app.seoul_time import SEOUL, seoul_to_utc, today_seoul
from myg_app.server.alerts import rules
from myg_app.server.alerts import service as alerts
from myg_app.server.alerts.models import Alert
from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError
from myg_app.server.feed.models import FeedInterests
from myg_app.server.news import service as news
from myg_app.server.profile import service as profiles
from myg_app.server.reservations.models import Booking, Resource
from myg_app.server.waste.models import WasteBooking
from myg_app.server.welfare import matching
from myg_app.server.welfare.models import (
    Subsidy24Profile,
    WelfareBookmark,
    WelfareService,
)

PAGE = 20
ALERT_DAYS = 30
NEWS_MAX = 400
ALERT_MAX = 400
NEW_BENEFIT_DAYS = 60
DEADLINE_DAYS = 30
SOON_DAYS = 7
OPEN_BOOKINGS = ("pending", "applied", "confirmed", "waitlisted")
OPEN_PICKUPS = ("pending_payment", "awaiting_deposit", "paid")
NAMES = {d.code: d.name for d in dongs.DONGS}


@dataclass(frozen=True)
class Who:
    user: User | None
    dongs: frozenset[str]
    topics: frozenset[str]


# --- interests ---------------------------------------------------------------------------------

def interests_of(session: Session, user: User) -> Interests:
    follow = alerts.get_settings(session, user)
    row = session.get(FeedInterests, user.id)
    topics = [t for t in TOPICS if row is None or t in row.topics.split(",")]
    return Interests(dongs=follow.dongs, topics=topics)


def set_topics(session: Session, user: User, topics: list[str]) -> Interests:
    row = session.get(FeedInterests, user.id)
    if row is None:
        row = FeedInterests(user_id=user.id)
        session.add(row)
    row.topics = ",".join(topics)
    row.updated_at = utcnow()
    session.flush()
    return interests_of(session, user)


# --- the feed ------------------------------------------------------------------------------------

def feed(session: Session, user: User | None, *, dong_codes: list[str], topics: list[str],
         cursor: str | None, limit: int = PAGE) -> FeedPage:
    """A citizen's stored interests decide; a guest's come with the request (kept on the
    device). A guest with nothing chosen gets the city's general feed and an invitation."""
    if user is not None:
        interests = interests_of(session, user)
    else:
        interests = Interests(dongs=dong_codes, topics=topics or list(TOPICS))
    who = Who(user, frozenset(interests.dongs), frozenset(interests.topics))
    now = utcnow()
    cards: list[tuple[tuple, Callable[[], FeedItem]]] = []
    if "alerts" in who.topics:
        cards += _alerts(session, who, now)
    if "news" in who.topics:
        cards += _news(session, who)
    if user is not None and "benefits" in who.topics:
        cards += _deadlines(session, user, today_seoul())
        cards += _new_benefits(session, user, now)
    if user is not None and "plans" in who.topics:
        cards += _bookings(session, user, now)
        cards += _pickups(session, user, today_seoul())
    cards.sort(key=lambda c: c[0])
    after = _parse(cursor)
    if after is not None:
        cards = [c for c in cards if c[0] > after]
    page = cards[:limit]
    more = len(cards) > limit
    return FeedPage(items=[make() for _, make in page], interests=interests,
                    next_cursor=_encode(page[-1][0]) if more and page else None,
                    invite=user is None and not dong_codes and not topics)


def _card(**fields) -> tuple[tuple, Callable[[], FeedItem]]:
    """A candidate: its sort key now, its card (validated) only if it reaches the page: most
    of a thousand candidates never do."""
    key, soon = fields["key"], fields.get("soon", False)
    micros = int(fields["at"].timestamp() * 1_000_000)
    return ((0, micros, key) if soon else (1, -micros, key)), partial(FeedItem, **fields)


def _encode(key: tuple) -> str:
    return base64.urlsafe_b64encode(f"{key[0]}|{key[1]}|{key[2]}".encode()).decode().rstrip("=")


def _parse(cursor: str | None) -> tuple | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        rank, value, key = raw.split("|", 2)
        return int(rank), int(value), key
    except (ValueError, UnicodeDecodeError):
        raise AppError(422, "feed.bad_cursor", "목록 위치 값이 올바르지 않습니다. 처음부터 다시 보세요.",
                       field="cursor") from None


def _where(codes: Iterable[str]) -> str:
    return ", ".join(NAMES[c] for c in codes if c in NAMES)


def _alerts(session: Session, who: Who, now: datetime) -> list:
    since = now - timedelta(days=ALERT_DAYS)
    rows = session.execute(
        select(Alert.id, Alert.level, Alert.kind, Alert.text, Alert.dongs, Alert.issued_at,
               Alert.demo)
        .where(Alert.status == "sent", Alert.issued_at >= since)
        .order_by(Alert.issued_at.desc()).limit(ALERT_MAX)).all()
    out = []
    for ident, level, kind, text, codes, issued, demo in rows:
        alert_dongs = rules.split_codes(codes)
        if not rules.concerns(who.dongs, alert_dongs):
            continue
        mine = sorted(who.dongs & alert_dongs, key=list(NAMES).index)
        reason = (f"관심 지역: {_where(mine)}" if mine else
                  "광양시 전체 알림" if not alert_dongs else f"광양시 알림: {_where(alert_dongs)}")
        soon = level in ("위급재난", "긴급재난") and now - issued < timedelta(hours=24)
        out.append(_card(key=f"alert:{ident}", kind="alert", title=f"[{level}] {kind}",
                         summary=text[:120], route=f"/f/alerts/{ident}", at=issued,
                         reason=reason, badge="데모" if demo else level, soon=soon))
    return out


def _news(session: Session, who: Who) -> list:
    out = []
    for a in news.latest(session, dong_codes=who.dongs or None, limit=NEWS_MAX, cards=True):
        fid = "city_news" if a.board == "city" else "town_news"
        if a.board == "city":
            reason = "시정 소식"
        elif a.dong_code in who.dongs:
            reason = f"관심 지역: {NAMES.get(a.dong_code, '')}"
        else:
            reason = f"{NAMES.get(a.dong_code or '', '읍면동')} 소식"
        out.append(_card(key=f"news:{a.id}", kind="news", title=a.title,
                         summary=a.summary or "", route=f"/f/{fid}/a/{a.id}",
                         at=a.published_at, reason=reason,
                         badge="데모" if a.demo else a.category))
    return out


def _deadlines(session: Session, user: User, today: date) -> list:
    rows = session.execute(
        select(WelfareService.id, WelfareService.name, WelfareService.deadline_end)
        .join(WelfareBookmark, WelfareBookmark.service_id == WelfareService.id)
        .where(WelfareBookmark.user_id == user.id, WelfareService.status == "active",
               WelfareService.deadline_end.is_not(None), WelfareService.deadline_end >= today,
               WelfareService.deadline_end <= today + timedelta(days=DEADLINE_DAYS))).all()
    out = []
    for sid, name, end in rows:
        left = (end - today).days
        out.append(_card(
            key=f"deadline:{sid}", kind="deadline",
            title=f"신청 마감 {'오늘' if left == 0 else f'D-{left}'}: {name}",
            summary=f"관심 목록에 담은 사업의 신청기한이 {end:%m월 %d일}에 끝납니다.",
            route=f"/f/welfare/s/{sid}", at=seoul_to_utc(end, time(18)),
            reason="관심 목록의 신청 마감", badge="마감 임박" if left <= SOON_DAYS else None,
            soon=left <= SOON_DAYS))
    return out


def _new_benefits(session: Session, user: User, now: datetime) -> list:
    """Services added after the catalogue was first loaded (by an import or an officer) that
    the citizen's stored 맞춤혜택 answers make them eligible for."""
    prof = session.get(Subsidy24Profile, user.id)
    if prof is None or not profiles.optional_allowed(session, user.id):
        return []
    first = session.scalar(select(func.min(WelfareService.created_at)))
    if first is None:
        return []
    since = max(now - timedelta(days=NEW_BENEFIT_DAYS), first + timedelta(minutes=10))
    fresh = list(session.scalars(select(WelfareService).where(
        WelfareService.status == "active", WelfareService.level != "other",
        WelfareService.created_at >= since).order_by(WelfareService.created_at.desc()).limit(100)))
    if not fresh:
        return []
    person = matching.person_from(user, prof, now.astimezone(SEOUL).date())
    out = []
    for s in fresh:
        cond = s.record.get("conditions")
        if cond is None or ja.judge(cond, person).eligibility != "eligible":
            continue
        out.append(_card(
            key=f"benefit:{s.id}", kind="benefit", title=f"새 맞춤혜택: {s.name}",
            summary=str(s.record.get("summary") or "")[:120], route=f"/f/subsidy24/s/{s.id}",
            at=s.created_at, reason="맞춤혜택 조건에 맞음", badge="데모" if s.demo else "새 혜택"))
    return out


def _bookings(session: Session, user: User, now: datetime) -> list:
    rows = session.execute(
        select(Booking.id, Booking.starts_at, Booking.status, Resource.name, Resource.kind)
        .join(Resource, Resource.id == Booking.resource_id)
        .where(Booking.user_id == user.id, Booking.starts_at >= now,
               Booking.status.in_(OPEN_BOOKINGS))
        .order_by(Booking.starts_at).limit(50)).all()
    out = []
    for ident, starts, status, name, kind in rows:
        fn = catalog.BY_ID.get(kind)
        local = starts.astimezone(SEOUL)
        soon = starts - now <= timedelta(days=SOON_DAYS)
        out.append(_card(
            key=f"booking:{ident}", kind="booking", title=f"{name} {local:%m월 %d일 %H:%M}",
            summary=f"{fn.name_ko if fn else '예약'} · {_BOOKING_STATUS.get(status, status)}",
            route=f"/f/{kind}/b/{ident}", at=starts, reason="내 예약",
            badge="다가오는 일정" if soon else None, soon=soon))
    return out


_BOOKING_STATUS = {"pending": "결제 대기", "applied": "승인 대기", "confirmed": "확정",
                   "waitlisted": "대기"}


def _pickups(session: Session, user: User, today: date) -> list:
    rows = session.execute(
        select(WasteBooking.id, WasteBooking.pickup_date, WasteBooking.emission_no,
               WasteBooking.status)
        .where(WasteBooking.user_id == user.id, WasteBooking.pickup_date >= today,
               WasteBooking.status.in_(OPEN_PICKUPS))
        .order_by(WasteBooking.pickup_date).limit(50)).all()
    out = []
    for ident, day, number, status in rows:
        soon = (day - today).days <= SOON_DAYS
        out.append(_card(
            key=f"pickup:{ident}", kind="pickup", title=f"대형폐기물 수거 {day:%m월 %d일}",
            summary=(f"배출번호 {number}" if number else "결제를 마치면 배출번호가 나옵니다."),
            route=f"/f/bulky_waste/bookings/{ident}", at=seoul_to_utc(day, time(6)),
            reason="내 대형폐기물 배출", badge="다가오는 일정" if soon else None, soon=soon))
    return out
