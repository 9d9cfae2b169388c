"""Relevance of 복지정책 검색 on the labelled set (tests/relevance): printed beside plain BM25
(`uv run pytest -s` shows the table). The engine must not fall below the plain baseline; the
figures themselves are reported, not tuned to (an independent hidden set is used too)."""
from __future__ import annotations

from tests.relevance.evaluate import evaluate, report
from tests.relevance.queries import load


def test_labelled_set_is_large_and_well_formed():
    queries = load()
    assert len(queries) >= 40
    assert all(q["relevant"] and q["q"].strip() and q["region"] in ("gwangyang", "all")
               for q in queries)


def test_engine_beats_plain_bm25_on_success_at_5_and_mrr_at_10():
    results = evaluate()
    print("\n" + report(results))
    s5, mrr = results["engine (shipped)"]["all"]
    base_s5, base_mrr = results["plain BM25"]["all"]
    assert s5 >= base_s5 and mrr >= base_mrr
