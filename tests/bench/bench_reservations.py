"""Benchmark: reservations under load, against real uvicorn servers (one worker, or
`--workers 2` on PostgreSQL: the production shape of deploy/, one process per port).

    cd /work/main && uv run python -m tests.bench.bench_reservations [--database-url URL] \\
        [--workers N] [--client raw|httpx] [--nginx]

Prints three figures (never fails on timing):
  (1) month availability: GET /reservations/resources/{id}/month for each of 100 resources
      (every resource has bookings spread over the month), median and p95 ms per request;
  (2) uncontended bookings per second: --clients concurrent citizens, each booking different
      slots of different resources (no two want the same one), dealt round-robin over the
      workers as nginx's upstream deals them; with the CPU each process spent (the load
      generator shares the machine's cores: by default it is tests/bench/rawhttp, which
      spends a fraction of httpx's CPU per request; `--client httpx` for comparison). With
      `--nginx` the clients go through deploy/nginx/myg.conf over TLS instead, which deals
      them to the workers (the production shape of tests/deploy);
  (3) contention: 200 citizens fire at once for the last seat of one slot; the wall time,
      and that exactly one got 201 and 199 a 409.
Without --database-url the server uses a fresh SQLite file. With a PostgreSQL URL the
database's public schema is DROPPED and recreated: use a scratch database.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, time as dtime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.bench import rawhttp  # noqa: E402
from tests.bench.procstat import children, cpu_seconds, named  # noqa: E402
from tests.e2e.conftest import free_port, stop_server, wait_until_up  # noqa: E402

RESOURCES = 100
RACERS = 200
SECRET = "bench-secret-0123456789-abcdefghijklmnopq"


def _settings():
    from myg_app.server.config import Settings

    return Settings(data_dir=Path(os.environ["MYG_DATA_DIR"]),
                    database_url=os.environ.get("MYG_BENCH_DATABASE_URL") or None,
                    secret_key=SECRET, password_hash_fast=True)


def prepare(users: int) -> None:
    """Migrate, add 100 resources with bookings, `users` citizens; tokens to tokens.json."""
    from sqlalchemy import text

    from myg_app.seoul_time import seoul_to_utc, today_seoul
    from myg_app.server.auth import service as auth
    from myg_app.server.auth.models import User
    from myg_app.server.domains import DOMAINS  # noqa: F401  (registers every table)
    from myg_app.server.db import make_engine, make_sessionmaker, migrate
    from myg_app.server.reservations import booking
    from myg_app.server.reservations.models import Booking, Resource

    settings = _settings()
    if settings.database_url:
        engine = make_engine(settings.database_url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    migrate(settings)
    engine = make_engine(settings.effective_database_url)
    today = today_seoul()
    with make_sessionmaker(engine).begin() as s:
        owner = User(email="bench-owner@example.com", password_hash="x", name="벤치", role="citizen")
        s.add(owner)
        rs = [Resource(kind="sports", category="테니스장", name=f"벤치 코트 {i:03d}", dong="중마동",
                       place="벤치", department="체육진흥과", description="", mode="instant",
                       capacity=1 if i else 2, opens=dtime(6), closes=dtime(22), slot_minutes=60,
                       weekdays="1111111", fee_resident=4000, fee_nonresident=6000,
                       cancel_hours=2, book_ahead_days=60, max_active_per_user=None)
              for i in range(RESOURCES)]
        s.add_all(rs)
        s.flush()
        # About a third of each month's slots already taken.
        for r in rs:
            for k in range(2, 31):
                for hour in (7, 9, 12, 15, 18):
                    start = seoul_to_utc(today + timedelta(days=k), dtime(hour))
                    s.add(Booking(resource_id=r.id, user_id=owner.id, status="confirmed",
                                  starts_at=start, ends_at=start + timedelta(hours=1), headcount=1,
                                  fee=4000, payment_status="unpaid",
                                  checkin_code=booking.new_checkin_code()))
        people = [User(email=f"bench-{i}@example.com", password_hash="x", name="시민", role="citizen")
                  for i in range(users)]
        s.add_all(people)
        s.flush()
        tokens = [auth.issue_tokens(s, settings, u).access_token for u in people]
        ids = [r.id for r in rs]
    engine.dispose()
    (Path(os.environ["MYG_DATA_DIR"]) / "bench.json").write_text(
        json.dumps({"tokens": tokens, "resources": ids}))


def app():
    """uvicorn --factory entry point (the data is prepared before the server starts)."""
    from myg_app.server.app import create_app

    return create_app(_settings())


def spawn(data_dir: Path, db_url: str | None, log: Path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(MYG_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT))
    if db_url:
        env["MYG_BENCH_DATABASE_URL"] = db_url
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "tests.bench.bench_reservations:app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
         "--no-access-log"], cwd=str(ROOT), env=env, stdout=open(log, "w"),
        stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(proc, url + "/api/v1/health", log, "reservations bench server")
    return proc, url


async def month_figures(url: str, ids: list[int]) -> list[float]:
    t = datetime.now(timezone.utc)
    month = f"{t.year:04d}-{t.month:02d}"
    nxt = f"{t.year + t.month // 12:04d}-{t.month % 12 + 1:02d}"
    out = []
    async with httpx.AsyncClient(base_url=url + "/api/v1/reservations") as c:
        for m in (month, nxt):  # warm-up round first
            for rid in ids:
                t0 = time.perf_counter()
                r = await c.get(f"/resources/{rid}/month", params={"month": m})
                r.raise_for_status()
                if m == nxt:
                    out.append((time.perf_counter() - t0) * 1000)
    return out


def _slot(k: int) -> tuple[str, str]:
    """A distinct free (day, start) for booking number k (hours the prepared data left free)."""
    free_hours = [6, 8, 10, 11, 13, 14, 16, 17, 19, 20, 21]
    from myg_app.seoul_time import today_seoul

    day = today_seoul() + timedelta(days=2 + (k // len(free_hours)) % 28)
    return day.isoformat(), f"{free_hours[k % len(free_hours)]:02d}:00"


async def uncontended(urls: list[str], tokens: list[str], ids: list[int], clients: int,
                      total: int, client: str = "raw",
                      tls: ssl.SSLContext | None = None) -> tuple[float, int, float]:
    done = 0
    counter = iter(range(total))

    async def worker(w: int) -> None:
        nonlocal done
        headers = {"Authorization": f"Bearer {tokens[w]}"}
        base = urls[w % len(urls)] + "/api/v1/reservations"
        conn = (rawhttp.Connection(base, headers, tls=tls) if client == "raw"
                else httpx.AsyncClient(base_url=base, headers=headers, timeout=60,
                                       verify=tls or True))
        async with conn as c:
            for k in counter:
                day, start = _slot(k // (len(ids) - 1))
                body = {"resource_id": ids[1 + k % (len(ids) - 1)], "day": day, "start": start}
                if client == "raw":
                    status, text = await c.post("/bookings", body)
                else:
                    r = await c.post("/bookings", json=body)
                    status, text = r.status_code, r.content
                if status != 201 or b'"checkin_code"' not in text:
                    raise RuntimeError(f"uncontended booking failed: {status} {text[:300]!r}")
                done += 1

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(w) for w in range(clients)))
    wall = time.perf_counter() - t0
    return done / wall, done, wall


async def contention(url: str, tokens: list[str], rid: int) -> tuple[float, dict[int, int]]:
    day, start = _slot(10_000)
    async with httpx.AsyncClient(base_url=url + "/api/v1/reservations", timeout=120) as c:
        first = await c.post("/bookings", headers={"Authorization": f"Bearer {tokens[-1]}"},
                             json={"resource_id": rid, "day": day, "start": start})
        assert first.status_code == 201, first.text  # capacity 2: one seat left
    limits = httpx.Limits(max_connections=RACERS, max_keepalive_connections=RACERS)
    async with httpx.AsyncClient(base_url=url + "/api/v1/reservations", timeout=120,
                                 limits=limits) as c:
        t0 = time.perf_counter()
        answers = await asyncio.gather(*(
            c.post("/bookings", headers={"Authorization": f"Bearer {tok}"},
                   json={"resource_id": rid, "day": day, "start": start})
            for tok in tokens[:RACERS]))
        wall = time.perf_counter() - t0
    codes: dict[int, int] = {}
    for r in answers:
        codes[r.status_code] = codes.get(r.status_code, 0) + 1
    return wall, codes


def through_nginx(data: Path, api_ports: list[int]):
    """deploy/nginx/myg.conf over TLS in front of the workers, as tests/deploy starts it:
    (nginx's process, its https address, a TLS context trusting its certificate)."""
    from tests.deploy.test_nginx_stack import nginx_path, start_nginx, wait_for_nginx

    nginx = nginx_path()
    if not nginx:
        sys.exit("--nginx needs nginx (apt-get install nginx)")
    tmp = data / "nginx"
    (tmp / "logs").mkdir(parents=True)
    https_port = free_port()
    proc, tls = start_nginx(nginx, tmp, api_ports=api_ports, web_port=free_port(),
                            http_port=free_port(), https_port=https_port)
    public = f"https://127.0.0.1:{https_port}"
    wait_for_nginx(proc, public, tls, tmp / "logs")
    return proc, public, tls


def proxy_cpu(proxy) -> float:
    """CPU seconds of nginx's master and worker processes (0 without nginx)."""
    return sum(cpu_seconds(pid) for pid in [proxy.pid, *children(proxy.pid)]) if proxy else 0.0


def postgres_cpu() -> float:
    """CPU seconds of the running postgres processes (backends that ended meanwhile are
    missing: an estimate from below)."""
    return sum(cpu_seconds(pid) for pid in named("postgres"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--database-url", default=None, help="PostgreSQL scratch database (dropped!)")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--bookings", type=int, default=800)
    ap.add_argument("--workers", type=int, default=1,
                    help="server processes, one per port (PostgreSQL only)")
    ap.add_argument("--nginx", action="store_true",
                    help="(2) through deploy/nginx/myg.conf over TLS, as in production")
    ap.add_argument("--client", choices=("raw", "httpx"), default="raw",
                    help="load generator for (2): keep-alive HTTP over asyncio streams, or httpx")
    args = ap.parse_args()
    if args.workers > 1 and not args.database_url:
        ap.error("several workers need PostgreSQL (--database-url)")
    users = max(RACERS + 1, args.clients)
    with tempfile.TemporaryDirectory(prefix="myg-bench-rsv-") as d:
        data = Path(d)
        os.environ["MYG_DATA_DIR"] = str(data)
        if args.database_url:
            os.environ["MYG_BENCH_DATABASE_URL"] = args.database_url
        backend = "postgresql" if args.database_url else "sqlite"
        t0 = time.perf_counter()
        prepare(users)
        print(f"[{backend}] prepared {RESOURCES} resources, bookings and {users} citizens "
              f"in {time.perf_counter() - t0:.1f} s")
        info = json.loads((data / "bench.json").read_text())
        # One process per port, as deploy/systemd runs them (myg-api@8101, @8102), not
        # `uvicorn --workers`: there the workers share one socket and the kernel hands most
        # kept-alive connections to whichever worker accepts first, so one works and one idles.
        servers: list = []
        proxy, tls = None, None
        try:
            for i in range(args.workers):  # inside try: a failed start stops the ones started
                servers.append(spawn(data, args.database_url, data / f"server-{i}.log"))
            urls = [u for _, u in servers]
            url = urls[0]
            if args.nginx:
                proxy, public, tls = through_nginx(data, [int(u.rsplit(":", 1)[1]) for u in urls])
                urls = [public]  # nginx deals the connections to the workers
            ms = asyncio.run(month_figures(url, info["resources"]))
            ms.sort()
            print(f"(1) month availability, {len(ms)} resources: median {statistics.median(ms):.1f} ms, "
                  f"p95 {ms[int(len(ms) * 0.95) - 1]:.1f} ms, all 100 in {sum(ms):.0f} ms")
            pids = [p.pid for p, _ in servers]
            cpu0 = {pid: cpu_seconds(pid) for pid in pids}
            own0, pg0 = time.process_time(), postgres_cpu()
            proxy0 = proxy_cpu(proxy)
            rate, n, wall = asyncio.run(uncontended(urls, info["tokens"], info["resources"],
                                                    args.clients, args.bookings, args.client, tls))
            print(f"(2) uncontended bookings: {rate:.0f} bookings/s ({n} bookings, "
                  f"{args.clients} concurrent clients, {args.workers} worker(s), "
                  f"{args.client} client{', through nginx over TLS' if proxy else ''})")
            spent = {pid: cpu_seconds(pid) - cpu0[pid] for pid in pids}
            shares = [f"worker {i + 1} {spent[pid] / wall:.0%}" for i, pid in enumerate(pids)]
            shares.append(f"this client {(time.process_time() - own0) / wall:.0%}")
            if proxy:
                shares.append(f"nginx {(proxy_cpu(proxy) - proxy0) / wall:.0%}")
            if args.database_url:
                shares.append(f"postgres {(postgres_cpu() - pg0) / wall:.0%}")
            print(f"    CPU during (2), of one core: {', '.join(shares)}; "
                  f"the workers spent {1000 * sum(spent.values()) / n:.2f} ms of CPU per booking")
            wall, codes = asyncio.run(contention(url, info["tokens"], info["resources"][0]))
            ok = codes.get(201) == 1 and codes.get(409) == RACERS - 1
            print(f"(3) {RACERS}-way contention for the last seat: {wall * 1000:.0f} ms wall, "
                  f"answers {dict(sorted(codes.items()))} -> {'exactly one booking' if ok else 'WRONG'}")
            return 0 if ok else 1
        finally:
            for proc in [*(p for p, _ in servers), *([proxy] if proxy else [])]:
                stop_server(proc)


if __name__ == "__main__":
    sys.exit(main())
