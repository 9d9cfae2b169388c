"""The request id of the request being served, for log lines and problem bodies.

Taken from the proxy's `X-Request-ID` when it is sane, made here otherwise. A contextvar: it
follows the request into the thread pool (anyio copies the context) and into a streaming body,
and is unset in background jobs."""
from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")

request_id_var: ContextVar[str | None] = ContextVar("myg_request_id", default=None)


def current_request_id() -> str | None:
    return request_id_var.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def sane_request_id(value: str | bytes | None) -> str | None:
    """The proxy's id if it is at most 64 of [A-Za-z0-9._-]; None otherwise (never logged as is:
    a header is client input)."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return value if _SANE.fullmatch(value) else None
