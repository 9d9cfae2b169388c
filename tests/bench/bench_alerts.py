"""Benchmark: 1,000 listeners on `GET /api/v1/alerts/stream`, time from send to the last delivery.

    cd /work/main && uv run python -m tests.bench.bench_alerts [--listeners 1000] [--rounds 10]
        [--backend sqlite|postgres|both] [--client httpx|raw|both] [--procs 1] [--pg-url URL]

Defaults: 1,000 listeners, 10 rounds, both backends, both clients (four runs, about 4 minutes,
most of it waiting for the servers' start-up jobs).

Servers (each `python -m uvicorn myg_app.server.app:create_app --factory --workers 1
--no-access-log`, loopback, a free port, stopped by PID in a `finally` block):
  sqlite    one server on a temporary data dir, migrated and seeded (the production shape:
            SQLite means one process, the in-process hub of server/fanout.py);
  postgres  two servers ("workers" A and B) on one PostgreSQL database, so the alert reaches
            B by LISTEN/NOTIFY. The database is --pg-url, else MYG_BENCH_DATABASE_URL, else
            MYG_TEST_DATABASE_URL with its database renamed to `myg_bench` (default
            postgresql+psycopg://myg:myg@127.0.0.1:5432/myg_bench). It is WIPED (schema dropped,
            migrated, seeded): never point it at the test suite's database.

Listeners: --listeners guest streams opened from this process, on one asyncio event loop
(--procs N spreads them over N spawned processes instead). Every tenth follows
`?dong=gwangyang` and must receive nothing; the rest follow `?dong=jungma`. On PostgreSQL
listener i is on worker i % 2 (half each, the non-followers split evenly too). Two client
implementations (--client):
  httpx  `httpx.AsyncClient.stream()` + `aiter_raw()`, one task per listener (about 100 us of
         client CPU per frame: with 900 frames at once, the client is as slow as the server);
  raw    an `asyncio.Protocol` per connection that decodes the chunked body itself (less than
         half of that), so its figures are mostly the server's. Compare the client CPU column.

Each round the demo safety officer (safety@gwangyang.demo, logged in on the first server)
sends one 위급재난 지진해일 alert for 중마동 with `POST /api/v1/alerts`, through worker A on
PostgreSQL. One warm-up round (--warmup) is printed and not counted. The clock is
time.perf_counter() of this process: t0 is taken just before the POST is written; a delivery
is the moment this process's event loop is handed the bytes that complete that listener's
`event: alert` frame (timestamped before the JSON is parsed). So a delivery time covers the
request, the insert and commit, the fan-out (hub or NOTIFY), each connection's filter,
serialisation and write in the server, loopback, and the wait of that socket's turn in this
process's event loop (the last of 1,000 readable sockets is handed over after the other 999).
With --procs, a child process takes the arrival time with its own perf_counter(), which is
CLOCK_MONOTONIC on Linux, the same clock in every process.

Before the rounds the script waits until the servers' start-up jobs have had their first run
(the welfare index warm-up, 3 s after start, takes about a second of CPU and holds the event
loop meanwhile) and the servers are idle.

Prints one line per round (POST answered, first, p50, p99 and last delivery, listeners that
got it, alerts the non-followers got, server and client CPU ms over the round, from /proc in
10 ms ticks; on PostgreSQL the last delivery on each worker), then over all counted rounds
p50/p99 of every delivery and p50/p99 of the per-round last delivery (with 10 rounds the p99
of ten values is their maximum), and how busy the whole machine was during the rounds beside
the share of the servers and listeners (the rest is PostgreSQL and anything else running).
Never fails on timing; exits 1 when something breaks: a server does not start, a stream does
not open or ends, a delivery is missing or duplicated, or a non-follower receives an alert.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.e2e.conftest import free_port, stop_server, wait_until_up  # noqa: E402
from tests.bench.procstat import cpu_seconds  # noqa: E402

SECRET = "bench-alerts-secret-0123456789abcdefghijk"
DEMO_PASSWORD = "bench-demo-pass-1"
OFFICER = "safety@gwangyang.demo"
STREAM = "/api/v1/alerts/stream"
FOLLOW, OTHER = "jungma", "gwangyang"
DEFAULT_PG = "postgresql+psycopg://myg:myg@127.0.0.1:5432/myg_test"
OPEN_PARALLEL = 50  # streams being opened at once
ROUND_TIMEOUT_S = 30.0


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))] * 1000


def raise_nofile(need: int) -> str:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < need:
        new = need if hard == resource.RLIM_INFINITY else min(need, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
        soft = new
    if soft < need:
        raise SystemExit(f"open-file limit {soft} < {need} needed; raise `ulimit -Hn`")
    return f"open-file limit {soft}"


# --- databases and servers ------------------------------------------------------------------

def bench_pg_url(explicit: str | None) -> str:
    from sqlalchemy.engine import make_url

    url = explicit or os.environ.get("MYG_BENCH_DATABASE_URL")
    if url:
        return url
    base = make_url(os.environ.get("MYG_TEST_DATABASE_URL") or DEFAULT_PG)
    return base.set(database="myg_bench").render_as_string(hide_password=False)


def refuse_test_database(url: str) -> None:
    from sqlalchemy.engine import make_url

    test = os.environ.get("MYG_TEST_DATABASE_URL") or DEFAULT_PG
    a, b = make_url(url), make_url(test)
    if (a.host, a.port, a.database) == (b.host, b.port, b.database):
        raise SystemExit(f"{a.database} is the test suite's database; the benchmark wipes its "
                         "database: give it a scratch one (--pg-url)")


def ensure_pg_database(url: str) -> None:
    """Create the scratch database if it is missing and this role may; else say how."""
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url).set(drivername="postgresql")
    try:
        psycopg.connect(u.render_as_string(hide_password=False), connect_timeout=5).close()
        return
    except psycopg.OperationalError as e:
        if "does not exist" not in str(e):
            raise SystemExit(f"PostgreSQL at {u.host}:{u.port} does not answer: {e}\n"
                             "start it with `pg_ctlcluster 15 main start`") from None
    try:
        admin = u.set(database="postgres").render_as_string(hide_password=False)
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{u.database}"')
    except psycopg.Error as e:
        raise SystemExit(f"database {u.database} is missing and {u.username} may not create it "
                         f"({type(e).__name__}); as root: "
                         f"su postgres -c 'createdb -O {u.username} {u.database}'") from None


def wipe_pg(url: str) -> None:
    from sqlalchemy import text

    from myg_app.server.db import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def prepare(data_dir: Path, db_url: str | None) -> dict:
    """Migrate and seed (demo accounts with DEMO_PASSWORD); the servers' environment."""
    from myg_app.server.config import Settings
    from myg_app.server.db import migrate
    from myg_app.server.seed import seed_demo

    env = {"MYG_DATA_DIR": str(data_dir), "MYG_SECRET_KEY": SECRET,
           "MYG_DEMO_PASSWORD": DEMO_PASSWORD, "MYG_PASSWORD_HASH_FAST": "1"}
    if db_url:
        env["MYG_DATABASE_URL"] = db_url
        wipe_pg(db_url)
    settings = Settings(data_dir=data_dir, secret_key=SECRET, database_url=db_url,
                        demo_password=DEMO_PASSWORD, password_hash_fast=True)
    migrate(settings)
    seed_demo(settings)
    return env


