"""Per-app chat runtime: the settings and the SQLite turn-taking (the event hub is shared:
server/fanout.py)."""
from __future__ import annotations

import threading
from contextlib import nullcontext

from myg_app.server.chat.hours import ChatSettings


def chat_settings(app) -> ChatSettings:
    s = getattr(app.state, "chat_settings", None)
    if s is None:
        s = app.state.chat_settings = ChatSettings()
    return s


def db_turn(app):
    """SQLite: chat socket transactions take turns on a process lock. Every SQLite transaction
    holds the write lock (BEGIN IMMEDIATE), and SQLite's own busy wait sleeps in growing steps
    (up to 100 ms) under contention; a queue on a Python lock hands over at once.
    PostgreSQL needs no turn-taking (row locks)."""
    if not app.state.settings.effective_database_url.startswith("sqlite"):
        return nullcontext()
    lock = app.state.__dict__.get("_chat_db_lock")
    if lock is None:
        lock = app.state.__dict__.setdefault("_chat_db_lock", threading.Lock())
    return lock
