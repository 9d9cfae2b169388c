"""버스 정보 over HTTP, on SQLite and PostgreSQL: the bundled sample without a key (labelled as
one), TAGO through the fake (tests/fakes/tago.py, written from the API guides) with the stale
answer and the Korean 503 when it fails or hangs, favourite stops (idempotent saving, parallel
duplicates, the limit), and bad input of every kind answered 4xx in Korean, never 500."""
from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from myg_app.contracts.bus import MAX_FAVOURITES
from myg_app.server.bus.models import BusFavourite
from myg_app.server.bus.sources import LiveBus, SampleBus
from myg_app.server.bus.tago import TagoClient
from tests.api.conftest import assert_problem
from tests.fakes.tago import FAKE_KEY, FakeTago, serve_fake_tago

V1 = "/api/v1/bus"
ME = "/api/v1/me/bus/favourites"
CITY_HALL = {"name": "광양시청", "no": "1006", "lat": 34.9407, "lon": 127.6959}


@pytest.fixture(scope="module")
def tago_server():
    fake = FakeTago()
    with serve_fake_tago(fake) as url:
        yield fake, url


@pytest.fixture
def live(api, tago_server):
    """The app on the fake TAGO (as with MYG_TAGO_SERVICE_KEY set)."""
    fake, url = tago_server
    fake.reset()
    client = TagoClient(url, FAKE_KEY, timeout_s=2, retries=1, backoff_s=0.1,
                        failure_cooldown_s=0)
    api.client.app.state.bus_source = LiveBus(client, wait_s=1.0)
    yield fake
    client.close()


@pytest.fixture
def citizen(api) -> dict:
    return api.bearer(api.register())


# the sample ---------------------------------------------------------------------------------

