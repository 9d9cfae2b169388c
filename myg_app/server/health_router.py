from __future__ import annotations

import asyncio

from fastapi import APIRouter, FastAPI, Request
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from myg_app.contracts.common import Health, Liveness
from myg_app.server import __version__
from myg_app.server.db import read_only_session
from myg_app.server.problems import AppError, problem_responses

router = APIRouter(tags=["health"])

READY_TIMEOUT_S = 2.0  # a readiness probe answers within this, whatever the database does


def _unavailable() -> AppError:
    return AppError(503, "database_unavailable",
                    "데이터베이스에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.")


@router.get("/health", response_model=Health, responses=problem_responses(503),
            summary="서버 상태")
def health(request: Request) -> Health:
    # Answer at once while the database is still being prepared (no waiting in a health probe).
    request.app.state.readiness.check(timeout=0)
    with request.app.state.sessionmaker() as session:
        return _probe(session)


def _probe(session) -> Health:
    try:
        session.execute(text("SELECT 1"))
    except Exception:
        raise _unavailable() from None
    return Health(status="ok", version=__version__, database=session.get_bind().dialect.name)


@router.get("/health/live", response_model=Liveness, summary="프로세스 상태 (liveness)")
async def live() -> Liveness:
    """The process answers: never touches the database (a restart would not help it)."""
    return Liveness(status="ok", version=__version__)


@router.get("/health/ready", response_model=Health, responses=problem_responses(503),
            summary="요청을 받을 준비 (readiness: 마이그레이션·데이터 준비, 데이터베이스 응답)")
async def ready(request: Request) -> Health:
    """503 until migrations and demo data are done, and while the database does not answer
    `SELECT 1` within READY_TIMEOUT_S."""
    request.app.state.readiness.check(timeout=0)
    try:
        dialect = await asyncio.wait_for(asyncio.shield(_select_one(request.app)),
                                         READY_TIMEOUT_S)
    except Exception:
        raise _unavailable() from None
    return Health(status="ok", version=__version__, database=dialect)


def _select_one(app: FastAPI) -> asyncio.Future[str]:
    """One probe at a time: while a stuck one runs (a thread cannot be cancelled), later probes
    wait for the same one instead of piling up threads."""
    running = getattr(app.state, "ready_probe", None)
    if running is None or running.done() or running.get_loop() is not asyncio.get_running_loop():
        engine = app.state.engine

        def probe() -> str:
            # Read-only: on SQLite this does not queue for the write lock behind a long write.
            with read_only_session(engine) as session:
                session.execute(text("SELECT 1"))
            return engine.dialect.name

        running = app.state.ready_probe = asyncio.ensure_future(run_in_threadpool(probe))
        # Retrieved here too: a probe that fails after its callers gave up is not an error.
        running.add_done_callback(lambda f: f.cancelled() or f.exception())
    return running
