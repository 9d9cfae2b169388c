"""시정 소식 and 읍면동 소식 over HTTP, on SQLite and PostgreSQL: the publishing states, what
citizens see (published and due; pinned first, then newest; by 읍면동), cursors, the Atom
feed, pictures, who may do what, idempotent creation and bad input."""
from __future__ import annotations

import base64
import io
import uuid
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, inspect, select, update

from myg_app.contracts import news as c
from myg_app.server.auth import service as auth
from myg_app.server.db import utcnow
from myg_app.server.news import seed as news_seed
from myg_app.server.news import service
from myg_app.server.news.models import Article, NewsImage
from tests.api.conftest import PASSWORD, assert_problem

V1 = "/api/v1/news"
ATOM = "{http://www.w3.org/2005/Atom}"
STAFF = {"news": ("officer", "감동시대추진단"), "town": ("officer", "총무과"),
         "clean": ("officer", "자원순환과"), "admin": ("admin", None)}


class News:
    def __init__(self, api):
        self.api, self.client = api, api.client
        with api.client.app.state.sessionmaker() as s, s.begin():
            for who, (role, dept) in STAFF.items():
                auth.register(s, api.settings, f"{who}@gwangyang.demo", PASSWORD, who,
                              role=role, department=dept)
        self.h = {who: self.login(f"{who}@gwangyang.demo") for who in STAFF}
        self.h["citizen"] = api.bearer(api.register())

    def login(self, email: str) -> dict:
        r = self.api.login(email)
        assert r.status_code == 200, r.text
        return self.api.bearer(r.json())

    def session(self):
        return self.client.app.state.sessionmaker()

    def create(self, board: str = "city", who: str | None = None, key: str | None = None,
               **kw) -> dict:
        body = {"title": "광양시 소식", "body": "본문입니다.", "category": "공지"} | kw
        if board == "town":
            body.setdefault("dong_code", "jungma")
        headers = dict(self.h[who or ("news" if board == "city" else "town")])
        if key:
            headers["Idempotency-Key"] = key
        r = self.client.post(f"{V1}/officer/{board}/articles", json=body, headers=headers)
        assert r.status_code == 201, r.text
        return r.json()

    def act(self, board: str, aid: int, action: str, who: str | None = None):
        return self.client.post(f"{V1}/officer/{board}/articles/{aid}/{action}",
                                headers=self.h[who or ("news" if board == "city" else "town")])

    def publish(self, board: str = "city", **kw) -> dict:
        a = self.create(board, **kw)
        assert self.act(board, a["id"], "submit").status_code == 200
        r = self.act(board, a["id"], "publish")
        assert r.status_code == 200, r.text
        return r.json()

    def feed(self, board: str = "city", **params) -> dict:
        r = self.client.get(f"{V1}/{board}/articles", params=params)
        assert r.status_code == 200, r.text
        return r.json()

    def ids(self, board: str = "city", **params) -> list[int]:
        return [i["id"] for i in self.feed(board, **params)["items"]]


@pytest.fixture
def news(api) -> News:
    return News(api)


def picture(size=(1200, 600), fmt="PNG", **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 110, 170)).save(out, fmt, **save)
    return out.getvalue()


def upload(news: News, data: bytes, board: str = "city", key: str | None = None, who=None):
    headers = dict(news.h[who or ("news" if board == "city" else "town")])
    if key:
        headers["Idempotency-Key"] = key
    return news.client.post(f"{V1}/officer/{board}/images", headers=headers, json={
        "filename": "p.png", "content_base64": base64.b64encode(data).decode()})


# --- states ----------------------------------------------------------------------------------

