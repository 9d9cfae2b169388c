"""디지털 광양시민증 over HTTP, on SQLite and PostgreSQL: apply (no 주민등록번호, a declared
읍면동, an optional photo checked from its bytes), the 민원봉사과 officer approves or refuses,
the card and its signed 30-second QRs, the offline verifier with the published JWKS and the
signed revocation list, revoke/reissue, one open card under parallel applications, one effect
per Idempotency-Key, benefits, and Korean 4xx for bad input."""
from __future__ import annotations

import base64
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from myg_app.cards import token as tok
from myg_app.server.citizen_id import numbers

from .conftest import assert_problem
from .reports_helpers import jpeg_with_gps, make_user

BASE = "/api/v1/citizen-id"


@pytest.fixture
def people(api):
    return {"citizen": make_user(api, name="김광양"),
            "clerk": make_user(api, "officer", "민원봉사과"),
            "roads": make_user(api, "officer", "도로과")}


def apply(api, who, key: str | None = None, **body):
    h = dict(who["headers"]) | ({"Idempotency-Key": key} if key else {})
    return api.client.post(f"{BASE}/applications", headers=h,
                           json={"dong": "jungma", "residence_declared": True} | body)


def approve(api, clerk, card_id: int, approve: bool = True, reason: str | None = None):
    return api.client.post(f"{BASE}/desk/applications/{card_id}/decision",
                           headers=clerk["headers"], json={"approve": approve, "reason": reason})


def active_card(api, people) -> dict:
    r = apply(api, people["citizen"])
    assert r.status_code == 201, r.text
    r = approve(api, people["clerk"], r.json()["id"])
    assert r.status_code == 200, r.text
    return r.json()


def verify(api, token: str) -> dict:
    r = api.client.post(f"{BASE}/verify", json={"token": token})
    assert r.status_code == 200, r.text
    return r.json()


def test_apply_approve_and_the_card_shows_signed_qrs(api, people):
    assert_problem(api.client.get(f"{BASE}/card"), 401, "auth.required")
    mine = api.client.get(f"{BASE}/card", headers=people["citizen"]["headers"]).json()
    assert mine["card"] is None and mine["can_apply"] and mine["window_s"] == 30
    r = apply(api, people["citizen"])
    assert r.status_code == 201, r.text
    pending = r.json()
    assert pending["status"] == "pending" and pending["number"] is None
    assert pending["dong_name"] == "중마동" and pending["name"] == "김광양"
    assert_problem(api.client.get(f"{BASE}/card/qr", headers=people["citizen"]["headers"]),
                   409, "citizen_id.not_active")
    # The officer's list masks the name; another department may not see it.
    assert_problem(api.client.get(f"{BASE}/desk/applications", headers=people["roads"]["headers"]),
                   403, "auth.forbidden")
    listed = api.client.get(f"{BASE}/desk/applications",
                            headers=people["clerk"]["headers"]).json()["items"]
    assert [(a["id"], a["masked_name"]) for a in listed] == [(pending["id"], "김*양")]
    card = approve(api, people["clerk"], pending["id"]).json()
    assert card["status"] == "active" and numbers.is_valid(card["number"])
    assert card["valid_until"] > card["valid_from"]
    assert_problem(approve(api, people["clerk"], pending["id"]), 409, "citizen_id.decided")
    batch = api.client.get(f"{BASE}/card/qr", headers=people["citizen"]["headers"])
    assert batch.status_code == 200 and batch.headers["cache-control"] == "no-store"
    tokens = batch.json()["tokens"]
    assert len(tokens) == 20 and tokens[1]["not_before"] == tokens[0]["expires_at"]
    assert len(tokens[0]["token"]) < 400  # a QR a phone screen shows at a scannable size
    v = verify(api, tokens[0]["token"])
    assert v["status"] == "valid" and v["valid"] and v["masked_name"] == "김*양"
    assert v["card_number"] == tok.masked_number(card["number"])
    # The same check offline, with only what a verifier downloads.
    jwks = api.client.get(f"{BASE}/jwks").json()
    assert all("d" not in k for k in jwks["keys"]) and jwks["keys"][0]["crv"] == "Ed25519"
    revs = api.client.get(f"{BASE}/revocations").json()
    listed = set(tok.open_revocations(revs["token"], jwks)["revoked"])
    assert tok.verify(tokens[0]["token"], jwks, listed, time.time()).ok
    # A later window's token is not valid yet; nobody can use the batch ahead of time.
    assert tok.verify(tokens[5]["token"], jwks, listed, time.time()).status == "not_yet_valid"
    notices = api.client.get("/api/v1/me/notices", headers=people["citizen"]["headers"]).json()
    assert "광양시민증이 발급되었습니다" in str(notices)


