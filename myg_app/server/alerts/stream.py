"""`GET /api/v1/alerts/stream`: alerts as Server-Sent Events, for guests and citizens alike.

One subscription to the process's hub per connection (server/fanout.py: every worker hears
every commit, by NOTIFY on PostgreSQL), filtered here by what this listener follows. The route
keeps no database session open while it streams: it reads in the thread pool and lets go."""
from __future__ import annotations

import asyncio
import json
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass

from fastapi import Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from myg_app.contracts import alerts as c
from myg_app.server.alerts import rules, service
from myg_app.server.auth.deps import unauthorized, user_from_token
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError
from myg_app.server.fanout import ensure_hub

KEEPALIVE_S = 15.0  # a comment line: proxies keep the connection, clients notice a dead one
QUEUE_MAX = 200  # frames waiting for a slow listener before it is cut off (it resumes later)
RETRY_MS = 3000
# A stream ends after this long and the client resumes from its last event: a worker restart
# or a load balancer change reaches everyone, and no connection outlives its sign-in for long.
MAX_STREAM_S = 1800.0


@dataclass
class Opening:
    follow: rules.Follow
    ready: int
    missed: list[dict]


def _bearer(request: Request) -> str | None:
    auth = request.headers.get("authorization") or ""
    scheme, _, token = auth.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _open(request: Request, follow: rules.Follow | None, after: int) -> Opening:
    app = request.app
    with app.state.sessionmaker() as session:
        token = _bearer(request)
        if token is not None:
            bearer = user_from_token(session, app.state.settings, token)
            if bearer is None:
                raise unauthorized(True)
            if follow is None:
                follow = service.follow_of(service.get_settings(session, bearer.user))
        follow = follow or rules.Follow.of()
        now = utcnow()
        return Opening(follow, service.last_event(session),
                       service.events_after(session, after, follow, now))


def _sse(event: str, data: dict, ident: int | None = None) -> bytes:
    head = f"id: {ident}\n" if ident is not None else ""
    return (f"{head}event: {event}\ndata: "
            f"{json.dumps(data, ensure_ascii=False, separators=(',', ':'))}\n\n").encode()


def _kind(follow: rules.Follow, frame: dict) -> rules.Delivery:
    a = frame["alert"]
    return rules.delivery(follow, level=a["level"], alert_dongs=frozenset(a["dongs"]),
                          now=utcnow())


# One alert reaches every listener as the same bytes: encoded once per event and silence.
_ENCODED: OrderedDict[tuple[int, bool], bytes] = OrderedDict()


def _live_bytes(frame: dict, silent: bool) -> bytes:
    key = (frame["event"], silent)
    out = _ENCODED.get(key)
    if out is None:
        out = _ENCODED[key] = _sse("alert", {**frame, "silent": silent}, frame["event"])
        if len(_ENCODED) > 256:
            _ENCODED.popitem(last=False)
    return out


async def open_stream(request: Request, follow: rules.Follow | None, after: int) -> StreamingResponse:
    hub = await ensure_hub(request.app)
    queue: asyncio.Queue[tuple[dict, rules.Delivery] | None] = asyncio.Queue()
    known: dict[str, rules.Follow | None] = {"follow": follow}

    def on_event(frame: dict) -> None:
        # Filtered here, in the hub's dispatch: a listener the alert is not for is not woken.
        # (A citizen's stored settings are known only once _open has read them.)
        kind = None if known["follow"] is None else _kind(known["follow"], frame)
        if known["follow"] is not None and kind is None:
            return
        if queue.qsize() >= QUEUE_MAX:
            queue.put_nowait(None)  # too slow: end the stream; the client resumes from its id
        else:
            queue.put_nowait((frame, kind))

    # Listen first, then read the database: nothing committed in between is lost.
    hub.subscribe(service.CHANNEL, on_event)
    try:
        opening = await run_in_threadpool(_open, request, follow, after)
    except BaseException:
        hub.unsubscribe(service.CHANNEL, on_event)
        raise
    known["follow"] = opening.follow

    async def body() -> AsyncIterator[bytes]:
        sent: set[int] = set()
        loop = asyncio.get_running_loop()
        try:
            yield f"retry: {RETRY_MS}\n\n".encode()
            yield _sse("ready", {"last_event": opening.ready})
            for f in opening.missed:
                sent.add(f["event"])
                yield _sse("alert", f, f["event"])
            ends = loop.time() + MAX_STREAM_S
            while loop.time() < ends:
                try:
                    # asyncio.timeout, not wait_for: no extra task per frame (1,000 listeners).
                    async with asyncio.timeout(KEEPALIVE_S):
                        item = await queue.get()
                except TimeoutError:
                    yield b": keepalive\n\n"
                    continue
                if item is None:
                    return
                frame, kind = item
                if kind is None:
                    kind = _kind(opening.follow, frame)
                if kind is None or frame["event"] in sent:
                    continue
                sent.add(frame["event"])
                yield _live_bytes(frame, kind == "silent")
        finally:
            hub.unsubscribe(service.CHANNEL, on_event)

    return StreamingResponse(body(), media_type="text/event-stream", headers={
        "Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def parse_quiet(value: str | None) -> tuple[int, int] | None:
    """"22:00-07:00" -> minutes; the same rules as the stored settings."""
    if not value:
        return None
    start, sep, end = value.partition("-")
    try:
        s = c.AlertSettings(quiet_start=start if sep else value, quiet_end=end if sep else None)
    except ValueError:
        raise AppError(422, "alerts.bad_quiet", "방해 금지 시간은 22:00-07:00처럼 입력해 주세요.",
                       field="quiet") from None
    return rules.minutes(s.quiet_start), rules.minutes(s.quiet_end)
