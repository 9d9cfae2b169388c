"""The 긴급재난문자 adapter (safetydata DSSP-IF-00247): the recorded answer and error, paging,
retries, timeouts, de-duplication by SN, the service key kept out of errors and logs, and the
광양시 region rules. Runs against tests/fakes/safetydata.py and, for single answers,
httpx.MockTransport."""
from __future__ import annotations

import json
import logging
from datetime import date, datetime, timedelta
from urllib.parse import quote

import httpx
import pytest

from myg_app.server.alerts import regions
from myg_app.server.alerts.safetydata import (
    SEOUL,
    DisasterMessage,
    SafetyDataClient,
    SafetyDataError,
    SafetyDataSettings,
    from_settings,
    new_messages,
)
from tests.fakes.ports import free_port
from tests.fakes.safetydata import (
    ERROR_FILE,
    FAKE_KEY,
    RESPONSE_FILE,
    FakeSafetyData,
    envelope,
    error_envelope,
    recorded_messages,
    serve_fake_safetydata,
)

DAY = date(2025, 6, 25)


@pytest.fixture
def fake():
    return FakeSafetyData()


@pytest.fixture
def base_url(fake):
    with serve_fake_safetydata(fake) as url:
        yield url


@pytest.fixture
def sleeps():
    return []


def client(base_url: str, sleeps: list, *, key: str = FAKE_KEY, rows: int = 100,
           retries: int = 3, timeout_s: float = 5.0) -> SafetyDataClient:
    return SafetyDataClient(base_url, key, rows=rows, retries=retries, timeout_s=timeout_s,
                            sleep=sleeps.append)


def mock(handler, **kw) -> SafetyDataClient:
    return SafetyDataClient("https://www.safetydata.go.kr", FAKE_KEY, rows=3, retries=2,
                            transport=httpx.MockTransport(handler), sleep=lambda s: None, **kw)


def key_forms() -> set[str]:
    return {FAKE_KEY, quote(FAKE_KEY, safe=""), quote(FAKE_KEY)}


# the recorded answer ----------------------------------------------------------------------

def test_the_recorded_answer_parses_into_messages(fake, base_url, sleeps):
    with client(base_url, sleeps) as c:
        messages = c.fetch(DAY)
    assert [m.sn for m in messages] == [237140, 237141, 237138, 237139, 237137]
    assert all(type(m.sn) is int for m in messages)
    by_sn = {m.sn: m for m in messages}
    # trailing spaces gone, empty parts dropped, the 7 areas of the earthquake message kept
    assert by_sn[237141].regions == ("전북특별자치도 김제시",)
    assert by_sn[237138].regions == ("충청남도 천안시", "충청북도 괴산군", "충청북도 음성군",
                                     "충청북도 진천군", "충청북도 청주시", "충청북도 충주시",
                                     "충청북도 증평군")
    assert all(r == r.strip() and r for m in messages for r in m.regions)
    first = by_sn[237140]
    assert first.created_at == datetime(2025, 6, 25, 13, 9, 14, tzinfo=SEOUL)
    assert first.created_at.utcoffset() == timedelta(hours=9)
    assert first.created_at.astimezone(SEOUL).hour == 13
    assert {m.level for m in messages} == {"안전안내"}
    assert by_sn[237138].kind == "지진" and by_sn[237137].kind == "수도"
    assert first.text.startswith("6. 25.(수) 14시경 백령") and first.text.endswith("[옹진군]")
    assert first.raw["MDFCN_YMD"] == "2025/06/25 13:18:50.000000000"
    # one request, with the documented parameters
    [call] = fake.calls
    assert (call.page, call.rows, call.crt_dt, call.region, call.key_ok) == (
        1, 100, "20250625", None, True)
    assert sleeps == []


def test_levels_are_kept_and_an_unknown_one_as_given(fake, base_url, sleeps):
    fake.add("호우 경보 발효 중, 산사태 위험지역 대피 바랍니다", "전라남도 광양시 ",
             level="긴급재난", kind="호우")
    fake.add("실제상황 - 지진 발생, 즉시 대피", "전남광주통합특별시 전체", level="위급재난",
             kind="지진")
    fake.add("민방위 훈련 안내", "전라남도 광양시 중마동", level="재난훈련")
    with client(base_url, sleeps) as c:
        levels = [m.level for m in c.fetch(DAY)[5:]]
    assert levels == ["긴급재난", "위급재난", "재난훈련"]


