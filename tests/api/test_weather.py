"""날씨 over HTTP (SQLite and PostgreSQL): the bundled sample labelled as one when the server has
no 기상청 key; with a key, the 기상청 API (the local fake of tests/fakes/kma.py) in words, the
screen never waiting for a slow API, the previous forecast served with its age when the API
fails; the place from the citizen's 읍면동; weather 재난 알림 linked; bad input as 422."""
from __future__ import annotations

import time
import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from myg_app.seoul_time import now_seoul
from myg_app.server.seed import DEFAULT_DEMO_PASSWORD, seed_demo
from myg_app.server.weather import source
from tests.api.conftest import assert_problem
from tests.fakes.kma import FAKE_KEY, FakeKma, serve_fake_kma

URL = "/api/v1/weather"


def _login(api, who: str) -> dict:
    r = api.login(f"{who}@gwangyang.demo", DEFAULT_DEMO_PASSWORD)
    assert r.status_code == 200, r.text
    return api.bearer(r.json())


@pytest.fixture
def demo(api):
    seed_demo(api.settings)
    return api


@pytest.fixture(scope="module")
def kma_server():
    fake = FakeKma()
    with serve_fake_kma(fake) as url:
        yield fake, url


@pytest.fixture
def live(kma_server, monkeypatch):
    """The server holds a key and asks the fake 기상청, which answers for any base and cell."""
    fake, url = kma_server
    fake.reset()
    fake.mode = "rebased"
    monkeypatch.setenv("MYG_KMA_SERVICE_KEY", FAKE_KEY)
    monkeypatch.setenv("MYG_KMA_BASE_URL", url)
    monkeypatch.setenv("MYG_KMA_RETRIES", "0")
    monkeypatch.setenv("MYG_KMA_TIMEOUT_S", "5")
    monkeypatch.setenv("MYG_KMA_WARM", "0")  # the warm-up job would ask the fake meanwhile
    yield fake
    src = source.current()
    if isinstance(src, source.Live):
        src.client.forget()


def test_without_a_key_the_sample_says_it_is_one(demo):
    r = demo.client.get(URL)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["place"] == {"dong": "jungma", "name": "중마동", "nx": 73, "ny": 70}  # 광양시청
    assert body["source"]["kind"] == "sample" and "예시" in body["source"]["notice"]
    assert body["now"]["source"]["kind"] == "sample"
    assert len(body["hours"]) == 24
    assert [d["label"] for d in body["days"]] == ["오늘", "내일", "모레"]
    today = now_seoul().date().isoformat()
    assert body["days"][0]["date"] == today
    for h in body["hours"]:
        assert h["sky"]["label"] in {"맑음", "구름많음", "흐림", "비", "눈", "비/눈", "소나기"}
        assert h["precip"] and h["precip_probability"] is not None
    assert body["summary"].startswith("중마동 지금 ")
    assert any(d["pm"]["label"] == "비" for d in body["days"])  # the sample's rainy afternoon


def test_each_dong_gets_its_own_grid_cell(demo):
    cells = {}
    for code in ("daap", "jungma", "gwangyang", "taein"):
        place = demo.client.get(URL, params={"dong": code}).json()["place"]
        cells[code] = (place["nx"], place["ny"])
    assert cells["jungma"] == (73, 70)
    assert len(set(cells.values())) >= 3


def test_a_citizens_weather_is_for_their_dong(demo):
    h = _login(demo, "citizen")
    assert demo.client.patch("/api/v1/me/profile", json={"dong": "태인동"},
                             headers=h).status_code == 200
    assert demo.client.get(URL, headers=h).json()["place"]["dong"] == "taein"
    assert demo.client.get(URL, headers=h, params={"dong": "daap"}).json()["place"]["name"] \
        == "다압면"


