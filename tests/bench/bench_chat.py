"""Benchmark: 300 concurrent chat WebSockets on one worker, message delivery latency p50/p99.

    cd /work/main && uv run python -m tests.bench.bench_chat [--pairs 150 --seconds 20 --rate 0.5]
    MYG_DATABASE_URL=postgresql+psycopg://... uv run python -m tests.bench.bench_chat  # PostgreSQL

One `uvicorn myg_app.server.app:create_app --factory` (one worker, no access log) on a
migrated, seeded database (a temporary SQLite file unless MYG_DATABASE_URL is set; PostgreSQL
then fans out through LISTEN/NOTIFY even on one worker). `--pairs` citizens each open a
conversation; for each one the officer account opens its own socket subscribed to it, so
2 x pairs sockets are connected at once. For `--seconds`, every socket sends `--rate`
messages per second on average (Poisson), alternately citizen -> officer and officer -> citizen.
Latency = from just before the sender's `send` frame leaves this process to the receiver's
`message` frame for the same client_msg_id (so it includes the database commit, the hub fan-out
and both socket hops). Prints p50/p90/p99/max, throughput and the server's CPU %; never fails
on timing. The run waits for the server's start-up jobs (`--cold`: not), and the first
`--warmup` seconds of load (the pool's first connections, first statements) are reported
apart from the steady state that follows.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from tests.bench.bench_alerts import settle  # noqa: E402
from tests.bench.procstat import cpu_seconds  # noqa: E402
from tests.e2e.conftest import free_port, stop_server, wait_until_up  # noqa: E402

SECRET = "bench-chat-secret-0123456789abcdefghijklmn"
DEMO_PASSWORD = "bench-demo-pass-1"


def prepare(data_dir: Path, db_url: str | None) -> dict:
    from myg_app.server.config import Settings
    from myg_app.server.db import migrate
    from myg_app.server.seed import seed_demo

    env = {"MYG_DATA_DIR": str(data_dir), "MYG_SECRET_KEY": SECRET,
           "MYG_DEMO_PASSWORD": DEMO_PASSWORD, "MYG_PASSWORD_HASH_FAST": "1"}
    if db_url:
        env["MYG_DATABASE_URL"] = db_url
    settings = Settings(data_dir=data_dir, secret_key=SECRET, database_url=db_url,
                        demo_password=DEMO_PASSWORD, password_hash_fast=True)
    migrate(settings)
    seed_demo(settings)
    return env


def start(env: dict, log: Path):
    port = free_port()
    full = {k: v for k, v in os.environ.items() if not k.startswith("MYG_")} | env
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "myg_app.server.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--workers", "1", "--log-level", "warning",
         "--no-access-log", "--ws", "websockets-sansio"],
        cwd=str(ROOT), env=full, stdout=open(log, "w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(proc, url + "/api/v1/health", log, "chat server")
    return proc, url


async def setup_pairs(url: str, pairs: int) -> tuple[str, list[tuple[str, int]]]:
    """The officer's token and (citizen token, conversation id) per pair."""
    async with httpx.AsyncClient(base_url=url + "/api/v1", timeout=60) as c:
        r = await c.post("/auth/login", json={"email": "officer@gwangyang.demo",
                                              "password": DEMO_PASSWORD})
        officer = r.json()["access_token"]
        sem = asyncio.Semaphore(16)

        async def one(i: int) -> tuple[str, int]:
            async with sem:
                r = await c.post("/auth/register", json={
                    "email": f"bench-{i}-{uuid.uuid4().hex[:6]}@example.com",
                    "password": "bench-pass-1", "name": f"시민{i}"})
                token = r.json()["access_token"]
                conv = await c.post("/chat/conversations", json={},
                                    headers={"Authorization": f"Bearer {token}"})
                return token, conv.json()["id"]

        return officer, list(await asyncio.gather(*(one(i) for i in range(pairs))))


class Peer:
    def __init__(self, url: str, token: str, conv_id: int, sent: dict, lat: list):
        self.url, self.token, self.conv_id = url, token, conv_id
        self.sent, self.lat = sent, lat
        self.ws = None
        self.received = 0
        self.acks: dict[str, float] = {}
        self.ack_lat = ACK_LAT

    async def open(self) -> None:
        self.ws = await connect(self.url.replace("http", "ws") + "/api/v1/chat/ws",
                                open_timeout=60, max_queue=None)
        await self.ws.send(json.dumps({"type": "auth", "token": self.token}))
        assert json.loads(await self.ws.recv())["type"] == "ready"
        await self.ws.send(json.dumps({"type": "subscribe", "conversation_id": self.conv_id,
                                       "after_seq": 10 ** 9}))

    async def reader(self) -> None:
        async for raw in self.ws:
            f = json.loads(raw)
            if f.get("type") == "ack":
                t0 = self.acks.pop(f["client_msg_id"], None)
                if t0 is not None:
                    self.ack_lat.append((t0, time.perf_counter() - t0))
            if f.get("type") == "message":
                cid = f["message"].get("client_msg_id")
                t0 = self.sent.pop((cid, id(self)), None) if cid else None
                if t0 is not None:
                    self.lat.append((t0, time.perf_counter() - t0))
                    self.received += 1

    async def writer(self, other: "Peer", rate: float, until: float, prefix: str) -> int:
        n = 0
        while True:
            await asyncio.sleep(random.expovariate(rate))
            if time.perf_counter() >= until:
                return n
            cid = f"{prefix}-{uuid.uuid4().hex[:16]}"
            self.sent[(cid, id(other))] = self.acks[cid] = time.perf_counter()
            await self.ws.send(json.dumps({"type": "send", "conversation_id": self.conv_id,
                                           "client_msg_id": cid, "body": f"벤치 메시지 {n}"}))
            n += 1


