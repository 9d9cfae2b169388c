"""Cards kept on the device so they stay readable offline (digital citizen ID, library card).

Each card is one JSON document in the platform's secret store (token_store.py: Keystore /
Keychain on phones, the OS keyring on desktop, the browser only with "로그인 상태 유지"). Signing
out forgets them all: a shared or lost device must not keep showing someone's card.
"""
from __future__ import annotations

import json
import logging

from myg_app.client.token_store import TokenStore

log = logging.getLogger(__name__)

KINDS = ("citizen_id", "library_card", "citizen_id.verifier")


class Wallet:
    def __init__(self, store: TokenStore) -> None:
        self.store = store

    async def load(self, kind: str) -> dict | None:
        raw = await self.store.get_secret(_name(kind))
        if not raw:
            return None
        try:
            data = json.loads(raw)
        except ValueError:
            log.warning("the stored %s was unreadable; dropped", kind)
            return None
        return data if isinstance(data, dict) else None

    async def save(self, kind: str, data: dict | None) -> None:
        await self.store.set_secret(_name(kind),
                                    json.dumps(data, ensure_ascii=False) if data else None)

    async def forget_personal(self) -> None:
        """On sign-out: the citizen's own cards go; a verifier's public keys may stay."""
        for kind in ("citizen_id", "library_card"):
            await self.save(kind, None)


def _name(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown card kind {kind!r}")
    return f"card.{kind}"
