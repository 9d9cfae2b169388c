"""Every one of the 27 functions opens from the full menu by its Korean name."""

from __future__ import annotations


from playwright.sync_api import TimeoutError as PlaywrightTimeout

from myg_app import catalog


def open_from_menu(ui, fn) -> None:
    """Tap the function's tile once the menu is at rest; tap again only if the tap fell into a
    re-render of the menu (the function screen never came and the tile is still there)."""
    for attempt in range(3):
        ui.settle()
        ui.button(fn.name_ko).first.click()
        try:
            ui.by_id(f"function-{fn.id}-title").wait_for(state="attached", timeout=15_000)
            break
        except PlaywrightTimeout:
            if attempt == 2 or not ui.button(fn.name_ko).count():
                raise
    ui.expect_text(f"function-{fn.id}-title", fn.name_ko)


def test_open_each_of_the_27_functions_by_name(ui):
    ui.resize(1000, 2400)  # the whole menu on one screen
    ui.click_id("home-all")
    ui.wait_id("menu-search")
    opened = []
    for fn in catalog.FUNCTIONS:
        open_from_menu(ui, fn)
        if fn.status == "planned":  # not built yet: an honest 준비 중 page
            ui.wait_id("planned-heading")
            ui.expect_text("planned-phone", catalog.CITY_HELP_PHONE)
        opened.append(fn.id)
        ui.settle()
        ui.click_id("appbar-back")  # 뒤로 가기
        # Wait until the function screen is gone, not just until the menu is attached:
        # during the pop transition both screens are in the tree.
        ui.by_id(f"function-{fn.id}-title").wait_for(state="detached", timeout=30_000)
        ui.wait_id("menu-search")
    assert len(opened) == 27


def test_search_finds_functions_by_korean_and_english_name(ui):
    ui.click_id("home-all")
    ui.fill("menu-search", "버스")
    ui.wait_id("menu-tile-bus")
    assert ui.by_id("menu-tile-chat").count() == 0
    ui.fill("menu-search", "legal")
    ui.wait_id("menu-tile-legal")
    ui.fill("menu-search", "없는기능")
    ui.wait_id("menu-no-results")
