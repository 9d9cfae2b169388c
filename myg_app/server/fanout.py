"""Fan-out of live events (chat messages, disaster alerts) to the open connections of every
worker process.

Services call `emit(session, channel, frame)` inside their transaction:
- PostgreSQL: one `pg_notify` (a JSON list of events) just before that transaction commits,
  so an event exists exactly when its change was committed. Every worker LISTENs on one channel (one psycopg async connection each) and
  hands events to its local subscribers: several workers behave as one, no extra server.
- SQLite: events wait on the session until it commits, then go to this process's in-memory hub
  (SQLite means one process).
Channels: chat's "conv:<id>" (messages, receipts, status), "queue:<department>" and
"queue:*"; alerts' "alerts". The hub of an app starts with its first live connection
(`ensure_hub`) and stops with the app (`stop_hub`, in create_app's lifespan).
"""
from __future__ import annotations

import asyncio
import json
import logging
from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

PG_CHANNEL = "myg_events"
_PENDING = "live_events"
_HUB = "live_hub"

Callback = Callable[[dict], None]


def attach(session: Session, hub: "Hub | None") -> Session:
    """Let this session's committed events reach `hub` (SQLite; PostgreSQL needs no hub)."""
    session.info[_HUB] = hub
    return session


def pending_mark(session: Session) -> int:
    """How many events the session has queued so far (see `pending_truncate`)."""
    return len(session.info.get(_PENDING, ()))


def pending_truncate(session: Session, mark: int) -> None:
    """Drop the events queued after `mark`: their SAVEPOINT was rolled back."""
    events = session.info.get(_PENDING)
    if events is not None:
        del events[mark:]


PG_PAYLOAD_MAX = 7000  # bytes; PostgreSQL refuses NOTIFY payloads of 8000 bytes or more


def emit(session: Session, channel: str, frame: dict) -> None:
    """Queue an event; it leaves when (and only if) the transaction commits."""
    session.info.setdefault(_PENDING, []).append((channel, frame))


def _batches(events: list[tuple[str, dict]]) -> list[str]:
    """Events as few NOTIFY payloads as fit (one round trip for a whole message's events)."""
    out: list[str] = []
    batch: list[str] = []
    size = 2
    for channel, frame in events:
        item = json.dumps({"ch": channel, "f": frame}, ensure_ascii=False, separators=(",", ":"))
        n = len(item.encode()) + 1
        if batch and size + n > PG_PAYLOAD_MAX:
            out.append("[" + ",".join(batch) + "]")
            batch, size = [], 2
        batch.append(item)
        size += n
    if batch:
        out.append("[" + ",".join(batch) + "]")
    return out


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    # PostgreSQL: NOTIFY inside the transaction, delivered by the server exactly at commit,
    # unless the session's hub publishes after commit (chat sockets: see PgHub).
    if session.get_bind().dialect.name != "postgresql" or isinstance(
            session.info.get(_HUB), PgHub):
        return
    events = session.info.pop(_PENDING, None)
    for payload in _batches(events or []):
        session.execute(text("SELECT pg_notify(:c, :p)"), {"c": PG_CHANNEL, "p": payload})


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    events = session.info.pop(_PENDING, None)
    hub = session.info.get(_HUB)
    if events and hub is not None:
        hub.publish_threadsafe(events)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


class Hub:
    """This process's subscribers; callbacks run on the event loop."""

    def __init__(self) -> None:
        self._subs: dict[str, set[Callback]] = defaultdict(set)
        self.loop: asyncio.AbstractEventLoop | None = None

    async def start(self) -> None:
        self.loop = asyncio.get_running_loop()

    async def stop(self) -> None:
        pass

    def subscribe(self, channel: str, cb: Callback) -> None:
        self._subs[channel].add(cb)

    def unsubscribe(self, channel: str, cb: Callback) -> None:
        subs = self._subs.get(channel)
        if subs is not None:
            subs.discard(cb)
            if not subs:
                del self._subs[channel]

    def dispatch(self, channel: str, frame: dict) -> None:
        for cb in list(self._subs.get(channel, ())):
            try:
                cb(frame)
            except Exception:  # one broken connection must not stop the others
                log.exception("live subscriber failed")

    def publish_threadsafe(self, events: list[tuple[str, dict]]) -> None:
        if self.loop is None or self.loop.is_closed():
            return

        def run() -> None:
            for channel, frame in events:
                self.dispatch(channel, frame)

        self.loop.call_soon_threadsafe(run)


