"""재난 알림: national messages (region matching, one per SN), the city's own alerts (preview,
send, correct, withdraw, who may), the live stream (area, levels, quiet hours, what a closed app
missed), settings and history. SQLite and PostgreSQL."""
from __future__ import annotations

import threading
import time
import uuid
from datetime import datetime, timedelta

import httpx
import pytest

from myg_app.seoul_time import SEOUL
from myg_app.server.alerts import national
from myg_app.server.alerts.safetydata import SafetyDataSettings
from myg_app.server.app import create_app
from myg_app.server.db import make_engine, make_sessionmaker
from myg_app.server.seed import DEFAULT_DEMO_PASSWORD, seed_demo
from tests.api.conftest import PG_URL, assert_problem
from tests.api.live import serve
from tests.api.sse import Listener
from tests.api.test_chat_workers import workers  # noqa: F401 - the two-worker fixture
from tests.fakes.safetydata import FAKE_KEY, FakeSafetyData, serve_fake_safetydata

URL = "/api/v1/alerts"
NOON = datetime(2025, 6, 25, 12, 30, tzinfo=SEOUL)


def _login(api, who: str) -> dict:
    r = api.login(f"{who}@gwangyang.demo", DEFAULT_DEMO_PASSWORD)
    assert r.status_code == 200, r.text
    return api.bearer(r.json())


@pytest.fixture
def demo(api):
    seed_demo(api.settings)
    return api


def _draft(**kw) -> dict:
    return {"level": "위급재난", "kind": "지진해일", "dongs": ["jungma"],
            "text": "중마동 해안 지진해일 경보. 즉시 높은 곳으로 대피하세요.",
            "link": "https://www.safekorea.go.kr"} | kw


def _sessionmaker(api):
    return make_sessionmaker(make_engine(api.settings.effective_database_url))


# --- national messages ------------------------------------------------------------------------

def test_national_messages_for_gwangyang_are_kept_once_by_sn(demo):
    fake = FakeSafetyData()
    fake.add("광양시 전역 폭염경보 [광양시]", "전라남도 광양시 ", level="안전안내", kind="폭염")
    fake.add("전남 전역 태풍 북상 [전라남도]", "전라남도 전체", level="긴급재난", kind="태풍")
    fake.add("중마동 정전 [광양시]", "전남광주통합특별시 광양시 중마동", kind="정전")
    fake.add("순천시 산불 [순천시]", "전라남도 순천시 ", kind="산불")
    fake.add("광주 북구 침수 [광주광역시]", "광주광역시 북구", kind="호우")
    sm = _sessionmaker(demo)
    with serve_fake_safetydata(fake) as base:
        safety = SafetyDataSettings(service_key=FAKE_KEY, base_url=base, retries=0)
        stored = national.poll(sm, safety=safety, now=NOON)
        again = national.poll(sm, safety=safety, now=NOON)
    texts = {a.text: a for a in stored}
    assert set(texts) == {"광양시 전역 폭염경보 [광양시]", "전남 전역 태풍 북상 [전라남도]",
                          "중마동 정전 [광양시]"}
    assert texts["중마동 정전 [광양시]"].dongs == ["jungma"]
    assert texts["전남 전역 태풍 북상 [전라남도]"].dongs == [] and not again
    # The recorded messages (인천, 김제, 충북 …) concern other regions: none is kept.
    page = demo.client.get(URL, params={"since": "2025-06-25", "until": "2025-06-25"}).json()
    assert {i["text"] for i in page["items"]} == set(texts)
    assert all(i["source"] == "national" for i in page["items"])
    officer = _login(demo, "safety")
    status = demo.client.get(f"{URL}/source", headers=officer).json()
    assert status["national"] == "no_key"  # this server's own settings have no key


def test_national_poll_errors_are_recorded_in_korean_and_never_show_the_key(demo):
    fake = FakeSafetyData()
    sm = _sessionmaker(demo)
    with serve_fake_safetydata(fake) as base:
        bad = SafetyDataSettings(service_key="wrong-key-123", base_url=base, retries=0)
        assert national.poll(sm, safety=bad, now=NOON) == []
    with sm() as session:
        from myg_app.server.alerts.models import AlertSource
        row = session.get(AlertSource, "national")
        assert row.ok is False and "인증키" in row.message and "wrong-key" not in row.message
    # No key at all: nothing is asked.
    assert national.poll(sm, safety=SafetyDataSettings(service_key=None), now=NOON) == []


