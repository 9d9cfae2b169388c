"""Our GeoReport v2 endpoint as real third-party clients from PyPI see it, over real HTTP:
`georeport` (reads, JSON and XML through xmltodict) and `civicbot` (reads and a form POST)."""
from __future__ import annotations

import socket
import threading
import time

import pytest
import uvicorn
from civicbot import Open311Client
from civicbot.http import HttpTransport, RateLimiter
from civicbot.registry import Endpoint
from georeport import GeoReport

from myg_app.server.app import create_app
from myg_app.server.open311 import keys

from .reports_helpers import make_user


@pytest.fixture
def live(api):
    """The same app served by uvicorn on a free loopback port (clients use blocking HTTP)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(api.settings), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}/api/v1/open311/v2"
    server.should_exit = True
    thread.join(10)


def test_georeport_reads_services_definitions_and_requests_in_json_and_xml(api, live):
    citizen = make_user(api)
    roads = make_user(api, "officer", "도로과")
    rep = api.client.post("/api/v1/reports", headers=citizen["headers"], json={
        "category": "road", "description": "보도블록이 깨져 걸려 넘어질 뻔했습니다.",
        "lat": 34.9412, "long": 127.6961}).json()
    api.client.post(f"/api/v1/officer/reports/{rep['id']}/status", headers=roads["headers"],
                    json={"status": "done", "note": "보도블록을 새로 깔았습니다."})

    for fmt in ("json", "xml"):
        client = GeoReport(live, jurisdiction="gwangyang.go.kr", output_format=fmt)
        services = client.get_service_list()
        assert "도로·시설물" in [s["service_name"] for s in services]
        definition = client.get_service_definition("road")
        attrs = definition["attributes"]
        first = attrs[0] if fmt == "json" else attrs["attribute"]
        assert first["code"] == "kind"
        found = client.get_service_requests(service_code="road", status="closed")
        found = found if isinstance(found, list) else [found]
        assert [r["service_request_id"] for r in found] == [str(rep["id"])]
        one = client.get_service_request(str(rep["id"]))
        assert one["status"] == "closed"
        assert one["status_notes"] == "[완료] 보도블록을 새로 깔았습니다."


def test_civicbot_validates_against_our_schema_and_files_a_request(api, live):
    with api.client.app.state.sessionmaker.begin() as s:
        key = keys.issue_key(s, "civicbot")[1]
    endpoint = Endpoint(id="gwangyang", name="광양시", base_url=live, write=True)
    client = Open311Client(endpoint, HttpTransport(rate_limiter=RateLimiter(min_interval=0)))
    sent = client.create_request(
        "water", dry_run=False, confirm="SEND", api_key=key, validate_remote=True,
        lat=34.9755, lng=127.5872, description="인도 위로 물이 솟고 있습니다.",
        attributes={"flowing": "v1"})
    rid = sent.response[0]["service_request_id"]
    back = client.get_request(rid)
    assert back["status"] == "open" and back["service_code"] == "water"
    assert back["agency_responsible"] == "광양시 도로과"
    listed = client.list_requests(service_code="water", status="open")
    assert rid in [r["service_request_id"] for r in listed]
    # The client checks our published definition before sending: a wrong value never leaves.
    from civicbot import ValidationError
    with pytest.raises(ValidationError):
        client.create_request("water", dry_run=False, confirm="SEND", api_key=key,
                              validate_remote=True, lat=34.97, lng=127.58,
                              attributes={"flowing": "maybe"})
