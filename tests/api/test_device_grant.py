"""키오스크 로그인 (RFC 8628): the kiosk asks for a code, the citizen approves on the phone, the
kiosk's polls get one short session that cannot be refreshed and ends at 로그아웃."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import jwt
import pytest
from sqlalchemy import select, update

from myg_app.server.auth.models import RefreshToken
from myg_app.server.auth.oidc.models import DeviceGrant
from myg_app.server.db import utcnow

from .conftest import assert_problem

GRANT = "urn:ietf:params:oauth:grant-type:device_code"
KIOSK = "myg_kiosk"
PLACE = "광양시청 민원실"
CODE = re.compile(r"^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$")


def start(api, **extra) -> dict:
    r = api.client.post("/oidc/device_authorization",
                        data={"client_id": KIOSK, "kiosk_place": PLACE, **extra})
    assert r.status_code == 200, r.text
    return r.json()


def poll(api, device_code: str, client_id: str = KIOSK):
    return api.client.post("/oidc/token", data={"grant_type": GRANT, "device_code": device_code,
                                                "client_id": client_id})


def oauth_error(r, error: str, status: int = 400) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["error"] == error and body["error_description"], body
    assert r.headers["cache-control"] == "no-store"
    return body


def grant_row(api, user_code: str) -> DeviceGrant:
    with api.client.app.state.sessionmaker() as s:
        return s.scalars(select(DeviceGrant).where(DeviceGrant.user_code == user_code)).one()


def change(api, user_code: str, **values) -> None:
    with api.client.app.state.sessionmaker.begin() as s:
        s.execute(update(DeviceGrant).where(DeviceGrant.user_code == user_code).values(**values))


def wait_interval(api, user_code: str) -> None:
    """As if the kiosk waited the interval since its last poll."""
    change(api, user_code, last_polled_at=utcnow() - timedelta(minutes=5))


def decide(api, user: dict, user_code: str, approve: bool = True, **kwargs):
    return api.client.post("/api/v1/auth/device/approve", headers=api.bearer(user) | kwargs.pop(
        "headers", {}), json={"user_code": user_code, "approve": approve}, **kwargs)


def signed_in_kiosk(api, user: dict) -> tuple[dict, dict]:
    d = start(api)
    assert decide(api, user, d["user_code"]).status_code == 200
    r = poll(api, d["device_code"])
    assert r.status_code == 200, r.text
    return d, r.json()


def test_discovery_lists_the_device_endpoint_and_grant(api):
    d = api.client.get("/.well-known/openid-configuration").json()
    assert d["device_authorization_endpoint"] == "http://testserver/oidc/device_authorization"
    assert GRANT in d["grant_types_supported"]
    assert {"authorization_code", "refresh_token"} <= set(d["grant_types_supported"])


def test_device_authorization_answers_per_rfc_8628(api):
    r = api.client.post("/oidc/device_authorization", data={"client_id": KIOSK,
                                                            "kiosk_place": PLACE})
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    d = r.json()
    assert CODE.match(d["user_code"]) and len(d["device_code"]) >= 43  # 32 bytes, base64url
    assert d["verification_uri"] == "http://testserver/kiosk-approve"
    assert d["verification_uri_complete"] == f"http://testserver/kiosk-approve?user_code={d['user_code']}"
    assert d["expires_in"] == 600 and d["interval"] == 5
    row = grant_row(api, d["user_code"])
    assert row.device_code_hash != d["device_code"] and len(row.device_code_hash) == 64
    assert row.kiosk and row.kiosk_place == PLACE and row.scope == "openid profile"
    # Every request gets its own codes.
    other = start(api)
    assert other["user_code"] != d["user_code"] and other["device_code"] != d["device_code"]
    # The page the QR code opens in a plain browser says where to approve.
    page = api.client.get(d["verification_uri_complete"])
    assert page.status_code == 200 and d["user_code"] in page.text and "MY광양 앱" in page.text


def test_approval_signs_the_kiosk_in_as_the_citizen(api):
    citizen = api.register(name="김광양")
    d = start(api)
    oauth_error(poll(api, d["device_code"]), "authorization_pending")
    # The phone shows where the request comes from, by the code in any reasonable spelling.
    typed = d["user_code"].lower().replace("-", "")
    r = api.client.get("/api/v1/auth/device", params={"user_code": typed},
                       headers=api.bearer(citizen))
    assert r.status_code == 200, r.text
    seen = r.json()
    assert seen["user_code"] == d["user_code"] and seen["kiosk_place"] == PLACE
    assert seen["status"] == "pending" and seen["expires_at"] > seen["requested_at"]
    r = decide(api, citizen, d["user_code"])
    assert r.status_code == 200 and r.json()["status"] == "approved"

    wait_interval(api, d["user_code"])
    r = poll(api, d["device_code"])
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    tokens = r.json()
    assert tokens["token_type"] == "Bearer" and tokens["kiosk"] is True
    assert tokens["scope"] == "openid profile" and "refresh_token" not in tokens
    assert 0 < tokens["expires_in"] <= 15 * 60
    me = api.client.get("/api/v1/me", headers=api.bearer(tokens))
    assert me.status_code == 200 and me.json()["email"] == citizen["email"]
    # The citizen sees the kiosk among the signed-in devices, and the request as used.
    sessions = api.client.get("/api/v1/me/sessions", headers=api.bearer(citizen)).json()
    assert f"키오스크 · {PLACE}" in [dev["device"] for dev in sessions["devices"]]
    again = api.client.get("/api/v1/auth/device", params={"user_code": d["user_code"]},
                           headers=api.bearer(citizen))
    assert again.json()["status"] == "used"


def test_denial_is_access_denied(api):
    citizen = api.register()
    d = start(api)
    r = decide(api, citizen, d["user_code"], approve=False)
    assert r.status_code == 200 and r.json()["status"] == "denied"
    oauth_error(poll(api, d["device_code"]), "access_denied")
    oauth_error(poll(api, d["device_code"]), "access_denied")  # it stays refused
    # A decision is final: approving afterwards is a conflict, and nothing is issued.
    assert_problem(decide(api, citizen, d["user_code"]), 409, "device.decided")
    oauth_error(poll(api, d["device_code"]), "access_denied")


def test_expired_request_is_expired_token(api):
    citizen = api.register()
    d = start(api)
    change(api, d["user_code"], expires_at=utcnow() - timedelta(seconds=1))
    oauth_error(poll(api, d["device_code"]), "expired_token")
    seen = api.client.get("/api/v1/auth/device", params={"user_code": d["user_code"]},
                          headers=api.bearer(citizen))
    assert seen.json()["status"] == "expired"
    assert_problem(decide(api, citizen, d["user_code"]), 410, "device.expired")


def test_approved_but_not_collected_in_time_is_expired_token(api):
    citizen = api.register()
    d = start(api)
    assert decide(api, citizen, d["user_code"]).status_code == 200
    change(api, d["user_code"], expires_at=utcnow() - timedelta(seconds=1),
           last_polled_at=None)
    oauth_error(poll(api, d["device_code"]), "expired_token")


def test_polling_too_fast_is_slow_down_and_the_interval_grows(api):
    d = start(api)
    oauth_error(poll(api, d["device_code"]), "authorization_pending")
    oauth_error(poll(api, d["device_code"]), "slow_down")
    assert grant_row(api, d["user_code"]).interval_s == 10  # kept for later polls
    oauth_error(poll(api, d["device_code"]), "slow_down")
    assert grant_row(api, d["user_code"]).interval_s == 15
    # Polled 12 s after the last one: still too soon for the 15 s interval now in force.
    change(api, d["user_code"], last_polled_at=utcnow() - timedelta(seconds=12))
    oauth_error(poll(api, d["device_code"]), "slow_down")
    assert grant_row(api, d["user_code"]).interval_s == 20
    change(api, d["user_code"], last_polled_at=utcnow() - timedelta(seconds=21))
    oauth_error(poll(api, d["device_code"]), "authorization_pending")
    assert grant_row(api, d["user_code"]).interval_s == 20


def test_a_device_code_works_once(api):
    citizen = api.register()
    d, _tokens = signed_in_kiosk(api, citizen)
    wait_interval(api, d["user_code"])
    oauth_error(poll(api, d["device_code"]), "invalid_grant")
    assert_problem(decide(api, citizen, d["user_code"]), 409, "device.decided")
    oauth_error(poll(api, "never-issued-" + "x" * 40), "invalid_grant")


def test_parallel_polls_after_approval_get_one_token(api):
    citizen = api.register()
    d = start(api)
    assert decide(api, citizen, d["user_code"]).status_code == 200
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: poll(api, d["device_code"]), range(6)))
    assert sorted(r.status_code for r in answers) == [200] + [400] * 5
    assert {r.json()["error"] for r in answers if r.status_code == 400} <= {"slow_down",
                                                                            "invalid_grant"}
    with api.client.app.state.sessionmaker() as s:
        row = s.scalars(select(DeviceGrant).where(DeviceGrant.user_code == d["user_code"])).one()
        assert row.status == "used" and row.family_id
        families = s.scalars(select(RefreshToken.family_id).where(
            RefreshToken.family_id == row.family_id)).all()
    assert len(families) == 1


def test_a_kiosk_session_cannot_be_refreshed(api):
    citizen = api.register()
    d, tokens = signed_in_kiosk(api, citizen)
    assert "refresh_token" not in tokens
    # Nothing the kiosk ever held works as a refresh token.
    for candidate in (tokens["access_token"], d["device_code"], d["user_code"]):
        assert_problem(api.client.post("/api/v1/auth/refresh", json={"refresh_token": candidate}),
                       401, "auth.invalid_refresh")
    # Nor does the stored value of the session's refresh token itself.
    with api.client.app.state.sessionmaker() as s:
        stored = s.scalars(select(RefreshToken.token_hash).where(
            RefreshToken.family_id == grant_row(api, d["user_code"]).family_id)).one()
    assert_problem(api.client.post("/api/v1/auth/refresh", json={"refresh_token": stored}),
                   401, "auth.invalid_refresh")
    # The provider's token endpoint has no refresh for the kiosk either.
    r = api.client.post("/oidc/token", data={"grant_type": "refresh_token", "client_id": KIOSK,
                                             "refresh_token": tokens["access_token"]})
    oauth_error(r, "invalid_client", 401)
    assert api.client.get("/api/v1/me", headers=api.bearer(tokens)).status_code == 200


def test_kiosk_session_is_short(api, settings):
    settings.kiosk_session_minutes = 5
    _d, tokens = signed_in_kiosk(api, api.register())
    assert tokens["expires_in"] == 300
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 300


def test_kiosk_logout_ends_the_session_at_once(api):
    citizen = api.register()
    _d, tokens = signed_in_kiosk(api, citizen)
    kiosk = api.bearer(tokens)
    # The phone's own session cannot be ended through the kiosk's sign-out.
    assert_problem(api.client.post("/api/v1/auth/kiosk/logout", headers=api.bearer(citizen)),
                   403, "device.not_kiosk")
    assert api.client.post("/api/v1/auth/kiosk/logout", headers=kiosk).status_code == 204
    assert_problem(api.client.get("/api/v1/me", headers=kiosk), 401, "auth.required")
    assert api.client.post("/api/v1/auth/kiosk/logout", headers=kiosk).status_code == 204
    assert_problem(api.client.post("/api/v1/auth/kiosk/logout"), 401, "auth.required")
    assert_problem(api.client.post("/api/v1/auth/kiosk/logout",
                                   headers={"Authorization": "Bearer nonsense"}),
                   401, "auth.required")
    # The phone stays signed in, and no longer lists the kiosk.
    assert api.client.get("/api/v1/me", headers=api.bearer(citizen)).status_code == 200
    devices = api.client.get("/api/v1/me/sessions", headers=api.bearer(citizen)).json()["devices"]
    assert not [dev for dev in devices if dev["device"].startswith("키오스크")]


def test_the_phone_can_end_the_kiosk_session(api):
    citizen = api.register()
    d, tokens = signed_in_kiosk(api, citizen)
    family = grant_row(api, d["user_code"]).family_id
    r = api.client.delete(f"/api/v1/me/sessions/{family}", headers=api.bearer(citizen))
    assert r.status_code == 204
    assert api.client.get("/api/v1/me", headers=api.bearer(tokens)).status_code == 401


def test_a_kiosk_session_cannot_approve_another_kiosk(api):
    citizen = api.register()
    _d, tokens = signed_in_kiosk(api, citizen)
    other = start(api)
    assert_problem(decide(api, tokens, other["user_code"]), 403, "device.kiosk_session")
    assert_problem(api.client.get("/api/v1/auth/device", params={"user_code": other["user_code"]},
                                  headers=api.bearer(tokens)), 403, "device.kiosk_session")
    assert grant_row(api, other["user_code"]).status == "pending"


def test_phone_endpoints_need_a_signed_in_user(api):
    d = start(api)
    assert_problem(api.client.get("/api/v1/auth/device", params={"user_code": d["user_code"]}),
                   401, "auth.required")
    assert_problem(api.client.post("/api/v1/auth/device/approve",
                                   json={"user_code": d["user_code"], "approve": True}),
                   401, "auth.required")
    assert grant_row(api, d["user_code"]).status == "pending"


def test_wrong_codes_are_throttled_per_account(api):
    citizen, other = api.register(), api.register()
    d = start(api)
    h = api.bearer(citizen)
    for _ in range(5):
        body = assert_problem(api.client.get("/api/v1/auth/device", params={"user_code": "BBBB-BBBB"},
                                             headers=h), 404, "device.not_found")
        assert body["errors"][0]["field"] == "user_code"
    r = decide(api, citizen, d["user_code"])  # even the right code waits now
    body = assert_problem(r, 429, "device.throttled")
    assert int(r.headers["retry-after"]) > 0 and "분 후" in body["detail"]
    # Another citizen is not held up.
    assert decide(api, other, d["user_code"]).status_code == 200


def test_approve_honours_idempotency_key(api):
    citizen = api.register()
    d = start(api)
    key = {"Idempotency-Key": "approve-kiosk-1"}
    first = decide(api, citizen, d["user_code"], headers=key)
    again = decide(api, citizen, d["user_code"], headers=key)
    assert first.status_code == again.status_code == 200
    assert again.headers.get("idempotent-replayed") == "true"
    assert again.json() == first.json()
    assert_problem(decide(api, citizen, d["user_code"]), 409, "device.decided")


@pytest.mark.parametrize("data, error, status", [
    ({"client_id": "library"}, "invalid_client", 401),
    ({"client_id": ""}, "invalid_client", 401),
    ({}, "invalid_client", 401),
    ({"client_id": KIOSK + "\x00"}, "invalid_client", 401),
    ({"client_id": KIOSK, "scope": "openid email"}, "invalid_scope", 400),
    ({"client_id": KIOSK, "scope": "x" * 100_000}, "invalid_scope", 400),
    ({"client_id": KIOSK, "kiosk_place": "가" * 41}, "invalid_request", 400),
    ({"client_id": "x" * 100_000}, "invalid_client", 401),
])
def test_bad_device_authorization_requests(api, data, error, status):
    oauth_error(api.client.post("/oidc/device_authorization", data=data), error, status)


def test_kiosk_place_is_cleaned(api):
    d = start(api, kiosk_place="광양\x00시청\t민원실\x7f", scope="openid")
    row = grant_row(api, d["user_code"])
    assert row.kiosk_place == "광양시청 민원실" and row.scope == "openid"
    assert grant_row(api, start(api, kiosk_place="  ")["user_code"]).kiosk_place is None


def test_bad_token_requests_are_oauth_errors(api):
    d = start(api)
    oauth_error(poll(api, d["device_code"], client_id="library"), "invalid_client", 401)
    oauth_error(poll(api, d["device_code"], client_id=""), "invalid_client", 401)
    for code in ("", "\x00", "가" * 50_000, d["user_code"]):
        r = poll(api, code)
        assert r.status_code == 400 and r.json()["error"] in ("invalid_request", "invalid_grant")
    r = api.client.post("/oidc/token", data={"grant_type": GRANT, "device_code": d["device_code"]})
    oauth_error(r, "invalid_client", 401)
    r = api.client.post("/oidc/token", data={"grant_type": "urn:nope", "client_id": KIOSK})
    assert r.status_code in (400, 401) and r.json()["error"]
    r = api.client.post("/oidc/token", content=b"\xff\xfe\x00garbage",
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert 400 <= r.status_code < 500


def test_bad_phone_requests_are_4xx(api):
    citizen = api.register()
    h = api.bearer(citizen)
    d = start(api)
    for junk in ("", "AAAA-AAAA", "BCDF-GHJ", "BCDF\x00GHJK", "x" * 10_000, "12345678"):
        assert_problem(api.client.get("/api/v1/auth/device", params={"user_code": junk},
                                      headers=h), 422, "validation_error")
    assert_problem(api.client.get("/api/v1/auth/device", headers=h), 422, "validation_error")
    for body in ({"user_code": d["user_code"], "approve": "yes"},
                 {"user_code": d["user_code"], "approve": 1},
                 {"user_code": d["user_code"]},
                 {"user_code": 12345678, "approve": True},
                 {"user_code": ["BCDF-GHJK"], "approve": True},
                 {"user_code": "BCDF\x00GHJK", "approve": True},
                 [], "text"):
        r = api.client.post("/api/v1/auth/device/approve", json=body, headers=h)
        assert_problem(r, 422, "validation_error")
    r = api.client.post("/api/v1/auth/device/approve", content=b"\xff{", headers=h | {
        "Content-Type": "application/json"})
    assert 400 <= r.status_code < 500
    # None of it decided anything.
    assert grant_row(api, d["user_code"]).status == "pending"
