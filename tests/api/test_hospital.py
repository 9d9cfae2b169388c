"""병원·약국 over HTTP: the bundled sample without keys (marked as such), search by kind,
진료과목, open now, night, holiday, 달빛어린이병원, near a point or a 읍면동; the detail; bad
input as Korean 4xx; and, against the local fake, a hanging source that the answer never
waits for (tests/fakes/hospital.py, written from the APIs' documentation)."""
from __future__ import annotations

import time

import pytest

from myg_app.server.hospital import hira, nmc, service
from tests.fakes.hospital import FAKE_KEY, HIRA_PATH, NMC_PATH, FakeHospitalApis, serve_fake

URL = "/api/v1/hospital/places"


def get(api, **params):
    r = api.client.get(URL, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_sample_is_marked_and_pharmacies_open_now_include_the_all_day_one(api):
    body = get(api, kind="pharmacy", open_now="true")
    assert body["source"]["kind"] == "sample" and "예시" in body["source"]["notice"]
    names = [i["name"] for i in body["items"]]
    assert "(예시) 중마 24시 약국" in names
    assert all(i["demo"] and i["open_now"] for i in body["items"])
    assert all(n.startswith("(예시)") for n in names)


def test_near_a_point_or_a_dong_is_sorted_by_distance(api):
    body = get(api, kind="pharmacy", lat=34.9402, lon=127.6975)
    dist = [i["distance_m"] for i in body["items"] if i["distance_m"] is not None]
    assert dist == sorted(dist) and dist[0] < 50 and body["near"] == "현재 위치"
    body = get(api, kind="hospital", dong="gwangyang")
    assert body["near"] == "광양읍" and body["items"][0]["name"] == "(예시) 광양읍 어린이의원"


def test_filters_department_moonlight_emergency_holiday_night(api):
    assert [i["name"] for i in get(api, dept="11")["items"]] == ["(예시) 광양읍 어린이의원"]
    assert [i["name"] for i in get(api, moonlight="true")["items"]] == ["(예시) 광양읍 어린이의원"]
    er = get(api, kind="emergency")["items"]
    assert [i["name"] for i in er] == ["(예시) 광양중앙병원"] and er[0]["emergency"]
    holiday = {i["name"] for i in get(api, kind="pharmacy", holiday="true")["items"]}
    assert {"(예시) 광양읍 휴일지킴이약국", "(예시) 중마 24시 약국"} <= holiday
    assert "(예시) 옥곡 한빛약국" not in holiday
    night = get(api, kind="pharmacy", night="true")["items"]
    assert all(i["night"] for i in night)


def test_paging(api):
    first = get(api, kind="hospital", size=2)
    second = get(api, kind="hospital", size=2, page=2)
    assert first["total"] == second["total"] >= 5 and len(first["items"]) == 2
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    assert get(api, kind="hospital", page=50)["items"] == []


def test_detail_has_hours_phone_and_a_map_link(api):
    r = api.client.get(f"{URL}/n-DEMOP0004")
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["phone"] == "061-000-0204" and len(d["hours"]) == 8
    assert d["hours"][0] == {"day": "월", "text": "18:00~다음날 02:00", "today": d["hours"][0]["today"]}
    assert d["hours"][7]["text"] == "휴진"
    assert d["map_url"].startswith("https://map.kakao.com/link/map/") and d["demo"]
    assert d["source"]["kind"] == "sample"
    er = api.client.get(f"{URL}/n-DEMOH0003").json()
    assert er["emergency_phone"] == "061-000-0104" and "응급의학과" in er["departments"]
    hira_only = next(i for i in get(api, kind="hospital", size=50)["items"]
                     if i["name"] == "(예시) 봉강 한의원")
    d = api.client.get(f"{URL}/{hira_only['id']}").json()
    assert d["open_now"] is None and d["hours"][0]["text"] == "정보 없음"


def test_unknown_place_is_a_korean_404(api):
    r = api.client.get(f"{URL}/n-NOPE1")
    assert r.status_code == 404 and r.json()["code"] == "hospital.not_found"
    assert "찾을 수 없습니다" in r.json()["detail"]


@pytest.mark.parametrize("params", [
    {"lat": 91, "lon": 127.7}, {"lat": 34.9}, {"lon": 127.7}, {"lat": "nan", "lon": 127.7},
    {"lat": "inf", "lon": 127.7}, {"lat": "1e400", "lon": 127.7}, {"kind": "clinic"},
    {"dept": "99"}, {"dept": "11\x00"}, {"dong": "seoul"}, {"page": 99999999999999},
    {"page": 0}, {"size": 51}, {"open_now": "maybe"}, {"kind": "pharmacy", "moonlight": "true"},
    {"lat": "삼십사", "lon": "127"},
])
def test_bad_search_input_is_a_korean_4xx(api, params):
    r = api.client.get(URL, params=params)
    assert 400 <= r.status_code < 500, (params, r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/problem+json")
    assert any("\uac00" <= ch <= "\ud7a3" for ch in r.json()["detail"])


@pytest.mark.parametrize("pid", ["x" * 300, "n-%00", "n-ab%2Fcd", "..", "n-가나다", "N-1",
                                 "n-" + "9" * 60])
def test_bad_place_ids_are_4xx(api, pid):
    r = api.client.get(f"{URL}/{pid}")
    assert 400 <= r.status_code < 500, (pid, r.status_code)


@pytest.fixture(scope="module")
def fake_root():
    fake = FakeHospitalApis()
    with serve_fake(fake) as root:
        yield fake, root


def live_sources(root: str, **kw) -> service.Sources:
    return service.Sources(
        nmc.NmcClient(root + NMC_PATH, FAKE_KEY, timeout_s=5.0, retries=0),
        hira.HiraClient(root + HIRA_PATH, FAKE_KEY, timeout_s=5.0, retries=0), **kw)


def test_live_answer_from_the_fake_and_a_hanging_source_is_not_waited_for(api, fake_root):
    fake, root = fake_root
    fake.reset()
    src = api.client.app.state.hospital_sources = live_sources(root)
    try:
        body = get(api, kind="pharmacy", open_now="true")
        assert body["source"]["kind"] == "live" and not body["source"]["stale"]
        names = [i["name"] for i in body["items"]]
        assert "시험약국" in names  # open all day; 시험심야약국 only at night
        assert not any(i["demo"] for i in body["items"])
        # Nothing cached for 진료과목 11 and the source hangs for 3 s: a 503 within about 1 s.
        fake.slow_next(None, 3.0)
        started = time.monotonic()
        r = api.client.get(URL, params={"kind": "hospital", "dept": "11"})
        took = time.monotonic() - started
        assert r.status_code == 503 and r.headers["Retry-After"] and took < 2.5, took
        assert r.json()["code"] == "publicdata.pending" and "잠시 후" in r.json()["detail"]
    finally:
        fake.reset()
        src.close()
