"""The OpenID Connect provider: discovery, code flow with PKCE, tokens, refusals, logout."""
from __future__ import annotations

import base64
import json
import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from myg_app.server.auth.oidc import keys as keystore
from myg_app.server.auth.oidc.tokens import Signer
from myg_app.server.db import utcnow

from .oidc_helpers import (
    GOODJOB, LIBRARY, Attempt, allow_consent, authorize, code_for, exchange, query, redirect_uri,
    refresh, register_sites, sign_in_at_provider, userinfo,
)

ISSUER = "http://testserver"


@pytest.fixture(autouse=True)
def _sites(api):
    register_sites(api)


def _tokens(api, email, attempt=None):
    attempt = attempt or Attempt.new()
    r = exchange(api.client, attempt, code_for(api, email, attempt))
    assert r.status_code == 200, r.text
    return attempt, r.json()


def _signer(api) -> Signer:
    return Signer.of(api.settings, ISSUER)


def test_discovery_and_jwks_describe_the_provider(api):
    d = api.client.get("/.well-known/openid-configuration").json()
    assert d["issuer"] == ISSUER
    for key in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri",
                "end_session_endpoint", "revocation_endpoint"):
        assert d[key].startswith(ISSUER + "/oidc/")
    assert d["code_challenge_methods_supported"] == ["S256"]
    assert d["id_token_signing_alg_values_supported"] == ["RS256"]
    assert {"openid", "profile", "phone"} <= set(d["scopes_supported"])
    keys = api.client.get("/oidc/jwks").json()["keys"]
    assert keys and keys[0]["kty"] == "RSA" and keys[0]["alg"] == "RS256"
    assert "d" not in keys[0] and "p" not in keys[0]  # no private parts published


def test_code_flow_signs_in_and_partner_sees_name_and_phone(api):
    user = api.register(name="김광양")
    # The citizen agreed to the optional items and filled in a phone number.
    h = api.bearer(user)
    api.client.put("/api/v1/me/consents", headers=h, json={"decisions": {"privacy_optional": True}})
    assert api.client.patch("/api/v1/me/profile", headers=h,
                            json={"phone": "01012345678"}).status_code == 200
    attempt, tokens = _tokens(api, user["email"])
    assert tokens["token_type"] == "Bearer" and tokens["refresh_token"]
    # The ID token verifies against the published JWKS with the right audience and nonce.
    jwks = KeySet.import_key_set(api.client.get("/oidc/jwks").json())
    claims = jwt.decode(tokens["id_token"], jwks, algorithms=["RS256"]).claims
    assert claims["iss"] == ISSUER and claims["aud"] == LIBRARY
    assert claims["nonce"] == attempt.nonce and claims["sid"]
    info = userinfo(api.client, tokens["access_token"]).json()
    assert info["name"] == "김광양" and info["phone_number"] == "+821012345678"
    assert info["sub"] == claims["sub"]
    assert "email" not in info  # not asked for, not given


def test_second_partner_needs_no_password_and_consent_is_remembered(api):
    user = api.register()
    _tokens(api, user["email"], Attempt.new(LIBRARY))
    # Next partner in the same browser: no login page, only its own first-time consent.
    r = authorize(api.client, Attempt.new(GOODJOB))
    assert r.status_code == 200 and "굿잡광양" in r.text and "비밀번호" not in r.text
    assert allow_consent(api.client, r).status_code == 302
    # The first partner again: straight back with a code, nothing asked.
    again = Attempt.new(LIBRARY)
    r = authorize(api.client, again)
    assert r.status_code == 302 and "code" in query(r)


def test_wrong_password_at_provider_stays_on_login_page(api):
    user = api.register()
    r = authorize(api.client, Attempt.new())
    r = sign_in_at_provider(api.client, r.headers["location"], user["email"], "wrong-pass1")
    assert r.status_code == 401 and "올바르지 않습니다" in r.text


