"""Server messages in the caller's language (issue 17): problem+json `title`, `detail` and
field messages follow Accept-Language; a citizen's app language is kept with the account."""
from __future__ import annotations

import pytest

from tests.api.conftest import assert_problem

EN = {"Accept-Language": "en-US,en;q=0.9,ko;q=0.5"}


def test_a_problem_defaults_to_korean(api):
    body = assert_problem(api.login("nobody@example.com", "wrong-password-1"), 401,
                          "auth.invalid_credentials")
    assert any("\uac00" <= ch <= "\ud7a3" for ch in body["detail"]), body


def test_a_problem_in_english_from_accept_language(api):
    r = api.client.post("/api/v1/auth/login", headers=EN,
                        json={"email": "nobody@example.com", "password": "wrong-password-1"})
    body = assert_problem(r, 401, "auth.invalid_credentials")
    assert r.headers["content-language"] == "en"
    assert "Accept-Language" in r.headers["vary"]
    assert body["detail"].isascii() and body["title"].isascii(), body


def test_validation_messages_follow_the_language_with_their_values(api):
    tokens = api.register()
    r = api.client.patch("/api/v1/me/profile", headers=api.bearer(tokens) | EN,
                         json={"name": "x" * 41})
    body = assert_problem(r, 422, "validation_error")
    field = body["errors"][0]
    assert field["field"] == "name" and "40" in field["message"], field
    assert field["message"].isascii(), field
    ko = assert_problem(api.client.patch("/api/v1/me/profile", headers=api.bearer(tokens),
                                         json={"name": "x" * 41}), 422, "validation_error")
    assert ko["errors"][0]["message"] == "40자 이하로 입력해 주세요."


def test_a_formatted_detail_is_told_again_in_english(api):
    tokens = api.register()
    r = api.client.post("/api/v1/auth/register", headers=EN,
                        json={"email": "short@example.com", "password": "a1", "name": "홍길동"})
    body = assert_problem(r, 422, "validation_error")
    assert body["errors"][0]["message"].isascii(), body
    assert tokens  # the first account is unaffected


@pytest.mark.parametrize("header,lang", [
    ("vi-VN,vi;q=0.9", "vi"), ("zh-CN", "zh"), ("fr-FR,fr", "ko"), ("", "ko"),
    ("en;q=0.1,vi;q=0.8", "vi"), ("\x00;;;q=abc,,", "ko"), ("x" * 5000, "ko")])
def test_the_language_is_negotiated_and_bad_headers_fall_back_to_korean(api, header, lang):
    r = api.client.get("/api/v1/no-such-path", headers={"Accept-Language": header})
    assert r.status_code == 404
    assert r.headers["content-language"] == lang


def test_vietnamese_falls_back_to_english_where_it_has_no_text(api):
    r = api.client.post("/api/v1/auth/login", headers={"Accept-Language": "vi"},
                        json={"email": "nobody@example.com", "password": "wrong-password-1"})
    body = assert_problem(r, 401, "auth.invalid_credentials")
    assert not any("\uac00" <= ch <= "\ud7a3" for ch in body["detail"]), body


def test_the_app_language_is_kept_with_the_account(api):
    tokens = api.register()
    h = api.bearer(tokens)
    assert api.client.get("/api/v1/me/profile", headers=h).json()["language"] == "ko"
    r = api.client.patch("/api/v1/me/profile", headers=h, json={"language": "vi"})
    assert r.status_code == 200, r.text
    assert r.json()["language"] == "vi"
    assert api.client.get("/api/v1/me", headers=h).json()["language"] == "vi"
    # Other items are untouched by a language-only change.
    assert r.json()["name"] == "홍길동"
    assert_problem(api.client.patch("/api/v1/me/profile", headers=h, json={"language": "fr"}),
                   422, "validation_error")
    assert_problem(api.client.patch("/api/v1/me/profile", headers=h, json={"language": 7}),
                   422, "validation_error")
