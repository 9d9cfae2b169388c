"""Benchmark: 전통시장 장보기 (market) under load, against real uvicorn servers (one worker, or
`--workers 2` on PostgreSQL: the production shape of deploy/, one process per port, each
client on one of them in turn as nginx's upstream deals them).

    cd /work/main && uv run python -m tests.bench.bench_market [--database-url URL] \\
        [--workers N] [--clients N] [--orders N]

Prints three figures (never fails on timing):
  (1) catalogue browse: GET /market/products for 광양5일시장 holding 2,000+ products, a mix
      of the first page, a category, a search word and deeper pages, --browse requests from
      8 concurrent clients; p50/p95 ms, overall and per kind;
  (2) checkout: --clients concurrent citizens, each placing --orders pickup orders (bank
      transfer) of two products nobody else buys (large stock); p50/p95 ms per POST /orders,
      orders per second, and every answer that was not a 201;
  (3) the 200-way race: 200 citizens order the one item left of a product at once; the wall
      time, and that exactly one got 201 and 199 a 409.
Pickup avoids the delivery zones; the pickup slots the bench uses get a capacity of 100,000 so
that (2) measures checkout, not the slot's 30 places. Without --database-url the server uses a
fresh SQLite file. With a PostgreSQL URL the database's public schema is DROPPED and
recreated: use a scratch database. Before timing, the script waits until the server's start-up
jobs have had their first run (about 45 s; bench_alerts.settle). Exit 1 only on a MISMATCH in (3).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import math
import os
import random
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.bench.bench_alerts import settle, wipe_pg  # noqa: E402
from tests.bench.bench_load import pct  # noqa: E402
from tests.bench.bench_reservations import RACERS, _settings, spawn  # noqa: E402
from tests.e2e.conftest import stop_server  # noqa: E402

MARKET = "gwangyang5"  # 광양5일시장: minimum order 15,000 won
PRODUCTS = 2_000  # at least this many in the market
BIG_STOCK = 100_000
BROWSE_CLIENTS = 8
KINDS = ("first page", "category", "search", "deeper page")
SEARCH_WORDS = ("고추", "김치", "사과", "매실", "한우", "멸치", "떡", "광양 매실", "국내산 배추")
PHONE = "010-1234-5678"

# Everyday goods per demo shop (by the shop's category): (category, names, units)
GOODS: dict[str, list[tuple[str, tuple[str, ...], tuple[str, ...]]]] = {
    "채소": [("채소", ("배추", "무", "대파", "쪽파", "깻잎", "상추", "청양고추", "풋고추",
                      "꽈리고추", "오이고추", "홍고추", "깐마늘", "통마늘", "생강", "양파", "감자",
                      "고구마", "당근", "애호박", "단호박", "가지", "오이", "시금치", "부추",
                      "미나리", "콩나물", "표고버섯", "느타리버섯", "브로콜리", "양배추", "연근",
                      "우엉", "도라지", "더덕", "고사리", "취나물", "봄동", "얼갈이"),
              ("200g", "500g", "1kg", "2kg", "1단", "1봉", "1망", "1상자"))],
    "과일": [("과일", ("사과", "부사 사과", "홍로 사과", "배", "단감", "홍시", "곶감", "감귤",
                      "한라봉", "천혜향", "참다래", "딸기", "샤인머스캣", "복숭아", "자두",
                      "참외", "밤", "대추", "블루베리", "토마토", "방울토마토"),
              ("1kg", "1.5kg", "2kg", "3kg", "5kg", "1팩", "1상자")),
             ("가공식품", ("매실청", "매실장아찌", "유자청", "고추장", "된장", "간장", "들기름",
                          "고춧가루", "꿀"), ("500ml", "1L", "500g", "1kg", "1병"))],
    "수산물": [("수산물", ("전어", "고등어", "갈치", "조기", "삼치", "꽃게", "새우", "오징어",
                          "낙지", "주꾸미", "문어", "바지락", "꼬막", "굴", "홍합", "전복",
                          "재첩", "장어", "광어", "우럭"), ("1마리", "2마리", "500g", "1kg", "1팩")),
               ("건어물", ("멸치", "볶음용 멸치", "국물용 멸치", "김", "돌김", "미역", "다시마",
                          "황태채", "오징어채", "쥐포", "건새우", "북어"),
                ("100g", "200g", "300g", "500g", "10장", "1봉"))],
    "정육": [("정육", ("한우 등심", "한우 안심", "한우 불고기", "한우 국거리", "한우 양지",
                      "한우 사태", "차돌박이", "삼겹살", "목살", "앞다리살", "돼지갈비", "소갈비",
                      "생닭", "닭볶음탕용 닭", "오리", "수육용 돼지고기", "숯불고기용 소고기"),
              ("300g", "500g", "600g", "1kg", "1마리", "1팩"))],
    "반찬": [("반찬", ("배추김치", "총각김치", "열무김치", "갓김치", "파김치", "깍두기", "백김치",
                      "멸치볶음", "진미채", "콩자반", "장조림", "나물 3종", "무말랭이",
                      "어묵볶음", "명란젓", "오징어젓", "새우젓", "깻잎장아찌"),
              ("300g", "500g", "1kg", "2kg", "1팩", "1통")),
             ("떡", ("가래떡", "모시송편", "인절미", "시루떡", "백설기", "꿀떡", "절편", "약밥",
                    "떡국떡"), ("500g", "1kg", "1팩", "1되"))],
}
GRADES = ("", "특품 ", "상품 ", "알뜰 ", "유기농 ", "무농약 ", "햇", "산지직송 ", "광양 ",
          "못난이 ", "손질 ", "가정용 ")
MEAT_GRADES = ("", "1등급 ", "1+ ", "1++ ", "냉장 ", "냉동 ", "산지직송 ", "광양 ", "가정용 ",
               "구이용 ", "찜용 ", "제수용 ")
ORIGINS = ("국내산(광양)", "국내산(전남)", "국내산(경남)", "국내산(경북)", "국내산(제주)",
           "국내산(여수)", "국내산")


def _catalogue(shops) -> list[dict]:
    """Products for the demo shops, round-robin over the shops (neighbours: other shops)."""
    rng = random.Random(18)
    per_shop = math.ceil(PRODUCTS / len(shops))
    by_shop = []
    for shop in shops:
        rows = [(cat, f"{grade}{name}", unit) for cat, names, units in GOODS[shop.category]
                for name in names for grade in (MEAT_GRADES if cat == "정육" else GRADES)
                for unit in units]
        rng.shuffle(rows)
        by_shop.append([dict(shop_id=shop.id, shop=shop.name, category=cat, name=name, unit=unit,
                             price=rng.randrange(2_000, 40_000, 500), origin=rng.choice(ORIGINS))
                        for cat, name, unit in rows[:per_shop]])
    return [p for group in zip(*by_shop) for p in group]


def prepare(data: Path, db_url: str | None, users: int) -> dict:
    """Migrate, seed the markets, fill 광양5일시장 with 2,000+ products and one product of
    which one is left, raise its pickup slots' capacity, make `users` citizens; returns their
    tokens and the products' ids. Sets the environment the server will read."""
    from sqlalchemy import select

    from myg_app.server.auth import service as auth
    from myg_app.server.auth.models import User
    from myg_app.server.db import make_engine, make_sessionmaker, migrate
    from myg_app.server.market import slots
    from myg_app.server.market.models import Market, Product, Shop
    from myg_app.server.market.seed import seed

    os.environ["MYG_DATA_DIR"] = str(data)
    if db_url:
        os.environ["MYG_BENCH_DATABASE_URL"] = db_url
    importlib.import_module("myg_app.server.domains")  # registers every table
    settings = _settings()
    if settings.database_url:
        wipe_pg(settings.database_url)
    migrate(settings)
    engine = make_engine(settings.effective_database_url)
    with make_sessionmaker(engine).begin() as s:
        seed(s)
        market = s.scalar(select(Market).where(Market.code == MARKET))
        shops = list(s.scalars(select(Shop).where(Shop.market_id == market.id).order_by(Shop.id)))
        rows = _catalogue(shops)
        products = [Product(shop_id=r["shop_id"], market_id=market.id, code=f"bench-{i}",
                            name=r["name"], category=r["category"], price=r["price"],
                            unit=r["unit"], origin=r["origin"], stock=BIG_STOCK, sold_out=False,
                            search_text=f"{r['name']} {r['category']} {r['shop']} {r['origin']}")
                    for i, r in enumerate(rows)]
        meat = next(sh for sh in shops if sh.category == "정육")
        last = Product(shop_id=meat.id, market_id=market.id, code="bench-last-one",
                       name="한우 1++ 꽃등심 (오늘 한 팩)", category="정육", price=32_000,
                       unit="500g", origin="국내산(한우)", stock=1, sold_out=False,
                       search_text=f"한우 1++ 꽃등심 정육 {meat.name} 국내산(한우)")
        s.add_all([*products, last])
        s.flush()
        for slot in slots.upcoming(s, market.id, "pickup"):
            slot.capacity = BIG_STOCK
        people = [User(email=f"bench-{i}@example.com", password_hash="x", name="시민", role="citizen")
                  for i in range(users)]
        s.add_all(people)
        s.flush()
        tokens = [auth.issue_tokens(s, settings, u).access_token for u in people]
        info = {"tokens": tokens, "market_id": market.id, "last_one": last.id,
                "pool": [[p.id, p.price] for p in products],
                "categories": sorted({r["category"] for r in rows})}
    engine.dispose()
    return info


