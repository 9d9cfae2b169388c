"""One search index per database and catalogue version, per process. A search reads the
version (one small query) and rebuilds the index when another request or worker changed the
catalogue. Semantic vectors come shipped or cached; at most EMBED_BUDGET missing ones are
embedded inline, the rest in a background thread (those services are found by their words
meanwhile, and the index is rebuilt when their vectors are ready)."""
from __future__ import annotations

import gc
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.gov24 import conditions as ja
from myg_app.server.db import read_only_session
from myg_app.server.welfare import catalogue, semantic
from myg_app.server.welfare.models import WelfareService
from myg_app.server.welfare.search import SearchIndex

log = logging.getLogger(__name__)
EMBED_BUDGET = 64
KEEP = 4  # databases per process (tests open many)


@dataclass
class Built:
    version: int
    index: SearchIndex
    docs: list[dict[str, Any]]
    level: np.ndarray
    field: np.ndarray
    online: np.ndarray
    always_open: np.ndarray
    source: np.ndarray
    partial: bool  # some vectors still being embedded

    def by_id(self, service_id: str) -> int | None:
        return self.index.position.get(service_id)


_built: OrderedDict[str, Built] = OrderedDict()
_lock = threading.Lock()
_known: dict[tuple[str, str], np.ndarray] | None = None
_embedding = threading.Event()


def _vectors(docs: list[dict[str, Any]]) -> tuple[np.ndarray, bool]:
    global _known
    if _known is None:
        _known = semantic.shipped_vectors()
    keys = [(d["id"], semantic.passage_hash(d)) for d in docs]
    missing = [i for i, k in enumerate(keys) if k not in _known]
    inline, later = missing[:EMBED_BUDGET], missing[EMBED_BUDGET:]
    if inline:
        semantic.vectors_for([docs[i] for i in inline], _known)
    if later and not _embedding.is_set():
        _embedding.set()
        threading.Thread(target=_embed_rest, args=([docs[i] for i in later],),
                         name="welfare-embed", daemon=True).start()
    out = np.zeros((len(docs), semantic.DIM), np.float32)
    for i, k in enumerate(keys):
        if k in _known:
            out[i] = _known[k]
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-6), bool(later)


def _embed_rest(docs: list[dict[str, Any]]) -> None:
    try:
        log.info("embedding %d services in the background", len(docs))
        semantic.vectors_for(docs, _known)
        with _lock:
            for built in _built.values():
                built.version = -1  # rebuild with the vectors at the next search
    except Exception:  # a failed embedding leaves lexical search working
        log.exception("background embedding failed")
    finally:
        _embedding.clear()


def current(session: Session) -> Built:
    """The index for the session's database. The caller's transaction must be read-only so
    far: when the index has to be (re)built it is committed, so that on SQLite, where every
    transaction holds the write lock, no writer waits seconds for the build."""
    engine = session.get_bind()
    key = engine.url.render_as_string(hide_password=True)
    built = _built.get(key)
    if built is not None and built.version == catalogue.version(session):
        if _lock.acquire(blocking=False):  # kept longest when used most; never wait for it
            try:
                _built.move_to_end(key)
            finally:
                _lock.release()
        return built
    session.commit()
    with _lock, read_only_session(engine) as reader:
        version = catalogue.version(reader)
        built = _built.get(key)
        if built is not None and built.version == version:
            return built  # built by the request this one waited for
        built = _build(reader, version)
        _built[key] = built
        while len(_built) > KEEP:
            _built.popitem(last=False)
        settle_garbage_collector()
        return built


def settle_garbage_collector() -> None:
    """An index is hundreds of thousands of long-lived objects; every full collection walked
    them all (a 200 ms pause in a search or a match). Frozen, the collector skips them.
    Unfrozen first, so what became garbage since the last build (a replaced index, cycles of
    finished requests) is collected before the rest is frozen again."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _build(session: Session, version: int) -> Built:
    rows = session.execute(select(WelfareService.record, WelfareService.tokens,
                                  WelfareService.views, WelfareService.level,
                                  WelfareService.source, WelfareService.demo)
                           .where(WelfareService.status == "active")
                           .order_by(WelfareService.id)).all()
    docs = []
    for record, tokens, views, level, source, demo in rows:
        doc = dict(record)
        doc.update(tokens=tokens, views=views, level=level, source=source, demo=demo)
        if doc.get("conditions") is not None:  # read once: 맞춤혜택 judges every service
            doc["compiled"] = ja.compile_conditions(doc["conditions"])
        docs.append(doc)
    vectors, partial = _vectors(docs)
    return Built(
        version=version, index=SearchIndex(docs, vectors if len(docs) else None), docs=docs,
        level=np.array([d["level"] for d in docs], dtype=object),
        field=np.array([d.get("field") or "" for d in docs], dtype=object),
        online=np.array([bool(d.get("online")) for d in docs], bool),
        always_open=np.array([bool(d.get("always_open")) for d in docs], bool),
        source=np.array([d["source"] for d in docs], dtype=object),
        partial=partial)
