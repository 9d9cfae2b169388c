"""Load: virtual users through nginx against two API workers on PostgreSQL (the production shape
of deploy/, started as tests/deploy/test_nginx_stack.py starts it), for a fixed time.

    cd /work/main && MYG_TEST_DATABASE_URL=postgresql+psycopg://myg:myg@127.0.0.1:5432/myg_test \\
        uv run python -m tests.bench.bench_load [--users 500] [--seconds 120]

Each user signs up and signs in first (not timed), then until the time is up picks an action
and waits 1–3 s (think time) before the next:
- 홈 (30%): the catalog, 나의메뉴 and the notices;
- 복지 검색 (20%): a search in everyday words;
- 예약 (10%): a sports ground's month and a day, and a booking of a free slot (two at most
  per person: the city's rule; a slot taken meanwhile is a 409, counted apart);
- 생활불편 신고 (10%): a photo upload, then the report;
- 1:1 상담 (15%): a message in the person's conversation;
- 알림 (15%): the notices.
Printed: per endpoint n, p50/p95/p99 ms; errors (transport errors and 5xx; the target is 0);
requests per second; the CPU of each process over the timed part (nginx, each worker, the web
app, PostgreSQL's backends together, and this load generator, which shares the 2 cores).
Never fails on time.
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import io
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.bench.procstat import children, cpu_seconds, machine_busy  # noqa: E402

SEARCHES = ("아기 낳으면 받는 돈", "어르신 반찬", "청년 월세", "장애인 교통비", "난방비", "일자리",
            "한부모 지원", "병원비", "기초연금", "소상공인 대출")


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def jpeg() -> str:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (1024, 768), (random.randrange(255), 120, 60)).save(buf, "JPEG",
                                                                       quality=80)
    return base64.b64encode(buf.getvalue()).decode()


class Recorder:
    def __init__(self) -> None:
        self.ms: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.refused: dict[str, int] = defaultdict(int)
        self.error_samples: list[str] = []
        self.timing = False

    async def call(self, c, name: str, method: str, path: str, **kw):
        t = time.perf_counter()
        try:
            r = await c.request(method, path, **kw)
        except Exception as e:  # noqa: BLE001 - every failure is counted and shown
            if self.timing:
                self.errors[name] += 1
                self.error_samples.append(f"{name}: {type(e).__name__} {e}"[:160])
            return None
        if self.timing:
            self.ms[name].append((time.perf_counter() - t) * 1000)
            if r.status_code >= 500:
                self.errors[name] += 1
                self.error_samples.append(f"{name}: {r.status_code} {r.text[:100]}")
            elif r.status_code >= 400:
                self.refused[name] += 1
        return r


async def user(stack, rec: Recorder, court: int, free: list[tuple[str, str]], photo: str,
               start: asyncio.Event, deadline: list[float], ready: list[int],
               signing_up: asyncio.Semaphore) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=stack.url, verify=stack.tls, timeout=60) as c:
        email = f"load-{uuid.uuid4().hex[:10]}@example.com"
        async with signing_up:  # people arrive over a minute or so, not all in one instant
            r = await c.post("/api/v1/auth/register", json={
                "email": email, "password": "load-pass-2026", "name": "부하시민"})
            r.raise_for_status()
            h = {"Authorization": f"Bearer {r.json()['access_token']}"}
            conv = (await c.post("/api/v1/chat/conversations", json={}, headers=h)).json()["id"]
        booked = 0
        today = str(date.today())
        ready[0] += 1
        await start.wait()
        await asyncio.sleep(random.uniform(0, 3))  # users arrive over the first seconds
        while time.monotonic() < deadline[0]:
            roll = random.random()
            if roll < 0.30:
                await rec.call(c, "GET /catalog", "GET", "/api/v1/catalog")
                await rec.call(c, "GET /me/menu", "GET", "/api/v1/me/menu", headers=h)
                await rec.call(c, "GET /me/notices", "GET", "/api/v1/me/notices", headers=h)
            elif roll < 0.50:
                await rec.call(c, "GET /welfare/search", "GET", "/api/v1/welfare/search",
                               params={"q": random.choice(SEARCHES)})
            elif roll < 0.60:
                day, label = free.pop() if free and booked < 2 else (None, None)
                await rec.call(c, "GET /reservations/…/month", "GET",
                               f"/api/v1/reservations/resources/{court}/month",
                               params={"month": (day or today)[:7]})
                if day:
                    await rec.call(c, "GET /reservations/…/day", "GET",
                                   f"/api/v1/reservations/resources/{court}/day",
                                   params={"day": day})
                    r = await rec.call(c, "POST /reservations/bookings", "POST",
                                       "/api/v1/reservations/bookings",
                                       json={"resource_id": court, "day": day, "start": label,
                                             "resident": True},
                                       headers=h | {"Idempotency-Key": uuid.uuid4().hex})
                    booked += r is not None and r.status_code == 201
            elif roll < 0.70:
                r = await rec.call(c, "POST /reports/photos", "POST", "/api/v1/reports/photos",
                                   json={"filename": "p.jpg", "content_base64": photo},
                                   headers=h | {"Idempotency-Key": uuid.uuid4().hex})
                tokens = [r.json()["token"]] if r is not None and r.status_code == 201 else []
                await rec.call(c, "POST /reports", "POST", "/api/v1/reports",
                               json={"category": "road", "description": "부하 시험: 도로 파손",
                                     "lat": 34.9406, "long": 127.6959, "photos": tokens},
                               headers=h | {"Idempotency-Key": uuid.uuid4().hex})
            elif roll < 0.85:
                await rec.call(c, "POST /chat/…/messages", "POST",
                               f"/api/v1/chat/conversations/{conv}/messages",
                               json={"client_msg_id": uuid.uuid4().hex, "body": "부하 시험 메시지"},
                               headers=h)
            else:
                await rec.call(c, "GET /me/notices", "GET", "/api/v1/me/notices", headers=h)
            await asyncio.sleep(random.uniform(1, 3))


async def drive(stack, users: int, seconds: float) -> None:
    import httpx

    rec = Recorder()
    async with httpx.AsyncClient(base_url=stack.url, verify=stack.tls, timeout=60) as c:
        court = (await c.get("/api/v1/reservations/resources",
                             params={"kind": "sports"})).json()["items"][0]["id"]
        from tests.free_slots import later_free_days, months_ahead

        free: list[tuple[str, str]] = []
        for month in months_ahead():
            days = (await c.get(f"/api/v1/reservations/resources/{court}/month",
                                params={"month": month})).json()
            for d in later_free_days(days):
                view = (await c.get(f"/api/v1/reservations/resources/{court}/day",
                                    params={"day": d})).json()
                free += [(d, s["label"]) for s in view["slots"] if s["state"] == "free"]
        for q in SEARCHES:  # each worker loads its search models once, before the clock
            for _ in range(4):
                await c.get("/api/v1/welfare/search", params={"q": q})
    random.shuffle(free)
    photo = jpeg()
    start, deadline, ready = asyncio.Event(), [0.0], [0]
    t_setup = time.monotonic()
    signing_up = asyncio.Semaphore(10)
    tasks = [asyncio.create_task(user(stack, rec, court, free, photo, start, deadline, ready,
                                      signing_up)) for _ in range(users)]
    while ready[0] + sum(t.done() for t in tasks) < users:
        await asyncio.sleep(0.2)
    failed = [t.exception() for t in tasks if t.done() and t.exception()]
    if failed:
        raise RuntimeError(f"{len(failed)} users could not sign up: {failed[0]!r}")
    print(f"{users} users signed up in {time.monotonic() - t_setup:.0f} s; "
          f"{len(free)} free slots; running {seconds:.0f} s")
    pids = {"nginx (master + workers)": [stack.pids[3], *children(stack.pids[3])], "worker A": [stack.pids[0]],
            "worker B": [stack.pids[1]], "web app": [stack.pids[2]],
            "load generator": [os.getpid()]}
    cpu0 = {k: sum(cpu_seconds(p) for p in v) for k, v in pids.items()}
    machine0 = machine_busy()
    t0 = time.monotonic()
    rec.timing = True
    deadline[0] = t0 + seconds
    start.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    rec.timing = False
    took = time.monotonic() - t0
    cpu1 = {k: sum(cpu_seconds(p) for p in v) for k, v in pids.items()}
    machine1 = machine_busy()
    total = sum(len(v) for v in rec.ms.values())
    print(f"\n{total} requests in {took:.0f} s = {total / took:.0f}/s; "
          f"errors (transport or 5xx): {sum(rec.errors.values())}; "
          f"refused 4xx: {dict(rec.refused)}")
    print(f"{'endpoint':<30} {'n':>6} {'p50':>8} {'p95':>8} {'p99':>8}  errors")
    for name in sorted(rec.ms):
        ms = rec.ms[name]
        print(f"{name:<30} {len(ms):>6} {statistics.median(ms):8.1f} {pct(ms, 95):8.1f} "
              f"{pct(ms, 99):8.1f}  {rec.errors.get(name, 0)}")
    print("\nCPU over the timed part (100% = one core):")
    for k in pids:
        print(f"  {k:<26} {100 * (cpu1[k] - cpu0[k]) / took:6.1f}%")
    busy = machine1[0] - machine0[0]
    rest = busy - sum(cpu1[k] - cpu0[k] for k in pids)
    print(f"  {'PostgreSQL and the rest':<26} {100 * rest / took:6.1f}%")
    print(f"  {'whole machine':<26} {100 * busy / took:6.1f}% of "
          f"{100 * (machine1[1] - machine0[1]) / took:.0f}%")
    for s in rec.error_samples[:10]:
        print("  error:", s)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--users", type=int, default=500)
    p.add_argument("--seconds", type=float, default=120)
    args = p.parse_args()
    from tests.deploy.test_nginx_stack import PG_BASE_URL, nginx_path, running_stack

    nginx = nginx_path()
    if not nginx or not PG_BASE_URL:
        sys.exit("needs nginx and MYG_TEST_DATABASE_URL (see .ci/run)")
    d = Path(tempfile.mkdtemp(prefix="myg-load-"))
    with running_stack(nginx, d, connections=4096) as stack:
        asyncio.run(drive(stack, args.users, args.seconds))
    print(f"logs: {d / 'logs'}")


if __name__ == "__main__":
    main()
