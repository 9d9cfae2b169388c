"""From the signed-in app to a partner site: the one-time handoff and single sign-out."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import assert_problem
from .oidc_helpers import (
    GOODJOB, LIBRARY, Attempt, allow_consent, authorize, exchange, query, register_sites, userinfo,
)


@pytest.fixture(autouse=True)
def _sites(api):
    register_sites(api)


def _handoff(api, user, client_id=LIBRARY):
    r = api.client.post("/api/v1/sso/handoff", headers=api.bearer(user),
                        json={"client_id": client_id})
    assert r.status_code == 201, r.text
    return r.json()["url"]


def _open(api, url):
    split = urlsplit(url)
    return api.client.get(f"{split.path}?{split.query}", follow_redirects=False)


def _partner_login(api, client_id=LIBRARY):
    """What the partner's /login does after the handoff: a normal code flow."""
    attempt = Attempt.new(client_id)
    r = authorize(api.client, attempt)
    if r.status_code == 200:
        r = allow_consent(api.client, r)
    assert r.status_code == 302 and "code" in query(r), r.text
    tokens = exchange(api.client, attempt, query(r)["code"])
    assert tokens.status_code == 200
    return tokens.json()


def test_sites_lists_the_six_partners_in_order(api):
    items = api.client.get("/api/v1/sso/sites").json()["items"]
    assert [i["name"] for i in items] == ["광양시 대표 홈페이지", "굿잡광양", "청년꿈터", "시립도서관",
                                          "광양스포츠센터", "육아종합지원센터"]


def test_handoff_signs_the_browser_in_without_a_password(api):
    user = api.register(name="김광양")
    r = _open(api, _handoff(api, user))
    assert r.status_code == 302
    loc = urlsplit(r.headers["location"])
    assert loc.path == "/library/login"  # the partner's login initiation URI
    assert parse_qs(loc.query)["iss"] == ["http://testserver"]
    tokens = _partner_login(api)
    assert userinfo(api.client, tokens["access_token"]).json()["name"] == "김광양"


def test_handoff_token_is_single_use(api):
    user = api.register()
    url = _handoff(api, user)
    assert _open(api, url).status_code == 302
    api.client.cookies.clear()
    r = _open(api, url)
    assert r.status_code == 400 and "만료" in r.text
    r = authorize(api.client, Attempt.new())
    assert r.headers["location"].startswith("/oidc/login")  # not signed in by the replay


def test_handoff_token_is_bound_to_its_site(api):
    user = api.register()
    url = _handoff(api, user, LIBRARY)
    r = _open(api, url.replace("client_id=library", f"client_id={GOODJOB}"))
    assert r.status_code == 400


def test_handoff_needs_a_signed_in_app_and_a_known_site(api):
    assert api.client.post("/api/v1/sso/handoff", json={"client_id": LIBRARY}).status_code == 401
    user = api.register()
    r = api.client.post("/api/v1/sso/handoff", headers=api.bearer(user), json={"client_id": "x"})
    assert_problem(r, 404, "sso.unknown_site")


def test_app_sign_out_ends_the_partner_session(api):
    user = api.register()
    _open(api, _handoff(api, user))
    tokens = _partner_login(api)
    sessions = api.client.get("/api/v1/me/sessions", headers=api.bearer(user)).json()
    assert [p["name"] for p in sessions["partners"]] == ["시립도서관"]
    r = api.client.post("/api/v1/auth/logout", json={"refresh_token": user["refresh_token"]})
    assert r.status_code == 204
    assert userinfo(api.client, tokens["access_token"]).status_code == 401
    r = authorize(api.client, Attempt.new())
    assert r.headers["location"].startswith("/oidc/login")


def test_signing_one_partner_out_from_the_app(api):
    user = api.register()
    _open(api, _handoff(api, user))
    lib = _partner_login(api, LIBRARY)
    job = _partner_login(api, GOODJOB)
    r = api.client.delete(f"/api/v1/me/partners/{LIBRARY}", headers=api.bearer(user))
    assert r.status_code == 204
    assert userinfo(api.client, lib["access_token"]).status_code == 401
    assert userinfo(api.client, job["access_token"]).status_code == 200


def test_handoff_after_app_sign_out_is_refused(api):
    user = api.register()
    url = _handoff(api, user)
    api.client.post("/api/v1/auth/logout", json={"refresh_token": user["refresh_token"]})
    assert _open(api, url).status_code == 400


def test_handoff_link_expires(api):
    from sqlalchemy import update

    from myg_app.server.auth.oidc.models import Handoff
    from myg_app.server.db import utcnow

    user = api.register()
    url = _handoff(api, user)
    with api.client.app.state.sessionmaker.begin() as s:
        s.execute(update(Handoff).values(expires_at=utcnow()))
    r = _open(api, url)
    assert r.status_code == 400 and "만료" in r.text