def test_other_days_are_not_served_and_rgnNm_is_passed(fake, base_url, sleeps):
    fake.add("다른 날", created="2025/06/26 00:00:01")
    with client(base_url, sleeps) as c:
        assert [m.text for m in c.fetch(date(2025, 6, 26))] == ["다른 날"]
        assert len(c.fetch(DAY)) == 5
        assert c.fetch(date(2025, 6, 24)) == []
        assert [m.sn for m in c.fetch(DAY, region="전라남도")] == [237139]
    assert fake.calls[-1].region == "전라남도"


def test_the_recorded_files_are_the_ones_the_fake_serves():
    answer = json.loads(RESPONSE_FILE.read_text(encoding="utf-8"))
    assert answer["header"]["resultCode"] == "00" and answer["totalCount"] == 5
    assert answer["body"] == recorded_messages()
    assert json.loads(ERROR_FILE.read_text(encoding="utf-8"))["body"] is None


# errors -----------------------------------------------------------------------------------

def test_the_recorded_error_is_code_30_without_the_key(fake, base_url, sleeps, caplog):
    caplog.set_level(logging.DEBUG)
    wrong = "WRONG-key+/=="
    with client(base_url, sleeps, key=wrong) as c:
        with pytest.raises(SafetyDataError) as info:
            c.fetch(DAY)
        assert "***" in repr(c) and wrong not in repr(c)
    e = info.value
    assert e.code == 30 and e.status == 200 and not e.retryable
    assert "인증키가 등록되지 않았습니다" in e.message and "MYG_SAFETYDATA_SERVICE_KEY" in e.message
    assert e.reason == "SERVICE KEY IS NOT REGISTERED ERROR"
    for text in (str(e), repr(e), e.message, caplog.text):
        assert not any(form in text for form in {wrong, quote(wrong, safe="")})
    assert len(fake.calls) == 1 and not fake.calls[0].key_ok  # not retried
    assert sleeps == []


def test_the_recorded_error_file_itself_raises():
    body = ERROR_FILE.read_bytes()
    c = mock(lambda request: httpx.Response(200, content=body,
                                            headers={"Content-Type": "application/json"}))
    with pytest.raises(SafetyDataError) as info:
        c.fetch(DAY)
    assert info.value.code == 30 and FAKE_KEY not in str(info.value)


def test_the_key_never_reaches_a_log_line(fake, base_url, sleeps, caplog):
    caplog.set_level(logging.DEBUG)
    fake.fail_next(1, 500)
    with client(base_url, sleeps) as c:
        assert len(c.fetch(DAY)) == 5
    assert "serviceKey=***" in caplog.text  # httpx's request line, redacted
    assert not any(form in caplog.text for form in key_forms())


@pytest.mark.parametrize("code, retryable", [("01", True), ("22", False), ("99", False)])
def test_an_error_code_in_the_header_raises(code, retryable):
    calls = []

    def handler(request):
        calls.append(request)
        return httpx.Response(200, json=error_envelope(code))
    with pytest.raises(SafetyDataError) as info:
        mock(handler).fetch(DAY)
    assert info.value.code == int(code) and info.value.retryable is retryable
    assert len(calls) == (3 if retryable else 1)


def test_a_null_body_a_lone_object_and_no_data_are_tolerated(fake, base_url, sleeps):
    with client(base_url, sleeps) as c:
        fake.null_body = True
        assert c.fetch(DAY) == []
        fake.null_body = False
        fake.single_object = True
        assert [m.sn for m in c.fetch(DAY, region="김제시")] == [237141]
    nodata = mock(lambda request: httpx.Response(200, json=error_envelope("03")))
    assert nodata.fetch(DAY) == []


def test_an_answer_that_is_not_the_envelope_is_an_error():
    c = mock(lambda request: httpx.Response(200, text="<html>점검 중</html>"))
    with pytest.raises(SafetyDataError, match="JSON"):
        c.fetch(DAY)
    xml = ("<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg>"
           "<returnAuthMsg>SERVICE_KEY_IS_NOT_REGISTERED_ERROR</returnAuthMsg>"
           "<returnReasonCode>30</returnReasonCode></cmmMsgHeader></OpenAPI_ServiceResponse>")
    with pytest.raises(SafetyDataError) as info:
        mock(lambda request: httpx.Response(200, text=xml)).fetch(DAY)
    assert info.value.code == 30


