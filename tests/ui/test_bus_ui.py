"""버스 정보 in a headless session, on the bundled sample (the test server has no TAGO key): a
guest finds a stop by name, sees it labelled 예시 자료 with its source line, opens a route and
is sent to 로그인 to save a favourite; without a device position the 읍면동 picker finds stops
near by; a citizen saves a stop, finds it on home with its next buses and opens it from there."""
from __future__ import annotations

import pytest

from tests.ui.conftest import finish_background_tasks, signed_in


@pytest.fixture(autouse=True)
async def _drain():
    yield
    await finish_background_tasks()


async def test_guest_searches_a_stop_and_opens_it(open_app):
    ui = await open_app()
    await ui.go("/f/bus")
    assert ui.find("function-bus-title") is not None
    await ui.type("bus-search", "시청")
    await ui.tap("bus-search-go")
    await ui.settle(lambda: ui.find("bus-stop-GYB0006"))
    assert "광양시청" in ui.find("bus-stop-GYB0006").label
    assert ui.find("bus-stops-source-notice") is not None  # 예시 자료, said above the list
    assert "예시 자료" in ui.find("bus-stops-source").label
    await ui.tap("bus-stop-GYB0006")
    await ui.settle(lambda: ui.find("bus-arrivals-source"))
    assert ui.page.route == "/f/bus/s/GYB0006"
    assert ui.text("bus-stop-name") == "광양시청"
    assert ui.find("bus-arrivals-source-notice") is not None
    arrivals = ui.idents("bus-arrival-")
    if arrivals:  # by day the sample timetable has buses; at night none
        assert "번 버스" in ui.find(arrivals[0]).label
        await ui.tap(arrivals[0])
        await ui.settle(lambda: ui.idents("bus-route-stop-"))
        assert ui.page.route.startswith("/f/bus/r/")
        # A route's screen sits above the search (it opens from a stop or a search), so
        # back leads there: open the stop again, as a person taps it in the list.
        await ui.go("/f/bus/s/GYB0006")
        await ui.settle(lambda: ui.find("bus-arrivals-source"))
    else:
        await ui.settle(lambda: ui.find("bus-stop-status-notice"))
    await ui.settle(lambda: ui.page.route == "/f/bus/s/GYB0006")
    await ui.tap("bus-favourite")
    await ui.settle(lambda: ui.page.route.startswith("/login"))


async def test_empty_search_asks_for_a_name(open_app):
    ui = await open_app()
    await ui.go("/f/bus")
    await ui.tap("bus-search-go")
    await ui.settle(lambda: ui.find("bus-status-notice"))
    assert not ui.idents("bus-stop-")


async def test_without_a_position_a_town_finds_stops_near_by(open_app):
    ui = await open_app()
    await ui.go("/f/bus")
    await ui.tap("bus-near")
    await ui.settle(lambda: ui.find("bus-status-notice"), timeout=20)
    await ui.select("bus-dong", "jungma")
    await ui.settle(lambda: ui.idents("bus-stop-"))
    assert "중마동" in ui.text("bus-results-title")
    assert "m" in ui.find(ui.idents("bus-stop-")[0]).label  # with its distance


async def test_a_route_lists_its_stops_in_order(open_app):
    ui = await open_app()
    await ui.go("/f/bus/r/GYB9000")
    await ui.settle(lambda: ui.idents("bus-route-stop-"))
    assert ui.text("bus-route-name") == "9번 버스가 지나는 정류장"
    assert ui.idents("bus-route-stop-")[:2] == ["bus-route-stop-1", "bus-route-stop-2"]
    assert "광양읍버스터미널" in ui.find("bus-route-stop-1").label


async def test_citizen_saves_a_favourite_and_finds_it_on_home(open_app):
    ui = await signed_in(open_app, "citizen@gwangyang.demo")
    await ui.go("/f/bus")
    await ui.type("bus-search", "중마버스")
    await ui.tap("bus-search-go")
    await ui.settle(lambda: ui.find("bus-stop-GYB0007"))
    await ui.tap("bus-stop-GYB0007")
    await ui.settle(lambda: ui.find("bus-arrivals-source"))
    await ui.tap("bus-favourite")
    await ui.settle(lambda: ui.find("bus-fav-status-notice"))
    assert ui.find("bus-fav-status-notice") is not None
    try:
        await ui.tap("appbar-back")
        await ui.settle(lambda: ui.page.route == "/f/bus")
        await ui.tap("appbar-back")  # back to home: built again, with the new favourite
        await ui.settle(lambda: ui.find("home-bus-GYB0007"))
        assert ui.find("home-bus-GYB0007") is not None
        home = await signed_in(open_app, "citizen@gwangyang.demo")  # another device
        await home.settle(lambda: home.find("home-bus-GYB0007"))
        card = home.find("home-bus-GYB0007")
        assert card is not None and "중마버스터미널" in card.label
        assert home.find("home-bus-heading") is not None
        await home.tap("home-bus-GYB0007")
        await home.settle(lambda: home.page.route == "/f/bus/s/GYB0007")
        await ui.go("/f/bus")
        await ui.settle(lambda: ui.find("bus-fav-GYB0007"))
    finally:
        await ui.go("/f/bus/s/GYB0007")
        await ui.settle(lambda: ui.find("bus-arrivals-source"))
        await ui.settle(lambda: "빼기" in (
            ui.find("bus-favourite").content.content.semantics_label or ""))
        await ui.tap("bus-favourite")  # leave the shared demo account as it was
        await ui.settle(lambda: ui.find("bus-fav-status-notice"))


async def test_a_slow_tago_shows_loading_then_the_buses(open_app, api_app):
    """TAGO (the fake, written from the API guides) takes 1.5 s on a first visit: the server
    answers 503 pending after its 0.5 s wait, the screen asks again after Retry-After and shows
    the buses, never an error."""
    from myg_app.server.bus.sources import LiveBus
    from myg_app.server.bus.tago import TagoClient
    from tests.fakes.tago import FAKE_KEY, FakeTago, serve_fake_tago

    fake = FakeTago()
    with serve_fake_tago(fake) as url:
        client = TagoClient(url, FAKE_KEY, timeout_s=5, retries=0)
        api_app.state.bus_source = LiveBus(client, wait_s=0.5)
        try:
            fake.slow_next(1, 1.5)
            ui = await open_app()
            await ui.go("/f/bus/s/GYB100")
            await ui.settle(lambda: ui.idents("bus-arrival-"), timeout=20)
            assert ui.find("bus-stop-status-error") is None
            assert "9번 버스" in ui.find("bus-arrival-0").label
            assert ui.find("bus-arrivals-source-notice") is None  # live and current
            assert "조회" in ui.find("bus-arrivals-source").label
            assert [c.status for c in fake.calls][:1] == [200] and len(fake.calls) == 1
        finally:
            del api_app.state.bus_source  # back to the bundled sample for the other tests
            await finish_background_tasks()
            client.close()
