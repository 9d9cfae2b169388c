"""The 보조금24 (odcloud gov24/v3) adapter: paging, the envelope, error bodies, retries, and
that the service key never shows in an error or a log line. Runs against tests/fakes/odcloud.py
(the recorded 1,097-service sample) and, for single answers, httpx.MockTransport."""
from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from myg_app.server.welfare import records
from myg_app.server.welfare.odcloud import (
    Gov24Settings,
    OdcloudClient,
    OdcloudError,
    from_settings,
)
from tests.fakes.odcloud import (
    FAKE_KEY,
    OPERATIONS,
    FakeOdcloud,
    recorded,
    serve_fake_odcloud,
)

PAGES = Path(__file__).resolve().parents[1] / "data" / "gov24"
SAMPLE = 1097


@pytest.fixture
def fake():
    return FakeOdcloud()


@pytest.fixture
def base_url(fake):
    with serve_fake_odcloud(fake) as url:
        yield url


@pytest.fixture
def sleeps():
    return []


def client(base_url: str, sleeps: list, *, key: str = FAKE_KEY, per_page: int = 500,
           retries: int = 3, timeout_s: float = 5.0, **kw) -> OdcloudClient:
    return OdcloudClient(base_url, key, per_page=per_page, retries=retries,
                         timeout_s=timeout_s, sleep=sleeps.append, **kw)


def mock(handler) -> OdcloudClient:
    return OdcloudClient("https://api.odcloud.kr/api", FAKE_KEY, per_page=3, retries=2,
                         transport=httpx.MockTransport(handler), sleep=lambda s: None)


# paging and the envelope ------------------------------------------------------------------

