"""Relevance of 복지정책 검색 on the labelled set (welfare_queries.json): success@5 (a relevant
service among the first five) and MRR@10, for the engine as shipped (semantic half only when
the words are not enough), for plain BM25 over the same morphemes (the floor the issue names),
and for the engine without, and always with, its semantic half.

    uv run python -m tests.relevance.evaluate [--per-query]
"""
from __future__ import annotations

import argparse
from collections import defaultdict

import bm25s
import numpy as np

from myg_app.server.welfare import catalogue, index_cache, search, text
from tests.relevance.queries import load


def build():
    docs = [dict(r) for r in catalogue.embedded()]
    vectors, _ = index_cache._vectors(docs)
    return docs, search.SearchIndex(docs, vectors)


def plain_bm25(docs):
    """bm25s over each record's morphemes (same fields, no weights), queried with the
    question's own morphemes: no synonyms, no spelling, no semantics."""
    model = bm25s.BM25()
    model.index([[w for f in search.FIELD_REPEAT for w in d["tokens"].get(f[0], ())] or ["∅"]
                 for d in docs], show_progress=False)

    def rank(q, mask):
        toks = [t for t in text.tokens(q) if t in model.vocab_dict]
        if not toks:
            return []
        s = np.where(mask, model.get_scores(toks), 0)
        idx = np.flatnonzero(s > 0)
        return list(idx[np.argsort(-s[idx], kind="stable")][:10])
    return rank


def metrics(ranked_ids, relevant):
    s5 = float(any(i in relevant for i in ranked_ids[:5]))
    rr = next((1.0 / (n + 1) for n, i in enumerate(ranked_ids[:10]) if i in relevant), 0.0)
    return s5, rr


def evaluate(per_query: bool = False) -> dict[str, dict[str, float]]:
    docs, index = build()
    ids = [d["id"] for d in docs]
    region_mask = {"gwangyang": np.array([d["level"] != "other" for d in docs]),
                   "all": np.ones(len(docs), bool)}
    plain = plain_bm25(docs)
    systems = {
        "plain BM25": lambda q, m: plain(q, m),
        "engine, lexical only": lambda q, m: [h.index for h in index.search(q, m, 10, use_semantic=False)[0]],
        "engine (shipped)": lambda q, m: [h.index for h in index.search(q, m, 10)[0]],
        "engine, semantic always": lambda q, m: [h.index for h in index.search(
            q, m, 10, use_semantic=True)[0]],
    }
    queries = load()
    out: dict[str, dict[str, float]] = {}
    for name, run in systems.items():
        by_kind: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for entry in queries:
            ranked = [ids[i] for i in run(entry["q"], region_mask[entry["region"]])]
            m = metrics(ranked, set(entry["relevant"]))
            by_kind["all"].append(m)
            by_kind[entry["kind"]].append(m)
            if per_query and name == "engine (shipped)":
                print(f"  {m[0]:.0f} {m[1]:.2f}  {entry['q']}")
        out[name] = {k: (float(np.mean([m[0] for m in v])), float(np.mean([m[1] for m in v])))
                     for k, v in by_kind.items()}
    return out


def report(results) -> str:
    kinds = list(next(iter(results.values())))
    lines = [f"{'':24}" + "".join(f"{k:>18}" for k in kinds),
             f"{'':24}" + "".join(f"{'s@5  MRR@10':>18}" for _ in kinds)]
    for name, by_kind in results.items():
        lines.append(f"{name:24}" + "".join(f"{s:>10.2f}{r:>8.2f}" for s, r in by_kind.values()))
    return "\n".join(lines)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-query", action="store_true")
    args = ap.parse_args()
    print(f"{len(load())} queries")
    print(report(evaluate(args.per_query)))
