"""The 병원·약국 adapters (server/hospital/nmc.py, hira.py) against a local fake written from the
APIs' documentation (tests/fakes/hospital.py: there is no recording of these APIs): parsing,
quirks, the Korean errors, cache expiry, and the last good answer when the fake fails or hangs."""
from __future__ import annotations

import time
from datetime import datetime

import pytest

from myg_app.seoul_time import SEOUL
from myg_app.server.hospital import hira, nmc, service
from myg_app.server.publicdata.client import PublicDataError, PublicDataPending
from tests.fakes.hospital import FAKE_KEY, HIRA_PATH, NMC_PATH, FakeHospitalApis, serve_fake
from tests.fakes.kma import ManualClock

START = datetime(2026, 12, 4, 10, 0, tzinfo=SEOUL)


@pytest.fixture(scope="module")
def fake_root():
    fake = FakeHospitalApis()
    with serve_fake(fake) as root:
        yield fake, root


@pytest.fixture
def fake(fake_root):
    fake_root[0].reset()
    return fake_root[0]


@pytest.fixture
def clock():
    return ManualClock(START)


def clients(fake_root, clock, key=FAKE_KEY, **kw):
    _, root = fake_root
    kw = {"timeout_s": 2.0, "retries": 1, "clock": clock, "sleep": clock.sleep, **kw}
    return (nmc.from_settings(nmc.NmcSettings(service_key=key, base_url=root + NMC_PATH, **kw)),
            hira.from_settings(hira.HiraSettings(service_key=key, base_url=root + HIRA_PATH,
                                                 **kw)))


def make(fake_root, clock, **kw):
    _, root = fake_root
    settings = {k: kw.pop(k) for k in ("timeout_s", "retries") if k in kw}
    n = nmc.NmcClient(root + NMC_PATH, FAKE_KEY, clock=clock, sleep=clock.sleep,
                      timeout_s=settings.get("timeout_s", 2.0), retries=settings.get("retries", 1),
                      **kw)
    h = hira.HiraClient(root + HIRA_PATH, FAKE_KEY, clock=clock, sleep=clock.sleep,
                        timeout_s=settings.get("timeout_s", 2.0),
                        retries=settings.get("retries", 1), **kw)
    return n, h


def test_no_key_means_no_client_and_the_sample_serves():
    assert nmc.from_settings(nmc.NmcSettings(service_key=None)) is None
    assert hira.from_settings(hira.HiraSettings(service_key="  ")) is None
    found, source = service.places(service.Sources(None, None), "pharmacy", None)
    assert source.kind == "sample" and "예시" in source.notice and found


def test_nmc_xml_is_parsed_and_limited_to_the_city(fake, fake_root, clock):
    n, _ = make(fake_root, clock)
    r = n.places("hospital")
    names = [p.name for p in r.value]
    assert names == ["시험내과의원", "시험소아청소년과의원", "시험종합병원"]  # 순천 and no-hpid out
    child = r.value[1]
    assert child.moonlight and child.week[8].text == "09:00~24:00"
    assert r.value[2].emergency and r.value[2].emergency_phone == "061-000-9004"
    op, params = fake.calls[-1]
    assert op.endswith("getHsptlMdcncListInfoInqire") and params["Q1"] == "광양시"
    assert "Q0" not in params and "QD" not in params


def test_department_is_asked_for_with_each_api_code(fake, fake_root, clock):
    n, h = make(fake_root, clock)
    assert [p.name for p in n.places("hospital", "11").value] == ["시험소아청소년과의원"]
    assert fake.calls[-1][1]["QD"] == "D011"
    assert [p.name for p in h.places("hospital", "01").value] == ["시험내과의원"]
    assert fake.calls[-1][1]["dgsbjtCd"] == "01" and fake.calls[-1][1]["_type"] == "json"


def test_hira_json_numbers_strings_and_single_object(fake, fake_root, clock):
    _, h = make(fake_root, clock)
    fake.string_numbers = True
    fake.single_object = True
    r = h.places("pharmacy")
    assert len(r.value) == 1 and r.value[0].lat == 34.9405 and r.value[0].lon == 127.697
    n, _ = make(fake_root, clock)
    assert [p.name for p in n.places("pharmacy", None).value] == ["시험약국", "시험심야약국"]


