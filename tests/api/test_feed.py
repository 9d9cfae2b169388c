"""맞춤 정보: what a citizen's feed brings together and why, what a guest gets, the cursor, and
bad input. SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import update

from myg_app.server.db import make_engine, make_sessionmaker
from myg_app.server.seed import DEFAULT_DEMO_PASSWORD, seed_demo
from myg_app.server.welfare.models import WelfareService
from tests.api.conftest import assert_problem

FEED = "/api/v1/feed"


def _officer(api, who: str) -> dict:
    r = api.login(f"{who}@gwangyang.demo", DEFAULT_DEMO_PASSWORD)
    assert r.status_code == 200, r.text
    return api.bearer(r.json())


def _alert(api, officer, dongs, text, level="안전안내"):
    r = api.client.post("/api/v1/alerts", headers=officer, json={
        "level": level, "kind": "기타", "dongs": dongs, "text": text})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_a_citizens_feed_brings_their_towns_benefits_and_plans_with_reasons(api):
    seed_demo(api.settings)
    safety = _officer(api, "safety")
    mine = _alert(api, safety, ["jungma"], "중마동 단수 안내입니다.")
    other = _alert(api, safety, ["daap"], "다압면 도로 통제 안내입니다.")
    urgent = _alert(api, safety, [], "광양시 전역 강풍 경보입니다.", level="긴급재난")

    user = api.register()
    h = api.bearer(api.login(user["email"]).json())
    api.client.put("/api/v1/me/alert-settings", headers=h, json={"dongs": ["jungma"]})
    # A bookmarked programme whose deadline is in 3 days.
    sm = make_sessionmaker(make_engine(api.settings.effective_database_url))
    sid = api.client.get("/api/v1/welfare/search", params={"q": "청년"}).json()["items"][0]["id"]
    with sm.begin() as s:
        s.execute(update(WelfareService).where(WelfareService.id == sid)
                  .values(deadline_end=date.today() + timedelta(days=3)))
    assert api.client.put(f"/api/v1/welfare/services/{sid}/bookmark", headers=h).status_code == 200

    page = api.client.get(FEED, headers=h, params={"limit": 50}).json()
    by_key = {i["key"]: i for i in page["items"]}
    assert by_key[f"alert:{mine}"]["reason"] == "관심 지역: 중마동"
    assert by_key[f"alert:{urgent}"]["reason"] == "광양시 전체 알림"
    assert f"alert:{other}" not in by_key  # another 읍면동's alert
    deadline = by_key[f"deadline:{sid}"]
    assert deadline["soon"] and deadline["reason"] == "관심 목록의 신청 마감"
    # What needs attention soon comes first.
    soon = [i["soon"] for i in page["items"]]
    assert soon == sorted(soon, reverse=True)
    assert page["interests"]["dongs"] == ["jungma"] and not page["invite"]
    # Town news only of the towns followed (city news for everyone).
    towns = {i["reason"] for i in page["items"] if i["kind"] == "news"}
    assert towns <= {"시정 소식", "관심 지역: 중마동"}

    # Topics narrow it down; they are stored with the account.
    put = api.client.put("/api/v1/me/feed-interests", headers=h, json={"topics": ["alerts"]})
    assert put.json()["topics"] == ["alerts"]
    only = api.client.get(FEED, headers=h).json()["items"]
    assert only and {i["kind"] for i in only} == {"alert"}


def test_guest_gets_the_general_feed_and_an_invitation_then_their_towns(api):
    seed_demo(api.settings)
    general = api.client.get(FEED).json()
    assert general["invite"] is True and general["items"]
    assert all(i["kind"] in ("alert", "news") for i in general["items"])
    chosen = api.client.get(FEED, params={"dong": "daap", "topic": "news"}).json()
    assert chosen["invite"] is False
    assert {i["kind"] for i in chosen["items"]} == {"news"}
    assert all(i["reason"] in ("시정 소식", "관심 지역: 다압면") for i in chosen["items"])


def test_cursor_pages_through_every_card_once(api):
    seed_demo(api.settings)
    safety = _officer(api, "safety")
    for i in range(7):
        _alert(api, safety, [], f"페이지 시험 알림 {i}번입니다.")
    seen: list[str] = []
    page = api.client.get(FEED, params={"limit": 4}).json()
    total = len(api.client.get(FEED, params={"limit": 50}).json()["items"])
    while True:
        seen += [i["key"] for i in page["items"]]
        if not page["next_cursor"]:
            break
        page = api.client.get(FEED, params={"limit": 4, "cursor": page["next_cursor"]}).json()
    assert len(seen) == len(set(seen)) and len(seen) >= min(total, 50)


def test_bad_input_is_a_korean_4xx(api):
    assert_problem(api.client.get(FEED, params={"cursor": "@@@"}), 422, "feed.bad_cursor")
    assert_problem(api.client.get(FEED, params={"dong": "seoul"}), 422, "feed.bad_dong")
    assert_problem(api.client.get(FEED, params={"topic": "sports"}), 422, "validation_error")
    assert_problem(api.client.get(FEED, params={"limit": 10**12}), 422, "validation_error")
    assert_problem(api.client.get(FEED, params={"dong": "jungma\x00"}), 422, "validation_error")
    assert_problem(api.client.put("/api/v1/me/feed-interests", json={"topics": []}), 401,
                   "auth.required")
