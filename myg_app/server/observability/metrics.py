"""Prometheus metrics (prometheus-client) and `GET /metrics`, for loopback and a configured list
only (MYG_METRICS_ALLOW, CIDRs): everyone else gets the 404 of an unknown address.

Several uvicorn workers: set PROMETHEUS_MULTIPROC_DIR (an empty directory, emptied at every
start) before the workers start; each writes its values there and /metrics adds them up.
"""
from __future__ import annotations

import atexit
import ipaddress
import os
from time import perf_counter

from fastapi import APIRouter, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy import event
from sqlalchemy.engine import Engine
from starlette.exceptions import HTTPException

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
DEFAULT_ALLOW = "127.0.0.1/32,::1/128"
UNMATCHED = "unmatched"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# A request that came through a proxy: /metrics is for a scraper talking to the worker itself.
_FORWARDED = (b"x-forwarded-for", b"forwarded", b"x-real-ip")

REQUESTS = Counter("myg_http_requests", "HTTP requests answered, by route template and status",
                   ("method", "route", "status"))
DURATION = Histogram("myg_http_request_duration_seconds",
                     "Time to answer an HTTP request (event streams excluded)",
                     ("method", "route"))
OPEN_SOCKETS = Gauge("myg_open_sockets", "Open long-lived connections: websocket (API, e.g. "
                     "chat), sse (event streams, e.g. alerts), ui (the web app's websocket)",
                     ("kind",), multiprocess_mode="livesum")
for _kind in ("websocket", "sse", "ui"):
    OPEN_SOCKETS.labels(_kind)  # shown at 0 before the first one opens
POOL_WAIT = Histogram("myg_db_pool_wait_seconds",
                      "Time to get a database connection from the pool",
                      buckets=(.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5,
                               10, 30))
LOCK_WAIT = Histogram("myg_db_lock_wait_seconds",
                      "SQLite: time a transaction waits to begin (BEGIN IMMEDIATE queues for "
                      "the write lock)",
                      buckets=(.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5,
                               10))

if os.environ.get(MULTIPROC_ENV):
    # This process's files stop counting for the live gauges once it ends.
    atexit.register(lambda pid=os.getpid(): multiprocess.mark_process_dead(pid))


# Children by label values (bounded: route templates x methods x statuses): labels() validates
# and locks on every call, a dict lookup does not.
_counted: dict[tuple[str, str, str], object] = {}
_timed: dict[tuple[str, str], object] = {}


def record(method: str, route: str, status: int, elapsed: float | None) -> None:
    """One answered request; `elapsed` None: counted, not timed (an event stream)."""
    key = (method, route, str(status))
    child = _counted.get(key)
    if child is None:
        child = _counted[key] = REQUESTS.labels(*key)
    child.inc()
    if elapsed is None:
        return
    timer = _timed.get(key[:2])
    if timer is None:
        timer = _timed[key[:2]] = DURATION.labels(method, route)
    timer.observe(elapsed)


def method_label(method: str) -> str:
    return method if method in _METHODS else "OTHER"


def route_label(scope) -> str:
    """The route template (/api/v1/reservations/{id}), never the raw path: bounded labels and no
    ids or names in them. FastAPI keeps the prefixed template of an included router's route in
    its scope; a plain Starlette route has it as `path_format`."""
    # Inside a mounted app (the web app at "/"), templates are relative to the mount point.
    mount = (scope.get("root_path", "").removeprefix(scope["app_root_path"])
             if "app_root_path" in scope else "")
    context = (scope.get("fastapi") or {}).get("effective_route_context")
    path = getattr(context, "path_format", None) or getattr(scope.get("route"), "path_format",
                                                             None)
    if path is not None:
        return mount + path if mount + path else "/"
    if "myg.route" in scope:
        return scope["myg.route"]
    if "endpoint" in scope:  # a mounted app that is not a router answered (static files)
        return mount + "/{path}"
    return UNMATCHED


# --- who may read /metrics -----------------------------------------------------------------

def parse_allow(value: str | None) -> tuple[tuple, frozenset[str]]:
    """(networks, names): entries that are addresses or CIDRs, and other names taken literally
    (a test client's "testclient"; a real connection always has an address)."""
    nets, names = [], set()
    for entry in (value if value is not None else DEFAULT_ALLOW).split(","):
        entry = entry.strip()
        if not entry:
            continue
        try:
            nets.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            names.add(entry)
    return tuple(nets), frozenset(names)


def allowed(scope, allow: tuple[tuple, frozenset[str]]) -> bool:
    if any(k in _FORWARDED for k, _ in scope.get("headers") or ()):
        return False
    client = scope.get("client")
    if not client:
        return False
    host = client[0]
    nets, names = allow
    if host in names:
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in net for net in nets)


router = APIRouter()


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    if not allowed(request.scope, request.app.state.metrics_allow):
        raise HTTPException(404)  # the same answer as an unknown address
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY  # with the process, platform and GC collectors
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST,
                    headers={"Cache-Control": "no-store"})


# --- database waits --------------------------------------------------------------------------

def instrument_engine(engine: Engine) -> None:
    """Time pool checkouts (every dialect) and, on SQLite, how long BEGIN waits for the lock."""
    _time_pool(engine)
    event.listen(engine, "engine_disposed", _time_pool)  # dispose() makes a new pool
    if engine.dialect.name == "sqlite":
        # Around db.make_engine's own "begin" listener, which issues BEGIN (IMMEDIATE).
        event.listen(engine, "begin", _begin_started, insert=True)
        event.listen(engine, "begin", _begin_done)


def _time_pool(engine: Engine) -> None:
    pool = engine.pool
    if getattr(pool, "_myg_timed", False):
        return
    connect = pool.connect

    def timed_connect():
        started = perf_counter()
        try:
            return connect()
        finally:
            POOL_WAIT.observe(perf_counter() - started)

    pool.connect = timed_connect
    pool._myg_timed = True


def _begin_started(conn) -> None:
    conn.info["myg_begin_at"] = perf_counter()


def _begin_done(conn) -> None:
    started = conn.info.pop("myg_begin_at", None)
    if started is not None:
        LOCK_WAIT.observe(perf_counter() - started)
