"""The rules of 시정 소식 and 읍면동 소식: writing, the publishing states, what citizens see
(published and due), the feeds' order and cursors, and `latest()` for 맞춤 정보.

States: draft -> review (submit) -> published (publish); review -> draft (return);
published -> unpublished (unpublish) -> published (publish again). An article is edited
while draft or review; editing an unpublished one makes it a draft again (it is reviewed
again before it is back), and a published one is not edited at all (unpublish first), so
what citizens read was always reviewed. Pinning is the one change allowed at any time.
"""
from __future__ import annotations

import re
from collections.abc import Collection
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.contracts import news as c
from myg_app.contracts.types import INT32_MAX, parse_id
from myg_app.i18n import msg
from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError
from myg_app.server.news import images
from myg_app.server.news.models import Article, NewsEvent

PAGE = 20
EDITABLE = ("draft", "review", "unpublished")
# action -> (the states it starts from, the state it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "submit": (("draft",), "review"),
    "return": (("review",), "draft"),
    "publish": (("review", "unpublished"), "published"),
    "unpublish": (("published",), "unpublished"),
}
ALLOWED: dict[str, list[str]] = {s: [a for a, (starts, _) in TRANSITIONS.items() if s in starts]
                                 for s in c.STATUS_NAMES}
_HINTS = {
    ("publish", "draft"): "먼저 검토 요청을 해 주세요.",
    ("submit", "published"): "고치려면 먼저 게시를 중지해 주세요.",
    ("submit", "unpublished"): "내용을 고치면 다시 검토 요청할 수 있습니다. 그대로 다시 게시할 수도 있습니다.",
    ("submit", "review"): "이미 검토를 기다리고 있습니다.",
    ("publish", "published"): "이미 게시 중입니다.",
    ("unpublish", "unpublished"): "이미 게시를 중지했습니다.",
}
_VERBS = {"submit": "검토 요청할", "return": "작성 중으로 되돌릴", "publish": "게시할",
          "unpublish": "게시 중지할"}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CURSOR = re.compile(r"^([01])\.(\d{1,16})\.(\d{1,10})$")  # 16 digits: up to the year 2286


def _not_found() -> AppError:
    return AppError(404, "news.not_found",
                    "소식을 찾을 수 없습니다. 게시가 끝났거나 주소가 바뀌었을 수 있습니다.")


# --- officers: writing ---------------------------------------------------------------------

def _check(board: str, body: c.ArticleIn) -> None:
    if body.category not in c.CATEGORIES[board]:
        raise AppError(422, "news.category",
                       msg("분류는 {join} 중에서 골라 주세요.", join=', '.join(c.CATEGORIES[board])), field="category")
    if board == "town" and body.dong_code is None:
        raise AppError(422, "news.dong_required", "어느 읍면동의 소식인지 골라 주세요.",
                       field="dong_code")
    if board == "city" and body.dong_code is not None:
        raise AppError(422, "news.dong_city",
                       "시정 소식에는 읍면동을 정하지 않습니다. 읍면동 소식에 써 주세요.", field="dong_code")


def _record(session: Session, article: Article, user: User | None, action: str,
            before: str | None) -> None:
    session.add(NewsEvent(article_id=article.id, actor_id=user.id if user else None,
                          action=action, from_status=before, to_status=article.status))


def _apply(article: Article, body: c.ArticleIn) -> None:
    article.title, article.body, article.category = body.title.strip(), body.body, body.category
    article.summary = (body.summary or "").strip() or None
    article.dong_code, article.publish_at, article.pinned = (body.dong_code, body.publish_at,
                                                            body.pinned)


def create(session: Session, user: User, board: str, body: c.ArticleIn) -> Article:
    _check(board, body)
    article = Article(board=board, status="draft", created_by_id=user.id, updated_by_id=user.id)
    _apply(article, body)
    session.add(article)
    session.flush()
    article.cover_token = images.attach(session, board, article.id, body.image_ids)
    _record(session, article, user, "created", None)
    session.flush()
    return article


def for_officer(session: Session, board: str, article_id: int, *, lock: bool = False) -> Article:
    stmt = select(Article).where(Article.id == article_id, Article.board == board)
    article = session.scalar(stmt.with_for_update() if lock else stmt)
    if article is None:
        raise _not_found()
    return article


def edit(session: Session, user: User, board: str, article_id: int,
         body: c.ArticleIn) -> Article:
    article = for_officer(session, board, article_id, lock=True)
    if article.status not in EDITABLE:
        raise AppError(409, "news.not_editable",
                       "게시 중인 글은 고칠 수 없습니다. 먼저 게시를 중지한 뒤 고쳐 주세요.")
    _check(board, body)
    before = article.status
    _apply(article, body)
    article.cover_token = images.attach(session, board, article.id, body.image_ids)
    article.updated_by_id = user.id
    if before == "unpublished":
        article.status = "draft"  # changed text is reviewed before citizens see it again
    _record(session, article, user, "edited", before)
    session.flush()
    return article


def set_pinned(session: Session, user: User, board: str, article_id: int,
               pinned: bool) -> Article:
    article = for_officer(session, board, article_id, lock=True)
    if article.pinned != pinned:
        article.pinned, article.updated_by_id = pinned, user.id
        _record(session, article, user, "pinned" if pinned else "unpinned", article.status)
    session.flush()
    return article


