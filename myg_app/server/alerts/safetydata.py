"""Adapter for the national 긴급재난문자 API of 행정안전부 (재난안전데이터공유플랫폼 safetydata.go.kr,
DSSP-IF-00247).

- GET {base}/V2/api/DSSP-IF-00247?serviceKey=…&returnType=json&pageNo=1&numOfRows=100
  &crtDt=YYYYMMDD[&rgnNm=…]
- answer: {"header": {"resultMsg", "resultCode", "errorMsg"}, "numOfRows", "pageNo",
  "totalCount", "body": [message, …]}; a message has SN (int), MSG_CN (the text), RCPTN_RGN_NM
  (comma-separated areas, often with a trailing space), CRT_DT ("YYYY/MM/DD HH:MM:SS", Korean
  time), REG_YMD, MDFCN_YMD, EMRG_STEP_NM (안전안내 / 긴급재난 / 위급재난), DST_SE_NM (the
  disaster type).
- errors: the same envelope with `body` null and a resultCode other than "00", e.g.
  {"header": {"resultMsg": "SERVICE KEY IS NOT REGISTERED ERROR", "resultCode": "30", …},
  "body": null}. The codes are the 공공데이터 standard ones (CODE_MESSAGES below). "03"
  (NODATA_ERROR) means "no message that day": an empty list, not an error. A gateway in front
  may answer XML (<returnReasonCode>/<returnAuthMsg>); that is read as the same codes.
- quirks tolerated: `body` null with a success header (no message), a single message object
  instead of a list, SN or totalCount as strings.

The service key travels in the query string: it never goes into a SafetyDataError or a log line
of ours, and httpx's own "HTTP Request: GET …?serviceKey=…" line is redacted by the filter that
server/portal_keys.py installs on the httpx loggers.
"""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple, Self
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import httpx
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# The key handling every public data portal adapter shares (and, on import, the httpx log
# filter): the same serviceKey-in-the-query scheme as 보조금24.
from myg_app.server.portal_keys import normalise_key, redact, retry_after

log = logging.getLogger(__name__)

PATH = "/V2/api/DSSP-IF-00247"
SEOUL = ZoneInfo("Asia/Seoul")
# Most severe first.
LEVELS = ("위급재난", "긴급재난", "안전안내")
OK_CODES = frozenset({"00", "0"})
NODATA_CODE = 3
# Server-side faults worth another try (the HTTP status may still be 200).
TRANSIENT_CODES = frozenset({1, 2, 4, 5})

# The 공공데이터 standard result codes, worded for the operator who runs the poller.
CODE_MESSAGES = {
    1: "재난문자 API 서버 내부 오류입니다. 잠시 후 다시 시도하세요",
    2: "재난문자 API 데이터베이스 오류입니다. 잠시 후 다시 시도하세요",
    4: "재난문자 API 서버의 HTTP 오류입니다. 잠시 후 다시 시도하세요",
    5: "재난문자 API 서버의 처리 시간이 초과되었습니다. 잠시 후 다시 시도하세요",
    10: "요청 파라미터가 올바르지 않습니다",
    11: "필수 요청 파라미터가 빠졌습니다",
    12: "없는 API 서비스입니다. API 주소(/V2/api/DSSP-IF-00247)를 확인하세요",
    20: "이 인증키로는 이 API를 쓸 수 없습니다. safetydata.go.kr에서 「긴급재난문자」 활용신청 승인 "
        "여부를 확인하세요",
    21: "일시적으로 사용할 수 없는 인증키입니다. 잠시 후 다시 시도하세요",
    22: "트래픽 허용 횟수를 초과했습니다. poll_seconds를 늘리거나 safetydata.go.kr에서 트래픽 증가를 "
        "신청하세요",
    30: "인증키가 등록되지 않았습니다. 재난안전데이터공유플랫폼(safetydata.go.kr)에서 「긴급재난문자」 "
        "활용신청·승인 여부와 MYG_SAFETYDATA_SERVICE_KEY 값을 확인하세요",
    31: "인증키의 활용기간이 만료되었습니다. safetydata.go.kr에서 연장하세요",
    32: "등록되지 않은 IP에서 호출했습니다. safetydata.go.kr에서 IP 등록을 확인하세요",
    99: "재난문자 API가 알 수 없는 오류를 알렸습니다",
}


class SafetyDataSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MYG_SAFETYDATA_", extra="ignore")

    # repr=False: the key must never reach a log line or a traceback.
    service_key: str | None = Field(default=None, repr=False)
    base_url: str = "https://www.safetydata.go.kr"
    timeout_s: float = Field(default=10.0, gt=0)
    retries: int = Field(default=3, ge=0)
    poll_seconds: float = Field(default=60.0, gt=0)
    rows: int = Field(default=100, ge=1)  # numOfRows


class SafetyDataError(Exception):
    """A failed call. `status`: the HTTP status (None when no answer came: timeout, refused
    connection); `code`: the header's resultCode as an int (30 …) or None; `message`: Korean,
    for the operator; `reason`: the API's own resultMsg (redacted)."""

    def __init__(self, message: str, *, status: int | None = None, code: int | None = None,
                 reason: str | None = None, retry_after: float | None = None):
        self.message = message
        self.status = status
        self.code = code
        self.reason = reason
        self.retry_after = retry_after
        super().__init__(self.__str__())

    def __str__(self) -> str:
        tags = []
        if self.code is not None:
            tags.append(f"safetydata {self.code:02d}")
        if self.reason:
            tags.append(self.reason)
        if self.status is not None:
            tags.append(f"HTTP {self.status}")
        return self.message + (f" ({', '.join(tags)})" if tags else "")

    @property
    def retryable(self) -> bool:
        if self.code is not None:  # the API named the fault: a key or quota one stays
            return self.code in TRANSIENT_CODES
        return self.status is None or self.status >= 500 or self.status == 429


# messages ---------------------------------------------------------------------------------

_DATETIME = re.compile(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})"
                       r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?")


def parse_time(value: Any) -> datetime | None:
    """"2025/06/25 13:09:14" (or "2025/06/25 13:09:20.000000000", or with dashes), Korean time,
    as an aware datetime; None when it is not such a value."""
    m = _DATETIME.fullmatch(str(value or "").strip())
    if not m:
        return None
    y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
    try:
        return datetime(y, mo, d, h, mi, s, tzinfo=SEOUL)
    except ValueError:
        return None


def split_regions(value: Any) -> tuple[str, ...]:
    """RCPTN_RGN_NM's areas, stripped (inner runs of spaces made one), empty ones dropped."""
    return tuple(" ".join(part.split()) for part in str(value or "").split(",") if part.strip())


@dataclass(frozen=True)
class DisasterMessage:
    sn: int
    text: str
    regions: tuple[str, ...]
    created_at: datetime  # aware, Asia/Seoul
    level: str  # 위급재난 | 긴급재난 | 안전안내; an unknown level is kept as given
    kind: str  # DST_SE_NM: 지진, 호우, 기타 …
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_api(cls, row: Mapping[str, Any]) -> Self:
        """One body item; ValueError when it has no usable SN or time (CRT_DT, else REG_YMD)."""
        try:
            sn = int(str(row.get("SN")).strip())
        except ValueError:
            raise ValueError(f"no usable SN: {row.get('SN')!r}") from None
        created = parse_time(row.get("CRT_DT")) or parse_time(row.get("REG_YMD"))
        if created is None:
            raise ValueError(f"SN {sn}: no usable CRT_DT: {row.get('CRT_DT')!r}")
        return cls(sn=sn, text=str(row.get("MSG_CN") or "").strip(),
                   regions=split_regions(row.get("RCPTN_RGN_NM")), created_at=created,
                   level=str(row.get("EMRG_STEP_NM") or "").strip(),
                   kind=str(row.get("DST_SE_NM") or "").strip(), raw=dict(row))


