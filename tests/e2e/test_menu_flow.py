"""A citizen signs in, arranges 나의메뉴, and finds it kept; the 15th pin is refused."""

from __future__ import annotations

import uuid

import httpx

from myg_app import catalog

PASSWORD = "e2e-pass-1234"


def new_account(server: str, menu: list[str]) -> str:
    """A fresh citizen (so tests never share state) whose 나의메뉴 starts as `menu`."""
    email = f"e2e-{uuid.uuid4().hex[:10]}@example.com"
    with httpx.Client(base_url=server + "/api/v1") as c:
        r = c.post("/auth/register", json={"email": email, "password": PASSWORD, "name": "정시민"})
        r.raise_for_status()
        auth = {"Authorization": "Bearer " + r.json()["access_token"]}
        c.put("/me/menu", json={"items": menu}, headers=auth).raise_for_status()
    return email


def sign_in(ui, email: str) -> None:
    ui.click_id("home-login")
    ui.fill("login-email", email)
    ui.fill("login-password", PASSWORD)
    ui.click_id("login-submit")
    ui.wait_id("home-user")


def home_order(ui) -> list[str]:
    ui.wait_id("home-menu-heading")
    ui.settle()  # the account's menu can arrive just after the screen shows
    ids = ui.page.eval_on_selector_all(
        "[flt-semantics-identifier^='home-tile-']",
        "els => els.map(e => e.getAttribute('flt-semantics-identifier'))")
    return [i.removeprefix("home-tile-") for i in ids]


def test_pin_three_reorder_and_find_them_kept_after_reload(ui, server):
    email = new_account(server, [])
    sign_in(ui, email)
    ui.expect_text("home-menu-heading", "0/14")

    ui.click_id("home-edit")
    for fid in ("sos", "bus", "weather"):
        ui.click_id(f"edit-add-{fid}")
        ui.wait_id(f"edit-pinned-{fid}")
    ui.expect_text("edit-count", "3/14")
    ui.click_id("edit-up-weather")   # sos, weather, bus
    ui.expect_text("edit-status-notice", "위로")
    ui.click_id("edit-up-weather")   # weather, sos, bus
    ui.expect_text("edit-status-notice", "1번째")
    ui.shot("edit_menu_three_pinned")

    ui.page.go_back()
    ui.wait_id("home-menu-heading")
    assert home_order(ui) == ["weather", "sos", "bus"]

    ui.reload()  # a new session: the menu comes back from the account
    ui.wait_id("home-user")
    assert home_order(ui) == ["weather", "sos", "bus"]
    ui.expect_text("home-menu-heading", "3/14")


def test_fifteenth_pin_is_refused_with_a_message(ui, server):
    full = [f.id for f in catalog.FUNCTIONS[:catalog.MAX_PINS]]
    email = new_account(server, full)
    sign_in(ui, email)
    ui.expect_text("home-menu-heading", "14/14")
    ui.click_id("home-edit")
    extra = catalog.FUNCTIONS[catalog.MAX_PINS].id
    ui.click_id(f"edit-add-{extra}")
    ui.expect_text("edit-status-error", "최대 14개")
    ui.expect_text("edit-count", "14/14")
    ui.shot("edit_menu_fifteenth_refused")
    ui.resize(400, 2000)  # all 14 tiles on screen
    ui.page.go_back()
    ui.reload()
    assert home_order(ui) == full


def test_guest_pins_merge_into_the_account_at_sign_in(ui, server):
    email = new_account(server, ["chat"])
    ui.click_id("home-edit")
    ui.click_id("edit-add-hospital")
    ui.wait_id("edit-pinned-hospital")
    ui.page.go_back()
    sign_in(ui, email)
    ui.resize(400, 2000)
    # The account's pins first, then what this device had (the default set + hospital).
    assert home_order(ui) == ["chat"] + [f for f in catalog.DEFAULT_MENU if f != "chat"] + ["hospital"]
