"""날씨 in Chromium: a citizen of 옥룡면 on a phone in large text opens 날씨 and gets the weather
of their own 읍면동, labelled as the sample it is on a server without a 기상청 key, with 24
hours and 3 days; nothing runs off the side of the phone."""

from __future__ import annotations

import uuid

import httpx

from tests.e2e.accounts import PASSWORD, sign_in
from tests.e2e.tour import go
from tests.e2e.tour import off_side as off_side_at


def citizen_of(server: str, dong: str) -> str:
    """A new citizen who agreed to the optional items (맞춤 안내) and gave their 읍면동."""
    email = f"e2e-weather-{uuid.uuid4().hex[:8]}@example.com"
    with httpx.Client(base_url=server + "/api/v1") as http:
        tokens = http.post("/auth/register", json={
            "email": email, "password": PASSWORD, "name": "정시민",
            "consents": {"terms": True, "privacy_required": True,
                         "privacy_optional": True}}).raise_for_status().json()
        http.patch("/me/profile", json={"dong": dong}, headers={
            "Authorization": f"Bearer {tokens['access_token']}"}).raise_for_status()
    return email


def test_a_citizen_sees_the_weather_of_their_dong_in_large_text(ui, server):
    email = citizen_of(server, "옥룡면")
    ui.phone_in_large_text()
    sign_in(ui, email, PASSWORD)
    go(ui, "/f/weather")
    ui.wait_text_in("weather-summary", "옥룡면 지금 ")
    ui.wait_text_in("weather-source-notice", "예시 자료")
    ui.wait_id("weather-day-" + ui.page.evaluate(
        "() => new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10)"))
    ui.shot("weather_large")
    assert not off_side_at(ui, 360), off_side_at(ui, 360)