def test_unusable_items_are_skipped_not_fatal(caplog):
    rows = recorded_messages()[:2] + [{"SN": "x", "CRT_DT": "2025/06/25 01:00:00"},
                                      {"SN": "5", "CRT_DT": "어제"}, "not an object"]
    c = mock(lambda request: httpx.Response(200, json=envelope(rows, total=5)))
    c.rows = 10
    assert [m.sn for m in c.fetch(DAY)] == [237140, 237141]
    assert caplog.text.count("skipped") == 3


# paging -----------------------------------------------------------------------------------

def test_small_pages_walk_until_totalCount(fake, base_url, sleeps):
    for i in range(2):
        fake.add(f"추가 {i}")
    with client(base_url, sleeps, rows=2) as c:
        messages = c.fetch(DAY)
    assert len(messages) == 7 and len({m.sn for m in messages}) == 7
    assert [(call.page, call.rows) for call in fake.calls] == [(1, 2), (2, 2), (3, 2), (4, 2)]


def test_paging_from_a_later_page(fake, base_url, sleeps):
    with client(base_url, sleeps, rows=2) as c:
        assert [m.sn for m in c.fetch(DAY, page=2)] == [237138, 237139, 237137]
    assert [call.page for call in fake.calls] == [2, 3]


def test_a_message_shifted_across_pages_is_kept_once():
    rows = recorded_messages()
    pages = {1: rows[0:3], 2: rows[2:5], 3: rows[5:]}  # a new message pushed one row down

    def handler(request):
        page = int(request.url.params["pageNo"])
        return httpx.Response(200, json=envelope(pages[page], total=6, page=page, rows=3))
    messages = mock(handler).fetch(DAY)
    assert [m.sn for m in messages] == [237140, 237141, 237138, 237139, 237137]


# retries and timeouts ---------------------------------------------------------------------

def test_retries_on_500_then_succeeds(fake, base_url, sleeps):
    fake.fail_next(2, 500)
    with client(base_url, sleeps) as c:
        assert len(c.fetch(DAY)) == 5
    assert [call.status for call in fake.calls] == [500, 500, 200]
    assert sleeps == [0.5, 1.0]  # exponential backoff, through the injected sleep


def test_retries_on_429_and_gives_up_after_the_last(fake, base_url, sleeps):
    fake.fail_next(3, 429)
    with client(base_url, sleeps, retries=2) as c:
        with pytest.raises(SafetyDataError) as info:
            c.fetch(DAY)
    assert info.value.status == 429 and info.value.retryable
    assert len(fake.calls) == 3 and len(sleeps) == 2


def test_a_timeout_is_an_error_and_is_retried(fake, base_url, sleeps):
    fake.slow_next(1, 0.6)
    with client(base_url, sleeps, retries=0, timeout_s=0.2) as c:
        with pytest.raises(SafetyDataError, match="응답하지 않습니다") as info:
            c.fetch(DAY)
    assert info.value.status is None and info.value.retryable
    assert not any(form in str(info.value) for form in key_forms())
    fake.slow_next(1, 0.6)
    with client(base_url, sleeps, retries=1, timeout_s=0.2) as c:
        assert len(c.fetch(DAY)) == 5
    assert len(sleeps) == 1


def test_a_refused_connection_is_an_error(sleeps):
    with client(f"http://127.0.0.1:{free_port()}", sleeps, retries=1) as c:
        with pytest.raises(SafetyDataError, match="연결하지 못했습니다"):
            c.fetch(DAY)
    assert len(sleeps) == 1


# de-duplication ---------------------------------------------------------------------------

def _message(sn: int, minute: int) -> DisasterMessage:
    return DisasterMessage(sn=sn, text=f"m{sn}", regions=("전라남도 광양시",),
                           created_at=datetime(2025, 6, 25, 9, minute, tzinfo=SEOUL),
                           level="안전안내", kind="기타")


