"""긴급복지 SOS in a headless session: a guest asks in a few taps; taps again without making a
second request; the welfare officer finds it at the top of the desk."""

import json

from myg_app.client.features.sos.views import K_GUEST, K_PHONE
from tests.ui.conftest import DEMO_PASSWORD
from tests.ui.headless import said, target_height


async def _check(ui, ident: str, value: bool = True) -> None:
    box = ui.find(ident).content
    ui.session.apply_patch(box._i, {"value": value})
    await ui.session.dispatch_event(box._i, "change", None)
    await ui.settle()


async def test_guest_sends_an_sos_once_and_sees_it_received(open_app):
    ui = await open_app()
    await ui.go("/f/sos")
    await ui.tap("sos-submit")
    assert "골라" in said(ui.find("sos-form-status-error").content.controls[1])
    await ui.tap("sos-kind-care")
    await ui.type("sos-phone", "010 5555 1234")
    await ui.type("sos-note", "혼자 계신 어머니를 돌볼 사람이 없어요")
    await ui.tap("sos-submit")  # no consent yet
    await ui.settle(lambda: ui.find("sos-form-status-error"))
    assert "동의" in said(ui.find("sos-form-status-error").content.controls[1])
    await _check(ui, "sos-consent")
    await ui.tap("sos-submit")
    await ui.settle(lambda: ui.find("sos-status-title"))
    assert "시청이 요청을 받았습니다" in ui.text("sos-status-title")
    assert ui.client.prefs[K_PHONE] == "010-5555-1234"
    first = json.loads(ui.client.prefs[K_GUEST])
    # Tapping again does not create a second request.
    await ui.tap("sos-kind-care")
    await ui.tap("sos-submit")
    await ui.settle(lambda: ui.find("sos-duplicate"))
    assert ui.find("sos-duplicate") is not None
    assert json.loads(ui.client.prefs[K_GUEST])["id"] == first["id"]

    # Coming back later, the device shows the request and prefills the number.
    again = await open_app(prefs=dict(ui.client.prefs))
    await again.go("/f/sos")
    await again.settle(lambda: again.find("sos-status-title"))
    assert again.find("sos-phone").content.value == "010-5555-1234"


async def test_welfare_officer_sees_the_request_and_logs_a_callback(open_app):
    guest = await open_app()
    await guest.go("/f/sos")
    await guest.tap("sos-kind-livelihood")
    await guest.type("sos-phone", "010-7777-8888")
    await _check(guest, "sos-consent")
    await guest.tap("sos-submit")
    await guest.settle(lambda: guest.find("sos-status-title"))
    rid = json.loads(guest.client.prefs[K_GUEST])["id"]

    ui = await open_app()
    await ui.go("/login")
    await ui.type("login-email", "welfare@gwangyang.demo")
    await ui.type("login-password", DEMO_PASSWORD)
    await ui.tap("login-submit")
    await ui.settle(lambda: ui.find("home-user"))
    await ui.go("/f/sos")
    await ui.tap("sos-desk-open")
    await ui.settle(lambda: ui.find(f"sos-desk-item-{rid}"))
    await ui.tap(f"sos-desk-open-{rid}")
    await ui.settle(lambda: ui.find("sos-detail-phone"))
    assert "010-7777-8888" in ui.text("sos-detail-phone")
    await ui.tap("sos-detail-call")
    assert ui.client.launched[-1] == "tel:01077778888"
    await ui.type("sos-detail-note", "통화함, 긴급생계 신청 안내")
    await ui.tap("sos-detail-save")
    await ui.settle(lambda: "연락 완료" in ui.text("sos-detail-state"))

    await guest.go("/")
    await guest.go("/f/sos")
    await guest.settle(lambda: guest.find("sos-callback-0"))
    assert "통화했습니다" in guest.text("sos-callback-0")


async def test_the_screen_is_urgent_calls_119_and_the_help_line(open_app):
    from myg_app import catalog

    ui = await open_app()
    await ui.go("/f/sos")
    assert "긴급" in ui.text("sos-urgent-title")
    assert ui.find("sos-urgent").content.bgcolor == "errorContainer"
    # Every call control is a real button with a name, as tall as a finger.
    for ident in ("sos-call-119", "sos-call-help"):
        b = ui.find(ident).content
        assert target_height(b) >= 48 and b.content
    await ui.tap("sos-call-119")
    assert ui.client.launched[-1] == "tel:119"
    assert catalog.CITY_HELP_PHONE in ui.text("sos-help-line")
    await ui.tap("sos-call-help")
    assert ui.client.launched[-1] == "tel:" + catalog.CITY_HELP_PHONE.replace("-", "")


async def test_a_signed_in_citizen_finds_the_phone_from_the_profile(open_app):
    ui = await open_app()
    await ui.go("/login")
    await ui.type("login-email", "citizen@gwangyang.demo")
    await ui.type("login-password", DEMO_PASSWORD)
    await ui.tap("login-submit")
    await ui.settle(lambda: ui.find("home-user"))
    from myg_app.contracts.profile import (
        PROFILE_CONSENT,
        ConsentDecisions,
        ProfileOut,
        ProfileUpdate,
    )

    await ui.app.api.call("PUT", "/me/consents", None,
                          json=ConsentDecisions(decisions={PROFILE_CONSENT: True}))
    await ui.app.api.call("PATCH", "/me/profile", ProfileOut, json=ProfileUpdate(phone="010-2468-1357"))
    await ui.go("/f/sos")
    await ui.settle(lambda: ui.find("sos-phone").content.value)
    assert ui.find("sos-phone").content.value == "010-2468-1357"
