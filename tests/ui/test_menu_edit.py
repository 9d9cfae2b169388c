"""나의메뉴 editing in a headless session: buttons only, stored on the device for a guest."""

import json

from myg_app import catalog
from myg_app.client.state import K_GUEST_MENU
from tests.ui.headless import said


async def test_move_up_and_down_reorders_and_saves_on_the_device(open_app):
    ui = await open_app()
    await ui.go("/menu/edit")
    assert ui.app.state.menu[:2] == ["chat", "report"]
    await ui.tap("edit-up-report")
    await ui.settle(lambda: ui.find("edit-status-notice"))
    assert ui.app.state.menu[:2] == ["report", "chat"]
    assert json.loads(ui.client.prefs[K_GUEST_MENU])[:2] == ["report", "chat"]
    assert ui.idents("edit-pinned-")[:2] == ["edit-pinned-report", "edit-pinned-chat"]
    await ui.tap("edit-down-report")
    await ui.settle(lambda: ui.app.state.menu[0] == "chat")
    assert ui.app.state.menu[:2] == ["chat", "report"]


async def test_first_and_last_pins_cannot_move_further(open_app):
    ui = await open_app()
    await ui.go("/menu/edit")
    first, last = ui.app.state.menu[0], ui.app.state.menu[-1]
    assert ui.find(f"edit-up-{first}").disabled
    assert ui.find(f"edit-down-{last}").disabled
    assert not ui.find(f"edit-down-{first}").disabled


async def test_pin_and_unpin_update_the_count(open_app):
    ui = await open_app()
    await ui.go("/menu/edit")
    assert ui.find("edit-count").content.value == f"{len(catalog.DEFAULT_MENU)}/14"
    await ui.tap("edit-add-bus")
    await ui.settle(lambda: "bus" in ui.app.state.menu and ui.find("edit-pinned-bus"))
    assert ui.find("edit-count").content.value == f"{len(catalog.DEFAULT_MENU) + 1}/14"
    await ui.tap("edit-remove-bus")
    await ui.settle(lambda: "bus" not in ui.app.state.menu)
    assert ui.find("edit-add-bus") is not None


async def test_fifteenth_pin_is_refused_with_a_korean_message(open_app):
    full = [f.id for f in catalog.FUNCTIONS[:14]]
    ui = await open_app(prefs={K_GUEST_MENU: json.dumps(full)})
    await ui.go("/menu/edit")
    assert ui.find("edit-count").content.value == "14/14"
    extra = catalog.FUNCTIONS[14].id
    await ui.tap(f"edit-add-{extra}")
    msg = said(ui.find("edit-status-error").content.controls[1])
    assert "최대 14개" in msg
    assert ui.app.state.menu == full
    assert json.loads(ui.client.prefs[K_GUEST_MENU]) == full


async def test_home_grid_follows_the_edited_menu(open_app):
    ui = await open_app(prefs={K_GUEST_MENU: json.dumps(["weather", "bus"])})
    assert ui.idents("home-tile-") == ["home-tile-weather", "home-tile-bus"]
    assert "2/14" in ui.find("home-menu-heading").content.value


async def test_each_add_button_names_its_function(open_app):
    ui = await open_app()
    await ui.go("/menu/edit")
    adds = ui.idents("edit-add-")
    assert adds
    for ident in adds:
        fn = catalog.BY_ID[ident.removeprefix("edit-add-")]
        assert ui.find(ident).label == f"{fn.name_ko} 추가"