def test_draft_review_published_unpublished_and_back(news):
    a = news.create(title="설 연휴 쓰레기 수거 안내")
    assert a["status"] == "draft" and a["allowed"] == ["submit"] and a["editable"]
    aid = a["id"]
    body = assert_problem(news.act("city", aid, "publish"), 409, "news.state")
    assert "작성 중" in body["detail"] and "검토 요청" in body["detail"]
    assert_problem(news.act("city", aid, "unpublish"), 409, "news.state")
    r = news.act("city", aid, "submit")
    assert r.json()["status"] == "review" and r.json()["submitted_by"] == "news"
    assert_problem(news.act("city", aid, "submit"), 409, "news.state")
    assert news.act("city", aid, "return").json()["status"] == "draft"
    news.act("city", aid, "submit")
    assert aid not in news.ids()
    assert_problem(news.client.get(f"{V1}/city/articles/{aid}"), 404, "news.not_found")
    out = news.act("city", aid, "publish").json()
    assert out["status"] == "published" and out["published_by"] == "news" and not out["scheduled"]
    assert out["allowed"] == ["unpublish"] and not out["editable"]
    first_published = out["published_at"]
    assert news.ids() == [aid]
    detail = news.client.get(f"{V1}/city/articles/{aid}").json()
    assert detail["title"] == "설 연휴 쓰레기 수거 안내" and detail["route"] == f"/f/city_news/a/{aid}"
    edit = news.client.put(f"{V1}/officer/city/articles/{aid}", headers=news.h["news"],
                           json={"title": "고침", "body": "본문", "category": "공지"})
    assert_problem(edit, 409, "news.not_editable")
    assert_problem(news.act("city", aid, "publish"), 409, "news.state")
    un = news.act("city", aid, "unpublish").json()
    assert un["status"] == "unpublished" and un["unpublished_by"] == "news" and un["unpublished_at"]
    assert news.ids() == []
    assert_problem(news.client.get(f"{V1}/city/articles/{aid}"), 404, "news.not_found")
    assert_problem(news.act("city", aid, "unpublish"), 409, "news.state")
    again = news.act("city", aid, "publish").json()  # published again, unchanged
    assert again["status"] == "published" and again["published_at"] == first_published
    assert news.ids() == [aid]
    news.act("city", aid, "unpublish")
    edited = news.client.put(f"{V1}/officer/city/articles/{aid}", headers=news.h["news"],
                             json={"title": "고친 제목", "body": "본문", "category": "공지"}).json()
    assert edited["status"] == "draft"  # changed text is reviewed again
    assert [h["action"] for h in edited["history"]] == [
        "created", "submit", "return", "submit", "publish", "unpublish", "publish", "unpublish",
        "edited"]
    assert all(h["actor"] == "news" for h in edited["history"])


def test_scheduled_article_is_not_shown_before_its_time(news):
    later = utcnow() + timedelta(hours=3)
    a = news.create(publish_at=later.isoformat())
    news.act("city", a["id"], "submit")
    out = news.act("city", a["id"], "publish").json()
    assert out["status"] == "published" and out["scheduled"]
    assert datetime.fromisoformat(out["published_at"]) == later
    assert news.ids() == []
    assert_problem(news.client.get(f"{V1}/city/articles/{a['id']}"), 404, "news.not_found")
    assert b"<entry>" not in news.client.get(f"{V1}/city.atom").content
    listed = news.client.get(f"{V1}/officer/city/articles", headers=news.h["news"]).json()
    assert listed["items"][0]["scheduled"] is True
    with news.session() as s:
        rows, _ = service.feed(s, "city", now=later + timedelta(seconds=1))
        assert [r.id for r in rows] == [a["id"]]
        assert service.latest(s) == []
        s.execute(update(Article).values(published_at=utcnow() - timedelta(minutes=1)))
        s.commit()
    assert news.ids() == [a["id"]]


def test_pinned_first_then_newest_and_pin_any_time(news):
    old, middle, new = (news.publish(title=t)["id"] for t in ("오래된 글", "중간 글", "새 글"))
    assert news.ids() == [new, middle, old]
    r = news.client.put(f"{V1}/officer/city/articles/{old}/pinned", headers=news.h["news"],
                        json={"pinned": True})
    assert r.status_code == 200 and r.json()["pinned"] and r.json()["status"] == "published"
    assert news.ids() == [old, new, middle]
    assert news.feed()["items"][0]["pinned"] is True
    pinned_draft = news.create(title="고정 초안", pinned=True)
    assert pinned_draft["id"] not in news.ids()
    out = news.client.put(f"{V1}/officer/city/articles/{old}/pinned", headers=news.h["news"],
                          json={"pinned": False}).json()
    assert news.ids() == [new, middle, old]
    assert [h["action"] for h in out["history"]][-2:] == ["pinned", "unpinned"]


