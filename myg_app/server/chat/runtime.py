"""Per-app chat runtime: the settings and the process's event hub (started on first use,
stopped with the app through the router's lifespan)."""
from __future__ import annotations

import asyncio
import threading
from contextlib import asynccontextmanager, nullcontext

from myg_app.server.chat.hours import ChatSettings
from myg_app.server.chat.hub import Hub, make_hub


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


def current_hub(app) -> Hub | None:
    return getattr(app.state, "chat_hub", None)


async def ensure_hub(app) -> Hub:
    """The running hub; the first WebSocket starts it (PostgreSQL: LISTEN is in place before
    the connection subscribes, so nothing committed after that is missed)."""
    lock = app.state.__dict__.setdefault("_chat_hub_lock", asyncio.Lock())
    async with lock:
        hub = current_hub(app)
        if hub is None:
            hub = make_hub(app.state.settings.effective_database_url)
            await hub.start()
            app.state.chat_hub = hub
    return hub


@asynccontextmanager
async def lifespan(app):
    yield
    hub = current_hub(app)
    if hub is not None:
        await hub.stop()
        app.state.chat_hub = None
