"""Password reset: same answer for every address, a single-use link, sign-out everywhere."""
from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

from .conftest import PASSWORD, assert_problem


def _outbox(api) -> list[email.message.Message]:
    folder = Path(api.settings.data_dir) / "outbox"
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in sorted(folder.glob("*.eml"))] \
        if folder.exists() else []


def _link(msg) -> str:
    body = msg.get_content()
    return re.search(r"http://testserver(/oidc/reset\?token=\S+)", body).group(1)


def test_reset_answers_the_same_for_known_and_unknown_addresses(api):
    user = api.register()
    known = api.client.post("/api/v1/auth/password-reset", json={"email": user["email"]})
    unknown = api.client.post("/api/v1/auth/password-reset", json={"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    mails = _outbox(api)
    assert len(mails) == 1 and mails[0]["To"] == user["email"]
    assert "비밀번호 재설정" in mails[0]["Subject"]


def test_reset_link_sets_a_new_password_once_and_signs_out_everywhere(api):
    user = api.register()
    api.client.post("/api/v1/auth/password-reset", json={"email": user["email"]})
    link = _link(_outbox(api)[0])
    page = api.client.get(link)
    assert page.status_code == 200 and "새 비밀번호" in page.text
    token = link.split("token=")[1]
    r = api.client.post("/oidc/reset", data={"token": token, "password": "newpass123",
                                             "confirm": "newpass123"})
    assert r.status_code == 200 and "비밀번호를 바꿨습니다" in r.text
    assert api.client.get("/api/v1/me", headers=api.bearer(user)).status_code == 401
    assert api.login(user["email"], PASSWORD).status_code == 401
    assert api.login(user["email"], "newpass123").status_code == 200
    again = api.client.post("/api/v1/auth/password-reset/confirm",
                            json={"token": token, "password": "another123"})
    assert_problem(again, 400, "auth.invalid_reset_token")


def test_reset_page_checks_the_new_password(api):
    user = api.register()
    api.client.post("/api/v1/auth/password-reset", json={"email": user["email"]})
    token = _link(_outbox(api)[0]).split("token=")[1]
    r = api.client.post("/oidc/reset", data={"token": token, "password": "short",
                                             "confirm": "short"})
    assert r.status_code == 422 and "8자 이상" in r.text
    r = api.client.post("/oidc/reset", data={"token": token, "password": "newpass123",
                                             "confirm": "newpass124"})
    assert r.status_code == 422 and "서로 다릅니다" in r.text
    # Still usable after the refusals.
    r = api.client.post("/api/v1/auth/password-reset/confirm",
                        json={"token": token, "password": "newpass123"})
    assert r.status_code == 204


def test_reset_requests_are_throttled(api):
    from myg_app.server.auth import throttle

    for _ in range(throttle.MAX_PER_ACCOUNT):
        assert api.client.post("/api/v1/auth/password-reset",
                               json={"email": "flood@example.com"}).status_code == 202
    r = api.client.post("/api/v1/auth/password-reset", json={"email": "flood@example.com"})
    assert_problem(r, 429, "auth.throttled")
    # Reset requests do not lock the sign-in of that address.
    assert api.login("flood@example.com", "wrong-pass1").status_code == 401
