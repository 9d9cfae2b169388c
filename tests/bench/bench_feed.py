"""Benchmark: 맞춤 정보 (`GET /api/v1/feed`) for a citizen with about 1,000 candidate items.

    cd /work/main && uv run python -m tests.bench.bench_feed [--rounds 300] [--postgres]

A migrated database (SQLite by default; --postgres uses MYG_TEST_DATABASE_URL) gets the demo
seed plus, for one citizen following 중마동 and 광양읍: 400 alerts of the last 30 days (most for
their towns, some for others, which the feed must skip), 400 published news articles (city and
their towns), 50 bookmarked programmes with a deadline in the next 30 days, 50 coming bookings
and 50 bulky-waste pickups: 950 candidates the feed reads and ranks, plus the demo seed's. The
feed is asked `--rounds` times for its first page and as many for a page deep in the cursor,
through the ASGI app in process (routing, auth, JSON included; no network). Printed: p50, p95,
p99 and the cards a first page holds. Baseline in the same run: GET /api/v1/alerts (one
source, one query) for the same citizen. Never fails on time.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def fill(sm, user_id: int) -> int:
    from sqlalchemy import select

    from myg_app.server.alerts.models import Alert
    from myg_app.server.news.models import Article
    from myg_app.server.reservations.models import Booking, Resource
    from myg_app.server.waste.models import WasteBooking
    from myg_app.server.welfare.models import WelfareBookmark, WelfareService

    now = datetime.now(timezone.utc)
    today = date.today()
    n = 0
    with sm.begin() as s:
        towns = ["jungma", "gwangyang", "daap", ""]
        for i in range(400):
            at = now - timedelta(minutes=90 * i + 5)
            code = towns[i % 4]
            s.add(Alert(source="city", level=("안전안내", "긴급재난")[i % 7 == 0], kind="기타",
                        text=f"벤치 알림 {i}", area="광양시", dongs=code, issued_at=at,
                        updated_at=at, revision=1, status="sent"))
        for i in range(400):
            at = now - timedelta(hours=3 * i + 1)
            board = "city" if i % 3 == 0 else "town"
            s.add(Article(board=board, dong_code=None if board == "city" else ("jungma", "gwangyang")[i % 2],
                          title=f"벤치 소식 {i}", summary="요약", body="본문", category="공지",
                          status="published", published_at=at))
        services = list(s.scalars(select(WelfareService.id).limit(50)))
        for i, sid in enumerate(services):
            svc = s.get(WelfareService, sid)
            svc.deadline_end = today + timedelta(days=1 + i % 29)
            s.add(WelfareBookmark(user_id=user_id, service_id=sid))
        res = s.scalar(select(Resource).limit(1))
        for i in range(50):
            start = now + timedelta(days=1 + i, hours=1)
            s.add(Booking(resource_id=res.id, user_id=user_id, status="confirmed",
                          starts_at=start, ends_at=start + timedelta(hours=1),
                          checkin_code=uuid.uuid4().hex[:16]))
        for i in range(50):
            s.add(WasteBooking(user_id=user_id, order_id=f"bench-{uuid.uuid4().hex[:12]}",
                               area="중마동", address="벤치로 1", pickup_date=today + timedelta(days=1 + i),
                               total_fee=3000, status="paid"))
        n = 400 + 400 + len(services) + 100
    return n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--postgres", action="store_true")
    args = ap.parse_args()

    os.environ.setdefault("MYG_PASSWORD_HASH_FAST", "1")
    from fastapi.testclient import TestClient

    from myg_app.server.app import create_app
    from myg_app.server.db import make_engine, make_sessionmaker
    from myg_app.server.seed import seed_demo
    from tests.api.conftest import _truncate_pg, make_settings

    tmp = Path(tempfile.mkdtemp(prefix="myg-bench-feed-"))
    if args.postgres:
        url = os.environ.get("MYG_TEST_DATABASE_URL",
                             "postgresql+psycopg://myg:myg@127.0.0.1:5432/myg_test")
        _truncate_pg(url)
    else:
        url = f"sqlite:///{tmp / 'myg.sqlite3'}"
    settings = make_settings(tmp, url)
    import subprocess

    env = dict(os.environ, MYG_DATABASE_URL=url)
    subprocess.run([sys.executable, "-m", "alembic", "upgrade", "heads"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    seed_demo(settings)
    sm = make_sessionmaker(make_engine(url))
    with TestClient(create_app(settings)) as client:
        email = f"bench-{uuid.uuid4().hex[:6]}@example.com"
        client.post("/api/v1/auth/register", json={"email": email, "password": "bench-pass-123",
                                                   "name": "김벤치"}).raise_for_status()
        tokens = client.post("/api/v1/auth/login", json={"email": email,
                                                         "password": "bench-pass-123"}).json()
        h = {"Authorization": f"Bearer {tokens['access_token']}"}
        client.put("/api/v1/me/alert-settings", headers=h,
                   json={"dongs": ["jungma", "gwangyang"]}).raise_for_status()
        me = client.get("/api/v1/me", headers=h).json()
        candidates = fill(sm, me["id"])

        def timed(path: str, params=None) -> tuple[float, dict]:
            t0 = time.perf_counter()
            r = client.get(path, headers=h, params=params)
            dt = (time.perf_counter() - t0) * 1000
            r.raise_for_status()
            return dt, r.json()

        for _ in range(10):  # warm
            timed("/api/v1/feed")
        first, deep, base = [], [], []
        _, page = timed("/api/v1/feed", {"limit": 50})
        cursor = None
        for _ in range(8):  # a cursor 400 cards in
            _, p = timed("/api/v1/feed", {"limit": 50, **({"cursor": cursor} if cursor else {})})
            cursor = p["next_cursor"] or cursor
        for _ in range(args.rounds):
            first.append(timed("/api/v1/feed")[0])
            deep.append(timed("/api/v1/feed", {"cursor": cursor})[0])
            base.append(timed("/api/v1/alerts", {"dong": ["jungma", "gwangyang"]})[0])

    kinds: dict[str, int] = {}
    for i in page["items"]:
        kinds[i["kind"]] = kinds.get(i["kind"], 0) + 1
    db = "PostgreSQL" if args.postgres else "SQLite"
    print(f"맞춤 정보 on {db}: {candidates} candidate items added for one citizen "
          f"(+ the demo seed), {args.rounds} rounds")
    print(f"first page of 50 holds: {kinds}")
    print(f"{'request':<34}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for name, xs in (("GET /feed (first page, 20)", first), ("GET /feed (cursor 400 in)", deep),
                     ("baseline GET /alerts (one source)", base)):
        print(f"{name:<34}{statistics.median(xs):>9.1f}{pct(xs, 95):>9.1f}{pct(xs, 99):>9.1f}")
    print(f"feed p95 / baseline p95: {pct(first, 95) / pct(base, 95):.2f}x")


if __name__ == "__main__":
    main()
