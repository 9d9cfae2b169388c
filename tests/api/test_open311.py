"""Open311 GeoReport v2 over HTTP: services, definitions, requests (GET filters, POST with a
partner key), JSON and XML, the spec's error list, and our statuses mapped to open/closed."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

from myg_app.server.db import utcnow
from myg_app.server.open311 import keys
from myg_app.server.reports.models import Report

from .conftest import assert_problem
from .reports_helpers import JUNGMA, file_report, make_user

V2 = "/api/v1/open311/v2"


def partner_key(api, name: str = "테스트 협력 앱") -> str:
    with api.client.app.state.sessionmaker.begin() as s:
        return keys.issue_key(s, name)[1]


def post(api, fmt: str = "json", **form):
    return api.client.post(f"{V2}/requests.{fmt}", data=form)


def test_services_in_json_and_xml_agree(api):
    js = api.client.get(f"{V2}/services.json").json()
    assert [s["service_code"] for s in js] == ["transit", "toilet", "road", "ads", "noise",
                                               "water", "other"]
    road = next(s for s in js if s["service_code"] == "road")
    assert road["service_name"] == "도로·시설물" and road["metadata"] is True
    assert road["type"] == "realtime" and road["group"] == "생활불편"
    xml = api.client.get(f"{V2}/services.xml")
    assert xml.headers["content-type"].startswith("text/xml")
    root = ET.fromstring(xml.content)
    assert root.tag == "services"
    assert [s.findtext("service_code") for s in root.findall("service")] == \
        [s["service_code"] for s in js]
    assert root.find("service").findtext("metadata") == "true"


def test_service_definition_lists_attributes_and_values(api):
    d = api.client.get(f"{V2}/services/water.json").json()
    attr = d["attributes"][0]
    assert d["service_code"] == "water" and attr["code"] == "flowing"
    assert attr["datatype"] == "singlevaluelist" and attr["variable"] is True
    assert [v["key"] for v in attr["values"]] == ["v1", "v2"]
    root = ET.fromstring(api.client.get(f"{V2}/services/water.xml").content)
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/values/value/name").text == "예, 흐르고 있어요"


def test_errors_use_the_georeport_list_in_the_asked_format(api):
    r = api.client.get(f"{V2}/services/nope.json")
    assert r.status_code == 404 and r.json()[0]["code"] == 404 and r.json()[0]["description"]
    x = api.client.get(f"{V2}/requests/999999.xml")
    assert x.status_code == 404
    err = ET.fromstring(x.content)
    assert err.tag == "errors" and err.find("error/code").text == "404"
    assert api.client.get(f"{V2}/services.yaml").status_code == 404
    wrong_j = api.client.get(f"{V2}/services.json?jurisdiction_id=seoul.go.kr")
    assert wrong_j.status_code == 404
    assert api.client.get(f"{V2}/services.json?jurisdiction_id=gwangyang.go.kr").status_code == 200


def test_post_needs_a_valid_partner_key(api):
    r = post(api, service_code="road", lat="34.94", long="127.69", description="포트홀")
    assert r.status_code == 403 and "api_key" in r.json()[0]["description"]
    bad = post(api, api_key="guess", service_code="road", lat="34.94", long="127.69")
    assert bad.status_code == 403
    key = partner_key(api)
    with api.client.app.state.sessionmaker.begin() as s:
        keys.revoke_key(s, keys.key_for(s, key).id)
    assert post(api, api_key=key, service_code="road", lat="34.94", long="127.69").status_code == 403


def test_post_creates_a_report_officers_handle_like_any_other(api):
    key = partner_key(api)
    r = post(api, api_key=key, service_code="road", lat="34.9415", long="127.6955",
             description="Pothole in front of the crossing", media_url="https://partner.example/p/1.jpg",
             **{"attribute[kind]": "v1", "email": "someone@example.com", "first_name": "Kim"})
    assert r.status_code == 201, r.text
    created = r.json()[0]
    rid = int(created["service_request_id"])
    assert created["service_notice"]
    with api.client.app.state.sessionmaker() as s:
        row = s.get(Report, rid)
        assert (row.source, row.department, row.reporter_id) == ("open311", "도로과", None)
        assert row.attributes == {"kind": "v1"}
        assert "someone@example.com" not in repr(row.__dict__)  # partner's people stay theirs
    roads = make_user(api, "officer", "도로과")
    seen = api.client.get(f"/api/v1/officer/reports/{rid}", headers=roads["headers"]).json()
    assert seen["source"] == "open311" and seen["external_media_url"].endswith("1.jpg")


def test_post_validation_errors_are_400_with_a_reason(api):
    key = partner_key(api)
    assert post(api, api_key=key, lat="34.94", long="127.69").status_code == 400
    assert post(api, api_key=key, service_code="zzz", lat="34.94", long="127.69").status_code == 404
    nowhere = post(api, api_key=key, service_code="road")
    assert nowhere.status_code == 400 and "address_string" in nowhere.json()[0]["description"]
    seoul = post(api, api_key=key, service_code="road", lat="37.56", long="126.97")
    assert seoul.status_code == 400
    too_long = post(api, api_key=key, service_code="road", address_string="중마동",
                    description="가" * 4001)
    assert too_long.status_code == 400
    bad_attr = post(api, api_key=key, service_code="road", address_string="중마동",
                    **{"attribute[kind]": "v99"})
    assert bad_attr.status_code == 400
    xml = post(api, "xml", api_key=key, service_code="road", address_string="광양읍 인동리")
    assert xml.status_code == 201
    assert ET.fromstring(xml.content).find("request/service_request_id").text.isdigit()


def test_requests_filters_and_status_mapping(api):
    citizen = make_user(api)
    desk = make_user(api, "officer", "민원봉사과")
    road = file_report(api, citizen["headers"]).json()
    toilet = file_report(api, citizen["headers"], category="toilet").json()
    old = file_report(api, citizen["headers"], category="noise").json()
    with api.client.app.state.sessionmaker.begin() as s:
        s.get(Report, old["id"]).created_at = utcnow() - timedelta(days=120)
    api.client.post(f"/api/v1/officer/reports/{toilet['id']}/status", headers=desk["headers"],
                    json={"status": "rejected", "note": "사유지 화장실이라 시 소관이 아닙니다."})

    every = api.client.get(f"{V2}/requests.json").json()
    assert [r["service_request_id"] for r in every] == [str(toilet["id"]), str(road["id"])]
    closed = api.client.get(f"{V2}/requests.json?status=closed").json()
    assert len(closed) == 1 and closed[0]["status"] == "closed"
    assert closed[0]["status_notes"] == "[반려] 사유지 화장실이라 시 소관이 아닙니다."
    assert closed[0]["expected_datetime"] is None
    opened = api.client.get(f"{V2}/requests.json?status=open&service_code=road").json()
    assert [r["service_request_id"] for r in opened] == [str(road["id"])]
    assert opened[0]["requested_datetime"].endswith("+09:00")
    assert opened[0]["agency_responsible"] == "광양시 도로과"

    start = (utcnow() - timedelta(days=150)).isoformat()
    end = (utcnow() - timedelta(days=100)).isoformat()
    window = api.client.get(f"{V2}/requests.json", params={"start_date": start, "end_date": end})
    assert [r["service_request_id"] for r in window.json()] == [str(old["id"])]
    too_wide = api.client.get(f"{V2}/requests.json", params={
        "start_date": start, "end_date": utcnow().isoformat()})
    assert too_wide.status_code == 400 and "90일" in too_wide.json()[0]["description"]
    assert api.client.get(f"{V2}/requests.json?start_date=yesterday").status_code == 400

    by_id = api.client.get(f"{V2}/requests.json?service_request_id={old['id']},{road['id']}"
                           "&status=closed").json()  # ids override the other filters
    assert {r["service_request_id"] for r in by_id} == {str(old["id"]), str(road["id"])}
    one = api.client.get(f"{V2}/requests/{road['id']}.json").json()
    assert len(one) == 1 and one[0]["lat"] == JUNGMA[0]


def test_bbox_radius_and_paging_extensions(api):
    citizen = make_user(api)
    near = file_report(api, citizen["headers"]).json()
    far = file_report(api, citizen["headers"], lat=35.10, long=127.70).json()
    bbox = f"{JUNGMA[1] - 0.01},{JUNGMA[0] - 0.01},{JUNGMA[1] + 0.01},{JUNGMA[0] + 0.01}"
    inside = api.client.get(f"{V2}/requests.json?bbox={bbox}").json()
    assert [r["service_request_id"] for r in inside] == [str(near["id"])]
    radius = api.client.get(f"{V2}/requests.json?lat=35.1&long=127.7&radius=200").json()
    assert [r["service_request_id"] for r in radius] == [str(far["id"])]
    page2 = api.client.get(f"{V2}/requests.json?page_size=1&page=2").json()
    assert [r["service_request_id"] for r in page2] == [str(near["id"])]
    assert api.client.get(f"{V2}/requests.json?bbox=1,2,3").status_code == 400


def test_media_url_points_at_the_public_photo(api):
    import base64

    from .reports_helpers import jpeg_with_gps
    citizen = make_user(api)
    photo = api.client.post("/api/v1/reports/photos", headers=citizen["headers"], json={
        "filename": "a.jpg", "content_base64": base64.b64encode(jpeg_with_gps()).decode()}).json()
    rep = file_report(api, citizen["headers"], photos=[photo["token"]]).json()
    media = api.client.get(f"{V2}/requests/{rep['id']}.json").json()[0]["media_url"]
    assert media.startswith("http://testserver/") and media.endswith(".jpg")
    assert api.client.get(media).headers["content-type"] == "image/jpeg"


def test_discovery_names_the_endpoint(api):
    d = api.client.get(f"{V2}/discovery.json").json()
    assert d["endpoints"][0]["url"].endswith("/api/v1/open311/v2")
    assert "061-797-4766" in d["contact"]
    assert ET.fromstring(api.client.get(f"{V2}/discovery.xml").content).find(
        "endpoints/endpoint/formats/format").text == "application/json"


def test_admin_issues_lists_and_revokes_keys(api):
    admin = make_user(api, "admin")
    citizen = make_user(api)
    assert_problem(api.client.post("/api/v1/open311/keys", headers=citizen["headers"],
                                   json={"name": "앱"}), 403, "auth.forbidden")
    issued = api.client.post("/api/v1/open311/keys", headers=admin["headers"],
                             json={"name": "광양 시민 앱"}).json()
    key = issued["api_key"]
    assert post(api, api_key=key, service_code="road", address_string="중마동").status_code == 201
    listed = api.client.get("/api/v1/open311/keys", headers=admin["headers"]).json()["items"]
    assert listed[0]["prefix"] == key[:10] and "api_key" not in listed[0]
    api.client.post(f"/api/v1/open311/keys/{issued['id']}/revoke", headers=admin["headers"])
    assert post(api, api_key=key, service_code="road", address_string="중마동").status_code == 403
