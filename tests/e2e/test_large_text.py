"""Large-text mode: switched on in 설정, kept after reload, bigger and never clipped at 360x800.

Also writes the screenshots of home, full menu and settings in both modes (artifacts/)."""

from __future__ import annotations

import time


def tile_boxes(ui, prefix: str) -> list[dict]:
    return ui.page.eval_on_selector_all(
        f"[flt-semantics-identifier^='{prefix}']",
        """els => els.map(e => { const r = e.getBoundingClientRect();
              return {id: e.getAttribute('flt-semantics-identifier'),
                      x: r.x, y: r.y, w: r.width, h: r.height}; })""")


def assert_fits(ui, boxes: list[dict], width: int) -> None:
    for b in boxes:
        assert b["x"] >= 0 and b["x"] + b["w"] <= width + 0.5, f"{b['id']} runs off screen: {b}"


def test_large_text_mode_turns_on_persists_and_fits_360(ui):
    ui.resize(360, 800)
    ui.wait_id("home-tile-chat")
    normal = {b["id"]: b for b in tile_boxes(ui, "home-tile-")}
    normal_cols = len({round(b["x"]) for b in normal.values()})
    ui.shot("home_normal")
    ui.click_id("home-all")
    ui.wait_id("menu-search")
    ui.shot("menu_normal")
    ui.page.go_back()
    ui.click_id("appbar-settings")
    ui.wait_id("settings-large-text")
    ui.shot("settings_normal")

    ui.click_id("settings-large-text")
    ui.wait_js("localStorage.getItem('flutter.myg.large_text') === 'true'")
    ui.shot("settings_large")

    ui.open("/")  # a fresh page load: the setting comes back from the device
    ui.wait_id("home-tile-chat")
    large = {b["id"]: b for b in tile_boxes(ui, "home-tile-")}
    large_cols = len({round(b["x"]) for b in large.values()})
    assert large_cols < normal_cols, (large_cols, normal_cols)
    chat_n, chat_l = normal["home-tile-chat"], large["home-tile-chat"]
    assert chat_l["h"] >= 1.3 * chat_n["h"] and chat_l["h"] >= 56
    assert_fits(ui, list(large.values()), 360)
    ui.shot("home_large")

    ui.click_id("home-all")
    ui.wait_id("menu-search")
    assert_fits(ui, tile_boxes(ui, "menu-tile-"), 360)
    ui.shot("menu_large")
    ui.page.go_back()
    ui.click_id("appbar-settings")
    ui.wait_id("settings-large-text")
    ui.shot("settings_large_after_reload")


def test_targets_are_at_least_48_in_normal_mode(ui):
    ui.resize(360, 800)
    ui.wait_id("home-tile-chat")
    wanted = ("home-login", "home-edit", "appbar-all", "appbar-settings")

    def laid_out():
        # Nodes of a screen being replaced can linger with zero size: measure the laid-out ones.
        return [b for b in tile_boxes(ui, "home-") + tile_boxes(ui, "appbar-")
                if (b["id"] in wanted or b["id"].startswith("home-tile-")) and b["w"] > 0]

    # The resize re-renders home (fewer columns); wait until the new screen is laid out.
    deadline = time.monotonic() + 15
    small = laid_out()
    while not {b["id"] for b in small} >= set(wanted) and time.monotonic() < deadline:
        ui.settle()
        small = laid_out()
    assert {b["id"] for b in small} >= set(wanted)
    for b in small:
        if b["y"] + b["h"] <= 800:  # fully on screen
            assert b["w"] >= 47.5 and b["h"] >= 47.5, b
