"""At most so many HTTP requests of a worker run at once; the others wait their turn (async,
costing nothing), in the order they came.

Why: a request keeps its database connection across FastAPI's thread hops (the dependencies,
then the endpoint, each in the shared pool of 40 threads). With more requests in flight than
the connection pool holds, the threads can all be taken by requests waiting for a connection
while the requests holding the connections wait for a thread: nothing moves until the pool's
30 s timeout, and every one of them fails with a 500. The load benchmark found it at 500
users (tests/bench/bench_load.py: 15 connections held, the CPU idle). A few connections stay
free for work a request does on a second connection (rebuilding a search index).

Streams (SSE: paths ending in /stream) and websockets hold no connection while they wait and
are not counted."""
from __future__ import annotations

import asyncio
import weakref

from sqlalchemy.engine import Engine

HEADROOM = 3  # connections kept for second connections (index builds) and the pool's races


def limit_for(engine: Engine) -> int:
    pool = engine.pool
    try:
        total = pool.size() + max(getattr(pool, "_max_overflow", 0), 0)
    except (AttributeError, TypeError):
        total = 15
    return max(1, total - HEADROOM)


class RequestLimit:
    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit
        # One per event loop: a server has one; tests drive one app from several.
        self._sems: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].endswith("/stream"):
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        sem = self._sems.get(loop)
        if sem is None:
            sem = self._sems[loop] = asyncio.Semaphore(self.limit)
        async with sem:
            await self.app(scope, receive, send)
