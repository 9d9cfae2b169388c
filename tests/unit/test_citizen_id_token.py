"""The citizen ID's QR token and its offline verifier: valid, tampered, expired, revoked,
forged (another key), algorithm confusion, key rotation, the signed revocation list, and a
cross-check with an independent JOSE library (joserfc)."""
from __future__ import annotations

import json

import pytest
from joserfc import jws
from joserfc.jwk import OKPKey

from myg_app.cards import token as tok
from myg_app.server.citizen_id import keys as card_keys
from myg_app.server.citizen_id import numbers

NOW = 1_800_000_010


@pytest.fixture
def keyset(tmp_path):
    return card_keys.load(tmp_path), tmp_path


def issue(keys, nbf=NOW - NOW % 30, cid="GY-000000125"):
    return tok.sign(tok.card_claims(cid, "김*양", nbf), keys.signer, keys.kid)


def test_a_fresh_token_is_valid_offline(keyset):
    keys, _ = keyset
    v = tok.verify(issue(keys), keys.public_jwks(), frozenset(), NOW)
    assert v.status == "valid" and v.ok and v.card_no == "GY-000000125"
    assert v.masked_name == "김*양" and v.message == "유효한 광양시민증입니다."


def test_each_window_has_its_own_nonce(keyset):
    keys, _ = keyset
    a, b = issue(keys), issue(keys)
    assert a != b  # the same card in the same window still gets a new jti


def test_a_tampered_token_is_forged(keyset):
    keys, _ = keyset
    head, body, sig = issue(keys).split(".")
    claims = json.loads(tok.unb64u(body))
    claims["cid"] = "GY-000000133"
    tampered = f"{head}.{tok.b64u(json.dumps(claims).encode())}.{sig}"
    assert tok.verify(tampered, keys.public_jwks(), frozenset(), NOW).status == "forged"
    flipped = sig[:-2] + ("A" if sig[-2] != "A" else "B") + sig[-1]
    assert tok.verify(f"{head}.{body}.{flipped}", keys.public_jwks(), frozenset(),
                      NOW).status == "forged"


def test_a_photographed_qr_fails_once_its_window_passes(keyset):
    keys, _ = keyset
    t = issue(keys)
    window_end = NOW - NOW % 30 + 30
    assert tok.verify(t, keys.public_jwks(), frozenset(), window_end).ok
    v = tok.verify(t, keys.public_jwks(), frozenset(), window_end + tok.LEEWAY_S + 1)
    assert v.status == "expired" and "만료" in v.message


def test_a_revoked_card_is_refused_even_inside_its_window(keyset):
    keys, _ = keyset
    v = tok.verify(issue(keys), keys.public_jwks(), frozenset({"GY-000000125"}), NOW)
    assert v.status == "revoked" and not v.ok


def test_a_token_signed_by_another_key_is_forged(keyset, tmp_path_factory):
    keys, _ = keyset
    other = card_keys.load(tmp_path_factory.mktemp("other"))
    forged = tok.sign(tok.card_claims("GY-000000125", "김*양", NOW - NOW % 30), other.signer,
                      keys.kid)  # even claiming the real key id
    assert tok.verify(forged, keys.public_jwks(), frozenset(), NOW).status == "forged"
    assert tok.verify(issue(other), keys.public_jwks(), frozenset(), NOW).status == "forged"


@pytest.mark.parametrize("junk", ["", "abc", "a.b.c", "..", "x" * 5000, "\x00.\x00.\x00",
                                  "eyJhbGciOiJub25lIn0.eyJjaWQiOiJHWSJ9."])
def test_junk_is_forged_never_an_exception(keyset, junk):
    keys, _ = keyset
    assert tok.verify(junk, keys.public_jwks(), frozenset(), NOW).status == "forged"


def test_alg_none_and_wrong_typ_are_refused(keyset):
    keys, _ = keyset
    body = tok.b64u(json.dumps(tok.card_claims("GY-000000125", "김*양", NOW)).encode())
    none = tok.b64u(json.dumps({"alg": "none", "kid": keys.kid, "typ": tok.CARD_TYP}).encode())
    assert tok.verify(f"{none}.{body}.", keys.public_jwks(), frozenset(), NOW).status == "forged"
    # A revocation list is signed by the same key but is not a card.
    rev = tok.sign({"iat": NOW, "revoked": []}, keys.signer, keys.kid, typ=tok.REVOCATIONS_TYP)
    assert tok.verify(rev, keys.public_jwks(), frozenset(), NOW).status == "forged"


def test_rotation_keeps_old_tokens_verifiable_until_they_expire(keyset):
    keys, data_dir = keyset
    old = issue(keys)
    card_keys.rotate(data_dir)
    new_keys = card_keys.load(data_dir)
    assert new_keys.kid != keys.kid and len(new_keys.public_jwks()["keys"]) == 2
    assert tok.verify(old, new_keys.public_jwks(), frozenset(), NOW).ok
    assert tok.verify(issue(new_keys), new_keys.public_jwks(), frozenset(), NOW).ok
    assert tok.verify(old, new_keys.public_jwks(), frozenset(), NOW + 60).status == "expired"
    for _ in range(card_keys.KEEP):
        card_keys.rotate(data_dir)
    # After KEEP more rotations the first key is no longer published.
    assert tok.verify(old, card_keys.load(data_dir).public_jwks(), frozenset(),
                      NOW).status == "forged"


def test_the_public_jwks_holds_no_private_part(keyset):
    keys, data_dir = keyset
    assert all("d" not in k for k in keys.public_jwks()["keys"])
    assert oct((data_dir / card_keys.KEY_FILE).stat().st_mode & 0o777) == "0o600"


def test_the_revocation_list_is_trusted_only_when_the_city_signed_it(keyset, tmp_path_factory):
    keys, _ = keyset
    signed = tok.sign({"iat": NOW, "revoked": ["GY-000000125"]}, keys.signer, keys.kid,
                      typ=tok.REVOCATIONS_TYP)
    assert tok.open_revocations(signed, keys.public_jwks())["revoked"] == ["GY-000000125"]
    other = card_keys.load(tmp_path_factory.mktemp("evil"))
    fake = tok.sign({"iat": NOW, "revoked": []}, other.signer, other.kid,
                    typ=tok.REVOCATIONS_TYP)
    with pytest.raises(tok.Forged):
        tok.open_revocations(fake, keys.public_jwks())


def test_an_independent_jose_library_verifies_our_tokens(keyset):
    keys, _ = keyset
    t = issue(keys)
    pub = OKPKey.import_key(keys.public_jwks()["keys"][0])
    obj = jws.deserialize_compact(t, pub, algorithms=["Ed25519"])
    assert json.loads(obj.payload)["cid"] == "GY-000000125"
    assert obj.protected["typ"] == tok.CARD_TYP


def test_card_numbers_carry_a_check_digit():
    n = numbers.card_number(125)
    assert n.startswith("GY-00000125") and len(n) == 12 and numbers.is_valid(n)
    assert not numbers.is_valid(n[:-1] + str((int(n[-1]) + 1) % 10))
    assert not numbers.is_valid("GY-12") and not numbers.is_valid("XX-000001250")
    assert tok.masked_number(n) == f"GY-****{n[-4:]}"
