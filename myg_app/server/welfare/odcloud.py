"""Adapter for the national 보조금24 open API (행정안전부 「대한민국 공공서비스(혜택) 정보」, odcloud
`gov24/v3`).

- GET {base}/gov24/v3/serviceList, /gov24/v3/serviceDetail, /gov24/v3/supportConditions
- query: page, perPage, returnType=JSON, serviceKey (the data.go.kr 인증키)
- answer: {"page", "perPage", "totalCount", "currentCount", "matchCount", "data": [...]}
- errors: {"code": <negative int>, "msg": "..."}: -1 server error, -2 bad parameter,
  -3 unregistered service (wrong path/version), -4 unregistered key (HTTP 401), -9 ended
  service, -10 traffic limit, -401 invalid key. The data.go.kr gateway in front may instead
  answer HTTP 200 with an XML <OpenAPI_ServiceResponse> whose <returnAuthMsg> names the fault
  (SERVICE_KEY_IS_NOT_REGISTERED_ERROR ...). Anything that is not the JSON envelope is an
  error, never an empty catalogue.

The service key travels in the query string, so it is in every request URL: it never goes
into an OdcloudError, a log line of ours, or (through the filter below) httpx's own
"HTTP Request: GET ..." log line.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any, Self
from xml.etree import ElementTree

import httpx
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from myg_app.server.portal_keys import normalise_key, redact, retry_after
from myg_app.server.welfare import records

log = logging.getLogger(__name__)

OPERATIONS = ("serviceList", "serviceDetail", "supportConditions")
PATH = "/gov24/v3/"

# odcloud's result codes, worded for the operator who runs the import.
CODE_MESSAGES = {
    -1: "보조금24 API 서버 내부 오류입니다. 잠시 후 다시 시도하세요",
    -2: "요청 파라미터가 올바르지 않습니다",
    -3: "등록되지 않은 서비스입니다. API 주소(gov24/v3)를 확인하세요",
    -4: "인증키가 등록되지 않았습니다. data.go.kr에서 「공공서비스(혜택) 정보」 활용신청·승인 여부와 "
        "MYG_GOV24_SERVICE_KEY 값을 확인하세요",
    -9: "종료된 서비스입니다. data.go.kr에서 API 제공 상태를 확인하세요",
    -10: "트래픽 허용 횟수를 초과했습니다. 내일 다시 시도하거나 data.go.kr에서 트래픽 증가를 신청하세요",
    -401: "유효하지 않은 인증키입니다. MYG_GOV24_SERVICE_KEY 값을 확인하세요",
}
# The data.go.kr gateway's <returnAuthMsg> values, mapped onto odcloud's codes where they mean
# the same; (code, message).
GATEWAY_MESSAGES = {
    "SERVICE_KEY_IS_NOT_REGISTERED_ERROR": (-4, CODE_MESSAGES[-4]),
    "SERVICE_ACCESS_DENIED_ERROR": (-4, "이 인증키로는 이 API를 쓸 수 없습니다. 활용신청 승인 여부를 확인하세요"),
    "DEADLINE_HAS_EXPIRED_ERROR": (-4, "인증키의 활용기간이 만료되었습니다. data.go.kr에서 연장하세요"),
    "UNREGISTERED_IP_ERROR": (-4, "등록되지 않은 IP에서 호출했습니다. data.go.kr에서 IP 등록을 확인하세요"),
    "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR": (-10, CODE_MESSAGES[-10]),
    "NO_OPENAPI_SERVICE_ERROR": (-3, CODE_MESSAGES[-3]),
}

class Gov24Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MYG_GOV24_", extra="ignore")

    # repr=False: the key must never reach a log line or a traceback.
    service_key: str | None = Field(default=None, repr=False)
    base_url: str = "https://api.odcloud.kr/api"
    timeout_s: float = Field(default=10.0, gt=0)
    retries: int = Field(default=3, ge=0)
    per_page: int = Field(default=500, ge=1)


class OdcloudError(Exception):
    """A failed call. `status`: the HTTP status (None when no answer came: timeout, refused
    connection); `code`: odcloud's result code (-4 …) or None; `message`: Korean, for the
    operator; `reason`: the gateway's returnAuthMsg when the answer was the XML kind."""

    def __init__(self, message: str, *, status: int | None = None, code: int | None = None,
                 reason: str | None = None, operation: str | None = None,
                 retry_after: float | None = None):
        self.status = status
        self.retry_after = retry_after
        self.code = code
        self.reason = reason
        self.operation = operation
        self.message = message
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f"[{self.operation}] " if self.operation else ""
        tags = []
        if self.code is not None:
            tags.append(f"odcloud {self.code}")
        if self.reason:
            tags.append(self.reason)
        if self.status is not None:
            tags.append(f"HTTP {self.status}")
        return f"{where}{self.message}" + (f" ({', '.join(tags)})" if tags else "")

    @property
    def retryable(self) -> bool:
        return self.status is None or self.status >= 500 or self.status == 429


