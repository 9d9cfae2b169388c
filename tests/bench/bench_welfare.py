"""Benchmark: 복지정책 검색 and 보조금24 맞춤혜택 over the 8,255-service gov24 export.

    cd /work/main && uv run python -m tests.bench.bench_welfare [--rounds 20] [--no-semantic]

Prints, never fails on time:
- index build: morpheme analysis of every record (kiwipiepy), the passage vectors
  (multilingual-e5-small; cached in ~/.cache/myg/welfare-bench-vectors.npz after the first run,
  which embeds 8,255 passages: several minutes on two cores), the BM25 index, and the
  resident memory (RSS) after each step;
- search p50/p95, warm, in the server process: SearchIndex.search (the engine) beside plain
  BM25 over the same morphemes (the baseline, same process, same queries) and the ratio; then
  through the API (GET /api/v1/welfare/search on a SQLite database holding the 8,255
  services, the version check and JSON included);
- match p50/p95: one profile judged against every service (POST /api/v1/subsidy24/match's
  work), for ten profiles.
The queries: the labelled relevance set's 61 (tests/relevance), each asked once per round.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np

EXPORT = ROOT / "tests/bench/data/gov24_export_8255.json.gz"
CACHE = Path(os.environ.get("MYG_WEB_CACHE_DIR", Path.home() / ".cache/myg")) / \
    "welfare-bench-vectors.npz"
PROFILES = [
    dict(age=27, gender="F", household_size=1, income_band=2, traits=["job_seeker"]),
    dict(age=72, gender="M", household_size=1, income_band=1, traits=["disabled"]),
    dict(age=34, gender="F", household_size=3, income_band=3, traits=["pregnant", "worker"]),
    dict(age=45, gender="M", household_size=4, income_band=4, traits=["farmer"]),
    dict(age=19, traits=["student_university"]),
    dict(age=58, gender="F", household_size=2, traits=["small_business"]),
    dict(age=40, gender="F", household_size=3, income_band=1, traits=["single_parent"]),
    dict(age=66, traits=["veteran", "lives_alone"]),
    dict(traits=[]),
    dict(age=31, gender="M", household_size=2, traits=["multicultural", "no_house"]),
]


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def load_export() -> list[dict]:
    from myg_app.server.welfare import records
    with gzip.open(EXPORT, "rt", encoding="utf-8") as f:
        data = json.load(f)
    return [records.from_export(r, data["details"].get(r["id"])) for r in data["services"]]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--no-semantic", action="store_true")
    args = ap.parse_args()

    from myg_app.server.welfare import search, semantic, text
    from tests.relevance.evaluate import plain_bm25
    from tests.relevance.queries import load

    print(f"RSS at start: {rss_mb():.0f} MB")
    t = time.perf_counter()
    recs = load_export()
    print(f"records: {len(recs)} in {time.perf_counter() - t:.1f} s")

    t = time.perf_counter()
    text.kiwi()
    print(f"analyser loaded: {time.perf_counter() - t:.1f} s, RSS {rss_mb():.0f} MB")
    t = time.perf_counter()
    for r in recs:
        r["tokens"] = search.record_tokens(r)
    analyse_s = time.perf_counter() - t
    print(f"morphemes of {len(recs)} records: {analyse_s:.1f} s "
          f"({analyse_s / len(recs) * 1000:.1f} ms each), RSS {rss_mb():.0f} MB")

    vectors = None
    if not args.no_semantic:
        t = time.perf_counter()
        known: dict = {}
        if CACHE.exists():
            data = np.load(CACHE)
            known = {(i, h): v for i, h, v in zip(data["ids"].tolist(), data["hashes"].tolist(),
                                                  data["vectors"].astype(np.float32))}
        fresh = sum(1 for r in recs if (r["id"], semantic.passage_hash(r)) not in known)
        semantic.model()  # loads the engine (and limits the BLAS threads, see semantic.py)
        vectors = semantic.vectors_for(recs, known)
        embed_s = time.perf_counter() - t
        if fresh:
            CACHE.parent.mkdir(parents=True, exist_ok=True)
            np.savez_compressed(CACHE, ids=np.array([r["id"] for r in recs]),
                                hashes=np.array([semantic.passage_hash(r) for r in recs]),
                                vectors=vectors.astype(np.float16))
        print(f"vectors: {fresh} embedded ({embed_s:.1f} s"
              + (f", {embed_s / fresh * 1000:.0f} ms each" if fresh else ", all cached")
              + f"), RSS {rss_mb():.0f} MB")

    from myg_app.gov24 import conditions as ja
    t = time.perf_counter()
    for r in recs:  # as index_cache does
        if r.get("conditions") is not None:
            r["compiled"] = ja.compile_conditions(r["conditions"])
    print(f"conditions compiled: {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    index = search.SearchIndex(recs, vectors)
    print(f"search index (BM25 + speller): {time.perf_counter() - t:.2f} s, RSS {rss_mb():.0f} MB")
    plain = plain_bm25(recs)
    from myg_app.server.welfare.index_cache import settle_garbage_collector
    settle_garbage_collector()  # as the server does after each build
    mask = np.ones(len(recs), bool)
    queries = [q["q"] for q in load()]
    for q in queries[:5]:  # warm: the query vector cache is not what is measured
        index.search(q, mask, 20)

    engine, always, lexical, baseline = [], [], [], []
    for _ in range(args.rounds):
        for q in queries:
            semantic._cache.clear()  # every question embedded afresh: the honest case
            t = time.perf_counter()
            index.search(q, mask, 20)
            engine.append((time.perf_counter() - t) * 1000)
            semantic._cache.clear()
            t = time.perf_counter()
            index.search(q, mask, 20, use_semantic=True)
            always.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            index.search(q, mask, 20, use_semantic=False)
            lexical.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            plain(q, mask)
            baseline.append((time.perf_counter() - t) * 1000)
    n = len(engine)
    print(f"\nsearch over {len(recs)} services, {n} queries, warm, in-process (ms):")
    for name, xs in (("engine (shipped)", engine), ("engine, semantic always", always),
                     ("engine, lexical only", lexical), ("plain BM25 baseline", baseline)):
        print(f"  {name:22} p50 {pct(xs, 50):6.2f}  p95 {pct(xs, 95):6.2f}")
    print(f"  ratio engine/plain BM25 at p95: {pct(engine, 95) / pct(baseline, 95):.1f}x")

    api_figures(recs, vectors, queries, args.rounds)

    from myg_app.contracts.welfare import MatchIn
    from myg_app.server.welfare import matching
    times = []
    for _ in range(max(1, args.rounds // 4)):
        for prof in PROFILES:
            person = matching.person_of(MatchIn(**prof))
            t = time.perf_counter()
            out = [matching.judge_doc(d, person) for d in recs]
            [v for v in out if v.eligibility != "no"].sort(key=lambda v: v.fit)
            times.append((time.perf_counter() - t) * 1000)
    print(f"\nmatch, one profile against {len(recs)} services (ms): "
          f"p50 {pct(times, 50):.1f}  p95 {pct(times, 95):.1f}")
    print(f"RSS at end: {rss_mb():.0f} MB")


def api_figures(recs, vectors, queries, rounds) -> None:
    """The same search through the API on a database holding the 8,255 services."""
    from fastapi.testclient import TestClient
    from sqlalchemy.orm import Session

    from myg_app.server.app import create_app
    from myg_app.server.config import Settings
    from myg_app.server.db import make_engine, migrate
    from myg_app.server.welfare import catalogue, index_cache, semantic

    d = Path(tempfile.mkdtemp(prefix="myg-bench-welfare-"))
    settings = Settings(data_dir=d, secret_key="bench-secret-0123456789-abcdefghijklmnop")
    migrate(settings)
    t = time.perf_counter()
    with Session(make_engine(settings.effective_database_url)) as s, s.begin():
        stored = []
        for r in recs:
            r = dict(r)
            r.pop("compiled", None)  # the index's, not the record's
            r["tokens_version"] = catalogue.tokens_version()
            stored.append(r)
        catalogue.upsert(s, stored, complete=False)
    print(f"\nstored {len(recs)} services in SQLite: {time.perf_counter() - t:.1f} s")
    if vectors is not None:  # hand the index the vectors computed above
        index_cache._known = {(r["id"], semantic.passage_hash(r)): v
                              for r, v in zip(recs, vectors)}
    times = []
    with TestClient(create_app(settings)) as client:
        t = time.perf_counter()
        client.get("/api/v1/welfare/search", params={"q": "청년", "region": "all"})
        print(f"first search (builds the index from the stored morphemes): "
              f"{time.perf_counter() - t:.2f} s")
        for _ in range(max(1, rounds // 2)):
            for q in queries:
                semantic._cache.clear()
                t = time.perf_counter()
                r = client.get("/api/v1/welfare/search", params={"q": q, "region": "all"})
                times.append((time.perf_counter() - t) * 1000)
                assert r.status_code == 200, r.text
    print(f"GET /api/v1/welfare/search, {len(times)} requests, warm (ms): "
          f"p50 {pct(times, 50):.2f}  p95 {pct(times, 95):.2f}  (TestClient included)")
    # The same work inside the server: the route's service call on a session (the catalogue
    # version check, the search, the answer's items), without the HTTP client in front.
    from myg_app.server.welfare import service
    times = []
    with Session(make_engine(settings.effective_database_url)) as s:
        for _ in range(max(1, rounds // 2)):
            for q in queries:
                semantic._cache.clear()
                t = time.perf_counter()
                service.search(s, q, 20, 0, service.Filters(region="all"))
                times.append((time.perf_counter() - t) * 1000)
    print(f"service.search (the route's work on the server), {len(times)} queries (ms): "
          f"p50 {pct(times, 50):.2f}  p95 {pct(times, 95):.2f}")


if __name__ == "__main__":
    main()
