"""버스 정보 in Chromium at 360×800 in large text, on the bundled sample (the test server has
no TAGO key): a citizen searches a stop, opens it (labelled 예시 자료), saves it as a favourite
and finds it on home with its next buses. Nothing may run off the side of the phone."""

from __future__ import annotations

from tests.e2e.accounts import PASSWORD, new_citizen, sign_in
from tests.e2e.tour import go
from tests.e2e.tour import off_side as off_side_at


def off_side(ui) -> list[dict]:
    return off_side_at(ui, 360)


def test_a_stop_searched_and_saved_as_a_favourite_in_large_text(ui, server):
    email = new_citizen(server, "e2e-bus")
    ui.phone_in_large_text()
    sign_in(ui, email, PASSWORD)
    go(ui, "/f/bus")
    ui.wait_id("bus-search")
    ui.fill("bus-search", "시청")
    ui.click_id("bus-search-go")
    ui.wait_id("bus-stop-GYB0006")
    ui.wait_id("bus-stops-source-notice")  # 예시 자료: said before the list
    ui.shot("bus_search_large")
    assert not off_side(ui), off_side(ui)
    ui.click_id("bus-stop-GYB0006")
    ui.wait_id("bus-arrivals-source")
    ui.wait_id("bus-arrivals-source-notice")
    ui.shot("bus_stop_large")
    assert not off_side(ui), off_side(ui)
    ui.reveal("bus-favourite")
    ui.click_id("bus-favourite")
    ui.wait_id("bus-fav-status-notice")
    go(ui, "/")
    ui.reveal("home-bus-GYB0006")
    ui.shot("bus_home_favourite_large")
    assert not off_side(ui), off_side(ui)
    ui.click_id("home-bus-GYB0006")
    ui.wait_id("bus-arrivals-source")


def test_a_route_page_fits_in_large_text(ui, server):
    ui.phone_in_large_text()
    go(ui, "/f/bus/r/GYB9000")
    ui.wait_id("bus-route-stop-1")
    ui.shot("bus_route_large")
    assert not off_side(ui), off_side(ui)
