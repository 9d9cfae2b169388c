"""Seeing what happens: the request id (proxy's or ours) on answers, problem bodies and log lines;
JSON log lines with personal data masked; Prometheus metrics for loopback only; liveness and
readiness probes."""
from __future__ import annotations

import io
import json
import logging
import re
import threading
import time
from contextlib import contextmanager

import httpx
import pytest
from fastapi import Request
from fastapi.responses import StreamingResponse
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from myg_app.server import health_router
from myg_app.server.alerts import stream as alert_stream
from myg_app.server.app import create_app
from myg_app.server.config import Settings
from myg_app.server.observability import metrics
from myg_app.server.observability.logs import (
    ACCESS_LOGGER,
    JsonFormatter,
    MaskingFilter,
    install_log_handlers,
)
from tests.api.conftest import SECRET, assert_problem
from tests.api.live import serve
from tests.api.sse import Listener

HEX32 = re.compile(r"[0-9a-f]{32}")
PERSONAL = ("010-1234-5678", "hong.gildong@example.com", "900101-1234567")


def _with(settings: Settings, **kw) -> Settings:
    return Settings(**(settings.model_dump() | {"secret_key": SECRET} | kw))


@pytest.fixture
def scraper(settings):
    """An app whose /metrics admits the test client (its client host is "testclient")."""
    with TestClient(create_app(_with(settings, metrics_allow="127.0.0.1/32,testclient"))) as c:
        yield c


def _samples(client, name: str) -> dict[tuple, float]:
    r = client.get("/metrics")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/plain")
    out = {}
    for family in text_string_to_metric_families(r.text):
        for s in family.samples:
            if s.name == name:
                out[tuple(sorted(s.labels.items()))] = s.value
    return out


def _value(client, name: str, **labels) -> float:
    return _samples(client, name).get(tuple(sorted(labels.items())), 0.0)


# --- request id ------------------------------------------------------------------------------

def test_the_proxys_request_id_is_kept_and_one_is_made_otherwise(api):
    r = api.client.get("/api/v1/health/live", headers={"X-Request-ID": "nginx-7f3a.b_2"})
    assert r.status_code == 200 and r.headers["x-request-id"] == "nginx-7f3a.b_2"
    made = {api.client.get("/api/v1/health/live").headers["x-request-id"] for _ in range(2)}
    assert len(made) == 2 and all(HEX32.fullmatch(m) for m in made)
    # The catalog's raw-ASGI fast path answers with one too.
    r = api.client.get("/api/v1/catalog", headers={"X-Request-ID": "cat-1"})
    assert r.status_code == 200 and r.headers["x-request-id"] == "cat-1"


@pytest.mark.parametrize("bad", ["x" * 65, "two words", "a/b", "<script>", "id;rm", "한글"])
def test_an_unsafe_request_id_is_replaced(api, bad):
    r = api.client.get("/api/v1/health/live", headers={"X-Request-ID": bad.encode()})
    assert HEX32.fullmatch(r.headers["x-request-id"])


def test_a_problem_body_names_the_request_id(api):
    r = api.client.get("/api/v1/nothing-here", headers={"X-Request-ID": "help-desk-42"})
    body = assert_problem(r, 404, "not_found")
    assert body["request_id"] == "help-desk-42" == r.headers["x-request-id"]


# --- JSON logs -------------------------------------------------------------------------------

@contextmanager
def json_log():
    """Root logging as the launcher sets it with MYG_LOG_FORMAT=json, into a buffer."""
    root, access = logging.getLogger(), logging.getLogger(ACCESS_LOGGER)
    saved = root.handlers[:], root.level, access.level
    buf = io.StringIO()
    root.handlers[:] = [logging.StreamHandler(buf)]
    root.setLevel(logging.INFO)
    access.setLevel(logging.INFO)
    install_log_handlers(json_format=True)
    lines: list[dict] = []
    try:
        yield lines
    finally:
        root.handlers[:], level, access_level = saved
        root.setLevel(level)
        access.setLevel(access_level)
        # The server's lines (the test's own httpx client logs its requests in full).
        lines.extend(e for e in map(json.loads, buf.getvalue().splitlines())
                     if not e["logger"].startswith(("httpx", "httpcore")))