@pytest.mark.parametrize("dong", ["seoul", "중마동", "x" * 21, "jungma\x00", "'; drop table"])
def test_bad_dong_gets_a_korean_422(demo, dong):
    body = assert_problem(demo.client.get(URL, params={"dong": dong}), 422,
                          "weather.bad_dong" if dong in ("seoul", "중마동", "'; drop table")
                          else "validation_error")
    assert any("가" <= ch <= "힣" for ch in body["detail"])


def test_weather_alerts_of_the_place_are_linked(demo):
    officer = _login(demo, "safety")
    sent = demo.client.post("/api/v1/alerts", headers={**officer,
                            "Idempotency-Key": str(uuid.uuid4())}, json={
        "level": "안전안내", "kind": "호우", "dongs": ["jungma"],
        "text": "중마동 호우주의보. 하천변 산책로 출입을 삼가세요."})
    assert sent.status_code in (200, 201), sent.text
    here = demo.client.get(URL, params={"dong": "jungma"}).json()["alerts"]
    assert [a["id"] for a in here][:1] == [sent.json()["id"]]
    assert here[0]["kind"] == "호우" and here[0]["title"].startswith("중마동 호우주의보")
    elsewhere = demo.client.get(URL, params={"dong": "daap"}).json()["alerts"]
    assert sent.json()["id"] not in [a["id"] for a in elsewhere]


def test_with_a_key_the_figures_come_from_the_kma(demo, live):
    r = None
    for _ in range(20):  # the first ask may answer 503 "받아 오는 중" while the load runs
        r = demo.client.get(URL, params={"dong": "okgok"})
        if r.status_code != 503:
            break
        assert r.json()["code"] == "publicdata.pending" and r.headers["Retry-After"]
        time.sleep(0.2)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["source"]["kind"] == "live" and body["source"]["name"] == "기상청 단기예보"
    assert " 발표, " in body["source"]["age_text"] and body["source"]["notice"] is None
    assert body["now"]["observed"] and body["now"]["source"]["name"] == "기상청 초단기실황"
    assert " 관측, " in body["now"]["source"]["age_text"]
    cell = (body["place"]["nx"], body["place"]["ny"])
    asked = {(int(c.nx), int(c.ny)) for c in live.calls if c.op == "getVilageFcst"}
    assert cell in asked


def test_a_slow_kma_never_holds_the_screen(demo, live):
    # Every answer late, and a town of its own per database: the run on the other database
    # leaves its late load going in the background (the fake is shared by the module), and
    # that load would fill the shared cache for its town or use up a count of late answers.
    live.slow_next(None, 3.0)
    dong = "jinwol" if demo.settings.database_url.startswith("sqlite") else "geumho"
    started = time.monotonic()
    r = demo.client.get(URL, params={"dong": dong})
    waited = time.monotonic() - started
    assert r.status_code == 503 and waited < 2.5, (r.status_code, waited)
    assert_problem(r, 503, "publicdata.pending")
    assert "잠시 후" in r.json()["detail"] and r.headers["Retry-After"] == "3"


def test_a_failing_kma_serves_the_previous_forecast_with_its_age(demo, live):
    for _ in range(20):
        r = demo.client.get(URL, params={"dong": "golyak"})
        if r.status_code == 200:
            break
        time.sleep(0.2)
    assert r.status_code == 200
    # The publication moved on (the cached answers expire) and the 기상청 is down.
    client = source.current().client
    with client._cache_lock:
        for key, entry in list(client._cache.items()):
            client._cache[key] = replace(entry, expires_at=now_seoul() - timedelta(minutes=1))
    live.fail_next(50, 503)
    for _ in range(20):
        r = demo.client.get(URL, params={"dong": "golyak"})
        if r.json()["source"]["stale"] and not r.json()["source"]["notice"].startswith("새 정보"):
            break
        time.sleep(0.2)
    body = r.json()
    assert r.status_code == 200 and body["source"]["stale"]
    assert body["source"]["notice"].startswith("최신 정보를 받지 못해 이전 정보를 보여 드립니다 (")
    assert FAKE_KEY not in r.text