def test_without_a_key_the_sample_answers_and_says_so(api):
    r = api.client.get(f"{V1}/stops", params={"q": "시청"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert [s["name"] for s in body["items"]] == ["광양시청"]
    assert body["source"]["kind"] == "sample" and "예시 자료" in body["source"]["notice"]
    stop = body["items"][0]["id"]
    arr = api.client.get(f"{V1}/stops/{stop}/arrivals").json()
    assert arr["stop_name"] == "광양시청" and arr["source"]["kind"] == "sample"
    for a in arr["items"]:
        assert a["minutes"] == a["seconds"] // 60 and a["route_no"]
    near = api.client.get(f"{V1}/stops/near", params={"lat": 34.9407, "lon": 127.6959}).json()
    assert near["items"][0]["id"] == stop and near["items"][0]["distance_m"] == 0
    route = api.client.get(f"{V1}/routes/GYB9000/stops").json()
    assert route["route_no"] == "9" and route["items"][0]["order"] == 1


def test_an_unknown_route_is_404(api):
    assert_problem(api.client.get(f"{V1}/routes/NOPE1/stops"), 404, "bus.route_not_found")


# live, through the fake ------------------------------------------------------------------

def test_live_answers_carry_their_age(api, live):
    r = api.client.get(f"{V1}/stops/GYB100/arrivals")
    assert r.status_code == 200, r.text
    body = r.json()
    assert [(a["route_no"], a["minutes"], a["stops_left"]) for a in body["items"]] == [
        ("9", 7, 3), ("9", 21, 7)]
    assert body["source"]["kind"] == "live" and body["source"]["notice"] is None
    assert "조회" in body["source"]["age_text"] and body["stop_name"] == "광양시청"
    stops = api.client.get(f"{V1}/stops", params={"q": "시청"}).json()
    assert [s["id"] for s in stops["items"]] == ["GYB100", "GYB101"]


def test_live_quirks_reach_the_screen_right(api, live):
    live.single_object, live.numbers = True, True
    body = api.client.get(f"{V1}/stops/GYB102/arrivals").json()
    assert [(a["route_no"], a["seconds"]) for a in body["items"]] == [("21-1", 60)]


def test_a_failing_tago_with_nothing_cached_is_a_korean_503(api, live):
    live.fail_next(10, 500)
    body = assert_problem(api.client.get(f"{V1}/stops/GYB100/arrivals"), 503,
                          "publicdata.unavailable")
    assert "잠시 후" in body["detail"] and FAKE_KEY not in body["detail"]


def test_a_key_error_is_a_503_for_citizens(api, live):
    live.gateway_error_next(1, "30")
    r = api.client.get(f"{V1}/stops", params={"q": "중마"})
    body = assert_problem(r, 503, "publicdata.unavailable")
    assert "인증키" not in body["detail"]  # the operator's message goes to the log
    assert int(r.headers["Retry-After"]) >= 1


def test_a_hanging_tago_never_holds_the_screen(api, live):
    live.slow_next(1, 5.0)
    started = time.monotonic()
    r = api.client.get(f"{V1}/stops/GYB102/arrivals")
    assert time.monotonic() - started < 3.5  # wait_s 1 s, plus slack for a busy machine
    assert_problem(r, 503, "publicdata.pending")
    assert r.headers["Retry-After"] == "3"


def test_the_earlier_answer_serves_while_tago_fails(api, live):
    source = api.client.app.state.bus_source
    assert api.client.get(f"{V1}/stops/GYB100/arrivals").status_code == 200
    key = ("arrivals", "GYB100")
    entry = source.client._cache[key]  # as if fetched a minute ago (expired)
    source.client._cache[key] = type(entry)(
        entry.value, entry.fetched_at.replace(microsecond=0) - _minute(),
        entry.expires_at - _minute(), None, entry.verb)
    live.fail_next(10, 500)
    body = api.client.get(f"{V1}/stops/GYB100/arrivals").json()
    assert body["source"]["stale"] and "이전 정보" in body["source"]["notice"]
    assert [a["minutes"] for a in body["items"]] == [5, 19]  # 420 s and 1260 s, 61 s ago


def _minute():
    from datetime import timedelta
    return timedelta(seconds=60)


# favourites ---------------------------------------------------------------------------------

def test_favourites_need_sign_in(api):
    assert_problem(api.client.get(ME), 401, "auth.required")
    assert_problem(api.client.put(f"{ME}/GYB0006", json=CITY_HALL), 401, "auth.required")


def test_save_list_and_remove_a_favourite(api, citizen):
    r = api.client.put(f"{ME}/GYB0006", json=CITY_HALL, headers=citizen)
    assert r.status_code == 201, r.text
    assert r.json()["stop"] == {"id": "GYB0006", "name": "광양시청", "no": "1006",
                                "lat": 34.9407, "lon": 127.6959, "distance_m": None}
    again = api.client.put(f"{ME}/GYB0006", json=CITY_HALL | {"name": "시청 앞"},
                           headers=citizen)
    assert again.status_code == 200 and again.json()["stop"]["name"] == "시청 앞"
    api.client.put(f"{ME}/GYB0007", json={"name": "중마버스터미널"}, headers=citizen)
    listed = api.client.get(ME, headers=citizen).json()
    assert [f["stop"]["id"] for f in listed["items"]] == ["GYB0006", "GYB0007"]
    assert listed["items"][0]["arrivals"] is None
    with_times = api.client.get(ME, params={"arrivals": "true"}, headers=citizen).json()
    assert with_times["items"][0]["source"]["kind"] == "sample"
    assert isinstance(with_times["items"][0]["arrivals"], list)
    assert api.client.delete(f"{ME}/GYB0006", headers=citizen).status_code == 204
    assert api.client.delete(f"{ME}/GYB0006", headers=citizen).status_code == 204
    assert [f["stop"]["id"] for f in api.client.get(ME, headers=citizen).json()["items"]] == [
        "GYB0007"]
    other = api.bearer(api.register())
    assert api.client.get(ME, headers=other).json()["items"] == []


def test_home_gets_favourites_even_when_tago_hangs(api, live, citizen):
    api.client.put(f"{ME}/GYB100", json=CITY_HALL, headers=citizen)
    live.slow_next(None, 5.0)
    started = time.monotonic()
    r = api.client.get(ME, params={"arrivals": "true"}, headers=citizen)
    assert time.monotonic() - started < 4.0  # the 1.5 s budget, plus slack
    assert r.status_code == 200 and r.json()["items"][0]["arrivals"] is None
    live.slow_next(0, 0)


def test_a_retried_save_replays_and_parallel_duplicates_save_once(api, citizen):
    key = str(uuid.uuid4())
    h = citizen | {"Idempotency-Key": key}
    first = api.client.put(f"{ME}/GYB0006", json=CITY_HALL, headers=h)
    replay = api.client.put(f"{ME}/GYB0006", json=CITY_HALL, headers=h)
    assert first.status_code == replay.status_code == 201
    assert replay.headers["Idempotent-Replayed"] == "true"
    key = str(uuid.uuid4())
    with ThreadPoolExecutor(5) as pool:
        answers = list(pool.map(lambda _: api.client.put(
            f"{ME}/GYB0007", json={"name": "중마버스터미널"},
            headers=citizen | {"Idempotency-Key": key}), range(5)))
    assert {r.status_code for r in answers} == {201}, [r.text for r in answers]
    with ThreadPoolExecutor(5) as pool:  # no key: PUT is idempotent by itself
        answers = list(pool.map(lambda _: api.client.put(
            f"{ME}/GYB0008", json={"name": "중마동주민센터"}, headers=citizen), range(5)))
    assert {r.status_code for r in answers} <= {200, 201}, [r.text for r in answers]
    with api.client.app.state.sessionmaker() as s:
        n = s.scalar(select(func.count()).select_from(BusFavourite))
    assert n == 3


def test_at_most_twenty_favourites(api, citizen):
    for i in range(MAX_FAVOURITES):
        assert api.client.put(f"{ME}/S{i}", json={"name": f"정류장 {i}"},
                              headers=citizen).status_code == 201
    assert_problem(api.client.put(f"{ME}/S99", json={"name": "하나 더"}, headers=citizen), 409,
                   "bus.too_many")
    assert api.client.put(f"{ME}/S0", json={"name": "이름만"}, headers=citizen).status_code == 200


# bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize("params", [
    {"lat": "91", "lon": "127.7"}, {"lat": "34.9", "lon": "-181"}, {"lat": "1e400", "lon": "1"},
    {"lat": "nan", "lon": "127.7"}, {"lat": "abc", "lon": "127.7"}, {"lat": "34.9"},
    {"lat": "37.5665", "lon": "126.978"},  # 서울: outside 광양
    {"lat": "9" * 400, "lon": "127.7"}])
