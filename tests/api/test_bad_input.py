"""Bad input never reaches a 500 (the fuzzer's and the issue's examples), on SQLite and
PostgreSQL: integers beyond what the database stores, NUL and other control characters,
odd Open311 ids; plus the safety net behind the contract types and keep-alive after a 500."""
from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from myg_app.server.app import create_app
from myg_app.server.reports.models import Report

from .conftest import assert_problem
from .live import serve
from .reports_helpers import file_report, make_user
from .test_open311 import partner_key, post as o311_post

V2 = "/api/v1/open311/v2"
TOO_BIG_PG = 3_000_000_000  # > 2^31-1: PostgreSQL INTEGER
TOO_BIG_SQLITE = 9_223_372_036_854_775_808  # 2^63: beyond SQLite's 64-bit INTEGER


def _korean_422(r) -> dict:
    body = assert_problem(r, 422, "validation_error")
    assert any("\uac00" <= ch <= "\ud7a3" for ch in body["detail"]), body
    return body


# --- integers too large -------------------------------------------------------------------

@pytest.mark.parametrize("n", [TOO_BIG_PG, TOO_BIG_SQLITE, 0, -1])
def test_ids_out_of_range_in_the_path_are_422(api, n):
    body = _korean_422(api.client.get(f"/api/v1/reservations/resources/{n}"))
    assert body["errors"][0]["field"] == "path.resource_id"


def test_huge_ids_across_operations(api):
    citizen = make_user(api)
    h = citizen["headers"]
    for method, path in [("get", f"/api/v1/reports/{TOO_BIG_PG}"),
                         ("get", f"/api/v1/waste/bookings/{TOO_BIG_SQLITE}"),
                         ("get", f"/api/v1/reservations/bookings/{TOO_BIG_PG}"),
                         ("get", f"/api/v1/chat/conversations/{TOO_BIG_PG}/messages"),
                         ("get", f"/api/v1/chat/conversations/1/messages?after_seq={TOO_BIG_SQLITE}"),
                         ("post", f"/api/v1/me/notices/{TOO_BIG_PG}/read"),
                         ("get", f"/api/v1/sos/requests/{TOO_BIG_SQLITE}")]:
        _korean_422(getattr(api.client, method)(path, headers=h))


def test_huge_integers_in_bodies_are_422(api):
    r = api.client.post("/api/v1/waste/quote",
                        json={"items": [{"item_id": TOO_BIG_PG, "quantity": 1}]})
    body = _korean_422(r)
    assert body["errors"][0] == {"field": "items.0.item_id", "message": "숫자가 너무 큽니다."}
    _korean_422(api.client.post("/api/v1/waste/quote",
                                json={"items": [{"item_id": TOO_BIG_SQLITE, "quantity": 1}]}))
    citizen = make_user(api)
    _korean_422(api.client.post("/api/v1/reservations/bookings", headers=citizen["headers"],
                                json={"resource_id": TOO_BIG_PG}))


# --- NUL bytes and control characters -------------------------------------------------------

def test_nul_in_login_and_password_reset_is_refused_in_korean(api):
    body = _korean_422(api.client.post("/api/v1/auth/login",
                                       json={"email": "a\u0000@x", "password": "whatever1"}))
    assert body["errors"][0]["field"] == "email" and "제어 문자" in body["errors"][0]["message"]
    _korean_422(api.client.post("/api/v1/auth/password-reset", json={"email": "a\u0000@x.kr"}))


def test_nul_in_a_query_filter_is_stripped(api):
    r = api.client.get("/api/v1/reservations/resources?dong=%00")
    assert r.status_code == 200, r.text
    r = api.client.get("/api/v1/directory?q=%EC%97%AC%EA%B6%8C%00")  # 여권\0
    assert r.status_code == 200 and r.json()["query"] == "여권"


def test_names_drop_pasted_control_characters(api):
    tokens = api.register(name="홍\u0000길\u0007동")
    h = api.bearer(tokens)
    assert api.client.get("/api/v1/me", headers=h).json()["name"] == "홍길동"
    r = api.client.patch("/api/v1/me/profile", headers=h, json={"name": "김\u0000광양"})
    assert r.status_code == 200 and r.json()["name"] == "김광양"


def test_chat_message_and_sos_note_with_nul(api):
    tokens = api.register()
    h = api.bearer(tokens)
    conv = api.client.post("/api/v1/chat/conversations", json={}, headers=h).json()
    r = api.client.post(f"/api/v1/chat/conversations/{conv['id']}/messages", headers=h,
                        json={"client_msg_id": uuid.uuid4().hex, "body": "안녕\u0000하세요\n둘째 줄\t끝"})
    assert r.status_code == 201, r.text
    assert r.json()["body"] == "안녕하세요\n둘째 줄\t끝"  # newlines and tabs kept
    r = api.client.post("/api/v1/sos/requests", json={
        "kind": "livelihood", "phone": "010-1234-5678", "note": "도와\u0000주세요", "consent": True})
    assert r.status_code == 201, r.text
    assert r.json()["note"] == "도와주세요"


