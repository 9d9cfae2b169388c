import pytest

from .conftest import assert_problem


@pytest.fixture
def user(api):
    return api.bearer(api.register())


def test_menu_requires_login(api):
    assert_problem(api.client.get("/api/v1/me/menu"), 401, "auth.required")
    assert_problem(api.client.put("/api/v1/me/menu", json={"items": []}), 401, "auth.required")


def test_put_reorders_and_persists(api, user):
    items = ["weather", "chat", "bus"]
    r = api.client.put("/api/v1/me/menu", json={"items": items}, headers=user)
    assert r.status_code == 200 and r.json() == {"items": items}
    assert api.client.get("/api/v1/me/menu", headers=user).json() == {"items": items}
    reordered = ["bus", "weather", "chat"]
    api.client.put("/api/v1/me/menu", json={"items": reordered}, headers=user)
    assert api.client.get("/api/v1/me/menu", headers=user).json() == {"items": reordered}


def test_fourteen_allowed_and_empty_allowed(api, user):
    from myg_app import catalog

    fourteen = [f.id for f in catalog.FUNCTIONS[:14]]
    assert api.client.put("/api/v1/me/menu", json={"items": fourteen}, headers=user).status_code == 200
    assert api.client.get("/api/v1/me/menu", headers=user).json()["items"] == fourteen
    r = api.client.put("/api/v1/me/menu", json={"items": []}, headers=user)
    assert r.status_code == 200 and r.json() == {"items": []}
    assert api.client.get("/api/v1/me/menu", headers=user).json() == {"items": []}


def test_menu_is_per_user(api, user):
    other = api.bearer(api.register())
    api.client.put("/api/v1/me/menu", json={"items": ["sos"]}, headers=user)
    assert api.client.get("/api/v1/me/menu", headers=other).json()["items"] != ["sos"]


@pytest.mark.parametrize(("body", "needle"), [
    ({"items": ["chat", "report", "sos", "dept_call", "chatbot", "facility",
      "sports", "course", "legal", "welfare", "subsidy24", "small_biz", "proposal", "survey",
      "points"]}, "최대 14개"),
    ({"items": ["chat", "teleport"]}, "없는 기능"),
    ({"items": ["chat", "bus", "chat"]}, "두 번"),
    ({"items": "chat"}, "목록(배열)"),
    ([], "객체(JSON)"),
    ({}, "필수 항목"),
    ({"items": [1, 2]}, "문자열"),
], ids=["15-items", "unknown", "duplicate", "not-a-list", "list-body", "missing", "not-strings"])
def test_invalid_menus_are_refused_in_korean(api, user, body, needle):
    before = api.client.get("/api/v1/me/menu", headers=user).json()
    r = api.client.put("/api/v1/me/menu", json=body, headers=user)
    problem = assert_problem(r, 422, "validation_error")
    assert needle in problem["detail"]
    assert problem["errors"] and all(needle in e["message"] for e in problem["errors"][:1])
    assert api.client.get("/api/v1/me/menu", headers=user).json() == before  # nothing changed


def test_fifteen_message_names_the_count(api, user):
    from myg_app import catalog

    r = api.client.put("/api/v1/me/menu", headers=user,
                       json={"items": [f.id for f in catalog.FUNCTIONS[:15]]})
    problem = assert_problem(r, 422, "validation_error")
    assert problem["detail"] == "items: 나의메뉴에는 최대 14개까지 담을 수 있습니다 (현재 15개)."
    assert problem["errors"] == [{"field": "items",
                                  "message": "나의메뉴에는 최대 14개까지 담을 수 있습니다 (현재 15개)."}]
