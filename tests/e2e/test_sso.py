"""통합 로그인 in Chromium: sign in in the app, open a partner site from 통합 로그인 사이트, the
demo partner (a separate process, Authlib's standard client configured only by the discovery
URL) shows the citizen's name without asking for a password; signing out in the app ends the
partner's session."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.e2e.conftest import (
    ROOT, free_port, start_server, stop_server, wait_until_up,
)
from tests.e2e.flet_page import FletPage

DEMO_PASSWORD = "myg-demo-2026"
SITE = "library"


@pytest.fixture(scope="module")
def sso_stack(tmp_path_factory, artifacts):
    """The app+provider (main.py --web) and the demo partner, each its own process."""
    partner_port = free_port()
    proc, url = start_server(tmp_path_factory.mktemp("sso-data"), artifacts / "e2e-sso-server.log",
                             extra_env={"MYG_OIDC_PARTNER_BASE": f"http://127.0.0.1:{partner_port}"})
    log = open(artifacts / "e2e-partner.log", "w")
    partner = subprocess.Popen(
        [sys.executable, "-m", "partner_demo", "--port", str(partner_port),
         "--discovery", f"{url}/.well-known/openid-configuration"],
        cwd=str(ROOT), stdout=log, stderr=subprocess.STDOUT)
    partner_url = f"http://127.0.0.1:{partner_port}/{SITE}/"
    try:
        wait_until_up(partner, partner_url, artifacts / "e2e-partner.log", "partner")
        yield url, partner_url
    finally:
        stop_server(partner)
        stop_server(proc)


def test_open_partner_signed_in_then_sign_out_ends_it(browser, sso_stack, artifacts):
    server, partner_url = sso_stack
    ctx = browser.new_context(viewport={"width": 400, "height": 860}, locale="ko-KR")
    try:
        ui = FletPage(ctx.new_page(), server, artifacts / "screenshots")
        ui.open("/")
        ui.click_id("home-login")
        ui.fill("login-email", "citizen@gwangyang.demo")
        ui.fill("login-password", DEMO_PASSWORD)
        ui.click_id("login-submit")
        ui.wait_id("home-user")
        ui.click_id("home-all")
        ui.click_id("menu-tile-sso_sites")
        ui.wait_id(f"sso-site-{SITE}")
        ui.shot("sso_sites")

        # Every page the partner tab shows, to prove no password was ever asked.
        seen: list[str] = []
        with ctx.expect_page(timeout=20_000) as opened:
            ui.click_id(f"sso-site-{SITE}")
        site = opened.value
        site.on("framenavigated", lambda f: seen.append(f.url) if f == site.main_frame else None)
        site.wait_for_load_state()
        if site.locator("#consent-allow").count():  # a partner asks once for the items it needs
            assert "시립도서관" in site.locator("h1").inner_text()
            site.screenshot(path=str(artifacts / "screenshots" / "sso_consent.png"))
            site.click("#consent-allow")
        site.wait_for_selector("#partner-user", timeout=20_000)
        assert site.locator("#partner-user").inner_text() == "김광양님, 환영합니다."
        assert site.locator("input[type=password]").count() == 0
        assert not any("/oidc/login" in u for u in seen), seen
        site.screenshot(path=str(artifacts / "screenshots" / "sso_partner_signed_in.png"))

        # Sign out in the app: the partner's next page shows the session ended.
        ui.page.bring_to_front()
        ui.click_id("sso-logout")
        ui.wait_id("sso-login")
        site.goto(partner_url)
        site.wait_for_selector("#partner-status")
        assert "로그인이 끝났습니다" in site.locator("#partner-status").inner_text()
        assert site.locator("#partner-user").count() == 0
        site.screenshot(path=str(artifacts / "screenshots" / "sso_partner_signed_out.png"))
    finally:
        ctx.close()


def test_sso_screen_in_large_text_mode(browser, sso_stack, artifacts):
    server, _ = sso_stack
    ctx = browser.new_context(viewport={"width": 360, "height": 800}, locale="ko-KR")
    try:
        ui = FletPage(ctx.new_page(), server, artifacts / "screenshots")
        ui.open("/")
        ui.turn_on_large_text()
        ui.page.go_back()
        ui.click_id("home-login")
        ui.reveal("login-reset")
        ui.shot("sso_login_large")
        ui.click_id("login-register")
        ui.reveal("register-consent-privacy_optional")
        ui.shot("sso_register_consents_large")
        ui.page.go_back()
        ui.fill("login-email", "citizen@gwangyang.demo")
        ui.fill("login-password", DEMO_PASSWORD)
        ui.click_id("login-submit")
        ui.wait_id("home-user")
        ui.click_id("home-all")
        ui.click_id("menu-tile-sso_sites")
        ui.wait_id(f"sso-site-{SITE}")
        ui.shot("sso_sites_large")
        box = ui.by_id("sso-site-gwangyang_home").first.bounding_box()
        assert box and box["width"] <= 360 and box["height"] >= 56
        ui.reveal("sso-withdraw")
        ui.shot("sso_account_large")
        ui.click_id("sso-profile")
        ui.wait_id("profile-save")
        ui.wait_loaded()  # the profile loads after the screen shows
        ui.shot("sso_profile_large")
        ui.page.go_back()
        ui.click_id("sso-sessions")
        ui.wait_id("sessions-device-0-name")
        ui.expect_text("sessions-device-0-name", "이 기기")
        ui.shot("sso_sessions_large")
    finally:
        ctx.close()