def test_town_news_by_dong_and_board_rules(news):
    jungma = news.publish("town", dong_code="jungma", category="행사", title="중마동 음악회")["id"]
    daap = news.publish("town", dong_code="daap", category="행사", title="매화축제")["id"]
    gwangyang = news.publish("town", dong_code="gwangyang", title="5일장")["id"]
    city = news.publish("city")["id"]
    assert news.ids("town") == [gwangyang, daap, jungma]
    assert news.ids("town", dong=["jungma", "daap"]) == [daap, jungma]
    assert news.ids("town", dong="gwangyang") == [gwangyang]
    assert news.ids("town", dong="taein") == []
    assert news.ids("city") == [city]
    item = news.feed("town", dong="jungma")["items"][0]
    assert item["dong_code"] == "jungma" and item["dong_name"] == "중마동"
    assert item["route"] == f"/f/town_news/a/{jungma}"
    assert_problem(news.client.get(f"{V1}/town/articles", params={"dong": "seoul"}), 422,
                   "validation_error")
    assert_problem(news.client.get(f"{V1}/city/articles/{jungma}"), 404, "news.not_found")
    h = news.h["town"]
    no_dong = {"title": "t", "body": "b", "category": "공지"}
    assert_problem(news.client.post(f"{V1}/officer/town/articles", headers=h, json=no_dong), 422,
                   "news.dong_required")
    assert_problem(news.client.post(f"{V1}/officer/city/articles", headers=news.h["news"],
                                    json=no_dong | {"dong_code": "jungma"}), 422, "news.dong_city")
    assert_problem(news.client.post(f"{V1}/officer/town/articles", headers=h,
                                    json=no_dong | {"dong_code": "jungma", "category": "채용"}),
                   422, "news.category")


def test_latest_for_my_feed(news):
    city = news.publish("city")["id"]
    jungma = news.publish("town", dong_code="jungma")["id"]
    daap = news.publish("town", dong_code="daap")["id"]
    hidden = news.create("city")["id"]
    with news.session() as s:
        assert [a.id for a in service.latest(s)] == [daap, jungma, city]
        mine = service.latest(s, dong_codes=["jungma"])
        assert [a.id for a in mine] == [jungma, city]
        assert [a.id for a in service.latest(s, board="town", dong_codes=["daap"])] == [daap]
        assert [a.id for a in service.latest(s, board="city")] == [city]
        first = mine[0]
        assert [a.id for a in service.latest(s, before=(first.published_at, first.id))] == [city]
        assert hidden not in [a.id for a in service.latest(s, limit=10)]
        a = mine[0]
        assert (a.board, a.dong_code, a.category, a.excerpt, a.has_thumbnail) == (
            "town", "jungma", "공지", "본문입니다.", False)
        indexes = {ix["name"] for ix in inspect(s.connection()).get_indexes("news_articles")}
        assert {"ix_news_articles_latest", "ix_news_articles_board_feed",
                "ix_news_articles_dong_feed"} <= indexes


# --- cursors ---------------------------------------------------------------------------------

