"""The one domain error. Services and routers raise it; problems.py turns it into problem+json.

FastAPI-free on purpose: services raise it without importing the web layer, and the chat
WebSocket turns the same error into an error frame.
"""
from __future__ import annotations

from myg_app.contracts.common import FieldError


class AppError(Exception):
    """An expected failure a citizen can act on: HTTP status, stable `code`, Korean `detail`.

    `field` names the one input at fault (it becomes the problem's `errors` entry); `errors`
    lists several. Subclasses may set `status`, `code` and `detail` as class defaults
    (see payments/errors.py).
    """

    status: int = 400
    code: str = "error"
    detail: str = "요청을 처리할 수 없습니다."

    def __init__(self, status: int | None = None, code: str | None = None,
                 detail: str | None = None, field: str | None = None, *,
                 errors: list[FieldError] | None = None,
                 headers: dict[str, str] | None = None):
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code
        if detail is not None:
            self.detail = detail
        super().__init__(self.code)
        if errors is None and field:
            errors = [FieldError(field=field, message=self.detail)]
        self.errors = errors or []
        self.headers = headers

    def __repr__(self) -> str:
        return f"AppError({self.status}, {self.code!r})"
