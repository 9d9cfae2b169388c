"""디지털 광양시민증 in Chromium: a new citizen on a phone in large text (360×800) applies; the
민원봉사과 officer approves in a second browser; the card shows its QR; a third browser, the
verifier at a shop, reads that QR off the screen (decoded from a screenshot, as a scanner
would) and finds it valid, then, after the citizen reports the phone lost and the verifier
syncs the list, revoked. Nothing may run off the side of the phone."""

from __future__ import annotations

import httpx
import zxingcpp
from PIL import Image

from tests.e2e.accounts import DEMO_PASSWORD, PASSWORD, new_citizen, sign_in
from tests.e2e.flet_page import FletPage
from tests.e2e.tour import go
from tests.e2e.tour import off_side as off_side_at


def second_page(browser, server, artifacts) -> tuple:
    ctx = browser.new_context(viewport={"width": 400, "height": 860}, locale="ko-KR")
    fp = FletPage(ctx.new_page(), server, artifacts / "screenshots")
    fp.open("/")
    return ctx, fp


def newest_pending(server: str) -> int:
    with httpx.Client(base_url=server + "/api/v1") as http:
        tokens = http.post("/auth/login", json={"email": "officer@gwangyang.demo",
                                                "password": DEMO_PASSWORD}).json()
        rows = http.get("/citizen-id/desk/applications",
                        headers={"Authorization": f"Bearer {tokens['access_token']}"}).json()
    return max(r["id"] for r in rows["items"] if r["masked_name"] == "정*민")


def scan_qr(ui: FletPage) -> str:
    """Read the QR off the screen as a shop's scanner would: pictures of the screen, moved a
    little between tries, until the decoder finds the code."""
    ui.reveal("citizen_id-qr-note")
    # Scan a fresh window (20 s or more left): the verifier has time to check it.
    ui.wait_js("""() => { const e = document.querySelector(
                      "[flt-semantics-identifier='citizen_id-qr-note']");
                      return !!e && [e, ...e.querySelectorAll('*')].some(n => {
                        const m = ((n.getAttribute('aria-label') || '') + ' ' +
                                   (n.childElementCount ? '' : n.textContent || ''))
                                  .match(/(\\d+)초 뒤/);
                        return m && Number(m[1]) >= 20; }); }""", timeout=40_000)
    vp = ui.page.viewport_size or {"width": 360, "height": 800}
    ui.page.mouse.move(vp["width"] / 2, vp["height"] / 2)
    for attempt in range(8):
        shot = ui.shot("citizen_id_qr_scanned")  # the whole screen, as a scanner sees it
        found = zxingcpp.read_barcodes(Image.open(shot).convert("RGB"))
        if found:
            return found[0].text
        ui.page.mouse.wheel(0, -120)  # the code sits above the note: bring it down a little
        ui.settle(quiet=300, timeout=3_000)
    raise AssertionError("no QR code readable on the card screen")


def check(verifier: FletPage, token: str, expect: str) -> None:
    verifier.fill("citizen_id-verify-token", token)
    verifier.click_id("citizen_id-verify-check")
    verifier.wait_text_in("citizen_id-verify-status", expect)


def test_apply_approve_show_verify_then_revoke(ui, browser, server, artifacts):
    email = new_citizen(server, "e2e-cid")
    ui.phone_in_large_text()
    sign_in(ui, email, PASSWORD)
    go(ui, "/f/citizen_id")
    ui.wait_id("citizen_id-apply")
    ui.pick("citizen_id-dong", "중마동")
    ui.click_id("citizen_id-declared")
    ui.shot("citizen_id_apply_large")
    assert not off_side_at(ui, 360), off_side_at(ui, 360)
    ui.click_id("citizen_id-apply")
    ui.wait_text_in("citizen_id-state", "신청이 접수되었습니다")

    card_id = newest_pending(server)
    ctx, officer = second_page(browser, server, artifacts)
    try:
        sign_in(officer, "officer@gwangyang.demo", DEMO_PASSWORD)
        go(officer, f"/f/citizen_id/desk/{card_id}")
        officer.wait_text_in("citizen_id-decision-name", "정시민")
        officer.click_id("citizen_id-approve")
        officer.wait_text_in("citizen_id-decision-done", "처리됨: GY-")
        officer.shot("citizen_id_officer_decision")
    finally:
        ctx.close()

    go(ui, "/")
    go(ui, "/f/citizen_id")
    ui.wait_text_in("citizen_id-number", "시민증 번호 GY-")
    ui.shot("citizen_id_card_large")
    assert not off_side_at(ui, 360), off_side_at(ui, 360)
    token = scan_qr(ui)

    vctx, verifier = second_page(browser, server, artifacts)
    try:
        go(verifier, "/f/citizen_id/verify")
        verifier.wait_text_in("citizen_id-verify-synced", "기준")
        check(verifier, token, "유효")
        verifier.shot("citizen_id_verifier_valid")

        ui.page.bring_to_front()
        ui.click_id("citizen_id-revoke")
        ui.click_id("citizen_id-revoke-lost")
        ui.wait_text_in("citizen_id-state", "사용이 중지되었습니다")
        ui.shot("citizen_id_revoked_large")

        verifier.page.bring_to_front()
        verifier.click_id("citizen_id-verify-sync")
        verifier.wait_text_in("citizen_id-verify-synced", "기준")
        check(verifier, token, "취소됨")
        verifier.shot("citizen_id_verifier_revoked")
    finally:
        vctx.close()
