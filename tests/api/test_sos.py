"""긴급복지 SOS: few taps, guest or citizen, no repeated requests, the welfare desk's queue."""
from __future__ import annotations

import threading
import uuid

from myg_app.server.seed import DEFAULT_DEMO_PASSWORD, seed_demo
from tests.api.conftest import assert_problem

URL = "/api/v1/sos/requests"


def _body(**kw) -> dict:
    return {"kind": "livelihood", "phone": "010-2345-6789", "location": "중마동",
            "note": "이번 달 월세를 못 냈어요", "consent": True} | kw


def _login(api, who: str) -> dict:
    r = api.login(f"{who}@gwangyang.demo", DEFAULT_DEMO_PASSWORD)
    assert r.status_code == 200, r.text
    return api.bearer(r.json())


def test_guest_request_with_a_phone_number_and_repeated_taps(api):
    key = str(uuid.uuid4())
    r = api.client.post(URL, json=_body(phone="01098765432"), headers={"Idempotency-Key": key})
    assert r.status_code == 201, r.text
    first = r.json()
    assert first["phone"] == "010-9876-5432" and first["status"] == "received"
    assert first["department"] == "주민복지과" and first["lookup_token"]
    # The same tap retried (same key) replays the answer.
    again = api.client.post(URL, json=_body(phone="01098765432"), headers={"Idempotency-Key": key})
    assert again.json()["id"] == first["id"] and again.headers.get("Idempotent-Replayed") == "true"
    # A new tap (new key) while the request is open: no second request, nothing private leaked.
    dup = api.client.post(URL, json=_body(phone="010-9876-5432", note="다른 사람"),
                          headers={"Idempotency-Key": str(uuid.uuid4())})
    assert dup.status_code == 200
    assert dup.json()["id"] == first["id"] and dup.json()["duplicate"] is True
    assert dup.json()["note"] is None and dup.json()["lookup_token"] is None
    assert "****" in dup.json()["phone"]
    # The guest checks the status with the token; a wrong token finds nothing.
    ok = api.client.get(f"{URL}/{first['id']}", params={"token": first["lookup_token"]})
    assert ok.status_code == 200 and ok.json()["note"] == "이번 달 월세를 못 냈어요"
    assert_problem(api.client.get(f"{URL}/{first['id']}", params={"token": "x" * 20}),
                   404, "sos.not_found")


def test_bad_input_gets_korean_field_errors(api):
    r = api.client.post(URL, json=_body(consent=False, phone="12345"))
    body = assert_problem(r, 422, "validation_error")
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert "동의" in fields["consent"] and "전화번호" in fields["phone"]
    assert_problem(api.client.post(URL, json=_body(kind="money")), 422, "validation_error")


def test_parallel_taps_make_one_request(api):
    user = api.register(name="박위기")
    results: list[int] = []

    def tap():
        r = api.client.post(URL, json=_body(), headers=api.bearer(user) | {
            "Idempotency-Key": str(uuid.uuid4())})
        results.append(r.status_code)
        ids.append(r.json()["id"])

    ids: list[int] = []
    threads = [threading.Thread(target=tap) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results).count(201) == 1 and len(set(ids)) == 1
    mine = api.client.get(f"{URL}/mine", headers=api.bearer(user)).json()["items"]
    assert len(mine) == 1 and mine[0]["note"] == "이번 달 월세를 못 냈어요"


def test_welfare_desk_sees_oldest_first_logs_callbacks_and_the_citizen_sees_them(api):
    seed_demo(api.settings)
    citizen = api.register(name="홍길동")
    older = api.client.post(URL, json=_body(kind="medical", phone="010-1111-2222")).json()
    mine = api.client.post(URL, json=_body(kind="care"), headers=api.bearer(citizen)).json()
    welfare = _login(api, "welfare")

    queue = api.client.get("/api/v1/sos/desk/queue", headers=welfare).json()
    ids = [i["id"] for i in queue["items"]]
    assert ids.index(older["id"]) < ids.index(mine["id"])  # the longest waiting first
    item = next(i for i in queue["items"] if i["id"] == mine["id"])
    assert item["requester"] == "홍*동" and item["phone_masked"] == "010-****-6789"
    assert item["age_minutes"] >= 0 and item["status"] == "received"

    # Other departments and citizens cannot see the SOS desk.
    assert_problem(api.client.get("/api/v1/sos/desk/queue", headers=_login(api, "officer")),
                   403, "sos.forbidden")
    assert_problem(api.client.get("/api/v1/sos/desk/queue", headers=api.bearer(citizen)),
                   403, "auth.forbidden")

    detail = api.client.get(f"/api/v1/sos/desk/requests/{mine['id']}", headers=welfare).json()
    assert detail["phone"] == "010-2345-6789"  # the full number, to call back
    r = api.client.post(f"/api/v1/sos/desk/requests/{mine['id']}/callbacks", headers=welfare,
                        json={"reached": False, "note": "부재중"})
    assert r.status_code == 200 and r.json()["status"] == "received"
    r = api.client.post(f"/api/v1/sos/desk/requests/{mine['id']}/callbacks", headers=welfare,
                        json={"reached": True, "note": "방문 상담 예약", "close": False})
    assert r.json()["status"] == "contacted" and len(r.json()["log"]) == 2

    seen = api.client.get(f"{URL}/mine", headers=api.bearer(citizen)).json()["items"][0]
    assert seen["status"] == "contacted"
    assert [c["reached"] for c in seen["callbacks"]] == [False, True]
    notices = api.client.get("/api/v1/me/notices", headers=api.bearer(citizen)).json()
    assert [n["kind"] for n in notices["items"]] == ["sos.callback", "sos.callback"]

    # Closing settles it; a new crisis later is a new request.
    r = api.client.post(f"/api/v1/sos/desk/requests/{mine['id']}/callbacks", headers=welfare,
                        json={"reached": True, "note": "긴급생계비 지원 결정", "close": True})
    assert r.json()["status"] == "closed" and r.json()["outcome"] == "긴급생계비 지원 결정"
    assert_problem(api.client.post(f"/api/v1/sos/desk/requests/{mine['id']}/callbacks",
                                   headers=welfare, json={"reached": True, "note": "x"}),
                   409, "sos.closed")
    again = api.client.post(URL, json=_body(), headers=api.bearer(citizen))
    assert again.status_code == 201 and again.json()["id"] != mine["id"]


def test_a_citizen_never_sees_another_persons_request(api):
    alice, bob = api.register(), api.register()
    req = api.client.post(URL, json=_body(), headers=api.bearer(alice)).json()
    assert_problem(api.client.get(f"{URL}/{req['id']}", headers=api.bearer(bob)),
                   404, "sos.not_found")
    assert api.client.get(f"{URL}/mine", headers=api.bearer(bob)).json()["items"] == []
