"""민원실 kiosk in Chromium: the web build in kiosk mode (`main.py --web --kiosk`, a second
process using the session server's backend, as a kiosk in a 주민센터 uses the city's).

A guest searches welfare with the on-screen keyboard; a citizen signs the kiosk in by
approving on a second browser context that plays their phone (the normal app); left alone,
the kiosk counts down and forgets everything: no text, no route, no token in storage."""

from __future__ import annotations

import pytest
import zxingcpp
from PIL import Image

from tests.e2e import conftest as e2e
from tests.e2e.accounts import PASSWORD, new_citizen, sign_in
from tests.e2e.flet_page import FletPage
from tests.e2e.tour import go

IDLE, COUNTDOWN = 10, 5
CONFIG = f"""
place = "광양시청 민원실 (시험)"
functions = ["city_news", "alerts", "welfare", "dept_call", "facility", "weather", "bus"]
idle_seconds = {IDLE}
countdown_seconds = {COUNTDOWN}
large_text = true
"""


@pytest.fixture(scope="module")
def kiosk(server, tmp_path_factory, artifacts):
    data = tmp_path_factory.mktemp("e2e-kiosk")
    cfg = data / "kiosk.toml"
    cfg.write_text(CONFIG, encoding="utf-8")
    proc, url = e2e.start_server(data, artifacts / "e2e-kiosk-server.log",
                                 {"MYG_KIOSK_CONFIG": str(cfg), "MYG_KIOSK_EXIT_PIN": "2468"},
                                 ready_path="/", args=["--kiosk", "--api-url", server])
    yield url
    e2e.stop_server(proc)


@pytest.fixture
def kiosk_ui(browser, kiosk, artifacts):
    ctx = browser.new_context(viewport={"width": 800, "height": 1000}, locale="ko-KR")
    fp = FletPage(ctx.new_page(), kiosk, artifacts / "screenshots")
    fp.open("/")
    yield fp
    ctx.close()


def keys(ui: FletPage, *names: str) -> None:
    for n in names:
        ui.click_id(f"kbd-{n}")


def stored(ui: FletPage) -> dict:
    return ui.page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")


def test_a_guest_searches_welfare_with_the_on_screen_keyboard(kiosk_ui):
    ui = kiosk_ui
    ui.wait_id("home-login")
    ui.shot("kiosk_home")
    ui.click_id("home-tile-welfare")
    ui.click_id("welfare-search")
    ui.wait_id("kbd-ㄴ")
    keys(ui, "ㄴ", "ㅗ", "ㅇ", "ㅣ", "ㄴ")
    ui.wait_js("""() => Array.from(document.querySelectorAll(
        "[flt-semantics-identifier='welfare-search'] input")).some(i => i.value === '노인')""")
    ui.shot("kiosk_keyboard")
    ui.click_id("kbd-done")
    ui.wait_text_in("welfare-count", "'노인'")
    ui.shot("kiosk_welfare_results")


def test_a_citizen_signs_in_from_the_phone_and_the_idle_reset_forgets_them(
        kiosk_ui, browser, server, artifacts):
    ui = kiosk_ui
    email = new_citizen(server, "e2e-kiosk")
    ui.click_id("home-login")
    try:
        ui.wait_id("kiosk-login-steps", timeout=15_000)
    except Exception:  # a tap during the first frames can be lost: tap again, as a person does
        ui.click_id("home-login")
    ui.wait_text_in("kiosk-login-code", "-")
    code = ui.text_of("kiosk-login-code").strip()
    # The QR on screen, read as the phone's camera would: the approval address with the code.
    found = zxingcpp.read_barcodes(Image.open(ui.shot("kiosk_login_qr")).convert("RGB"))
    assert found and found[0].text.endswith(f"/kiosk-approve?user_code={code}"), found

    ctx = browser.new_context(viewport={"width": 400, "height": 860}, locale="ko-KR")
    phone = FletPage(ctx.new_page(), server, artifacts / "screenshots")
    try:
        phone.open("/")
        sign_in(phone, email, PASSWORD)
        go(phone, f"/kiosk-approve?user_code={code}")
        phone.wait_text_in("kiosk-approve-shown-code", code)
        phone.shot("kiosk_phone_approve")
        phone.click_id("kiosk-approve-yes")
        phone.wait_text_in("kiosk-approve-state", "승인했습니다")
    finally:
        ctx.close()

    ui.page.bring_to_front()
    ui.wait_text_in("home-user", "정시민", timeout=30_000)
    ui.shot("kiosk_signed_in")
    assert not any("token" in k.lower() or str(v).startswith("ey") for k, v in
                   stored(ui).items()), stored(ui)

    # Something typed, then nobody touches the screen.
    ui.click_id("home-tile-welfare")
    ui.click_id("welfare-search")
    keys(ui, "ㅊ", "ㅓ", "ㅇ", "ㄴ", "ㅕ", "ㄴ")
    ui.wait_id("kiosk-idle-left", timeout=(IDLE + 15) * 1000)
    ui.shot("kiosk_idle_countdown")
    ui.wait_id("home-login", timeout=(COUNTDOWN + 15) * 1000)
    assert ui.page.evaluate("() => location.pathname") == "/"
    assert ui.by_id("home-user").count() == 0
    assert not any("token" in k.lower() or str(v).startswith("ey") for k, v in
                   stored(ui).items()), stored(ui)
    ui.click_id("home-tile-welfare")
    ui.wait_id("welfare-search")
    value = ui.page.evaluate("""() => { const i = document.querySelector(
        "[flt-semantics-identifier='welfare-search'] input"); return i ? i.value : ''; }""")
    assert value == ""
    ui.shot("kiosk_after_reset")