class PgHub(Hub):
    """LISTENs on PostgreSQL; reconnects after a lost connection and tells subscribers to
    catch up (a notification sent while disconnected is gone, the messages are not).

    It also publishes, after commit, the events of sessions attached to it (the chat
    sockets): a NOTIFY inside a transaction holds PostgreSQL's notification queue lock through
    the commit's WAL flush, so every chatting transaction of the cluster committed one at a
    time, one disk flush each (bench_chat: p50 2.5 s at 150 messages/s). Committed first, the
    messages share flushes (group commit), and one connection per worker sends the events of
    all of them in a few NOTIFYs (`synchronous_commit` off there: a lost notification costs a
    catch-up, never a message). Order across commits may differ from commit order; the
    sockets already reload on a gap in a conversation's sequence numbers."""

    def __init__(self, sqlalchemy_url: str) -> None:
        super().__init__()
        url = make_url(sqlalchemy_url).set(drivername="postgresql")
        self._conninfo = url.render_as_string(hide_password=False)
        self._task: asyncio.Task | None = None
        self._sender: asyncio.Task | None = None
        self._outbox: asyncio.Queue[list[tuple[str, dict]]] = asyncio.Queue()
        self._ready = asyncio.Event()

    async def start(self) -> None:
        await super().start()
        self._task = asyncio.create_task(self._listen(), name="pg-listen")
        self._sender = asyncio.create_task(self._send(), name="pg-notify")
        await asyncio.wait_for(self._ready.wait(), timeout=10)

    async def stop(self) -> None:
        for task in (self._sender, self._task):
            if task is not None:
                task.cancel()
                try:
                    await task
                except (asyncio.CancelledError, Exception):
                    pass

    def publish_threadsafe(self, events: list[tuple[str, dict]]) -> None:
        if self.loop is None or self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self._outbox.put_nowait, events)

    async def _send(self) -> None:
        import psycopg

        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                        self._conninfo, autocommit=True) as conn:
                    await conn.execute("SET synchronous_commit TO off")
                    while True:
                        events = list(await self._outbox.get())
                        while not self._outbox.empty():  # everything waiting goes together
                            events += self._outbox.get_nowait()
                        for payload in _batches(events):
                            await conn.execute("SELECT pg_notify(%s, %s)", (PG_CHANNEL, payload))
            except asyncio.CancelledError:
                raise
            except Exception as e:  # database restart: the subscribers catch up
                log.warning("event sender lost its connection (%s); retrying", type(e).__name__)
                self.dispatch("*", {"type": "resync"})
                await asyncio.sleep(1)

    async def _listen(self) -> None:
        import psycopg

        first = True
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                        self._conninfo, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {PG_CHANNEL}")
                    self._ready.set()
                    if not first:
                        self.dispatch("*", {"type": "resync"})
                    first = False
                    async for n in conn.notifies():
                        try:
                            for msg in json.loads(n.payload):
                                self.dispatch(msg["ch"], msg["f"])
                        except (ValueError, KeyError, TypeError):
                            log.warning("ignored a malformed notification")
            except asyncio.CancelledError:
                raise
            except Exception as e:  # database restart, network: retry
                log.warning("event listener lost its connection (%s); retrying", type(e).__name__)
                await asyncio.sleep(1)


def make_hub(database_url: str) -> Hub:
    return PgHub(database_url) if database_url.startswith("postgresql") else Hub()


def current_hub(app) -> Hub | None:
    return getattr(app.state, "live_hub", None)


async def ensure_hub(app) -> Hub:
    """The running hub; the first live connection starts it (PostgreSQL: LISTEN is in place
    before the connection subscribes, so nothing committed after that is missed)."""
    lock = app.state.__dict__.setdefault("_live_hub_lock", asyncio.Lock())
    async with lock:
        hub = current_hub(app)
        if hub is None:
            hub = make_hub(app.state.settings.effective_database_url)
            await hub.start()
            app.state.live_hub = hub
    return hub


async def stop_hub(app) -> None:
    """At shutdown (create_app's lifespan)."""
    hub = current_hub(app)
    if hub is not None:
        await hub.stop()
        app.state.live_hub = None