def test_cursor_pages_cover_the_feed_once(news):
    made = [news.publish(title=f"글 {n}")["id"] for n in range(7)]
    same = utcnow() - timedelta(hours=1)
    with news.session() as s:  # ties on published_at: the id decides
        s.execute(update(Article).where(Article.id.in_(made[2:6])).values(published_at=same))
        s.execute(update(Article).where(Article.id == made[0]).values(pinned=True))
        s.commit()
    everything = news.ids(limit=50)
    assert everything[0] == made[0] and len(everything) == 7
    seen, cursor, pages = [], None, 0
    while True:
        page = news.feed(limit=3, **({"cursor": cursor} if cursor else {}))
        seen += [i["id"] for i in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == everything and pages == 3
    for bad in ("nonsense", "1.2", "2.1.1", "1.99999999999999999.1", "0.1.99999999999"):
        assert_problem(news.client.get(f"{V1}/city/articles", params={"cursor": bad}), 422,
                       "news.bad_cursor")
    for limit in (0, 51, 2**31, "many"):
        assert_problem(news.client.get(f"{V1}/city/articles", params={"limit": limit}), 422,
                       "validation_error")
    officer = news.client.get(f"{V1}/officer/city/articles", headers=news.h["news"],
                              params={"limit": 4}).json()
    rest = news.client.get(f"{V1}/officer/city/articles", headers=news.h["news"],
                           params={"limit": 4, "cursor": officer["next_cursor"]}).json()
    assert [i["id"] for i in officer["items"] + rest["items"]] == made[::-1]
    assert rest["next_cursor"] is None


# --- Atom ------------------------------------------------------------------------------------

def test_atom_feed_parses_with_absolute_links_and_escaped_text(news):
    a = news.publish(title="<b>축제</b> & \"공연\"", body="본문 <script>")["id"]
    b = news.publish(title="두 번째")["id"]
    with news.session() as s:  # text stored before the rules: control characters in it
        s.execute(update(Article).where(Article.id == b).values(title="두\x0b번째\x1b 글"))
        s.commit()
    r = news.client.get(f"{V1}/city.atom")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(r.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}id").text.startswith("tag:")
    assert root.find(f"{ATOM}updated").text.endswith("Z")
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text for e in entries] == [
        f"tag:gwangyang.go.kr,2026:myg/news/article/{n}" for n in (b, a)]
    assert entries[0].find(f"{ATOM}title").text == "두번째 글"
    assert entries[1].find(f"{ATOM}title").text == "<b>축제</b> & \"공연\""
    assert b"&lt;b&gt;" in r.content
    link = entries[1].find(f"{ATOM}link").get("href")
    assert link == f"http://testserver/f/city_news/a/{a}"
    for e in entries:
        assert e.find(f"{ATOM}updated").text and e.find(f"{ATOM}published").text
    self_link = [x.get("href") for x in root.findall(f"{ATOM}link") if x.get("rel") == "self"]
    assert self_link == ["http://testserver/api/v1/news/city.atom"]

    jungma = news.publish("town", dong_code="jungma", title="중마동 소식")["id"]
    news.publish("town", dong_code="daap", title="다압면 소식")
    town = ET.fromstring(news.client.get(f"{V1}/town.atom", params={"dong": "jungma"}).content)
    assert [e.find(f"{ATOM}title").text for e in town.findall(f"{ATOM}entry")] == ["중마동 소식"]
    assert "중마동" in town.find(f"{ATOM}title").text
    entry = town.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/f/town_news/a/{jungma}")
    assert_problem(news.client.get(f"{V1}/town.atom", params={"dong": "x"}), 422,
                   "validation_error")


# --- who may do what ------------------------------------------------------------------------

