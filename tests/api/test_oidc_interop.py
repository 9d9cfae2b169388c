"""Interoperability with independent OIDC clients that find every endpoint by discovery.

- pyoidc (`oic`): a different code base from our Authlib/joserfc provider; given only the
  issuer URL it reads discovery, fetches the JWKS, checks the ID token (signature, iss, aud,
  nonce) and calls userinfo; no endpoint is written in this test.
- partner_demo (Authlib's Starlette client, configured only by the discovery URL): the
  app-to-partner handoff and single sign-out, over real HTTP.
"""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import httpx
import pytest
import requests

from myg_app.server.app import create_app
from myg_app.server.auth.oidc import clients
from myg_app.server.auth.oidc.settings import OidcSettings, demo_secret
from partner_demo.app import create_app as create_partner

from .conftest import PASSWORD
from .live import free_port, serve
from .oidc_helpers import hidden

CLIENT = "library"


@pytest.fixture
def live(settings):
    """The provider on a real port, its sites registered for a partner on another port."""
    partner_port = free_port()
    app = create_app(settings)
    with app.state.sessionmaker.begin() as s:
        clients.sync_clients(s, OidcSettings(partner_base=f"http://127.0.0.1:{partner_port}"))
    with serve(app) as url:
        yield url, partner_port


def _register(base: str, email: str, name: str) -> dict:
    r = httpx.post(base + "/api/v1/auth/register",
                   json={"email": email, "password": PASSWORD, "name": name})
    assert r.status_code == 201, r.text
    return r.json()


def _browser_sign_in(browser: requests.Session, url: str, email: str) -> str:
    """Follow the provider's pages like a person: login form, consent; returns the final
    redirect to the partner's callback (not followed: nothing listens there)."""
    r = browser.get(url, allow_redirects=False)
    for _ in range(5):
        if r.status_code in (302, 303) and "/oidc/" not in urlsplit(r.headers["location"]).path:
            return r.headers["location"]
        if r.status_code in (302, 303):
            r = browser.get(urljoin(url, r.headers["location"]), allow_redirects=False)
        elif 'name="password"' in r.text:
            r = browser.post(urljoin(url, "/oidc/login"), data={
                "email": email, "password": PASSWORD, "next": hidden(r.text, "next"),
                "csrf": hidden(r.text, "csrf")}, allow_redirects=False)
        elif "consent-allow" in r.text:
            r = browser.post(urljoin(url, "/oidc/consent"), data={
                "request": hidden(r.text, "request"), "csrf": hidden(r.text, "csrf"),
                "decision": "allow"}, allow_redirects=False)
        else:
            raise AssertionError(r.text)
    raise AssertionError("too many steps")


def test_pyoidc_client_completes_code_flow_with_pkce_by_discovery_only(live):
    from oic import rndstr
    from oic.oic import Client
    from oic.oic.message import AuthorizationResponse, RegistrationResponse
    from oic.utils.authn.client import CLIENT_AUTHN_METHOD

    issuer, partner_port = live
    _register(issuer, "interop@example.com", "상호운용")
    redirect = f"http://127.0.0.1:{partner_port}/{CLIENT}/callback"

    rp = Client(client_authn_method=CLIENT_AUTHN_METHOD)
    config = rp.provider_config(issuer)  # discovery + JWKS, nothing else is configured
    assert config["issuer"] == issuer
    rp.store_registration_info(RegistrationResponse(
        client_id=CLIENT, client_secret=demo_secret(CLIENT), redirect_uris=[redirect]))
    state, nonce = rndstr(), rndstr()
    pkce, verifier = rp.add_code_challenge()
    assert pkce["code_challenge_method"] == "S256"
    auth = rp.construct_AuthorizationRequest(request_args={
        "client_id": CLIENT, "response_type": "code", "scope": ["openid", "profile", "phone"],
        "nonce": nonce, "state": state, "redirect_uri": redirect, **pkce})
    location = _browser_sign_in(requests.Session(), auth.request(rp.authorization_endpoint),
                                "interop@example.com")
    aresp = rp.parse_response(AuthorizationResponse, info=urlsplit(location).query,
                              sformat="urlencoded")
    assert aresp["state"] == state
    tokens = rp.do_access_token_request(
        state=state, request_args={"code": aresp["code"], "code_verifier": verifier,
                                   "redirect_uri": redirect},
        authn_method="client_secret_basic")
    id_token = tokens["id_token"]  # verified by pyoidc against the JWKS (signature, iss, aud)
    assert id_token["iss"] == issuer and id_token["aud"] == [CLIENT]
    assert id_token["nonce"] == nonce
    info = rp.do_user_info_request(state=state)
    assert "error" not in info.to_dict(), info.to_dict()
    assert info["name"] == "상호운용" and info["sub"] == id_token["sub"]
    # Refresh through the discovered token endpoint, too.
    refreshed = rp.do_access_token_refresh(state=state, authn_method="client_secret_basic")
    assert refreshed["access_token"] != tokens["access_token"]


def test_partner_demo_opened_from_the_app_shows_the_name_then_the_sign_out(live):
    issuer, partner_port = live
    partner = create_partner(issuer + "/.well-known/openid-configuration",
                             {CLIENT: demo_secret(CLIENT)})
    app_tokens = _register(issuer, "demo@example.com", "김광양")
    with serve(partner, partner_port):
        # What the app does: ask for a one-time handoff link and open it in the browser.
        link = httpx.post(issuer + "/api/v1/sso/handoff", json={"client_id": CLIENT},
                          headers={"Authorization": f"Bearer {app_tokens['access_token']}"})
        assert link.status_code == 201
        browser = requests.Session()
        r = browser.get(link.json()["url"], allow_redirects=True)
        if "consent-allow" in r.text:  # first visit: the site asks once for the items it needs
            r = browser.post(urljoin(issuer, "/oidc/consent"), data={
                "request": hidden(r.text, "request"), "csrf": hidden(r.text, "csrf"),
                "decision": "allow"})
        assert "비밀번호" not in r.text
        assert 'id="partner-user">김광양님, 환영합니다.' in r.text, r.text
        # The citizen signs out in the app: the partner's next page shows the session ended.
        out = httpx.post(issuer + "/api/v1/auth/logout",
                         json={"refresh_token": app_tokens["refresh_token"]})
        assert out.status_code == 204
        r = browser.get(f"http://127.0.0.1:{partner_port}/{CLIENT}/")
        assert "로그인이 끝났습니다" in r.text and "김광양" not in r.text
