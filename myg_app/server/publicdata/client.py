"""The client base every national public-data adapter shares (기상청 단기예보, TAGO 버스, 병원 정보
…): the APIs behind 공공데이터포털 (apis.data.go.kr) answer alike, fail alike and are slow alike,
so the handling is written once here and each adapter only says what to ask and how to read it.

- the envelope: {"response": {"header": {"resultCode", "resultMsg"}, "body": {"items": {"item":
  [...]}, "numOfRows", "pageNo", "totalCount"}}} (or the same in XML). `item` may be a list, a
  lone object, "" or missing; the counts may be strings. `resultCode` "03" (NODATA_ERROR) is an
  empty answer, not a failure.
- the gateway in front of every API answers its own errors in XML (an unregistered key, the
  quota): <OpenAPI_ServiceResponse><cmmMsgHeader><returnReasonCode>30</returnReasonCode>…;
  read as the same result codes.
- the standard result codes become Korean messages for the operator (CODE_MESSAGES); 01/02/04/05
  are server faults worth another try, like timeouts, refused connections, 429 and 5xx. A 4xx or
  a key/parameter/quota code is not retried: the next try would fail the same way.
- a cache keyed by request whose expiry the adapter gives (a forecast: until the next
  publication), and the last good answer served, with its age, when the source fails or hangs:
  a screen shows "14:00 발표, 35분 전" rather than an error while the API is down.

The service key travels in the query string (that is how data.go.kr wants it). It never enters
an error, a repr or a log line of ours: errors are built outside the `except` that caught
httpx's exception (which carries the URL, key included), the API's own messages are redacted,
and httpx's "HTTP Request: GET …?serviceKey=…" line is redacted by the log filter that
server/portal_keys.py installs on import.
"""
from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, ClassVar, Generic, Self, TypeVar
from urllib.parse import quote, quote_plus
from xml.etree import ElementTree

import httpx

from myg_app.seoul_time import SEOUL, now_seoul
from myg_app.server.portal_keys import normalise_key, redact, retry_after

log = logging.getLogger(__name__)

T = TypeVar("T")

NODATA = 3
# cached(wait_s=…) with a previous answer at hand waits no longer than this for the new one.
STALE_WAIT_S = 0.25
# Server-side faults: the same request may well succeed a moment later.
TRANSIENT_CODES = frozenset({1, 2, 4, 5})

# The 공공데이터포털 standard result codes as the APIs spell them (resultMsg / returnAuthMsg).
CODE_NAMES = {
    0: "NORMAL_SERVICE",
    1: "APPLICATION_ERROR",
    2: "DB_ERROR",
    3: "NODATA_ERROR",
    4: "HTTP_ERROR",
    5: "SERVICETIME_OUT",
    10: "INVALID_REQUEST_PARAMETER_ERROR",
    11: "NO_MANDATORY_REQUEST_PARAMETERS_ERROR",
    12: "NO_OPENAPI_SERVICE_ERROR",
    20: "SERVICE_ACCESS_DENIED_ERROR",
    21: "TEMPORARILY_DISABLE_THE_SERVICEKEY_ERROR",
    22: "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR",
    30: "SERVICE_KEY_IS_NOT_REGISTERED_ERROR",
    31: "DEADLINE_HAS_EXPIRED_ERROR",
    32: "UNREGISTERED_IP_ERROR",
    33: "UNSIGNED_CALL_ERROR",
    99: "UNKNOWN_ERROR",
}

