"""복지정책 검색, 보조금24 맞춤혜택 and 소상공인 지원 over HTTP, on SQLite and PostgreSQL. The
paths and fields the issue names are checked exactly: outside tests call them."""
from __future__ import annotations

import threading
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from myg_app.server.db import make_engine
from myg_app.server.seed import DEFAULT_DEMO_PASSWORD, seed_demo
from myg_app.server.welfare import catalogue, importer, jobs
from tests.api.conftest import assert_problem

SEARCH = "/api/v1/welfare/search"
MATCH = "/api/v1/subsidy24/match"
PROFILE = "/api/v1/me/subsidy24/profile"


@pytest.fixture
def wapi(api):
    seed_demo(api.settings)
    return api


def login(api, who: str) -> dict:
    r = api.login(f"{who}@gwangyang.demo", DEFAULT_DEMO_PASSWORD)
    assert r.status_code == 200, r.text
    return api.bearer(r.json())


def session_of(api) -> Session:
    return Session(make_engine(api.settings.effective_database_url), expire_on_commit=False)


def program(**kw) -> dict:
    return {"name": "광양시 어르신 반찬 나눔", "summary": "혼자 사시는 어르신께 밑반찬을 배달합니다.",
            "field": "보호·돌봄", "target": "광양시에 사는 만 65세 이상 홀로 사는 어르신",
            "content": "주 2회 밑반찬 배달", "how_to_apply": "읍면동 행정복지센터 방문",
            "contact": "주민복지과/061-797-2114", "age_min": 65, "traits": ["lives_alone"]} | kw


# --- search ----------------------------------------------------------------------------

def test_search_contract_everyday_words_and_why(wapi):
    r = wapi.client.get(SEARCH, params={"q": "아기 낳으면 받는 돈", "limit": 5})
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"items", "total"} and body["total"] >= len(body["items"]) > 0
    first = body["items"][0]
    assert set(first) >= {"id", "name", "agency", "summary", "score"}
    assert any(w in first["name"] + first["summary"] for w in ("출산", "출생", "신생아", "임신"))
    assert first["why"] and all(isinstance(w, str) for w in first["why"])
    scores = [i["score"] for i in body["items"]]
    assert scores == sorted(scores, reverse=True)


def test_region_default_is_what_a_gwangyang_resident_can_use(wapi):
    mine = wapi.client.get(SEARCH, params={"q": "출산장려금", "limit": 50}).json()
    assert all(i["level"] in ("gwangyang", "province", "national") for i in mine["items"])
    every = wapi.client.get(SEARCH, params={"q": "출산장려금", "limit": 50, "region": "all"}).json()
    assert every["total"] > mine["total"]
    assert any(i["level"] == "other" for i in every["items"])


def test_empty_query_lists_by_popularity_and_pages(wapi):
    first = wapi.client.get(SEARCH, params={"limit": 10}).json()
    views = []
    for it in first["items"]:
        views.append(wapi.client.get(f"/api/v1/welfare/services/{it['id']}").json()["views"])
    assert views == sorted(views, reverse=True)
    second = wapi.client.get(SEARCH, params={"limit": 10, "offset": 10}).json()
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    assert first["total"] == second["total"] > 200


def test_filters(wapi):
    got = wapi.client.get(SEARCH, params={"field": "임신·출산", "level": "gwangyang",
                                          "limit": 50}).json()["items"]
    assert got and all(i["field"] == "임신·출산" and i["level"] == "gwangyang" for i in got)
    online = wapi.client.get(SEARCH, params={"online": "true", "always_open": "true",
                                             "limit": 50}).json()["items"]
    assert online and all(i["online"] and i["always_open"] for i in online)
    biz = wapi.client.get(SEARCH, params={"user_type": "소상공인", "limit": 50}).json()["items"]
    assert biz and all("소상공인" in i["user_types"] for i in biz)


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": 101}, {"limit": 2**40}, {"limit": "many"}, {"offset": -1},
    {"region": "seoul"}, {"field": "우주"}, {"level": "other"}, {"online": "maybe"},
    {"q": "가" * 201},
])
def test_bad_parameters_get_422_problems(wapi, params):
    assert_problem(wapi.client.get(SEARCH, params=params), 422, "validation_error")