def test_yesterday_is_asked_just_after_midnight():
    late = datetime(2026, 7, 2, 0, 5, tzinfo=SEOUL)
    assert [d.isoformat() for d in national.days_to_ask(late)] == ["2026-07-01", "2026-07-02"]
    assert len(national.days_to_ask(late + timedelta(minutes=10))) == 1


# --- the city's own alerts ------------------------------------------------------------------

def test_only_safety_officers_send_and_they_preview_correct_and_withdraw(demo):
    assert_problem(demo.client.post(URL, json=_draft()), 401, "auth.required")
    citizen = demo.bearer(demo.login(demo.register()["email"]).json())
    assert_problem(demo.client.post(URL, json=_draft(), headers=citizen), 403, "auth.forbidden")
    other = _login(demo, "welfare")
    assert_problem(demo.client.post(URL, json=_draft(), headers=other), 403, "alerts.forbidden")
    officer = _login(demo, "safety")

    pv = demo.client.post(f"{URL}/preview", json=_draft(link=None), headers=officer)
    assert pv.status_code == 200, pv.text
    body = pv.json()
    assert body["alert"]["area"] == "광양시 중마동" and body["reach"] >= 1
    assert any("화면 전체" in w for w in body["warnings"])
    assert any("대피 안내 링크" in w for w in body["warnings"])

    key = {"Idempotency-Key": str(uuid.uuid4())}
    r = demo.client.post(URL, json=_draft(), headers=officer | key)
    assert r.status_code == 201, r.text
    sent = r.json()
    replay = demo.client.post(URL, json=_draft(), headers=officer | key)
    assert replay.json()["id"] == sent["id"] and replay.headers["Idempotent-Replayed"] == "true"

    fix = demo.client.put(f"{URL}/{sent['id']}", headers=officer,
                          json=_draft(dongs=["jungma", "golyak"], reason="골약동 해안 추가"))
    assert fix.status_code == 200, fix.text
    assert fix.json()["revision"] == 2 and fix.json()["note"] == "정정: 골약동 해안 추가"
    assert fix.json()["area"] == "광양시 골약동, 중마동"
    out = demo.client.post(f"{URL}/{sent['id']}/withdraw", json={"reason": "오발송"},
                           headers=officer)
    assert out.json()["status"] == "withdrawn" and out.json()["revision"] == 3
    assert_problem(demo.client.post(f"{URL}/{sent['id']}/withdraw", json={"reason": "다시"},
                                    headers=officer), 409, "alerts.withdrawn")
    detail = demo.client.get(f"{URL}/{sent['id']}").json()
    assert detail["status"] == "withdrawn" and detail["guidance"] and detail["shelters"]
    assert detail["share_route"] == f"/f/alerts/{sent['id']}"
    assert any("061-797-3101" in line for s in detail["shelters"] for line in s["lines"])


