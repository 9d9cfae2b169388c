"""The citizen ID's signing keys: Ed25519, generated once into the data dir (0600), rotatable.

Separate from the OIDC provider's RS256 keys: a card QR must stay short enough to scan at a
glance (an Ed25519 signature is 64 bytes, RS256's 256). The newest key signs; the JWKS
publishes every kept key, so QRs signed just before a rotation still verify until they
expire. Run `python -m myg_app.server.citizen_id.keys rotate`.
"""
from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from myg_app.cards.token import ALG, b64u, unb64u
from myg_app.server import keyfile

KEY_FILE = "citizen_id_signing_keys.json"
KEEP = 3


@dataclass(frozen=True)
class CardKeys:
    jwks: tuple[dict, ...]  # private JWKs, newest first

    @property
    def kid(self) -> str:
        return self.jwks[0]["kid"]

    @property
    def signer(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(unb64u(self.jwks[0]["d"]))

    def public_jwks(self) -> dict:
        return {"keys": [{k: v for k, v in j.items() if k != "d"} for j in self.jwks]}


def new_key() -> dict:
    key = Ed25519PrivateKey.generate()
    raw = serialization.Encoding.Raw
    # A short key id: it travels in every QR.
    return {"kty": "OKP", "crv": "Ed25519", "kid": uuid.uuid4().hex[:12], "alg": ALG, "use": "sig",
            "x": b64u(key.public_key().public_bytes(raw, serialization.PublicFormat.Raw)),
            "d": b64u(key.private_bytes(raw, serialization.PrivateFormat.Raw,
                                        serialization.NoEncryption()))}


def load(data_dir: Path) -> CardKeys:
    return keyfile.load(Path(data_dir) / KEY_FILE, new_key, _parse)


def _parse(keys: list[dict]) -> CardKeys:
    return CardKeys(tuple(keys))


def rotate(data_dir: Path) -> str:
    return keyfile.rotate(Path(data_dir) / KEY_FILE, new_key, KEEP)


if __name__ == "__main__":  # pragma: no cover - operator command
    from myg_app.server.config import Settings

    if sys.argv[1:] != ["rotate"]:
        sys.exit("usage: python -m myg_app.server.citizen_id.keys rotate")
    print("new card signing key:", rotate(Settings().data_dir))