def test_json_lines_carry_the_request_id_and_mask_personal_data(settings):
    app = create_app(settings)
    log = logging.getLogger("myg_app.server.test_people")

    @app.get("/api/v1/test/people/{person_id}")
    def person(person_id: int):  # a sync route: the id follows into the thread pool
        log.info("call %s or mail %s (rrn %s)", *PERSONAL, extra={"note": f"tel {PERSONAL[0]}"})
        return {"id": person_id}

    @app.get("/api/v1/test/boom")
    def boom():
        raise RuntimeError(f"lookup failed for {PERSONAL[1]}")

    with json_log() as lines, TestClient(app, raise_server_exceptions=False) as client:
        ok = client.get("/api/v1/test/people/42?q=secret-query",
                        headers={"X-Request-ID": "trace-1"})
        assert ok.status_code == 200
        assert client.get("/api/v1/test/boom", headers={"X-Request-ID": "trace-2"}
                          ).status_code == 500
    text = json.dumps(lines, ensure_ascii=False)
    for raw in (*PERSONAL, "hong.gildong", "secret-query", "/people/42"):
        assert raw not in text, raw

    said = next(e for e in lines if e["logger"] == "myg_app.server.test_people")
    assert said["request_id"] == "trace-1" and said["level"] == "INFO"
    assert said["message"] == "call 010-****-5678 or mail h***@example.com (rrn ******-*******)"
    assert said["note"] == "tel 010-****-5678"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", said["ts"])

    access = [e for e in lines if e["logger"] == ACCESS_LOGGER]
    first = next(e for e in access if e["request_id"] == "trace-1")
    assert (first["method"], first["route"], first["status"]) == (
        "GET", "/api/v1/test/people/{person_id}", 200)
    assert isinstance(first["duration_ms"], float)
    failed = next(e for e in lines if e["request_id"] == "trace-2" and e["level"] == "ERROR")
    assert "RuntimeError" in failed["exc"] and "h***@example.com" in failed["exc"]
    assert any(e["request_id"] == "trace-2" and e.get("status") == 500 for e in access)


def test_masking_keeps_other_numbers_and_formatting():
    record = logging.LogRecord("x", logging.INFO, "", 0, "%d seats, order %s, id %s",
                               (12, "2026-05-01T09:00:00", "3f2a01012345678bc"), None)
    MaskingFilter().filter(record)
    assert record.getMessage() == "12 seats, order 2026-05-01T09:00:00, id 3f2a01012345678bc"
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] is None and line["message"] == record.getMessage()


# --- metrics ---------------------------------------------------------------------------------

def test_requests_are_counted_by_route_template_and_status(scraper):
    route = "/api/v1/me/notices/{notice_id}/read"
    before = _value(scraper, "myg_http_requests_total", method="POST", route=route,
                    status="401")
    unmatched = _value(scraper, "myg_http_requests_total", method="GET", route="unmatched",
                       status="404")
    for n in (7, 8):
        assert scraper.post(f"/api/v1/me/notices/{n}/read").status_code == 401
    scraper.get("/api/v1/no-such-thing")
    scraper.get("/api/v1/health")  # takes a database connection
    assert _value(scraper, "myg_http_requests_total", method="POST", route=route,
                  status="401") == before + 2
    assert _value(scraper, "myg_http_requests_total", method="GET", route="unmatched",
                  status="404") == unmatched + 1
    text = scraper.get("/metrics").text
    assert "/notices/7" not in text and "no-such-thing" not in text
    buckets = _samples(scraper, "myg_http_request_duration_seconds_bucket")
    assert (("le", "+Inf"), ("method", "POST"), ("route", route)) in buckets
    durations = _samples(scraper, "myg_http_request_duration_seconds_count")
    assert durations[(("method", "POST"), ("route", route))] >= 2
    assert _samples(scraper, "myg_db_pool_wait_seconds_count")[()] >= 1
    if scraper.app.state.engine.dialect.name == "sqlite":
        assert _samples(scraper, "myg_db_lock_wait_seconds_count")[()] >= 1
    assert "process_cpu_seconds_total" in text  # the process collector
    assert "# TYPE myg_open_sockets gauge" in text


def test_the_web_apps_files_count_under_their_mount(scraper):
    async def files(scope, receive, send):  # the web app, mounted at "/" as in main.py --web
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"<html>"})

    scraper.app.mount("/", files)
    before = _value(scraper, "myg_http_requests_total", method="GET", route="/{path}",
                    status="200")
    for path in ("/", "/index.html", "/assets/fonts/x.woff2"):
        assert scraper.get(path).status_code == 200
    assert _value(scraper, "myg_http_requests_total", method="GET", route="/{path}",
                  status="200") == before + 3


def test_metrics_are_hidden_from_everyone_else(api, settings):
    r = api.client.get("/metrics")  # "testclient" is not in the default list
    assert_problem(r, 404, "not_found")
    assert "/metrics" not in api.client.get("/openapi.json").json()["paths"]
    with TestClient(create_app(settings), client=("127.0.0.1", 40000)) as local:
        assert local.get("/metrics").status_code == 200
        # Through a proxy (even one on this machine) it is public traffic: not served.
        for header in ("X-Forwarded-For", "X-Real-IP", "Forwarded"):
            assert local.get("/metrics", headers={header: "203.0.113.9"}).status_code == 404
    with TestClient(create_app(settings), client=("203.0.113.9", 40000)) as outside:
        assert outside.get("/metrics").status_code == 404
    with TestClient(create_app(_with(settings, metrics_allow="10.0.0.0/8")),
                    client=("10.1.2.3", 40000)) as monitor:
        assert monitor.get("/metrics").status_code == 200