def test_revoked_then_reissued_cards_are_refused_everywhere(api, people):
    card = active_card(api, people)
    qr = api.client.get(f"{BASE}/card/qr", headers=people["citizen"]["headers"]).json()
    old_token = qr["tokens"][0]["token"]
    h = people["citizen"]["headers"] | {"Idempotency-Key": "revoke-1"}
    r = api.client.post(f"{BASE}/card/revoke", headers=h, json={"reason": "lost"})
    assert r.status_code == 200 and r.json()["status"] == "revoked"
    again = api.client.post(f"{BASE}/card/revoke", headers=h, json={"reason": "lost"})
    assert again.status_code == 200 and again.headers.get("idempotent-replayed") == "true"
    assert verify(api, old_token)["status"] == "revoked"
    revs = api.client.get(f"{BASE}/revocations").json()
    assert revs["revoked"] == [card["number"]]
    mine = api.client.get(f"{BASE}/card", headers=people["citizen"]["headers"]).json()
    assert mine["can_reissue"] and mine["card"]["revoke_reason_text"] == "휴대폰 분실"
    new = api.client.post(f"{BASE}/card/reissue", headers=people["citizen"]["headers"])
    assert new.status_code == 201, new.text
    assert new.json()["status"] == "active" and new.json()["number"] != card["number"]
    assert new.json()["valid_until"] == card["valid_until"]
    fresh = api.client.get(f"{BASE}/card/qr", headers=people["citizen"]["headers"]).json()
    assert verify(api, fresh["tokens"][0]["token"])["status"] == "valid"
    assert verify(api, old_token)["status"] == "revoked"
    # Reissuing an active card revokes it as "reissued".
    r = api.client.post(f"{BASE}/card/reissue", headers=people["citizen"]["headers"])
    assert r.status_code == 201
    assert verify(api, fresh["tokens"][0]["token"])["status"] == "revoked"


def test_moving_away_ends_the_card_and_needs_a_new_application(api, people):
    active_card(api, people)
    r = api.client.post(f"{BASE}/card/revoke", headers=people["citizen"]["headers"],
                        json={"reason": "moved"})
    assert r.status_code == 200
    assert_problem(api.client.post(f"{BASE}/card/reissue", headers=people["citizen"]["headers"]),
                   409, "citizen_id.no_reissue")
    assert apply(api, people["citizen"]).json()["status"] == "pending"


def test_an_officer_refuses_with_a_reason_and_revokes_a_card(api, people):
    pending = apply(api, people["citizen"]).json()
    assert_problem(approve(api, people["clerk"], pending["id"], False), 422, "citizen_id.reason")
    r = approve(api, people["clerk"], pending["id"], False, "거주지를 확인하지 못했습니다.")
    assert r.json()["status"] == "rejected"
    assert r.json()["reject_reason"] == "거주지를 확인하지 못했습니다."
    card = active_card(api, people)
    assert_problem(api.client.post(f"{BASE}/desk/cards/{card['id']}/revoke",
                                   headers=people["roads"]["headers"], json={"reason": "전출 확인"}),
                   403, "auth.forbidden")
    r = api.client.post(f"{BASE}/desk/cards/{card['id']}/revoke",
                        headers=people["clerk"]["headers"], json={"reason": "전출 확인"})
    assert r.status_code == 200 and r.json()["revoke_reason"] == "officer"
    assert card["number"] in api.client.get(f"{BASE}/revocations").json()["revoked"]


