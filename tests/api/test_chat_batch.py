"""Group commit of the chat sockets' writes (server/chat/batch.py): writes that arrive
together commit in one transaction; a refused one is undone alone, with its events, and
the others are stored and announced; a lone write commits at once."""
from __future__ import annotations

import asyncio

from sqlalchemy import select

from myg_app.server.auth.models import User
from myg_app.server.chat.batch import WriteBatcher
from myg_app.server.errors import AppError
from myg_app.server.fanout import emit, make_hub
from myg_app.server.notices.models import Notice
from myg_app.server.notices.service import notify


def _writer(title: str, refuse: bool = False):
    def fn(session, user):
        notify(session, user.id, kind="test", title=title, body="")
        emit(session, "test", {"title": title})
        if refuse:
            raise AppError(409, "chat.closed", "종료된 상담입니다.")
        return title
    return fn


async def test_a_refused_write_is_undone_alone_and_the_rest_commit_together(api):
    api.register()
    with api.client.app.state.sessionmaker() as s:
        user_id = s.scalars(select(User.id)).first()
    # The hub of this backend: on PostgreSQL, events travel through NOTIFY / LISTEN.
    hub = make_hub(api.settings.effective_database_url)
    await hub.start()
    try:
        await _check(api, hub, user_id)
    finally:
        await hub.stop()


async def _check(api, hub, user_id: int) -> None:
    heard: list[str] = []
    hub.subscribe("test", lambda frame: heard.append(frame["title"]))
    batcher = WriteBatcher(api.client.app, hub)
    results = await asyncio.gather(
        batcher.submit(user_id, 3, _writer("first")),
        batcher.submit(user_id, 1, _writer("refused", refuse=True)),
        batcher.submit(user_id, 2, _writer("third")),
        return_exceptions=True)
    assert results[0] == "first" and results[2] == "third"
    assert isinstance(results[1], AppError) and results[1].code == "chat.closed"
    for _ in range(100):  # the hub hands events over on the loop
        if len(heard) >= 2:
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.1)  # and nothing more arrives
    assert sorted(heard) == ["first", "third"]
    with api.client.app.state.sessionmaker() as s:
        titles = set(s.scalars(select(Notice.title).where(Notice.kind == "test")))
    assert titles == {"first", "third"}
    # Alone, a refused write leaves nothing either.
    lone = await asyncio.gather(batcher.submit(user_id, 1, _writer("alone", refuse=True)),
                                return_exceptions=True)
    assert isinstance(lone[0], AppError)
    assert await batcher.submit(user_id, 1, _writer("after")) == "after"
    with api.client.app.state.sessionmaker() as s:
        titles = set(s.scalars(select(Notice.title).where(Notice.kind == "test")))
    assert titles == {"first", "third", "after"}
