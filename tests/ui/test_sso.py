"""통합 로그인 사이트 and the account screens in a headless session against the real API."""
from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlsplit

import flet as ft

from myg_app.client.state import K_REFRESH
from tests.ui.conftest import DEMO_PASSWORD, Ui
from tests.ui.headless import said, target_height

SITE_NAMES = ["광양시 대표 홈페이지", "굿잡광양", "청년꿈터", "시립도서관", "광양스포츠센터",
              "육아종합지원센터"]


async def _check(ui: Ui, ident: str, value: bool = True) -> None:
    box = ui.find(ident).content
    ui.session.apply_patch(box._i, {"value": value})
    await ui.session.dispatch_event(box._i, "change", None)
    await ui.settle()


async def _sign_in(ui: Ui, email: str = "citizen@gwangyang.demo", password: str = DEMO_PASSWORD,
                   keep: bool = False) -> None:
    await ui.go("/login")
    await ui.type("login-email", email)
    await ui.type("login-password", password)
    if keep:
        await _check(ui, "login-keep")
    await ui.tap("login-submit")
    await ui.settle(lambda: ui.find("home-user"))
    assert ui.app.signed_in


async def test_sites_are_listed_and_open_signed_in_with_a_handoff_link(open_app):
    ui = await open_app()
    await _sign_in(ui)
    await ui.go("/f/sso_sites")
    await ui.settle(lambda: ui.find("sso-site-library"))
    assert [ui.find(f"sso-site-{i}").label.split(" 열기")[0]
            for i in ("gwangyang_home", "goodjob", "youth_dream", "library", "sports_center",
                      "childcare")] == SITE_NAMES
    await ui.tap("sso-site-library")
    await ui.settle(lambda: ui.client.launched)
    url = urlsplit(ui.client.launched[-1])
    assert url.path == "/oidc/handoff"
    assert parse_qs(url.query)["client_id"] == ["library"] and parse_qs(url.query)["token"]
    assert "시립도서관" in said(ui.find("sso-status-notice").content.controls[1])


async def test_guest_sees_the_sites_and_a_login_prompt(open_app):
    ui = await open_app()
    await ui.go("/f/sso_sites")
    await ui.settle(lambda: ui.find("sso-site-goodjob"))
    assert ui.find("sso-login") is not None and ui.find("sso-profile") is None
    await ui.tap("sso-site-goodjob")
    await ui.settle(lambda: ui.client.launched)
    assert ui.client.launched[-1].endswith("/goodjob/")  # the site itself, no handoff


async def test_web_sign_in_is_kept_only_when_asked(open_app):
    ui = await open_app()
    await _sign_in(ui)
    assert ui.client.prefs.get(K_REFRESH) is None  # this browser session only
    assert ui.app.api.tokens is not None
    kept = await open_app()
    await _sign_in(kept, keep=True)
    assert kept.client.prefs.get(K_REFRESH)
    await kept.app.logout()
    assert kept.client.prefs.get(K_REFRESH) is None


async def _register(ui: Ui, *, optional: bool) -> str:
    email = f"ui-{uuid.uuid4().hex[:8]}@example.com"
    await ui.go("/register")
    await ui.type("register-name", "박선택")
    await ui.type("register-email", email)
    await ui.type("register-password", "abcd1234")
    await ui.type("register-confirm", "abcd1234")
    if optional:
        await _check(ui, "register-consent-all")
    else:
        await _check(ui, "register-consent-terms")
        await _check(ui, "register-consent-privacy_required")
    await ui.tap("register-submit")
    await ui.settle(lambda: ui.find("home-user"))
    return email


async def test_sign_up_requires_the_required_consents(open_app):
    ui = await open_app()
    await ui.go("/register")
    await ui.type("register-name", "홍길동")
    await ui.type("register-email", f"ui-{uuid.uuid4().hex[:8]}@example.com")
    await ui.type("register-password", "abcd1234")
    await ui.type("register-confirm", "abcd1234")
    await ui.tap("register-submit")
    await ui.settle(lambda: ui.find("register-consent-error").content.visible)
    assert "필수 항목에 동의해 주세요" in ui.find("register-consent-error").content.value
    assert not ui.app.signed_in


