"""Articles as the contracts show them: feed cards, the citizen's detail, the officer's view
(states, who did what and when, what may be done next)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.contracts import news as c
from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.news import images
from myg_app.server.news.models import Article, NewsEvent, NewsImage
from myg_app.server.news.service import ALLOWED, EDITABLE


def image_out(i: NewsImage) -> c.ImageOut:
    return c.ImageOut(id=i.id, url=i.url, thumb_url=i.thumb_url, width=i.width, height=i.height)


def _item_fields(a: Article) -> dict:
    return {"id": a.id, "board": a.board, "title": a.title, "summary": a.excerpt,
            "category": a.category, "dong_code": a.dong_code,
            "dong_name": c.dong_name(a.dong_code), "pinned": a.pinned, "demo": a.demo,
            "published_at": a.published_at, "thumb_url": a.thumb_url,
            "route": c.route_of(a.board, a.id)}


def item(a: Article) -> c.ArticleItem:
    return c.ArticleItem(**_item_fields(a))


def page(rows: list[Article], next_cursor: str | None) -> c.ArticlePage:
    return c.ArticlePage(items=[item(a) for a in rows], next_cursor=next_cursor)


def detail(session: Session, a: Article) -> c.ArticleDetail:
    return c.ArticleDetail(**_item_fields(a), body=a.body, updated_at=a.updated_at,
                           images=[image_out(i) for i in images.of_article(session, a.id)])


def _scheduled(a: Article, now: datetime) -> bool:
    return a.status == "published" and a.published_at is not None and a.published_at > now


def officer_item(a: Article, now: datetime | None = None) -> c.OfficerItem:
    return c.OfficerItem(**_item_fields(a), status=a.status, status_name=c.STATUS_NAMES[a.status],
                         scheduled=_scheduled(a, now or utcnow()), updated_at=a.updated_at)


def officer_page(rows: list[Article], next_cursor: str | None) -> c.OfficerPage:
    now = utcnow()
    return c.OfficerPage(items=[officer_item(a, now) for a in rows], next_cursor=next_cursor)


def officer(session: Session, a: Article) -> c.OfficerArticle:
    events = list(session.scalars(select(NewsEvent).where(NewsEvent.article_id == a.id)
                                  .order_by(NewsEvent.id)))
    ids = {a.submitted_by_id, a.published_by_id, a.unpublished_by_id,
           *(e.actor_id for e in events)} - {None}
    names = dict(session.execute(select(User.id, User.name).where(User.id.in_(ids))).tuples().all()
                 ) if ids else {}
    history = [c.HistoryEntry(action=e.action, action_name=c.ACTION_NAMES.get(e.action, e.action),
                              actor=names.get(e.actor_id), at=e.created_at) for e in events]
    return c.OfficerArticle(
        **detail(session, a).model_dump(), written_summary=a.summary, status=a.status,
        status_name=c.STATUS_NAMES[a.status], scheduled=_scheduled(a, utcnow()),
        publish_at=a.publish_at, created_at=a.created_at,
        submitted_by=names.get(a.submitted_by_id), submitted_at=a.submitted_at,
        published_by=names.get(a.published_by_id), unpublished_by=names.get(a.unpublished_by_id),
        unpublished_at=a.unpublished_at, allowed=ALLOWED[a.status],
        editable=a.status in EDITABLE, history=history)