def test_tampered_token_is_refused(api):
    user = api.register()
    _, tokens = _tokens(api, user["email"])
    head, body, sig = tokens["access_token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["sub"] = "someone-else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    r = userinfo(api.client, f"{head}.{forged}.{sig}")
    assert r.status_code == 401 and r.json()["error"] == "invalid_token"
    assert "invalid_token" in r.headers["www-authenticate"]


def test_expired_token_is_refused(api):
    signer = _signer(api)
    past = utcnow() - timedelta(hours=1)
    token = signer.sign({"iss": ISSUER, "sub": "x", "aud": signer.userinfo_audience,
                         "iat": int(past.timestamp()), "exp": int(past.timestamp()) + 60})
    assert userinfo(api.client, token).status_code == 401


def test_wrong_audience_token_is_refused(api):
    """An ID token (audience: the partner) is not an access token for userinfo."""
    user = api.register()
    _, tokens = _tokens(api, user["email"])
    r = userinfo(api.client, tokens["id_token"])
    assert r.status_code == 401 and r.json()["error"] == "invalid_token"


def test_alg_none_token_is_refused(api):
    user = api.register()
    _, tokens = _tokens(api, user["email"])
    _, body, _ = tokens["access_token"].split(".")
    header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    assert userinfo(api.client, f"{header}.{body}.").status_code == 401
    # The app's own API refuses it too.
    _, app_body, _ = user["access_token"].split(".")
    r = api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {header}.{app_body}."})
    assert r.status_code == 401


def test_unregistered_redirect_uri_is_refused_without_redirecting(api):
    r = authorize(api.client, Attempt.new(), redirect_uri="https://evil.example/callback")
    assert r.status_code == 400 and "location" not in r.headers
    assert "redirect_uri" in r.text
    # A registered address of another partner is not good enough either.
    r = authorize(api.client, Attempt.new(LIBRARY), redirect_uri=redirect_uri(GOODJOB))
    assert r.status_code == 400


def test_code_is_single_use_and_a_replay_revokes_what_it_gave(api):
    user = api.register()
    attempt = Attempt.new()
    code = code_for(api, user["email"], attempt)
    first = exchange(api.client, attempt, code)
    assert first.status_code == 200
    second = exchange(api.client, attempt, code)
    assert second.status_code == 400 and second.json()["error"] == "invalid_grant"
    assert userinfo(api.client, first.json()["access_token"]).status_code == 401


def test_pkce_is_required_and_a_mismatch_is_refused(api):
    user = api.register()
    attempt = Attempt.new()
    code = code_for(api, user["email"], attempt)
    r = exchange(api.client, attempt, code, verifier="x" * 50)
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    # Without a challenge (or with "plain") the request goes back with an error.
    for over in ({"code_challenge": None, "code_challenge_method": None},
                 {"code_challenge_method": "plain"}):
        r = authorize(api.client, Attempt.new(), **over)
        assert r.status_code == 302 and query(r)["error"] == "invalid_request"


def test_code_of_another_client_is_refused(api):
    user = api.register()
    attempt = Attempt.new(LIBRARY)
    code = code_for(api, user["email"], attempt)
    other = Attempt(GOODJOB, attempt.verifier, attempt.state, attempt.nonce)
    assert exchange(api.client, other, code).status_code == 400


def test_refresh_rotates_and_reuse_revokes_the_family(api):
    user = api.register()
    _, tokens = _tokens(api, user["email"])
    r1 = refresh(api.client, LIBRARY, tokens["refresh_token"])
    assert r1.status_code == 200 and r1.json()["refresh_token"] != tokens["refresh_token"]
    # The old one again: stolen. Everything of that sign-in stops, the new tokens too.
    reuse = refresh(api.client, LIBRARY, tokens["refresh_token"])
    assert reuse.status_code == 400 and reuse.json()["error"] == "invalid_grant"
    assert refresh(api.client, LIBRARY, r1.json()["refresh_token"]).status_code == 400
    assert userinfo(api.client, r1.json()["access_token"]).status_code == 401


def test_wrong_client_secret_is_refused(api):
    r = api.client.post("/oidc/token", data={"grant_type": "refresh_token", "refresh_token": "x"},
                        auth=(LIBRARY, "not-the-secret"))
    assert r.status_code == 401 and r.json()["error"] == "invalid_client"


def test_revocation_endpoint(api):
    user = api.register()
    _, tokens = _tokens(api, user["email"])
    r = api.client.post("/oidc/revoke", data={"token": tokens["refresh_token"]},
                        auth=(LIBRARY, "demo-library-secret"))
    assert r.status_code == 200
    assert refresh(api.client, LIBRARY, tokens["refresh_token"]).status_code == 400
    assert userinfo(api.client, tokens["access_token"]).status_code == 401


def test_rp_initiated_logout_ends_every_partner(api):
    user = api.register()
    _, lib = _tokens(api, user["email"], Attempt.new(LIBRARY))
    _, job = _tokens(api, user["email"], Attempt.new(GOODJOB))
    r = api.client.get("/oidc/logout", params={
        "id_token_hint": lib["id_token"], "state": "s1",
        "post_logout_redirect_uri": "http://127.0.0.1:8601/library/"}, follow_redirects=False)
    assert r.status_code == 302
    assert r.headers["location"] == "http://127.0.0.1:8601/library/?state=s1"
    for t in (lib, job):
        assert userinfo(api.client, t["access_token"]).status_code == 401
    # The browser is asked to sign in again.
    r = authorize(api.client, Attempt.new(LIBRARY))
    assert r.status_code == 302 and r.headers["location"].startswith("/oidc/login")


def test_logout_never_redirects_to_an_unregistered_address(api):
    user = api.register()
    _, lib = _tokens(api, user["email"])
    r = api.client.get("/oidc/logout", params={
        "id_token_hint": lib["id_token"], "post_logout_redirect_uri": "https://evil.example/"},
        follow_redirects=False)
    assert r.status_code == 200 and "로그아웃되었습니다" in r.text


def test_prompt_none_without_session_returns_login_required(api):
    r = authorize(api.client, Attempt.new(), prompt="none")
    assert r.status_code == 302 and query(r)["error"] == "login_required"


def test_denying_consent_returns_access_denied(api):
    user = api.register()
    r = authorize(api.client, Attempt.new())
    r = sign_in_at_provider(api.client, r.headers["location"], user["email"])
    from .oidc_helpers import hidden

    r = api.client.post("/oidc/consent", data={"request": hidden(r.text, "request"),
                                               "csrf": hidden(r.text, "csrf"),
                                               "decision": "deny"}, follow_redirects=False)
    assert query(r)["error"] == "access_denied"


def test_signing_key_survives_restart_and_rotation_keeps_old_tokens_valid(api):
    user = api.register()
    _, tokens = _tokens(api, user["email"])
    path = Path(api.settings.data_dir) / keystore.KEY_FILE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    old_kid = keystore.load(api.settings.data_dir).active.kid
    new_kid = keystore.rotate(api.settings.data_dir)
    assert new_kid != old_kid and keystore.load(api.settings.data_dir).active.kid == new_kid
    kids = [k["kid"] for k in api.client.get("/oidc/jwks").json()["keys"]]
    assert kids[:2] == [new_kid, old_kid]
    # Issued before the rotation, still accepted.
    assert userinfo(api.client, tokens["access_token"]).status_code == 200


def test_logout_without_a_valid_hint_asks_first(api):
    user = api.register()
    _, lib = _tokens(api, user["email"])
    r = api.client.get("/oidc/logout", follow_redirects=False)
    assert r.status_code == 200 and "logout-confirm" in r.text
    assert userinfo(api.client, lib["access_token"]).status_code == 200  # nothing ended yet
    r = api.client.post("/oidc/logout", follow_redirects=False)
    assert r.status_code == 200 and "로그아웃되었습니다" in r.text
    assert userinfo(api.client, lib["access_token"]).status_code == 401
