"""Two backend workers on one PostgreSQL database behave as one: a citizen connected to worker
A and an officer connected to worker B talk in real time (LISTEN/NOTIFY fan-out)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid

import httpx
import pytest

from myg_app.server.seed import DEFAULT_DEMO_PASSWORD, seed_demo
from tests.api.conftest import PG_URL, SECRET, _truncate_pg, make_settings
from tests.e2e.conftest import free_port, stop_server, wait_until_up

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs MYG_TEST_DATABASE_URL (PostgreSQL)")


@pytest.fixture
def workers(pg_database, tmp_path):
    _truncate_pg(pg_database)
    seed_demo(make_settings(tmp_path, pg_database))
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYG_")}
    env.update(MYG_DATABASE_URL=PG_URL, MYG_SECRET_KEY=SECRET, MYG_DATA_DIR=str(tmp_path),
               MYG_PASSWORD_HASH_FAST="1")
    procs, urls = [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            log = tmp_path / f"worker-{name}.log"
            proc = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "myg_app.server.app:create_app", "--factory",
                 "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT)
            procs.append(proc)
            url = f"http://127.0.0.1:{port}"
            wait_until_up(proc, url + "/api/v1/health", log, f"worker {name}")
            urls.append(url)
        yield urls
    finally:
        for p in procs:
            stop_server(p)


def _login(url: str, email: str, password: str) -> str:
    r = httpx.post(url + "/api/v1/auth/login", json={"email": email, "password": password})
    r.raise_for_status()
    return r.json()["access_token"]


def _socket(url: str, token: str):
    from websockets.sync.client import connect

    ws = connect(url.replace("http", "ws") + "/api/v1/chat/ws", open_timeout=10).__enter__()
    ws.send(json.dumps({"type": "auth", "token": token}))
    assert json.loads(ws.recv(timeout=10))["type"] == "ready"
    return ws


def _next(ws, kind: str, timeout: float = 10) -> dict:
    end = time.monotonic() + timeout
    while True:
        frame = json.loads(ws.recv(timeout=max(0.1, end - time.monotonic())))
        if frame["type"] == kind:
            return frame


def test_citizen_on_one_worker_and_officer_on_another_talk_in_real_time(workers):
    a, b = workers
    email = f"w-{uuid.uuid4().hex[:8]}@example.com"
    httpx.post(a + "/api/v1/auth/register",
               json={"email": email, "password": "worker-pass-1", "name": "김두일"}).raise_for_status()
    citizen = _login(a, email, "worker-pass-1")
    officer = _login(b, "officer@gwangyang.demo", DEFAULT_DEMO_PASSWORD)
    conv = httpx.post(a + "/api/v1/chat/conversations", json={},
                      headers={"Authorization": f"Bearer {citizen}"}).json()

    officer_ws = _socket(b, officer)
    officer_ws.send(json.dumps({"type": "subscribe_queue"}))
    citizen_ws = _socket(a, citizen)
    citizen_ws.send(json.dumps({"type": "subscribe", "conversation_id": conv["id"], "after_seq": 0}))
    _next(citizen_ws, "caught_up")

    # Citizen on A writes; the officer's queue on B hears it at once.
    citizen_ws.send(json.dumps({"type": "send", "conversation_id": conv["id"],
                                "client_msg_id": "cit-000001", "body": "수도 요금 문의"}))
    assert _next(citizen_ws, "ack")["seq"] >= 1
    assert _next(officer_ws, "queue")["conversation_id"] == conv["id"]
    officer_ws.send(json.dumps({"type": "subscribe", "conversation_id": conv["id"],
                                "after_seq": 0}))
    first = _next(officer_ws, "message")  # seq 1; an after-hours reply may follow
    assert first["message"]["body"] == "수도 요금 문의"

    # Officer on B answers; the citizen on A receives it live, in order.
    t0 = time.monotonic()
    officer_ws.send(json.dumps({"type": "send", "conversation_id": conv["id"],
                                "client_msg_id": "off-000001", "body": "상하수도과로 안내드립니다."}))
    while True:
        frame = _next(citizen_ws, "message")
        if frame["message"]["sender"] == "officer":
            break
    latency = time.monotonic() - t0
    assert frame["message"]["body"] == "상하수도과로 안내드립니다."
    print(f"cross-worker delivery {latency * 1000:.1f} ms")

    # A plain REST post on A reaches the officer's socket on B too.
    r = httpx.post(a + f"/api/v1/chat/conversations/{conv['id']}/messages",
                   headers={"Authorization": f"Bearer {citizen}"},
                   json={"client_msg_id": "cit-000002", "body": "감사합니다"})
    assert r.status_code == 201
    got = _next(officer_ws, "message")
    while got["message"]["sender"] != "citizen":  # after hours an automatic reply may come too
        got = _next(officer_ws, "message")
    assert got["message"]["body"] == "감사합니다" and got["message"]["seq"] == r.json()["seq"]
    citizen_ws.close()
    officer_ws.close()
