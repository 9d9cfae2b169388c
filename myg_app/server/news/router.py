"""HTTP for 시정 소식 (/news/city…) and 읍면동 소식 (/news/town…): the same routes on two
boards, each board written by its own department (catalog.OWNERS). Citizens and guests read
/news/<board>/articles and /news/<board>.atom; officers work under /news/officer/<board>."""
from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from myg_app.contracts import news as c
from myg_app.contracts import types as t
from myg_app.server.auth.deps import officer_of
from myg_app.server.auth.models import User
from myg_app.server.catalog_router import etag_matches
from myg_app.server.db import utcnow
from myg_app.server.deps import OnceDep, SessionDep, user_scope
from myg_app.server.errors import AppError
from myg_app.server.news import atom, images, present, service
from myg_app.server.problems import problem_responses

router = APIRouter(prefix="/news", tags=["news"])

OFFICERS = {
    "city": officer_of("city_news", code="news.forbidden",
                       detail="시정 소식은 감동시대추진단 담당자만 쓰고 게시할 수 있습니다."),
    "town": officer_of("town_news", code="news.forbidden",
                       detail="읍면동 소식은 총무과 담당자만 쓰고 게시할 수 있습니다."),
}
Cursor = Annotated[t.token(60) | None, Query(description="앞 쪽 답의 next_cursor (처음에는 비움)")]
Limit = Annotated[c.Limit, Query(description="한 번에 받을 글 수 (최대 50)")]
IMAGE_CACHE = "public, max-age=31536000, immutable"  # a token's picture never changes


async def town_dongs(dong: Annotated[list[c.DongCode], Query(
        max_length=12, description="읍면동 코드 (여러 번: dong=jungma&dong=daap; 없으면 모든 읍면동)")
        ] = []) -> list[str]:  # noqa: B006 - FastAPI copies Query defaults
    return list(dict.fromkeys(dong))


async def no_dongs() -> list[str]:
    return []


@router.get("/images/{name}", response_class=Response, summary="소식 사진 (공개본·썸네일)",
            responses={200: {"description": "JPEG", "content": {"image/jpeg": {
                "schema": {"type": "string", "format": "binary"}}}},
                304: {"description": "변경 없음"}, **problem_responses(404)})
def image(name: t.token(60), request: Request, session: SessionDep) -> Response:
    token, _, variant = name.partition(".")
    if variant not in ("jpg", "thumb.jpg") or images.by_token(session, token) is None:
        raise AppError(404, "news.image_not_found", "사진을 찾을 수 없습니다.")
    tag = f'"{token}-{"thumb" if variant == "thumb.jpg" else "full"}"'
    headers = {"ETag": tag, "Cache-Control": IMAGE_CACHE}
    if etag_matches(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers=headers)
    data = images.bytes_of(session, token, "thumb" if variant == "thumb.jpg" else "public")
    return Response(data, media_type="image/jpeg", headers=headers)