def test_new_messages_drops_seen_and_repeated_sns_oldest_first():
    a, b, c = _message(10, 5), _message(11, 1), _message(12, 3)
    edited = _message(11, 1)
    seen = {10}
    fresh = new_messages([a, b, c, edited, c], seen)
    assert [m.sn for m in fresh] == [11, 12]  # 11 was created first
    assert seen == {10}  # not changed: the caller records what it sent
    assert new_messages(fresh, {11, 12}) == []
    assert new_messages([], set()) == []


def test_polling_twice_yields_only_the_new_message(fake, base_url, sleeps):
    with client(base_url, sleeps) as c:
        first = c.fetch(DAY)
        seen = {m.sn for m in new_messages(first, set())}
        fake.add("새 재난문자", sn=237142)
        second = new_messages(c.fetch(DAY), seen)
    assert len(seen) == 5 and [m.sn for m in second] == [237142]


# settings ---------------------------------------------------------------------------------

def test_settings_from_the_environment_hide_the_key(monkeypatch):
    monkeypatch.setenv("MYG_SAFETYDATA_SERVICE_KEY", FAKE_KEY)
    monkeypatch.setenv("MYG_SAFETYDATA_ROWS", "50")
    s = SafetyDataSettings()
    assert s.service_key == FAKE_KEY and s.rows == 50
    assert s.base_url == "https://www.safetydata.go.kr" and s.poll_seconds == 60
    assert FAKE_KEY not in repr(s)
    c = from_settings(s)
    assert c.rows == 50 and FAKE_KEY not in repr(c)
    c.close()
    monkeypatch.delenv("MYG_SAFETYDATA_SERVICE_KEY")
    with pytest.raises(SafetyDataError, match="MYG_SAFETYDATA_SERVICE_KEY"):
        from_settings(SafetyDataSettings())


# regions ----------------------------------------------------------------------------------

REGION_CASES = [
    # (area, applies, dongs_of)
    ("전라남도 광양시", True, None),
    ("전라남도 광양시 ", True, None),  # the API's trailing space
    ("전남광주통합특별시 광양시", True, None),  # the 2026 name
    ("전남광주통합특별시 광양시 중마동", True, {"중마동"}),
    ("전라남도 광양시 광양읍", True, {"광양읍"}),
    ("전라남도 광양시 전체", True, None),
    ("전남 광양시 다압면", True, {"다압면"}),
    ("광양시 금호동", True, {"금호동"}),
    ("전라남도 광양시 황금동", True, None),  # part of 광양 we cannot place: the whole city
    ("전라남도 전체", True, None),
    ("전남 전체", True, None),
    ("전남광주통합특별시 전체", True, None),
    ("전라남도", True, None),
    ("전국", True, None),
    ("전라남도 순천시", False, set()),
    ("전남광주통합특별시 여수시", False, set()),
    ("전남광주통합특별시 서구", False, set()),  # a 구 of the former 광주광역시
    ("광주광역시 전체", False, set()),
    ("광주광역시 북구", False, set()),
    ("경상남도 하동군", False, set()),
    ("경기도 광주시 신현동", False, set()),
    ("경상남도 전체", False, set()),
    ("", False, set()),
    ("전라남도 순천시 ,전라남도 광양시 진월면,전라남도 광양시 태인동 ", True,
     {"진월면", "태인동"}),
    ("전라남도 순천시 ,전라남도 광양시 진월면,전라남도 전체", True, None),
    ("경상남도 하동군 ,광주광역시 전체", False, set()),
]


@pytest.mark.parametrize("area, applies, dongs", REGION_CASES)
def test_regions(area, applies, dongs):
    assert regions.applies_to_gwangyang(area) is applies
    assert regions.dongs_of(area) == dongs


def test_regions_of_the_recorded_messages_and_of_a_parsed_one():
    for row in recorded_messages():  # 옹진, 김제, 충청, 신안, 경기 광주: none is 광양's
        assert not regions.applies_to_gwangyang(row["RCPTN_RGN_NM"])
    m = DisasterMessage.from_api({"SN": 1, "CRT_DT": "2026/07/01 10:00:00",
                                  "RCPTN_RGN_NM": "전남광주통합특별시 광양시 옥곡면 ,"
                                                  "전남광주통합특별시 광양시 진상면 ,"})
    assert m.regions == ("전남광주통합특별시 광양시 옥곡면", "전남광주통합특별시 광양시 진상면")
    assert regions.dongs_of_regions(m.regions) == {"옥곡면", "진상면"}
