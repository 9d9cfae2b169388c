"""The kiosk mode in a headless session: large text and only the configured tiles; screens
the kiosk does not offer (a report with photos, settings, the password login) are refused;
links that leave the app are not opened; the admin PIN guards the exit; after the idle time
a countdown shows and then everything typed and opened is forgotten."""
from __future__ import annotations

import httpx
import pytest

from myg_app.client.kiosk import config as kcfg

CONFIG = """
place = "시험 민원실"
functions = ["welfare", "dept_call", "weather"]
idle_seconds = 10
countdown_seconds = 5
large_text = true
"""


@pytest.fixture
async def kiosk(open_app, tmp_path, monkeypatch):
    """`await kiosk()`: a kiosk session (the test configuration, PIN 2468)."""
    path = tmp_path / "kiosk.toml"
    path.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("MYG_KIOSK_CONFIG", str(path))
    monkeypatch.setenv("MYG_KIOSK_EXIT_PIN", "2468")
    kcfg.load.cache_clear()
    yield lambda: open_app(kiosk=True, width=800, height=1000)
    kcfg.load.cache_clear()


async def test_home_offers_the_configured_functions_in_large_text(kiosk):
    ui = await kiosk()
    assert ui.app.state.large_text and ui.app.m.large
    tiles = [i for i in ui.idents("home-tile-")]
    assert tiles == ["home-tile-welfare", "home-tile-dept_call", "home-tile-weather"]
    assert ui.find("home-login") is not None and ui.find("appbar-settings") is None
    assert "시험 민원실" in ui.page.views[-1].appbar.title.content.semantics_label


@pytest.mark.parametrize("route", ["/f/report", "/f/report/new", "/settings", "/account",
                                   "/f/citizen_id", "/menu"])
async def test_screens_a_kiosk_does_not_offer_are_refused(kiosk, route):
    ui = await kiosk()
    await ui.go(route)
    assert ui.find("kiosk-not-here") is not None, route


async def test_the_password_login_is_the_phone_sign_in_here(kiosk):
    ui = await kiosk()
    await ui.go("/login")
    assert ui.find("kiosk-login") is not None or ui.find("kiosk-login-steps") is not None
    assert ui.find("login-password") is None


async def test_links_that_leave_the_app_are_not_opened(kiosk):
    ui = await kiosk()
    await ui.app.url_launcher.launch_url("tel:0617972114")
    bars = [d for d in ui.page._dialogs.controls if d.open]
    assert any("키오스크에서는 전화로 연결할 수 없습니다" in str(d.content.value) for d in bars)


async def test_the_exit_needs_the_admin_pin(kiosk):
    ui = await kiosk()
    await ui.tap("kiosk-admin")
    for d in "1111":
        await ui.tap(f"kiosk-pin-{d}")
    await ui.tap("kiosk-pin-ok")
    assert ui.find("kiosk-pin-status-error") is not None
    assert ui.app.kiosk


async def test_idle_countdown_then_everything_is_forgotten(kiosk):
    ui = await kiosk()
    await ui.tap("home-tile-welfare")
    await ui.settle(lambda: ui.find("welfare-search"))
    await ui.type("welfare-search", "노인")
    session = ui.app.kiosk_session
    session.last -= kcfg.load().idle_seconds + 1  # nobody touched it for the idle time
    await ui.settle(lambda: session.dialog is not None, timeout=5)
    assert session.dialog is not None
    session.last -= kcfg.load().countdown_seconds + 1
    await ui.settle(lambda: ui.page.route == "/" and session.dialog is None, timeout=5)
    assert ui.page.route == "/" and len(ui.page.views) == 1
    assert ui.app.state.drafts == {} and not ui.app.signed_in
    await ui.tap("home-tile-welfare")
    await ui.settle(lambda: ui.find("welfare-search"))
    assert not ui.find("welfare-search").content.value


async def test_a_guest_searches_with_the_on_screen_keyboard(kiosk):
    ui = await kiosk()
    await ui.tap("home-tile-welfare")
    await ui.settle(lambda: ui.find("welfare-search"))
    field = ui.find("welfare-search").content
    assert field.read_only  # the platform's keyboard never opens on a kiosk
    await ui.session.dispatch_event(field._i, "focus", None)
    await ui.settle(lambda: ui.find("kbd-ㄴ") is not None and ui.app.kiosk_session.keyboard.visible)
    for key in ("ㄴ", "ㅗ", "ㅇ", "ㅣ", "ㄴ"):
        await ui.tap(f"kbd-{key}")
    assert field.value == "노인"
    await ui.tap("kbd-done")
    await ui.settle(lambda: "'노인'" in (ui.text("welfare-count") or ""))
    assert "'노인'" in ui.text("welfare-count")


async def test_sign_in_from_the_phone_then_logout_ends_the_session(kiosk, open_app, api_app):
    from tests.ui.conftest import signed_in

    ui = await kiosk()
    await ui.tap("home-login")
    await ui.settle(lambda: ui.find("kiosk-login-code") and "-" in ui.text("kiosk-login-code"))
    code = ui.text("kiosk-login-code")
    assert ui.find("kiosk-login-qr").content.visible

    phone = await signed_in(open_app, "citizen@gwangyang.demo")
    await phone.go(f"/kiosk-approve?user_code={code}")
    await phone.settle(lambda: phone.find("kiosk-approve-shown-code"))
    assert phone.text("kiosk-approve-shown-code") == code
    assert "시험 민원실" in phone.text("kiosk-approve-place")
    await phone.tap("kiosk-approve-yes")
    await phone.settle(lambda: phone.find("kiosk-approve-state"))
    assert "승인했습니다" in phone.text("kiosk-approve-state")

    await ui.settle(lambda: ui.find("home-user") is not None, timeout=20)
    assert ui.text("home-user").startswith("김광양")
    token = ui.app.api.tokens.access_token
    assert ui.app.api.tokens.refresh_token == ""  # nothing that outlives the session
    stored = ui.client.prefs
    assert not any(token in str(v) for v in stored.values())
    await ui.tap("kiosk-logout")
    await ui.settle(lambda: ui.find("home-login") is not None)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api_app),
                                 base_url="http://testserver/api/v1") as http:
        r = await http.get("/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401  # the server ended the kiosk session too


async def test_a_visitors_language_is_not_the_next_visitors(kiosk):
    ui = await kiosk()
    await ui.app.set_language("en")
    await ui.settle()
    assert ui.app.state.language == "en" and ui.app.api.language == "en"
    await ui.app.kiosk_session.reset()
    await ui.settle()
    assert ui.app.state.language == "ko" and ui.app.api.language == "ko"