def test_only_the_boards_officers_write_and_publish(news):
    body = {"title": "t", "body": "b", "category": "공지"}
    url = f"{V1}/officer/city/articles"
    assert_problem(news.client.post(url, json=body), 401, "auth.required")
    assert_problem(news.client.post(url, json=body, headers=news.h["citizen"]), 403,
                   "auth.forbidden")
    wrong = assert_problem(news.client.post(url, json=body, headers=news.h["town"]), 403,
                           "news.forbidden")
    assert "감동시대추진단" in wrong["detail"]
    assert_problem(news.client.post(url, json=body, headers=news.h["clean"]), 403,
                   "news.forbidden")
    assert_problem(news.client.get(url), 401, "auth.required")
    assert_problem(news.client.get(url, headers=news.h["citizen"]), 403, "auth.forbidden")
    a = news.create()
    for who in ("citizen", "town", "clean"):
        assert news.act("city", a["id"], "submit", who).status_code == 403
    assert news.client.post(f"{V1}/officer/city/articles/{a['id']}/submit").status_code == 401
    news.act("city", a["id"], "submit")
    for who in ("citizen", "town"):
        assert news.act("city", a["id"], "publish", who).status_code == 403
    assert news.client.get(f"{V1}/officer/city/articles/{a['id']}",
                           headers=news.h["citizen"]).status_code == 403
    assert news.act("city", a["id"], "publish", "admin").json()["published_by"] == "admin"
    assert news.create("town", who="admin")["status"] == "draft"
    # Officers of the town board do not see the city board's drafts through their own board.
    assert_problem(news.client.get(f"{V1}/officer/town/articles/{a['id']}",
                                   headers=news.h["town"]), 404, "news.not_found")
    assert_problem(upload(news, picture(), who="citizen"), 403, "auth.forbidden")


# --- pictures -------------------------------------------------------------------------------

def test_pictures_are_checked_thumbnailed_and_cached(news):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (34.0, 56.0, 0.0), 1: "N"}  # GPS
    r = upload(news, picture(fmt="JPEG", exif=exif.tobytes()))
    assert r.status_code == 201, r.text
    img = r.json()
    assert (img["width"], img["height"]) == (1200, 600)
    thumb = news.client.get(img["thumb_url"])
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
    assert "max-age" in thumb.headers["cache-control"] and thumb.headers["etag"]
    with Image.open(io.BytesIO(thumb.content)) as t:
        assert t.format == "JPEG" and t.width == 480
    full = news.client.get(img["url"])
    with Image.open(io.BytesIO(full.content)) as f:
        assert f.width == 1200 and len(f.getexif()) == 0  # no maker, no location
    again = news.client.get(img["thumb_url"], headers={"If-None-Match": thumb.headers["etag"]})
    assert again.status_code == 304 and not again.content
    assert news.client.get(img["url"], headers={
        "If-None-Match": thumb.headers["etag"]}).status_code == 200  # another variant

    a = news.publish(image_ids=[img["id"]])
    assert a["thumb_url"] == img["thumb_url"] and [i["id"] for i in a["images"]] == [img["id"]]
    assert news.feed()["items"][0]["thumb_url"] == img["thumb_url"]

    assert_problem(upload(news, b"not a picture at all"), 415, "news.photo.type")
    assert_problem(upload(news, b"%PDF-1.4 fake"), 415, "news.photo.type")
    huge = io.BytesIO()
    Image.new("1", (8000, 7000)).save(huge, "PNG")
    assert_problem(upload(news, huge.getvalue()), 413, "news.photo.too_large")
    bad = news.client.post(f"{V1}/officer/city/images", headers=news.h["news"],
                           json={"filename": "x.png", "content_base64": "@@not base64@@"})
    assert_problem(bad, 422, "news.image_encoding")
    for name in ("nope.jpg", f"{uuid.uuid4()}.jpg", img["thumb_url"].rsplit("/", 1)[1] + ".png"):
        assert_problem(news.client.get(f"{V1}/images/{name}"), 404, "news.image_not_found")
    town_pic = upload(news, picture(), board="town").json()
    refused = news.client.post(f"{V1}/officer/city/articles", headers=news.h["news"], json={
        "title": "t", "body": "b", "category": "공지", "image_ids": [town_pic["id"]]})
    assert_problem(refused, 422, "news.image_unknown")


