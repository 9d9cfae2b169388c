"""The TAGO 버스정보 adapter (server/bus/tago.py) and the bundled sample (sources.py): parsing of
bodies and the known quirks (a lone item as an object, numbers as numbers or strings, XML, no
items), the recorded city-code list, the cache and its expiry, Korean errors without the key,
and the last good answer when the fake fails or hangs (served stale with its age, arrivals
counted down). Runs against tests/fakes/tago.py, which is written from the official API guides
(no 광양 answer is recorded; only getCtyCodeList is)."""
from __future__ import annotations

import json
import time
from datetime import datetime, timedelta

import httpx
import pytest

from myg_app.seoul_time import SEOUL
from myg_app.server.bus import tago
from myg_app.server.bus.sources import LiveBus, SampleBus, arrival_age
from myg_app.server.bus.tago import (
    TagoClient,
    TagoSettings,
    from_settings,
    label,
    parse_arrivals,
    parse_route_stops,
    parse_stops,
)
from myg_app.server.errors import AppError
from myg_app.server.publicdata.client import PublicDataError, PublicDataPending
from tests.fakes.kma import ManualClock, to_xml
from tests.fakes.tago import CITY_CODES_FILE, FAKE_KEY, FakeTago, serve_fake_tago

NOW = datetime(2026, 12, 4, 14, 0, tzinfo=SEOUL)


@pytest.fixture(scope="module")
def served():
    fake = FakeTago()
    with serve_fake_tago(fake) as url:
        yield fake, url


@pytest.fixture
def fake(served):
    served[0].reset()
    return served[0]


@pytest.fixture
def clock():
    return ManualClock(NOW)


@pytest.fixture
def client(served, fake, clock):
    c = TagoClient(served[1], FAKE_KEY, clock=clock, sleep=clock.sleep, timeout_s=2,
                   retries=2, backoff_s=0.5)
    yield c
    c.close()


# values and parsing -----------------------------------------------------------------------

@pytest.mark.parametrize("raw, want", [(9, "9"), (9.0, "9"), ("9", "9"), (" 21-1 ", "21-1"),
                                       ("9.0", "9"), (None, None), ("", None), (True, None)])
def test_route_numbers_as_people_read_them(raw, want):
    assert label(raw) == want


def test_arrivals_parse_numbers_strings_and_skip_broken_items():
    rows = parse_arrivals([
        {"routeid": "R1", "routeno": 9, "arrtime": "300", "arrprevstationcnt": "2"},
        {"routeid": "R2", "routeno": "21-1", "arrtime": 60, "arrprevstationcnt": 1,
         "routetp": "좌석버스", "vehicletp": "저상버스", "nodenm": "광양시청"},
        {"routeid": "R3", "routeno": 33},  # no arrtime: skipped
        {"routeno": 5, "arrtime": 10},  # no routeid: skipped
        {"routeid": "R4", "routeno": 7, "arrtime": "soon"},
    ])
    assert [(r.route_no, r.seconds, r.stops_left) for r in rows] == [("21-1", 60, 1),
                                                                     ("9", 300, 2)]
    assert rows[0].vehicle_type == "저상버스" and rows[0].stop_name == "광양시청"


def test_stops_near_filter_the_city_and_sort_by_distance():
    items = [{"nodeid": "B", "nodenm": "먼 곳", "gpslati": 34.95, "gpslong": 127.70,
              "citycode": "36060"},
             {"nodeid": "A", "nodenm": "가까운 곳", "gpslati": 34.9408, "gpslong": 127.6959,
              "citycode": 36060},
             {"nodeid": "X", "nodenm": "순천", "gpslati": 34.9407, "gpslong": 127.6959,
              "citycode": 36030},
             {"nodenm": "id 없음"}]
    stops = parse_stops(items, city=36060, near=(34.9407, 127.6959))
    assert [s.id for s in stops] == ["A", "B"]
    assert stops[0].distance_m == 11 and stops[1].distance_m > 900


def test_route_stops_in_route_order_with_direction():
    rows = parse_route_stops([
        {"nodeid": "B", "nodenm": "둘", "nodeord": "2", "updowncd": 1},
        {"nodeid": "A", "nodenm": "하나", "nodeord": 1, "updowncd": "0"}])
    assert [(r.order, r.stop.id, r.direction) for r in rows] == [(1, "A", "상행"),
                                                                 (2, "B", "하행")]


