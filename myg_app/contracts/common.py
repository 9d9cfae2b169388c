from __future__ import annotations

from pydantic import BaseModel, Field


class FieldError(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details, with a stable machine `code` and a Korean `detail`."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    code: str
    instance: str | None = None
    errors: list[FieldError] = Field(default_factory=list)
    # The request's id (X-Request-ID): quoted to the help desk, it finds the server's log lines.
    request_id: str | None = None


class Health(BaseModel):
    status: str
    version: str
    database: str


class Liveness(BaseModel):
    status: str
    version: str