async def test_profile_without_optional_consent_keeps_optional_fields_locked(open_app):
    ui = await open_app()
    await _register(ui, optional=False)
    await ui.go("/f/sso_sites/profile")
    await ui.settle(lambda: ui.find("profile-name").content.value)
    assert ui.find("profile-phone").content.disabled
    assert ui.find("profile-consent-note") is not None
    await ui.type("profile-name", "박바뀜")
    await ui.tap("profile-save")
    await ui.settle(lambda: ui.find("profile-status-notice"))
    assert ui.app.state.user.name == "박바뀜"


async def test_profile_saves_optional_items_and_shows_field_errors(open_app):
    ui = await open_app()
    await _register(ui, optional=True)
    await ui.go("/f/sso_sites/profile")
    await ui.settle(lambda: ui.find("profile-name").content.value)
    assert not ui.find("profile-phone").content.disabled
    await ui.type("profile-phone", "12345")
    await ui.tap("profile-save")
    await ui.settle(lambda: ui.find("profile-phone").content.error)
    assert "휴대전화 번호 형식" in ui.find("profile-phone").content.error
    await ui.type("profile-phone", "010-3333-4444")
    await ui.type("profile-birth", "1990-01-02")
    await ui.tap("profile-save")
    await ui.settle(lambda: ui.find("profile-status-notice"))
    assert ui.find("profile-phone").content.value == "010-3333-4444"


async def test_sessions_screen_lists_this_device_and_signs_out_everywhere(open_app):
    ui = await open_app()
    await _register(ui, optional=False)
    await ui.go("/f/sso_sites/sessions")
    await ui.settle(lambda: ui.find("sessions-device-0-name"))
    assert ui.text("sessions-device-0-name") == "웹 브라우저 (이 기기)"
    assert ui.find("sessions-no-partner") is not None
    await ui.tap("sessions-end-all")
    await ui.settle(lambda: not ui.app.signed_in)
    assert ui.page.route == "/"


async def test_withdrawal_needs_the_check_and_the_password_then_signs_out(open_app):
    ui = await open_app()
    email = await _register(ui, optional=False)
    await ui.go("/f/sso_sites/withdraw")
    await ui.type("withdraw-password", "abcd1234")
    await ui.tap("withdraw-submit")
    assert "체크" in said(ui.find("withdraw-status-error").content.controls[1])
    await _check(ui, "withdraw-agree")
    await ui.tap("withdraw-submit")
    await ui.settle(lambda: not ui.app.signed_in)
    # The account is gone: signing in with it fails.
    again = await open_app()
    await again.go("/login")
    await again.type("login-email", email)
    await again.type("login-password", "abcd1234")
    await again.tap("login-submit")
    await again.settle(lambda: again.find("login-status-error"))
    assert not again.app.signed_in


async def test_large_text_sso_screen_keeps_targets_large(open_app):
    ui = await open_app(prefs={"myg.large_text": True}, width=360)
    await _sign_in(ui)
    await ui.go("/f/sso_sites")
    await ui.settle(lambda: ui.find("sso-site-library"))
    assert target_height(ui.find("sso-profile").content) >= 56
    assert isinstance(ui.find("sso-site-library").content, ft.Container)


async def test_password_reset_from_the_login_screen_never_says_whether_the_account_exists(open_app):
    ui = await open_app()
    await ui.go("/login")
    await ui.tap("login-reset")
    assert "이메일 주소를 위에 입력" in said(ui.find("login-status-error").content.controls[1])
    await ui.type("login-email", "nobody-here@example.com")
    await ui.tap("login-reset")
    await ui.settle(lambda: ui.find("login-status-notice"))
    assert "가입된 계정이 있다면" in said(ui.find("login-status-notice").content.controls[1])