def test_recorded_city_codes_name_gwangyang_36060(client):
    cities = client.city_codes().value
    assert cities[36060] == "광양시" and cities[36030] == "순천시"
    assert len(cities) == len(json.loads(CITY_CODES_FILE.read_text())["response"]["body"]
                              ["items"]["item"])


def test_an_xml_answer_with_a_lone_item_reads_like_json(client):
    doc = {"response": {"header": {"resultCode": "00", "resultMsg": "NORMAL SERVICE."},
                        "body": {"items": {"item": {"routeid": "R1", "routeno": "9",
                                                    "arrtime": "120"}}, "totalCount": "1"}}}
    env = client.decode(httpx.Response(200, text=to_xml(doc)))
    assert [r.route_no for r in parse_arrivals(env.items)] == ["9"]


# against the fake ---------------------------------------------------------------------------

def test_stops_by_name_and_by_number(client, fake):
    assert [s.name for s in client.stops_by_name("시청").value] == ["광양시청", "광양시청 건너편"]
    assert [s.id for s in client.stops_by_name("1007").value] == ["GYB102"]
    asked = [c.params for c in fake.calls]
    assert asked[0]["nodeNm"] == "시청" and asked[1]["nodeNo"] == "1007"
    assert all(p["cityCode"] == "36060" and p["_type"] == "json" for p in asked)


def test_nothing_found_is_an_empty_list_not_an_error(client):
    assert client.stops_by_name("없는정류장").value == []


@pytest.mark.parametrize("quirk", ["single_object", "numbers", "string_numbers"])
def test_quirks_of_arrivals(client, fake, quirk):
    setattr(fake, quirk, True)
    rows = client.arrivals("GYB102").value  # one arrival: a lone object with single_object
    assert [(r.route_no, r.seconds, r.stops_left) for r in rows] == [("21-1", 60, 1)]
    rows = client.arrivals("GYB100").value
    assert [(r.route_no, r.seconds) for r in rows] == [("9", 420), ("9", 1260)]


def test_a_lone_stop_with_a_numeric_number(client, fake):
    fake.single_object, fake.numbers = True, True
    stops = client.stops_by_name("중마").value
    assert [(s.id, s.no) for s in stops] == [("GYB102", "1007")]


def test_items_as_empty_string(client, fake):
    fake.empty_items = True
    assert client.arrivals("GYB100").value == []


def test_near_leaves_out_the_neighbouring_city(client):
    stops = client.stops_near(34.9407, 127.6959).value
    assert [s.id for s in stops] == ["GYB100", "GYB101", "GYB102"]
    assert stops[0].distance_m == 0


def test_route_stops_from_the_fake(client):
    rows = client.route_stops("GYB9000").value
    assert [r.stop.name for r in rows] == ["광양읍버스터미널", "광양시청", "중마버스터미널"]


# cache, errors, fallback --------------------------------------------------------------------

def test_arrivals_are_cached_for_20_seconds(client, fake, clock):
    client.arrivals("GYB100")
    client.arrivals("GYB100")
    assert len(fake.calls) == 1
    clock.advance(seconds=21)
    client.arrivals("GYB100")
    assert len(fake.calls) == 2
    client.stops_by_name("시청")
    clock.advance(hours=23)
    client.stops_by_name("시청")
    assert len(fake.calls) == 3  # stops: a day


def test_retries_with_back_off_then_succeeds(client, fake, clock):
    fake.fail_next(2, 503)
    assert client.arrivals("GYB100").value
    assert clock.sleeps == [0.5, 1.0] and len(fake.calls) == 3


def test_gateway_key_error_in_korean_without_the_key(client, fake):
    fake.gateway_error_next(1, "30")
    with pytest.raises(PublicDataError) as e:
        client.arrivals("GYB100")
    assert "MYG_TAGO_SERVICE_KEY" in e.value.message and "등록되지 않은 인증키" in e.value.message
    assert FAKE_KEY not in str(e.value) and len(fake.calls) == 1  # a key fault: no retry


@pytest.mark.parametrize("code, words", [("22", "트래픽"), ("12", "폐기된"), ("11", "필수")])
def test_result_codes_become_korean(client, fake, code, words):
    fake.code_next(1, code)
    with pytest.raises(PublicDataError) as e:
        client.stops_by_name("시청")
    assert words in e.value.message


