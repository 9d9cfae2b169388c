"""The provider's signing keys: RS256, generated once into the data dir (0600), rotatable.

The file holds a JWK set, newest key first. The newest signs; every key in the file is
published in the JWKS, so tokens signed before a rotation stay verifiable until the retired key
is dropped (after `KEEP` rotations). Run `python -m myg_app.server.auth.oidc.keys rotate`.
"""
from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from joserfc.jwk import KeySet, RSAKey

from myg_app.server import keyfile

KEY_FILE = "oidc_signing_keys.json"
ALGORITHM = "RS256"  # the one every OIDC relying party must support (OIDC Core 15.1)
KEEP = 3  # the active key and the two before it


@dataclass(frozen=True)
class SigningKeys:
    keys: KeySet  # private; the first is the active one

    @property
    def active(self) -> RSAKey:
        return self.keys.keys[0]  # type: ignore[return-value]

    def public_jwks(self) -> dict:
        return {"keys": [k.as_dict(private=False) for k in self.keys.keys]}


def _new_key() -> dict:
    key = RSAKey.generate_key(2048, parameters={"kid": uuid.uuid4().hex, "alg": ALGORITHM,
                                                  "use": "sig"}, private=True)
    return key.as_dict(private=True)


def load(data_dir: Path) -> SigningKeys:
    return keyfile.load(Path(data_dir) / KEY_FILE, _new_key, _parse)


def _parse(keys: list[dict]) -> SigningKeys:
    return SigningKeys(KeySet.import_key_set({"keys": keys}))


def rotate(data_dir: Path) -> str:
    """Add a new active key; keep the last KEEP keys. Returns the new key id."""
    return keyfile.rotate(Path(data_dir) / KEY_FILE, _new_key, KEEP)


if __name__ == "__main__":  # pragma: no cover - operator command
    from myg_app.server.config import Settings

    if sys.argv[1:] != ["rotate"]:
        sys.exit("usage: python -m myg_app.server.auth.oidc.keys rotate")
    print("new signing key:", rotate(Settings().data_dir))
