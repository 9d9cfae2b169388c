"""FastAPI dependencies shared by every router: settings, the per-request session, idempotency."""
from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Annotated, Any

import anyio
from fastapi import Depends, Header, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from myg_app.server import idempotency
from myg_app.server.config import Settings
from myg_app.server.fanout import attach, current_hub


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


# Dependencies that do no I/O are `async def`: FastAPI runs a plain `def` dependency in the
# thread pool, and every such hop (queue, thread wake-up, the GIL handed back and forth) costs
# more than the dependency itself: about a tenth of a booking's CPU under load (py-spy).
async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One Session per request, committed on success. Use only this one inside a request: on
    SQLite every transaction holds the write lock (BEGIN IMMEDIATE), so a second session in
    the same request would wait for the first until busy_timeout.

    Opening a Session does no I/O (it connects on first use), so it happens on the event loop;
    only while the database is still being prepared at start-up does it wait, in a thread.
    The commit and the close (which returns the connection) are one trip to a thread."""
    maker = request.app.state.sessionmaker
    readiness = getattr(maker, "readiness", None)
    if readiness is None or readiness.ready:
        session = maker()
    else:
        session = await run_in_threadpool(maker)
    try:
        yield session
    except BaseException:
        with anyio.CancelScope(shield=True):  # a cancelled request still gives its connection back
            await run_in_threadpool(_finish, session, False)
        raise
    await run_in_threadpool(_finish, session, True)


def _finish(session: Session, commit: bool) -> None:
    try:
        if commit:
            session.commit()
    finally:
        session.close()  # rolls back whatever was not committed


SettingsDep = Annotated[Settings, Depends(get_settings)]
# scope="function": commit before the response is sent, so a failed commit is reported as an
# error instead of after a success answer already went out.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


async def live_session(request: Request, session: SessionDep) -> Session:
    """The request's session, whose committed live events (fanout.emit) reach this process's
    open connections (SQLite; PostgreSQL delivers them by NOTIFY)."""
    return attach(session, current_hub(request.app))


LiveSessionDep = Annotated[Session, Depends(live_session)]
IdempotencyKeyHeader = Annotated[
    str | None,
    Header(alias="Idempotency-Key", min_length=1, max_length=255,
           description="재시도해도 한 번만 처리되도록 하는 고유 키 (예: UUID)"),
]


def idempotency_claim(request: Request, settings: Settings, key: str | None, scope: str,
                      body: BaseModel) -> idempotency.Claim | None:
    """The claim for this request, or None when the client sent no Idempotency-Key."""
    if key is None:
        return None
    assert settings.secret_key
    return idempotency.Claim(
        key=key, scope=scope, method=request.method, path=request.url.path,
        request_hash=idempotency.fingerprint(settings.secret_key, body.model_dump_json()),
    )


def replay(stored: idempotency.Stored) -> Response:
    return Response(stored.body, status_code=stored.status_code, media_type="application/json",
                    headers={"Idempotent-Replayed": "true"})


@dataclass(frozen=True, slots=True)
class Created:
    """A creating action's answer with a status other than the route's default (e.g. 200 for
    "you already have one open")."""

    body: BaseModel
    status: int = 201


def user_scope(user: Any | None) -> str:
    """Whose keys these are: a citizen's own, or the shared anonymous scope."""
    return f"user:{user.id}" if user is not None else idempotency.ANONYMOUS


class Once:
    """`once: OnceDep`, then `return once(scope, body, lambda: create(...))`: the one way a
    creating endpoint honours `Idempotency-Key` (see idempotency.once). A retry or a parallel
    duplicate gets the first answer with `Idempotent-Replayed: true`."""

    def __init__(self, request: Request, session: Session, settings: Settings,
                 idempotency_key: str | None = None):
        self.request, self.session, self.settings = request, session, settings
        self.key = idempotency_key

    def __call__(self, scope: str, body: BaseModel, make: Callable[[], Any], *,
                 status: int = 201,
                 remember: Callable[[Any], str] | None = None,
                 on_replay: Callable[[idempotency.Stored], Response] | None = None) -> Any:
        """`remember` picks what to store (default: the answer itself); `on_replay` rebuilds a
        replayed answer from it (e.g. fresh tokens instead of stored ones)."""
        claim = idempotency_claim(self.request, self.settings, self.key, scope, body)

        def encode(result: Any) -> tuple[int, str]:
            out, code = (result.body, result.status) if isinstance(result, Created) else (result, status)
            return code, (remember(out) if remember else out.model_dump_json())

        result = idempotency.once(self.session, claim, make, encode)
        if isinstance(result, idempotency.Stored):
            return (on_replay or replay)(result)
        if isinstance(result, Created):
            return JSONResponse(result.body.model_dump(mode="json"), status_code=result.status)
        return result


async def once_dep(request: Request, session: SessionDep, settings: SettingsDep,
                   idempotency_key: IdempotencyKeyHeader = None) -> Once:
    # Not `Depends()` on the class: FastAPI would construct it in the thread pool.
    return Once(request, session, settings, idempotency_key)


OnceDep = Annotated[Once, Depends(once_dep)]