def act(session: Session, user: User, board: str, article_id: int, action: str,
        now: datetime | None = None) -> Article:
    """submit / return / publish / unpublish; an illegal move is a 409 saying why."""
    now = now or utcnow()
    article = for_officer(session, board, article_id, lock=True)
    starts, to = TRANSITIONS[action]
    before = article.status
    if before not in starts:
        said = f"'{c.STATUS_NAMES[before]}' 상태의 글은 {_VERBS[action]} 수 없습니다."
        raise AppError(409, "news.state", " ".join(x for x in (said, _HINTS.get((action, before)))
                                                    if x))
    article.status, article.updated_by_id = to, user.id
    if action == "submit":
        article.submitted_by_id, article.submitted_at = user.id, now
    elif action == "publish":
        article.published_by_id = user.id
        if article.publish_at is not None and article.publish_at > now:
            article.published_at = article.publish_at  # scheduled: shown from then on
        elif before == "review" or article.published_at is None:
            article.published_at = now
        # else: published again unchanged: it keeps its place in the feed
    elif action == "unpublish":
        article.unpublished_by_id, article.unpublished_at = user.id, now
    _record(session, article, user, action, before)
    session.flush()
    return article


def officer_list(session: Session, board: str, *, status: str | None = None,
                 cursor: str | None = None, limit: int = PAGE) -> tuple[list[Article], str | None]:
    """Every article of the board, newest written first."""
    stmt = select(Article).where(Article.board == board)
    if status:
        stmt = stmt.where(Article.status == status)
    if cursor:
        if parse_id(cursor) is None:
            raise _bad_cursor()
        stmt = stmt.where(Article.id < int(cursor))
    rows = list(session.scalars(stmt.order_by(Article.id.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (str(rows[-1].id) if more and rows else None)


# --- citizens: reading -------------------------------------------------------------------

def _visible(now: datetime):
    return (Article.status == "published") & (Article.published_at <= now)


def public_article(session: Session, board: str, article_id: int,
                   now: datetime | None = None) -> Article:
    article = session.scalar(select(Article).where(
        Article.id == article_id, Article.board == board, _visible(now or utcnow())))
    if article is None:
        raise _not_found()
    return article


def _bad_cursor() -> AppError:
    return AppError(422, "news.bad_cursor", "목록 위치 값이 올바르지 않습니다. 처음부터 다시 보세요.",
                    field="cursor")


def _micros(at: datetime) -> int:
    return (at - EPOCH) // timedelta(microseconds=1)


def cursor_of(article: Article) -> str:
    assert article.published_at is not None
    return f"{int(article.pinned)}.{_micros(article.published_at)}.{article.id}"


def parse_cursor(cursor: str) -> tuple[bool, datetime, int]:
    m = _CURSOR.match(cursor)
    if m is None or int(m.group(3)) > INT32_MAX:
        raise _bad_cursor()
    try:
        at = EPOCH + timedelta(microseconds=int(m.group(2)))
    except OverflowError:
        raise _bad_cursor() from None
    return m.group(1) == "1", at, int(m.group(3))


def _older(at: datetime, ident: int):
    return (Article.published_at < at) | ((Article.published_at == at) & (Article.id < ident))


def feed(session: Session, board: str, *, dong_codes: Collection[str] = (),
         cursor: str | None = None, limit: int = PAGE,
         now: datetime | None = None) -> tuple[list[Article], str | None]:
    """A board's published, due articles: pinned first, then newest (published time, id)."""
    stmt = select(Article).where(Article.board == board, _visible(now or utcnow()))
    if dong_codes:
        stmt = stmt.where(Article.dong_code.in_(list(dong_codes)))
    if cursor:
        pinned, at, ident = parse_cursor(cursor)
        after = _older(at, ident)
        stmt = stmt.where((Article.pinned.is_(False) | (Article.pinned.is_(True) & after))
                          if pinned else (Article.pinned.is_(False) & after))
    rows = list(session.scalars(stmt.order_by(
        Article.pinned.desc(), Article.published_at.desc(), Article.id.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (cursor_of(rows[-1]) if more and rows else None)


def latest(session: Session, *, board: str | None = None,
           dong_codes: Collection[str] | None = None, limit: int = 50,
           before: tuple[datetime, int] | None = None, cards: bool = False) -> list:
    """Published, due articles, newest first (published time, then id); for 맞춤 정보.

    board: "city" or "town" (None: both). dong_codes: town articles only of these 읍면동
    (city articles are the whole city's and are never filtered by it; None: every town).
    before: (published_at, id) of the last article already shown, for the next page.
    cards: plain rows of what a card shows (id, board, dong_code, title, summary, category,
    published_at, demo, cover_token; no body, `summary` may be None) instead of Articles: a
    feed reads hundreds per request.
    Served by the ix_news_articles_* indexes (status, published_at, id).
    """
    columns = (Article.id, Article.board, Article.dong_code, Article.title, Article.summary,
               Article.category, Article.published_at, Article.demo, Article.cover_token)
    stmt = (select(*columns) if cards else select(Article)).where(_visible(utcnow()))
    if board is not None:
        stmt = stmt.where(Article.board == board)
    if dong_codes is not None:
        codes = list(dong_codes)
        stmt = stmt.where((Article.board == "city") | Article.dong_code.in_(codes)
                          if board != "town" else Article.dong_code.in_(codes))
    if before is not None:
        stmt = stmt.where(_older(*before))
    stmt = stmt.order_by(Article.published_at.desc(), Article.id.desc()).limit(
        max(0, min(limit, 500)))
    return list(session.execute(stmt).all() if cards else session.scalars(stmt))
