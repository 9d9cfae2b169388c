"""The national 긴급재난문자 poller: every `MYG_SAFETYDATA_POLL_SECONDS` (60 by default) it asks
the API for today's messages (and yesterday's just after midnight, for a message created at
23:59 and published late), keeps those that concern 광양시 and announces each new SN once.

Without `MYG_SAFETYDATA_SERVICE_KEY` the poller does nothing and says so (the officers' screen
and the history show that national messages are not connected); the city's own alerts work
either way. The HTTP call happens outside any transaction: SQLite's write lock is held only
for the short write."""
from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from myg_app.contracts import alerts as c
from myg_app.seoul_time import SEOUL
from myg_app.server.alerts import service
from myg_app.server.alerts.models import AlertSource
from myg_app.server.alerts.safetydata import (
    DisasterMessage,
    SafetyDataError,
    SafetyDataSettings,
    from_settings,
)
from myg_app.server.db import utcnow

log = logging.getLogger(__name__)
NAME = "national"
LATE_MINUTES = 10  # after midnight, yesterday's messages are asked for as well


def days_to_ask(now: datetime) -> list[date]:
    local = now.astimezone(SEOUL)
    days = [local.date()]
    if local.hour == 0 and local.minute < LATE_MINUTES:
        days.insert(0, local.date() - timedelta(days=1))
    return days


def _record(session: Session, ok: bool, message: str | None) -> None:
    row = session.get(AlertSource, NAME)
    if row is None:
        row = AlertSource(name=NAME)
        session.add(row)
    row.checked_at, row.ok, row.message = utcnow(), ok, message


def poll(sessionmaker, settings=None, *, safety: SafetyDataSettings | None = None,
         transport=None, now: datetime | None = None) -> list[c.AlertOut]:
    """One poll: fetch (no transaction), then store and announce in one short transaction."""
    safety = safety or SafetyDataSettings()
    now = now or utcnow()
    if not (safety.service_key or "").strip():
        with sessionmaker() as session, session.begin():
            _record(session, False, None)
        return []
    messages: list[DisasterMessage] = []
    error: str | None = None
    try:
        with from_settings(safety, transport=transport) as client:
            for day in days_to_ask(now):
                messages.extend(client.fetch(day))
    except SafetyDataError as e:
        error = str(e)  # never carries the key (safetydata.py)
        log.warning("national disaster messages: %s", error)
    with sessionmaker() as session, session.begin():
        # Even after an error, what did arrive before it is kept.
        stored = service.ingest_national(session, messages)
        _record(session, error is None, error)
    if stored:
        log.info("national disaster messages: %d new for 광양시", len(stored))
    return stored


def interval(_settings) -> float:
    return SafetyDataSettings().poll_seconds


def status(session: Session) -> c.SourceStatus:
    safety = SafetyDataSettings()
    row = session.get(AlertSource, NAME)
    if not (safety.service_key or "").strip():
        state, message = "no_key", ("국가 재난문자 인증키(MYG_SAFETYDATA_SERVICE_KEY)가 설정되지 않아 "
                                    "광양시가 보낸 알림만 전달됩니다.")
    elif row is not None and not row.ok:
        state, message = "failing", row.message
    else:
        state, message = "live", None
    return c.SourceStatus(national=state, checked_at=row.checked_at if row else None,
                          message=message, poll_seconds=safety.poll_seconds)