# Worded for the operator who runs the server; {service}, {product} and {key_env} come from the
# adapter. The sentences avoid a particle right after a name ("기상청 단기예보 API가", never
# "{service}가") so that any name reads correctly.
CODE_MESSAGES = {
    1: "{service} API 서버 내부 오류입니다. 잠시 후 다시 시도하세요",
    2: "{service} API 데이터베이스 오류입니다. 잠시 후 다시 시도하세요",
    3: "{service} API에 요청한 자료가 없습니다",
    4: "{service} API 서버의 HTTP 오류입니다. 잠시 후 다시 시도하세요",
    5: "{service} API 서버의 처리 시간이 초과되었습니다. 잠시 후 다시 시도하세요",
    10: "{service} API 요청 파라미터가 올바르지 않습니다",
    11: "{service} API 필수 요청 파라미터가 빠졌습니다",
    12: "없거나 폐기된 API 서비스입니다. {service} API의 주소(base_url)를 확인하세요",
    20: "이 인증키로는 {service} API를 쓸 수 없습니다. 공공데이터포털(data.go.kr)에서 {product} "
        "활용신청이 승인되었는지 확인하세요",
    21: "일시적으로 사용할 수 없는 인증키입니다. 잠시 후 다시 시도하세요",
    22: "{service} API의 하루 트래픽 허용 횟수를 초과했습니다. 캐시 시간을 늘리거나 "
        "공공데이터포털(data.go.kr)에서 트래픽 증가를 신청하세요",
    30: "등록되지 않은 인증키입니다. 공공데이터포털(data.go.kr)에서 {product} 활용신청·승인 "
        "여부와 {key_env} 값을 확인하세요. 새로 받은 키는 쓸 수 있게 되기까지 한두 시간 걸릴 수 "
        "있습니다",
    31: "인증키의 활용기간이 만료되었습니다. 공공데이터포털(data.go.kr)에서 {product} 활용기간을 "
        "연장하세요",
    32: "등록되지 않은 IP에서 호출했습니다. 공공데이터포털(data.go.kr)의 활용신청에 이 서버의 IP를 "
        "등록하세요",
    33: "서명되지 않은 호출입니다. {key_env} 값을 확인하세요",
    99: "{service} API가 알 수 없는 오류를 알렸습니다",
}

# A name in a plain-text body ("SERVICE_KEY_IS_NOT_REGISTERED_ERROR", or with spaces).
_NAME_CODES = {name: code for code, name in CODE_NAMES.items() if code}


def scrub(text: str, key: str) -> str:
    """portal_keys.redact, plus the key's other encodings an answer may echo: URL-encoded with
    "/" kept (urllib's default) and form-encoded ("+" as %2B, a space as +)."""
    text = redact(text, key)
    for form in {quote(key), quote_plus(key)}:
        if len(form) >= 4:
            text = text.replace(form, "***")
    return text


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


class PublicDataError(Exception):
    """A failed call. `message`: Korean, for the operator; `status`: the HTTP status (None when no
    answer came: a timeout, a refused connection); `code`: the result code as an int (30 …) or
    None; `reason`: the API's own words (resultMsg / returnAuthMsg), redacted."""

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
            tags.append(f"resultCode {self.code:02d}")
        if self.reason and self.reason != CODE_NAMES.get(self.code or -1):
            tags.append(self.reason)
        elif self.code in CODE_NAMES:
            tags.append(CODE_NAMES[self.code])
        if self.status is not None:
            tags.append(f"HTTP {self.status}")
        return self.message + (f" ({', '.join(tags)})" if tags else "")

    def __repr__(self) -> str:
        return f"PublicDataError({self.__str__()!r})"

    def copy(self) -> PublicDataError:
        """The same error as a new exception (raising one instance again and again would grow
        its traceback each time)."""
        return PublicDataError(self.message, status=self.status, code=self.code,
                               reason=self.reason, retry_after=self.retry_after)

    @property
    def retryable(self) -> bool:
        """Worth the same request again: a server fault, no answer, 429 or 5xx. When the API
        named the fault, its code decides (a key or quota fault stays whatever the status)."""
        if self.code is not None:
            return self.code in TRANSIENT_CODES
        return self.status is None or self.status == 429 or self.status >= 500


class PublicDataPending(PublicDataError):
    """Nothing to serve yet: the source is being asked in the background and has not answered
    within the wait a screen can afford (cached(wait_s=…)); there is no earlier answer either.
    Ask again after `retry_after` seconds."""

    def __init__(self, service: str, retry_after: float = 3.0):
        super().__init__(f"{service} 정보를 받아 오는 중입니다. 잠시 후 다시 시도하세요",
                         retry_after=retry_after)

    def copy(self) -> PublicDataPending:
        return self

    @property
    def retryable(self) -> bool:
        return True


# the envelope -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Envelope:
    """One answer, read: `items` always a list of objects, the counts ints (None when absent)."""
    items: list[dict[str, Any]]
    total_count: int | None = None
    page_no: int | None = None
    num_of_rows: int | None = None
    result_code: str = "00"
    result_msg: str | None = None
    nodata: bool = False  # resultCode 03: nothing matched (items is empty)
    body: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)


