"""읍면동 소식 in Chromium: the 총무과 officer publishes a town article in the app (written and
sent for review through the API, for speed); a citizen on a phone in large text chooses that
읍면동, finds the article in the feed, opens it and copies its link. Nothing may run off the
side of the phone."""

from __future__ import annotations

import uuid

import httpx

from tests.e2e.accounts import DEMO_PASSWORD, PASSWORD, new_citizen, sign_in
from tests.e2e.flet_page import FletPage
from tests.e2e.tour import go
from tests.e2e.tour import off_side as off_side_at


def off_side(ui) -> list[dict]:
    return off_side_at(ui, 360)


def written_for_review(server: str, title: str) -> int:
    with httpx.Client(base_url=server + "/api/v1") as http:
        tokens = http.post("/auth/login", json={"email": "town@gwangyang.demo",
                                                "password": DEMO_PASSWORD}).json()
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        r = http.post("/news/officer/town/articles", headers=headers, json={
            "title": title, "category": "행사", "dong_code": "taein",
            "body": "태인동 행정복지센터 앞에서 김 굽기 체험 행사를 엽니다.\n문의: 061-797-3990"})
        r.raise_for_status()
        article = r.json()["id"]
        http.post(f"/news/officer/town/articles/{article}/submit",
                  headers=headers).raise_for_status()
    return article


def test_officer_publishes_and_a_citizen_of_that_town_reads_and_shares(ui, server):
    title = f"태인동 김 굽기 체험 {uuid.uuid4().hex[:4]}"
    article = written_for_review(server, title)

    sign_in(ui, "town@gwangyang.demo", DEMO_PASSWORD)
    go(ui, f"/f/town_news/desk/{article}")
    ui.wait_text_in("town_news-edit-state", "검토 요청")
    ui.click_id("town_news-edit-publish")
    ui.wait_text_in("town_news-edit-state", "게시 중")
    go(ui, "/account")
    ui.click_id("account-logout")
    ui.wait_id("home-login")

    email = new_citizen(server, "e2e-news")
    ui.page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    ui.phone_in_large_text()
    sign_in(ui, email, PASSWORD)
    go(ui, "/f/town_news")
    ui.wait_text_in("town_news-chosen", "모든 읍면동")
    ui.click_id("town_news-pick")
    ui.click_id("town_news-dong-taein")
    ui.wait_text_in("town_news-chosen", "태인동")
    ui.wait_id(f"town_news-item-{article}")
    ui.wait_text_in(f"town_news-item-{article}", title)
    ui.shot("town_news_feed_large")
    assert not off_side(ui), off_side(ui)

    ui.click_id(f"town_news-item-{article}")
    ui.wait_text_in("town_news-article-title", title)
    ui.shot("town_news_article_large")
    assert not off_side(ui), off_side(ui)
    ui.click_id("town_news-share")
    # The bar saying so is announced (a live region), not a semantics node.
    ui.wait_js("""() => Array.from(document.querySelectorAll('*')).some(e =>
                    e.childElementCount === 0 && (e.textContent || '').includes('링크를 복사'))""")
    copied = ui.page.evaluate("() => navigator.clipboard.readText()")
    assert title in copied and copied.endswith(f"{server}/f/town_news/a/{article}"), copied

    # The link opens the article for anyone, in a fresh page (as a friend who got it).
    friend = ui.page.context.browser.new_context(viewport={"width": 360, "height": 800},
                                                 locale="ko-KR")
    try:
        other = FletPage(friend.new_page(), server, ui.shots)
        other.open(f"/f/town_news/a/{article}")
        other.wait_text_in("town_news-article-title", title)
    finally:
        friend.close()
