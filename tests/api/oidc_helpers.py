"""Drive the provider like a partner site and a browser would (TestClient keeps cookies)."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from authlib.oauth2.rfc7636 import create_s256_code_challenge

from myg_app.server.auth.oidc.settings import demo_secret

from .conftest import PASSWORD

LIBRARY = "library"
GOODJOB = "goodjob"


def redirect_uri(client_id: str) -> str:
    return f"http://127.0.0.1:8601/{client_id}/callback"


@dataclass
class Attempt:
    client_id: str
    verifier: str
    state: str
    nonce: str

    @classmethod
    def new(cls, client_id: str = LIBRARY) -> "Attempt":
        return cls(client_id, secrets.token_urlsafe(48), secrets.token_urlsafe(8),
                   secrets.token_urlsafe(8))

    def params(self, **over) -> dict:
        p = {"response_type": "code", "client_id": self.client_id,
             "redirect_uri": redirect_uri(self.client_id), "scope": "openid profile phone",
             "state": self.state, "nonce": self.nonce,
             "code_challenge": create_s256_code_challenge(self.verifier),
             "code_challenge_method": "S256"}
        p.update(over)
        return {k: v for k, v in p.items() if v is not None}


def query(resp) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(resp.headers["location"]).query).items()}


def hidden(html: str, name: str) -> str:
    m = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert m, html
    import html as h

    return h.unescape(m.group(1))


def sign_in_at_provider(client, login_location: str, email: str, password: str = PASSWORD):
    """Follow the provider's redirect to its login page and submit the form."""
    page = client.get(login_location)
    assert page.status_code == 200 and "로그인" in page.text
    return client.post("/oidc/login", data={
        "email": email, "password": password, "next": hidden(page.text, "next"),
        "csrf": hidden(page.text, "csrf")}, follow_redirects=False)


def allow_consent(client, consent_page):
    assert consent_page.status_code == 200 and "consent-allow" in consent_page.text, consent_page.text
    return client.post("/oidc/consent", data={
        "request": hidden(consent_page.text, "request"), "csrf": hidden(consent_page.text, "csrf"),
        "decision": "allow"}, follow_redirects=False)


def authorize(client, attempt: Attempt, **over):
    return client.get("/oidc/authorize", params=attempt.params(**over), follow_redirects=False)


def code_for(api, email: str, attempt: Attempt) -> str:
    """Full first visit: authorize -> login -> consent -> code."""
    c = api.client
    r = authorize(c, attempt)
    if r.status_code == 302 and r.headers["location"].startswith("/oidc/login"):
        r = sign_in_at_provider(c, r.headers["location"], email)
    if r.status_code == 200:
        r = allow_consent(c, r)
    assert r.status_code == 302, r.text
    q = query(r)
    assert q["state"] == attempt.state and "code" in q, q
    return q["code"]


def exchange(client, attempt: Attempt, code: str, verifier: str | None = None, **over):
    data = {"grant_type": "authorization_code", "code": code,
            "redirect_uri": redirect_uri(attempt.client_id),
            "code_verifier": verifier or attempt.verifier} | over
    return client.post("/oidc/token", data=data,
                       auth=(attempt.client_id, demo_secret(attempt.client_id)))


def refresh(client, client_id: str, token: str):
    return client.post("/oidc/token", data={"grant_type": "refresh_token", "refresh_token": token},
                       auth=(client_id, demo_secret(client_id)))


def userinfo(client, access_token: str):
    return client.get("/oidc/userinfo", headers={"Authorization": f"Bearer {access_token}"})


def register_sites(api) -> None:
    """The seed's job in production; API tests start from a bare migrated database."""
    from myg_app.server.auth.oidc import clients

    with api.client.app.state.sessionmaker.begin() as s:
        clients.sync_clients(s)
