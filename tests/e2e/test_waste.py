"""대형폐기물 in Chromium: a citizen books a pickup and chooses a bank transfer, the 자원순환과
officer confirms the deposit, and the 배출번호 with its QR code appears for the citizen."""

from __future__ import annotations

from tests.e2e.accounts import DEMO_PASSWORD, PASSWORD, new_citizen, sign_in
from tests.e2e.flet_page import FletPage


def ids(ui: FletPage, prefix: str) -> list[str]:
    return ui.page.eval_on_selector_all(
        f"[flt-semantics-identifier^='{prefix}']",
        "els => els.map(e => e.getAttribute('flt-semantics-identifier'))")


def boxes(ui: FletPage, prefix: str) -> list[dict]:
    return ui.page.eval_on_selector_all(
        f"[flt-semantics-identifier^='{prefix}']",
        """els => els.map(e => { const r = e.getBoundingClientRect();
              return {id: e.getAttribute('flt-semantics-identifier'), x: r.x, w: r.width}; })""")


def test_book_pay_by_transfer_officer_confirms_number_appears(ui, browser, server, artifacts):
    email = new_citizen(server, "e2e-waste")
    sign_in(ui, email, PASSWORD)
    ui.click_id("home-tile-bulky_waste")
    ui.wait_id("waste-mine-empty")
    ui.click_id("waste-new")
    ui.click_id("waste-plus-sofa-2")
    ui.expect_text("waste-total", "8,000원")
    ui.click_id("waste-plus-mattress-2")
    ui.expect_text("waste-total", "18,000원")
    ui.shot("waste_form_items")
    ui.click_id("waste-area-jungma")
    ui.expect_text("waste-area-schedule", "화·금")
    ui.wait_js(
        "document.querySelector(\"[flt-semantics-identifier^='waste-date-']\") !== null")
    date_id = ids(ui, "waste-date-")[0]
    ui.click_id(date_id)
    ui.fill("waste-address", "중마동 중마로 100, 101동 1층 현관 앞")
    ui.shot("waste_form_filled")
    ui.click_id("waste-submit")
    ui.expect_text("waste-detail-status-label", "결제 대기")
    booking_id = ui.page.url.rsplit("/", 1)[1]
    ui.click_id("waste-pay-bank")
    ui.expect_text("waste-va-number", "790-")
    ui.expect_text("waste-va-amount", "18,000원")
    ui.shot("waste_virtual_account")

    # The officer of 자원순환과 confirms the deposit in his own session.
    ctx = browser.new_context(viewport={"width": 400, "height": 860}, locale="ko-KR")
    officer = FletPage(ctx.new_page(), server, artifacts / "screenshots")
    try:
        officer.open("/")
        sign_in(officer, "clean@gwangyang.demo", DEMO_PASSWORD)
        officer.click_id("home-tile-bulky_waste")
        officer.click_id("waste-desk")
        officer.wait_id("waste-desk-deposits")
        officer.fill(f"waste-desk-amount-{booking_id}", "18000")
        officer.click_id(f"waste-desk-deposit-{booking_id}")
        officer.expect_text("waste-desk-status-notice", "배출번호")
        officer.shot("waste_officer_desk")
    finally:
        ctx.close()

    ui.click_id("waste-refresh")
    ui.expect_text("waste-detail-status-label", "배출 확정")
    ui.expect_text("waste-emission-no", "BW")
    ui.reveal("waste-emission-box")
    ui.shot("waste_emission_number")


def test_large_text_booking_form_fits_360(browser, server, artifacts):
    email = new_citizen(server, "e2e-waste")
    ctx = browser.new_context(viewport={"width": 360, "height": 800}, locale="ko-KR")
    # Large text chosen earlier on this device (the app reads it at start-up).
    ctx.add_init_script("localStorage.setItem('flutter.myg.large_text', 'true')")
    page = ctx.new_page()
    ui = FletPage(page, server, artifacts / "screenshots")
    try:
        ui.open("/")
        sign_in(ui, email, PASSWORD)
        ui.click_id("home-tile-bulky_waste")
        ui.click_id("waste-new")
        ui.wait_id("waste-plus-sofa-1")
        ui.click_id("waste-plus-sofa-1")
        ui.expect_text("waste-total", "5,000원")
        ui.shot("waste_form_large_text")
        for b in boxes(ui, "waste-"):
            if b["w"] > 0:
                assert b["x"] >= 0 and b["x"] + b["w"] <= 360.5, b
        plus = ui.by_id("waste-plus-sofa-1").bounding_box()
        assert plus["height"] >= 55.5 and plus["width"] >= 55.5
        ui.shot("waste_form_large_text")
        ui.click_id("waste-area-daap")
        ui.expect_text("waste-area-schedule", "수요일")
        ui.wait_js(
            "document.querySelector(\"[flt-semantics-identifier^='waste-date-']\") !== null")
        ui.click_id(ids(ui, "waste-date-")[0])
        ui.fill("waste-address", "다압면 섬진강매화로 1")
        ui.click_id("waste-submit")
        ui.expect_text("waste-detail-status-label", "결제 대기")
        ui.click_id("waste-pay-bank")
        ui.expect_text("waste-va-amount", "5,000원")
        for b in boxes(ui, "waste-"):
            if b["w"] > 0:
                assert b["x"] >= 0 and b["x"] + b["w"] <= 360.5, b
        ui.shot("waste_virtual_account_large_text")
    finally:
        ctx.close()
