"""Writing the catalogue: the embedded default, a re-import from the gov24 API, an officer's
programme. Every change bumps the catalogue version in the same transaction. A service is
never deleted: one that left the national catalogue is marked ended, and bookmarks stay."""
from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from myg_app.server.db import utcnow
from myg_app.server.welfare import search
from myg_app.server.welfare.models import (
    WelfareCatalogueState,
    WelfareImport,
    WelfareService,
)

EMBEDDED = Path(__file__).parent / "data" / "services.json.gz"
TOKENS_REVISION = "2"  # bump when text.tokens() changes what it keeps


@cache
def tokens_version() -> str:
    from importlib.metadata import version
    return f"kiwi{version('kiwipiepy')}-{TOKENS_REVISION}"


@cache
def embedded() -> tuple[dict[str, Any], ...]:
    """The catalogue shipped in the repository (scripts/make_gov24_data.py)."""
    with gzip.open(EMBEDDED, "rt", encoding="utf-8") as f:
        return tuple(json.load(f)["services"])


_DATE = re.compile(r"(20\d\d)\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})")


def deadline_end(deadline: str) -> date | None:
    """The last date of a 신청기한 text ("2026.3.2 ~ 2026.12.31"), or None when it names
    none (상시신청, 접수기관 별 상이…)."""
    found = None
    for y, m, d in _DATE.findall(deadline or ""):
        try:
            found = date(int(y), int(m), int(d))
        except ValueError:
            continue
    return found


@dataclass
class Change:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)
    unchanged: int = 0


def state(session: Session, lock: bool = False) -> WelfareCatalogueState:
    stmt = select(WelfareCatalogueState).where(WelfareCatalogueState.id == 1)
    row = session.scalar(stmt.with_for_update() if lock else stmt)
    if row is None:
        row = WelfareCatalogueState(id=1, version=0, next_city_number=1)
        session.add(row)
        session.flush()
    return row


def bump(session: Session) -> int:
    row = state(session, lock=True)
    row.version += 1
    session.flush()
    return row.version


def version(session: Session) -> int:
    return session.scalar(select(WelfareCatalogueState.version)
                          .where(WelfareCatalogueState.id == 1)) or 0


def _apply(row: WelfareService, rec: dict[str, Any], toks: dict | None = None) -> None:
    row.name = rec["name"][:300]
    row.level = rec["level"]
    row.source = rec["source"]
    row.views = int(rec.get("views") or 0)
    row.content_hash = rec["content_hash"]
    row.deadline_end = deadline_end(rec.get("deadline", ""))
    row.record = rec
    if toks is None:
        toks = search.record_tokens(rec)
    row.tokens = toks
    row.tokens_version = tokens_version()


def upsert(session: Session, recs: list[dict[str, Any]], *, complete: bool,
           source: str = "gov24") -> Change:
    """Add new services, update changed ones (views quietly), and, when `recs` is the whole
    national catalogue (`complete`), mark the active ones missing from it as ended."""
    change = Change()
    have = {r.id: r for r in session.scalars(select(WelfareService)
                                             .where(WelfareService.source == source))}
    seen = set()
    for rec in recs:
        rec = dict(rec)
        toks = rec.pop("tokens", None)
        if rec.pop("tokens_version", None) != tokens_version():
            toks = None  # analysed by another analyser: analyse again
        seen.add(rec["id"])
        row = have.get(rec["id"])
        if row is None:
            row = WelfareService(id=rec["id"], status="active")
            _apply(row, rec, toks)
            session.add(row)
            change.added.append(rec["id"])
        elif row.content_hash != rec["content_hash"] or row.status != "active":
            _apply(row, rec, toks)
            row.status, row.ended_at = "active", None
            change.updated.append(rec["id"])
        else:
            row.views = int(rec.get("views") or 0)
            change.unchanged += 1
    if complete:
        gone = [i for i, r in have.items() if i not in seen and r.status == "active"]
        if gone:
            session.execute(update(WelfareService).where(WelfareService.id.in_(gone))
                            .values(status="ended", ended_at=utcnow()))
        change.ended = gone
    session.flush()
    if change.added or change.updated or change.ended:
        bump(session)
    return change


def load_embedded(session: Session) -> Change | None:
    """Fill an empty catalogue with the embedded default (a no-op once any gov24 service is
    stored: from then on only imports change the national services)."""
    if session.scalar(select(WelfareService.id).where(WelfareService.source == "gov24")
                      .limit(1)) is not None:
        return None
    change = upsert(session, list(embedded()), complete=False)
    session.add(WelfareImport(origin="embedded", added=len(change.added),
                              note=f"{len(change.added)} services from the embedded default"))
    session.flush()
    return change