def test_small_pages_walk_the_whole_sample_and_join_every_service(fake, base_url, sleeps):
    with client(base_url, sleeps, per_page=50) as c:
        catalogue = c.fetch_catalogue()
        walks = dict(c.last_walk)
    assert len(catalogue) == SAMPLE
    assert [r["id"] for r in catalogue] == [str(r["서비스ID"]) for r in recorded("serviceList")]
    assert len({r["id"] for r in catalogue}) == SAMPLE
    pages = -(-SAMPLE // 50)  # 22
    for op in OPERATIONS:
        calls = fake.calls_to(op)
        assert [c.page for c in calls] == list(range(1, pages + 1))
        assert {c.per_page for c in calls} == {50} and all(c.key_ok for c in calls)
        assert walks[op] == {"collected": SAMPLE, "expected": SAMPLE, "pages": pages}
    # the join used all three operations: detail text and condition flags arrived
    assert sum(bool(r["purpose"]) for r in catalogue) > 400  # only in serviceDetail
    assert sum(r["conditions"] is not None for r in catalogue) > SAMPLE // 2
    assert catalogue == records.join_api(recorded("serviceList"), recorded("serviceDetail"),
                                         recorded("supportConditions"))
    assert sleeps == []


def test_the_fake_answers_in_the_recorded_envelope(fake, base_url, sleeps):
    recorded_page = json.loads((PAGES / "serviceList_page.json").read_text())
    with client(base_url, sleeps, per_page=3) as c:
        env = c.page("serviceList", 2)
    assert list(env) == list(recorded_page)  # same keys, same order
    assert (env["page"], env["perPage"], env["currentCount"]) == (2, 3, 3)
    assert env["totalCount"] == env["matchCount"] == SAMPLE
    assert env["data"] == list(recorded("serviceList")[3:6])


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_recorded_api_page_parses(operation):
    recorded_page = json.loads((PAGES / f"{operation}_page.json").read_text())
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(dict(request.url.params))
        return httpx.Response(200, json=recorded_page)

    env = mock(handler).page(operation, 1)
    assert env["data"] == recorded_page["data"] and env["totalCount"] == 10966
    assert request_path_ok(seen[0], per_page=3)


def request_path_ok(params: dict, per_page: int) -> bool:
    return params == {"page": "1", "perPage": str(per_page), "returnType": "JSON",
                      "serviceKey": FAKE_KEY}


def test_a_walk_that_ends_short_of_the_count_is_an_error_not_a_smaller_catalogue():
    recorded_page = json.loads((PAGES / "serviceList_page.json").read_text())

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params["page"] == "1":
            return httpx.Response(200, json=recorded_page)
        return httpx.Response(200, json={**recorded_page, "page": 2, "currentCount": 0,
                                         "data": []})

    c = mock(handler)
    assert [len(d) for d in c.pages("serviceList")] == [3]
    assert c.last_walk["serviceList"] == {"collected": 3, "expected": 10966, "pages": 2}
    with pytest.raises(OdcloudError, match="3/10966"):
        c.fetch_all("serviceList")
    assert len(c.fetch_all("serviceList", complete=False)) == 3


def test_a_changed_catalogue_shows_on_the_next_import(fake, base_url, sleeps):
    with client(base_url, sleeps) as c:
        before = {r["id"]: r for r in c.fetch_catalogue()}
        ids = fake.ids()
        fake.drop_ids |= {ids[0], ids[1]}
        fake.replace(ids[2], {"서비스명": "바뀐 이름", "지원내용": "바뀐 내용"})
        after = {r["id"]: r for r in c.fetch_catalogue()}
    assert len(after) == SAMPLE - 2 and ids[0] not in after and ids[1] not in after
    assert after[ids[2]]["name"] == "바뀐 이름" and after[ids[2]]["content"] == "바뀐 내용"
    assert after[ids[2]]["content_hash"] != before[ids[2]]["content_hash"]
    assert after[ids[3]]["content_hash"] == before[ids[3]]["content_hash"]


# errors and retries -----------------------------------------------------------------------

def test_a_bad_key_is_odcloud_minus_4_without_the_key_anywhere(fake, base_url, sleeps,
                                                                 caplog):
    bad = "my-secret-key+ABC/def=="
    caplog.set_level(logging.DEBUG)
    with client(base_url, sleeps, key=bad) as c:
        text = repr(c)
        with pytest.raises(OdcloudError) as info:
            c.fetch_catalogue()
    e = info.value
    assert (e.status, e.code) == (401, -4)
    assert "인증키" in e.message and "odcloud -4" in str(e)
    for form in (bad, quote(bad, safe=""), "my-secret-key"):
        assert form not in str(e) and form not in repr(e) and form not in text
        assert form not in caplog.text
    assert e.__cause__ is None
    assert len(fake.calls) == 1 and not fake.calls[0].key_ok  # not retried
    assert sleeps == []


def test_httpx_request_log_lines_carry_no_key(base_url, sleeps, caplog):
    caplog.set_level(logging.INFO, logger="httpx")
    with client(base_url, sleeps, per_page=3) as c:
        c.page("serviceList", 1)
    assert "HTTP Request" in caplog.text and "serviceKey=***" in caplog.text
    assert FAKE_KEY not in caplog.text and quote(FAKE_KEY, safe="") not in caplog.text


def test_the_url_encoded_form_of_the_key_works_too(fake, base_url, sleeps):
    # data.go.kr shows the key URL-encoded and decoded; operators paste either
    with client(base_url, sleeps, key=quote(FAKE_KEY, safe=""), per_page=3) as c:
        assert len(c.page("serviceList", 1)["data"]) == 3
    assert fake.calls[0].key_ok


def test_two_server_errors_are_retried_with_backoff(fake, base_url, sleeps):
    fake.fail_next(2, status=500)
    with client(base_url, sleeps, per_page=3) as c:
        env = c.page("serviceList", 1)
    assert env["currentCount"] == 3
    assert [call.status for call in fake.calls] == [500, 500, 200]
    assert sleeps == [0.2, 0.4]


def test_endless_server_errors_give_up_after_the_retries(fake, base_url, sleeps):
    fake.fail_next(100, status=503)
    with client(base_url, sleeps, retries=3) as c, pytest.raises(OdcloudError) as info:
        c.fetch_catalogue()
    assert (info.value.status, info.value.code) == (503, -1)
    assert info.value.operation == "serviceList" and "서버 내부 오류" in str(info.value)
    assert len(fake.calls) == 4  # one try and three retries
    assert sleeps == [0.2, 0.4, 0.8]


def test_too_many_requests_is_retried(fake, base_url, sleeps):
    fake.fail_next(1, status=429)
    with client(base_url, sleeps, per_page=3) as c:
        assert c.page("serviceList", 1)["currentCount"] == 3
    assert [call.status for call in fake.calls] == [429, 200]


def test_a_timeout_is_retried(fake, base_url, sleeps):
    fake.slow_next(1, 1.0)
    with client(base_url, sleeps, per_page=3, timeout_s=0.3) as c:
        assert c.page("serviceList", 1)["currentCount"] == 3
    assert sleeps == [0.2]


def test_endless_timeouts_give_up(fake, base_url, sleeps):
    fake.slow_next(5, 0.6)
    with client(base_url, sleeps, per_page=3, timeout_s=0.2, retries=1) as c, pytest.raises(OdcloudError, match="응답하지 않습니다") as info:
        c.page("serviceList", 1)
    assert info.value.status is None and info.value.code is None
    assert FAKE_KEY not in str(info.value)
    assert sleeps == [0.2]


def test_a_refused_connection_is_retried_then_reported(sleeps):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with client(f"http://127.0.0.1:{port}/api", sleeps, retries=2) as c, pytest.raises(OdcloudError, match="연결하지 못했습니다") as info:
        c.page("serviceList", 1)
    assert info.value.status is None and sleeps == [0.2, 0.4]


def test_a_bad_request_is_not_retried(fake, base_url, sleeps):
    fake.fail_next(1, status=400)
    with client(base_url, sleeps) as c, pytest.raises(OdcloudError) as info:
        c.page("serviceList", 1)
    assert (info.value.status, info.value.code) == (400, -2)
    assert len(fake.calls) == 1 and sleeps == []


def test_the_gateways_xml_auth_error_is_an_error(fake, base_url, sleeps):
    fake.xml_auth_error = True
    with client(base_url, sleeps) as c, pytest.raises(OdcloudError) as info:
        c.fetch_catalogue()
    e = info.value
    assert e.status == 200 and e.code == -4
    assert e.reason == "SERVICE_KEY_IS_NOT_REGISTERED_ERROR" and "인증키" in e.message
    assert len(fake.calls) == 1 and sleeps == []


@pytest.mark.parametrize("answer, code", [
    (httpx.Response(200, text="<html><body>점검 중입니다</body></html>"), None),
    (httpx.Response(200, text="not json"), None),
    (httpx.Response(200, json={"code": -4, "msg": "등록되지 않은 인증키 입니다."}), -4),
    (httpx.Response(400, json={"code": -3, "msg": "등록되지 않은 서비스 입니다."}), -3),
    (httpx.Response(200, json={"page": 1, "perPage": 3, "totalCount": 1}), None),
])
def test_anything_but_the_envelope_is_an_error(answer, code):
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return answer

    with pytest.raises(OdcloudError) as info:
        mock(handler).page("serviceList", 1)
    assert info.value.code == code and len(calls) == 1
    assert FAKE_KEY not in str(info.value)


def test_an_unknown_error_code_keeps_odclouds_words_without_the_key():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"code": -77, "msg": f"bad serviceKey={FAKE_KEY}"})

    with pytest.raises(OdcloudError) as info:
        mock(handler).page("serviceList", 1)
    assert info.value.code == -77 and "serviceKey=***" in str(info.value)
    assert FAKE_KEY not in str(info.value)