def items_of(body: Any) -> list[dict[str, Any]]:
    """`body.items.item` as a list of objects, whatever shape the API chose: a list, a lone
    object, "" / null / missing (nothing), or `items` itself a list. ValueError for anything
    else (a screen would rather show the last good answer than guess)."""
    if body is None or body == "":
        return []
    if not isinstance(body, Mapping):
        raise ValueError(f"body is a {type(body).__name__}, not an object")
    items = body.get("items")
    if items is None or items == "":
        return []
    if isinstance(items, Mapping):
        items = items.get("item")
        if items is None or items == "":
            return []
    if isinstance(items, Mapping):
        return [dict(items)]
    if not isinstance(items, list):
        raise ValueError(f"items is a {type(items).__name__}, not a list or an object")
    out = []
    for row in items:
        if isinstance(row, Mapping):
            out.append(dict(row))
        else:
            log.warning("public data: an item that is not an object, skipped: %.40r", row)
    return out


def _xml_value(element: ElementTree.Element) -> Any:
    children = list(element)
    if not children:
        return (element.text or "").strip()
    grouped: dict[str, Any] = {}
    for child in children:
        value = _xml_value(child)
        if child.tag in grouped:  # a repeated tag (<item> …) becomes a list
            if not isinstance(grouped[child.tag], list):
                grouped[child.tag] = [grouped[child.tag]]
            grouped[child.tag].append(value)
        else:
            grouped[child.tag] = value
    return grouped


def parse_xml(text: str) -> dict[str, Any] | None:
    """An XML answer as the JSON one would be: {"response": {...}} for the envelope (a lone
    <item> stays an object, like the JSON quirk) or {"OpenAPI_ServiceResponse": {...}} for the
    gateway's errors. None when `text` is not XML."""
    try:
        root = ElementTree.fromstring(text.strip())
    except ElementTree.ParseError:
        return None
    return {root.tag: _xml_value(root)}


# results and their age --------------------------------------------------------------------

