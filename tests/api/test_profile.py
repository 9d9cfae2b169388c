"""Profile, consent records, sessions list, throttling and withdrawal."""
from __future__ import annotations

import uuid

import pytest

from myg_app.contracts.profile import CONSENT_ITEMS

from .conftest import PASSWORD, assert_problem

ALL_REQUIRED = {c.id: c.required for c in CONSENT_ITEMS}


def _register(api, consents=None, device=None, email=None):
    email = email or f"u-{uuid.uuid4().hex[:8]}@example.com"
    body = {"email": email, "password": PASSWORD, "name": "홍길동"}
    if consents is not None:
        body["consents"] = consents
    if device:
        body["device"] = device
    r = api.client.post("/api/v1/auth/register", json=body)
    assert r.status_code == 201, r.text
    return r.json() | {"email": email}


def test_sign_up_records_each_consent_with_version_and_time(api):
    user = _register(api, ALL_REQUIRED | {"location": True})
    states = {c["id"]: c for c in api.client.get("/api/v1/me/consents",
                                                   headers=api.bearer(user)).json()}
    assert states["terms"]["agreed"] is True and states["terms"]["version"] == "2026-05"
    assert states["terms"]["decided_at"]
    assert states["privacy_optional"]["agreed"] is False
    assert states["location"]["agreed"] is True
    assert states["news_push"]["agreed"] is False


def test_sign_up_without_a_required_consent_is_refused(api):
    r = api.client.post("/api/v1/auth/register", json={
        "email": "c@example.com", "password": PASSWORD, "name": "가",
        "consents": {"terms": True, "privacy_required": False}})
    body = assert_problem(r, 422, "validation_error")
    assert "필수 항목에 동의해 주세요" in body["errors"][0]["message"]


def test_consent_items_are_public(api):
    items = api.client.get("/api/v1/consent-items").json()
    assert [i["id"] for i in items][:2] == ["terms", "privacy_required"]
    assert all(i["text"] for i in items)


def test_refusing_optional_consent_blocks_only_the_optional_items(api):
    user = _register(api, ALL_REQUIRED)
    h = api.bearer(user)
    r = api.client.patch("/api/v1/me/profile", headers=h, json={"phone": "010-2222-3333"})
    assert_problem(r, 422, "profile.consent_required")
    # Everything that does not need those items still works.
    assert api.client.patch("/api/v1/me/profile", headers=h, json={"name": "홍길순"}).status_code == 200
    assert api.client.get("/api/v1/me/menu", headers=h).status_code == 200
    assert api.client.get("/api/v1/sso/sites").status_code == 200


def test_profile_round_trip_and_withdrawing_optional_consent_erases_it(api):
    user = _register(api, ALL_REQUIRED | {"privacy_optional": True})
    h = api.bearer(user)
    r = api.client.patch("/api/v1/me/profile", headers=h, json={
        "phone": "01098765432", "birth_date": "1990-05-01", "dong": "광영동",
        "household": {"size": 3, "children": 1, "low_income": False}})
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["phone"] == "010-9876-5432" and p["dong"] == "광영동"
    assert p["household"]["size"] == 3 and p["optional_allowed"] is True
    r = api.client.put("/api/v1/me/consents", headers=h,
                       json={"decisions": {"privacy_optional": False}})
    assert r.status_code == 200
    p = api.client.get("/api/v1/me/profile", headers=h).json()
    assert p["phone"] is None and p["birth_date"] is None and p["dong"] is None
    assert p["household"]["size"] is None and p["optional_allowed"] is False


def test_profile_field_errors_are_korean(api):
    user = _register(api, ALL_REQUIRED | {"privacy_optional": True})
    r = api.client.patch("/api/v1/me/profile", headers=api.bearer(user),
                         json={"phone": "12345", "dong": "서울시", "birth_date": "2999-01-01"})
    body = assert_problem(r, 422, "validation_error")
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert "휴대전화" in fields["phone"] and "읍면동" in fields["dong"]
    assert "생년월일" in fields["birth_date"]


def test_required_consent_cannot_be_withdrawn_here(api):
    user = _register(api, ALL_REQUIRED)
    r = api.client.put("/api/v1/me/consents", headers=api.bearer(user),
                       json={"decisions": {"terms": False}})
    body = assert_problem(r, 422, "validation_error")
    assert "회원 탈퇴" in body["errors"][0]["message"]


def test_one_user_cannot_read_or_change_another_users_profile(api):
    a = _register(api, ALL_REQUIRED | {"privacy_optional": True}, email="a@example.com")
    b = _register(api, ALL_REQUIRED | {"privacy_optional": True}, email="b@example.com")
    api.client.patch("/api/v1/me/profile", headers=api.bearer(a), json={"phone": "010-1111-1111"})
    # B's token only ever reaches B's profile: there is no user id to change in the API.
    rb = api.client.patch("/api/v1/me/profile", headers=api.bearer(b), json={"phone": "010-2222-2222"})
    assert rb.json()["email"] == "b@example.com"
    pa = api.client.get("/api/v1/me/profile", headers=api.bearer(a)).json()
    assert pa["email"] == "a@example.com" and pa["phone"] == "010-1111-1111"
    # B cannot sign A's device out by guessing its session id.
    sid_a = api.client.get("/api/v1/me/sessions", headers=api.bearer(a)).json()["devices"][0]["id"]
    r = api.client.delete(f"/api/v1/me/sessions/{sid_a}", headers=api.bearer(b))
    assert_problem(r, 404, "sessions.not_found")
    assert api.client.get("/api/v1/me/profile", headers=api.bearer(a)).status_code == 200
    # Without a token nothing is readable.
    assert api.client.get("/api/v1/me/profile").status_code == 401