def test_bad_places_are_422(api, params):
    r = api.client.get(f"{V1}/stops/near", params=params)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert any("\uac00" <= ch <= "\ud7a3" for ch in r.json()["detail"])


@pytest.mark.parametrize("path", [
    "/stops", "/stops?q=", "/stops?q=%20%20", f"/stops?q={'가' * 41}",
    "/stops/a%00b/arrivals", "/stops/a%20b/arrivals", f"/stops/{'A' * 31}/arrivals",
    "/stops/%EC%8B%9C%EC%B2%AD/arrivals", "/routes/..%2F/stops", "/routes/a%0Ab/stops"])
def test_bad_queries_and_ids_are_4xx(api, path):
    r = api.client.get(V1 + path)
    assert 400 <= r.status_code < 500, r.text
    assert r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("body", [
    {}, {"name": ""}, {"name": " "}, {"name": "가" * 61}, {"name": 12},
    {"name": "정류장", "lat": 91}, {"name": "정류장", "lon": "east"},
    {"name": "정류장", "no": "10\x0006"}, {"name": "정류장", "lat": 10 ** 400}, []])
def test_bad_favourites_are_422(api, citizen, body):
    r = api.client.put(f"{ME}/GYB0006", json=body, headers=citizen)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"


def test_control_characters_in_a_name_are_removed(api, citizen):
    r = api.client.put(f"{ME}/GYB0006", json={"name": "광양\x00시청\n앞"}, headers=citizen)
    assert r.status_code == 201 and r.json()["stop"]["name"] == "광양시청 앞"


def test_the_sample_source_is_the_default(api):
    from myg_app.server.bus.sources import source_of
    assert isinstance(source_of(api.client.app.state), SampleBus)