def test_parallel_sends_with_one_key_make_one_alert(demo):
    officer = _login(demo, "safety")
    key = {"Idempotency-Key": str(uuid.uuid4())}
    ids: list[int] = []

    def tap():
        r = demo.client.post(URL, json=_draft(text="같은 알림을 여러 번 눌렀습니다."),
                             headers=officer | key)
        if r.status_code in (200, 201):
            ids.append(r.json()["id"])

    threads = [threading.Thread(target=tap) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ids and len(set(ids)) == 1
    page = demo.client.get(URL, params={"kind": "지진해일"}).json()
    assert sum(i["text"] == "같은 알림을 여러 번 눌렀습니다." for i in page["items"]) == 1


def test_bad_input_gets_korean_4xx(demo):
    officer = _login(demo, "safety")
    for bad in (_draft(kind="외계인"), _draft(dongs=["seoul"]), _draft(level="주의"),
                _draft(text="짧음\x00"), _draft(link="javascript:alert(1)"), _draft(text=123)):
        r = demo.client.post(URL, json=bad, headers=officer)
        assert r.status_code == 422, (bad, r.text)
        assert r.headers["content-type"] == "application/problem+json"
    assert_problem(demo.client.get(f"{URL}/{2**40}"), 422, "validation_error")
    assert_problem(demo.client.get(f"{URL}/999999"), 404, "alerts.not_found")
    assert_problem(demo.client.get(URL, params={"cursor": "x.y"}), 422, "alerts.bad_cursor")
    assert_problem(demo.client.get(URL, params={"since": "2026-02-01", "until": "2026-01-01"}),
                   422, "alerts.bad_period")
    assert_problem(demo.client.get(URL, params={"dong": "mars"}), 422, "alerts.bad_dong")
    assert_problem(demo.client.get(f"{URL}/stream", params={"quiet": "25:00-07:00"}),
                   422, "alerts.bad_quiet")
    assert_problem(demo.client.get(f"{URL}/stream", params={"after": 2**40}), 422,
                   "validation_error")


# --- settings and history --------------------------------------------------------------------

def test_settings_keep_the_emergency_level_and_default_to_the_home_dong(demo):
    user = demo.register()
    h = demo.bearer(demo.login(user["email"]).json())
    assert demo.client.patch("/api/v1/me/profile", json={"dong": "광영동"}, headers=h).status_code \
        in (200, 422)  # the optional-items consent may be missing: then no home dong
    got = demo.client.get("/api/v1/me/alert-settings", headers=h).json()
    assert got["levels"] == ["위급재난", "긴급재난", "안전안내"]
    put = demo.client.put("/api/v1/me/alert-settings", headers=h, json={
        "dongs": ["jungma", "gwangyang", "jungma"], "levels": ["안전안내"],
        "quiet_start": "22:00", "quiet_end": "07:00"})
    assert put.status_code == 200, put.text
    assert put.json() == {"dongs": ["gwangyang", "jungma"], "levels": ["위급재난", "안전안내"],
                          "quiet_start": "22:00", "quiet_end": "07:00"}
    for bad in ({"quiet_start": "22:00"}, {"quiet_start": "7시", "quiet_end": "08:00"},
                {"dongs": ["nowhere"]}, {"levels": ["주의보"]}):
        assert_problem(demo.client.put("/api/v1/me/alert-settings", json=bad, headers=h),
                       422, "validation_error")
    assert_problem(demo.client.get("/api/v1/me/alert-settings"), 401, "auth.required")


def test_history_filters_and_pages(demo):
    officer = _login(demo, "safety")
    for i in range(5):
        demo.client.post(URL, headers=officer, json=_draft(
            level="안전안내", kind="폭염", dongs=["okgok"] if i % 2 else [],
            text=f"폭염 주의 안내 {i}번째입니다."))
    demo.client.post(URL, headers=officer, json=_draft(level="긴급재난", kind="산불",
                                                       dongs=["daap"], text="다압면 산불 대피"))
    heat = demo.client.get(URL, params={"kind": "폭염", "limit": 2}).json()
    assert len(heat["items"]) == 2 and heat["next_cursor"]
    seen = [i["id"] for i in heat["items"]]
    while heat["next_cursor"]:
        heat = demo.client.get(URL, params={"kind": "폭염", "limit": 2,
                                            "cursor": heat["next_cursor"]}).json()
        seen += [i["id"] for i in heat["items"]]
    assert len(seen) == len(set(seen)) == 5
    urgent = demo.client.get(URL, params={"level": "긴급재난"}).json()["items"]
    assert {i["kind"] for i in urgent} >= {"산불"} and all(i["level"] == "긴급재난" for i in urgent)
    # A 읍면동 sees its own alerts and the whole city's, not another 읍면동's.
    daap = demo.client.get(URL, params={"dong": "daap", "kind": "폭염"}).json()["items"]
    assert len(daap) == 3 and all(i["dongs"] == [] for i in daap)
    today = datetime.now(SEOUL).date()
    future = demo.client.get(URL, params={"since": (today + timedelta(days=1)).isoformat()})
    assert future.json()["items"] == []


# --- the live stream ---------------------------------------------------------------------------

def _hhmm(dt: datetime) -> str:
    return dt.astimezone(SEOUL).strftime("%H:%M")


def test_live_stream_reaches_the_right_towns_levels_and_quiet_hours(demo):
    officer = _login(demo, "safety")
    user = demo.register()
    citizen = demo.bearer(demo.login(user["email"]).json())
    now = datetime.now(SEOUL)
    demo.client.put("/api/v1/me/alert-settings", headers=citizen, json={
        "dongs": ["jungma"], "levels": ["안전안내"],
        "quiet_start": _hhmm(now - timedelta(hours=1)), "quiet_end": _hhmm(now + timedelta(hours=1))})
    # Sent through the served app itself: on SQLite one process is the whole server.
    with serve(create_app(demo.settings), ready_path="/api/v1/health") as base, \
            httpx.Client(base_url=base) as http:
        jungma = Listener(base + URL + "/stream", params={"dong": "jungma"})
        gwangyang = Listener(base + URL + "/stream", params={"dong": "gwangyang"})
        mine = Listener(base + URL + "/stream", headers=citizen)
        try:
            for lst in (jungma, gwangyang, mine):
                assert lst.opened() == 200
                lst.ready()
            t0 = time.perf_counter()
            sent = http.post(URL, json=_draft(), headers=officer).json()
            ev = jungma.next()
            assert ev.data["alert"]["id"] == sent["id"] and ev.data["action"] == "sent"
            assert ev.at - t0 < 1.0, f"{(ev.at - t0) * 1000:.0f} ms"
            assert mine.next().data["silent"] is False  # 위급재난: always, even in quiet hours
            assert gwangyang.none(0.5)

            # 안전안내 in the citizen's quiet hours: recorded silently; guests hear it.
            http.post(URL, headers=officer, json=_draft(level="안전안내", kind="한파",
                                                               dongs=[], text="한파 주의 안내"))
            assert mine.next().data["silent"] is True
            assert gwangyang.next().data["silent"] is False
            assert jungma.next().data["alert"]["kind"] == "한파"  # the whole city's
            # 긴급재난 is switched off by the citizen.
            http.post(URL, headers=officer, json=_draft(level="긴급재난", kind="화재",
                                                               text="중마동 화재 안내"))
            assert jungma.next().data["alert"]["kind"] == "화재"
            assert mine.none(0.5)
            # A correction and a withdrawal reach the same listeners.
            http.post(f"{URL}/{sent['id']}/withdraw", json={"reason": "훈련 종료"},
                             headers=officer)
            assert jungma.next().data["action"] == "withdrawn"
        finally:
            for lst in (jungma, gwangyang, mine):
                lst.close()


def test_a_closed_app_gets_what_it_missed_when_it_opens(demo):
    officer = _login(demo, "safety")
    with serve(create_app(demo.settings), ready_path="/api/v1/health") as base, \
            httpx.Client(base_url=base) as http:
        first = Listener(base + URL + "/stream", params={"dong": "jinwol"})
        last = first.ready().data["last_event"]
        first.close()
        # While the app is closed: one for 진월면, one for 중마동 only.
        http.post(URL, headers=officer, json=_draft(level="긴급재난", kind="호우",
                                                           dongs=["jinwol"], text="섬진강 수위 상승"))
        http.post(URL, headers=officer, json=_draft(text="중마동만의 알림입니다."))
        back = Listener(base + URL + "/stream", params={"dong": "jinwol"},
                        headers={"Last-Event-ID": str(last)})
        try:
            assert back.ready().data["last_event"] > last
            ev = back.next()
            assert ev.data["missed"] is True and ev.data["alert"]["text"] == "섬진강 수위 상승"
            assert back.none(0.3)
        finally:
            back.close()
    # An expired or forged token is refused, never silently treated as a guest.
    with serve(create_app(demo.settings), ready_path="/api/v1/health") as base:
        bad = Listener(base + URL + "/stream", headers={"Authorization": "Bearer nope"})
        assert bad.opened() == 401
        bad.close()


@pytest.mark.skipif(not PG_URL, reason="needs MYG_TEST_DATABASE_URL (PostgreSQL)")
def test_an_alert_sent_on_one_worker_reaches_a_listener_on_another_within_a_second(workers):  # noqa: F811
    """PostgreSQL, two worker processes: the listener is on A, the officer sends through B."""
    a, b = workers
    r = httpx.post(b + "/api/v1/auth/login", json={"email": "safety@gwangyang.demo",
                                                   "password": DEFAULT_DEMO_PASSWORD})
    r.raise_for_status()
    officer = {"Authorization": f"Bearer {r.json()['access_token']}"}
    listener = Listener(a + URL + "/stream", params={"dong": "jungma"})
    try:
        listener.ready()
        t0 = time.perf_counter()
        sent = httpx.post(b + URL, headers=officer, json=_draft()).json()
        ev = listener.next()
        assert ev.data["alert"]["id"] == sent["id"]
        print(f"cross-worker alert delivery {(ev.at - t0) * 1000:.0f} ms")
        assert ev.at - t0 < 1.0
    finally:
        listener.close()
