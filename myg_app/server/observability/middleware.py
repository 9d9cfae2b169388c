"""One pure ASGI middleware, outermost: the request id, one access-log line per request and the
request metrics. Pure ASGI (not BaseHTTPMiddleware): streaming bodies, event streams and
websockets pass through untouched; only `http.response.start` / `websocket.accept` are looked at.
"""
from __future__ import annotations

import logging
from time import perf_counter

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from myg_app.server.domain import API_PREFIX
from myg_app.server.observability import metrics
from myg_app.server.observability.context import (
    HEADER,
    new_request_id,
    request_id_var,
    sane_request_id,
)
from myg_app.server.observability.logs import ACCESS_LOGGER

access_log = logging.getLogger(ACCESS_LOGGER)
_HEADER_KEY = HEADER.lower().encode()
_EVENT_STREAM = b"text/event-stream"


def install_observability(app: FastAPI) -> None:
    """The middleware (call last: it must be outermost), /metrics and the database timings."""
    app.state.metrics_allow = metrics.parse_allow(app.state.settings.metrics_allow)
    metrics.instrument_engine(app.state.engine)
    app.include_router(metrics.router)
    app.add_middleware(Observability)


def _incoming_id(scope: Scope) -> str:
    for key, value in scope.get("headers") or ():
        if key == _HEADER_KEY:
            return sane_request_id(value) or new_request_id()
    return new_request_id()


class Observability:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        rid = _incoming_id(scope)
        token = request_id_var.set(rid)
        try:
            if kind == "http":
                await self._http(scope, receive, send, rid)
            else:
                await self._websocket(scope, receive, send, rid)
        finally:
            request_id_var.reset(token)

    async def _http(self, scope: Scope, receive: Receive, send: Send, rid: str) -> None:
        started = perf_counter()
        status = 500  # an exception before the answer started
        stream = False
        header = (_HEADER_KEY, rid.encode())

        async def send_with_id(message: Message) -> None:
            nonlocal status, stream
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [h for h in message.get("headers", ()) if h[0].lower() != _HEADER_KEY]
                headers.append(header)
                message = {**message, "headers": headers}
                stream = any(k.lower() == b"content-type" and v.startswith(_EVENT_STREAM)
                             for k, v in headers)
                if stream:
                    metrics.OPEN_SOCKETS.labels("sse").inc()
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = perf_counter() - started
            method, route = metrics.method_label(scope["method"]), metrics.route_label(scope)
            # An event stream's duration is how long the listener stayed: not a latency.
            metrics.record(method, route, status, None if stream else elapsed)
            if stream:
                metrics.OPEN_SOCKETS.labels("sse").dec()
            _access(method, route, status, elapsed, rid)

    async def _websocket(self, scope: Scope, receive: Receive, send: Send, rid: str) -> None:
        started = perf_counter()
        status = 403  # closed before it was accepted
        kind = "websocket" if scope["path"].startswith(API_PREFIX + "/") else "ui"
        header = (_HEADER_KEY, rid.encode())

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "websocket.accept":
                status = 101
                message = {**message, "headers": [*message.get("headers", ()), header]}
                metrics.OPEN_SOCKETS.labels(kind).inc()
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if status == 101:
                metrics.OPEN_SOCKETS.labels(kind).dec()
            _access("WEBSOCKET", metrics.route_label(scope), status, perf_counter() - started,
                    rid)


def _access(method: str, route: str, status: int, elapsed: float, rid: str) -> None:
    """Method, route template, status, time: never the raw path, query string or body."""
    if not access_log.isEnabledFor(logging.INFO):
        return
    ms = round(elapsed * 1000, 1)
    access_log.info("%s %s %s %.1fms", method, route, status, ms,
                    extra={"method": method, "route": route, "status": status,
                           "duration_ms": ms, "request_id": rid})