def test_control_characters_are_not_a_500(wapi):
    r = wapi.client.get(SEARCH, params={"q": "청년\x00월세\x1b"})
    assert r.status_code in (200, 422)


def test_detail_has_every_field_and_decoded_conditions(wapi):
    d = wapi.client.get("/api/v1/welfare/services/135200005013").json()  # 청년내일저축계좌
    for key in ("id", "name", "agency", "target", "content", "how_to_apply", "contact",
                "online_url", "detail_url", "deadline", "documents", "sections", "phones",
                "conditions", "conditions_raw", "level", "status"):
        assert key in d
    assert "나이: 만 15~39세" in d["conditions"]
    assert {s["title"] for s in d["sections"]} >= {"지원대상", "지원내용", "신청방법", "문의처"}
    assert {"who": "보건복지상담센터", "number": "129"} in d["phones"]
    assert d["bookmarked"] is None  # a guest
    assert_problem(wapi.client.get("/api/v1/welfare/services/999999999999"), 404,
                   "welfare.not_found")
    assert wapi.client.get("/api/v1/welfare/services/a%00b").status_code == 422


# --- bookmarks --------------------------------------------------------------------------

def test_bookmarks_idempotent_parallel_and_private(wapi):
    user = wapi.register()
    sid = "135200005013"
    url = f"/api/v1/welfare/services/{sid}/bookmark"
    assert_problem(wapi.client.put(url), 401, "auth.required")
    codes: list[int] = []
    threads = [threading.Thread(target=lambda: codes.append(
        wapi.client.put(url, headers=wapi.bearer(user)).status_code)) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [200] * 5
    mine = wapi.client.get("/api/v1/welfare/bookmarks", headers=wapi.bearer(user)).json()
    assert [i["id"] for i in mine["items"]] == [sid]
    other = wapi.register()
    assert wapi.client.get("/api/v1/welfare/bookmarks",
                           headers=wapi.bearer(other)).json()["items"] == []
    assert wapi.client.get(f"/api/v1/welfare/services/{sid}",
                           headers=wapi.bearer(user)).json()["bookmarked"] is True
    assert wapi.client.delete(url, headers=wapi.bearer(user)).json() == {
        "service_id": sid, "bookmarked": False}
    assert wapi.client.get("/api/v1/welfare/bookmarks",
                           headers=wapi.bearer(user)).json()["items"] == []


# --- 맞춤혜택 ------------------------------------------------------------------------------

def test_match_contract_and_reasons(wapi):
    r = wapi.client.post(MATCH, json={"age": 27, "gender": "F", "household_size": 1,
                                      "income_band": 2, "traits": ["job_seeker"]})
    assert r.status_code == 200
    items = r.json()["items"]
    assert items and all(set(i) >= {"id", "name", "eligibility", "reasons"} for i in items)
    assert {i["eligibility"] for i in items} <= {"eligible", "check"}
    kinds = [i["eligibility"] for i in items]
    assert kinds == sorted(kinds, key=lambda k: k != "eligible")  # eligible first
    young = [i for i in items if "만 19~39세 ✓" in i["reasons"]]
    assert young and all(i["eligibility"] == "eligible" for i in young)
    alone = wapi.client.post(MATCH, json={"age": 75, "household_size": 1, "traits": [],
                                          "region": "all"}).json()["items"]
    hit = next(i for i in alone if i["name"] == "독거어르신 월동용품 지원")
    assert hit["eligibility"] == "eligible" and hit["reasons"] == ["만 65세 이상 ✓", "1인가구 ✓"]


def test_what_a_guest_does_not_say_is_checked_not_dropped(wapi):
    quiet = wapi.client.post(MATCH, json={"traits": []}).json()["items"]
    assert any(i["eligibility"] == "check" and any("나이 확인 필요" in r for r in i["reasons"])
               for i in quiet)
    old = wapi.client.post(MATCH, json={"age": 80, "traits": []}).json()["items"]
    assert not any("만 15~39세 ✓" in i["reasons"] for i in old)


@pytest.mark.parametrize("body", [
    {"traits": ["wizard"]}, {"age": 200}, {"age": -1}, {"age": "스물"}, {"gender": "X"},
    {"income_band": 6}, {"household_size": 0}, {"traits": "farmer"}, {"region": "busan"},
    {"age": 2**40},
])
def test_bad_match_input_gets_422(wapi, body):
    assert_problem(wapi.client.post(MATCH, json=body), 422, "validation_error")


def test_stored_profile_only_with_consent(wapi):
    user = wapi.register()
    h = wapi.bearer(user)
    empty = wapi.client.get("/api/v1/me/subsidy24", headers=h).json()
    assert empty["items"] == [] and empty["profile"] is None
    assert_problem(wapi.client.put(PROFILE, headers=h, json={"consent": False}), 409,
                   "subsidy24.consent_required")
    born = date.today().replace(year=date.today().year - 30) - timedelta(days=1)
    r = wapi.client.put(PROFILE, headers=h, json={
        "consent": True, "birth_date": born.isoformat(), "gender": "M", "dong": "중마동",
        "household_size": 1, "income_band": 3, "traits": ["worker"], "notify_new": True})
    assert r.status_code == 200 and r.json()["age"] == 30 and r.json()["stored"]
    mine = wapi.client.get("/api/v1/me/subsidy24", headers=h).json()
    assert mine["profile"]["traits"] == ["worker"] and mine["items"]
    same = wapi.client.post(MATCH, json={"age": 30, "gender": "M", "household_size": 1,
                                         "income_band": 3, "traits": ["worker"]}).json()
    assert [i["id"] for i in mine["items"]] == [i["id"] for i in same["items"]]
    assert wapi.client.delete(PROFILE, headers=h).status_code == 204
    assert wapi.client.get("/api/v1/me/subsidy24", headers=h).json()["profile"] is None
    assert_problem(wapi.client.get("/api/v1/me/subsidy24"), 401, "auth.required")


# --- the city's own programmes --------------------------------------------------------

def test_officers_add_edit_and_end_city_programmes(wapi):
    officer = login(wapi, "welfare")
    citizen = wapi.bearer(wapi.register())
    url = "/api/v1/welfare/programs"
    assert_problem(wapi.client.post(url, json=program(), headers=citizen), 403, "auth.forbidden")
    assert_problem(wapi.client.post(url, json=program(), headers=login(wapi, "jobs")), 403,
                   "welfare.forbidden")
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = wapi.client.post(url, json=program(), headers=officer | key)
    again = wapi.client.post(url, json=program(), headers=officer | key)
    assert first.status_code == 201 and again.json()["id"] == first.json()["id"]
    sid = first.json()["id"]
    assert first.json()["level_label"] == "광양시" and first.json()["source"] == "city"
    found = wapi.client.get(SEARCH, params={"q": "혼자 사는 어르신 반찬"}).json()["items"]
    assert sid in [i["id"] for i in found[:3]]
    assert next(i for i in found if i["id"] == sid)["level_label"] == "광양시"
    old = wapi.client.post(MATCH, json={"age": 70, "traits": ["lives_alone"]}).json()["items"]
    assert any(i["id"] == sid and i["eligibility"] == "eligible" for i in old)
    edited = wapi.client.put(f"{url}/{sid}", json=program(name="광양시 어르신 밑반찬 배달"),
                             headers=officer)
    assert edited.status_code == 200 and edited.json()["name"] == "광양시 어르신 밑반찬 배달"
    assert_problem(wapi.client.put(f"{url}/135200005013", json=program(), headers=officer),
                   409, "welfare.not_city")
    assert_problem(wapi.client.post(url, json=program(age_min=70, age_max=60), headers=officer),
                   422, "welfare.age_range")
    ended = wapi.client.post(f"{url}/{sid}/end", headers=officer).json()
    assert ended["status"] == "ended"
    assert sid not in [i["id"] for i in wapi.client.get(
        SEARCH, params={"q": "어르신 밑반찬"}).json()["items"]]


def test_small_business_search_filters(wapi):
    r = wapi.client.get("/api/v1/small-biz/search", params={"limit": 100})
    items = r.json()["items"]
    assert r.status_code == 200 and items
    demo = [i for i in items if i["demo"]]
    assert len(demo) == 3 and all(i["source"] == "city" for i in demo)
    food = wapi.client.get("/api/v1/small-biz/search", params={
        "business_type": "manufacturing", "limit": 100}).json()["items"]
    assert "[예시] 광양시 음식점 위생환경 개선 지원" not in [i["name"] for i in food]
    old = wapi.client.get("/api/v1/small-biz/search", params={"years": 10, "limit": 100}).json()
    assert "[예시] 광양시 청년 창업 점포 임차료 지원" not in [i["name"] for i in old["items"]]
    assert_problem(wapi.client.get("/api/v1/small-biz/search", params={"years": 101}), 422,
                   "validation_error")


# --- imports and notices -----------------------------------------------------------------

def test_reimport_updates_ends_keeps_bookmarks_and_tells_opted_in_citizens(wapi):
    user = wapi.register()
    h = wapi.bearer(user)
    gone = "135200005013"
    wapi.client.put(f"/api/v1/welfare/services/{gone}/bookmark", headers=h)
    wapi.client.put(PROFILE, headers=h, json={"consent": True, "traits": ["farmer"],
                                              "birth_date": "1970-01-01", "notify_new": True})
    recs = [dict(r) for r in catalogue.embedded() if r["id"] != gone]
    changed = next(r for r in recs if r["id"] == "000000465790")
    changed["summary"] = "바뀐 요약"
    changed["content_hash"] = "changed"
    new = dict(recs[0], id="999900000001", name="광양 농업인 새 지원금", level="national",
               conditions={"JA0313": "Y"}, content_hash="new")
    new.pop("tokens", None)
    with session_of(wapi) as s, s.begin():
        log = importer.apply(s, recs + [new], date.today())
    assert (log.added, log.updated, log.ended) == (1, 1, 1) and log.notified == 1
    d = wapi.client.get(f"/api/v1/welfare/services/{gone}", headers=h).json()
    assert d["status"] == "ended" and d["bookmarked"] is True
    mine = wapi.client.get("/api/v1/welfare/bookmarks", headers=h).json()["items"]
    assert [i["id"] for i in mine] == [gone]
    assert wapi.client.get("/api/v1/welfare/services/000000465790").json()["summary"] == "바뀐 요약"
    notices = wapi.client.get("/api/v1/me/notices", headers=h).json()["items"]
    assert any("광양 농업인 새 지원금" in n["body"] for n in notices)
    with session_of(wapi) as s, s.begin(), pytest.raises(ValueError):
        importer.apply(s, [], date.today())


def test_deadline_notice_once_per_deadline(wapi):
    officer = login(wapi, "welfare")
    end = date.today() + timedelta(days=5)
    sid = wapi.client.post("/api/v1/welfare/programs", headers=officer, json=program(
        deadline=f"{date.today():%Y.%m.%d} ~ {end:%Y.%m.%d}")).json()["id"]
    user = wapi.register()
    wapi.client.put(f"/api/v1/welfare/services/{sid}/bookmark", headers=wapi.bearer(user))
    with session_of(wapi) as s, s.begin():
        assert jobs.deadline_notices(s, date.today()) == 1
    with session_of(wapi) as s, s.begin():
        assert jobs.deadline_notices(s, date.today()) == 0
    notices = wapi.client.get("/api/v1/me/notices", headers=wapi.bearer(user)).json()["items"]
    assert any(n["title"].startswith("신청 마감 5일 뒤") for n in notices)


def test_a_slow_index_build_keeps_no_writer_waiting(wapi, monkeypatch):
    """Building the index takes seconds (more on a busy machine). On SQLite every transaction
    holds the write lock, so a search must not keep its own open meanwhile: a sign-in (a
    write) during the build goes through at once instead of failing with 'database is
    locked' after busy_timeout."""
    from collections import OrderedDict

    from myg_app.server.welfare import index_cache

    started, release = threading.Event(), threading.Event()
    real = index_cache._build

    def slow_build(session, version):
        started.set()
        release.wait(30)
        return real(session, version)

    monkeypatch.setattr(index_cache, "_build", slow_build)
    monkeypatch.setattr(index_cache, "_built", OrderedDict())
    answers = []
    searching = threading.Thread(
        target=lambda: answers.append(wapi.client.get(SEARCH, params={"q": "청년"})))
    searching.start()
    try:
        assert started.wait(30)
        assert wapi.login("citizen@gwangyang.demo", DEFAULT_DEMO_PASSWORD).status_code == 200
    finally:
        release.set()
        searching.join(60)
    assert answers and answers[0].status_code == 200 and answers[0].json()["total"] > 0
