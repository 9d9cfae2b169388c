"""Group commit for the chat sockets' writes (sends and read receipts).

At ~150 messages a second a transaction per message waits for its own disk flush, and
the flushes queue: bench_chat's p99 on PostgreSQL was the flush queue, not work. Here the
writes that arrive while one transaction is committing wait for the next, and go together:
one transaction, one flush, whatever their number. An idle worker still commits a lone
message at once (a batch of one), so nothing waits for a timer.

Each write runs in its own SAVEPOINT: a refused one (a closed conversation, an empty message)
is rolled back alone and its events dropped, the others commit. Writes are applied in
conversation order, so two workers' batches take the conversations' row locks in the same
order and cannot deadlock. Nothing is acknowledged before its batch has committed.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool

from myg_app.server.auth.models import User
from myg_app.server.chat.runtime import db_turn
from myg_app.server.fanout import Hub, attach, pending_mark, pending_truncate

MAX_BATCH = 100


@dataclass(slots=True)
class Write:
    user_id: int
    conversation_id: int
    fn: Callable[[Any, User], Any]
    future: asyncio.Future


class WriteBatcher:
    def __init__(self, app, hub: Hub) -> None:
        self.app, self.hub = app, hub
        self._waiting: list[Write] = []
        self._draining = False

    async def submit(self, user_id: int, conversation_id: int,
                     fn: Callable[[Any, User], Any]) -> Any:
        future = asyncio.get_running_loop().create_future()
        self._waiting.append(Write(user_id, conversation_id, fn, future))
        if not self._draining:
            self._draining = True
            asyncio.get_running_loop().create_task(self._drain(), name="chat-group-commit")
        return await future

    async def _drain(self) -> None:
        try:
            while self._waiting:
                batch = self._waiting[:MAX_BATCH]
                del self._waiting[:MAX_BATCH]
                try:
                    results = await run_in_threadpool(self._commit, batch)
                except Exception as e:  # the commit itself failed: nothing was stored
                    for w in batch:
                        if not w.future.done():
                            w.future.set_exception(e)
                    continue
                for w, (ok, value) in zip(batch, results):
                    if w.future.done():
                        continue  # the socket went away meanwhile
                    if ok:
                        w.future.set_result(value)
                    else:
                        w.future.set_exception(value)
        finally:
            self._draining = False

    def _commit(self, batch: list[Write]) -> list[tuple[bool, Any]]:
        app = self.app
        out: list[tuple[bool, Any]] = [(False, RuntimeError("not run"))] * len(batch)
        with db_turn(app), app.state.sessionmaker() as session:
            attach(session, self.hub)
            users: dict[int, User | None] = {}
            for i in sorted(range(len(batch)), key=lambda i: batch[i].conversation_id):
                w = batch[i]
                if w.user_id not in users:
                    users[w.user_id] = session.get(User, w.user_id)
                if len(batch) == 1:  # alone: no SAVEPOINT round trips needed
                    try:
                        out[i] = (True, w.fn(session, users[w.user_id]))
                    except Exception as e:
                        session.rollback()
                        return [(False, e)]
                    continue
                mark = pending_mark(session)
                try:
                    with session.begin_nested():
                        out[i] = (True, w.fn(session, users[w.user_id]))
                except Exception as e:  # this write alone is undone
                    pending_truncate(session, mark)
                    out[i] = (False, e)
            session.commit()
        return out


def batcher(app, hub: Hub) -> WriteBatcher:
    """The app's one batcher (created with its first socket write)."""
    b = getattr(app.state, "chat_batcher", None)
    if b is None or b.hub is not hub:
        b = app.state.chat_batcher = WriteBatcher(app, hub)
    return b
