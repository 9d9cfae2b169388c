"""Open311 GeoReport v2 for 생활불편 신고: discovery, services, service definitions, requests
(GET with filters, POST with a partner api_key) in JSON and XML, and the spec's error format.

Parameters are read from the request by hand (not FastAPI validation) so that every error
leaves in the GeoReport format ([{code, description}]) and in the requested format.
Extensions beyond the spec: `bbox` (west,south,east,north like GeoJSON), `lat`+`long`+`radius`
(metres), `page`/`page_size`.
"""
from __future__ import annotations

import math
import re
from datetime import datetime, timedelta

from fastapi import APIRouter, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.contracts import types as t
from myg_app import catalog
from myg_app.contracts import open311 as o311
from myg_app.contracts import reports as c
from myg_app.contracts.types import clean_line, clean_long, parse_id
from myg_app.seoul_time import SEOUL
from myg_app.server.auth.deps import Admin
from myg_app.server.db import utcnow
from myg_app.server.deps import SessionDep
from myg_app.server.open311 import keys
from myg_app.server.open311.render import respond
from myg_app.server.problems import AppError, problem_responses
from myg_app.server.reports import filing, geo, present, uploads
from myg_app.server.reports.models import Report

BASE = "/open311/v2"
JURISDICTION = "gwangyang.go.kr"
CHANGESET = "2026-11-25T00:00:00+09:00"
MAX_SPAN = timedelta(days=90)
MAX_ROWS = 1000
DESCRIPTION_MAX = 4000
SERVICE_NOTICE = "접수 후 7일 안에 처리합니다. 처리 상황은 이 번호로 조회할 수 있습니다."

router = APIRouter(prefix=BASE, tags=["open311"])
keys_router = APIRouter(prefix="/open311/keys", tags=["open311"])


class O311Failure(Exception):
    def __init__(self, code: int, description: str):
        super().__init__(description)
        self.code = code
        self.description = description


def _fmt(fmt: str) -> str:
    if fmt not in ("json", "xml"):
        raise O311Failure(404, f"지원하지 않는 형식입니다 (format '{fmt}' not supported: json, xml)")
    return fmt


def _error(fmt: str, e: O311Failure) -> Response:
    return respond(fmt if fmt in ("json", "xml") else "json",
                   [o311.O311Error(code=e.code, description=e.description)],
                   root="errors", item="error", status=e.code)


def _iso(dt: datetime | None) -> str | None:
    return dt.astimezone(SEOUL).isoformat(timespec="seconds") if dt else None


def _jurisdiction(params) -> None:
    j = params.get("jurisdiction_id")
    if j and j != JURISDICTION:
        raise O311Failure(404, f"알 수 없는 관할입니다 (unknown jurisdiction_id; use {JURISDICTION})")


# --- discovery and services -------------------------------------------------------------

@router.get("/discovery.{fmt}", summary="GeoReport v2 discovery")
def discovery(fmt: str, request: Request) -> Response:
    try:
        fmt = _fmt(fmt)
    except O311Failure as e:
        return _error("json", e)
    url = str(request.url_for("services", fmt="json")).rsplit("/", 1)[0]
    body = o311.O311Discovery(
        changeset=CHANGESET,
        contact=f"{catalog.CITY_HELP_DESK} {catalog.CITY_HELP_PHONE}",
        key_service="API 키는 광양시가 협력 앱에 발급합니다 (" + catalog.CITY_HELP_PHONE + ").",
        endpoints=[o311.O311Endpoint(url=url, changeset=CHANGESET)])
    return respond(fmt, body, root="discovery")


def _service(cat: c.Category) -> o311.O311Service:
    return o311.O311Service(service_code=cat.code, service_name=cat.name,
                         description=cat.description, metadata=bool(cat.attributes),
                         keywords=",".join(cat.keywords), group="생활불편")


@router.get("/services.{fmt}", summary="서비스(신고 분야) 목록")
def services(fmt: str, request: Request) -> Response:
    try:
        fmt = _fmt(fmt)
        _jurisdiction(request.query_params)
    except O311Failure as e:
        return _error(fmt, e)
    return respond(fmt, [_service(cat) for cat in c.CATEGORIES], root="services", item="service")


