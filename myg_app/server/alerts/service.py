"""재난 알림 rules: the city's alerts (send, correct, withdraw, preview), the national messages
(stored once per SN), history, details, citizens' settings and what the live stream sends.

Every send, correction and withdrawal writes an AlertEvent and emits it on the "alerts" channel
in the same transaction (server/fanout.py): a listener hears of it exactly when it committed,
on every worker."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from myg_app.contracts import alerts as c
from myg_app.gwangyang import dongs
from myg_app.seoul_time import seoul_to_utc
from myg_app.server.alerts import guidance, rules
from myg_app.server.alerts.models import Alert, AlertEvent, AlertSettingsRow
from myg_app.server.alerts.regions import dongs_of_regions
from myg_app.server.alerts.safetydata import DisasterMessage
from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError
from myg_app.server.fanout import emit

CHANNEL = "alerts"
PAGE = 30
CATCH_UP_HOURS = 72  # an app closed longer sees older alerts in the history, not as new
CATCH_UP_MAX = 30
REORDER_WINDOW = timedelta(seconds=60)  # see events_after


# --- shapes ------------------------------------------------------------------------------

def to_out(a: Alert) -> c.AlertOut:
    return c.AlertOut(id=a.id, source=a.source, level=a.level, kind=a.kind, text=a.text,
                      area=a.area, dongs=sorted(rules.split_codes(a.dongs)), link=a.link,
                      issued_at=a.issued_at, updated_at=a.updated_at, revision=a.revision,
                      status=a.status, note=a.note, demo=a.demo)


def detail(session: Session, alert_id: int) -> c.AlertDetail:
    a = _get(session, alert_id)
    return c.AlertDetail(**to_out(a).model_dump(), guidance=guidance.guidance(a.kind),
                         shelters=guidance.shelters(a.link), share_route=f"/f/alerts/{a.id}")


def _get(session: Session, alert_id: int, *, lock: bool = False) -> Alert:
    stmt = select(Alert).where(Alert.id == alert_id)
    if lock:
        stmt = stmt.with_for_update()
    a = session.scalar(stmt)
    if a is None:
        raise AppError(404, "alerts.not_found", "재난 알림을 찾을 수 없습니다.")
    return a


def _publish(session: Session, a: Alert, action: str, actor: User | None) -> AlertEvent:
    ev = AlertEvent(alert_id=a.id, action=action, revision=a.revision,
                    actor_id=actor.id if actor else None)
    session.add(ev)
    session.flush()
    emit(session, CHANNEL, frame(ev, a))
    return ev


def frame(ev: AlertEvent, a: Alert) -> dict:
    return {"event": ev.id, "action": ev.action, "alert": to_out(a).model_dump(mode="json")}


# --- the city's own alerts ------------------------------------------------------------------

def _fill(a: Alert, draft: c.AlertDraft) -> None:
    a.level, a.kind, a.text, a.link = draft.level, draft.kind, draft.text, draft.link
    a.dongs = rules.join_codes(draft.dongs)
    a.area = rules.area_text(draft.dongs)


def _warnings(draft: c.AlertDraft) -> list[str]:
    out = []
    if draft.level == "위급재난":
        out.append("위급재난은 받는 사람의 화면 전체를 덮고, 확인을 누를 때까지 남습니다.")
    if len(draft.text) > 157:
        out.append(f"글자 수가 {len(draft.text)}자입니다. 휴대전화 재난문자는 157자까지 보이니 "
                   "핵심을 앞에 두세요.")
    if draft.level in ("위급재난", "긴급재난") and not draft.link:
        out.append("대피 안내 링크가 없습니다. 대피소 정보가 있다면 함께 보내세요.")
    return out


def preview(session: Session, draft: c.AlertDraft) -> c.AlertPreview:
    now = utcnow()
    a = Alert(id=0, source="city", sn=None, revision=1, status="sent", note=None, demo=False,
              issued_at=now, updated_at=now)
    _fill(a, draft)
    return c.AlertPreview(alert=to_out(a), reach=reach(session, a, now), warnings=_warnings(draft))


def send(session: Session, officer: User, draft: c.AlertDraft) -> c.AlertOut:
    now = utcnow()
    a = Alert(source="city", revision=1, status="sent", issued_at=now, updated_at=now,
              author_id=officer.id, demo=False)
    _fill(a, draft)
    session.add(a)
    session.flush()
    _publish(session, a, "sent", officer)
    return to_out(a)


def _city_alert(session: Session, alert_id: int) -> Alert:
    a = _get(session, alert_id, lock=True)
    if a.source != "city":
        raise AppError(409, "alerts.national", "국가 재난문자는 행정안전부가 보낸 그대로 두며 고칠 수 없습니다.")
    if a.status == "withdrawn":
        raise AppError(409, "alerts.withdrawn", "이미 철회한 알림입니다.")
    return a


def correct(session: Session, officer: User, alert_id: int, body: c.AlertCorrection) -> c.AlertOut:
    a = _city_alert(session, alert_id)
    _fill(a, body)
    a.revision += 1
    a.note = f"정정: {body.reason}"
    a.updated_at = utcnow()
    _publish(session, a, "corrected", officer)
    return to_out(a)


def withdraw(session: Session, officer: User, alert_id: int, body: c.AlertWithdrawal) -> c.AlertOut:
    a = _city_alert(session, alert_id)
    a.status = "withdrawn"
    a.revision += 1
    a.note = f"철회: {body.reason}"
    a.updated_at = utcnow()
    _publish(session, a, "withdrawn", officer)
    return to_out(a)


# --- national messages ---------------------------------------------------------------------

def ingest_national(session: Session, messages: Iterable[DisasterMessage]) -> list[c.AlertOut]:
    """Store and announce the messages that concern 광양시, each SN once. Another worker polling
    at the same moment may store the same SN first: the unique (source, sn) keeps one, and the
    loser skips it without failing the batch."""
    mine = []
    for m in messages:
        concerned = dongs_of_regions(m.regions)
        if concerned == set():
            continue
        mine.append((m, set() if concerned is None else {dongs.BY_NAME[n].code for n in concerned}))
    if not mine:
        return []
    known = set(session.scalars(select(Alert.sn).where(
        Alert.source == "national", Alert.sn.in_([m.sn for m, _ in mine]))))
    out = []
    for m, codes in mine:
        if m.sn in known:
            continue
        a = Alert(source="national", sn=m.sn, level=m.level[:10] or "안전안내",
                  kind=(m.kind or "기타")[:20], text=m.text, area=", ".join(m.regions)[:500],
                  dongs=rules.join_codes(codes), issued_at=m.created_at, updated_at=utcnow(),
                  revision=1, status="sent")
        try:
            with session.begin_nested():
                session.add(a)
                session.flush()
        except IntegrityError:
            continue  # stored by another worker a moment ago
        _publish(session, a, "sent", None)
        out.append(to_out(a))
    return out


# --- history ---------------------------------------------------------------------------------

def _cursor(a: Alert) -> str:
    return f"{int(a.issued_at.timestamp() * 1_000_000)}.{a.id}"


def _parse_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    if not cursor:
        return None
    try:
        micros, ident = cursor.split(".")
        return (datetime.fromtimestamp(int(micros) / 1_000_000, tz=utcnow().tzinfo), int(ident))
    except (ValueError, OverflowError, OSError):
        raise AppError(422, "alerts.bad_cursor", "목록 위치 값이 올바르지 않습니다. 처음부터 다시 보세요.",
                       field="cursor") from None


def history(session: Session, *, level: str | None = None, kind: str | None = None,
            since: date | None = None, until: date | None = None, cursor: str | None = None,
            dong_codes: Iterable[str] = (), limit: int = PAGE) -> c.AlertPage:
    if since and until and since > until:
        raise AppError(422, "alerts.bad_period", "기간의 시작이 끝보다 늦습니다.", field="since")
    stmt = select(Alert)
    if level:
        stmt = stmt.where(Alert.level == level)
    if kind:
        stmt = stmt.where(Alert.kind == kind)
    if since:
        stmt = stmt.where(Alert.issued_at >= seoul_to_utc(since, datetime.min.time()))
    if until:
        stmt = stmt.where(Alert.issued_at < seoul_to_utc(until + timedelta(days=1),
                                                         datetime.min.time()))
    after = _parse_cursor(cursor)
    if after is not None:
        at, ident = after
        stmt = stmt.where((Alert.issued_at < at) | ((Alert.issued_at == at) & (Alert.id < ident)))
    codes = frozenset(dong_codes)
    rows: list[Alert] = []
    # The 읍면동 filter is applied here, not in SQL (a comma list): read in chunks until full.
    for chunk in _chunks(session, stmt.order_by(Alert.issued_at.desc(), Alert.id.desc())):
        rows.extend(a for a in chunk if rules.concerns(codes, rules.split_codes(a.dongs)))
        if len(rows) > limit or len(chunk) == 0:
            break
    more = len(rows) > limit
    rows = rows[:limit]
    return c.AlertPage(items=[to_out(a) for a in rows],
                       next_cursor=_cursor(rows[-1]) if more and rows else None)


def _chunks(session: Session, stmt, size: int = 200):
    offset = 0
    while True:
        chunk = list(session.scalars(stmt.offset(offset).limit(size)))
        yield chunk
        if len(chunk) < size:
            return
        offset += size


# --- settings --------------------------------------------------------------------------------

def get_settings(session: Session, user: User) -> c.AlertSettings:
    row = session.get(AlertSettingsRow, user.id)
    if row is None:
        home = dongs.BY_NAME.get(user.dong or "")
        return c.AlertSettings(dongs=[home.code] if home else [])
    return c.AlertSettings(dongs=sorted(rules.split_codes(row.dongs),
                                        key=lambda code: list(dongs.BY_CODE).index(code)),
                           levels=[lv for lv in c.LEVELS if lv in row.levels.split(",")],
                           quiet_start=rules.hhmm(row.quiet_start),
                           quiet_end=rules.hhmm(row.quiet_end))


def put_settings(session: Session, user: User, body: c.AlertSettings) -> c.AlertSettings:
    row = session.get(AlertSettingsRow, user.id)
    if row is None:
        row = AlertSettingsRow(user_id=user.id)
        session.add(row)
    row.dongs = rules.join_codes(body.dongs)
    row.levels = ",".join(body.levels)
    row.quiet_start, row.quiet_end = rules.minutes(body.quiet_start), rules.minutes(body.quiet_end)
    row.updated_at = utcnow()
    session.flush()
    return get_settings(session, user)


def follow_of(settings: c.AlertSettings) -> rules.Follow:
    quiet = None
    if settings.quiet_start and settings.quiet_end:
        quiet = (rules.minutes(settings.quiet_start), rules.minutes(settings.quiet_end))
    return rules.Follow.of(settings.dongs, settings.levels, quiet)


def reach(session: Session, a: Alert, now: datetime) -> int:
    """Signed-in citizens whose settings would receive `a` now (no settings: every alert)."""
    alert_dongs = rules.split_codes(a.dongs)
    citizens = session.scalar(select(func.count()).select_from(User).where(
        User.role == "citizen", User.is_active.is_(True))) or 0
    refused = 0
    for row in session.scalars(select(AlertSettingsRow).join(User).where(
            User.role == "citizen", User.is_active.is_(True))):
        follow = rules.Follow.of(rules.split_codes(row.dongs), row.levels.split(","),
                                 None if row.quiet_start is None else (row.quiet_start, row.quiet_end))
        if rules.delivery(follow, level=a.level, alert_dongs=alert_dongs, now=now) is None:
            refused += 1
    return citizens - refused


# --- the live stream -------------------------------------------------------------------------

def last_event(session: Session) -> int:
    return session.scalar(select(func.max(AlertEvent.id))) or 0


def events_after(session: Session, after: int, follow: rules.Follow, now: datetime) -> list[dict]:
    """What a listener missed since event `after`, oldest first, in the frames the live stream
    sends. On PostgreSQL ids are handed out before commit, so an event may commit after a higher
    one the listener already saw: events up to REORDER_WINDOW older than `after` are sent again
    (the client keeps the newest revision of each alert, so a repeat changes nothing)."""
    if after <= 0:
        return []
    since = now - timedelta(hours=CATCH_UP_HOURS)
    seen_at = session.scalar(select(AlertEvent.created_at).where(AlertEvent.id == after))
    floor = after
    if seen_at is not None:
        floor = session.scalar(select(func.min(AlertEvent.id)).where(
            AlertEvent.created_at >= seen_at - REORDER_WINDOW)) or after
    rows = session.execute(
        select(AlertEvent, Alert).join(Alert, Alert.id == AlertEvent.alert_id)
        .where(AlertEvent.id >= floor, AlertEvent.id != after, AlertEvent.created_at >= since)
        .order_by(AlertEvent.id.desc()).limit(CATCH_UP_MAX)).all()
    out = []
    for ev, a in reversed(rows):
        kind = rules.delivery(follow, level=a.level, alert_dongs=rules.split_codes(a.dongs),
                              now=now)
        if kind is None:
            continue
        f = frame(ev, a)
        f["silent"] = kind == "silent"
        f["missed"] = True
        out.append(f)
    return out



def recent(session: Session, *, kinds: Iterable[str], dong_code: str, since: datetime,
           limit: int = 5) -> list[Alert]:
    """Alerts of `kinds` issued since `since`, still standing (not withdrawn), that concern
    `dong_code`: the newest first (the 날씨 screen points at the weather ones)."""
    rows = session.scalars(
        select(Alert).where(Alert.kind.in_(tuple(kinds)), Alert.status == "sent",
                            Alert.issued_at >= since)
        .order_by(Alert.issued_at.desc(), Alert.id.desc()).limit(50)).all()
    return [a for a in rows
            if rules.concerns(frozenset({dong_code}), rules.split_codes(a.dongs))][:limit]