def start(env: dict, log: Path, what: str, procs: list) -> str:
    port = free_port()
    full = {k: v for k, v in os.environ.items() if not k.startswith("MYG_")} | env
    with open(log, "w") as out:  # the server keeps its own copy of the descriptor
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "myg_app.server.app:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
             "--log-level", "warning", "--no-access-log"],
            cwd=str(ROOT), env=full, stdout=out, stderr=subprocess.STDOUT)
    procs.append(proc)  # the caller's finally stops it, even if it never answers
    url = f"http://127.0.0.1:{port}"
    wait_until_up(proc, url + "/api/v1/health", log, what)
    return url


# --- listeners ----------------------------------------------------------------------------------

@dataclass
class Spec:
    idx: int
    server: int  # index into the servers' URLs
    dong: str

    @property
    def follower(self) -> bool:
        return self.dong == FOLLOW


class Collector:
    """Every listener's frames, by alert id, with the perf_counter() they arrived at."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.ready = 0
        self.all_ready = asyncio.Event()
        self.arrivals: dict[int, dict[int, float]] = {}  # alert id -> listener -> time
        self.duplicates = 0
        self.alerts_of = [0] * n  # alert frames per listener
        self.errors: list[str] = []
        self.closing = False
        self.want: tuple[int, int] | None = None  # (alert id, listeners expected)
        self.done = asyncio.Event()

    def on_ready(self, idx: int) -> None:
        self.ready += 1
        if self.ready == self.n:
            self.all_ready.set()

    def on_alert(self, idx: int, aid: int, t: float) -> None:
        self.alerts_of[idx] += 1
        got = self.arrivals.setdefault(aid, {})
        if idx in got:
            self.duplicates += 1
            return
        got[idx] = t
        if self.want is not None and self.want[0] == aid and len(got) >= self.want[1]:
            self.done.set()

    def on_error(self, idx: int, what: str) -> None:
        if not self.closing:
            self.errors.append(f"listener {idx}: {what}")
            self.all_ready.set()  # do not wait for it


class SseParser:
    __slots__ = ("buf", "col", "idx")

    def __init__(self, idx: int, col: Collector) -> None:
        self.idx, self.col, self.buf = idx, col, b""

    def feed(self, data: bytes, t: float) -> None:
        self.buf += data
        while True:
            i = self.buf.find(b"\n\n")
            if i < 0:
                return
            frame, self.buf = self.buf[:i], self.buf[i + 2:]
            name = payload = None
            for line in frame.split(b"\n"):
                if line.startswith(b"event:"):
                    name = line[6:].strip()
                elif line.startswith(b"data:"):
                    payload = line[5:].strip()
            if name == b"alert":
                self.col.on_alert(self.idx, json.loads(payload)["alert"]["id"], t)
            elif name == b"ready":
                self.col.on_ready(self.idx)


class HttpxListeners:
    """One task per listener, `client.stream()`; one AsyncClient per 100 listeners (a pool scans
    all its connections whenever a request starts)."""

    def __init__(self, urls: list[str], specs: list[Spec], col: Collector) -> None:
        self.urls, self.specs, self.col = urls, specs, col
        self.clients: list[httpx.AsyncClient] = []
        self.tasks: list[asyncio.Task] = []

    async def open(self) -> None:
        sem = asyncio.Semaphore(OPEN_PARALLEL)
        for _ in range(0, len(self.specs), 100):
            self.clients.append(httpx.AsyncClient(
                timeout=httpx.Timeout(60, read=None),
                limits=httpx.Limits(max_connections=None, max_keepalive_connections=0)))
        for k, s in enumerate(self.specs):
            self.tasks.append(asyncio.create_task(self._listen(s, self.clients[k // 100], sem)))

    async def _listen(self, s: Spec, client: httpx.AsyncClient, sem: asyncio.Semaphore) -> None:
        parser = SseParser(s.idx, self.col)
        opened = False
        await sem.acquire()
        try:
            async with client.stream("GET", self.urls[s.server] + STREAM, params={"dong": s.dong},
                                     headers={"Accept": "text/event-stream"}) as r:
                sem.release()
                opened = True
                if r.status_code != 200:
                    self.col.on_error(s.idx, f"HTTP {r.status_code}")
                    return
                async for chunk in r.aiter_raw():
                    parser.feed(chunk, time.perf_counter())
            self.col.on_error(s.idx, "stream ended")
        except asyncio.CancelledError:
            raise
        except Exception as e:  # reported; the run then exits 1
            self.col.on_error(s.idx, f"{type(e).__name__}: {e}")
        finally:
            if not opened:
                sem.release()

    async def close(self) -> None:
        for t in self.tasks:
            t.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        for c in self.clients:
            await c.aclose()


class RawStream(asyncio.Protocol):
    """HTTP/1.1 GET, then the chunked body decoded by hand and handed to the SSE parser."""

    def __init__(self, request: bytes, idx: int, col: Collector) -> None:
        self.request, self.idx, self.col = request, idx, col
        self.parser = SseParser(idx, col)
        self.buf = b""
        self.head = False
        self.chunked = False
        self.need: int | None = None
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        t = time.perf_counter()
        self.buf += data
        if not self.head:
            i = self.buf.find(b"\r\n\r\n")
            if i < 0:
                return
            head = self.buf[:i].decode("latin-1").lower()
            self.buf = self.buf[i + 4:]
            self.head = True
            status = head.split(" ", 2)[1] if " " in head else "?"
            if status != "200":
                self.col.on_error(self.idx, f"HTTP {status}")
                self.transport.close()
                return
            self.chunked = "transfer-encoding: chunked" in head
        if not self.chunked:
            body, self.buf = self.buf, b""
            self.parser.feed(body, t)
            return
        out = []
        while True:
            if self.need is None:
                j = self.buf.find(b"\r\n")
                if j < 0:
                    break
                size = int(self.buf[:j].split(b";")[0], 16)
                self.buf = self.buf[j + 2:]
                if size == 0:
                    self.col.on_error(self.idx, "stream ended")
                    return
                self.need = size
            if len(self.buf) < self.need + 2:
                break
            out.append(self.buf[:self.need])
            self.buf = self.buf[self.need + 2:]
            self.need = None
        if out:
            self.parser.feed(b"".join(out), t)

    def connection_lost(self, exc) -> None:
        self.col.on_error(self.idx, f"connection lost ({exc!r})")


class RawListeners:
    def __init__(self, urls: list[str], specs: list[Spec], col: Collector) -> None:
        self.urls, self.specs, self.col = urls, specs, col
        self.transports: list[asyncio.Transport] = []

    async def open(self) -> None:
        loop = asyncio.get_running_loop()
        sem = asyncio.Semaphore(OPEN_PARALLEL)

        async def one(s: Spec) -> None:
            u = urlsplit(self.urls[s.server])
            req = (f"GET {STREAM}?dong={s.dong} HTTP/1.1\r\nHost: {u.netloc}\r\n"
                   "Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n").encode()
            async with sem:
                try:
                    tr, _ = await loop.create_connection(lambda: RawStream(req, s.idx, self.col),
                                                         u.hostname, u.port)
                except OSError as e:
                    self.col.on_error(s.idx, f"connect: {e}")
                    return
                self.transports.append(tr)

        await asyncio.gather(*(one(s) for s in self.specs))

    async def close(self) -> None:
        for tr in self.transports:
            tr.close()
        await asyncio.sleep(0.1)


class Forward(Collector):
    """A child process's collector: every frame goes to the parent over the pipe."""

    def __init__(self, n: int, conn) -> None:
        super().__init__(n)
        self.conn = conn

    def on_ready(self, idx: int) -> None:
        self.conn.send(("ready", idx))

    def on_alert(self, idx: int, aid: int, t: float) -> None:
        self.conn.send(("alert", idx, aid, t))

    def on_error(self, idx: int, what: str) -> None:
        if not self.closing:
            self.conn.send(("error", idx, what))


