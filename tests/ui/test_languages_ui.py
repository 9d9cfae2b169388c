"""The app in English, Vietnamese and Chinese (issue 17): the language setting on the device
for a guest and with the account for a citizen, and every screen's texts from the catalog."""
from __future__ import annotations

import os
import re

import flet as ft
import pytest

from myg_app import i18n
from myg_app.client.widgets.common import WORD_JOINER
from myg_app.contracts.profile import ProfileOut
from tests.screen_routes import GUEST_ROUTES, OFFICER_ROUTES, citizen_routes
from tests.ui.conftest import finish_background_tasks
from tests.ui.test_a11y_walk import first_resources, sign_in


def shown(view: ft.Control) -> list[str]:
    """Every text a person reads or hears in `view`: values, labels, hints, tooltips."""
    from tests.ui.test_a11y_walk import children

    out: list[str] = []

    def walk(c) -> None:
        if getattr(c, "visible", True) is False:
            return
        for name in ("value", "label", "hint_text", "helper_text", "error_text", "tooltip",
                     "semantics_label", "text", "content", "title"):
            if name == "value" and not isinstance(c, ft.Text | ft.Semantics):
                continue
            v = getattr(c, name, None)
            if isinstance(v, str) and v.strip():
                out.append(v.replace(WORD_JOINER, ""))
        for ch in children(c):
            walk(ch)

    walk(view)
    return out


async def test_a_guest_switches_to_english_and_it_stays_on_the_device(open_app):
    ui = await open_app(width=360)
    await ui.go("/settings")
    await ui.tap("settings-language-en")
    await ui.settle(lambda: ui.app.state.language == "en")
    assert ui.client.prefs["myg.language"] == "en"
    assert ui.app.api.language == "en"
    texts = shown(ui.page.views[-1])
    assert "Settings" in texts and "Large text mode" in " ".join(texts), texts
    await ui.go("/")
    home = " ".join(shown(ui.page.views[-1]))
    assert "Report a local problem" in home, home
    # The next start on this device opens in English.
    again = await open_app(width=360, prefs={"myg.language": "en"})
    assert again.app.state.language == "en"
    await again.settle()
    assert "Report a local problem" in " ".join(shown(again.page.views[-1]))


HANGUL = re.compile("[\uac00-\ud7a3]")


def untranslated(view: ft.Control, lang: str) -> list[str]:
    """Texts on screen that the catalog translates into `lang` but that show in Korean: a
    control the translation did not reach."""
    return [s for s in shown(view) if i18n.lookup(s, lang) is not None]


async def walk(ui, routes: list[str], who: str, lang: str, found: dict[str, list[str]],
               korean: dict[str, set[str]]) -> None:
    for route in routes:
        await ui.go(route)
        await ui.settle(lambda: not any(isinstance(c, ft.ProgressRing) and c.visible
                                        for c in list(ui.session.index.values())), timeout=5)
        # Texts are translated as Flet sends them: send what a late load changed.
        ui.page.update()
        await ui.settle()
        view = ui.page.views[-1]
        for s in untranslated(view, lang):
            found.setdefault(f"{who} {route}", []).append(s)
        korean.setdefault(route, set()).update(s for s in shown(view) if HANGUL.search(s))


@pytest.mark.parametrize("lang", ["en"])
async def test_every_route_shows_its_texts_from_the_catalog(open_app, api_app, lang):
    """Every screen a guest, a citizen and an officer can open, in English: no text the
    catalog translates is left in Korean. (Names, addresses and what people wrote are data
    and stay as written; MYG_I18N_REPORT=1 prints them for review.)"""
    found: dict[str, list[str]] = {}
    korean: dict[str, set[str]] = {}
    prefs = {"myg.language": lang}
    guest = await open_app(width=360, prefs=prefs)
    await walk(guest, GUEST_ROUTES, "guest", lang, found, korean)
    citizen = await open_app(width=360, prefs=prefs)
    await sign_in(citizen, "citizen@gwangyang.demo")
    await walk(citizen, citizen_routes(await first_resources(api_app)), "citizen", lang, found,
               korean)
    admin = await open_app(width=1280, prefs=prefs)
    await sign_in(admin, "admin@gwangyang.demo")
    await walk(admin, OFFICER_ROUTES, "admin", lang, found, korean)
    for ui in (citizen, admin):  # signing in took the device's language to the shared accounts
        await ui.app.set_language("ko")
    await finish_background_tasks()
    if os.environ.get("MYG_I18N_REPORT"):
        for route, texts in korean.items():
            print(route, sorted(texts))
    report = "\n".join(f"{where}: {sorted(set(ts))}" for where, ts in found.items())
    assert not found, f"texts left in Korean ({lang}):\n{report}"


# Home, the menus, settings, chat, reports and alerts: complete in Vietnamese and Chinese.
CORE_GUEST = ["/", "/menu", "/menu/edit", "/settings", "/login", "/f/chat", "/f/report",
              "/f/report/new", "/f/alerts", "/f/alerts/4", "/f/alerts/settings"]
CORE_CITIZEN = ["/", "/notices", "/f/chat", "/f/report", "/f/report/new", "/f/alerts"]


def fell_back(view: ft.Control, lang: str) -> list[str]:
    """Texts shown in English because `lang` has no translation of their Korean id."""
    own = i18n.catalog(lang)
    english = {v: k for k, v in i18n.catalog("en").items() if k not in own}
    return [s for s in shown(view) if s in english or i18n.lookup(s, lang) is not None]


@pytest.mark.parametrize("lang", ["vi", "zh"])
async def test_the_core_screens_are_complete_in_vietnamese_and_chinese(open_app, lang):
    found: dict[str, list[str]] = {}
    guest = await open_app(width=360, prefs={"myg.language": lang})
    citizen = await open_app(width=360, prefs={"myg.language": lang})
    await sign_in(citizen, "citizen@gwangyang.demo")
    for who, ui, routes in (("guest", guest, CORE_GUEST), ("citizen", citizen, CORE_CITIZEN)):
        for route in routes:
            await ui.go(route)
            await ui.settle(lambda: not any(isinstance(c, ft.ProgressRing) and c.visible
                                            for c in list(ui.session.index.values())), timeout=5)
            ui.page.update()  # texts are translated as Flet sends them
            await ui.settle()
            if missing := fell_back(ui.page.views[-1], lang):
                found[f"{who} {route}"] = missing
    await citizen.app.set_language("ko")  # the shared demo account took the device's language
    await finish_background_tasks()
    report = "\n".join(f"{where}: {sorted(set(ts))}" for where, ts in found.items())
    assert not found, f"core texts without a {lang} translation:\n{report}"


async def test_a_citizen_takes_the_language_to_the_account_and_another_device(open_app):
    phone = await open_app(width=360, prefs={"myg.language": "vi"})
    await sign_in(phone, "town@gwangyang.demo")
    try:
        profile = await phone.app.api.call("GET", "/me/profile", ProfileOut)
        assert profile.language == "vi"  # an account that never chose takes the device's
        tablet = await open_app(width=800)  # Korean on this device until the citizen signs in
        assert tablet.app.state.language == "ko"
        await sign_in(tablet, "town@gwangyang.demo")
        await tablet.settle(lambda: tablet.app.state.language == "vi")
        assert tablet.app.state.language == "vi" and tablet.client.prefs["myg.language"] == "vi"
        assert tablet.app.api.language == "vi"
    finally:
        await phone.app.set_language("ko")
