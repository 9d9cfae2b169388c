"""재난 알림 in Chromium: 안전총괄과 sends a 위급재난 to 중마동; a citizen following 중마동 (a phone
in large text, 360×800) gets it over the whole screen without reloading, a citizen following
only 광양읍 gets nothing; the alert's page shows what to do and is shared."""

from __future__ import annotations

import time

import httpx

from tests.e2e.accounts import DEMO_PASSWORD, PASSWORD, new_citizen, sign_in
from tests.e2e.flet_page import FletPage
from tests.e2e.tour import go
from tests.e2e.tour import off_side as off_side_at


def _token(server: str, email: str, password: str = PASSWORD) -> dict[str, str]:
    r = httpx.post(server + "/api/v1/auth/login", json={"email": email, "password": password})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _follow(server: str, email: str, dongs: list[str]) -> None:
    httpx.put(server + "/api/v1/me/alert-settings", headers=_token(server, email),
              json={"dongs": dongs}).raise_for_status()


def test_emergency_for_jungma_takes_the_followers_screen_only(ui, browser, server, artifacts):
    jungma, gwangyang = new_citizen(server, "e2e-jungma"), new_citizen(server, "e2e-eup")
    _follow(server, jungma, ["jungma"])
    _follow(server, gwangyang, ["gwangyang"])

    ui.phone_in_large_text()
    sign_in(ui, jungma)
    ctx = browser.new_context(viewport={"width": 400, "height": 860}, locale="ko-KR")
    other = FletPage(ctx.new_page(), server, artifacts / "screenshots")
    try:
        other.open("/")
        sign_in(other, gwangyang)
        time.sleep(1.0)  # both apps have re-opened their alert line with the account's settings

        officer = _token(server, "safety@gwangyang.demo", DEMO_PASSWORD)
        sent = httpx.post(server + "/api/v1/alerts", headers=officer, json={
            "level": "위급재난", "kind": "지진해일", "dongs": ["jungma"],
            "text": "중마동 해안 지진해일 경보. 즉시 높은 곳으로 대피하세요."})
        sent.raise_for_status()
        t0 = time.monotonic()
        ui.wait_id("alerts-ack", timeout=10_000)
        arrived = time.monotonic() - t0
        print(f"위급재난 on screen {arrived * 1000:.0f} ms after the officer's send returned")
        ui.shot("alerts_emergency_large")
        assert not off_side_at(ui, 360), off_side_at(ui, 360)
        assert ui.has_text("지진해일")
        # The citizen of 광양읍 sees nothing.
        other.settle(quiet=300)
        assert other.by_id("alerts-ack").count() == 0

        ui.click_id("alerts-ack")
        ui.page.wait_for_selector("[flt-semantics-identifier='alerts-ack']", state="detached",
                                  timeout=10_000)
        go(ui, f"/f/alerts/{sent.json()['id']}")
        ui.wait_id("alerts-share")
        ui.shot("alerts_detail_large")
        assert not off_side_at(ui, 360), off_side_at(ui, 360)
        ui.click_id("alerts-share")
        # The bar saying so is announced (a live region), not a semantics node.
        ui.wait_js("""() => Array.from(document.querySelectorAll('*')).some(e =>
                        e.childElementCount === 0 && (e.textContent || '').includes('링크를 복사'))""")
        ui.shot("alerts_shared_large")
        # The shared link (the alert's route on the public address) opens it in a browser.
        other.open(f"/f/alerts/{sent.json()['id']}")
        other.wait_text_in("alerts-detail-text", "지진해일 경보", prefix=False)
    finally:
        ctx.close()
