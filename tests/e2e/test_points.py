"""시정·청년참여 포인트 in Chromium: a citizen whose 앱 설치 인증 an 일자리경제과 officer
verified (and who got an adjustment) opens 포인트 on a phone in large text, sees the balance
and history, exchanges 1,000 points for a 광양사랑상품권 (code and QR on screen), and comes
back to a lower balance; nothing runs off the side of the phone."""

from __future__ import annotations

import httpx

from tests.e2e.accounts import DEMO_PASSWORD, new_citizen, sign_in
from tests.e2e.tour import go
from tests.e2e.tour import off_side as off_side_at


def _officer(server: str) -> dict[str, str]:
    r = httpx.post(server + "/api/v1/auth/login",
                   json={"email": "jobs@gwangyang.demo", "password": DEMO_PASSWORD})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_a_citizen_sees_the_balance_and_redeems_a_voucher_in_large_text(ui, server):
    email = new_citizen(server, "e2e-points")
    officer = _officer(server)
    httpx.post(server + "/api/v1/points/campaign", headers=officer,
               json={"email": email, "campaign": "app_install"}).raise_for_status()
    httpx.post(server + "/api/v1/points/adjust", headers=officer,
               json={"email": email, "delta": 1000, "reason": "행사 참여 적립"}).raise_for_status()

    ui.phone_in_large_text()
    sign_in(ui, email)
    go(ui, "/f/points")
    ui.wait_text_in("points-balance", "1,500P")
    ui.wait_text_in("points-history-", "앱 설치 인증", prefix=True)
    assert not off_side_at(ui, 360), off_side_at(ui, 360)
    ui.shot("points_large")

    ui.click_id("points-redeem-open")
    ui.wait_text_in("points-redeem-balance", "1,500P")
    ui.fill("points-voucher-amount", "1000")
    ui.click_id("points-voucher-submit")
    ui.wait_text_in("points-voucher-code", "GY-")
    ui.wait_id("points-voucher-qr")
    ui.wait_text_in("points-redeem-balance", "500P")
    assert not off_side_at(ui, 360), off_side_at(ui, 360)
    ui.shot("points_voucher_large")

    ui.click_id("appbar-back")
    ui.wait_text_in("points-balance", "500P")
    ui.wait_text_in("points-history-", "광양사랑상품권 교환", prefix=True)
