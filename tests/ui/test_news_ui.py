"""시정 소식 and 읍면동 소식 in a headless session: a citizen picks 읍면동 (remembered on the
device; the profile's home 읍면동 first), opens an article and shares it; a guest opens a shared
link; an officer writes an article with a picture, asks for review, publishes it, and it is in
the feed."""
from __future__ import annotations

import io
import json
import uuid

import httpx
from PIL import Image

from tests.ui.conftest import signed_in
from tests.ui.headless import said


def card_lines(ui, ident: str) -> list[str]:
    col = ui.find(ident).content.content
    return [said(x) for x in col.controls if hasattr(x, "value") or hasattr(x, "content")]


def item_ids(ui, fid: str) -> list[int]:
    return [int(i.rsplit("-", 1)[1]) for i in ui.idents(f"{fid}-item-")]


async def test_citizen_picks_a_town_opens_an_article_and_shares_it(open_app):
    ui = await signed_in(open_app, "citizen@gwangyang.demo")
    await ui.go("/f/town_news")
    await ui.settle(lambda: ui.idents("town_news-item-"))
    assert ui.text("town_news-chosen") == "보는 읍면동: 중마동"  # the demo citizen's home
    await ui.tap("town_news-pick")
    await ui.tap("town_news-dong-all")
    await ui.settle(lambda: ui.text("town_news-chosen") == "모든 읍면동의 소식을 봅니다.")
    await ui.settle(lambda: len(item_ids(ui, "town_news")) >= 12)
    everything = item_ids(ui, "town_news")
    await ui.type("town_news-dong-daap", True)
    await ui.settle(lambda: "다압면" in ui.text("town_news-chosen"))
    await ui.settle(lambda: len(item_ids(ui, "town_news")) < len(everything))
    daap = item_ids(ui, "town_news")
    assert daap and set(daap) < set(everything)
    assert json.loads(ui.client.prefs["myg.town_news.dongs"]) == ["daap"]
    label = ui.find(f"town_news-item-{daap[0]}").label
    assert "다압면" in label and "데모" in label  # the card says its 읍면동 and that it is a demo

    await ui.tap(f"town_news-item-{daap[0]}")
    await ui.settle(lambda: ui.find("town_news-article-title"))
    assert ui.page.route == f"/f/town_news/a/{daap[0]}"
    assert "매화" in ui.text("town_news-article-title") or ui.text("town_news-article-body")
    await ui.tap("town_news-share")
    await ui.settle(lambda: "last_shared" in ui.app.state.drafts)
    shared = ui.app.state.drafts["last_shared"]
    assert shared.endswith(f"http://testserver/f/town_news/a/{daap[0]}")
    assert shared.startswith("[데모] ")  # a shared demo says so where no chip is drawn

    again = await open_app(prefs={"myg.town_news.dongs": ui.client.prefs["myg.town_news.dongs"]})
    await again.go("/f/town_news")
    await again.settle(lambda: again.idents("town_news-item-"))
    assert again.text("town_news-chosen") == "보는 읍면동: 다압면"
    assert item_ids(again, "town_news") == daap


async def test_home_dong_from_the_profile_is_the_first_choice(open_app, api_app):
    email, password = f"jinwol-{uuid.uuid4().hex[:6]}@example.com", "jinwol-pass-1"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api_app),
                                 base_url="http://testserver/api/v1") as http:
        r = await http.post("/auth/register", json={
            "email": email, "password": password, "name": "진월주민", "consents": {
                "terms": True, "privacy_required": True, "privacy_optional": True}})
        r.raise_for_status()
        headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
        (await http.patch("/me/profile", json={"dong": "진월면"},
                           headers=headers)).raise_for_status()
    ui = await signed_in(open_app, email, password)
    await ui.go("/f/town_news")
    await ui.settle(lambda: ui.idents("town_news-item-"))
    assert ui.text("town_news-chosen") == "보는 읍면동: 진월면"
    assert all("진월면" in ui.find(i).label for i in ui.idents("town_news-item-"))


async def test_guest_opens_a_shared_article_link(open_app):
    ui = await open_app(route="/f/city_news/a/1")
    await ui.settle(lambda: ui.find("city_news-article-title"))
    assert ui.page.route == "/f/city_news/a/1"
    assert ui.text("city_news-article-title") == "MY광양 앱 시범 운영 안내"
    assert ui.find("city_news-share") is not None
    await ui.go("/f/city_news")
    await ui.settle(lambda: ui.idents("city_news-item-"))
    assert item_ids(ui, "city_news")[0] == 1  # pinned first
    assert ui.find("city_news-desk") is None  # no officer tools for guests


async def test_officer_writes_submits_and_publishes_with_a_picture(open_app):
    ui = await signed_in(open_app, "news@gwangyang.demo")
    await ui.go("/f/city_news")
    await ui.settle(lambda: ui.find("city_news-desk"))
    await ui.tap("city_news-desk")
    await ui.settle(lambda: ui.idents("city_news-desk-item-"))
    await ui.tap("city_news-desk-new")
    await ui.settle(lambda: ui.find("city_news-edit-save"))
    title = f"광양시 여름 물놀이장 개장 {uuid.uuid4().hex[:4]}"
    await ui.type("city_news-edit-title", title)
    await ui.type("city_news-edit-body", "중마동 물놀이장을 7월 1일부터 엽니다.\n문의: 061-797-2000")
    await ui.type("city_news-edit-pinned", True)
    png = io.BytesIO()
    Image.new("RGB", (800, 400), (40, 120, 200)).save(png, "PNG")
    picker = ui.app.state.services["city_news_picker"]
    await ui.session.dispatch_event(picker._i, "result", {"files": [
        {"id": 0, "name": "pool.png", "size": len(png.getvalue()), "bytes": png.getvalue()}]})
    await ui.settle(lambda: ui.find("city_news-edit-photo-del-0"))
    await ui.tap("city_news-edit-save")
    await ui.settle(lambda: ui.find("city_news-edit-submit"))
    article_id = int(ui.page.route.rsplit("/", 1)[1])
    assert "작성 중" in ui.text("city_news-edit-state")
    await ui.tap("city_news-edit-submit")
    await ui.settle(lambda: "검토 요청" in ui.text("city_news-edit-state"))
    assert ui.find("city_news-edit-publish") is not None
    await ui.tap("city_news-edit-publish")
    await ui.settle(lambda: "게시 중" in ui.text("city_news-edit-state"))
    assert ui.find("city_news-edit-unpublish") is not None
    assert ui.find("city_news-edit-save") is None  # a published article is not edited

    await ui.tap("city_news-edit-preview")
    await ui.settle(lambda: ui.find("city_news-article-title"))
    assert ui.text("city_news-article-title") == title
    await ui.go("/f/city_news")
    await ui.settle(lambda: ui.idents("city_news-item-"))
    assert item_ids(ui, "city_news")[0] == article_id  # pinned, and the newest pinned
    card = ui.find(f"city_news-item-{article_id}").content.content
    assert any(hasattr(x, "content") and type(x.content).__name__ == "Image"
               for x in card.controls), "the card shows the picture's thumbnail"


async def test_citizen_sees_no_desk(open_app):
    ui = await signed_in(open_app, "citizen@gwangyang.demo")
    await ui.go("/f/city_news/desk")
    await ui.settle(lambda: ui.find("city_news-desk-status-notice"))
    notice = ui.find("city_news-desk-status-notice").content.controls[1]
    assert "감동시대추진단" in said(notice)
    assert not ui.idents("city_news-desk-item-")
