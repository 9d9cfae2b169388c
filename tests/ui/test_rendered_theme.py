"""What the screens draw, in the light and the dark theme, normal and large text (issue "The app
a 70-year-old can use" §1, §4, §5, §8): every text at least 4.5:1 against the background it
sits on, sizes that grow with large text, Korean words kept whole, planned tiles distinct."""

from __future__ import annotations

import re

import flet as ft
import pytest

from myg_app import catalog
from myg_app.client.state import K_LARGE
from myg_app.client.widgets.common import WORD_JOINER
from tests.ui.conftest import DEMO_PASSWORD
from tests.ui.headless import button_style_of
from tests.ui.rendered_colours import drawn_texts

# Home (guest and signed in), the full menu, settings, sign-in, SOS (its consent line), a
# planned function and a built one: the main screens of the issue.
GUEST_ROUTES = ("/", "/menu", "/settings", "/login", "/f/sos", "/f/market", "/f/report")
USER_ROUTES = ("/", "/f/sos", "/notices")


async def sign_in(ui) -> None:
    await ui.go("/login")
    await ui.type("login-email", "citizen@gwangyang.demo")
    await ui.type("login-password", DEMO_PASSWORD)
    await ui.tap("login-submit")
    await ui.settle(lambda: ui.find("home-user"))


async def measure(ui, routes) -> dict[str, list]:
    """route -> [(theme, Drawn)] for every text of the route's screen, in both themes."""
    found: dict[str, list] = {}
    for route in routes:
        if route != "/":
            await ui.go(route)
        else:
            ui.app.go("/")
            await ui.settle()
        view = ui.page.views[-1]
        for name, theme in (("light", ui.page.theme), ("dark", ui.page.dark_theme)):
            found.setdefault(route, []).extend((name, d) for d in drawn_texts(view, theme))
    return found


def too_low(found: dict[str, list]) -> list[str]:
    return [f"{route} {name}: {d.text[:30]!r} {d.fg} on {d.bg} = {d.ratio:.2f}:1 ({d.where})"
            for route, items in found.items() for name, d in items if d.ratio < 4.5]


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
async def test_every_drawn_text_has_4_5_contrast_in_light_and_dark(open_app, large):
    ui = await open_app(prefs={K_LARGE: True} if large else None, width=360)
    found = await measure(ui, GUEST_ROUTES)
    assert sum(len(v) for v in found.values()) > 50  # the walk really saw the screens
    await sign_in(ui)
    found |= {f"user {k}": v for k, v in (await measure(ui, USER_ROUTES)).items()}
    texts = {d.text for items in found.values() for _, d in items}
    assert any("안녕하세요" in t for t in texts) and any("동의합니다" in t for t in texts)
    assert too_low(found) == []


async def test_the_resolver_sees_a_text_style_without_colour_as_black_on_dark(open_app):
    """The bug the test guards against: a theme text style with no colour is drawn black."""
    from myg_app.client.theme import DARK, make_theme
    from tests.ui.rendered_colours import drawn_texts as walk

    bare = make_theme(False, dark=True)
    bare.text_theme = ft.TextTheme(body_medium=ft.TextStyle(size=16))
    view = ft.View(route="/", controls=[ft.Text("안녕하세요")])
    (d,) = walk(view, bare)
    assert d.fg == "#000000" and d.bg == DARK["surface"] and d.ratio < 1.2
    (d,) = walk(view, make_theme(False, dark=True))
    assert d.ratio >= 4.5


def _sizes(ui) -> dict[str, float]:
    idx = list(ui.session.index.values())
    tile_icons = [c.size for c in idx if isinstance(c, ft.Icon) and c.size]
    return {"icon": max(tile_icons)}


async def test_large_text_grows_icons_checkboxes_and_button_icons(open_app):
    normal = await open_app(width=360)
    large = await open_app(prefs={K_LARGE: True}, width=360)
    assert _sizes(large)["icon"] >= 1.4 * _sizes(normal)["icon"]
    n_theme, l_theme = normal.page.theme, large.page.theme
    assert l_theme.icon_theme.size >= 1.4 * n_theme.icon_theme.size
    assert (l_theme.filled_button_theme.style.icon_size
            >= 1.4 * n_theme.filled_button_theme.style.icon_size)
    # The 로그인 button's icon grows too (it used to keep Flutter's 18 px while the text grew).
    n_login, l_login = normal.find("home-login").content, large.find("home-login").content
    assert (button_style_of(l_login).icon_size
            >= 1.4 * button_style_of(n_login).icon_size >= 1.4 * 18 * 0.9)
    assert n_login.height is None and l_login.height is None  # a wrapping label grows it
    # The SOS consent checkbox (unlabelled: its sentence is a text beside it).
    for ui in (normal, large):
        await ui.go("/f/sos")
    assert normal.find("sos-consent").content.scale is None
    assert large.find("sos-consent").content.scale >= 1.4


async def test_tiles_keep_korean_words_whole_and_planned_tiles_look_different(open_app):
    ui = await open_app(width=360)
    ui.app.state.status["market"] = "planned"  # every function is built: pretend one is not
    await ui.go("/menu")
    names = [c.value for c in ui.session.index.values()
             if isinstance(c, ft.Text) and c.value and WORD_JOINER in c.value]
    for fn in catalog.FUNCTIONS:
        shown = [n for n in names if n.replace(WORD_JOINER, "") == fn.name_ko]
        assert shown, fn.name_ko
        for n in shown:  # no two Hangul letters of a word without a joiner between them
            assert not re.search("[가-힣][가-힣]", n), n
    tiles = {s.identifier: s.content for s in ui.session.index.values()
             if isinstance(s, ft.Semantics) and (s.identifier or "").startswith("menu-tile-")}
    if not tiles:  # the full menu may use another prefix: any tile will do
        tiles = {s.identifier: s.content for s in ui.session.index.values()
                 if isinstance(s, ft.Semantics) and s.button and isinstance(s.content, ft.Container)
                 and s.content.data in catalog.BY_ID}
    planned = [t for t in tiles.values() if ui.app.state.status[t.data] == "planned"]
    built = [t for t in tiles.values() if ui.app.state.status[t.data] != "planned"]
    assert planned and built
    assert all(t.bgcolor is None for t in planned) and all(t.bgcolor for t in built)
    assert all(t.border.top.color == ft.Colors.OUTLINE for t in planned)
