"""FastAPI dependencies shared by every router: settings, the per-request session, idempotency."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from myg_app.server import idempotency
from myg_app.server.config import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_session(request: Request) -> Iterator[Session]:
    """One Session per request, committed on success. Use only this one inside a request: on
    SQLite every transaction holds the write lock (BEGIN IMMEDIATE), so a second session in
    the same request would wait for the first until busy_timeout."""
    session = request.app.state.sessionmaker()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


SettingsDep = Annotated[Settings, Depends(get_settings)]
# scope="function": commit before the response is sent, so a failed commit is reported as an
# error instead of after a success answer already went out.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
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
