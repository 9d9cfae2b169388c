"""Copy the real 보조금24 records the product ships from the shared data folder into the
repository (run once per data refresh; the product never reads ../shared at run time).

    uv run python -m scripts.make_gov24_data [--shared ../shared/data/gov24] [--vectors]

Writes
- myg_app/server/welfare/data/services.json.gz: the embedded default catalogue, normalised
  (records.py): the 1,097-service sample of the gov24 API plus the 광양시 services of the
  export that the sample lacks;
- myg_app/server/welfare/data/vectors.npz (--vectors): their multilingual-e5-small passage
  vectors, so a fresh server does not spend a minute of CPU embedding them;
- tests/data/gov24/: the raw API records (what the fake odcloud server pages through);
- tests/bench/data/gov24_export_8255.json.gz: the 8,255-service export for the benchmarks.
"""
from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

from myg_app.server.welfare import records

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "myg_app/server/welfare/data"


def write_gz(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    blob = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
    # mtime=0: the same data gives the same bytes (no spurious diffs)
    with open(path, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0,
                                              compresslevel=9) as gz:
        gz.write(blob)
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1e6:.2f} MB")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared/data/gov24"))
    ap.add_argument("--vectors", action="store_true", help="also embed (about a minute)")
    args = ap.parse_args()
    src = Path(args.shared)
    load = lambda name: json.loads((src / name).read_text())

    lists, details, conds = (load(f"{op}_1097.json")["data"]
                             for op in ("serviceList", "serviceDetail", "supportConditions"))
    catalogue = records.join_api(lists, details, conds)
    have = {r["id"] for r in catalogue}
    extra = [records.from_export(r) for r in load("gwangyang_63.json")["records"]
             if r["id"] not in have and not r["id"].startswith("gen-")]
    catalogue += extra
    # The morphemes each record is searched by, so a fresh server need not analyse 1,153
    # records before its first search (catalogue.py re-analyses if the analyser changed).
    from myg_app.server.welfare import catalogue as store
    from myg_app.server.welfare import search
    for rec in catalogue:
        rec["tokens"] = search.record_tokens(rec)
        rec["tokens_version"] = store.tokens_version()
    write_gz(DATA / "services.json.gz", {
        "origin": "행정안전부 「공공서비스 정보」 open API (gov24/v3), fetched 2026-07-12: a "
                  "systematic 1-in-10 sample (1,097 of 10,974 services); plus 광양시 services "
                  "from the gov24 CSV export of 2026-07-10. See data/README.md.",
        "services": catalogue})
    print(f"{len(catalogue)} services ({len(extra)} from the export)")

    for op, rows in (("serviceList", lists), ("serviceDetail", details),
                     ("supportConditions", conds)):
        write_gz(ROOT / f"tests/data/gov24/{op}.json.gz", rows)
    for page in (src / "api_samples").glob("*.json"):
        (ROOT / "tests/data/gov24" / page.name).write_text(page.read_text())

    meta = load("export_8255/_meta.json")
    shard: dict = {}
    for path in sorted((src / "export_8255").glob("detail-shard-*.json")):
        shard.update(json.loads(path.read_text()))
    export = [dict(r, _cols=meta["jaCols"]) for r in load("export_8255/benefits_list.json")]
    write_gz(ROOT / "tests/bench/data/gov24_export_8255.json.gz",
             {"meta": meta, "services": export, "details": shard})

    if args.vectors:
        import numpy as np

        from myg_app.server.welfare import semantic
        vecs = semantic.embed_passages([semantic.passage_text(r) for r in catalogue])
        np.savez_compressed(DATA / "vectors.npz", ids=np.array([r["id"] for r in catalogue]),
                            hashes=np.array([semantic.passage_hash(r) for r in catalogue]),
                            vectors=vecs.astype(np.float16))
        print(f"vectors: {vecs.shape}")


if __name__ == "__main__":
    main()
