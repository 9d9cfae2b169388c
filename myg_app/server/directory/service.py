"""Search the department directory by task words ("여권", "쓰레기"), and seed it."""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.gwangyang.departments import DEPARTMENTS
from myg_app.server.directory.models import DirectoryEntry

SEP = "|"
MAX_QUERY = 40


def tasks_of(entry: DirectoryEntry) -> list[str]:
    return [t for t in entry.tasks.split(SEP) if t]


def _words(query: str) -> list[str]:
    return [w for w in re.split(r"\s+", query.strip()[:MAX_QUERY]) if w]


def _squash(s: str) -> str:
    return s.replace(" ", "").lower()


def search(session: Session, query: str = "") -> list[tuple[DirectoryEntry, list[str]]]:
    """Entries where every search word appears in the department, division or a task;
    departments matched by a task first. Spaces are ignored ("대형 폐기물" finds 대형폐기물).

    The directory is a few dozen rows: matching in Python keeps Korean matching identical on
    SQLite and PostgreSQL (no collation or LIKE-escaping differences)."""
    entries = list(session.scalars(select(DirectoryEntry).order_by(DirectoryEntry.sort_order,
                                                                   DirectoryEntry.id)))
    words = [_squash(w) for w in _words(query)]
    if not words:
        return [(e, []) for e in entries]
    hits: list[tuple[int, DirectoryEntry, list[str]]] = []
    for e in entries:
        tasks = tasks_of(e)
        matched = [t for t in tasks if any(w in _squash(t) for w in words)]
        haystack = _squash(" ".join([e.department, e.division, *tasks]))
        if all(w in haystack for w in words):
            # Exact task matches rank above partial ones, task matches above name matches.
            exact = sum(1 for t in tasks for w in words if _squash(t) == w)
            hits.append((-(exact * 10 + len(matched)), e, matched))
    hits.sort(key=lambda h: (h[0], h[1].sort_order))
    return [(e, matched) for _, e, matched in hits]


def seed(session: Session, settings=None) -> None:
    """Insert missing departments and refresh the known ones (idempotent)."""
    existing = {e.department: e for e in session.scalars(select(DirectoryEntry))}
    for order, (division, department, tasks, phone) in enumerate(DEPARTMENTS):
        e = existing.get(department) or DirectoryEntry(department=department)
        e.division, e.tasks, e.phone, e.sort_order = division, SEP.join(tasks), phone, order
        session.add(e)
    session.flush()
