"""Where the refresh token is kept, per platform (no Flet session needed: fakes for the page,
SharedPreferences and the OS keyring)."""
from __future__ import annotations

from types import SimpleNamespace

import flet as ft
import keyring
import pytest
from keyring.backend import KeyringBackend

from myg_app.client.token_store import K_KEEP, K_REFRESH, KEYRING_SERVICE, KEYRING_USER, TokenStore


class FakePrefs:
    def __init__(self, data=None):
        self.data = dict(data or {})

    async def get(self, k):
        return self.data.get(k)

    async def set(self, k, v):
        self.data[k] = v

    async def remove(self, k):
        return self.data.pop(k, None) is not None


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        from keyring.errors import PasswordDeleteError

        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def os_keyring():
    before = keyring.get_keyring()
    kr = MemoryKeyring()
    keyring.set_keyring(kr)
    yield kr
    keyring.set_keyring(before)


WEB = SimpleNamespace(web=True, platform=ft.PagePlatform.LINUX)
DESKTOP = SimpleNamespace(web=False, platform=ft.PagePlatform.WINDOWS)


async def test_web_keeps_the_token_for_this_session_only_by_default():
    prefs = FakePrefs({K_KEEP: False})
    store = TokenStore(prefs, WEB)
    await store.set("tok")
    assert await store.get() == "tok" and K_REFRESH not in prefs.data
    # A new browser session (new store) starts signed out.
    assert await TokenStore(prefs, WEB).get() is None


async def test_web_keep_signed_in_writes_to_the_browser_and_unticking_removes_it():
    prefs = FakePrefs()
    store = TokenStore(prefs, WEB)
    await store.set_keep_signed_in(True)
    await store.set("tok")
    assert prefs.data[K_REFRESH] == "tok"
    assert await TokenStore(prefs, WEB).get() == "tok"
    await store.set_keep_signed_in(False)
    assert K_REFRESH not in prefs.data
    await store.set(None)
    assert await TokenStore(prefs, WEB).get() is None


async def test_web_users_of_the_previous_version_stay_signed_in():
    prefs = FakePrefs({K_REFRESH: "old"})  # no K_KEEP yet
    assert await TokenStore(prefs, WEB).get() == "old"


async def test_desktop_uses_the_os_keyring_never_the_preferences(os_keyring):
    prefs = FakePrefs()
    store = TokenStore(prefs, DESKTOP)
    await store.set("tok")
    assert os_keyring.items[(KEYRING_SERVICE, KEYRING_USER)] == "tok"
    assert K_REFRESH not in prefs.data
    assert await TokenStore(prefs, DESKTOP).get() == "tok"
    await store.set(None)
    assert (KEYRING_SERVICE, KEYRING_USER) not in os_keyring.items


async def test_desktop_moves_an_old_plain_token_into_the_keyring(os_keyring):
    prefs = FakePrefs({K_REFRESH: "old"})
    assert await TokenStore(prefs, DESKTOP).get() == "old"
    assert os_keyring.items[(KEYRING_SERVICE, KEYRING_USER)] == "old"
    assert K_REFRESH not in prefs.data


async def test_a_broken_keyring_keeps_the_token_in_memory_only(os_keyring, monkeypatch):
    def broken(*a):
        raise keyring.errors.KeyringError("no secret service")

    monkeypatch.setattr(os_keyring, "set_password", broken)
    monkeypatch.setattr(os_keyring, "get_password", broken)
    prefs = FakePrefs()
    store = TokenStore(prefs, DESKTOP)
    await store.set("tok")
    assert await store.get() == "tok" and K_REFRESH not in prefs.data