def _child(urls: list[str], specs: list[Spec], client: str, conn) -> None:
    async def run() -> None:
        col = Forward(len(specs), conn)
        group = (HttpxListeners if client == "httpx" else RawListeners)(urls, specs, col)
        stop = asyncio.Event()
        asyncio.get_running_loop().add_reader(conn.fileno(), stop.set)  # "close" or EOF
        await group.open()
        await stop.wait()
        col.closing = True
        await group.close()

    asyncio.run(run())


class ProcListeners:
    """The listeners spread over `procs` child processes (spawned), each running the httpx or
    raw listeners on its own event loop. The children timestamp arrivals with their own
    time.perf_counter(): CLOCK_MONOTONIC, one clock for every process of the machine."""

    def __init__(self, urls: list[str], specs: list[Spec], col: Collector, client: str,
                 procs: int) -> None:
        import multiprocessing

        self.ctx = multiprocessing.get_context("spawn")
        self.urls, self.specs, self.col, self.client, self.procs = urls, specs, col, client, procs
        self.children: list = []  # (process, parent end of the pipe)

    async def open(self) -> None:
        clock = time.get_clock_info("perf_counter").implementation
        if "CLOCK_MONOTONIC" not in clock:
            raise SystemExit(f"--procs needs a system-wide perf_counter, this one is {clock}")
        loop = asyncio.get_running_loop()
        for k in range(self.procs):
            mine, theirs = self.ctx.Pipe()
            proc = self.ctx.Process(target=_child, daemon=True, args=(
                self.urls, self.specs[k::self.procs], self.client, theirs))
            proc.start()
            theirs.close()
            self.children.append((proc, mine))
            loop.add_reader(mine.fileno(), self._drain, mine, k)

    def _drain(self, conn, k: int) -> None:
        try:
            while conn.poll():
                msg = conn.recv()
                if msg[0] == "alert":
                    self.col.on_alert(msg[1], msg[2], msg[3])
                elif msg[0] == "ready":
                    self.col.on_ready(msg[1])
                else:
                    self.col.on_error(msg[1], msg[2])
        except (EOFError, OSError):
            asyncio.get_running_loop().remove_reader(conn.fileno())
            self.col.on_error(-1, f"listener process {k} ended")

    def cpu(self) -> float:
        return sum(cpu_seconds(p.pid) for p, _ in self.children if p.is_alive())

    async def close(self) -> None:
        loop = asyncio.get_running_loop()
        for _, conn in self.children:
            loop.remove_reader(conn.fileno())
            with contextlib.suppress(OSError):
                conn.send("close")
        for proc, conn in self.children:
            await asyncio.to_thread(proc.join, 10)
            if proc.is_alive():
                proc.kill()
                proc.join()
            conn.close()


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of every CPU, from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]  # idle + iowait
    return sum(v[:8]) - idle, sum(v[:8])


