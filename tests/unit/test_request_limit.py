"""The per-worker request limit (server/concurrency.py): no more requests in flight than the
limit, the rest wait their turn; streams and websockets are not counted."""
from __future__ import annotations

import asyncio

from myg_app.server.concurrency import RequestLimit, limit_for
from myg_app.server.db import make_engine


def test_never_more_in_flight_than_the_limit_and_streams_are_not_counted():
    state = {"now": 0, "most": 0}

    async def app(scope, receive, send):
        state["now"] += 1
        state["most"] = max(state["most"], state["now"])
        await asyncio.sleep(0.01)
        state["now"] -= 1

    limited = RequestLimit(app, 3)

    async def run():
        state["most"] = 0
        http = [limited({"type": "http", "path": "/api/v1/x"}, None, None) for _ in range(20)]
        await asyncio.gather(*http)
        assert state["most"] == 3
        state["most"] = 0
        streams = [limited({"type": "http", "path": "/api/v1/alerts/stream"}, None, None)
                   for _ in range(10)]
        await asyncio.gather(*streams)
        assert state["most"] == 10

    asyncio.run(run())
    asyncio.run(run())  # another event loop: its own count


def test_the_limit_leaves_connections_for_second_connections():
    engine = make_engine("postgresql+psycopg://u:p@127.0.0.1:1/x")
    assert limit_for(engine) == 5 + 10 - 3