def test_open311_description_with_nul_and_control_characters(api):
    key = partner_key(api)
    r = o311_post(api, api_key=key, service_code="road", address_string="중마동\u0000",
                  description="ctrl \u0001 보도블록\u0000 파손")
    assert r.status_code == 201, r.text
    rid = r.json()[0]["service_request_id"]
    got = api.client.get(f"{V2}/requests/{rid}.json").json()[0]
    assert got["description"] == "ctrl  보도블록 파손" and got["address"] == "중마동"


# --- Open311 ids ------------------------------------------------------------------------------

@pytest.mark.parametrize("rid", ["99999999999999999999999", "%C2%B2", "0", "-1", "abc"])
def test_open311_odd_request_ids_are_404_in_georeport_format(api, rid):
    r = api.client.get(f"{V2}/requests/{rid}.json")
    assert r.status_code == 404 and r.json()[0]["code"] == 404
    r = api.client.get(f"{V2}/requests/{rid}.xml")
    assert r.status_code == 404 and ET.fromstring(r.content).tag == "errors"


@pytest.mark.parametrize("ids", ["99999999999999999999999", "1,²", "1,-2"])
def test_open311_odd_service_request_id_filter_is_400(api, ids):
    r = api.client.get(f"{V2}/requests.json", params={"service_request_id": ids})
    assert r.status_code == 400 and r.json()[0]["code"] == 400


def test_open311_xml_stays_well_formed_with_stored_control_characters(api):
    """A report stored before the boundary rules (or by any other path) cannot break the feed."""
    citizen = make_user(api)
    rid = file_report(api, citizen["headers"]).json()["id"]
    with api.client.app.state.sessionmaker.begin() as s:
        s.execute(update(Report).where(Report.id == rid)
                  .values(description="ctrl \x01\x0b\x1f end", address="주소\x02"))
    r = api.client.get(f"{V2}/requests.xml")
    assert r.status_code == 200
    root = ET.fromstring(r.content)  # would raise on malformed XML
    req = next(x for x in root.findall("request") if x.findtext("service_request_id") == str(rid))
    assert req.findtext("description") == "ctrl  end" and req.findtext("address") == "주소"


# --- the safety net and keep-alive ------------------------------------------------------------

def test_database_range_errors_are_422_not_500(settings):
    from sqlalchemy.exc import DataError

    app = create_app(settings)

    @app.get("/api/v1/overflow")
    def overflow():
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    @app.get("/api/v1/dataerror")
    def dataerror():
        raise DataError("SELECT", {}, Exception("integer out of range"))

    with TestClient(app) as client:
        for path in ("/api/v1/overflow", "/api/v1/dataerror"):
            body = _korean_422(client.get(path))
            assert "integer" not in body["detail"]


def test_a_500_keeps_the_keep_alive_connection(settings):
    app = create_app(settings)

    @app.get("/api/v1/boom")
    def boom():
        raise RuntimeError("unexpected")

    def local_port(r: httpx.Response) -> int:
        return r.extensions["network_stream"].get_extra_info("client_addr")[1]

    with serve(app, ready_path="/api/v1/catalog") as url, httpx.Client(base_url=url) as client:
        first = client.get("/api/v1/catalog")
        port = local_port(first)
        boom = client.get("/api/v1/boom")
        boom_port = local_port(boom)
        after = client.get("/api/v1/catalog")
        after_port = local_port(after)
    assert first.status_code == 200 and after.status_code == 200
    assert boom.status_code == 500 and boom.json()["code"] == "internal_error"
    assert boom.headers["content-type"] == "application/problem+json"
    assert boom.headers.get("connection", "").lower() != "close"
    assert port == boom_port == after_port  # one connection all along


# --- the document tells the truth ---------------------------------------------------------------

def test_openapi_documents_problem_json_and_the_statuses_each_operation_gives(api):
    spec = api.client.get("/openapi.json").json()
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    get_resource = spec["paths"]["/api/v1/reservations/resources/{resource_id}"]["get"]
    assert get_resource["responses"]["422"]["content"] == problem
    assert get_resource["responses"]["404"]["content"] == problem
    param = get_resource["parameters"][0]["schema"]
    assert param["minimum"] == 1 and param["maximum"] == 2**31 - 1
    inbox = spec["paths"]["/api/v1/officer/reports"]["get"]["responses"]
    assert {"401", "403", "422"} <= set(inbox)
    booking = spec["paths"]["/api/v1/waste/bookings"]["post"]["responses"]
    assert {"400", "401", "409", "422"} <= set(booking)
    for path, item in spec["paths"].items():
        for method, op in item.items():
            for status, response in op.get("responses", {}).items():
                if status.startswith(("4", "5")) and not path.startswith(("/oidc/", f"/api/v1{V2[7:]}")):
                    assert "application/problem+json" in response["content"], (path, method, status)