# --- one backend ------------------------------------------------------------------------------

@dataclass
class Round:
    n: int  # 0: warm-up
    post: float  # seconds from t0 to the POST's answer
    deliveries: list[float]  # seconds from t0, followers only
    by_server: list[list[float]]
    expected: int
    others: int  # alert frames the non-followers received this round
    server_cpu: float
    client_cpu: float

    @property
    def last(self) -> float:
        return max(self.deliveries) if self.deliveries else float("nan")


@dataclass
class Result:
    title: str
    short: str
    rounds: list[Round] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    connect_s: float = 0.0
    busy: float = 0.0  # share of the machine's CPUs busy during the rounds (every process)
    ours: float = 0.0  # of which the servers and the listeners (not PostgreSQL)


def startup_jobs_s() -> float:
    """When the last of the domains' first job runs start, after a server starts (the welfare
    index warm-up at 3 s takes a core for about a second and holds the event loop meanwhile)."""
    from myg_app.server.domains import DOMAINS

    return max((j.first_after_s for d in DOMAINS for j in d.jobs if j.first_after_s <= 60),
               default=0.0)


async def settle(pids: list[int], started: float, limit_s: float = 30.0) -> float:
    """Wait until every start-up job's first run is past, then until the servers are idle
    (< 5% of a core over 0.5 s): none of that may run during the rounds."""
    t = time.perf_counter()
    await asyncio.sleep(max(0.0, started + startup_jobs_s() + 2.0 - t))
    while time.perf_counter() - t < limit_s + startup_jobs_s():
        c0 = sum(cpu_seconds(p) for p in pids)
        await asyncio.sleep(0.5)
        if (sum(cpu_seconds(p) for p in pids) - c0) / 0.5 < 0.05:
            break
    return time.perf_counter() - t


