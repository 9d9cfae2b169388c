"""Client state: who is signed in, display settings, the pinned menu; persisted on the device."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from typing import Any, Literal

import flet as ft

from myg_app import catalog, i18n
from myg_app.contracts.auth import UserOut
from myg_app.contracts.catalog import CatalogItem

log = logging.getLogger(__name__)

ThemeChoice = Literal["system", "light", "dark"]
THEME_CHOICES: tuple[ThemeChoice, ...] = ("system", "light", "dark")

# SharedPreferences keys (localStorage["flutter.<key>"] in the web build).
K_LARGE = "myg.large_text"
K_THEME = "myg.theme"
K_LANG = "myg.language"  # the app's language on this device (a guest's; a citizen's follows the account)
K_VOICE = "myg.voice"  # 음성 안내: arriving alerts (and, later, screens) read aloud
K_GUEST_MENU = "myg.guest_menu"
K_REFRESH = "myg.refresh_token"
K_SUBSIDY = "myg.subsidy24.answers"  # a guest's 맞춤혜택 answers (this device only)


def merge_menus(account: list[str], guest: list[str]) -> list[str]:
    """The account's menu followed by what the guest pinned on this device, at most 14.

    The account's order wins: it is what the citizen arranged on their other devices.
    """
    merged = list(account)
    for fid in guest:
        if fid not in merged and fid in catalog.BY_ID:
            merged.append(fid)
    return merged[: catalog.MAX_PINS]


def sanitize_menu(items: object) -> list[str]:
    """A stored menu as a valid list, dropping what a newer/older app version left behind."""
    if not isinstance(items, list):
        return list(catalog.DEFAULT_MENU)
    out: list[str] = []
    for i in items:
        if isinstance(i, str) and i in catalog.BY_ID and i not in out:
            out.append(i)
    return out[: catalog.MAX_PINS]


# Fields whose change makes the open views out of date (they are built again when shown).
_VERSIONED = frozenset({"large_text", "user", "menu", "status", "language"})


@dataclass
class AppState:
    """The session's one state object: who is signed in, settings, 나의메뉴, and what the
    feature screens keep between visits (drafts, filters, services). Features keep their
    things here, never as attributes of the app object."""

    large_text: bool = False
    voice: bool = False
    language: str = "ko"  # myg_app/i18n.LANGUAGES; every text on screen follows it
    theme: ThemeChoice = "system"
    user: UserOut | None = None
    menu: list[str] = field(default_factory=lambda: list(catalog.DEFAULT_MENU))
    # Server view of function status; the bundled catalog until the server answers.
    status: dict[str, str] = field(default_factory=lambda: {f.id: f.status for f in catalog.FUNCTIONS})
    unread: int = 0  # unread notices of the signed-in user (the bell on home)
    # Bumped by every change of a field in _VERSIONED: open views built before are stale.
    version: int = 0
    # Where a guest stopped by the login gate wanted to go (opened after login).
    after_login: str | None = None
    menu_query: str = ""  # the 전체 메뉴 search, kept while the app runs
    # Feature data kept between visits, by name: drafts ("report_form", "waste_form"),
    # filters ("report_inbox_filters", "waste_desk"), controllers ("chat"), outbox state.
    drafts: dict[str, Any] = field(default_factory=dict)
    # Services (Clipboard, FilePicker, Geolocator...) by name: they must stay referenced.
    services: dict[str, Any] = field(default_factory=dict)

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if name in _VERSIONED:
            object.__setattr__(self, "version", getattr(self, "version", 0) + 1)

    def apply_catalog(self, items: list[CatalogItem]) -> None:
        new = {i.id: i.status for i in items}
        if any(self.status.get(k) != v for k, v in new.items()):
            self.status.update(new)
            self.version += 1


class Prefs:
    """Typed access to SharedPreferences. The service must stay referenced, so we own it."""

    def __init__(self) -> None:
        self.service = ft.SharedPreferences()
        # The refresh token lives where the platform keeps secrets (token_store.py).
        from myg_app.client.token_store import TokenStore

        try:
            page = ft.context.page
        except Exception:  # noqa: BLE001 - outside a page session (unit tests)
            page = None
        self.tokens = TokenStore(self.service, page)
        from myg_app.client.wallet import Wallet

        self.wallet = Wallet(self.tokens)  # cards kept for offline use

    async def _get(self, key: str):
        try:
            return await self.service.get(key)
        except Exception:  # noqa: BLE001 - a broken store must not stop the app from starting
            log.warning("reading preference %s failed", key, exc_info=True)
            return None

    async def load(self, state: AppState) -> str | None:
        """Fill `state` from the device; returns the stored refresh token, if any."""
        # One round trip to the device instead of five: this is on the start-up path.
        large, theme, menu, token, voice, lang = await asyncio.gather(
            self._get(K_LARGE), self._get(K_THEME), self.guest_menu(), self.refresh_token(),
            self._get(K_VOICE), self._get(K_LANG))
        state.language = lang if lang in i18n.LANGUAGES else i18n.DEFAULT
        state.large_text = bool(large) if large is not None else False
        state.voice = bool(voice) if voice is not None else False
        state.theme = theme if theme in THEME_CHOICES else "system"
        state.menu = menu
        return token

    async def refresh_token(self) -> str | None:
        return await self.tokens.get()

    async def guest_menu(self) -> list[str]:
        """The device's menu; the default set until the guest arranges their own."""
        own = await self.guest_choice()
        return list(catalog.DEFAULT_MENU) if own is None else own

    async def guest_choice(self) -> list[str] | None:
        """What the guest pinned on this device, or None if they never changed the menu."""
        raw = await self._get(K_GUEST_MENU)
        if raw is None:
            return None
        try:
            return sanitize_menu(json.loads(raw))
        except (TypeError, ValueError):
            return None

    async def set_guest_menu(self, items: list[str]) -> None:
        await self.service.set(K_GUEST_MENU, json.dumps(items))

    async def subsidy_answers(self) -> dict | None:
        """A guest's 맞춤혜택 answers: kept on this device only, never sent to be stored."""
        raw = await self._get(K_SUBSIDY)
        try:
            value = json.loads(raw) if raw else None
        except (TypeError, ValueError):
            return None
        return value if isinstance(value, dict) else None

    async def set_subsidy_answers(self, answers: dict | None) -> None:
        if answers is None:
            await self.service.remove(K_SUBSIDY)
        else:
            await self.service.set(K_SUBSIDY, json.dumps(answers, ensure_ascii=False))

    async def set_large_text(self, on: bool) -> None:
        await self.service.set(K_LARGE, on)

    async def set_voice(self, on: bool) -> None:
        await self.service.set(K_VOICE, on)

    async def set_language(self, lang: str) -> None:
        await self.service.set(K_LANG, lang)

    async def set_theme(self, theme: ThemeChoice) -> None:
        await self.service.set(K_THEME, theme)

    async def set_refresh_token(self, token: str | None) -> None:
        await self.tokens.set(token)
