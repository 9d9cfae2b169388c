"""The real main(page) in a headless Flet session against the real API (in-process)."""

import flet as ft
import httpx

from myg_app import catalog
from myg_app.client.app import make_main
from myg_app.client.state import K_LARGE, K_REFRESH
from myg_app.client.widgets.common import WORD_JOINER
from tests.ui import headless
from tests.ui.conftest import DEMO_PASSWORD, Ui
from tests.ui.headless import said


async def test_home_shows_guest_state_and_default_menu(open_app):
    ui = await open_app()
    assert ui.page.title == "MY광양"
    assert ui.find("home-guest") is not None and ui.find("home-login") is not None
    assert ui.idents("home-tile-") == [f"home-tile-{i}" for i in catalog.DEFAULT_MENU]
    # A web session (as here): the engine brings the Korean font (assets/assets/FontManifest.json,
    # tests/unit/test_web_assets.py); desktop and mobile load fonts/NanumGothic.ttf.
    assert not ui.page.fonts
    assert ui.page.locale_configuration.current_locale.language_code == "ko"
    # No dead end on a first start: every default tile opens a working screen.
    assert all(catalog.BY_ID[i].status == "available" for i in catalog.DEFAULT_MENU)
    assert all("준비 중" not in ui.find(f"home-tile-{i}").label for i in catalog.DEFAULT_MENU)


def pretend_planned(ui, fid: str = "market") -> str:
    """Every function is built now; the next one a city adds is planned until it lands. The
    준비 중 page is tested on a function the server is made to call planned."""
    ui.app.state.status[fid] = "planned"
    return f"/f/{fid}"


async def test_planned_page_is_korean_only(open_app):
    ui = await open_app()
    await ui.go(pretend_planned(ui))
    shown = [c.value for c in ui.session.index.values() if isinstance(c, ft.Text)
             and isinstance(c.value, str)]
    assert ui.find("planned-heading") is not None
    english = {f.name_en for f in catalog.FUNCTIONS}
    assert not english & set(shown), english & set(shown)


async def test_menu_search_finds_tasks_and_points_to_the_phone_book(open_app):
    ui = await open_app()
    await ui.go("/menu")
    await ui.type("menu-search", "예약")
    found = {i.removeprefix("menu-tile-") for i in ui.idents("menu-tile-")}
    assert {"facility", "sports", "course", "legal"} <= found
    await ui.type("menu-search", "여권")
    assert ui.idents("menu-tile-") == ["menu-tile-dept_call"]
    await ui.type("menu-search", "개명 신청")
    assert ui.find("menu-no-results") is not None
    await ui.tap("menu-dept-call")
    await ui.settle(lambda: ui.page.route == "/f/dept_call")
    assert ui.find("dir-search").content.value == "개명 신청"


async def test_account_has_its_own_place_in_the_top_bar(open_app):
    ui = await open_app()
    await ui.tap("appbar-account")
    await ui.settle(lambda: ui.page.route == "/account")
    assert ui.find("account-login") is not None
    await ui.go("/login")
    await ui.type("login-email", "citizen@gwangyang.demo")
    await ui.type("login-password", DEMO_PASSWORD)
    await ui.tap("login-submit")
    await ui.settle(lambda: ui.app.signed_in and ui.page.route == "/")
    assert "김광양" in ui.find("appbar-account").label
    await ui.tap("appbar-account")
    await ui.settle(lambda: ui.page.route == "/account")
    for ident in ("account-profile", "account-logout", "account-withdraw"):
        assert ui.find(ident) is not None, ident
    await ui.tap("account-logout")
    await ui.settle(lambda: not ui.app.signed_in and ui.page.route == "/")
    assert ui.find("home-login") is not None


async def test_settings_rows_put_the_label_first_and_toggle_as_a_whole(open_app):
    ui = await open_app()
    await ui.go("/settings")
    node = ui.find("settings-large-text")
    assert node.label == "큰 글씨 모드" and node.toggled is False  # one named switch node
    row = node.content
    label, square = row.content.controls
    # The label first (left), its words kept whole when it wraps...
    assert label.controls[0].value.replace(WORD_JOINER, "") == "큰 글씨 모드"
    assert isinstance(square.content, ft.Switch)  # ...the switch on the right
    assert square.height >= 48 and row.on_click is not None  # the whole row toggles
    for k in ("system", "light", "dark"):
        assert ui.find(f"settings-theme-{k}").content.height >= 48
    await ui.tap("settings-theme-dark")
    await ui.settle(lambda: ui.app.state.theme == "dark")
    assert ui.find("settings-theme").content.value == "dark"
    assert ui.find("settings-theme-dark").checked and not ui.find("settings-theme-light").checked


async def test_password_eye_has_a_korean_name(open_app):
    ui = await open_app()
    await ui.go("/login")
    eye = ui.find("login-password-reveal")
    assert eye.label == "비밀번호 보기" and ui.find("login-password").content.password
    await ui.tap("login-password-reveal")
    assert ui.find("login-password").content.password is False
    assert ui.find("login-password-reveal").label == "비밀번호 숨기기"