def test_allow_list_parsing():
    allow = metrics.parse_allow(" 10.0.0.0/8 , ::1/128,,testclient")
    scope = {"client": ("::ffff:10.9.9.9", 1), "headers": []}
    assert metrics.allowed(scope, allow)
    assert metrics.allowed(scope | {"client": ("::1", 1)}, allow)
    assert not metrics.allowed(scope | {"client": ("11.0.0.1", 1)}, allow)
    assert not metrics.allowed(scope | {"client": None}, allow)
    assert metrics.allowed(scope | {"client": ("testclient", 1)}, allow)


def test_event_streams_and_websockets_are_counted_while_open(scraper, api):
    seen: list[float] = []

    @scraper.app.get("/api/v1/test/stream")
    async def stream(request: Request):
        async def body():
            seen.append(_gauge("sse"))
            yield b"event: ready\ndata: {}\n\n"
        return StreamingResponse(body(), media_type="text/event-stream")

    base = _gauge("sse")
    r = scraper.get("/api/v1/test/stream")
    assert r.status_code == 200 and r.headers["x-request-id"]
    assert seen == [base + 1] and _gauge("sse") == base

    tokens = api.register()
    ws_base = _gauge("websocket")
    with scraper.websocket_connect("/api/v1/chat/ws") as ws:
        ws.send_text(json.dumps({"type": "auth", "token": tokens["access_token"]}))
        assert json.loads(ws.receive_text())["type"] == "ready"
        assert _value(scraper, "myg_open_sockets", kind="websocket") == ws_base + 1
    deadline = time.monotonic() + 5
    while _gauge("websocket") != ws_base and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _gauge("websocket") == ws_base


def _gauge(kind: str) -> float:
    return metrics.OPEN_SOCKETS.labels(kind)._value.get()


def test_a_live_alert_stream_shows_on_a_real_servers_loopback_metrics(settings, monkeypatch):
    # Keep-alives every 0.2 s: the server notices a closed listener at once.
    monkeypatch.setattr(alert_stream, "KEEPALIVE_S", 0.2)
    with serve(create_app(settings), ready_path="/api/v1/health/live") as url:
        base = _live_gauge(url)
        listener = Listener(f"{url}/api/v1/alerts/stream")
        try:
            assert listener.opened() == 200
            listener.ready()
            assert _live_gauge(url) == base + 1
        finally:
            listener.close()
        deadline = time.monotonic() + 5
        while _live_gauge(url) != base and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _live_gauge(url) == base


def _live_gauge(url: str) -> float:
    r = httpx.get(f"{url}/metrics")  # from 127.0.0.1: the default list admits it
    assert r.status_code == 200
    for family in text_string_to_metric_families(r.text):
        for s in family.samples:
            if s.name == "myg_open_sockets" and s.labels == {"kind": "sse"}:
                return s.value
    return 0.0


# --- health ----------------------------------------------------------------------------------

def test_live_and_ready(api):
    live = api.client.get("/api/v1/health/live")
    assert live.status_code == 200 and live.json() == {"status": "ok", "version": "0.1.0"}
    ready = api.client.get("/api/v1/health/ready")
    dialect = api.settings.effective_database_url.split(":")[0].split("+")[0]
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "version": "0.1.0", "database": dialect}


def test_not_ready_until_the_database_is_prepared(settings):
    release = threading.Event()
    app = create_app(settings, prepare=lambda: release.wait(10))
    with TestClient(app) as client:
        r = client.get("/api/v1/health/ready")
        assert_problem(r, 503, "starting")
        assert r.headers["retry-after"] == "2"
        assert client.get("/api/v1/health/live").status_code == 200
        release.set()
        assert app.state.readiness.wait(5)
        assert client.get("/api/v1/health/ready").status_code == 200


def test_not_ready_while_the_database_does_not_answer(settings, monkeypatch, tmp_path):
    (tmp_path / "a-folder").mkdir()  # not a database file: SQLite cannot open it
    gone = _with(settings, database_url=f"sqlite:///{tmp_path / 'a-folder'}")
    with TestClient(create_app(gone)) as client:
        assert_problem(client.get("/api/v1/health/ready"), 503, "database_unavailable")
        assert client.get("/api/v1/health/live").status_code == 200

    @contextmanager
    def stuck(engine):
        time.sleep(1.0)
        yield None

    monkeypatch.setattr(health_router, "READY_TIMEOUT_S", 0.2)
    monkeypatch.setattr(health_router, "read_only_session", stuck)
    with TestClient(create_app(settings)) as client:
        started = time.monotonic()
        assert_problem(client.get("/api/v1/health/ready"), 503, "database_unavailable")
        assert time.monotonic() - started < 0.9
