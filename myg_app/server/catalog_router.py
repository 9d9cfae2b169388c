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


_BODY_HEADERS = [(b"content-type", b"application/json"),
                 (b"content-length", str(len(CATALOG_BODY)).encode()),
                 (b"etag", CATALOG_ETAG.encode()), (b"cache-control", b"no-cache")]
_NOT_MODIFIED_HEADERS = [(b"etag", CATALOG_ETAG.encode()), (b"cache-control", b"no-cache")]


class CatalogFastPath:
    """Raw ASGI in front of the app for `GET /api/v1/catalog`: the same bytes, ETag and 304 as
    the documented route above, without routing, dependency solving or a Response object.
    Every app start asks for the catalog, so this is the API's hottest request; any other
    request (and HEAD, query strings) goes on to the app unchanged."""

    def __init__(self, app, path: str = "/api/v1/catalog"):
        self.app = app
        self.path = path

    async def __call__(self, scope, receive, send):
        if (scope["type"] != "http" or scope["path"] != self.path or scope["method"] != "GET"
                or scope.get("query_string")):
            await self.app(scope, receive, send)
            return
        scope["myg.route"] = self.path  # the metrics' route label (observability/metrics.py)
        inm = next((v for k, v in scope["headers"] if k == b"if-none-match"), None)
        if inm is not None and etag_matches(inm.decode("latin-1"), CATALOG_ETAG):
            await send({"type": "http.response.start", "status": 304,
                        "headers": _NOT_MODIFIED_HEADERS})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": _BODY_HEADERS})
        await send({"type": "http.response.body", "body": CATALOG_BODY})