async def test_every_function_route_opens_its_screen(open_app):
    ui = await open_app()
    for fn in catalog.FUNCTIONS:
        await ui.go(fn.route)
        assert ui.page.views[-1].route == fn.route
        assert ui.find(f"function-{fn.id}-title").content.semantics_label == fn.name_ko
        if fn.status == "planned":  # built functions open their own screen instead
            assert ui.find("planned-heading") is not None, fn.id
            assert catalog.CITY_HELP_PHONE in ui.find("planned-phone").content.value


async def test_planned_screen_calls_the_city_help_line(open_app):
    ui = await open_app()
    await ui.go(pretend_planned(ui))
    await ui.tap("planned-call")
    assert ui.client.launched == ["tel:0617974766"]


async def test_unknown_route_shows_not_found(open_app):
    ui = await open_app(route="/f/no_such_thing")
    assert ui.find("notfound-heading") is not None


async def test_login_with_demo_account_loads_the_account_menu(open_app):
    ui = await open_app()
    await ui.go("/login")
    await ui.type("login-email", "citizen@gwangyang.demo")
    await ui.type("login-password", DEMO_PASSWORD)
    # Web build: the sign-in outlives the browser session only when asked (issue 3).
    keep = ui.find("login-keep").content
    ui.session.apply_patch(keep._i, {"value": True})
    await ui.session.dispatch_event(keep._i, "change", None)
    await ui.tap("login-submit")
    await ui.settle(lambda: ui.find("home-user"))
    assert "김광양" in said(ui.find("home-user").content)
    assert ui.client.prefs.get(K_REFRESH)  # stays signed in on this device


async def test_wrong_password_shows_korean_message_and_keeps_the_form(open_app):
    ui = await open_app()
    await ui.go("/login")
    await ui.type("login-email", "citizen@gwangyang.demo")
    await ui.type("login-password", "wrong-password-1")
    await ui.tap("login-submit")
    await ui.settle(lambda: ui.find("login-status-error"))
    msg = said(ui.find("login-status-error").content.controls[1])
    assert msg == "이메일 또는 비밀번호가 올바르지 않습니다."
    assert ui.find("login-email").content.value == "citizen@gwangyang.demo"
    assert ui.page.route == "/login"


async def test_register_shows_field_errors_from_the_server(open_app):
    ui = await open_app()
    await ui.go("/register")
    await ui.type("register-name", "홍길동")
    await ui.type("register-email", "not-an-email")
    await ui.type("register-password", "abc")
    await ui.type("register-confirm", "abc")
    await ui.tap("register-submit")
    await ui.settle(lambda: ui.find("register-status-error"))
    assert "형식" in (ui.find("register-email").content.error or "")
    assert "8자" in (ui.find("register-password").content.error or "")


async def test_register_mismatched_confirmation_is_caught_before_sending(open_app):
    ui = await open_app()
    await ui.go("/register")
    await ui.type("register-password", "abcd1234")
    await ui.type("register-confirm", "abcd12345")
    await ui.tap("register-submit")
    assert "다릅니다" in ui.find("register-confirm").content.error


async def test_large_text_switch_scales_text_and_persists(open_app):
    ui = await open_app()
    await ui.go("/settings")
    normal = ui.page.theme.text_theme.body_large.size
    await ui.tap("settings-large-text")  # the whole row toggles the switch
    await ui.settle(lambda: ui.client.prefs.get(K_LARGE) is True)
    assert ui.page.theme.text_theme.body_large.size == 1.5 * normal
    again = await open_app(prefs=dict(ui.client.prefs))
    assert again.app.state.large_text is True
    assert again.page.theme.text_theme.body_large.size == 1.5 * normal


async def test_backend_down_shows_error_with_retry_and_keeps_the_menu():
    def down(request):
        raise httpx.ConnectError("refused", request=request)

    main = make_main("http://testserver", transport=httpx.MockTransport(down))
    client, session = await headless.start_session(main)
    ui = Ui(client, session)
    await ui.settle(lambda: not ui.app.loading)
    err = said(ui.find("home-status-error").content.controls[1])
    assert "연결할 수 없습니다" in err
    assert ui.find("home-status-retry") is not None
    assert ui.idents("home-tile-")  # the device's menu still works offline


async def test_every_tagged_control_has_a_unique_identifier(open_app):
    ui = await open_app()
    for route in ("/", "/menu", "/menu/edit", "/settings", "/login", "/register"):
        await ui.go(route)
        ids = ui.idents("")
        ids = [i for i in ids if i]
        assert len(ids) == len(set(ids)), route
        # Icon-only controls carry a spoken name.
        for c in ui.session.index.values():
            if isinstance(c, ft.Semantics) and c.button and isinstance(c.content, ft.IconButton):
                assert c.label, c.identifier
