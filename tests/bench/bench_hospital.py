"""Benchmark: 병원·약국 (`GET /api/v1/hospital/places`, `/places/{id}`), the screen's API.

    cd /work/main && uv run python -m tests.bench.bench_hospital [--rounds 300] [--slow 3]

Through the ASGI app in process (routing, validation, JSON; no network between the test client
and the app), against the local fake of the two national APIs (tests/fakes/hospital.py, real
HTTP on loopback). Printed p50/p95/p99 (ms) for:
  sample      no key: the bundled sample (the embedded default);
  warm        keys set, the adapters' caches warm (what almost every request sees);
  detail      a place's page, cache warm;
  stale+slow  the cache has expired and the source now takes --slow seconds: the answer is the
              last good one, marked stale, after at most the route's wait (service.WAIT_S);
  cold+slow   nothing cached and the source takes --slow seconds: a 503 "잠시 후" after the wait.
The app must not wait for a slow source: compare the stale+slow and cold+slow figures with
--slow. Never fails on time.
"""
from __future__ import annotations

import argparse
import os
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

URL = "/api/v1/hospital/places"
Q = {"kind": "pharmacy", "open_now": "true", "lat": 34.9402, "lon": 127.6975}


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def line(name: str, ms: list[float], statuses: set[int]) -> None:
    print(f"{name:<11} n={len(ms):<4} p50 {statistics.median(ms):8.1f}  p95 {pct(ms, 95):8.1f}  "
          f"p99 {pct(ms, 99):8.1f}  max {max(ms):8.1f} ms  status {sorted(statuses)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--slow", type=float, default=3.0)
    args = ap.parse_args()

    os.environ.setdefault("MYG_PASSWORD_HASH_FAST", "1")
    from fastapi.testclient import TestClient

    from myg_app.seoul_time import now_seoul
    from myg_app.server.app import create_app
    from myg_app.server.hospital import hira, nmc, service
    from tests.api.conftest import make_settings
    from tests.fakes.hospital import FAKE_KEY, HIRA_PATH, NMC_PATH, FakeHospitalApis, serve_fake

    tmp = Path(tempfile.mkdtemp(prefix="myg-bench-hospital-"))
    url = f"sqlite:///{tmp / 'myg.sqlite3'}"
    subprocess.run([sys.executable, "-m", "alembic", "upgrade", "heads"], cwd=ROOT,
                   env=dict(os.environ, MYG_DATABASE_URL=url), check=True, capture_output=True)
    offset = [timedelta(0)]

    def clock():
        return now_seoul() + offset[0]

    fake = FakeHospitalApis()
    with serve_fake(fake) as root, TestClient(create_app(make_settings(tmp, url))) as client:
        def timed(path: str, params=None) -> tuple[float, int]:
            t0 = time.perf_counter()
            r = client.get(path, params=params)
            return (time.perf_counter() - t0) * 1000, r.status_code

        def run(name: str, n: int, path: str = URL, params=Q) -> None:
            got = [timed(path, params) for _ in range(n)]
            line(name, [g[0] for g in got], {g[1] for g in got})

        client.app.state.hospital_sources = service.Sources(None, None)
        for _ in range(10):
            timed(URL, Q)
        run("sample", args.rounds)

        def sources() -> service.Sources:
            kw = dict(timeout_s=args.slow + 5, retries=0, clock=clock)
            return service.Sources(nmc.NmcClient(root + NMC_PATH, FAKE_KEY, **kw),
                                   hira.HiraClient(root + HIRA_PATH, FAKE_KEY, **kw))

        src = client.app.state.hospital_sources = sources()
        for _ in range(10):
            timed(URL, Q)
        run("warm", args.rounds)
        run("detail", args.rounds, f"{URL}/n-C1000001", None)

        # The caches expire, and the source now hangs for --slow seconds on every ask.
        offset[0] = nmc.SOURCE_TTL + timedelta(minutes=1)
        fake.slow_next(None, args.slow)
        run("stale+slow", 10)
        src.close()
        client.app.state.hospital_sources = sources()  # nothing cached
        run("cold+slow", 5)
        fake.reset()
        print(f"(route wait budget service.WAIT_S = {service.WAIT_S:g} s; source delay "
              f"{args.slow:g} s)")
        client.app.state.hospital_sources.close()


if __name__ == "__main__":
    main()