def test_sessions_list_devices_and_sign_out_one_or_all(api):
    user = _register(api, ALL_REQUIRED, device="Chrome · Windows")
    phone = api.client.post("/api/v1/auth/login", json={
        "email": user["email"], "password": PASSWORD, "device": "MY광양 앱 · Android"}).json()
    s = api.client.get("/api/v1/me/sessions", headers=api.bearer(user)).json()
    devices = {d["device"]: d for d in s["devices"]}
    assert set(devices) == {"Chrome · Windows", "MY광양 앱 · Android"}
    assert devices["Chrome · Windows"]["current"] and not devices["MY광양 앱 · Android"]["current"]
    r = api.client.delete(f"/api/v1/me/sessions/{devices['MY광양 앱 · Android']['id']}",
                          headers=api.bearer(user))
    assert r.status_code == 204
    assert api.client.get("/api/v1/me", headers=api.bearer(phone)).status_code == 401
    assert api.client.get("/api/v1/me", headers=api.bearer(user)).status_code == 200
    assert api.client.delete("/api/v1/me/sessions", headers=api.bearer(user)).status_code == 204
    assert api.client.get("/api/v1/me", headers=api.bearer(user)).status_code == 401


def test_failed_logins_are_throttled_per_account_with_retry_after(api):
    user = _register(api)
    for _ in range(5):
        assert api.login(user["email"], "wrong-pass1").status_code == 401
    r = api.login(user["email"], PASSWORD)  # even the right password waits now
    body = assert_problem(r, 429, "auth.throttled")
    assert 1 <= int(r.headers["retry-after"]) <= 15 * 60
    assert "분 후에 다시" in body["detail"]


def test_throttling_does_not_reveal_which_accounts_exist(api):
    user = _register(api)
    known = [api.login(user["email"], "wrong-pass1").status_code for _ in range(6)]
    unknown = [api.login("nobody@example.com", "wrong-pass1").status_code for _ in range(6)]
    assert known == unknown == [401] * 5 + [429]


def test_failed_logins_are_throttled_per_address(api):
    from myg_app.server.auth import throttle

    for i in range(throttle.MAX_PER_ADDRESS):
        assert api.login(f"spray{i}@example.com", "wrong-pass1").status_code == 401
    r = api.login("spray-last@example.com", "wrong-pass1")
    assert_problem(r, 429, "auth.throttled")
    assert int(r.headers["retry-after"]) >= 1


def test_withdrawal_erases_personal_data_and_stops_tokens_at_once(api):
    user = _register(api, ALL_REQUIRED | {"privacy_optional": True})
    h = api.bearer(user)
    api.client.patch("/api/v1/me/profile", headers=h, json={"phone": "010-5555-6666"})
    r = api.client.post("/api/v1/me/withdraw", headers=h, json={"password": "wrong-pass1",
                                                              "confirm": True})
    assert_problem(r, 403, "auth.wrong_password")
    r = api.client.post("/api/v1/me/withdraw", headers=h, json={"password": PASSWORD,
                                                              "confirm": True})
    assert r.status_code == 204
    assert api.client.get("/api/v1/me", headers=h).status_code == 401
    r = api.client.post("/api/v1/auth/refresh", json={"refresh_token": user["refresh_token"]})
    assert r.status_code == 401
    assert api.login(user["email"], PASSWORD).status_code == 401
    from sqlalchemy import select

    from myg_app.server.auth.models import Consent, User

    with api.client.app.state.sessionmaker() as s:
        row = s.scalars(select(User).where(User.withdrawn_at.is_not(None))).one()
        assert row.email != user["email"] and row.name == "탈퇴회원"
        assert row.phone is None and not row.is_active
        assert s.scalars(select(Consent).where(Consent.user_id == row.id)).all() == []
    # The address is free for a new account.
    _register(api, email=user["email"])


@pytest.mark.parametrize("body", [{"password": PASSWORD}, {"password": PASSWORD, "confirm": False}])
def test_withdrawal_needs_explicit_confirmation(api, body):
    user = _register(api)
    r = api.client.post("/api/v1/me/withdraw", headers=api.bearer(user), json=body)
    assert_problem(r, 422, "validation_error")


def test_probing_addresses_through_sign_up_is_throttled(api):
    from myg_app.server.auth import throttle

    _register(api, email="taken@example.com")
    for _ in range(throttle.MAX_PER_ADDRESS):
        r = api.client.post("/api/v1/auth/register", json={
            "email": "taken@example.com", "password": PASSWORD, "name": "탐색"})
        assert r.status_code == 409
    r = api.client.post("/api/v1/auth/register", json={
        "email": "other@example.com", "password": PASSWORD, "name": "탐색"})
    assert_problem(r, 429, "auth.throttled")
    assert int(r.headers["retry-after"]) >= 1