def test_empty_items_and_nodata_are_empty_not_errors(fake, fake_root, clock):
    n, h = make(fake_root, clock)
    fake.empty_items = "empty_string"
    assert n.places("pharmacy").value == []
    fake.reset()
    assert h.places("hospital", "26").value == []  # resultCode 03


def test_gateway_key_error_is_korean_and_not_retried(fake, fake_root, clock):
    n, _ = clients(fake_root, clock, key="wrong-key")
    with pytest.raises(PublicDataError) as e:
        n.places("hospital")
    assert "등록되지 않은 인증키" in e.value.message and "MYG_NMC_SERVICE_KEY" in e.value.message
    assert len(fake.calls) == 1 and "wrong-key" not in str(e.value)


def test_result_code_errors_become_korean(fake, fake_root, clock):
    _, h = make(fake_root, clock, retries=0)
    fake.code_next(1, "22")
    with pytest.raises(PublicDataError) as e:
        h.places("hospital")
    assert "트래픽" in e.value.message and e.value.code == 22


def test_cache_lasts_its_ttl_then_asks_again(fake, fake_root, clock):
    n, _ = make(fake_root, clock)
    n.places("pharmacy")
    n.places("pharmacy")
    assert len(fake.calls) == 1
    clock.advance(seconds=nmc.SOURCE_TTL.total_seconds() + 1)
    r = n.places("pharmacy")
    assert len(fake.calls) == 2 and not r.stale


def test_failure_serves_the_last_good_answer_with_its_age(fake, fake_root, clock):
    n, _ = make(fake_root, clock, retries=1)
    first = n.places("hospital")
    clock.advance(hours=7)
    fake.fail_next(5, 500)
    r = n.places("hospital")
    assert r.stale and r.value == first.value and "이전 정보" in r.notice
    assert "7시간" in r.age_text() and clock.sleeps  # retried with back-off first
    src = service.live_source(service.NAME, r)
    assert src.stale and src.kind == "live"


def test_a_hanging_source_does_not_hold_the_screen(fake, fake_root, clock):
    n, _ = make(fake_root, clock, timeout_s=5.0, retries=0)
    n.places("pharmacy")
    clock.advance(hours=7)
    fake.slow_next(1, 3.0)
    started = time.monotonic()
    r = n.places("pharmacy", wait_s=0.3)
    assert time.monotonic() - started < 1.5
    assert r.stale and r.refreshing and r.value
    # Nothing earlier for another key: pending, not a wait.
    fake.slow_next(1, 3.0)
    started = time.monotonic()
    with pytest.raises(PublicDataPending):
        n.places("hospital", "11", wait_s=0.3)
    assert time.monotonic() - started < 1.5
    n.close()


def test_a_timeout_without_an_earlier_answer_fails_in_korean(fake, fake_root, clock):
    n, _ = make(fake_root, clock, timeout_s=0.3, retries=0)
    fake.slow_next(1, 1.5)
    with pytest.raises(PublicDataError) as e:
        n.places("pharmacy")
    assert "응답하지 않습니다" in e.value.message


def test_service_merges_both_and_serves_without_hira_when_it_fails(fake, fake_root, clock):
    n, h = make(fake_root, clock)
    src = service.Sources(n, h)
    found, source = service.places(src, "hospital", None)
    assert source.kind == "live" and not source.stale
    names = [p.name for p in found]
    assert names.count("시험내과의원") == 1 and "시험한의원" in names  # merged by phone
    inner = next(p for p in found if p.name == "시험내과의원")
    assert inner.category == "의원" and inner.week
    n2, h2 = make(fake_root, clock, retries=0)
    n2.places("pharmacy")  # cached: the next answer asks only HIRA, which fails
    fake.fail_next(1, 500)
    found, source = service.places(service.Sources(n2, h2), "pharmacy", None)
    assert [p.name for p in found] == ["시험약국", "시험심야약국"] and source.kind == "live"


def test_nmc_failing_with_nothing_to_serve_is_a_korean_503(fake, fake_root, clock):
    n, h = make(fake_root, clock, retries=0)
    fake.fail_next(2, 500)
    with pytest.raises(Exception) as e:
        service.places(service.Sources(n, h), "hospital", "01")
    assert getattr(e.value, "status", None) == 503 and "병원·약국" in e.value.detail