@router.get("/services/{code}.{fmt}", summary="서비스 정의 (속성)")
def service_definition(code: str, fmt: str, request: Request) -> Response:
    try:
        fmt = _fmt(fmt)
        _jurisdiction(request.query_params)
        cat = c.CATEGORY_BY_CODE.get(code)
        if cat is None:
            raise O311Failure(404, f"없는 서비스입니다 (service_code '{code}' not found)")
    except O311Failure as e:
        return _error(fmt, e)
    body = o311.O311ServiceDefinition(service_code=cat.code, attributes=[
        o311.O311Attribute(code=a.code, datatype=a.datatype, required=a.required, order=a.order,
                        description=a.description, datatype_description=None,
                        values=[o311.O311AttributeValue(key=v.key, name=v.name) for v in a.values])
        for a in cat.attributes])
    return respond(fmt, body, root="service_definition")


# --- requests ---------------------------------------------------------------------------

def _o311_request(r, media: str | None) -> o311.O311Request:
    cat = c.CATEGORY_BY_CODE[r.category]
    notes = f"[{c.STATUS_NAMES[r.status]}] {r.status_note}" if r.status_note else \
        f"[{c.STATUS_NAMES[r.status]}]"
    is_open = r.status in c.OPEN_STATUSES
    # model_construct: every value comes from our own database, already in shape.
    return o311.O311Request.model_construct(
        address_id=None, zipcode=None, service_request_id=str(r.id), status="open" if is_open else "closed",
        status_notes=notes, service_name=cat.name, service_code=cat.code,
        description=r.description, agency_responsible=f"광양시 {r.department}",
        service_notice=SERVICE_NOTICE, requested_datetime=_iso(r.created_at),
        updated_datetime=_iso(r.updated_at), expected_datetime=_iso(r.due_at) if is_open else None,
        address=r.address or r.area, lat=r.lat, long=r.long, media_url=media)


def _media(request: Request, session: Session, rows: list) -> dict[int, str | None]:
    photos = uploads.photos_of(session, [r.id for r in rows])
    root = str(request.base_url).rstrip("/")
    out: dict[int, str | None] = {}
    for r in rows:
        first = photos[r.id][0] if photos[r.id] else None
        out[r.id] = root + present.photo_out(first).url if first else r.external_media_url
    return out


def _date(value: str | None, name: str) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace(" ", "+"))
    except ValueError:
        raise O311Failure(400, f"{name}는 ISO 8601 날짜여야 합니다 (예: 2026-11-01T00:00:00+09:00)") \
            from None
    return dt if dt.tzinfo else dt.replace(tzinfo=SEOUL)


def _float(params, name: str) -> float | None:
    v = params.get(name)
    if v in (None, ""):
        return None
    try:
        f = float(v)
    except ValueError:
        raise O311Failure(400, f"{name} 값이 숫자가 아닙니다 ({name} must be a number)") from None
    if not math.isfinite(f):
        raise O311Failure(400, f"{name} 값이 올바르지 않습니다")
    return f


def _int(params, name: str, default: int, lo: int, hi: int) -> int:
    v = params.get(name)
    if v in (None, ""):
        return default
    try:
        i = int(v)
    except ValueError:
        raise O311Failure(400, f"{name} 값이 정수가 아닙니다") from None
    if not lo <= i <= hi:
        raise O311Failure(400, f"{name}는 {lo}~{hi} 사이여야 합니다")
    return i


def _ids(value: str) -> list[int]:
    ids = [parse_id(x.strip()) for x in value.split(",") if x.strip()]
    if None in ids:
        raise O311Failure(400, "service_request_id는 쉼표로 구분한 번호여야 합니다")
    return ids


LIST_COLUMNS = (Report.id, Report.status, Report.status_note, Report.category, Report.description,
                Report.department, Report.created_at, Report.updated_at, Report.due_at,
                Report.address, Report.area, Report.lat, Report.long, Report.external_media_url)


