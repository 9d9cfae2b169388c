from myg_app.server.notices import service
from tests.api.conftest import assert_problem


def _user_id(api, tokens) -> int:
    return api.client.get("/api/v1/me", headers=api.bearer(tokens)).json()["id"]


def test_notices_are_private_and_can_be_read(api):
    alice, bob = api.register(), api.register()
    alice_id = _user_id(api, alice)
    with api.client.app.state.sessionmaker.begin() as s:
        n1 = service.notify(s, alice_id, kind="booking.approved",
                            title="대관 신청이 승인되었습니다", body="12월 3일 14:00 중마동 회의실",
                            link="/f/facility")
        service.notify(s, alice_id, kind="report.status", title="신고 처리 완료",
                       body="가로등을 교체했습니다.")
        first_id = n1.id

    mine = api.client.get("/api/v1/me/notices", headers=api.bearer(alice)).json()
    assert mine["unread"] == 2
    assert [n["kind"] for n in mine["items"]] == ["report.status", "booking.approved"]
    theirs = api.client.get("/api/v1/me/notices", headers=api.bearer(bob)).json()
    assert theirs == {"items": [], "unread": 0}

    # Bob cannot touch Alice's notice; it looks missing to him.
    r = api.client.post(f"/api/v1/me/notices/{first_id}/read", headers=api.bearer(bob))
    assert_problem(r, 404, "notice.not_found")

    for _ in range(2):  # a retry is harmless
        r = api.client.post(f"/api/v1/me/notices/{first_id}/read", headers=api.bearer(alice))
        assert r.status_code == 204
    assert api.client.get("/api/v1/me/notices", headers=api.bearer(alice)).json()["unread"] == 1
    assert api.client.post("/api/v1/me/notices/read", headers=api.bearer(alice)).status_code == 204
    assert api.client.get("/api/v1/me/notices", headers=api.bearer(alice)).json()["unread"] == 0


def test_notices_need_login(api):
    assert_problem(api.client.get("/api/v1/me/notices"), 401, "auth.required")