def test_parallel_applications_leave_one_open_card(api, people):
    def go(i):
        return apply(api, people["citizen"]).status_code

    with ThreadPoolExecutor(6) as pool:
        codes = sorted(pool.map(go, range(6)))
    assert codes.count(201) == 1 and set(codes) <= {201, 409}, codes
    listed = api.client.get(f"{BASE}/desk/applications",
                            headers=people["clerk"]["headers"]).json()["items"]
    assert len(listed) == 1


def test_one_application_per_idempotency_key_in_parallel(api, people):
    with ThreadPoolExecutor(4) as pool:
        rs = list(pool.map(lambda _: apply(api, people["citizen"], key="apply-1"), range(4)))
    assert {r.status_code for r in rs} == {201}, [r.text for r in rs]
    assert len({r.json()["id"] for r in rs}) == 1


def test_the_photo_is_checked_from_its_bytes_and_stripped(api, people):
    bad = apply(api, people["citizen"], photo_filename="me.jpg",
                photo_base64=base64.b64encode(b"not a picture").decode())
    assert_problem(bad, 415, "photo.type")
    assert_problem(apply(api, people["citizen"], photo_base64="@@@"), 422, "photo.encoding")
    ok = apply(api, people["citizen"], photo_filename="me.jpg",
               photo_base64=base64.b64encode(jpeg_with_gps()).decode())
    assert ok.status_code == 201, ok.text
    photo = base64.b64decode(ok.json()["photo_base64"])
    assert photo[:2] == b"\xff\xd8" and b"TestCam" not in photo and b"GPS" not in photo


def test_benefits_are_public_and_marked_demo(api):
    from myg_app.server.citizen_id.seed import seed

    for _ in range(2):  # idempotent
        with api.client.app.state.sessionmaker.begin() as s:
            seed(s, api.settings)
    rows = api.client.get(f"{BASE}/benefits").json()["items"]
    assert len(rows) >= 3 and all(b["demo"] for b in rows)
    assert {"광양시 공영주차장", "광양시립도서관", "광양문화예술회관"} <= {b["place"] for b in rows}


@pytest.mark.parametrize("body, field", [
    ({"dong": "seoul", "residence_declared": True}, "dong"),
    ({"dong": "jungma", "residence_declared": False}, "residence_declared"),
    ({"dong": "jung\x00ma", "residence_declared": True}, "dong"),
    ({"dong": 12, "residence_declared": True}, "dong"),
    ({"dong": "jungma", "residence_declared": "예"}, "residence_declared"),
])
def test_bad_applications_get_korean_422(api, people, body, field):
    r = api.client.post(f"{BASE}/applications", headers=people["citizen"]["headers"], json=body)
    p = assert_problem(r, 422, r.json().get("code"))
    assert field in str(p["errors"])


@pytest.mark.parametrize("path, body", [
    (f"{BASE}/verify", {"token": "x" * 3000}),
    (f"{BASE}/verify", {"token": 123}),
    (f"{BASE}/verify", {}),
    (f"{BASE}/card/revoke", {"reason": "because"}),
])
def test_bad_input_is_a_problem_never_a_500(api, people, path, body):
    r = api.client.post(path, headers=people["citizen"]["headers"], json=body)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"


def test_junk_tokens_verify_as_forged_and_huge_ids_are_refused(api, people):
    assert verify(api, "\x01garbage")["status"] == "forged"
    assert verify(api, "a.b.c")["status"] == "forged"
    r = api.client.post(f"{BASE}/desk/applications/99999999999999/decision",
                        headers=people["clerk"]["headers"], json={"approve": True})
    assert r.status_code == 422
    assert_problem(approve(api, people["clerk"], 999999), 404, "citizen_id.not_found")
    r = api.client.get(f"{BASE}/card/qr?count=1000", headers=people["citizen"]["headers"])
    assert r.status_code == 422