def _seoul(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        raise ValueError("naive datetime: give an aware one (Asia/Seoul or UTC)")
    return dt.astimezone(SEOUL)


def _when(at: datetime, now: datetime) -> str:
    days = (now.date() - at.date()).days
    if days == 0:
        return f"{at:%H:%M}"
    if days == 1:
        return f"어제 {at:%H:%M}"
    return f"{at.month}월 {at.day}일 {at:%H:%M}"


def _ago(delta: timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 1:
        return "방금 전"
    if minutes < 60:
        return f"{minutes}분 전"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}시간 {minutes}분 전" if minutes else f"{hours}시간 전"
    return f"{hours // 24}일 전"


def age_text(at: datetime, now: datetime, verb: str = "발표") -> str:
    """"14:00 발표, 35분 전": when `at` was (its day named when not today: "어제 23:00",
    "11월 28일 05:00") and how long before `now`, in Korean time."""
    at, now = _seoul(at), _seoul(now)
    return f"{_when(at, now)} {verb}, {_ago(now - at)}"


@dataclass(frozen=True)
class Fresh(Generic[T]):
    """What an adapter's loader returns: the value, until when it is current (for a forecast:
    the next publication plus its delay) and, when the source says, when it was published
    (`verb` names that moment in the age line: 발표 for a forecast, 관측 for an observation)."""
    value: T
    expires_at: datetime
    published_at: datetime | None = None
    verb: str = "발표"


@dataclass(frozen=True)
class Result(Generic[T]):
    """An answer as served. `stale`: the source failed or hung and this is the last good answer
    (`error` says why); `fetched_at`: when we got it; `published_at`: when the source published
    it, if the adapter knows; `served_at`: now, when it was handed out."""
    value: T
    fetched_at: datetime
    expires_at: datetime
    served_at: datetime
    published_at: datetime | None = None
    stale: bool = False
    error: PublicDataError | None = field(default=None, compare=False)
    verb: str = "발표"
    # The source is being asked again in the background (cached(wait_s=…) gave up waiting):
    # this is the previous answer, and the next request will likely have the new one.
    refreshing: bool = False

    @property
    def age(self) -> timedelta:
        """How old the information is: since publication when known, else since fetching."""
        return max(timedelta(0), self.served_at - (self.published_at or self.fetched_at))

    def age_text(self, now: datetime | None = None) -> str:
        """"14:00 발표, 35분 전" (or "14:32 조회, 3분 전" when the source gives no publication
        time), measured to `now` or, by default, to when the answer was served."""
        now = now or self.served_at
        if self.published_at is not None:
            return age_text(self.published_at, now, self.verb)
        return age_text(self.fetched_at, now, "조회")

    @property
    def notice(self) -> str | None:
        """A line for people when the answer is stale; None when it is current."""
        if not self.stale:
            return None
        if self.refreshing:
            return f"새 정보를 받는 동안 이전 정보를 보여 드립니다 ({self.age_text()})"
        return f"최신 정보를 받지 못해 이전 정보를 보여 드립니다 ({self.age_text()})"


@dataclass(frozen=True)
class _Entry:
    value: Any
    fetched_at: datetime
    expires_at: datetime
    published_at: datetime | None
    verb: str


# the client -------------------------------------------------------------------------------

class PublicDataClient:
    """Synchronous (httpx) client of one 공공데이터포털 API. An adapter subclasses it, sets the
    names used in messages (`service`, `product`, `key_env`) and calls `request` /
    `request_all` for one answer or `cached` / `get` for a cached one with the stale fallback.

    `clock` (aware datetimes) drives the cache and the age lines; `sleep` the back-off between
    tries; `monotonic` the overall `deadline_s` of one request with its retries. All three are
    injectable so tests run without waiting."""

    service: ClassVar[str] = "공공데이터"  # "기상청 단기예보": what the operator calls the API
    product: ClassVar[str | None] = None  # the data.go.kr product name, for 「…」 in messages
    key_env: ClassVar[str | None] = None  # the environment variable that holds the key

    def __init__(self, base_url: str, service_key: str, *, timeout_s: float = 10.0,
                 retries: int = 3, backoff_s: float = 0.5, max_backoff_s: float = 8.0,
                 max_retry_after_s: float = 30.0, deadline_s: float | None = None,
                 failure_cooldown_s: float = 60.0, max_stale: timedelta = timedelta(hours=24),
                 max_entries: int = 256, transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], datetime] = now_seoul,
                 sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic):
        if not service_key or not service_key.strip():
            raise PublicDataError(f"{self.service} API 인증키가 비어 있습니다")
        self._key = normalise_key(service_key)
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.retries = max(0, retries)
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.max_retry_after_s = max_retry_after_s
        self.deadline_s = deadline_s
        self.failure_cooldown = timedelta(seconds=failure_cooldown_s)
        self.max_stale = max_stale
        self.max_entries = max(1, max_entries)
        self._clock = clock
        self._sleep = sleep
        self._monotonic = monotonic
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout_s, transport=transport,
                                  headers={"Accept": "application/json"})
        self._cache: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._failures: dict[Hashable, tuple[datetime, PublicDataError]] = {}
        self._cache_lock = threading.Lock()
        # One lock per stripe, not per key: bounded memory; two keys rarely share a stripe, and
        # sharing only costs a wait.
        self._key_locks = tuple(threading.Lock() for _ in range(32))
        self._inflight: dict[Hashable, Future[Result[Any]]] = {}
        self._pool: ThreadPoolExecutor | None = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, service_key=***)"

    def now(self) -> datetime:
        """The injected clock, in Korean time."""
        return _seoul(self._clock())

    # one answer ---------------------------------------------------------------------------

    def request(self, path: str, params: Mapping[str, Any]) -> Envelope:
        """One page of `path` (relative to base_url), tried again with exponential back-off on
        timeouts, connection errors, 429, 5xx and the transient result codes, up to `retries`
        more times and within `deadline_s` when set. Raises PublicDataError."""
        if any(str(name).lower() == "servicekey" for name in params):
            raise ValueError("the service key is the client's: leave serviceKey out of params")
        query = {"serviceKey": self._key, **params}
        started = self._monotonic()
        attempt = 0
        while True:
            timeout = self.timeout_s
            if self.deadline_s is not None:
                timeout = min(timeout, self.deadline_s - (self._monotonic() - started))
                if timeout <= 0:
                    raise PublicDataError(
                        f"{self.service} API가 {self.deadline_s:g}초 안에 답하지 않았습니다")
            try:
                return self._once(path, query, timeout)
            except PublicDataError as e:
                delay = self._delay(attempt, e)
                if delay is None:
                    raise
                if (self.deadline_s is not None
                        and self._monotonic() - started + delay >= self.deadline_s):
                    raise
                attempt += 1
                log.warning("%s %s: %s; retry %d/%d in %.1fs", self.service, path, e, attempt,
                            self.retries, delay)
                self._sleep(delay)

    def request_all(self, path: str, params: Mapping[str, Any], *, rows: int = 1000,
                    max_pages: int = 20) -> Envelope:
        """Every page (pageNo from 1, numOfRows=`rows`) until totalCount items came, a page came
        back short or empty; one Envelope with all the items (the counts of the last page)."""
        items: list[dict[str, Any]] = []
        env = Envelope([])
        for page in range(1, max_pages + 1):
            env = self.request(path, {**params, "pageNo": page, "numOfRows": rows})
            items.extend(env.items)
            if (not env.items or len(env.items) < rows
                    or (env.total_count is not None and len(items) >= env.total_count)):
                return Envelope(items, env.total_count, env.page_no, env.num_of_rows,
                                env.result_code, env.result_msg, env.nodata and not items,
                                env.body)
        raise PublicDataError(f"{self.service} API 응답이 {max_pages}쪽을 넘었습니다. numOfRows를 "
                              "늘리세요")

    def _delay(self, attempt: int, e: PublicDataError) -> float | None:
        """Seconds to wait before the next try, None for no next try. A Retry-After longer than
        max_retry_after_s is honoured by not retrying now (the stale answer serves meanwhile)."""
        if not e.retryable or attempt >= self.retries:
            return None
        delay = min(self.backoff_s * 2 ** attempt, self.max_backoff_s)
        if e.retry_after is not None:
            if e.retry_after > self.max_retry_after_s:
                return None
            delay = max(delay, e.retry_after)
        return delay

    def _once(self, path: str, query: Mapping[str, Any], timeout: float) -> Envelope:
        failure = None
        try:
            r = self._http.get(path, params=query, timeout=timeout)
        except httpx.TimeoutException as e:
            failure = f"{self.service} API가 응답하지 않습니다 ({type(e).__name__})"
        except httpx.HTTPError as e:
            failure = f"{self.service} API에 연결하지 못했습니다 ({type(e).__name__})"
        if failure is not None:
            # Raised here, outside the except: httpx's exception (its request URL holds the key)
            # must not ride along as __context__ into a traceback or an error tracker.
            raise PublicDataError(failure)
        return self.decode(r)

    # reading an answer --------------------------------------------------------------------

    def error(self, code: int | None, reason: Any = None, *, status: int | None = None,
              retry_after: float | None = None) -> PublicDataError:
        """The error for result `code`, in Korean, the API's `reason` redacted and shortened."""
        reason = scrub(str(reason).strip(), self._key)[:160] if reason else None
        template = CODE_MESSAGES.get(code) if code is not None else None
        if template is None:
            message = f"{self.service} API 오류입니다" + (f": {reason}" if reason else "")
        else:
            message = template.format(
                service=self.service,
                product=f"「{self.product}」" if self.product else "해당 API",
                key_env=self.key_env or "인증키")
        return PublicDataError(message, status=status, code=code, reason=reason or None,
                               retry_after=retry_after)

    def decode(self, r: httpx.Response) -> Envelope:
        """An HTTP answer as an Envelope, or the PublicDataError it carries (a result code in
        JSON or XML, the gateway's XML, a bare code name in text, or an HTTP error status)."""
        status, text = r.status_code, r.text.lstrip("\ufeff \t\r\n")
        wait = retry_after(r)
        doc: Any = None
        if text.startswith(("{", "[")):
            try:
                doc = json.loads(text)
            except ValueError:
                doc = None
        elif text.startswith("<"):
            doc = parse_xml(text)
        if isinstance(doc, Mapping) and isinstance(doc.get("OpenAPI_ServiceResponse"), Mapping):
            head = doc["OpenAPI_ServiceResponse"].get("cmmMsgHeader") or {}
            if isinstance(head, Mapping):
                reason = head.get("returnAuthMsg") or head.get("errMsg")
                raise self.error(_int(head.get("returnReasonCode")), reason, status=status,
                                 retry_after=wait)
        if isinstance(doc, Mapping):
            env = doc.get("response", doc)
            header = env.get("header") if isinstance(env, Mapping) else None
            if isinstance(header, Mapping) and header.get("resultCode") not in (None, ""):
                return self._envelope(env, header, status, wait)
        if status >= 300:
            code = self._named_code(text)
            if code is not None:
                raise self.error(code, CODE_NAMES[code], status=status, retry_after=wait)
            if status in (401, 403):
                raise PublicDataError(
                    f"{self.service} API가 요청을 거부했습니다. {self.key_env or '인증키'} 값과 "
                    "공공데이터포털(data.go.kr)의 활용신청 승인 여부를 확인하세요",
                    status=status)
            raise PublicDataError(f"{self.service} API가 오류 상태로 응답했습니다 "
                                  f"(본문: {scrub(text, self._key)[:80]!r})", status=status,
                                  retry_after=wait)
        code = self._named_code(text)
        if code is not None:
            raise self.error(code, CODE_NAMES[code], status=status, retry_after=wait)
        raise PublicDataError(f"{self.service} API 응답 형식이 예상과 다릅니다 (header·resultCode "
                              "없음)", status=status)

    @staticmethod
    def _named_code(text: str) -> int | None:
        normal = text.upper().replace(" ", "_")
        for name, code in _NAME_CODES.items():
            if name in normal:
                return code
        return None

    def _envelope(self, env: Mapping[str, Any], header: Mapping[str, Any], status: int,
                  wait: float | None) -> Envelope:
        raw = str(header["resultCode"]).strip()
        code = _int(raw)
        message = header.get("resultMsg")
        body = env.get("body")
        if code != 0:
            if code == NODATA and status < 300:
                return Envelope([], 0, result_code=raw, result_msg=message, nodata=True)
            raise self.error(code, message or CODE_NAMES.get(code or -1), status=status,
                             retry_after=wait)
        if status >= 300:
            raise PublicDataError(f"{self.service} API가 오류 상태로 응답했습니다", status=status,
                                  retry_after=wait)
        try:
            items = items_of(body)
        except ValueError as e:
            raise PublicDataError(f"{self.service} API 응답 형식이 예상과 다릅니다 ({e})",
                                  status=status) from None
        counts = body if isinstance(body, Mapping) else {}
        return Envelope(items, _int(counts.get("totalCount")), _int(counts.get("pageNo")),
                        _int(counts.get("numOfRows")), raw, message, False,
                        body if isinstance(body, Mapping) else {})

    # the cache and the stale fallback -----------------------------------------------------

    def cached(self, key: Hashable, load: Callable[[], Fresh[T]], *,
               max_stale: timedelta | None = None, wait_s: float | None = None) -> Result[T]:
        """The answer for `key`: from the cache while it has not expired, else from `load()`.

        `wait_s` (for a screen, which must not wait on a slow API): `load` runs in a
        background thread (one per key, however many ask) and this waits at most `wait_s` for
        it, or STALE_WAIT_S when there is a previous answer to show. Past that, the previous
        answer is served as it is, marked `stale` and
        `refreshing` (up to `max_stale` past its expiry); with no previous answer,
        PublicDataPending is raised. The load goes on and fills the cache for the next ask.

        Without `wait_s` the caller waits for the load itself:
        When `load` raises PublicDataError, the last good answer is served with `stale=True`
        (up to `max_stale` past its expiry), else the error is raised; for failure_cooldown_s
        after a failure the source is not asked again for that key (a hung API would otherwise
        hold every screen for the whole timeout).

        `key` names what is asked, not how: a forecast for one grid cell keeps one key while
        its base_time moves on, so the previous publication is the fallback for the next."""
        max_stale = self.max_stale if max_stale is None else max_stale
        if wait_s is not None:
            return self._cached_in_background(key, load, max_stale, wait_s)
        with self._key_locks[hash(key) % len(self._key_locks)]:
            now = self.now()
            entry = self._entry(key)
            if entry is not None and now < entry.expires_at:
                return self._result(entry, now)
            failed = self._failures.get(key)
            if failed is not None and now < failed[0]:
                return self._fallback(key, entry, failed[1].copy(), now, max_stale)
            try:
                fresh = load()
            except PublicDataError as e:
                failed_at = self.now()  # after the tries and their back-off
                with self._cache_lock:
                    self._failures[key] = (failed_at + self.failure_cooldown, e)
                return self._fallback(key, entry, e, failed_at, max_stale)
            fetched = self.now()
            entry = _Entry(fresh.value, fetched, _seoul(fresh.expires_at),
                           _seoul(fresh.published_at) if fresh.published_at else None,
                           fresh.verb)
            self._store(key, entry)
            return self._result(entry, fetched)

    def _cached_in_background(self, key: Hashable, load: Callable[[], Fresh[T]],
                              max_stale: timedelta, wait_s: float) -> Result[T]:
        now = self.now()
        entry = self._entry(key)
        if entry is not None and now < entry.expires_at:
            return self._result(entry, now)
        with self._cache_lock:
            future = self._inflight.get(key)
            if future is None:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(max_workers=4,
                                                    thread_name_prefix="publicdata")
                future = self._pool.submit(self.cached, key, load, max_stale=max_stale)
                self._inflight[key] = future
                future.add_done_callback(lambda f, k=key: self._settled(k, f))
        if entry is not None and now <= entry.expires_at + max_stale:
            # Something to show already: a moment for the new answer (a source that answers
            # at once gives it), not the whole wait.
            wait_s = min(wait_s, STALE_WAIT_S)
        try:
            return future.result(timeout=wait_s)
        except FutureTimeout:
            pass
        except PublicDataError as e:  # one instance reaches every waiter: each gets its own
            raise e.copy() from None
        now = self.now()
        entry = self._entry(key)
        if entry is None or now > entry.expires_at + max_stale:
            raise PublicDataPending(self.service)
        return replace(self._result(entry, now, stale=True), refreshing=True)

    def _settled(self, key: Hashable, future: Future[Any]) -> None:
        with self._cache_lock:
            if self._inflight.get(key) is future:
                del self._inflight[key]

    def get(self, path: str, params: Mapping[str, Any], parse: Callable[[Envelope], T], *,
            ttl: timedelta, published_at: Callable[[T], datetime | None] | None = None,
            key: Hashable | None = None, max_stale: timedelta | None = None,
            paged: bool = False, rows: int = 1000, wait_s: float | None = None) -> Result[T]:
        """`cached` for the common case: ask `path` with `params` (every page when `paged`),
        `parse` the envelope, keep it `ttl`. A ValueError, KeyError or TypeError from `parse`
        (the API changed shape) counts as a failure of the source, so the stale answer serves."""
        if key is None:
            key = (path, tuple(sorted((str(k), str(v)) for k, v in params.items())))

        def load() -> Fresh[T]:
            env = self.request_all(path, params, rows=rows) if paged else \
                self.request(path, params)
            failure = None
            try:
                value = parse(env)
            except (ValueError, KeyError, TypeError) as e:
                failure = f"{type(e).__name__}: {scrub(str(e), self._key)[:120]}"
            if failure is not None:
                raise PublicDataError(f"{self.service} API 응답을 읽지 못했습니다 ({failure})")
            return Fresh(value, self.now() + ttl, published_at(value) if published_at else None)

        return self.cached(key, load, max_stale=max_stale, wait_s=wait_s)

    def forget(self, key: Hashable | None = None) -> None:
        """Drop the cached answer for `key` (every answer when None), and its failure mark."""
        with self._cache_lock:
            if key is None:
                self._cache.clear()
                self._failures.clear()
            else:
                self._cache.pop(key, None)
                self._failures.pop(key, None)

    def _entry(self, key: Hashable) -> _Entry | None:
        with self._cache_lock:
            entry = self._cache.get(key)
            if entry is not None:
                self._cache.move_to_end(key)
            return entry

    def _store(self, key: Hashable, entry: _Entry) -> None:
        with self._cache_lock:
            self._cache[key] = entry
            self._cache.move_to_end(key)
            self._failures.pop(key, None)
            while len(self._cache) > self.max_entries:
                old, _ = self._cache.popitem(last=False)
                self._failures.pop(old, None)
            if len(self._failures) > self.max_entries:  # marks of keys that never succeeded
                done = [k for k, (until, _) in self._failures.items() if until <= entry.fetched_at]
                for k in done:
                    del self._failures[k]

    @staticmethod
    def _result(entry: _Entry, now: datetime, *, stale: bool = False,
                error: PublicDataError | None = None) -> Result[Any]:
        return Result(entry.value, entry.fetched_at, entry.expires_at, now, entry.published_at,
                      stale, error, entry.verb)

    def _fallback(self, key: Hashable, entry: _Entry | None, e: PublicDataError, now: datetime,
                  max_stale: timedelta) -> Result[Any]:
        if entry is None or now > entry.expires_at + max_stale:
            raise e
        result = self._result(entry, now, stale=True, error=e)
        log.warning("%s: %s; serving the last good answer (%s)", self.service, e,
                    result.age_text())
        return result
