"""Production shape: only configured hosts are answered, the OIDC issuer is pinned, and every
authorization response names the issuer (RFC 9207)."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from myg_app import launcher
from myg_app.server.app import create_app
from myg_app.server.auth.oidc.settings import oidc_settings
from myg_app.server.config import Settings
from myg_app.server.hosts import UnsafeSettings

from .conftest import assert_problem
from .oidc_helpers import Attempt, authorize, hidden, query, register_sites, sign_in_at_provider

PUBLIC = "https://my.gwangyang.go.kr"
HOSTS = "my.gwangyang.go.kr, *.gwangyang.go.kr"
EVIL = {"Host": "evil.example"}


@pytest.fixture(autouse=True)
def _sites(api):
    register_sites(api)


@contextmanager
def serving(api, base_url: str = "http://testserver", peer=("testclient", 50000), **settings):
    """Another app on the same database, with these settings."""
    app = create_app(api.settings.model_copy(update=settings))
    with TestClient(app, base_url=base_url, client=peer) as client:
        yield client


@pytest.fixture
def set_issuer(monkeypatch):
    """MYG_OIDC_ISSUER for this test (None: unset); the cached OIDC settings follow."""
    def set_(value: str | None) -> None:
        if value is None:
            monkeypatch.delenv("MYG_OIDC_ISSUER", raising=False)
        else:
            monkeypatch.setenv("MYG_OIDC_ISSUER", value)
        oidc_settings.cache_clear()

    yield set_
    monkeypatch.undo()
    oidc_settings.cache_clear()


@pytest.fixture
def pinned(set_issuer):
    set_issuer(PUBLIC)
    return PUBLIC


@pytest.fixture
def unpinned(set_issuer):
    set_issuer(None)
    return "http://testserver"


# --- the Host check -----------------------------------------------------------------------------

def test_an_unknown_host_is_refused_before_any_route(api):
    with serving(api, allowed_hosts=("my.gwangyang.go.kr",)) as c:
        for path in ("/.well-known/openid-configuration", "/api/v1/health", "/api/v1/catalog",
                     "/oidc/jwks", "/oidc/authorize", "/no/such/page"):
            r = c.get(path, params=Attempt.new().params(), headers=EVIL)
            assert "주소" in assert_problem(r, 400, "host.not_allowed")["detail"]
        assert_problem(c.get("/api/v1/catalog", headers=EVIL), 400, "host.not_allowed")
        assert_problem(c.post("/oidc/token", data={"grant_type": "refresh_token"}, headers=EVIL),
                       400, "host.not_allowed")
        assert_problem(c.get("/api/v1/health", headers={"Host": "my.gwangyang.go.kr.evil.example"}),
                       400, "host.not_allowed")
        with pytest.raises(WebSocketDisconnect):  # the live chat too
            with c.websocket_connect("/api/v1/chat/ws", headers=EVIL) as ws:
                ws.receive_json()


def test_configured_hosts_answer_with_any_port_and_case(api, unpinned):
    hosts = Settings(data_dir=api.settings.data_dir, secret_key=api.settings.secret_key,
                     allowed_hosts=HOSTS).allowed_hosts
    with serving(api, allowed_hosts=hosts) as c:
        for host in ("my.gwangyang.go.kr", "MY.Gwangyang.go.kr:8443", "sso.gwangyang.go.kr"):
            r = c.get("/api/v1/health", headers={"Host": host})
            assert r.status_code == 200, (host, r.text)
        d = c.get("/.well-known/openid-configuration", headers={"Host": "my.gwangyang.go.kr"})
        assert d.json()["issuer"] == "http://my.gwangyang.go.kr"
        # The wildcard is for subdomains, not the bare domain nor look-alikes.
        for host in ("gwangyang.go.kr", "evilgwangyang.go.kr", "localhost"):
            assert_problem(c.get("/api/v1/health", headers={"Host": host}), 400,
                           "host.not_allowed")


def test_localhost_is_answered_only_from_this_machine(api):
    """A health probe on the server itself works without listing localhost."""
    with serving(api, peer=("127.0.0.1", 40000), allowed_hosts=("my.gwangyang.go.kr",)) as c:
        for host in ("localhost", "127.0.0.1:8550", "[::1]:8550"):
            assert c.get("/api/v1/health", headers={"Host": host}).status_code == 200, host
        assert_problem(c.get("/api/v1/health", headers=EVIL), 400, "host.not_allowed")
    with serving(api, peer=("203.0.113.7", 40000), allowed_hosts=("my.gwangyang.go.kr",)) as c:
        assert_problem(c.get("/api/v1/health", headers={"Host": "localhost"}), 400,
                       "host.not_allowed")


def test_without_allowed_hosts_every_host_is_answered(api):
    assert api.client.get("/api/v1/health", headers=EVIL).status_code == 200


# --- the issuer ---------------------------------------------------------------------------------

def test_a_pinned_issuer_ignores_the_host_header(api, pinned):
    d = api.client.get("/.well-known/openid-configuration", headers=EVIL)
    assert d.json()["issuer"] == PUBLIC
    urls = [v for k, v in d.json().items() if k.endswith("_endpoint") or k == "jwks_uri"]
    assert len(urls) >= 7 and all(u.startswith(PUBLIC + "/oidc/") for u in urls), urls
    assert d.headers["cache-control"] == "public, max-age=300"
    assert d.json()["authorization_response_iss_parameter_supported"] is True
    r = api.client.post("/oidc/device_authorization", headers=EVIL,
                        data={"client_id": "myg_kiosk", "kiosk_place": "광양시청 민원실"})
    assert r.json()["verification_uri"] == f"{PUBLIC}/kiosk-approve"
    assert r.json()["verification_uri_complete"].startswith(f"{PUBLIC}/kiosk-approve?")


def test_an_issuer_following_the_request_is_never_cached(api, unpinned):
    d = api.client.get("/.well-known/openid-configuration", headers=EVIL)
    assert d.json()["issuer"] == "http://evil.example"  # development: follows the request
    for r in (d, api.client.get("/oidc/jwks", headers=EVIL)):
        assert r.headers["cache-control"] == "no-store"
        assert "host" in r.headers["vary"].lower()


# --- production refuses to start without them ---------------------------------------------------

def test_production_refuses_to_start_without_issuer_and_hosts(api, set_issuer, monkeypatch,
                                                              tmp_path):
    prod = {"env": "production"}
    set_issuer(None)
    with pytest.raises(UnsafeSettings) as e:
        create_app(api.settings.model_copy(update=prod))
    assert "MYG_OIDC_ISSUER" in str(e.value) and "MYG_ALLOWED_HOSTS" in str(e.value)
    set_issuer("http://my.gwangyang.go.kr")  # not https
    with pytest.raises(UnsafeSettings, match="MYG_OIDC_ISSUER"):
        create_app(api.settings.model_copy(update=prod | {"allowed_hosts": ("my.gwangyang.go.kr",)}))
    set_issuer(PUBLIC)
    with pytest.raises(UnsafeSettings, match="MYG_ALLOWED_HOSTS"):
        create_app(api.settings.model_copy(update=prod))
    with pytest.raises(UnsafeSettings, match="issuer's host"):
        create_app(api.settings.model_copy(update=prod | {"allowed_hosts": ("other.example",)}))
    # `uv run main.py` stops before serving, with the reason.
    monkeypatch.setenv("MYG_ENV", "production")
    monkeypatch.setenv("MYG_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("MYG_ALLOWED_HOSTS", raising=False)
    with pytest.raises(SystemExit, match="MYG_ALLOWED_HOSTS"):
        launcher.refuse_unsafe_production()
    monkeypatch.setenv("MYG_ALLOWED_HOSTS", "my.gwangyang.go.kr")
    launcher.refuse_unsafe_production()  # complete: starts
    with serving(api, base_url=PUBLIC, **prod, allowed_hosts=("my.gwangyang.go.kr",)) as c:
        assert c.get("/api/v1/health").status_code == 200
        assert_problem(c.get("/api/v1/health", headers=EVIL), 400, "host.not_allowed")


# --- RFC 9207: every authorization response names the issuer ------------------------------------

@pytest.mark.parametrize("issuer", ["pinned", "unpinned"])
def test_authorization_responses_carry_iss(api, request, issuer):
    iss = request.getfixturevalue(issuer)
    user = api.register()
    with serving(api, base_url=iss) as c:
        # Not signed in and no prompt allowed: login_required.
        attempt = Attempt.new()
        r = authorize(c, attempt, prompt="none")
        assert query(r) == {"error": "login_required", "state": attempt.state, "iss": iss}
        # Signed in, first visit: the consent page. Refused: access_denied.
        r = sign_in_at_provider(c, authorize(c, attempt).headers["location"], user["email"])
        form = {"request": hidden(r.text, "request"), "csrf": hidden(r.text, "csrf")}
        r = c.post("/oidc/consent", data=form | {"decision": "deny"}, follow_redirects=False)
        assert query(r) == {"error": "access_denied", "state": attempt.state, "iss": iss}
        # A request no longer valid when the consent comes back: its error names iss too.
        bad = form | {"request": form["request"].replace("scope=openid", "scope=x")}
        q = query(c.post("/oidc/consent", data=bad | {"decision": "allow"},
                         follow_redirects=False))
        assert (q["error"], q["state"], q["iss"]) == ("invalid_scope", attempt.state, iss)
        # Allowed: the code.
        q = query(c.post("/oidc/consent", data=form | {"decision": "allow"},
                         follow_redirects=False))
        assert q["code"] and q["state"] == attempt.state and q["iss"] == iss
        # Next time, no page at all: the code straight away, and an invalid request's error.
        again = Attempt.new()
        q = query(authorize(c, again))
        assert q["code"] and q["iss"] == iss
        q = query(authorize(c, again, scope="profile"))
        assert (q["error"], q["iss"]) == ("invalid_scope", iss)
