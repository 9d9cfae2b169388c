"""Benchmark: the 버스 정보 screen's API (`GET /api/v1/bus/stops/{id}/arrivals`) on TAGO.

    cd /work/main && uv run python -m tests.bench.bench_bus [--rounds 300] [--slow-s 3]
        [--steady-s 25]

The app (create_app on a migrated temporary SQLite database, through the ASGI app in process:
routing, validation and JSON included; no network to the app) talks to the fake TAGO of
tests/fakes/tago.py over loopback HTTP, as it would to apis.data.go.kr with
MYG_TAGO_SERVICE_KEY set (the route waits at most wait_s = 1.0 s for TAGO). Three runs:

  warm      the answer is cached (arrivals live 20 s): --rounds requests, p50/p95/p99;
  slow      TAGO takes --slow-s seconds for every answer and the cached answer has expired
            before each request: the route must answer with the earlier answer (stale,
            refreshing) after publicdata.client.STALE_WAIT_S (0.25 s: a previous answer is at
            hand), not after --slow-s; --rounds // 10 requests;
  steady    TAGO slow as above, one request after another for --steady-s seconds on a stop
            with nothing cached at first: the first answers are 503 pending (Retry-After), then
            the background load lands and the cache serves; prints p50/p95/max and how many
            answers were fresh, stale or pending.

Prints figures; never fails on time. Exits 1 only when something breaks (a 5xx other than the
documented 503, a wrong answer).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def line(name: str, ms: list[float]) -> str:
    return (f"{name:<8} n={len(ms):<4} p50 {statistics.median(ms):8.1f} ms  "
            f"p95 {pct(ms, 95):8.1f} ms  p99 {pct(ms, 99):8.1f} ms  max {max(ms):8.1f} ms")


def expire(source, stop_id: str) -> None:
    """Make the cached arrivals of `stop_id` 30 s old (expired, still within max_stale)."""
    key = ("arrivals", stop_id)
    with source.client._cache_lock:
        entry = source.client._cache[key]
        source.client._cache[key] = type(entry)(
            entry.value, entry.fetched_at - timedelta(seconds=30),
            entry.expires_at - timedelta(seconds=30), entry.published_at, entry.verb)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--slow-s", type=float, default=3.0)
    ap.add_argument("--steady-s", type=float, default=25.0)
    args = ap.parse_args()

    from fastapi.testclient import TestClient

    from myg_app.server.app import create_app
    from myg_app.server.bus.sources import LiveBus
    from myg_app.server.bus.tago import TagoClient
    from myg_app.server.config import Settings
    from myg_app.server.db import migrate
    from tests.fakes.tago import FAKE_KEY, FakeTago, serve_fake_tago

    data = Path(tempfile.mkdtemp(prefix="bench-bus-"))
    settings = Settings(data_dir=data, database_url=f"sqlite:///{data / 'myg.sqlite3'}",
                        secret_key="bench-bus-secret-0123456789abcdefghijk",
                        password_hash_fast=True)
    migrate(settings)
    fake = FakeTago()
    broke = False
    with serve_fake_tago(fake) as url, TestClient(create_app(settings)) as http:
        tago = TagoClient(url, FAKE_KEY, timeout_s=10, retries=0, deadline_s=15)
        source = LiveBus(tago, wait_s=1.0)
        http.app.state.bus_source = source
        path = "/api/v1/bus/stops/GYB100/arrivals"

        def ask(p: str = path) -> tuple[float, int, dict]:
            t0 = time.perf_counter()
            r = http.get(p)
            ms = (time.perf_counter() - t0) * 1000
            if r.status_code >= 500 and r.status_code != 503:
                raise SystemExit(f"{p}: HTTP {r.status_code} {r.text[:200]}")
            return ms, r.status_code, r.json()

        ask()  # warm: fetched once from the fake
        warm = []
        for _ in range(args.rounds):
            ms, status, body = ask()
            if status != 200 or not body["items"]:
                print("warm: unexpected answer", status, body)
                broke = True
            warm.append(ms)
        print(f"bus arrivals via the fake TAGO, wait_s 1.0 s, slow source {args.slow_s:g} s")
        print(line("warm", warm))

        fake.slow_next(None, args.slow_s)
        slow, kinds = [], Counter()
        for _ in range(max(5, args.rounds // 10)):
            expire(source, "GYB100")
            ms, status, body = ask()
            kinds["stale" if status == 200 and body["source"]["stale"] else str(status)] += 1
            slow.append(ms)
            time.sleep(args.slow_s + 0.2)  # let the background load land before the next
        print(line("slow", slow) + f"  answers {dict(kinds)}")
        if kinds.get("stale", 0) != len(slow):
            broke = True

        steady, kinds = [], Counter()
        end = time.monotonic() + args.steady_s
        while time.monotonic() < end:
            ms, status, body = ask("/api/v1/bus/stops/GYB102/arrivals")
            if status == 200:
                kinds["stale" if body["source"]["stale"] else "fresh"] += 1
            else:
                kinds[f"{status} {body.get('code')}"] += 1
            steady.append(ms)
        print(line("steady", steady) + f"  answers {dict(kinds)}")
        fake.slow_next(0, 0)
        tago.close()
    return 1 if broke else 0


if __name__ == "__main__":
    sys.exit(main())
