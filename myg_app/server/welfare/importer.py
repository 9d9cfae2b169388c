"""Apply a fetched national catalogue: in one transaction, add new services, update changed
ones, mark the vanished ones ended (never delete: bookmarks and links stay valid), log the
import, and tell opted-in citizens of new services that fit them."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from myg_app.server.welfare import catalogue, matching
from myg_app.server.welfare.models import WelfareImport


def apply(session: Session, recs: list[dict[str, Any]], today: date, *,
          origin: str = "gov24") -> WelfareImport:
    if not recs:
        # An empty answer is an outage, not a catalogue with no services: ending every
        # service would hide them all.
        raise ValueError("빈 목록은 반영하지 않습니다 (모든 서비스가 종료로 표시됩니다).")
    change = catalogue.upsert(session, recs, complete=True)
    told = matching.notify_new_matches(session, change.added, today)
    log = WelfareImport(origin=origin, added=len(change.added), updated=len(change.updated),
                        ended=len(change.ended), unchanged=change.unchanged, notified=told,
                        note=f"{len(recs)} services received")
    session.add(log)
    session.flush()
    return log