def query_requests(session: Session, params, now: datetime | None = None) -> list:
    """GET requests: the spec's filters, defaults (90 days, 1,000 rows) and our extensions."""
    now = now or utcnow()
    # Plain rows of the columns the answer needs: no ORM objects to build for 1,000 rows.
    stmt = select(*LIST_COLUMNS)
    if ids := params.get("service_request_id"):
        wanted = _ids(ids)[:MAX_ROWS]
        return list(session.execute(stmt.where(Report.id.in_(wanted)).order_by(Report.id)))
    if codes := params.get("service_code"):
        code_list = [x.strip() for x in codes.split(",") if x.strip()]
        unknown = [x for x in code_list if x not in c.CATEGORY_BY_CODE]
        if unknown:
            raise O311Failure(400, f"없는 service_code입니다: {', '.join(unknown)}")
        stmt = stmt.where(Report.category.in_(code_list))
    start, end = _date(params.get("start_date"), "start_date"), _date(params.get("end_date"),
                                                                      "end_date")
    if start and end and end - start > MAX_SPAN:
        raise O311Failure(400, "start_date와 end_date 사이는 90일을 넘을 수 없습니다")
    if start and end and end < start:
        raise O311Failure(400, "end_date가 start_date보다 앞섭니다")
    if start is None and end is None:
        start, end = now - MAX_SPAN, None
    elif start is None:
        start = end - MAX_SPAN
    elif end is None:
        end = start + MAX_SPAN
    stmt = stmt.where(Report.created_at >= start)
    if end is not None:
        stmt = stmt.where(Report.created_at <= end)
    if status := params.get("status"):
        wanted_status = {s.strip() for s in status.split(",") if s.strip()}
        if not wanted_status <= {"open", "closed"}:
            raise O311Failure(400, "status는 open 또는 closed입니다")
        if wanted_status == {"open"}:
            stmt = stmt.where(Report.status.in_(c.OPEN_STATUSES))
        elif wanted_status == {"closed"}:
            stmt = stmt.where(Report.status.not_in(c.OPEN_STATUSES))
    if bbox := params.get("bbox"):
        try:
            west, south, east, north = (float(x) for x in bbox.split(","))
        except ValueError:
            raise O311Failure(400, "bbox는 '서경,남위,동경,북위' 네 숫자입니다 "
                                   "(bbox=west,south,east,north)") from None
        stmt = stmt.where(Report.lat.between(south, north), Report.long.between(west, east))
    lat, long = _float(params, "lat"), _float(params, "long")
    if (lat is None) != (long is None):
        raise O311Failure(400, "lat와 long은 함께 보내야 합니다")
    radius = _float(params, "radius")
    if lat is not None and radius is not None:
        b = geo.box_around(lat, long, radius)
        stmt = stmt.where(Report.lat.between(b.min_lat, b.max_lat),
                          Report.long.between(b.min_long, b.max_long))
    page_size = _int(params, "page_size", MAX_ROWS, 1, MAX_ROWS)
    page = _int(params, "page", 1, 1, 100_000)
    rows = list(session.execute(stmt.order_by(Report.created_at.desc(), Report.id.desc())
                                .limit(page_size).offset((page - 1) * page_size)))
    if lat is not None and radius is not None:
        rows = [r for r in rows if r.lat is not None
                and geo.distance_m(lat, long, r.lat, r.long) <= radius]
    return rows


@router.get("/requests.{fmt}", name="open311_requests", summary="신고 목록 (필터)")
def list_requests(fmt: str, request: Request, session: SessionDep) -> Response:
    try:
        fmt = _fmt(fmt)
        _jurisdiction(request.query_params)
        rows = query_requests(session, request.query_params)
    except O311Failure as e:
        return _error(fmt, e)
    media = _media(request, session, rows)
    return respond(fmt, [_o311_request(r, media[r.id]) for r in rows],
                   root="service_requests", item="request")


@router.get("/requests/{request_id}.{fmt}", summary="신고 한 건")
def get_request(request_id: str, fmt: str, request: Request, session: SessionDep) -> Response:
    try:
        fmt = _fmt(fmt)
        _jurisdiction(request.query_params)
        rid = parse_id(request_id)
        r = session.get(Report, rid) if rid is not None else None
        if r is None:
            raise O311Failure(404, f"신고를 찾을 수 없습니다 (service_request_id '{request_id}' not found)")
    except O311Failure as e:
        return _error(fmt, e)
    return respond(fmt, [_o311_request(r, _media(request, session, [r])[r.id])],
                   root="service_requests", item="request")


_ATTR = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")