def board_routes(board: str) -> None:
    """The routes of one board. `allowed`, `dongs`: the dependencies as parameter defaults
    (with postponed annotations a closure's names cannot be resolved from a string)."""
    allowed = OFFICERS[board].__metadata__[0]
    dongs = Depends(town_dongs if board == "town" else no_dongs)
    name = "시정 소식" if board == "city" else "읍면동 소식"
    officer = f"/officer/{board}"

    @router.get(f"/{board}/articles", response_model=c.ArticlePage,
                responses=problem_responses(422), summary=f"{name} 목록 (고정 글 먼저, 최신 순)")
    def feed(session: SessionDep, cursor: Cursor = None, limit: Limit = service.PAGE,
             dong_codes: list[str] = dongs) -> c.ArticlePage:
        rows, nxt = service.feed(session, board, dong_codes=dong_codes, cursor=cursor,
                                 limit=limit)
        return present.page(rows, nxt)

    @router.get(f"/{board}/articles/{{article_id}}", response_model=c.ArticleDetail,
                responses=problem_responses(404, 422), summary=f"{name} 읽기")
    def read(article_id: t.Id, session: SessionDep) -> c.ArticleDetail:
        return present.detail(session, service.public_article(session, board, article_id))

    @router.get(f"/{board}.atom", response_class=Response, summary=f"{name} Atom 피드",
                responses={200: {"description": "Atom (RFC 4287)", "content": {
                    "application/atom+xml": {"schema": {"type": "string"}}}},
                    **problem_responses(422)})
    def atom_feed(request: Request, session: SessionDep,
                  dong_codes: list[str] = dongs) -> Response:
        rows = service.latest(session, board=board, dong_codes=dong_codes or None)
        body = atom.render(board, rows, base_url=str(request.base_url), self_url=str(request.url),
                           now=utcnow(), dong_names=[c.dong_name(d) or d for d in dong_codes])
        return Response(body, media_type=atom.MEDIA_TYPE,
                        headers={"Cache-Control": "public, max-age=300"})

    # --- the department's officers ---------------------------------------------------------

    @router.get(f"{officer}/articles", response_model=c.OfficerPage,
                responses=problem_responses(401, 403, 422),
                summary=f"{name} 관리: 모든 상태의 글 (최근 작성 순)")
    def officer_list(session: SessionDep, status: Annotated[c.Status | None, Query()] = None,
                     cursor: Cursor = None, limit: Limit = service.PAGE,
                     user: User = allowed) -> c.OfficerPage:
        rows, nxt = service.officer_list(session, board, status=status, cursor=cursor,
                                         limit=limit)
        return present.officer_page(rows, nxt)

    @router.post(f"{officer}/articles", status_code=201, response_model=c.OfficerArticle,
                 responses=problem_responses(401, 403, 422), summary=f"{name} 쓰기 (작성 중으로 저장)")
    def create(body: c.ArticleIn, session: SessionDep, once: OnceDep, user: User = allowed):
        return once(user_scope(user), body, lambda: present.officer(
            session, service.create(session, user, board, body)))

    @router.get(f"{officer}/articles/{{article_id}}", response_model=c.OfficerArticle,
                responses=problem_responses(401, 403, 404, 422), summary=f"{name} 관리: 글 한 건")
    def officer_read(article_id: t.Id, session: SessionDep,
                     user: User = allowed) -> c.OfficerArticle:
        return present.officer(session, service.for_officer(session, board, article_id))

    @router.put(f"{officer}/articles/{{article_id}}", response_model=c.OfficerArticle,
                responses=problem_responses(401, 403, 404, 409, 422), summary=f"{name} 고치기")
    def edit(article_id: t.Id, body: c.ArticleIn, session: SessionDep,
             user: User = allowed) -> c.OfficerArticle:
        return present.officer(session, service.edit(session, user, board, article_id, body))

    @router.put(f"{officer}/articles/{{article_id}}/pinned", response_model=c.OfficerArticle,
                responses=problem_responses(401, 403, 404, 422), summary=f"{name} 맨 위 고정·해제")
    def pin(article_id: t.Id, body: c.PinIn, session: SessionDep,
            user: User = allowed) -> c.OfficerArticle:
        return present.officer(session, service.set_pinned(session, user, board, article_id,
                                                           body.pinned))

    @router.post(f"{officer}/articles/{{article_id}}/{{action}}", response_model=c.OfficerArticle,
                 responses=problem_responses(401, 403, 404, 409, 422),
                 summary=f"{name} 검토 요청(submit)·되돌리기(return)·게시(publish)·게시 중지(unpublish)")
    def act(article_id: t.Id, action: c.Action, session: SessionDep,
            user: User = allowed) -> c.OfficerArticle:
        return present.officer(session, service.act(session, user, board, article_id, action))

    @router.post(f"{officer}/images", status_code=201, response_model=c.ImageOut,
                 responses=problem_responses(401, 403, 413, 415, 422, 429),
                 summary=f"{name} 사진 올리기 (JPG·PNG·WEBP, 글 저장 전에 한 장씩)")
    def upload(body: c.ImageUpload, session: SessionDep, once: OnceDep, user: User = allowed):
        try:
            data = base64.b64decode(body.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise AppError(422, "news.image_encoding", "사진 데이터를 읽을 수 없습니다. 다시 골라 주세요.",
                           field="content_base64") from None
        return once(user_scope(user), body, lambda: present.image_out(
            images.upload(session, user, board, body.filename, data)))


for _board in ("city", "town"):
    board_routes(_board)
