"""맞춤 정보 in a headless session: a guest's general feed with the invitation, topics kept on
the device; a citizen's cards with their reasons open what they are about."""
from __future__ import annotations

from tests.ui.conftest import signed_in


async def test_guest_sees_the_general_feed_and_keeps_topics_on_the_device(open_app):
    ui = await open_app()
    await ui.go("/f/my_feed")
    await ui.settle(lambda: ui.idents("my_feed-item-"))
    assert ui.find("my_feed-invite") is not None
    assert "광양시 전체" in ui.text("my_feed-interests-summary")
    await ui.go("/f/my_feed/interests")
    await ui.settle(lambda: ui.find("my_feed-interests-save"))
    await ui.type("my_feed-topic-news", False)
    await ui.tap("my_feed-interests-save")
    await ui.settle(lambda: ui.find("my_feed-interests-status-notice"))
    assert ui.client.prefs["myg.feed.topics"] == '["alerts", "benefits", "plans"]'
    await ui.go("/f/my_feed")
    await ui.settle(lambda: ui.idents("my_feed-item-"))
    assert all(i.startswith("my_feed-item-alert-") for i in ui.idents("my_feed-item-"))


async def test_citizen_opens_a_card_from_the_feed(open_app):
    ui = await signed_in(open_app, "citizen@gwangyang.demo")
    await ui.go("/f/my_feed")
    await ui.settle(lambda: ui.idents("my_feed-item-alert-"))
    first = ui.idents("my_feed-item-alert-")[0]
    assert "광양시" in ui.find(first).label or "관심 지역" in ui.find(first).label
    await ui.tap(first)
    await ui.settle(lambda: ui.find("alerts-share"))
    assert ui.page.route.startswith("/f/alerts/")
