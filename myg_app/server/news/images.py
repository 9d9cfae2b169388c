"""Pictures of articles: checked and re-encoded with Pillow (reports/photos.py: the format is
read from the bytes, EXIF and location dropped by re-encoding), a 480 px wide thumbnail made
here, both kept in the database (every worker and every backup has them; no shared disk)."""
from __future__ import annotations

import io
import uuid
from datetime import timedelta

from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError
from myg_app.server.news.models import NewsImage
from myg_app.server.reports import photos as ph

THUMB_WIDTH = 480
THUMB_MAX_HEIGHT = 960  # a very tall picture is not a 480 x 5000 thumbnail
PENDING_TTL = timedelta(hours=24)
MAX_PENDING = 30  # uploaded but not in an article yet, per officer (abuse guard)


def make_thumb(public_jpeg: bytes) -> bytes:
    with Image.open(io.BytesIO(public_jpeg)) as img:
        img = img.convert("RGB")
        img.thumbnail((THUMB_WIDTH, THUMB_MAX_HEIGHT))
        out = io.BytesIO()
        img.save(out, "JPEG", quality=80, optimize=True)  # pixels only, no metadata
        return out.getvalue()


def process(data: bytes, filename: str = "") -> tuple[ph.Processed, bytes]:
    """(the checked public copy, its thumbnail); AppError 413/415 with a Korean message."""
    try:
        p = ph.process(data, filename)
    except ph.PhotoRejected as e:
        raise AppError(413 if e.code == "photo.too_large" else 415, f"news.{e.code}", e.detail,
                       field="content_base64") from None
    return p, make_thumb(p.public)


def store(session: Session, board: str, uploader: User | None, data: bytes,
          filename: str = "") -> NewsImage:
    p, thumb = process(data, filename)
    image = NewsImage(token=str(uuid.uuid4()), board=board,
                      uploader_id=uploader.id if uploader else None, original_type=p.kind,
                      size=len(data), width=p.width, height=p.height, public=p.public,
                      thumb=thumb)
    session.add(image)
    session.flush()
    return image


def upload(session: Session, user: User, board: str, filename: str, data: bytes) -> NewsImage:
    _purge_pending(session)
    pending = session.scalar(select(func.count()).select_from(NewsImage).where(
        NewsImage.uploader_id == user.id, NewsImage.article_id.is_(None))) or 0
    if pending >= MAX_PENDING:
        raise AppError(429, "news.too_many_images",
                       "글에 넣지 않은 사진이 너무 많습니다. 글을 저장한 뒤 다시 올려 주세요.")
    return store(session, board, user, data, filename)


def _purge_pending(session: Session) -> None:
    """Pictures never put in an article are deleted after a day."""
    old = list(session.scalars(select(NewsImage).where(
        NewsImage.article_id.is_(None), NewsImage.created_at < utcnow() - PENDING_TTL
    ).limit(100)))
    for image in old:
        session.delete(image)
    if old:
        session.flush()


def by_token(session: Session, token: str) -> NewsImage | None:
    return session.scalar(select(NewsImage).where(NewsImage.token == token))


def bytes_of(session: Session, token: str, variant: str) -> bytes | None:
    """The stored JPEG (`public` or `thumb`) without loading the other one."""
    column = NewsImage.thumb if variant == "thumb" else NewsImage.public
    return session.scalar(select(column).where(NewsImage.token == token))


def of_article(session: Session, article_id: int) -> list[NewsImage]:
    return list(session.scalars(select(NewsImage).where(NewsImage.article_id == article_id)
                                .order_by(NewsImage.position, NewsImage.id)))


def attach(session: Session, board: str, article_id: int, image_ids: list[int]) -> str | None:
    """Make `image_ids` (in this order) the article's pictures; returns the cover token.
    Pictures dropped from the list are deleted (nothing else points at them)."""
    wanted = list(dict.fromkeys(image_ids))
    found = {i.id: i for i in session.scalars(select(NewsImage).where(NewsImage.id.in_(wanted)))}
    for n, image_id in enumerate(wanted):
        image = found.get(image_id)
        if image is None or image.board != board or image.article_id not in (None, article_id):
            raise AppError(422, "news.image_unknown",
                           "고른 사진을 찾을 수 없습니다. 사진을 다시 올려 주세요.", field="image_ids")
        image.article_id, image.position = article_id, n
    for image in of_article(session, article_id):
        if image.id not in found:
            session.delete(image)
    session.flush()
    return found[wanted[0]].token if wanted else None