# settings ---------------------------------------------------------------------------------

def test_from_settings_without_a_key_says_what_to_set(monkeypatch):
    monkeypatch.delenv("MYG_GOV24_SERVICE_KEY", raising=False)
    with pytest.raises(OdcloudError, match="MYG_GOV24_SERVICE_KEY"):
        from_settings(Gov24Settings())
    with pytest.raises(OdcloudError, match="설정되지 않았습니다"):
        from_settings(Gov24Settings(service_key="  "))


def test_settings_come_from_the_environment_and_hide_the_key(monkeypatch, fake, base_url):
    monkeypatch.setenv("MYG_GOV24_SERVICE_KEY", FAKE_KEY)
    monkeypatch.setenv("MYG_GOV24_BASE_URL", base_url)
    monkeypatch.setenv("MYG_GOV24_PER_PAGE", "400")
    s = Gov24Settings()
    assert (s.service_key, s.base_url, s.per_page, s.retries, s.timeout_s) == (
        FAKE_KEY, base_url, 400, 3, 10.0)
    assert FAKE_KEY not in repr(s) and FAKE_KEY not in str(s)
    assert Gov24Settings.model_fields["base_url"].default == "https://api.odcloud.kr/api"
    with from_settings(s) as c:
        assert len(c.fetch_all("supportConditions")) == SAMPLE
        assert FAKE_KEY not in repr(c)
    assert [call.per_page for call in fake.calls] == [400, 400, 400]
