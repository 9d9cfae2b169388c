"""Nothing acknowledged is lost: a burst of bookings, reports, chat messages and payment
confirmations goes to a real API worker (`main.py --backend-only`), which is killed with
SIGKILL in the middle of it and started again; the clients then retry what got no answer,
with the same Idempotency-Keys (chat: the same client_msg_id). Afterwards:

- every write that was acknowledged is there exactly once, under the id the client was given
  (a retry of an acknowledged booking is answered with the same booking);
- every write that was sent is there at most once (each retried key made one record);
- nothing is half-written: chat numbers have no gaps, every paid bulky-waste booking has one
  emission number, and the database passes its own integrity check.

On SQLite (a data folder of its own) and PostgreSQL (a database of its own).
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from myg_app.server.seed import DEFAULT_DEMO_PASSWORD
from tests.deploy.test_nginx_stack import PG_BASE_URL, _database, _missing
from tests.e2e.conftest import free_port, wait_until_up
from tests.free_slots import later_free_days, months_ahead

ROOT = Path(__file__).resolve().parents[2]
SECRET = "crash-test-secret-0123456789-abcdefghijklmnop"
PASSWORD = "crash-pass-2026"
CITIZENS = 4
# The worker is killed once this share of the burst has been answered.
KILL_AT = 0.3

pytestmark = pytest.mark.xdist_group("deploy")


class Worker:
    """One API worker process on a fixed port and data folder / database."""

    def __init__(self, tmp: Path, database_url: str | None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp / "worker.log"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("MYG_")} | {
            "MYG_DATA_DIR": str(tmp / "data"), "MYG_SECRET_KEY": SECRET,
            "MYG_PASSWORD_HASH_FAST": "1", "MYG_PARTNER_DEMO": "0"}
        if database_url:
            self.env["MYG_DATABASE_URL"] = database_url
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--backend-only", "--host", "127.0.0.1",
             "--port", str(self.port)], cwd=str(ROOT), env=self.env,
            stdout=open(self.log, "a"), stderr=subprocess.STDOUT)
        wait_until_up(self.proc, self.url + "/api/v1/health/ready", self.log, "the API worker")

    def kill(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)  # no shutdown, no flush: a crash
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@dataclass
class Op:
    kind: str  # booking | report | chat | deposit
    path: str
    body: dict
    headers: dict
    who: int  # citizen index (-1: the officer)
    acked: list[dict] = field(default_factory=list)  # every 2xx answer's body
    failures: int = 0
    cut: bool = False  # the server had it and died before answering (not: refused)

    def send(self, c: httpx.Client) -> bool:
        """True once the server has answered it for good."""
        try:
            r = c.post(self.path, json=self.body, headers=self.headers)
        except httpx.TransportError as e:
            self.failures += 1
            self.cut |= not isinstance(e, httpx.ConnectError)
            return False
        if r.status_code in (200, 201):
            self.acked.append(r.json())
            return True
        if self.kind == "deposit" and r.status_code == 409:
            # Confirmed before the crash, the answer lost on the way: already paid.
            self.acked.append({"already": True})
            return True
        if r.status_code >= 500 or r.status_code == 409 and "in_progress" in r.text:
            self.failures += 1
            return False
        raise AssertionError(f"{self.kind}: {r.status_code} {r.text}")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sign_in(c: httpx.Client, email: str, password: str) -> dict[str, str]:
    r = c.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    return bearer(r.json()["access_token"])


def citizens(c: httpx.Client) -> list[dict[str, str]]:
    out = []
    for i in range(CITIZENS):
        email = f"crash-{i}-{uuid.uuid4().hex[:6]}@example.com"
        r = c.post("/api/v1/auth/register",
                   json={"email": email, "password": PASSWORD, "name": f"시민{i}"})
        assert r.status_code == 201, r.text
        out.append(sign_in(c, email, PASSWORD))
    return out


def booking_ops(c: httpx.Client, people: list[dict]) -> list[Op]:
    """Two sports-ground bookings per citizen (their limit across 체육시설), distinct slots."""
    court = c.get("/api/v1/reservations/resources", params={"kind": "sports"}).json()["items"][0]
    want = 2 * len(people)
    slots: list[tuple[str, str]] = []
    for month in months_ahead():
        days = c.get(f"/api/v1/reservations/resources/{court['id']}/month",
                     params={"month": month}).json()
        for d in later_free_days(days):
            view = c.get(f"/api/v1/reservations/resources/{court['id']}/day",
                         params={"day": d}).json()
            slots += [(d, s["label"]) for s in view["slots"] if s["state"] == "free"]
            if len(slots) >= want:
                break
        if len(slots) >= want:
            break
    assert len(slots) >= want, f"not enough free slots on {court['name']}"
    return [Op("booking", "/api/v1/reservations/bookings",
               {"resource_id": court["id"], "day": day, "start": label, "resident": True},
               people[n % len(people)] | {"Idempotency-Key": uuid.uuid4().hex}, n % len(people))
            for n, (day, label) in enumerate(slots[:want])]


def report_ops(people: list[dict]) -> list[Op]:
    return [Op("report", "/api/v1/reports",
               {"category": "road", "description": f"충돌 시험 {n}: 도로 파손 {uuid.uuid4().hex[:8]}",
                "lat": 34.9406, "long": 127.6959},
               people[n % len(people)] | {"Idempotency-Key": uuid.uuid4().hex}, n % len(people))
            for n in range(3 * len(people))]


def chat_ops(c: httpx.Client, people: list[dict]) -> tuple[list[Op], list[int]]:
    ops, convs = [], []
    for who, h in enumerate(people):
        r = c.post("/api/v1/chat/conversations", json={}, headers=h)
        assert r.status_code in (200, 201), r.text
        conv = r.json()["id"]
        convs.append(conv)
        ops += [Op("chat", f"/api/v1/chat/conversations/{conv}/messages",
                   {"client_msg_id": uuid.uuid4().hex, "body": f"충돌 시험 메시지 {n}"}, h, who)
                for n in range(5)]
    return ops, convs


def deposit_ops(c: httpx.Client, people: list[dict], officer: dict) -> list[Op]:
    """Bulky-waste bookings waiting for their bank transfer; the burst confirms the deposits."""
    items = {i["code"]: i for i in c.get("/api/v1/waste/items").json()["items"]}
    lines = [{"item_id": items["sofa-2"]["id"], "quantity": 1}]
    fee = c.post("/api/v1/waste/quote", json={"items": lines}).json()["total"]
    day = c.get("/api/v1/waste/areas/gwangyang/dates").json()["dates"][1]
    ops = []
    for who, h in enumerate(people):
        for _ in range(2):
            r = c.post("/api/v1/waste/bookings", headers=h, json={
                "area": "gwangyang", "address": "광양읍 인동로 12, 1층 현관 앞", "pickup_date": day,
                "items": lines, "expected_fee": fee})
            assert r.status_code == 201, r.text
            bid = r.json()["id"]
            r = c.post(f"/api/v1/waste/bookings/{bid}/payment", headers=h,
                       json={"method": "bank_transfer"})
            assert r.status_code == 200, r.text
            ops.append(Op("deposit", f"/api/v1/waste/officer/bookings/{bid}/deposit",
                          {"amount": fee}, officer, who))
    return ops


def burst(worker: Worker, ops: list[Op]) -> int:
    """Send every op from 8 clients at once; SIGKILL the worker when KILL_AT of them have been
    answered. Returns how many were answered before the kill."""
    answered = threading.Event()
    count = {"n": 0}
    lock = threading.Lock()

    def run(op: Op) -> None:
        with httpx.Client(base_url=worker.url, timeout=10) as c:
            if op.send(c):
                with lock:
                    count["n"] += 1
                    if count["n"] >= KILL_AT * len(ops):
                        answered.set()

    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(run, op) for op in ops]
        answered.wait(60)
        with lock:
            before = count["n"]
        worker.kill()
        for f in futures:
            f.result()
    return before


@pytest.fixture(params=["sqlite", "postgresql"])
def worker(request, tmp_path):
    db_url = None
    name = None
    if request.param == "postgresql":
        if not PG_BASE_URL:
            _missing("needs PostgreSQL: set MYG_TEST_DATABASE_URL (see .ci/run)")
        from sqlalchemy.engine import make_url

        name = f"myg_crash_{uuid.uuid4().hex[:10]}"
        db_url = make_url(PG_BASE_URL).set(database=name).render_as_string(hide_password=False)
        _database(PG_BASE_URL, name, create=True)
    w = Worker(tmp_path, db_url)
    try:
        w.start()
        yield w
    finally:
        w.stop()
        if name:
            _database(PG_BASE_URL, name, create=False)


def test_a_killed_worker_loses_nothing_it_acknowledged(worker, tmp_path):
    with httpx.Client(base_url=worker.url, timeout=15) as c:
        people = citizens(c)
        officer = sign_in(c, "clean@gwangyang.demo", DEFAULT_DEMO_PASSWORD)
        chats, convs = chat_ops(c, people)
        ops = booking_ops(c, people) + report_ops(people) + chats + deposit_ops(c, people,
                                                                                 officer)
    random.Random(7).shuffle(ops)  # interleaved, as a busy morning's requests arrive
    before = burst(worker, ops)
    lost = [op for op in ops if not op.acked]
    cut = sum(op.cut for op in ops)
    print(f"{len(ops)} writes: {before} answered before SIGKILL, {cut} cut in the middle, "
          f"{len(lost) - cut} refused while the worker was down")
    assert lost, "the kill came after the burst: nothing was in flight"

    worker.start()  # systemd's Restart=always
    with httpx.Client(base_url=worker.url, timeout=15) as c:
        for op in ops:
            # What got no answer is retried until it gets one; what was answered is sent once
            # more, as a client that missed the answer would, and must be answered the same.
            want = len(op.acked) + 1
            for _ in range(20):
                if op.send(c) and len(op.acked) >= want:
                    break
                time.sleep(0.2)
            assert len(op.acked) >= want, f"{op.kind} never answered after the restart"
        check_everything(c, ops, people, convs, officer)
    check_integrity(worker)


def check_everything(c, ops, people, convs, officer) -> None:
    # Bookings: one per key, the same id on every answer, and nothing else.
    bookings = [op for op in ops if op.kind == "booking"]
    for op in bookings:
        assert len({a["id"] for a in op.acked}) == 1, op.acked
    mine: set[int] = set()
    for h in people:
        mine |= {b["id"] for b in c.get("/api/v1/reservations/bookings/mine",
                                        headers=h).json()["upcoming"]}
    assert mine == {op.acked[0]["id"] for op in bookings}

    # Reports: each one once, under its id.
    reports = [op for op in ops if op.kind == "report"]
    for op in reports:
        assert len({a["id"] for a in op.acked}) == 1, op.acked
    filed = []
    for h in people:
        filed += c.get("/api/v1/reports/mine", headers=h).json()["items"]
    by_text = {}
    for r in filed:
        by_text.setdefault(r["description"], []).append(r["id"])
    for op in reports:
        assert by_text.get(op.body["description"]) == [op.acked[0]["id"]]

    # Chat: each client message once (a resend answers the stored one), numbers without gaps.
    for op in (op for op in ops if op.kind == "chat"):
        assert len({a["id"] for a in op.acked}) == 1, op.acked
    for who, conv in enumerate(convs):
        msgs = c.get(f"/api/v1/chat/conversations/{conv}/messages",
                     headers=people[who]).json()["items"]
        seqs = [m["seq"] for m in msgs]
        assert seqs == list(range(1, len(seqs) + 1)), seqs
        sent = [op.body["client_msg_id"] for op in ops if op.kind == "chat" and op.who == who]
        got = [m["client_msg_id"] for m in msgs if m["sender"] == "citizen"]
        assert sorted(got) == sorted(sent)

    # Payments: every deposit confirmed once: paid, one emission number each, all different.
    numbers = []
    for op in (op for op in ops if op.kind == "deposit"):
        bid = int(op.path.split("/")[-2])
        b = c.get(f"/api/v1/waste/bookings/{bid}", headers=people[op.who]).json()
        assert b["status"] == "paid" and b["emission_no"], b
        numbers.append(b["emission_no"])
    assert len(set(numbers)) == len(numbers)


def check_integrity(worker: Worker) -> None:
    worker.stop()
    url = worker.env.get("MYG_DATABASE_URL")
    if url:
        return  # PostgreSQL: a committed transaction is whole by construction (WAL)
    db = Path(worker.env["MYG_DATA_DIR"]) / "myg.sqlite3"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