async def browse(urls: list[str], market_id: int, categories: list[str], n: int) -> tuple[
        dict[str, list[float]], Counter, int]:
    """n catalogue requests from BROWSE_CLIENTS clients: ms per kind, statuses, the total."""
    rng = random.Random(5)
    plan = []
    for k in range(n):
        kind = KINDS[k % len(KINDS)]
        params: dict = {"market_id": market_id, "limit": 40}
        if kind == "category":
            params["category"] = rng.choice(categories)
        elif kind == "search":
            params["q"] = rng.choice(SEARCH_WORDS)
        elif kind == "deeper page":
            params["offset"] = 40 * rng.randrange(1, PRODUCTS // 40)
        plan.append((kind, params))
    times: dict[str, list[float]] = defaultdict(list)
    codes: Counter = Counter()
    todo = iter(plan)
    for url in urls:
        async with httpx.AsyncClient(base_url=url + "/api/v1/market", timeout=60) as c:
            first = await c.get("/products", params={"market_id": market_id, "limit": 40})
            first.raise_for_status()
            total = first.json()["total"]
            for _, params in plan[:8]:  # warm-up: connections, query plans
                await c.get("/products", params=params)

    async def client(i: int) -> None:
        async with httpx.AsyncClient(base_url=urls[i % len(urls)] + "/api/v1/market",
                                     timeout=60) as c:
            for kind, params in todo:
                t0 = time.perf_counter()
                r = await c.get("/products", params=params)
                times[kind].append((time.perf_counter() - t0) * 1000)
                codes[r.status_code] += 1

    await asyncio.gather(*(client(i) for i in range(BROWSE_CLIENTS)))
    return times, codes, total


async def first_pickup_slot(c: httpx.AsyncClient, market_id: int) -> dict:
    r = await c.get(f"/markets/{market_id}/slots", params={"fulfilment": "pickup"})
    r.raise_for_status()
    slot = next((s for s in r.json()["items"] if s["available"]), None)
    if slot is None:
        raise RuntimeError(f"no pickup slot open: {r.text}")
    return slot


def _order(market_id: int, slot_id: int, items: list[dict], total: int) -> dict:
    return {"market_id": market_id, "items": items, "fulfilment": "pickup", "slot_id": slot_id,
            "phone": PHONE, "request": "벤치마크 주문", "method": "bank_transfer",
            "expected_total": total}


async def quoted(c: httpx.AsyncClient, market_id: int, items: list[dict]) -> int:
    r = await c.post("/quote", json={"market_id": market_id, "items": items,
                                     "fulfilment": "pickup"})
    r.raise_for_status()
    q = r.json()
    if not q["orderable"]:
        raise RuntimeError(f"cart not orderable: {q['problems']}")
    return q["total"]


async def checkout(urls: list[str], info: dict, clients: int, per_client: int) -> tuple[
        list[float], Counter, float, dict, list[str]]:
    """Each citizen orders its own two products (other shops, large stock) per_client times."""
    mid, pool = info["market_id"], info["pool"]
    carts = []
    for w in range(clients):
        (a, pa), (b, pb) = pool[(2 * w) % len(pool)], pool[(2 * w + 1) % len(pool)]
        qty = min(50, math.ceil(15_000 / (pa + pb)))
        carts.append([{"product_id": a, "quantity": qty}, {"product_id": b, "quantity": qty}])
    async with httpx.AsyncClient(base_url=urls[0] + "/api/v1/market", timeout=60) as c:
        slot = await first_pickup_slot(c, mid)
        totals = [await quoted(c, mid, cart) for cart in carts]
    ms: list[float] = []
    codes: Counter = Counter()
    samples: list[str] = []

    async def citizen(w: int) -> None:
        headers = {"Authorization": f"Bearer {info['tokens'][w]}"}
        body = _order(mid, slot["id"], carts[w], totals[w])
        async with httpx.AsyncClient(base_url=urls[w % len(urls)] + "/api/v1/market",
                                     timeout=120) as c:
            for _ in range(per_client):
                t0 = time.perf_counter()
                r = await c.post("/orders", json=body,
                                 headers={**headers, "Idempotency-Key": str(uuid.uuid4())})
                ms.append((time.perf_counter() - t0) * 1000)
                codes[r.status_code] += 1
                if r.status_code != 201 and len(samples) < 3:
                    samples.append(f"{r.status_code} {r.text[:300]}")

    t0 = time.perf_counter()
    await asyncio.gather(*(citizen(w) for w in range(clients)))
    return ms, codes, time.perf_counter() - t0, slot, samples


async def race(urls: list[str], info: dict) -> tuple[float, Counter, Counter]:
    """RACERS citizens, each on an open connection (dealt over the workers), order the last
    one at the same moment."""
    mid, pid = info["market_id"], info["last_one"]
    items = [{"product_id": pid, "quantity": 1}]
    limits = httpx.Limits(max_connections=RACERS, max_keepalive_connections=RACERS)
    async with contextlib.AsyncExitStack() as stack:
        cs = [await stack.enter_async_context(httpx.AsyncClient(
            base_url=url + "/api/v1/market", timeout=120, limits=limits)) for url in urls]
        slot = await first_pickup_slot(cs[0], mid)
        body = _order(mid, slot["id"], items, await quoted(cs[0], mid, items))
        ready, go = 0, asyncio.Event()

        async def racer(i: int, token: str) -> httpx.Response:
            nonlocal ready
            c = cs[i % len(cs)]
            await c.get("/markets")  # open this racer's connection before the start
            ready += 1
            if ready == RACERS:
                go.set()
            await go.wait()
            return await c.post("/orders", json=body, headers={
                "Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())})

        tasks = [asyncio.create_task(racer(i, tok))
                 for i, tok in enumerate(info["tokens"][:RACERS])]
        await go.wait()
        t0 = time.perf_counter()
        answers = await asyncio.gather(*tasks)
        wall = time.perf_counter() - t0
    codes = Counter(r.status_code for r in answers)
    why = Counter(r.json().get("code") for r in answers if r.status_code == 409)
    return wall, codes, why


def options() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--database-url", default=None, help="PostgreSQL scratch database (dropped!)")
    ap.add_argument("--workers", type=int, default=1,
                    help="server processes, one per port (PostgreSQL only)")
    ap.add_argument("--clients", type=int, default=50, help="concurrent citizens checking out")
    ap.add_argument("--orders", type=int, default=10, help="orders per citizen")
    ap.add_argument("--browse", type=int, default=400, help="catalogue requests")
    args = ap.parse_args()
    if args.workers > 1 and not args.database_url:
        ap.error("several workers need PostgreSQL (--database-url)")
    return args


def main() -> int:
    args = options()
    users = max(RACERS, args.clients)
    backend = "postgresql" if args.database_url else "sqlite"
    with tempfile.TemporaryDirectory(prefix="myg-bench-market-") as d:
        data = Path(d)
        t0 = time.perf_counter()
        info = prepare(data, args.database_url, users)
        print(f"[{backend}, {args.workers} worker(s)] prepared {len(info['pool'])} products and "
              f"{users} citizens in {time.perf_counter() - t0:.1f} s")
        started = time.perf_counter()
        servers: list = []
        try:
            for i in range(args.workers):  # inside try: a failed start stops the ones started
                servers.append(spawn(data, args.database_url, data / f"server-{i}.log"))
            urls = [u for _, u in servers]
            pids = [p.pid for p, _ in servers]
            waited = asyncio.run(settle(pids, started))
            print(f"    waited {waited:.1f} s for the server's start-up jobs and an idle server")
            times, codes, total = asyncio.run(browse(urls, info["market_id"], info["categories"],
                                                     args.browse))
            every = [v for vs in times.values() for v in vs]
            print(f"(1) catalogue browse: p50 {pct(every, 50):.1f} ms, p95 {pct(every, 95):.1f} ms "
                  f"over {len(every)} requests, {BROWSE_CLIENTS} clients, answers {dict(codes)}")
            print(f"    GET /market/products?market_id= for a market of {total} products, 40 a "
                  "page; by kind p50/p95 ms: " + ", ".join(
                      f"{k} {pct(times[k], 50):.1f}/{pct(times[k], 95):.1f}" for k in KINDS))
            ms, codes, wall, slot, samples = asyncio.run(
                checkout(urls, info, args.clients, args.orders))
            print(f"(2) checkout: p50 {pct(ms, 50):.0f} ms, p95 {pct(ms, 95):.0f} ms per order, "
                  f"{codes[201] / wall:.1f} orders/s ({codes[201]} orders in {wall:.1f} s), "
                  f"answers {dict(codes)}")
            print(f"    POST /market/orders from {args.clients} concurrent citizens x {args.orders}, "
                  f"pickup {slot['label']}, two products each that nobody else orders")
            for line in samples:
                print(f"    not 201: {line}")
            wall, codes, why = asyncio.run(race(urls, info))
            ok = codes[201] == 1 and codes[409] == RACERS - 1
            print(f"(3) {RACERS}-way race for the last item: {wall * 1000:.0f} ms wall, answers "
                  f"{dict(sorted(codes.items()))} (409s: {dict(why)}) -> {'OK' if ok else 'MISMATCH'}")
            print(f"    {RACERS} citizens POST /market/orders for a product with stock 1 at once: "
                  "exactly one order, the others refused")
            return 0 if ok else 1
        finally:
            for proc, _ in servers:
                stop_server(proc)


if __name__ == "__main__":
    sys.exit(main())
