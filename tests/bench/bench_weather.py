"""Benchmark: 날씨 (`GET /api/v1/weather`) with a warm cache, and with a 기상청 that takes 3 s.

    cd /work/main && uv run python -m tests.bench.bench_weather [--rounds 300]

The server holds a key and asks the local fake of the 기상청 API (tests/fakes/kma.py, real HTTP
on loopback, answering for any base and cell). Requests go through the ASGI app in process
(routing, auth, JSON; no network between client and app). Printed, p50/p95/max in ms:

- warm: `--rounds` asks for one 읍면동 whose forecast and observation are cached;
- slow, expired: the cache has expired (a new publication is due) and every answer of the 기상청
  takes 3 s: until the new forecast is in, the screen gets the previous one marked 새 정보를
  받는 동안 (the app waits at most 0.25 s per source, forecast and observation, not 3 s);
- slow, cold: a 읍면동 never asked before and the 기상청 takes 3 s: the answer is a 503 "받아 오는
  중" with Retry-After instead of a 3 s wait; then how long until the forecast is there.
Baseline in the same run: GET /api/v1/health (routing and JSON only). Never fails on time.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def line(name: str, ms: list[float]) -> str:
    return (f"{name:<28} n={len(ms):<4} p50={statistics.median(ms):8.1f}  "
            f"p95={pct(ms, 95):8.1f}  max={max(ms):8.1f} ms")


def timed(client, url: str, params=None) -> tuple[float, int]:
    t = time.perf_counter()
    r = client.get(url, params=params)
    return (time.perf_counter() - t) * 1000, r.status_code


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=300)
    args = ap.parse_args()

    from fastapi.testclient import TestClient

    from myg_app.seoul_time import now_seoul
    from myg_app.server.app import create_app
    from myg_app.server.config import Settings
    from myg_app.server.db import migrate
    from myg_app.server.weather import service, source
    from tests.fakes.kma import FAKE_KEY, FakeKma, serve_fake_kma

    fake = FakeKma()
    fake.mode = "rebased"
    with serve_fake_kma(fake) as url, tempfile.TemporaryDirectory() as d:
        os.environ.update(MYG_KMA_SERVICE_KEY=FAKE_KEY, MYG_KMA_BASE_URL=url,
                          MYG_KMA_RETRIES="0", MYG_KMA_TIMEOUT_S="10")
        settings = Settings(data_dir=Path(d), secret_key="bench-secret-0123456789abcdefghij")
        migrate(settings)
        with TestClient(create_app(settings)) as client:
            for _ in range(50):  # the first ask may be "받아 오는 중"
                if client.get("/api/v1/weather", params={"dong": "jungma"}).status_code == 200:
                    break
                time.sleep(0.1)
            base = [timed(client, "/api/v1/health")[0] for _ in range(args.rounds)]
            warm = [timed(client, "/api/v1/weather", {"dong": "jungma"}) for _ in
                    range(args.rounds)]
            print(line("baseline GET /health", base))
            print(line("warm cache", [ms for ms, _ in warm]))
            print(f"{'':<28} statuses {sorted({s for _, s in warm})}; warm p50 is "
                  f"{statistics.median([ms for ms, _ in warm]) / statistics.median(base):.1f}× "
                  "the baseline")

            kma = source.current().client
            with kma._cache_lock:  # a new publication is due: every cached answer expires
                for key, entry in list(kma._cache.items()):
                    kma._cache[key] = replace(entry, expires_at=now_seoul() - timedelta(seconds=1))
                kma._failures.clear()
            fake.delay_s = 3.0
            # Asked again and again until the new forecast is in: every answer meanwhile is
            # the previous one, marked (each source is waited for at most STALE_WAIT_S).
            slow, t0 = [], time.perf_counter()
            while True:
                t = time.perf_counter()
                r = client.get("/api/v1/weather", params={"dong": "jungma"})
                if r.status_code != 200 or not r.json()["source"]["stale"]:
                    break
                slow.append((time.perf_counter() - t) * 1000)
            print(line("slow (3 s), expired cache", slow))
            print(f"{'':<28} all {len(slow)} answers the previous forecast, marked; the new one "
                  f"in after {(time.perf_counter() - t0) * 1000:.0f} ms (HTTP {r.status_code})")
            daap = service.place_of("daap")  # never asked: the warm-up job's copy dropped
            for kind in ("village", "nowcast"):
                kma.forget((kind, daap.nx, daap.ny))
            fake.delay_s = 3.0
            ms, status = timed(client, "/api/v1/weather", {"dong": "daap"})
            print(f"{'slow (3 s), cold cache':<28} first answer {ms:.0f} ms, HTTP {status}")
            t = time.perf_counter()
            while client.get("/api/v1/weather", params={"dong": "daap"}).status_code != 200:
                time.sleep(0.2)
            print(f"{'':<28} forecast there after {(time.perf_counter() - t) * 1000 + ms:.0f} ms"
                  " (the source's 3 s, in the background)")
            fake.delay_s = 0.0


if __name__ == "__main__":
    main()
