from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import text

from myg_app.contracts.common import Health
from myg_app.server import __version__
from myg_app.server.problems import AppError, problem_responses

router = APIRouter(tags=["health"])


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
        raise AppError(503, "database_unavailable",
                       "데이터베이스에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.") from None
    return Health(status="ok", version=__version__, database=session.get_bind().dialect.name)