@router.post("/requests.{fmt}", summary="신고 접수 (협력 앱, api_key 필요)")
async def post_request(fmt: str, request: Request, session: SessionDep) -> Response:
    try:
        fmt = _fmt(fmt)
        form = await request.form()
        params = {**dict(request.query_params), **{k: v for k, v in form.items()
                                                    if isinstance(v, str)}}
        _jurisdiction(params)
        key = keys.key_for(session, params.get("api_key"))
        if key is None:
            raise O311Failure(403, "api_key가 없거나 올바르지 않습니다 (invalid api_key)")
        code = params.get("service_code")
        if not code:
            raise O311Failure(400, "service_code가 필요합니다 (service_code required)")
        if code not in c.CATEGORY_BY_CODE:
            raise O311Failure(404, f"없는 서비스입니다 (service_code '{code}' not found)")
        lat, long = _float(params, "lat"), _float(params, "long")
        address = clean_line(params.get("address_string") or "").strip()[:200] or None
        if (lat is None) != (long is None):
            raise O311Failure(400, "lat와 long은 함께 보내야 합니다")
        if lat is not None and not c.in_bounds(lat, long):
            raise O311Failure(400, "광양시 밖의 위치입니다 (location outside Gwangyang)")
        if lat is None and address is None:
            if params.get("address_id"):
                raise O311Failure(400, "address_id는 지원하지 않습니다. lat/long 또는 address_string을 "
                                       "보내 주세요")
            raise O311Failure(400, "위치가 필요합니다: lat+long 또는 address_string")
        description = clean_long(params.get("description") or "").strip() or None
        if description and len(description) > DESCRIPTION_MAX:
            raise O311Failure(400, "description은 4,000자 이하여야 합니다")
        media_url = clean_line(params.get("media_url") or "").strip() or None
        if media_url and (not media_url.startswith(("https://", "http://")) or len(media_url) > 500):
            raise O311Failure(400, "media_url은 http(s) 주소여야 합니다")
        attributes: dict[str, str] = {}
        for k in form.keys():
            if m := _ATTR.match(k):
                values = [v for v in form.getlist(k) if isinstance(v, str)]
                # Our attributes are single-choice; a multi value keeps the first choice.
                if values:
                    attributes[clean_line(m.group(1))] = clean_line(values[0])
        try:
            r = filing.create_open311(session, key, code, description, lat, long, address,
                                      attributes, media_url)
        except AppError as e:
            raise O311Failure(400, e.detail) from None
    except O311Failure as e:
        return _error(fmt, e)
    body = [o311.O311Created(service_request_id=str(r.id), service_notice=SERVICE_NOTICE,
                          account_id=None)]
    return respond(fmt, body, root="service_requests", item="request", status=201)


# --- partner keys (admin) -----------------------------------------------------------------



def _key_out(k) -> o311.ApiKeyOut:
    return o311.ApiKeyOut(id=k.id, name=k.name, prefix=k.prefix, created_at=k.created_at,
                       revoked=k.revoked_at is not None)


@keys_router.get("", response_model=o311.ApiKeyList, responses=problem_responses(401, 403),
                 summary="Open311 API 키 목록 (관리자)")
def list_keys(_: Admin, session: SessionDep) -> o311.ApiKeyList:
    return o311.ApiKeyList(items=[_key_out(k) for k in keys.list_keys(session)])


@keys_router.post("", status_code=201, response_model=o311.ApiKeyIssued,
                  responses=problem_responses(401, 403, 422),
                  summary="협력 앱에 Open311 API 키 발급 (키는 이때 한 번만 보임)")
def issue_key(body: o311.ApiKeyCreate, _: Admin, session: SessionDep) -> o311.ApiKeyIssued:
    row, key = keys.issue_key(session, body.name)
    return o311.ApiKeyIssued(**_key_out(row).model_dump(), api_key=key)


@keys_router.post("/{key_id}/revoke", status_code=204, responses=problem_responses(401, 403, 404),
                  summary="API 키 폐기")
def revoke_key(key_id: t.Id, _: Admin, session: SessionDep) -> Response:
    if not keys.revoke_key(session, key_id):
        raise AppError(404, "open311.key_not_found", "API 키를 찾을 수 없습니다.")
    return Response(status_code=204)
