"""The client base of the national public-data adapters (server/publicdata/client.py): the
공공데이터포털 envelope and its quirks, every standard result code in Korean, the gateway's XML
errors, retries with back-off (fake sleep) on timeouts, connection errors, 429 and 5xx but not
4xx, the cache with the adapter's expiry, the last good answer served with its age when the
source fails or hangs, and the service key kept out of errors, reprs and logs.

Single answers come from httpx.MockTransport; timeouts and hangs from the local fake of the
기상청 API (tests/fakes/kma.py), a real HTTP server.
"""
from __future__ import annotations

import json
import logging
import re
import threading
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

import httpx
import pytest

from myg_app.seoul_time import SEOUL
from myg_app.server.publicdata.client import (
    CODE_MESSAGES,
    CODE_NAMES,
    TRANSIENT_CODES,
    Envelope,
    Fresh,
    PublicDataClient,
    PublicDataError,
    age_text,
    items_of,
)
from tests.fakes.kma import FAKE_KEY, FakeKma, ManualClock, gateway_error_xml, serve_fake_kma

KEY = "FAKE-portal-key+/=="
T0 = datetime(2025, 6, 25, 14, 35, tzinfo=SEOUL)
HANGUL = re.compile(r"[가-힣]")


class Api(PublicDataClient):
    service = "시험 정보"
    product = "시험_정보 조회서비스"
    key_env = "MYG_TEST_SERVICE_KEY"


def key_forms(key: str = KEY) -> set[str]:
    return {key, quote(key, safe=""), quote(key)}


def ok(items, *, total=None, code="00") -> httpx.Response:
    total = len(items) if total is None and isinstance(items, list) else total
    return httpx.Response(200, json={"response": {
        "header": {"resultCode": code, "resultMsg": "NORMAL_SERVICE"},
        "body": {"items": {"item": items}, "pageNo": 1, "numOfRows": 10, "totalCount": total}}})


def failed(code: str, msg: str | None = None, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json={"response": {"header": {
        "resultCode": code, "resultMsg": msg or CODE_NAMES[int(code)]}}})


