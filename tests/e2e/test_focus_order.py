"""Focus follows reading order (issue 17, 음성 안내).

- A screen reader walks the semantics tree in its order: every control a person can act on
  comes top to bottom, and left to right within a row, as the screen shows them.
- Tab (a keyboard, a switch device) moves through the controls Flutter can focus (buttons,
  fields) in the same order, and comes back round to the top after the last.
"""
from __future__ import annotations

import pytest

FOCUSED = """() => { const e = document.activeElement;
  if (!e || e === document.body) return null;
  const n = e.closest('[flt-semantics-identifier]') || e;
  const r = e.getBoundingClientRect();
  return {id: n.getAttribute('flt-semantics-identifier') || e.getAttribute('aria-label') || '',
          x: r.x, y: r.y, w: r.width, h: r.height}; }"""

# The nodes a person acts on, in the order a screen reader reaches them (document order).
ACTIONABLE = """() => Array.from(document.querySelectorAll(
    'flt-semantics[tabindex], [role=button], [role=checkbox], [role=switch], input, textarea'
  )).map(e => {
  const n = e.closest('[flt-semantics-identifier]') || e; const r = e.getBoundingClientRect();
  return {id: n.getAttribute('flt-semantics-identifier') || e.getAttribute('aria-label') || '',
          x: r.x, y: r.y, w: r.width, h: r.height}; }).filter(b => b.w > 0 && b.h > 0)"""

ROUTES = [("/", "home-tile-chat"), ("/settings", "settings-language-ko"), ("/login", "login-email"),
          ("/menu", "menu-search")]


def out_of_order(stops: list[dict]) -> list[tuple[dict, dict]]:
    """Pairs where the next stop is above the previous one's row, or left of it on the same
    row (rows: boxes whose vertical middles are within half a box of each other)."""
    bad = []
    for a, b in zip(stops, stops[1:]):
        same_row = abs((a["y"] + a["h"] / 2) - (b["y"] + b["h"] / 2)) < min(a["h"], b["h"]) / 2
        if (same_row and b["x"] < a["x"] - 1) or (not same_row and b["y"] + b["h"] / 2 < a["y"]):
            bad.append((a, b))
    return bad


def on_screen(boxes: list[dict], height: int = 800) -> list[dict]:
    out: list[dict] = []
    for b in boxes:  # one entry per control (a button's node and its inner element)
        if 0 <= b["y"] and b["y"] + b["h"] <= height and (not out or b["id"] != out[-1]["id"]
                                                          or not b["id"]):
            out.append(b)
    return out


def tab_stops(ui, presses: int = 16) -> list[dict]:
    seen: list[dict] = []
    for _ in range(presses):
        ui.page.keyboard.press("Tab")
        ui.page.wait_for_timeout(120)
        at = ui.page.evaluate(FOCUSED)
        if at and at["id"] and any(at["id"] == s["id"] for s in seen[:-1]):
            break  # past the last control, focus came round to the top
        if at and at["w"] > 0 and (not seen or at != seen[-1]):
            seen.append(at)
    return seen


@pytest.mark.parametrize("route,first", ROUTES, ids=[r for r, _ in ROUTES])
def test_screen_reader_and_tab_order_are_reading_order(ui, route, first):
    ui.resize(360, 800)
    ui.open(route)
    ui.wait_id(first)
    # The app bar first, then the screen's content: compare the content's controls.
    nodes = [b for b in on_screen(ui.page.evaluate(ACTIONABLE)) if b["y"] >= 56]
    assert len(nodes) >= 3, nodes
    assert not out_of_order(nodes), ("screen reader order", out_of_order(nodes))
    seen = tab_stops(ui)
    stops = [s for s in on_screen(seen) if s["y"] >= 56]
    # 전체 메뉴: its tiles are Flutter focus stops the DOM does not show (see the tile test
    # below), so only the search field is seen below the bar.
    assert stops, seen
    assert not out_of_order(stops), ("Tab order", out_of_order(stops))


def test_function_tiles_are_tab_stops_and_enter_opens_them(ui):
    """The tiles are drawn by an InkWell, a Flutter focus stop: Tab reaches them after 편집, in
    reading order, and Enter opens the focused one. (The browser's focus stays on 편집 meanwhile:
    the tile's own semantics are merged into one button node, so the DOM cannot show it.)"""
    ui.resize(360, 800)
    ui.open("/")
    ui.wait_id("home-tile-chat")
    for _ in range(12):
        ui.page.keyboard.press("Tab")
        ui.page.wait_for_timeout(120)
        at = ui.page.evaluate(FOCUSED)
        if at and at["id"] == "home-edit":
            break
    else:
        raise AssertionError("Tab never reached 나의메뉴 편집")
    for _ in range(2):  # 1:1 민원상담, then 생활불편 신고
        ui.page.keyboard.press("Tab")
        ui.page.wait_for_timeout(120)
    ui.page.keyboard.press("Enter")
    ui.page.wait_for_url("**/f/report**", timeout=10_000)