def _xml_error(text: str) -> tuple[int | None, str, str | None]:
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return None, "보조금24 API가 JSON이 아닌 응답을 보냈습니다", None
    auth = (root.findtext(".//returnAuthMsg") or "").strip() or None
    err = (root.findtext(".//errMsg") or "").strip()
    if auth in GATEWAY_MESSAGES:
        code, message = GATEWAY_MESSAGES[auth]
        return code, message, auth
    detail = auth or err or root.tag
    return None, f"보조금24 API 게이트웨이 오류입니다: {detail[:100]}", auth


class OdcloudClient:
    def __init__(self, base_url: str, service_key: str, *, timeout_s: float = 10.0,
                 retries: int = 3, per_page: int = 500,
                 transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep, backoff_s: float = 0.2,
                 max_pages: int = 10_000):
        if not service_key or not service_key.strip():
            raise OdcloudError("보조금24 인증키가 비어 있습니다")
        self._key = normalise_key(service_key)
        self.base_url = base_url.rstrip("/")
        self.retries = max(0, retries)
        self.per_page = max(1, per_page)
        self._sleep = sleep
        self._backoff_s = backoff_s
        self._max_pages = max_pages
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout_s,
                                  transport=transport,
                                  headers={"Accept": "application/json"})
        # Per operation, what the last walk saw: {"collected", "expected", "pages"}.
        self.last_walk: dict[str, dict[str, int]] = {}

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"OdcloudClient(base_url={self.base_url!r}, service_key=***)"

    # one page -------------------------------------------------------------------------

    def page(self, operation: str, page: int, per_page: int | None = None) -> dict[str, Any]:
        """One envelope, retried on timeouts, connection errors, 5xx and 429."""
        if operation not in OPERATIONS:
            raise ValueError(f"unknown gov24 operation: {operation}")
        params = {"page": page, "perPage": per_page or self.per_page, "returnType": "JSON",
                  "serviceKey": self._key}
        attempt = 0
        while True:
            try:
                return self._once(operation, params)
            except OdcloudError as e:
                if not e.retryable or attempt >= self.retries:
                    raise
                delay = self._backoff_s * 2 ** attempt
                if e.retry_after is not None:
                    delay = max(delay, min(e.retry_after, 30.0))
                attempt += 1
                log.warning("gov24 %s page %d: %s; retry %d/%d in %.1fs", operation, page,
                            e, attempt, self.retries, delay)
                self._sleep(delay)

    def _once(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        try:
            r = self._http.get(PATH + operation, params=params)
        except httpx.TimeoutException as e:
            raise OdcloudError(f"보조금24 API가 응답하지 않습니다 ({type(e).__name__})",
                               operation=operation) from None
        except httpx.HTTPError as e:
            # No `from e`: httpx's exception may carry the request URL, key included.
            raise OdcloudError(f"보조금24 API에 연결하지 못했습니다 ({type(e).__name__})",
                               operation=operation) from None
        return self._envelope(operation, r)

    def _envelope(self, operation: str, r: httpx.Response) -> dict[str, Any]:
        status = r.status_code
        try:
            body = r.json()
        except ValueError:
            body = None
        if body is None:
            code, message, reason = _xml_error(r.text) if r.text.lstrip().startswith("<") \
                else (None, "보조금24 API가 JSON이 아닌 응답을 보냈습니다", None)
            if status >= 400 and reason is None and code is None:
                message = f"보조금24 API 오류 응답입니다 (본문: {redact(r.text, self._key)[:80]!r})"
            raise OdcloudError(message, status=status, code=code, reason=reason,
                               operation=operation, retry_after=retry_after(r))
        if isinstance(body, dict) and isinstance(body.get("code"), int) and "data" not in body:
            code = body["code"]
            message = CODE_MESSAGES.get(code) or "보조금24 API 오류입니다: " + redact(
                str(body.get("msg") or ""), self._key)[:120]
            raise OdcloudError(message, status=status, code=code, operation=operation,
                               retry_after=retry_after(r))
        if status >= 300:
            raise OdcloudError("보조금24 API가 오류 상태로 응답했습니다", status=status,
                               operation=operation, retry_after=retry_after(r))
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            raise OdcloudError("보조금24 API 응답 형식이 예상과 다릅니다 (data 목록 없음)",
                               status=status, operation=operation)
        return body

    # walking --------------------------------------------------------------------------

    def pages(self, operation: str) -> Iterator[list[dict[str, Any]]]:
        """The `data` of page 1, 2, … until as many records as the answer's count
        (matchCount, else totalCount, read from the latest page) are collected, or a page
        comes back empty. `last_walk[operation]` tells afterwards how it ended."""
        collected = 0
        expected: int | None = None
        walk = {"collected": 0, "expected": -1, "pages": 0}
        self.last_walk[operation] = walk
        for number in range(1, self._max_pages + 1):
            env = self.page(operation, number)
            data = [row for row in env["data"] if isinstance(row, dict)]
            count = env.get("matchCount")
            if not isinstance(count, int):
                count = env.get("totalCount")
            if isinstance(count, int):
                expected = count
            walk["pages"] = number
            walk["expected"] = expected if expected is not None else -1
            if not data:
                return
            collected += len(data)
            walk["collected"] = collected
            yield data
            if expected is None or collected >= expected:
                return
        raise OdcloudError(f"{self._max_pages}쪽을 넘었습니다. perPage 값을 확인하세요",
                           operation=operation)

    def fetch_all(self, operation: str, *, complete: bool = True) -> list[dict[str, Any]]:
        """Every record of one operation, once per 서비스ID (a record that shifted across a
        page boundary while we walked is kept once). With `complete`, a walk that ended short
        of the announced count raises: a truncated catalogue must not look like a catalogue in
        which services ended."""
        out: list[dict[str, Any]] = []
        seen: set[str] = set()
        missing_id = 0
        for data in self.pages(operation):
            for row in data:
                sid = row.get("서비스ID")
                if sid in (None, ""):
                    missing_id += 1
                    continue
                if str(sid) in seen:
                    continue
                seen.add(str(sid))
                out.append(row)
        if missing_id:
            log.warning("gov24 %s: %d records without 서비스ID skipped", operation, missing_id)
        expected = self.last_walk[operation]["expected"]
        if complete and expected >= 0 and len(out) + missing_id < expected:
            raise OdcloudError(f"목록을 끝까지 받지 못했습니다: {len(out)}/{expected}건",
                               operation=operation)
        return out

    def fetch_catalogue(self) -> list[dict[str, Any]]:
        """All three operations, joined by 서비스ID into our record dicts
        (records.join_api): one per serviceList row."""
        rows = self.fetch_all("serviceList")
        details = self.fetch_all("serviceDetail")
        conds = self.fetch_all("supportConditions")
        log.info("gov24: %d services, %d details, %d condition records", len(rows),
                 len(details), len(conds))
        return records.join_api(rows, details, conds)


def from_settings(settings: Gov24Settings | None = None, *,
                  transport: httpx.BaseTransport | None = None,
                  sleep: Callable[[float], None] = time.sleep) -> OdcloudClient:
    settings = settings or Gov24Settings()
    if not settings.service_key or not settings.service_key.strip():
        raise OdcloudError("보조금24 인증키가 설정되지 않았습니다. data.go.kr에서 「행정안전부_대한민국 "
                           "공공서비스(혜택) 정보」를 활용신청해 받은 일반 인증키를 환경변수 "
                           "MYG_GOV24_SERVICE_KEY에 넣으세요")
    return OdcloudClient(settings.base_url, settings.service_key, timeout_s=settings.timeout_s,
                         retries=settings.retries, per_page=settings.per_page,
                         transport=transport, sleep=sleep)