def scripted(*answers):
    """A MockTransport handler answering `answers` in turn (the last one again after that); an
    exception is raised instead of answering. Returns (handler, requests seen)."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = answers[min(len(seen), len(answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        return answer
    return handler, seen


@pytest.fixture
def clock():
    return ManualClock(T0)


def api(handler, clock: ManualClock | None = None, **kw) -> Api:
    clock = clock or ManualClock(T0)
    kw.setdefault("retries", 3)
    return Api("https://apis.data.go.kr/1360000/Test", KEY, transport=httpx.MockTransport(handler),
               clock=clock, sleep=clock.sleep, **kw)


# the envelope -----------------------------------------------------------------------------

@pytest.mark.parametrize("body, expected", [
    ({"items": {"item": [{"a": 1}, {"a": 2}]}}, [{"a": 1}, {"a": 2}]),
    ({"items": {"item": {"a": 1}}}, [{"a": 1}]),  # a lone item as an object
    ({"items": ""}, []),  # TAGO and others: no items as an empty string
    ({"items": {"item": ""}}, []),
    ({"items": {"item": None}}, []),
    ({"items": {}}, []),
    ({"items": None}, []),
    ({}, []),
    (None, []),
    ("", []),
    ({"items": [{"a": 1}]}, [{"a": 1}]),  # items itself a list
    ({"items": {"item": [{"a": 1}, "junk", None]}}, [{"a": 1}]),  # non-objects dropped
])
def test_items_of_reads_every_shape_of_items(body, expected):
    assert items_of(body) == expected


@pytest.mark.parametrize("body", ["text", {"items": 5}, {"items": {"item": 7}}, [1, 2]])
def test_items_of_rejects_other_shapes(body):
    with pytest.raises(ValueError):
        items_of(body)


@pytest.mark.parametrize("number", [809, "809", " 809 "])
def test_counts_may_be_strings_or_ints(number):
    handler, _ = scripted(httpx.Response(200, json={"response": {
        "header": {"resultCode": "00", "resultMsg": "NORMAL_SERVICE"},
        "body": {"items": {"item": [{"a": "1"}]}, "pageNo": str(number).strip(),
                 "numOfRows": number, "totalCount": number}}}))
    env = api(handler).request("getX", {})
    assert (env.total_count, env.num_of_rows, env.page_no) == (809, 809, 809)
    assert env.items == [{"a": "1"}] and env.result_code == "00" and not env.nodata


def test_nodata_is_an_empty_answer_not_an_error():
    handler, seen = scripted(failed("03"))
    env = api(handler).request("getX", {})
    assert env.items == [] and env.nodata and env.total_count == 0
    assert len(seen) == 1


def test_an_xml_envelope_reads_like_the_json_one():
    xml = ("<response><header><resultCode>00</resultCode><resultMsg>NORMAL_SERVICE</resultMsg>"
           "</header><body><items><item><a>1</a><b>x</b></item><item><a>2</a><b>y</b></item>"
           "</items><numOfRows>10</numOfRows><pageNo>1</pageNo><totalCount>2</totalCount>"
           "</body></response>")
    handler, _ = scripted(httpx.Response(200, text=xml))
    env = api(handler).request("getX", {})
    assert env.items == [{"a": "1", "b": "x"}, {"a": "2", "b": "y"}] and env.total_count == 2
    lone = xml.replace("<item><a>2</a><b>y</b></item>", "")
    handler, _ = scripted(httpx.Response(200, text=lone))
    assert api(handler).request("getX", {}).items == [{"a": "1", "b": "x"}]


# result codes -----------------------------------------------------------------------------

ERROR_CODES = sorted(c for c in CODE_NAMES if c not in (0, 3))


@pytest.mark.parametrize("form", ["json", "gateway_xml", "json_http_500"])
@pytest.mark.parametrize("code", ERROR_CODES)
def test_every_standard_code_becomes_a_korean_message(code, form):
    answer = {"json": failed(f"{code:02d}"),
              "json_http_500": failed(f"{code:02d}", status=500),
              "gateway_xml": httpx.Response(200, text=gateway_error_xml(f"{code:02d}"))}[form]
    handler, seen = scripted(answer)
    with pytest.raises(PublicDataError) as caught:
        api(handler, retries=0).request("getX", {})
    e = caught.value
    assert e.code == code
    assert e.message == CODE_MESSAGES[code].format(
        service="시험 정보", product="「시험_정보 조회서비스」", key_env="MYG_TEST_SERVICE_KEY")
    assert HANGUL.search(e.message) and "{" not in e.message
    assert f"resultCode {code:02d}" in str(e) and CODE_NAMES[code] in str(e)
    # the API named the fault: its code decides, not the HTTP status
    assert e.retryable == (code in TRANSIENT_CODES)


def test_the_key_messages_say_what_to_do():
    assert "MYG_TEST_SERVICE_KEY" in api(scripted()[0]).error(30).message
    assert "「시험_정보 조회서비스」" in api(scripted()[0]).error(30).message
    assert "트래픽" in api(scripted()[0]).error(22).message
    assert "만료" in api(scripted()[0]).error(31).message
    assert "IP" in api(scripted()[0]).error(32).message
    assert {1, 2, 4, 5} == set(TRANSIENT_CODES)


@pytest.mark.parametrize("status", [401, 403])
def test_a_bare_401_or_403_points_at_the_key(status):
    handler, seen = scripted(httpx.Response(status, text="Unauthorized"))
    with pytest.raises(PublicDataError) as caught:
        api(handler).request("getX", {})
    assert "MYG_TEST_SERVICE_KEY" in caught.value.message and caught.value.status == status
    assert len(seen) == 1


def test_an_unknown_code_keeps_the_apis_own_words():
    handler, _ = scripted(failed("40", "SOMETHING NEW"))
    with pytest.raises(PublicDataError) as caught:
        api(handler).request("getX", {})
    assert caught.value.code == 40 and "SOMETHING NEW" in caught.value.message
    assert not caught.value.retryable


@pytest.mark.parametrize("text, code", [
    ("SERVICE_KEY_IS_NOT_REGISTERED_ERROR", 30),
    ("SERVICE KEY IS NOT REGISTERED ERROR", 30),
    ("LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR", 22),
])
def test_a_bare_code_name_in_text_is_read_as_its_code(text, code):
    handler, _ = scripted(httpx.Response(200, text=text))
    with pytest.raises(PublicDataError) as caught:
        api(handler).request("getX", {})
    assert caught.value.code == code


@pytest.mark.parametrize("answer", [
    httpx.Response(200, text="<html>maintenance</html>"),
    httpx.Response(200, json={"something": "else"}),
    httpx.Response(200, json=[1, 2]),
    httpx.Response(200, json={"response": {"header": {"resultCode": "00"}, "body": "junk"}}),
])
def test_an_answer_of_another_shape_is_an_error_not_a_guess(answer):
    handler, seen = scripted(answer)
    with pytest.raises(PublicDataError) as caught:
        api(handler).request("getX", {})
    assert "형식" in caught.value.message and caught.value.code is None
    assert len(seen) == 1  # a 200 of the wrong shape will not fix itself


# retries ----------------------------------------------------------------------------------

def test_5xx_is_retried_with_exponential_back_off(clock):
    handler, seen = scripted(httpx.Response(500, text="Internal Server Error"),
                             httpx.Response(503, text="busy"), ok([{"a": 1}]))
    assert api(handler, clock).request("getX", {}).items == [{"a": 1}]
    assert len(seen) == 3 and clock.sleeps == [0.5, 1.0]


def test_retries_give_up_after_the_limit_with_the_last_status(clock):
    handler, seen = scripted(httpx.Response(502, text="Bad Gateway"))
    with pytest.raises(PublicDataError) as caught:
        api(handler, clock, retries=3).request("getX", {})
    assert len(seen) == 4 and clock.sleeps == [0.5, 1.0, 2.0]
    assert caught.value.status == 502 and caught.value.retryable


def test_the_back_off_is_capped(clock):
    handler, _ = scripted(httpx.Response(500))
    with pytest.raises(PublicDataError):
        api(handler, clock, retries=5, backoff_s=1.0, max_backoff_s=3.0).request("getX", {})
    assert clock.sleeps == [1.0, 2.0, 3.0, 3.0, 3.0]


def test_429_honours_retry_after(clock):
    handler, seen = scripted(httpx.Response(429, headers={"Retry-After": "3"}), ok([]))
    api(handler, clock).request("getX", {})
    assert len(seen) == 2 and clock.sleeps == [3.0]


def test_a_retry_after_beyond_the_cap_is_not_waited_for(clock):
    handler, seen = scripted(httpx.Response(429, headers={"Retry-After": "3600"}))
    with pytest.raises(PublicDataError) as caught:
        api(handler, clock, max_retry_after_s=30).request("getX", {})
    assert len(seen) == 1 and clock.sleeps == [] and caught.value.retry_after == 3600


@pytest.mark.parametrize("answer", [
    httpx.Response(400, text="Bad Request"), httpx.Response(401, text="Unauthorized"),
    httpx.Response(403, text="Forbidden"), httpx.Response(404, text="Not Found"),
    failed("10"), failed("22"), failed("30"),
    httpx.Response(200, text=gateway_error_xml("30")),
])
def test_4xx_and_request_or_key_faults_are_not_retried(answer, clock):
    handler, seen = scripted(answer)
    with pytest.raises(PublicDataError) as caught:
        api(handler, clock).request("getX", {})
    assert len(seen) == 1 and clock.sleeps == [] and not caught.value.retryable


def test_transient_result_codes_are_retried(clock):
    handler, seen = scripted(failed("01"), failed("05"), ok([{"a": 1}]))
    assert api(handler, clock).request("getX", {}).items == [{"a": 1}]
    assert len(seen) == 3


@pytest.mark.parametrize("exc, words", [
    (httpx.ConnectTimeout("timed out"), "응답하지 않습니다"),
    (httpx.ReadTimeout("timed out"), "응답하지 않습니다"),
    (httpx.ConnectError("refused"), "연결하지 못했습니다"),
    (httpx.RemoteProtocolError("closed"), "연결하지 못했습니다"),
])
def test_timeouts_and_connection_errors_are_retried_then_reported(exc, words, clock):
    handler, seen = scripted(exc)
    with pytest.raises(PublicDataError) as caught:
        api(handler, clock, retries=2).request("getX", {})
    e = caught.value
    assert len(seen) == 3 and words in e.message and e.status is None and e.retryable
    # httpx's exception carries the URL with the key: it must not ride along
    assert e.__context__ is None and e.__cause__ is None


def test_the_deadline_bounds_all_tries_together():
    now = [0.0]

    def sleep(s: float) -> None:
        now[0] += s

    handler, seen = scripted(httpx.ReadTimeout("timed out"))
    client = Api("https://x.example", KEY, transport=httpx.MockTransport(handler), retries=10,
                 backoff_s=0.5, deadline_s=5.0, sleep=sleep, monotonic=lambda: now[0])
    with pytest.raises(PublicDataError):
        client.request("getX", {})
    # tries at 0, 0.5, 1.5 and 3.5 s; the next would start at 7.5 s, past the deadline
    assert len(seen) == 4 and now[0] == 3.5


# paging -----------------------------------------------------------------------------------

def test_request_all_walks_the_pages_until_the_total():
    rows = [{"n": str(i)} for i in range(5)]

    def handler(request: httpx.Request) -> httpx.Response:
        page, size = int(request.url.params["pageNo"]), int(request.url.params["numOfRows"])
        return ok(rows[(page - 1) * size: page * size], total=str(len(rows)))

    seen = []
    client = api(lambda r: seen.append(r) or handler(r))
    env = client.request_all("getX", {"q": "1"}, rows=2)
    assert [i["n"] for i in env.items] == ["0", "1", "2", "3", "4"]
    assert [r.url.params["pageNo"] for r in seen] == ["1", "2", "3"]
    assert all(r.url.params["q"] == "1" for r in seen)


def test_request_all_stops_on_a_short_page_without_a_total():
    handler, seen = scripted(ok([{"n": "1"}], total=""))
    assert len(api(handler).request_all("getX", {}, rows=10).items) == 1
    assert len(seen) == 1


# the key ----------------------------------------------------------------------------------

def test_the_key_travels_decoded_whichever_form_was_pasted():
    for pasted in (KEY, quote(KEY, safe="")):
        handler, seen = scripted(ok([]))
        Api("https://x.example", pasted, transport=httpx.MockTransport(handler)).request(
            "getX", {"nx": 73})
        assert seen[0].url.params["serviceKey"] == KEY
        assert seen[0].url.params["nx"] == "73"


def test_the_key_is_the_clients_not_a_parameter():
    with pytest.raises(ValueError):
        api(scripted(ok([]))[0]).request("getX", {"ServiceKey": "other"})


def test_an_empty_key_is_refused():
    with pytest.raises(PublicDataError):
        Api("https://x.example", "  ")


def test_the_key_is_in_no_error_repr_or_log(caplog):
    echo = failed("30", f"SERVICE KEY IS NOT REGISTERED ERROR serviceKey={KEY} {quote(KEY)}")
    handler, _ = scripted(httpx.ConnectError(f"https://x.example/?serviceKey={KEY}"),
                          httpx.Response(500, text=f"oops serviceKey={quote(KEY, safe='')}"),
                          echo)
    client = api(handler, retries=2)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(PublicDataError) as caught:
        client.request("getX", {"nx": 1})
    texts = [str(caught.value), repr(caught.value), caught.value.message,
             str(caught.value.reason), repr(client), caplog.text,
             *(r.getMessage() for r in caplog.records)]
    assert any("HTTP Request" in t for t in texts)  # httpx did log the URLs …
    for text in texts:
        for form in key_forms():
            assert form not in text, text  # … without the key


# the cache --------------------------------------------------------------------------------

def test_get_serves_the_cache_until_the_ttl_passes(clock):
    handler, seen = scripted(ok([{"v": "1"}]), ok([{"v": "2"}]))
    client = api(handler, clock)

    def parse(env: Envelope) -> str:
        return env.items[0]["v"]

    first = client.get("getX", {"nx": 1}, parse, ttl=timedelta(minutes=10))
    clock.advance(minutes=9)
    again = client.get("getX", {"nx": 1}, parse, ttl=timedelta(minutes=10))
    assert (first.value, again.value, len(seen)) == ("1", "1", 1)
    assert not again.stale and again.fetched_at == T0 and again.served_at == T0 + timedelta(
        minutes=9)
    assert again.age_text() == "14:35 조회, 9분 전"
    clock.advance(minutes=1)
    assert client.get("getX", {"nx": 1}, parse, ttl=timedelta(minutes=10)).value == "2"
    assert len(seen) == 2


def test_the_cache_is_keyed_by_request(clock):
    handler, seen = scripted(ok([{"v": "1"}]))
    client = api(handler, clock)
    for nx in (1, 2, 1, 2):
        client.get("getX", {"nx": nx}, lambda e: e.items, ttl=timedelta(hours=1))
    assert [r.url.params["nx"] for r in seen] == ["1", "2"]


def test_the_cache_keeps_at_most_max_entries(clock):
    handler, seen = scripted(ok([{"v": "1"}]))
    client = api(handler, clock, max_entries=2)
    for nx in (1, 2, 3, 1):
        client.get("getX", {"nx": nx}, lambda e: e.items, ttl=timedelta(hours=1))
    assert [r.url.params["nx"] for r in seen] == ["1", "2", "3", "1"]  # 1 was evicted by 3


def test_the_expiry_is_the_adapters(clock):
    client = api(scripted()[0], clock)
    loads = []

    def load() -> Fresh[str]:
        loads.append(clock.now)
        return Fresh("forecast", datetime(2025, 6, 25, 17, 10, tzinfo=SEOUL),
                     published_at=datetime(2025, 6, 25, 14, 0, tzinfo=SEOUL))

    result = client.cached("k", load)
    assert result.expires_at.hour == 17 and result.published_at.hour == 14
    assert result.age_text() == "14:00 발표, 35분 전" and result.notice is None
    clock.now = datetime(2025, 6, 25, 17, 9, tzinfo=SEOUL)
    client.cached("k", load)
    clock.now = datetime(2025, 6, 25, 17, 10, tzinfo=SEOUL)
    client.cached("k", load)
    assert len(loads) == 2


def test_a_failure_serves_the_last_good_answer_with_its_age(clock):
    handler, seen = scripted(ok([{"v": "1"}]), httpx.Response(500, text="down"))
    client = api(handler, clock, retries=1)
    client.get("getX", {}, lambda e: e.items[0]["v"], ttl=timedelta(minutes=30))
    clock.advance(minutes=45)
    result = client.get("getX", {}, lambda e: e.items[0]["v"], ttl=timedelta(minutes=30))
    assert result.value == "1" and result.stale
    assert result.error is not None and result.error.status == 500
    assert result.age_text() == "14:35 조회, 45분 전"
    assert result.age == timedelta(minutes=45, seconds=0.5)  # the back-off moved the clock
    assert result.notice == "최신 정보를 받지 못해 이전 정보를 보여 드립니다 (14:35 조회, 45분 전)"


def test_without_a_good_answer_the_failure_is_raised(clock):
    handler, _ = scripted(failed("30"))
    with pytest.raises(PublicDataError) as caught:
        api(handler, clock).get("getX", {}, lambda e: e.items, ttl=timedelta(minutes=5))
    assert caught.value.code == 30


def test_a_too_old_answer_is_not_served(clock):
    handler, _ = scripted(ok([{"v": "1"}]), httpx.Response(500))
    client = api(handler, clock, retries=0, max_stale=timedelta(hours=1))
    client.get("getX", {}, lambda e: e.items, ttl=timedelta(minutes=10))
    clock.advance(minutes=10 + 59)
    assert client.get("getX", {}, lambda e: e.items, ttl=timedelta(minutes=10)).stale
    clock.advance(minutes=2)  # 1 h 1 min past the expiry
    with pytest.raises(PublicDataError):
        client.get("getX", {}, lambda e: e.items, ttl=timedelta(minutes=10))


def test_after_a_failure_the_source_rests_for_the_cooldown(clock):
    handler, seen = scripted(ok([{"v": "1"}]), httpx.Response(503), httpx.Response(503),
                             ok([{"v": "2"}]))
    client = api(handler, clock, retries=0, failure_cooldown_s=60)
    get = lambda: client.get("getX", {}, lambda e: e.items[0]["v"],  # noqa: E731
                             ttl=timedelta(minutes=5))
    get()
    clock.advance(minutes=6)
    assert get().stale and len(seen) == 2
    clock.advance(seconds=30)
    assert get().stale and len(seen) == 2  # not asked again yet
    clock.advance(seconds=31)
    assert get().stale and len(seen) == 3
    clock.advance(seconds=61)
    result = get()
    assert result.value == "2" and not result.stale and len(seen) == 4


def test_a_cooldown_without_an_answer_raises_a_fresh_error_each_time(clock):
    handler, seen = scripted(httpx.Response(503))
    client = api(handler, clock, retries=0)
    errors = []
    for _ in range(3):
        with pytest.raises(PublicDataError) as caught:
            client.get("getX", {}, lambda e: e.items, ttl=timedelta(minutes=5))
        errors.append(caught.value)
    assert len(seen) == 1 and len({id(e) for e in errors}) == 3
    assert all(e.status == 503 for e in errors)


def test_an_answer_that_does_not_parse_counts_as_a_failure(clock):
    handler, _ = scripted(ok([{"v": "1"}]), ok([{"other": "x"}]))
    client = api(handler, clock)
    client.get("getX", {}, lambda e: e.items[0]["v"], ttl=timedelta(minutes=5))
    clock.advance(minutes=6)
    result = client.get("getX", {}, lambda e: e.items[0]["v"], ttl=timedelta(minutes=5))
    assert result.stale and result.value == "1" and "읽지 못했습니다" in result.error.message


def test_forget_drops_the_answer(clock):
    handler, seen = scripted(ok([{"v": "1"}]))
    client = api(handler, clock)
    client.get("getX", {}, lambda e: e.items, ttl=timedelta(hours=1))
    client.forget()
    client.get("getX", {}, lambda e: e.items, ttl=timedelta(hours=1))
    assert len(seen) == 2


def test_concurrent_callers_of_one_key_share_one_load(clock):
    client = api(scripted()[0], clock)
    loads = []

    def load() -> Fresh[str]:
        loads.append(1)
        time.sleep(0.05)
        return Fresh("x", clock.now + timedelta(minutes=5))

    results = []
    threads = [threading.Thread(target=lambda: results.append(client.cached("k", load)))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(loads) == 1 and [r.value for r in results] == ["x"] * 4


# age lines --------------------------------------------------------------------------------

@pytest.mark.parametrize("at, verb, expected", [
    (datetime(2025, 6, 25, 14, 0), "발표", "14:00 발표, 35분 전"),
    (datetime(2025, 6, 25, 14, 35), "조회", "14:35 조회, 방금 전"),
    (datetime(2025, 6, 25, 14, 34, 1), "조회", "14:34 조회, 방금 전"),
    (datetime(2025, 6, 25, 11, 0), "발표", "11:00 발표, 3시간 35분 전"),
    (datetime(2025, 6, 25, 12, 35), "발표", "12:35 발표, 2시간 전"),
    (datetime(2025, 6, 24, 23, 0), "발표", "어제 23:00 발표, 15시간 35분 전"),
    (datetime(2025, 6, 22, 5, 0), "발표", "6월 22일 05:00 발표, 3일 전"),
    (datetime(2025, 6, 25, 14, 40), "관측", "14:40 관측, 방금 전"),  # a clock a little behind
])
def test_age_text(at, verb, expected):
    assert age_text(at.replace(tzinfo=SEOUL), T0, verb) == expected


def test_age_text_is_in_korean_time_whatever_the_zone():
    utc = datetime(2025, 6, 24, 20, 0, tzinfo=timezone.utc)  # 05:00 in Korea
    assert age_text(utc, T0.astimezone(timezone.utc)) == "05:00 발표, 9시간 35분 전"
    with pytest.raises(ValueError):
        age_text(datetime(2025, 6, 25, 5, 0), T0)


# against a real HTTP server (the 기상청 fake) ----------------------------------------------

@pytest.fixture(scope="module")
def fake_server():
    fake = FakeKma()
    with serve_fake_kma(fake) as url:
        yield fake, url


@pytest.fixture
def fake(fake_server):
    fake_server[0].reset()
    return fake_server[0]


@pytest.fixture
def url(fake_server):
    return fake_server[1]


PARAMS = {"dataType": "JSON", "base_date": "20221128", "base_time": "0500", "nx": 60, "ny": 125}


def test_a_hung_source_serves_the_last_good_answer_within_the_deadline(fake, url, clock):
    client = Api(url, FAKE_KEY, timeout_s=0.15, retries=5, deadline_s=0.4, clock=clock,
                 sleep=clock.sleep)
    parse = lambda env: len(env.items)  # noqa: E731
    assert client.get("getVilageFcst", PARAMS, parse, ttl=timedelta(minutes=5)).value == 10
    clock.advance(minutes=6)
    fake.slow_next(10, 1.0)
    started = time.monotonic()
    result = client.get("getVilageFcst", PARAMS, parse, ttl=timedelta(minutes=5))
    elapsed = time.monotonic() - started
    assert result.stale and result.value == 10 and "응답하지 않습니다" in result.error.message
    assert elapsed < 0.9, elapsed  # the deadline, not 6 tries × the timeout
    assert result.age_text() == "14:35 조회, 6분 전"


def test_the_real_log_lines_carry_no_key(fake, url, caplog):
    caplog.set_level(logging.DEBUG)
    fake.fail_next(1, 500)
    client = Api(url, FAKE_KEY, retries=1, sleep=lambda s: None)
    assert len(client.request("getVilageFcst", PARAMS).items) == 10
    assert "HTTP Request: GET" in caplog.text and "serviceKey=***" in caplog.text
    for form in key_forms(FAKE_KEY):
        assert form not in caplog.text
    assert all(c.key_ok for c in fake.calls)


def test_the_xml_answer_of_the_fake_reads_like_its_json(fake, url):
    fake.mode = "rebased"
    client = Api(url, FAKE_KEY)
    as_json = client.request("getVilageFcst", PARAMS)
    as_xml = client.request("getVilageFcst", {**PARAMS, "dataType": "XML"})
    assert fake.calls[-1].data_type == "XML"
    normal = [{k: str(v) for k, v in i.items()} for i in as_json.items]
    assert as_xml.items == normal and as_xml.total_count == as_json.total_count == 10


def test_the_recorded_body_is_served_unchanged(fake, url):
    r = httpx.get(f"{url}/getVilageFcst", params={"serviceKey": FAKE_KEY, **PARAMS,
                                                  "base_date": "20300101"})
    from tests.fakes.kma import RESPONSE_FILE
    assert r.text == RESPONSE_FILE.read_text(encoding="utf-8")
    assert json.loads(r.text)["response"]["body"]["totalCount"] == 809


# a screen does not wait for a slow source (cached(wait_s=…)) -------------------------------

def gated_loader(clock, value: str):
    """A load that blocks until `gate` is set, counting its calls."""
    gate, calls = threading.Event(), []

    def load() -> Fresh[str]:
        calls.append(1)
        gate.wait(10)
        return Fresh(value, clock.now + timedelta(minutes=30))

    return load, gate, calls


def test_a_slow_first_load_answers_pending_and_fills_the_cache_in_the_background(clock):
    from myg_app.server.publicdata.client import PublicDataPending

    client = api(lambda r: httpx.Response(500), clock)
    load, gate, calls = gated_loader(clock, "fresh")
    started = time.monotonic()
    with pytest.raises(PublicDataPending) as caught:
        client.cached("k", load, wait_s=0.2)
    assert time.monotonic() - started < 2
    assert caught.value.retryable and "잠시 후" in caught.value.message
    with pytest.raises(PublicDataPending):  # asked again meanwhile: the same load, not a second
        client.cached("k", load, wait_s=0.05)
    gate.set()
    for _ in range(100):
        try:
            result = client.cached("k", load, wait_s=0.05)
            break
        except PublicDataPending:
            time.sleep(0.05)
    assert result.value == "fresh" and not result.stale and len(calls) == 1
    client.close()


def test_a_slow_refresh_serves_the_previous_answer_marked_refreshing(clock):
    client = api(lambda r: httpx.Response(500), clock)
    client.cached("k", lambda: Fresh("old", clock.now + timedelta(minutes=30)))
    clock.advance(minutes=40)
    load, gate, calls = gated_loader(clock, "new")
    result = client.cached("k", load, wait_s=0.1)
    assert result.value == "old" and result.stale and result.refreshing
    assert result.notice == "새 정보를 받는 동안 이전 정보를 보여 드립니다 (14:35 조회, 40분 전)"
    gate.set()
    for _ in range(100):
        result = client.cached("k", load, wait_s=1.0)
        if result.value == "new":
            break
    assert result.value == "new" and not result.stale and len(calls) == 1
    client.close()


def test_a_fast_load_with_wait_s_is_served_at_once(clock):
    client = api(lambda r: httpx.Response(500), clock)
    result = client.cached("k", lambda: Fresh("v", clock.now + timedelta(minutes=5)),
                           wait_s=5.0)
    assert result.value == "v" and not result.refreshing
    client.close()
