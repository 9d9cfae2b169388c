"""In Chromium with two browser contexts: a citizen writes, an officer answers, the citizen
sees the answer without reloading; a guest's SOS request reaches the welfare desk."""

from __future__ import annotations

import uuid

import httpx

from tests.e2e.accounts import DEMO_PASSWORD, PASSWORD, new_citizen, sign_in
from tests.e2e.flet_page import FletPage


def conversation_of(server: str, email: str) -> int:
    with httpx.Client(base_url=server + "/api/v1") as c:
        token = c.post("/auth/login", json={"email": email, "password": PASSWORD}).json()
        r = c.get("/chat/conversations",
                  headers={"Authorization": f"Bearer {token['access_token']}"})
        return r.json()["items"][0]["id"]


def wait_message(ui: FletPage, prefix: str, s: str) -> None:
    """A chat bubble (one semantics node per message) containing `s`."""
    ui.wait_text_in(prefix, s, prefix=True)


def second_page(browser, server, artifacts) -> tuple:
    ctx = browser.new_context(viewport={"width": 400, "height": 860}, locale="ko-KR")
    fp = FletPage(ctx.new_page(), server, artifacts / "screenshots")
    fp.open("/")
    return ctx, fp


def test_citizen_writes_officer_answers_citizen_sees_it_live(ui, browser, server, artifacts):
    email = new_citizen(server, "e2e-chat")
    sign_in(ui, email, PASSWORD)
    ui.click_id("home-tile-chat")
    ui.expect_text("chat-link", "실시간")
    ui.fill("chat-input", "음식물 쓰레기 배출 요일이 궁금합니다")
    ui.click_id("chat-send")
    wait_message(ui, "chat-msg-", "음식물 쓰레기 배출 요일이 궁금합니다")
    conv_id = conversation_of(server, email)

    ctx, officer = second_page(browser, server, artifacts)
    try:
        sign_in(officer, "officer@gwangyang.demo", DEMO_PASSWORD)
        officer.click_id("home-tile-chat")
        officer.click_id(f"chat-desk-open-{conv_id}")
        wait_message(officer, "chat-desk-msg-", "음식물 쓰레기 배출 요일이 궁금합니다")
        officer.click_id("chat-desk-take")
        officer.expect_text("chat-desk-state", "상담 중")
        officer.fill("chat-desk-input", "중마동은 월·수·금 저녁에 배출합니다.")
        officer.click_id("chat-desk-send")
        wait_message(officer, "chat-desk-msg-", "중마동은 월·수·금 저녁에 배출합니다.")

        # No reload on the citizen's side: the answer arrives over the live connection.
        wait_message(ui, "chat-msg-", "중마동은 월·수·금 저녁에 배출합니다.")
        ui.expect_text("chat-state", "민원봉사과 상담원")
        ui.shot("chat_citizen_answered")
        officer.shot("chat_officer_desk")
    finally:
        ctx.close()


def test_chat_screen_in_large_text_fits_360(ui, server):
    email = new_citizen(server, "e2e-chat")
    ui.phone_in_large_text()
    sign_in(ui, email, PASSWORD)
    ui.click_id("home-tile-chat")
    ui.expect_text("chat-link", "실시간")
    ui.fill("chat-input", "큰 글씨로 문의합니다")
    ui.click_id("chat-send")
    wait_message(ui, "chat-msg-", "큰 글씨로 문의합니다")
    # Shown once: after the server's answer nothing is left "보내는 중".
    ui.wait_js("""() => !Array.from(document.querySelectorAll('flt-semantics')).some(e =>
                     (e.getAttribute('aria-label') || e.textContent || '').includes('보내는 중'))""")
    ui.settle(quiet=500)
    assert not ui.has_text("보내는 중")
    # The composer sits on screen without scrolling, whole, and finger-sized.
    for ident in ("chat-send", "chat-photo", "chat-input"):
        box = ui.by_id(ident).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360.5, (ident, box)
        assert box["y"] >= 0 and box["y"] + box["height"] <= 800.5, (ident, box)
        assert box["height"] >= 55.5, (ident, box)
    ui.shot("chat_large_text")


def test_guest_sos_reaches_the_welfare_desk(ui, browser, server, artifacts):
    phone = f"010-{uuid.uuid4().int % 9000 + 1000}-{uuid.uuid4().int % 9000 + 1000}"
    ui.click_id("home-all")
    ui.click_id("menu-tile-sos")
    ui.wait_id("sos-urgent")
    assert ui.page.get_by_role("button", name="119에 전화하기").count() == 1
    ui.click_id("sos-kind-livelihood")
    ui.fill("sos-phone", phone)
    ui.fill("sos-note", "실직 후 생활비가 없습니다")
    ui.click_id("sos-consent")
    ui.click_id("sos-submit")
    ui.expect_text("sos-status-title", "시청이 요청을 받았습니다")
    ui.shot("sos_guest_received")
    ui.click_id("sos-submit")  # a second tap: still one request
    ui.wait_id("sos-duplicate")

    ctx, welfare = second_page(browser, server, artifacts)
    try:
        sign_in(welfare, "welfare@gwangyang.demo", DEMO_PASSWORD)
        welfare.click_id("home-all")
        welfare.click_id("menu-tile-sos")
        welfare.click_id("sos-desk-open")
        welfare.wait_text("실직 후 생활비가 없습니다", timeout=30_000)
        masked = phone[:4] + "****" + phone[8:]
        welfare.wait_text(masked, timeout=30_000)
        welfare.shot("sos_welfare_desk")
    finally:
        ctx.close()


def test_directory_search_finds_the_passport_desk(ui):
    ui.click_id("home-tile-dept_call")
    ui.wait_id("dir-search")
    ui.fill("dir-search", "여권")
    ui.click_id("dir-search-submit")
    ui.expect_text("dir-count", "여권")
    ui.wait_text("민원봉사과 전화 걸기")
    ui.shot("dept_call_passport")
