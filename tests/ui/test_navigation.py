"""Navigation keeps what is open: back reuses the view it returns to (same control, typed text,
loaded data, no API call), a resize re-flows in place, and one login gate reads the catalog."""

from __future__ import annotations

import flet as ft
import httpx
import pytest

from myg_app import catalog
from myg_app.client.features.layout import MAX_WIDTH, PAD
from tests.ui.conftest import DEMO_PASSWORD


@pytest.fixture
def http(api_app):
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=api_app),
                             base_url="http://testserver/api/v1")


def count_api_calls(ui) -> list[str]:
    """Record every API call the app makes from now on (method and path)."""
    calls: list[str] = []
    api = ui.app.api
    send = api._send

    async def counting(method, path, **kw):
        calls.append(f"{method} {path}")
        return await send(method, path, **kw)

    api._send = counting
    return calls


async def back(ui) -> None:
    """The app bar's back button (Flutter pops the top view)."""
    await ui.app._view_pop(None)
    await ui.settle()


async def test_back_reuses_the_open_view_with_its_typed_text(open_app):
    ui = await open_app()
    await ui.go("/menu")
    menu_view = ui.page.views[-1]
    await ui.type("menu-search", "시설")
    assert ui.find("menu-tile-facility") is not None and ui.find("menu-tile-bus") is None
    await ui.tap("menu-tile-facility")
    await ui.settle(lambda: ui.page.route == "/f/facility")
    assert [v.route for v in ui.page.views] == ["/", "/menu", "/f/facility"]
    assert ui.page.views[1] is menu_view  # opened from the menu: the menu stays under it

    await back(ui)
    assert ui.page.route == "/menu"
    assert ui.page.views[-1] is menu_view  # the same control object, not a new build
    assert ui.find("menu-search").content.value == "시설"
    assert ui.find("menu-tile-bus") is None  # the filtered list too


async def test_back_makes_no_api_call(open_app, http):
    items = (await http.get("/reservations/resources", params={"kind": "facility"})).json()
    rid = items["items"][0]["id"]
    ui = await open_app()
    await ui.go("/f/facility")
    await ui.settle(lambda: ui.idents("rsv-resource-"))
    facility_view = ui.page.views[-1]
    await ui.go(f"/f/facility/r/{rid}")
    await ui.settle(lambda: ui.idents("rsv-day-"))  # its month has loaded
    assert ui.page.views[-2] is facility_view  # going deeper keeps the view under it

    calls = count_api_calls(ui)
    await back(ui)  # app bar back
    assert ui.page.route == "/f/facility"
    assert ui.page.views[-1] is facility_view
    assert ui.idents("rsv-resource-")  # still showing what it loaded
    assert calls == []

    await ui.go(f"/f/facility/r/{rid}")
    await ui.settle(lambda: ui.idents("rsv-day-"))
    calls.clear()
    ui.page.navigate("/f/facility")  # browser back: a route change without go()
    await ui.settle(lambda: ui.page.route == "/f/facility")
    await ui.settle()
    assert ui.page.views[-1] is facility_view
    assert calls == []

    ui.page.navigate("/")
    await ui.settle(lambda: ui.page.route == "/")
    assert len(ui.page.views) == 1 and calls == []
    assert "/f/facility" not in ui.app._views  # views that left the stack leave the cache


async def test_go_opens_a_route_as_new_even_when_it_is_open_below(open_app, http):
    items = (await http.get("/reservations/resources", params={"kind": "facility"})).json()
    ui = await open_app()
    await ui.go("/f/facility")
    await ui.settle(lambda: ui.idents("rsv-resource-"))
    first = ui.page.views[-1]
    await ui.go(f"/f/facility/r/{items['items'][0]['id']}")
    await ui.go("/f/facility")  # a link to it (say, from a notice): built with fresh data
    await ui.settle(lambda: ui.idents("rsv-resource-"))
    assert ui.page.views[-1] is not first


async def test_resize_does_not_rebuild_the_views(open_app):
    ui = await open_app(width=400)
    await ui.go("/menu")
    views = list(ui.page.views)
    ui.session.apply_page_patch({"width": 1000})
    ui.app._resized(None)
    await ui.settle()
    assert all(a is b for a, b in zip(ui.page.views, views, strict=True))
    # ...but the home grid re-flowed to more columns in place.
    frame = views[0].controls[0]  # the content column, centred at its maximum width now
    assert frame.width == MAX_WIDTH
    assert views[0].horizontal_alignment == ft.CrossAxisAlignment.CENTER
    grid = frame.content.controls[4].content  # status, guest note, login, head
    # The columns fit the capped content width, not the whole 1000 px page.
    assert len(grid.controls[0].controls) == ui.app.m.columns(MAX_WIDTH + 2 * PAD)
    ui.session.apply_page_patch({"width": 360})
    ui.app._resized(None)
    assert frame.width is None and views[0].horizontal_alignment == ft.CrossAxisAlignment.START


async def test_back_button_is_korean_and_a_full_target(open_app):
    ui = await open_app()
    await ui.go("/menu")
    bar = ui.page.views[-1].appbar
    assert bar.automatically_imply_leading is False  # no Flutter "Back" button
    assert bar.leading.identifier == "appbar-back" and bar.leading.label == "뒤로 가기"
    assert bar.leading.content.size_constraints.min_height >= 48
    assert ui.page.views[0].appbar.leading is None  # home has nothing to go back to
    await ui.tap("appbar-back")
    await ui.settle(lambda: ui.page.route == "/")
    assert [v.route for v in ui.page.views] == ["/"]


async def test_login_gate_sends_a_guest_to_login_and_back_after(open_app):
    assert catalog.BY_ID["facility"].login_required
    ui = await open_app()
    await ui.go("/f/facility/mine")
    assert ui.page.views[-1].route == "/login"
    assert ui.find("login-email") is not None
    assert ui.find("rsv-mine-title") is None

    await ui.type("login-email", "citizen@gwangyang.demo")
    await ui.type("login-password", DEMO_PASSWORD)
    await ui.tap("login-submit")
    await ui.settle(lambda: ui.page.route == "/f/facility/mine")
    await ui.settle(lambda: ui.find("rsv-mine-title"))
    assert ui.page.views[-1].route == "/f/facility/mine"


async def test_login_gate_leaves_guest_previews_and_free_functions_open(open_app):
    ui = await open_app()
    await ui.go("/f/facility")  # a login-required function's own screen: a preview
    assert ui.page.views[-1].route == "/f/facility"
    assert not catalog.BY_ID["sos"].login_required
    await ui.go("/f/sos")
    assert ui.page.views[-1].route == "/f/sos"