def draft(n: int) -> dict:
    return {"level": "위급재난", "kind": "지진해일", "dongs": [FOLLOW],
            "text": f"[벤치 {n}] 중마동 해안 지진해일 경보. 즉시 높은 곳으로 대피하세요.",
            "link": "https://www.safekorea.go.kr"}


async def run_backend(title: str, short: str, urls: list[str], pids: list[int],
                      started: float, listeners: int, rounds: int, warmup: int, client: str,
                      procs: int, gap: float) -> Result:
    res = Result(title, short)
    specs = [Spec(i, i % len(urls), OTHER if (i // len(urls)) % 10 == 9 else FOLLOW)
             for i in range(listeners)]
    followers = [s for s in specs if s.follower]
    others = [s for s in specs if not s.follower]
    col = Collector(listeners)
    if procs > 1:
        group = ProcListeners(urls, specs, col, client, procs)
    else:
        group = (HttpxListeners if client == "httpx" else RawListeners)(urls, specs, col)

    def client_cpu() -> float:
        return time.process_time() + (group.cpu() if procs > 1 else 0.0)

    t = time.perf_counter()
    try:
        await group.open()
        try:
            await asyncio.wait_for(col.all_ready.wait(), 180)
        except TimeoutError:
            res.problems.append(f"only {col.ready}/{listeners} streams sent `ready` in 180 s")
        res.connect_s = time.perf_counter() - t
        if col.errors or col.ready < listeners:
            res.problems.extend(col.errors[:5])
            if len(col.errors) > 5:
                res.problems.append(f"... {len(col.errors) - 5} more listener errors")
            return res
        print(f"  connected: {listeners} streams ({len(followers)} follow {FOLLOW}, "
              f"{len(others)} follow {OTHER}) over {len(urls)} server(s), all `ready`, "
              f"in {res.connect_s:.1f} s")
        print(f"  waited {await settle(pids, started):.1f} s for the start-up jobs and an idle "
              "server")
        print(HEADER + ("   last per worker" if len(urls) > 1 else ""))
        async with httpx.AsyncClient(base_url=urls[0] + "/api/v1", timeout=60) as sender:
            r = await sender.post("/auth/login", json={"email": OFFICER, "password": DEMO_PASSWORD})
            if r.status_code != 200:
                res.problems.append(f"officer login: HTTP {r.status_code} {r.text[:200]}")
                return res
            auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
            others_before = sum(col.alerts_of[s.idx] for s in others)
            busy0, total0 = machine_busy()
            ours0 = sum(cpu_seconds(p) for p in pids) + client_cpu()
            for n in range(1 - warmup, rounds + 1):
                body = draft(n)
                col.done.clear()
                col.want = None
                cpu0 = sum(cpu_seconds(p) for p in pids)
                ccpu0 = client_cpu()
                t0 = time.perf_counter()
                r = await sender.post("/alerts", json=body, headers=auth)
                t_post = time.perf_counter() - t0
                if r.status_code != 201:
                    res.problems.append(f"round {n}: POST /alerts HTTP {r.status_code} "
                                        f"{r.text[:200]}")
                    return res
                aid = r.json()["id"]
                col.want = (aid, len(followers))
                if len(col.arrivals.get(aid, {})) < len(followers):
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(col.done.wait(), ROUND_TIMEOUT_S)
                cpu = sum(cpu_seconds(p) for p in pids) - cpu0
                ccpu = client_cpu() - ccpu0
                await asyncio.sleep(gap)  # stray frames (a non-follower's) would arrive by now
                got = col.arrivals.get(aid, {})
                others_now = sum(col.alerts_of[s.idx] for s in others)
                rd = Round(n, t_post, [got[s.idx] - t0 for s in followers if s.idx in got],
                           [[got[s.idx] - t0 for s in followers if s.idx in got and s.server == k]
                            for k in range(len(urls))],
                           len(followers), others_now - others_before, cpu, ccpu)
                others_before = others_now
                res.rounds.append(rd)
                print_round(rd, len(urls))
                if len(rd.deliveries) < len(followers):
                    res.problems.append(f"round {n}: {len(followers) - len(rd.deliveries)} "
                                        f"followers did not receive alert {aid} "
                                        f"in {ROUND_TIMEOUT_S:.0f} s")
                if rd.others:
                    res.problems.append(f"round {n}: non-followers received {rd.others} alerts")
            busy1, total1 = machine_busy()
            ours = sum(cpu_seconds(p) for p in pids) + client_cpu() - ours0
            hz = os.sysconf("SC_CLK_TCK")
            res.busy = (busy1 - busy0) / max(1, total1 - total0)
            res.ours = ours * hz / max(1, total1 - total0)
            await asyncio.sleep(0.5)
            if col.duplicates:
                res.problems.append(f"{col.duplicates} alerts were delivered twice to a listener")
            late = sum(col.alerts_of[s.idx] for s in others) - others_before
            if late:
                res.problems.append(f"non-followers received {late} alerts after the rounds")
            if col.errors:
                res.problems.extend(col.errors[:5])
    finally:
        col.closing = True
        await group.close()
    return res


HEADER = ("round   POST ms  first ms    p50 ms    p99 ms   last ms  got        others  "
          "server CPU ms  client CPU ms")


def print_round(rd: Round, servers: int) -> None:
    d = rd.deliveries
    name = "warm-up" if rd.n <= 0 else str(rd.n)
    line = (f"{name:>7} {rd.post * 1000:8.1f} "
            + (f"{min(d) * 1000:9.1f} {pct(d, 50):9.1f} {pct(d, 99):9.1f} {rd.last * 1000:9.1f}"
               if d else f"{'-':>9} {'-':>9} {'-':>9} {'-':>9}")
            + f"  {len(d):>4}/{rd.expected:<4}  {rd.others:>6}  {rd.server_cpu * 1000:13.0f}"
              f"  {rd.client_cpu * 1000:13.0f}")
    if servers > 1:
        line += "   last " + " / ".join(f"{'AB'[k]} {max(v) * 1000:.1f}" if v else f"{'AB'[k]} -"
                                        for k, v in enumerate(rd.by_server))
    print(line)


SUMMARY = ("run                        delivered   every p50  every p99   last p50   last p99  "
           "last max   POST p50  others  server CPU  client CPU  machine busy (ours)")


def summary(res: Result) -> str:
    """One line of the summary table: over the counted rounds, ms."""
    counted = [r for r in res.rounds if r.n > 0]
    if not counted:
        return f"{res.short:<24}  no counted round"
    every = [d for r in counted for d in r.deliveries]
    lasts = [r.last for r in counted]
    got = sum(len(r.deliveries) for r in counted)
    want = sum(r.expected for r in counted)
    return (f"{res.short:<24} {f'{got}/{want}':>10}  {pct(every, 50):9.1f}  {pct(every, 99):9.1f}"
            f"  {pct(lasts, 50):9.1f}  {pct(lasts, 99):9.1f}  {max(lasts) * 1000:8.1f}"
            f"  {pct([r.post for r in counted], 50):9.1f}  {sum(r.others for r in counted):6d}"
            f"  {pct([r.server_cpu for r in counted], 50):10.0f}"
            f"  {pct([r.client_cpu for r in counted], 50):10.0f}"
            f"  {100 * res.busy:11.0f}% ({100 * res.ours:.0f}%)")


def bench(backend: str, client: str, args, pg_url: str | None) -> Result:
    procs: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="bench-alerts-") as d:
        data = Path(d)
        try:
            env = prepare(data, pg_url if backend == "postgres" else None)
            names = ["A", "B"] if backend == "postgres" else ["server"]
            urls = [start(env, data / f"server-{n}.log", f"{backend} {n}", procs) for n in names]
            started = time.perf_counter()
            title = ("SQLite, one uvicorn process" if backend == "sqlite" else
                     "PostgreSQL, two uvicorn processes (LISTEN/NOTIFY)") + f", client {client}"
            short = f"{'sqlite' if backend == 'sqlite' else 'postgres x2'} {client}"
            if args.procs > 1:
                title += f" in {args.procs} processes"
                short += f" x{args.procs}"
            print(f"\n== {title}: {args.listeners} listeners, {args.rounds} rounds "
                  f"(+{args.warmup} warm-up) ==")
            res = asyncio.run(run_backend(title, short, urls, [p.pid for p in procs], started,
                                          args.listeners, args.rounds, args.warmup, client,
                                          args.procs, args.gap))
            for p, n in zip(procs, names, strict=True):
                if p.poll() is not None:
                    res.problems.append(f"server {n} exited with {p.returncode}, see its log")
            if res.problems:
                for n in names:
                    tail = (data / f"server-{n}.log").read_text(errors="replace")[-2000:]
                    if tail.strip():
                        print(f"--- server {n} log (tail) ---\n{tail}")
            return res
        finally:
            for p in procs:
                stop_server(p)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--listeners", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=1, help="rounds sent first and not counted")
    ap.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    ap.add_argument("--client", choices=("httpx", "raw", "both"), default="both")
    ap.add_argument("--procs", type=int, default=1,
                    help="listener processes (default 1: every listener on this event loop)")
    ap.add_argument("--gap", type=float, default=0.5, help="seconds between rounds")
    ap.add_argument("--pg-url", help="scratch PostgreSQL database (wiped)")
    args = ap.parse_args()
    if args.listeners < 10 or args.rounds < 1:
        ap.error("at least 10 listeners and 1 round")
    limit = raise_nofile(args.listeners + 256)
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, httpx "
          f"{httpx.__version__}, {limit}")
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    clients = ["httpx", "raw"] if args.client == "both" else [args.client]
    pg_url = None
    if "postgres" in backends:
        pg_url = bench_pg_url(args.pg_url)
        refuse_test_database(pg_url)
        ensure_pg_database(pg_url)
        from sqlalchemy.engine import make_url
        print(f"PostgreSQL: {make_url(pg_url).render_as_string(hide_password=True)} (wiped)")
    results = []
    for backend in backends:
        for client in clients:
            results.append(bench(backend, client, args, pg_url))
    print(f"\n== summary: {args.listeners} listeners, {args.rounds} rounds; ms from just before "
          "the POST; every = all deliveries, last = each round's last delivery; others = alerts "
          "the non-followers got; CPU ms per round (p50) ==")
    print(SUMMARY)
    for res in results:
        print(summary(res))
    failed = False
    for res in results:
        for p in res.problems:
            failed = True
            print(f"PROBLEM ({res.short}): {p}")
    print(f"load average: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
