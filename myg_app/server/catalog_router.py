"""GET /catalog: the 27 functions, serialised once and served as bytes with a strong ETag.

Hot path (every app start asks for it): no database, no per-request serialisation.
"""
from __future__ import annotations

import hashlib

from fastapi import APIRouter, Request, Response

from myg_app import catalog
from myg_app.contracts.catalog import CatalogItem, CatalogResponse

router = APIRouter(prefix="/catalog", tags=["catalog"])


def _encode(model: CatalogResponse) -> tuple[bytes, str]:
    body = model.model_dump_json().encode()
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


CATALOG_BODY, CATALOG_ETAG = _encode(
    CatalogResponse(items=[CatalogItem.of(f) for f in catalog.FUNCTIONS]))
_HEADERS = {"ETag": CATALOG_ETAG, "Cache-Control": "no-cache"}


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison, as If-None-Match requires: `*`, lists and W/ all match."""
    if not if_none_match:
        return False
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == etag:
            return True
    return False


@router.get("", responses={200: {"model": CatalogResponse}, 304: {"description": "변경 없음"}},
            summary="전체 기능 목록 (27개)")
async def get_catalog(request: Request) -> Response:
    if etag_matches(request.headers.get("if-none-match"), CATALOG_ETAG):
        return Response(status_code=304, headers=_HEADERS)
    return Response(CATALOG_BODY, media_type="application/json", headers=_HEADERS)