def new_messages(messages: Iterable[DisasterMessage],
                 seen_sns: Container[int]) -> list[DisasterMessage]:
    """The messages whose SN is not in `seen_sns`, each SN once (its first occurrence), oldest
    first (created_at, then SN). `seen_sns` is not changed: the caller records what it sent. A
    message edited later (same SN, new MDFCN_YMD) is not new."""
    out: dict[int, DisasterMessage] = {}
    for m in messages:
        if m.sn not in seen_sns and m.sn not in out:
            out[m.sn] = m
    return sorted(out.values(), key=lambda m: (m.created_at, m.sn))


# the client -------------------------------------------------------------------------------

class Page(NamedTuple):
    messages: list[DisasterMessage]
    total: int | None  # totalCount, when the answer said
    size: int  # body items on the page, unusable ones included (for the paging arithmetic)


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _xml_error(text: str) -> tuple[int | None, str | None]:
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return None, None
    code = root.findtext(".//returnReasonCode") or root.findtext(".//resultCode")
    reason = root.findtext(".//returnAuthMsg") or root.findtext(".//resultMsg")
    return _int(code), (reason or "").strip() or None


class SafetyDataClient:
    def __init__(self, base_url: str, service_key: str, *, timeout_s: float = 10.0,
                 retries: int = 3, rows: int = 100,
                 transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep, backoff_s: float = 0.5,
                 max_pages: int = 100):
        if not service_key or not service_key.strip():
            raise SafetyDataError("재난문자 API 인증키가 비어 있습니다")
        self._key = normalise_key(service_key)
        self.base_url = base_url.rstrip("/")
        self.retries = max(0, retries)
        self.rows = max(1, rows)
        self._sleep = sleep
        self._backoff_s = backoff_s
        self._max_pages = max_pages
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout_s,
                                  transport=transport,
                                  headers={"Accept": "application/json"})

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SafetyDataClient(base_url={self.base_url!r}, service_key=***)"

    # walking ----------------------------------------------------------------------------

    def fetch(self, day: date, page: int = 1, *,
              region: str | None = None) -> list[DisasterMessage]:
        """The messages created on `day` (Korean date), from `page` on until totalCount items
        were seen or a page came back empty; each SN once (a message that shifted across a page
        boundary while we walked is kept once). `region`: the API's rgnNm filter."""
        out: list[DisasterMessage] = []
        sns: set[int] = set()
        seen = (page - 1) * self.rows
        for number in range(page, page + self._max_pages):
            got = self.fetch_page(day, number, region=region)
            for m in got.messages:
                if m.sn not in sns:
                    sns.add(m.sn)
                    out.append(m)
            seen += got.size
            if got.size == 0 or (got.total is not None and seen >= got.total) \
                    or (got.total is None and got.size < self.rows):
                return out
        raise SafetyDataError(f"{self._max_pages}쪽을 넘었습니다. numOfRows(rows) 값을 확인하세요")

    def fetch_page(self, day: date, page: int = 1, *, region: str | None = None) -> Page:
        """One page, retried on timeouts, connection errors, 5xx, 429 and the API's transient
        result codes. Items without a usable SN or time are logged and left out."""
        params: dict[str, Any] = {"serviceKey": self._key, "returnType": "json",
                                  "pageNo": page, "numOfRows": self.rows,
                                  "crtDt": day.strftime("%Y%m%d")}
        if region:
            params["rgnNm"] = region
        env = self._retrying(params)
        items = env.get("body")
        if items is None:
            items = []
        elif isinstance(items, Mapping):
            items = [items]  # a lone message, not in a list
        elif not isinstance(items, list):
            raise SafetyDataError("재난문자 API 응답 형식이 예상과 다릅니다 (body가 목록이 아님)")
        messages = []
        for row in items:
            if not isinstance(row, Mapping):
                log.warning("safetydata %s page %d: an item that is not an object, skipped",
                            params["crtDt"], page)
                continue
            try:
                messages.append(DisasterMessage.from_api(row))
            except ValueError as e:
                log.warning("safetydata %s page %d: %s; skipped", params["crtDt"], page, e)
        return Page(messages, _int(env.get("totalCount")), len(items))

    # one request ------------------------------------------------------------------------

    def _retrying(self, params: dict[str, Any]) -> dict[str, Any]:
        attempt = 0
        while True:
            try:
                return self._once(params)
            except SafetyDataError as e:
                if not e.retryable or attempt >= self.retries:
                    raise
                delay = self._backoff_s * 2 ** attempt
                if e.retry_after is not None:
                    delay = max(delay, min(e.retry_after, 30.0))
                attempt += 1
                log.warning("safetydata %s page %s: %s; retry %d/%d in %.1fs",
                            params["crtDt"], params["pageNo"], e, attempt, self.retries, delay)
                self._sleep(delay)

    def _once(self, params: dict[str, Any]) -> dict[str, Any]:
        try:
            r = self._http.get(PATH, params=params)
        except httpx.TimeoutException as e:
            raise SafetyDataError(f"재난문자 API가 응답하지 않습니다 ({type(e).__name__})") from None
        except httpx.HTTPError as e:
            # No `from e`: httpx's exception may carry the request URL, key included.
            raise SafetyDataError(
                f"재난문자 API에 연결하지 못했습니다 ({type(e).__name__})") from None
        return self._envelope(r)

    def _error(self, code: int | None, reason: str | None, status: int,
               r: httpx.Response) -> SafetyDataError:
        reason = redact(reason, self._key)[:120] if reason else None
        message = CODE_MESSAGES.get(code) if code is not None else None
        if message is None:
            message = "재난문자 API 오류입니다" + (f": {reason}" if reason else "")
        return SafetyDataError(message, status=status, code=code, reason=reason,
                               retry_after=retry_after(r))

    def _envelope(self, r: httpx.Response) -> dict[str, Any]:
        status = r.status_code
        try:
            body = r.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            if r.text.lstrip().startswith("<"):
                code, reason = _xml_error(r.text)
                if code is not None or reason is not None:
                    raise self._error(code, reason, status, r)
            if status >= 300:
                raise SafetyDataError(
                    f"재난문자 API 오류 응답입니다 (본문: {redact(r.text, self._key)[:80]!r})",
                    status=status, retry_after=retry_after(r))
            raise SafetyDataError("재난문자 API가 JSON 봉투가 아닌 응답을 보냈습니다", status=status)
        header = body.get("header")
        if isinstance(header, Mapping) and header.get("resultCode") is not None:
            raw = str(header["resultCode"]).strip()
            code = _int(raw)
            if raw not in OK_CODES and code != 0:
                if code == NODATA_CODE and status < 300:
                    return {**body, "body": [], "totalCount": 0}
                reason = header.get("resultMsg") or header.get("errorMsg")
                raise self._error(code, str(reason) if reason else None, status, r)
        elif "body" not in body:
            raise SafetyDataError("재난문자 API 응답 형식이 예상과 다릅니다 (header·body 없음)",
                                  status=status)
        if status >= 300:
            raise SafetyDataError("재난문자 API가 오류 상태로 응답했습니다", status=status,
                                  retry_after=retry_after(r))
        return body


def from_settings(settings: SafetyDataSettings | None = None, *,
                  transport: httpx.BaseTransport | None = None,
                  sleep: Callable[[float], None] = time.sleep) -> SafetyDataClient:
    settings = settings or SafetyDataSettings()
    if not settings.service_key or not settings.service_key.strip():
        raise SafetyDataError("재난문자 API 인증키가 설정되지 않았습니다. 재난안전데이터공유플랫폼"
                              "(safetydata.go.kr)에서 「긴급재난문자」(DSSP-IF-00247)를 활용신청해 받은 "
                              "인증키를 환경변수 MYG_SAFETYDATA_SERVICE_KEY에 넣으세요")
    return SafetyDataClient(settings.base_url, settings.service_key,
                            timeout_s=settings.timeout_s, retries=settings.retries,
                            rows=settings.rows, transport=transport, sleep=sleep)
