"""Benchmark: Open311 `GET requests` over 10,000 reports inside a bounding box, median ms.

    cd /work/main && uv run python -m tests.bench.bench_open311 [--reports 10000 --requests 60]
    ... --database-url postgresql+psycopg://myg:myg@127.0.0.1:5432/<an empty scratch db>

Fills a fresh database (SQLite in a temporary dir by default; with --database-url, that
PostgreSQL database is WIPED first) with N reports spread over Gwangyang in the last 90 days,
serves the real API with `uvicorn --factory` (one worker, loopback) and times sequential
GET /api/v1/open311/v2/requests.{json,xml} calls with httpx on a keep-alive connection:

  city      bbox = all of Gwangyang: every report matches; the spec's 1,000-row page returns
  city-xml  the same in XML
  area      bbox ~1.1 km x 1.1 km around 중마동: the few dozen reports a map view shows
  open      the city bbox with status=open and service_code=road (filters on top)

Prints median / p95 ms and the rows returned per query. Never fails on timing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from myg_app.contracts import reports as c  # noqa: E402
from myg_app.server.config import Settings  # noqa: E402
from myg_app.server.db import make_engine, migrate, utcnow  # noqa: E402
from myg_app.server.reports.models import Report  # noqa: E402
from tests.e2e.conftest import free_port, stop_server, wait_until_up  # noqa: E402

SECRET = "bench-secret-0123456789-abcdefghijklmnopq"
STATUSES = ["received"] * 3 + ["in_progress"] * 3 + ["done"] * 3 + ["rejected", "transferred",
                                                                     "duplicate"]


def fill(settings: Settings, n: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    now = utcnow()
    min_lat, min_long, max_lat, max_long = c.BOUNDS
    rows = []
    for i in range(n):
        cat = rnd.choice(c.CATEGORIES)
        created = now - timedelta(minutes=rnd.randint(1, 89 * 24 * 60))
        status = rnd.choice(STATUSES)
        rows.append(dict(
            reporter_id=None, source="app", category=cat.code, department=cat.department,
            status=status, description=f"벤치마크 신고 {i}번: {cat.name} 불편",
            anonymous=True, lat=rnd.uniform(min_lat, max_lat), long=rnd.uniform(min_long, max_long),
            address=None, area=rnd.choice(list(c.AREAS)), attributes={}, due_at=created + timedelta(days=7),
            extensions=0, reopen_count=0, supporters=0, created_at=created, updated_at=created,
            status_note="벤치마크 처리 메모" if status != "received" else None,
            resolved_at=created + timedelta(days=2) if status not in c.OPEN_STATUSES else None))
    engine = make_engine(settings.effective_database_url)
    try:
        with engine.begin() as conn:
            for start in range(0, n, 2000):
                conn.execute(insert(Report), rows[start:start + 2000])
    finally:
        engine.dispose()


def wipe_pg(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def time_queries(base: str, path: str, params: dict, runs: int) -> tuple[list[float], int]:
    times: list[float] = []
    rows = 0
    with httpx.Client(base_url=base, timeout=30) as client:
        for _ in range(3):  # warm-up: connection, caches, query plans
            client.get(path, params=params).raise_for_status()
        for _ in range(runs):
            t0 = time.perf_counter()
            r = client.get(path, params=params)
            times.append((time.perf_counter() - t0) * 1000)
            r.raise_for_status()
        rows = len(r.json()) if path.endswith(".json") else r.text.count("<request>")
    return times, rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=60)
    ap.add_argument("--database-url", default=None,
                    help="PostgreSQL URL of a scratch database (it is wiped)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="myg-bench-311-") as tmp:
        settings = Settings(data_dir=Path(tmp), database_url=args.database_url, secret_key=SECRET)
        if args.database_url:
            wipe_pg(args.database_url)
        t0 = time.perf_counter()
        migrate(settings)
        fill(settings, args.reports)
        backend = "postgresql" if args.database_url else "sqlite"
        print(f"{backend}: {args.reports} reports inserted in {time.perf_counter() - t0:.1f} s")

        port = free_port()
        env = dict(os.environ, MYG_DATA_DIR=tmp, MYG_SECRET_KEY=SECRET)
        if args.database_url:
            env["MYG_DATABASE_URL"] = args.database_url
        log_path = Path(tmp) / "server.log"
        log = open(log_path, "w")
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "myg_app.server.app:create_app",
             "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
             "--log-level", "warning", "--no-access-log"],
            cwd=str(ROOT), env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(proc, base + "/api/v1/health", log_path, "api")
            min_lat, min_long, max_lat, max_long = c.BOUNDS
            city = f"{min_long},{min_lat},{max_long},{max_lat}"
            lat, long = c.AREAS["중마동"]
            area = f"{long - 0.006},{lat - 0.005},{long + 0.006},{lat + 0.005}"
            v2 = "/api/v1/open311/v2"
            cases = [
                ("city", f"{v2}/requests.json", {"bbox": city}),
                ("city-xml", f"{v2}/requests.xml", {"bbox": city}),
                ("area", f"{v2}/requests.json", {"bbox": area}),
                ("open", f"{v2}/requests.json", {"bbox": city, "status": "open",
                                                  "service_code": "road"}),
            ]
            print(f"{'case':<9} {'rows':>5} {'median ms':>10} {'p95 ms':>8}  ({args.requests} "
                  "sequential requests each)")
            for name, path, params in cases:
                times, rows = time_queries(base, path, params, args.requests)
                p95 = statistics.quantiles(times, n=20)[-1]
                print(f"{name:<9} {rows:>5} {statistics.median(times):>10.1f} {p95:>8.1f}")
        finally:
            stop_server(proc)
            log.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
