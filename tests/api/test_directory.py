"""부서 전화 연결: a citizen finds the department by a task word and gets its number."""
from myg_app.server.seed import seed_demo


def _search(api, q: str) -> dict:
    r = api.client.get("/api/v1/directory", params={"q": q})
    assert r.status_code == 200, r.text
    return r.json()


def test_task_words_find_the_department(api):
    seed_demo(api.settings)
    passport = _search(api, "여권")
    assert passport["items"][0]["department"] == "민원봉사과"
    assert "여권" in passport["items"][0]["matched"]
    assert passport["items"][0]["phone"].startswith("061-797-")
    trash = _search(api, "쓰레기")
    assert trash["items"][0]["department"] == "자원순환과"
    # Spaces do not matter: "대형 폐기물" finds 대형폐기물.
    assert _search(api, "대형 폐기물")["items"][0]["department"] == "자원순환과"
    # Every word must match.
    assert [e["department"] for e in _search(api, "수도 파열")["items"]] == ["상하수도과"]


def test_empty_search_lists_everything_and_unknown_words_nothing(api):
    seed_demo(api.settings)
    everything = _search(api, "")["items"]
    assert len(everything) >= 25
    assert everything[0]["department"] == "감동시대추진단"
    assert everything[0]["phone"] == "061-797-4766"  # the real help line
    assert _search(api, "우주정거장")["items"] == []


def test_seed_is_idempotent_and_search_needs_no_login(api):
    seed_demo(api.settings)
    n = len(_search(api, "")["items"])
    seed_demo(api.settings)
    assert len(_search(api, "")["items"]) == n


def test_overlong_query_is_a_korean_field_error(api):
    r = api.client.get("/api/v1/directory", params={"q": "가" * 41})
    assert r.status_code == 422
    assert r.json()["code"] == "validation_error"
