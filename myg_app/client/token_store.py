"""Where the app keeps its refresh token, by platform (issue 3):

- desktop (Windows, macOS, Linux window): the OS credential store through `keyring`;
- Android / iOS: the platform's secure storage (Keystore / Keychain) via flet-secure-storage;
- web build: in memory only, i.e. for this browser session, unless the user ticked
  "로그인 상태 유지"; then in the browser's storage (SharedPreferences = localStorage).

If the secure store is unavailable (a Linux desktop without a Secret Service, say), the token
stays in memory: the user signs in again next time rather than having it written in clear.
"""
from __future__ import annotations

import asyncio
import logging

import flet as ft

log = logging.getLogger(__name__)

K_REFRESH = "myg.refresh_token"  # SharedPreferences key (web with "keep me signed in" only)
K_KEEP = "myg.keep_signed_in"
KEYRING_SERVICE = "MY광양"
KEYRING_USER = "refresh_token"


def _pref_key(name: str) -> str:
    return K_REFRESH if name == KEYRING_USER else f"myg.{name}"


def storage_kind(page: ft.Page | None) -> str:
    if page is None or page.web:
        return "web"
    if page.platform in (ft.PagePlatform.ANDROID, ft.PagePlatform.IOS):
        return "secure"
    return "keyring"


class TokenStore:
    def __init__(self, prefs: ft.SharedPreferences, page: ft.Page | None = None):
        self.prefs = prefs
        self.page = page
        self.memory: str | None = None
        self.others: dict[str, str] = {}  # named secrets, for this session when not stored
        self._secure = None  # created on first use and kept referenced (a Flet service)

    @property
    def kind(self) -> str:
        return storage_kind(self.page)

    # --- web: "로그인 상태 유지" ------------------------------------------------------
    async def keep_signed_in(self) -> bool:
        try:
            keep = await self.prefs.get(K_KEEP)
        except Exception:  # noqa: BLE001 - a broken store must not stop the app
            return False
        if keep is None:
            # Installations from before this choice existed kept the token: stay signed in.
            try:
                return bool(await self.prefs.get(K_REFRESH))
            except Exception:  # noqa: BLE001
                return False
        return bool(keep)

    async def set_keep_signed_in(self, on: bool) -> None:
        await self.prefs.set(K_KEEP, on)
        if on and self.memory:
            await self.prefs.set(K_REFRESH, self.memory)
        elif not on:
            await self.prefs.remove(K_REFRESH)

    # --- the token ------------------------------------------------------------------
    async def get(self) -> str | None:
        try:
            token = await self._read()
        except Exception:  # noqa: BLE001
            log.warning("reading the stored sign-in failed", exc_info=True)
            token = None
        token = token if isinstance(token, str) and token else None
        self.memory = token or self.memory
        return self.memory

    async def set(self, token: str | None) -> None:
        self.memory = token
        try:
            await self._write(token)
        except Exception:  # noqa: BLE001
            log.warning("storing the sign-in failed; kept for this session only", exc_info=True)

    # --- other secrets: the cards kept for offline use (client/wallet.py) --------------
    async def get_secret(self, name: str) -> str | None:
        """A named secret, stored like the refresh token (the same rules per platform)."""
        try:
            value = await self._read(name)
        except Exception:  # noqa: BLE001
            log.warning("reading the stored %s failed", name, exc_info=True)
            value = None
        value = value if isinstance(value, str) and value else None
        return value or self.others.get(name)

    async def set_secret(self, name: str, value: str | None) -> None:
        if value:
            self.others[name] = value
        else:
            self.others.pop(name, None)
        try:
            await self._write(value, name)
        except Exception:  # noqa: BLE001
            log.warning("storing %s failed; kept for this session only", name, exc_info=True)

    async def _read(self, name: str = KEYRING_USER) -> str | None:
        key = _pref_key(name)
        kind = self.kind
        if kind == "web":
            return await self.prefs.get(key) if await self.keep_signed_in() else None
        if kind == "secure":
            return await self._secure_storage().get(key)
        import keyring

        token = await asyncio.to_thread(keyring.get_password, KEYRING_SERVICE, name)
        if token is None and name == KEYRING_USER:
            # Move a token an older version left in SharedPreferences into the keyring.
            old = await self.prefs.get(K_REFRESH)
            if isinstance(old, str) and old:
                await asyncio.to_thread(keyring.set_password, KEYRING_SERVICE, KEYRING_USER, old)
                await self.prefs.remove(K_REFRESH)
                token = old
        return token

    async def _write(self, token: str | None, name: str = KEYRING_USER) -> None:
        key = _pref_key(name)
        kind = self.kind
        if kind == "web":
            if token and await self.keep_signed_in():
                await self.prefs.set(key, token)
            else:
                await self.prefs.remove(key)
            return
        if kind == "secure":
            store = self._secure_storage()
            await (store.set(key, token) if token else store.remove(key))
            return
        import keyring
        from keyring.errors import PasswordDeleteError

        if token:
            await asyncio.to_thread(keyring.set_password, KEYRING_SERVICE, name, token)
        else:
            try:
                await asyncio.to_thread(keyring.delete_password, KEYRING_SERVICE, name)
            except PasswordDeleteError:
                pass

    def _secure_storage(self):
        if self._secure is None:
            from flet_secure_storage import SecureStorage

            self._secure = SecureStorage()
        return self._secure