ACK_LAT: list[tuple[float, float]] = []  # (sent at, latency)


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] * 1000


def report(what: str, rows: list[tuple[float, float]]) -> None:
    lat = [x for _, x in rows]
    if lat:
        print(f"{what}: p50 {pct(lat, 50):.1f} ms, p90 {pct(lat, 90):.1f} ms, "
              f"p99 {pct(lat, 99):.1f} ms, max {max(lat) * 1000:.1f} ms, "
              f"mean {statistics.mean(lat) * 1000:.1f} ms ({len(lat)} messages)")


async def run(url: str, pid: int, pairs: int, seconds: float, rate: float,
              warmup: float) -> None:
    t = time.perf_counter()
    officer, convs = await setup_pairs(url, pairs)
    print(f"setup: {pairs} citizens with a conversation in {time.perf_counter() - t:.1f} s")
    sent: dict = {}
    lat: list[tuple[float, float]] = []  # (sent at, latency)
    peers: list[tuple[Peer, Peer]] = [
        (Peer(url, tok, cid, sent, lat), Peer(url, officer, cid, sent, lat)) for tok, cid in convs]
    t = time.perf_counter()
    sem = asyncio.Semaphore(50)

    async def open_one(p: Peer) -> None:
        async with sem:
            await p.open()

    await asyncio.gather(*(open_one(p) for pair in peers for p in pair))
    print(f"connected: {2 * pairs} sockets in {time.perf_counter() - t:.1f} s")
    readers = [asyncio.create_task(p.reader()) for pair in peers for p in pair]
    await asyncio.sleep(1)  # catch-up frames settle
    cpu0, t0 = cpu_seconds(pid), time.perf_counter()
    until = t0 + warmup + seconds
    counts = await asyncio.gather(*(w.writer(r, rate, until, f"b{i}{side}")
                                    for i, (c, o) in enumerate(peers)
                                    for side, (w, r) in enumerate(((c, o), (o, c)))))
    await asyncio.sleep(3)  # let the last messages arrive
    wall, cpu = time.perf_counter() - t0, cpu_seconds(pid) - cpu0
    total = sum(counts)
    for task in readers:
        task.cancel()
    for pair in peers:
        for p in pair:
            await p.ws.close()
    steady = t0 + warmup
    print(f"load average during the run: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    print(f"sent {total} messages in {warmup + seconds:.0f} s "
          f"({total / (warmup + seconds):.0f} msg/s offered), delivered {len(lat)}, "
          f"lost {total - len(lat)}; server CPU {100 * cpu / wall:.0f}%")
    if warmup:
        report(f"first {warmup:.0f} s (warm-up: the pool's connections, first statements)",
               [r for r in lat if r[0] < steady])
    report(f"delivery latency{', then ' + str(round(seconds)) + ' s' if warmup else ''}",
           [r for r in lat if r[0] >= steady])
    report("sender's ack (stored and committed)", [r for r in ACK_LAT if r[0] >= steady])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=int, default=150, help="citizen/officer socket pairs")
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--rate", type=float, default=0.5, help="messages per second per socket")
    ap.add_argument("--warmup", type=float, default=3,
                    help="seconds of the same load first, reported apart (0: none)")
    ap.add_argument("--cold", action="store_true",
                    help="measure at once, while the start-up jobs (the welfare index, weather, "
                         "alerts) still run; by default the run waits for them (steady state)")
    args = ap.parse_args()
    db_url = os.environ.get("MYG_DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="bench-chat-") as d:
        data = Path(d)
        env = prepare(data, db_url)
        started = time.perf_counter()
        proc, url = start(env, data / "server.log")
        try:
            print(f"backend: {'PostgreSQL' if db_url else 'SQLite'}, one uvicorn worker")
            if not args.cold:
                # The server's start-up jobs (building the welfare search index takes seconds
                # of CPU) would otherwise run inside the measured window.
                waited = asyncio.run(settle([proc.pid], started))
                print(f"waited {waited:.0f} s for the start-up jobs' first runs")
            asyncio.run(run(url, proc.pid, args.pairs, args.seconds, args.rate, args.warmup))
        finally:
            stop_server(proc)


if __name__ == "__main__":
    main()
