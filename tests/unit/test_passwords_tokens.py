import base64
import json

import jwt
import pytest

from myg_app.server.auth import tokens
from myg_app.server.auth.passwords import Passwords, passwords
from myg_app.server.config import Settings


@pytest.fixture
def settings(tmp_path):
    return Settings(data_dir=tmp_path, secret_key="unit-secret-key-0123456789-abcdefghijkl")


def test_hash_is_argon2id_and_verifies():
    pw = passwords(fast=True)
    h = pw.hash("gwangyang2026")
    assert h.startswith("$argon2id$")
    assert pw.verify(h, "gwangyang2026")
    assert not pw.verify(h, "gwangyang2027")
    assert not pw.verify("not-a-hash", "gwangyang2026")


def test_production_parameters_are_not_the_fast_ones():
    fast = passwords(fast=True).hash("x-password-1")
    assert Passwords(fast=False).needs_rehash(fast)  # a test hash would be upgraded at login
    assert "m=1024" in fast


def test_access_token_round_trip(settings):
    token = tokens.create_access_token(settings, 7, "officer", "family-1")
    claims = tokens.decode_access_token(settings, token)
    assert claims == tokens.AccessClaims(7, "officer", "family-1", claims.expires_at)
    assert claims.expires_at > 0
    payload = jwt.decode(token, options={"verify_signature": False})
    assert payload["iss"] == "myg" and payload["typ"] == "access" and payload["sub"] == "7"


def _b64(obj) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()


def test_tampered_signature_refused(settings):
    token = tokens.create_access_token(settings, 7, "citizen", "f")
    header, payload, sig = token.split(".")
    forged = _b64(jwt.decode(token, options={"verify_signature": False}) | {"role": "admin"})
    with pytest.raises(tokens.InvalidToken):
        tokens.decode_access_token(settings, f"{header}.{forged}.{sig}")
    with pytest.raises(tokens.InvalidToken):
        tokens.decode_access_token(settings, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))


def test_other_key_refused(settings, tmp_path):
    other = Settings(data_dir=tmp_path, secret_key="another-secret-key-0123456789-abcdefghij")
    with pytest.raises(tokens.InvalidToken):
        tokens.decode_access_token(settings, tokens.create_access_token(other, 1, "citizen", "f"))


def test_expired_refused(settings):
    expired = settings.model_copy(update={"access_token_minutes": -1})
    with pytest.raises(tokens.InvalidToken):
        tokens.decode_access_token(settings, tokens.create_access_token(expired, 1, "citizen", "f"))


def test_alg_none_refused(settings):
    good = jwt.decode(tokens.create_access_token(settings, 1, "admin", "f"),
                      options={"verify_signature": False})
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(good)}."
    with pytest.raises(tokens.InvalidToken):
        tokens.decode_access_token(settings, unsigned)


def test_wrong_typ_or_issuer_or_missing_claims_refused(settings):
    key = settings.secret_key
    base = jwt.decode(tokens.create_access_token(settings, 1, "citizen", "f"),
                      options={"verify_signature": False})
    for claims in (base | {"typ": "refresh"}, base | {"iss": "someone-else"},
                   {k: v for k, v in base.items() if k != "exp"},
                   {k: v for k, v in base.items() if k != "sid"}):
        with pytest.raises(tokens.InvalidToken):
            tokens.decode_access_token(settings, jwt.encode(claims, key, algorithm="HS256"))


def test_refresh_tokens_are_random_and_hashed():
    a, b = tokens.new_refresh_token(), tokens.new_refresh_token()
    assert a != b and len(a) >= 40
    assert len(tokens.hash_refresh_token(a)) == 64 and tokens.hash_refresh_token(a) != a