def test_parallel_same_key_makes_one_article_and_one_picture(news):
    key = str(uuid.uuid4())
    with ThreadPoolExecutor(5) as pool:
        answers = list(pool.map(lambda _: news.client.post(
            f"{V1}/officer/city/articles", headers=news.h["news"] | {"Idempotency-Key": key},
            json={"title": "한 번만", "body": "b", "category": "공지"}), range(5)))
    assert {r.status_code for r in answers} == {201}, [r.text for r in answers]
    assert len({r.json()["id"] for r in answers}) == 1
    with news.session() as s:
        assert s.scalar(select(func.count()).select_from(Article)) == 1
    key = str(uuid.uuid4())
    data = picture()
    with ThreadPoolExecutor(5) as pool:
        answers = list(pool.map(lambda _: upload(news, data, key=key), range(5)))
    assert {r.status_code for r in answers} == {201}
    assert len({r.json()["id"] for r in answers}) == 1
    with news.session() as s:
        assert s.scalar(select(func.count()).select_from(NewsImage)) == 1


# --- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize("patch", [
    {"title": ""}, {"title": "\x00\x01"}, {"title": 123}, {"title": "가" * 121},
    {"body": ""}, {"body": "가" * 10_001}, {"category": "광고"}, {"pinned": "maybe"},
    {"dong_code": "seoul"}, {"image_ids": [0]}, {"image_ids": [2**31]}, {"image_ids": "1"},
    {"image_ids": list(range(1, 8))}, {"publish_at": "2026-03-01T09:00:00"},
    {"publish_at": "0001-01-01T00:00:00+05:00"}, {"publish_at": "9999-12-31T23:59:59-05:00"},
    {"publish_at": "내일"}, {"summary": "가" * 201},
], ids=lambda p: next(iter(p)))
def test_bad_article_input_is_a_422(news, patch):
    body = {"title": "t", "body": "b", "category": "공지"} | patch
    r = news.client.post(f"{V1}/officer/city/articles", headers=news.h["news"], json=body)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"


def test_bad_paths_and_queries_are_4xx_never_500(news):
    h = news.h["news"]
    for path in (f"{V1}/city/articles/{2**31}", f"{V1}/city/articles/0",
                 f"{V1}/city/articles/abc", f"{V1}/officer/city/articles/1/delete",
                 f"{V1}/officer/city/articles?status=bogus",
                 f"{V1}/city/articles?cursor=%00", f"{V1}/images/%00.jpg"):
        r = news.client.get(path, headers=h) if "delete" not in path else news.client.post(
            path, headers=h)
        assert 400 <= r.status_code < 500, (path, r.status_code, r.text)
    r = news.client.post(f"{V1}/officer/city/articles", headers=h | {
        "content-type": "application/json"}, content=b"{not json")
    assert 400 <= r.status_code < 500
    text = news.create(title="제목\x00 끝", body="첫 줄\r\n둘째\x07 줄")
    assert (text["title"], text["body"]) == ("제목 끝", "첫 줄\n둘째 줄")


# --- demo data -------------------------------------------------------------------------------

def test_demo_articles_cover_every_dong_and_seed_once(news):
    with news.session() as s, s.begin():
        news_seed.seed(s, news.api.settings)
    with news.session() as s, s.begin():
        count = s.scalar(select(func.count()).select_from(Article))
        news_seed.seed(s, news.api.settings)
        assert s.scalar(select(func.count()).select_from(Article)) == count
    from myg_app.gwangyang import dongs

    town = news.feed("town", limit=50)["items"]
    assert {i["dong_code"] for i in town} == {d.code for d in dongs.DONGS}
    city = news.feed("city", limit=50)["items"]
    assert len(city) >= 7 and all(i["demo"] for i in city + town)
    assert {i["category"] for i in city} >= {"공지", "보도자료", "행사", "채용"}
    assert city[0]["pinned"] and city[0]["thumb_url"]
    assert news.client.get(city[0]["thumb_url"]).status_code == 200
    desk = news.client.get(f"{V1}/officer/city/articles", headers=news.h["news"],
                           params={"limit": 50}).json()["items"]
    assert {i["status"] for i in desk} == {"draft", "review", "published"}
    assert any(i["scheduled"] for i in desk)
    assert all(datetime.fromisoformat(i["published_at"]) <= datetime.now(UTC)
               for i in city)
    assert set(c.CATEGORIES["city"]) >= {i["category"] for i in city}