def test_a_failing_source_serves_the_last_answer_with_its_age(client, fake, clock):
    first = client.arrivals("GYB100")
    clock.advance(seconds=150)
    fake.fail_next(3, 500)
    again = client.arrivals("GYB100")
    assert again.stale and again.value == first.value
    assert "이전 정보" in again.notice and "2분 전" in again.notice
    counted = arrival_age(again.value, (again.served_at - again.fetched_at).total_seconds())
    assert [left for _, left in counted] == [268, 1108]  # 151.5 s: the back-off too


def test_a_too_old_answer_is_not_served(client, fake, clock):
    client.arrivals("GYB100")
    clock.advance(minutes=11)
    fake.fail_next(3, 500)
    with pytest.raises(PublicDataError):
        client.arrivals("GYB100")


def test_a_hanging_source_serves_the_previous_answer_at_once(served, fake):
    c = TagoClient(served[1], FAKE_KEY, timeout_s=3, retries=0)
    try:
        c.arrivals("GYB100")
        c.forget()  # as if expired, but keep a previous answer: store it again
        first = c.arrivals("GYB100")
        entry = c._cache[("arrivals", "GYB100")]
        c._cache[("arrivals", "GYB100")] = type(entry)(
            entry.value, entry.fetched_at - timedelta(seconds=30),
            entry.expires_at - timedelta(seconds=30), None, entry.verb)
        fake.slow_next(1, 3.0)
        started = time.monotonic()
        r = c.arrivals("GYB100", wait_s=0.3)
        assert time.monotonic() - started < 2.0  # the source takes 3 s
        assert r.stale and r.refreshing and r.value == first.value
    finally:
        c.close()


def test_a_hanging_source_with_nothing_cached_is_pending(served, fake):
    c = TagoClient(served[1], FAKE_KEY, timeout_s=3, retries=0)
    try:
        fake.slow_next(2, 3.0)
        started = time.monotonic()
        with pytest.raises(PublicDataPending):
            c.arrivals("GYB102", wait_s=0.3)
        assert time.monotonic() - started < 2.0  # the source takes 3 s
        live = LiveBus(c, wait_s=0.2)
        with pytest.raises(AppError) as e:
            live.arrivals("GYB100")  # not cached, slow: a Korean 503
        assert e.value.status == 503 and "잠시 후" in e.value.detail
    finally:
        c.close()


def test_a_timeout_without_retries_fails_in_korean(served, fake):
    c = TagoClient(served[1], FAKE_KEY, timeout_s=0.3, retries=0)
    try:
        fake.slow_next(1, 1.0)
        with pytest.raises(PublicDataError) as e:
            c.stops_by_name("시청")
        assert "응답하지 않습니다" in e.value.message
    finally:
        c.close()


def test_settings_and_no_key():
    s = TagoSettings(_env_file=None)
    assert s.city_code == tago.GWANGYANG and "1613000" in s.base_url
    assert "secret-key" not in repr(TagoSettings(service_key="secret-key"))
    with pytest.raises(PublicDataError) as e:
        from_settings(TagoSettings(service_key=" "))
    assert "MYG_TAGO_SERVICE_KEY" in e.value.message


# the bundled sample ------------------------------------------------------------------------

def test_sample_arrivals_follow_the_timetable():
    at = datetime(2026, 12, 4, 6, 5, tzinfo=SEOUL)
    sample = SampleBus(clock=lambda: at)
    served = sample.arrivals("GYB0006")  # 광양시청: 7th stop of route 9 (3 min apart)
    assert served.source.kind == "sample" and "예시" in served.source.notice
    nine = [r for r in served.value if r.route_no == "9"]
    assert nine and nine[0].seconds == 13 * 60  # the 06:00 bus is there at 06:18
    late = SampleBus(clock=lambda: datetime(2026, 12, 4, 23, 59, tzinfo=SEOUL))
    assert late.arrivals("GYB0006").value == []  # no bus at night


def test_sample_search_and_near():
    sample = SampleBus()
    assert [s.name for s in sample.stops("시 청").value] == ["광양시청"]
    assert [s.id for s in sample.stops("1007").value] == ["GYB0007"]
    near = sample.near(34.9407, 127.6959).value
    assert near[0].id == "GYB0006" and near[0].distance_m == 0
