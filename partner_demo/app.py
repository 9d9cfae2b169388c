"""Demo partner site: how any of the six city sites joins MY광양 통합 로그인.

It uses a standard OpenID Connect client library (Authlib's Starlette client) configured ONLY
by the provider's discovery URL, a client id and a secret: every endpoint and key is found
through `/.well-known/openid-configuration`. One process can play several sites, each under
`/<client_id>/` (home `/`, login initiation `/login`, callback `/callback`, `/logout`).

Each page view asks the provider's userinfo endpoint whether the sign-in still holds, so when
the citizen signs out in the app (or anywhere) this site shows the session as ended.

    uv run python -m partner_demo --discovery http://127.0.0.1:8550/.well-known/openid-configuration
"""
from __future__ import annotations

import html
import os
import secrets
from dataclasses import dataclass, field

from authlib.integrations.starlette_client import OAuth, OAuthError
from starlette.applications import Starlette
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.routing import Route

SCOPE = "openid profile phone"
DEFAULT_CLIENTS = ("gwangyang_home", "goodjob", "youth_dream", "library", "sports_center",
                   "childcare")
TITLES = {"gwangyang_home": "광양시 대표 홈페이지", "goodjob": "굿잡광양", "youth_dream": "청년꿈터",
          "library": "시립도서관", "sports_center": "광양스포츠센터", "childcare": "육아종합지원센터"}


@dataclass
class Login:
    name: str
    token: dict


@dataclass
class Store:
    """Server-side sessions: the browser's cookie holds only a random id, never a token."""
    logins: dict[str, Login] = field(default_factory=dict)


def _page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        f'<!doctype html><html lang="ko"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{html.escape(title)}'
        f'</title><style>body{{font-family:sans-serif;font-size:18px;max-width:30rem;margin:2rem auto;'
        f'padding:0 1rem}}a.btn{{display:inline-block;min-height:48px;line-height:48px;padding:0 1.2rem;'
        f'background:#1f4fa0;color:#fff;border-radius:8px;text-decoration:none}}</style></head>'
        f'<body><p>데모 제휴 사이트</p><h1>{html.escape(title)}</h1>{body}</body></html>',
        headers={"Cache-Control": "no-store"})


def create_app(discovery_url: str, clients: dict[str, str], secret_key: str | None = None,
               verify_each_view: bool = True) -> Starlette:
    oauth = OAuth()
    for cid, secret in clients.items():
        oauth.register(cid, server_metadata_url=discovery_url, client_id=cid,
                       client_secret=secret,
                       client_kwargs={"scope": SCOPE, "code_challenge_method": "S256"})
    store = Store()

    def client_of(request: Request):
        cid = request.path_params["cid"]
        return cid, oauth.create_client(cid)

    def key(cid: str) -> str:
        return f"login:{cid}"

    async def still_signed_in(cid: str, client, login: Login) -> bool:
        """Ask the provider: logout elsewhere (app, another site) ends this session too.
        An expired access token is renewed once with the (rotating) refresh token."""
        userinfo_url = (await client.load_server_metadata())["userinfo_endpoint"]
        try:
            resp = await client.get(userinfo_url, token=login.token)
            if resp.status_code == 401 and login.token.get("refresh_token"):
                login.token = dict(await client.fetch_access_token(
                    grant_type="refresh_token", refresh_token=login.token["refresh_token"]))
                resp = await client.get(userinfo_url, token=login.token)
        except OAuthError:
            return False
        return resp.status_code == 200

    async def home(request: Request):
        cid, client = client_of(request)
        if client is None:
            return _page("없는 사이트", "<p>등록되지 않은 사이트입니다.</p>")
        title = TITLES.get(cid, cid)
        login = store.logins.get(request.session.get(key(cid), ""))
        if login and verify_each_view and not await still_signed_in(cid, client, login):
            store.logins.pop(request.session.pop(key(cid)), None)
            return _page(title, '<p id="partner-status">로그인이 끝났습니다 (로그아웃됨).</p>'
                         f'<p><a class="btn" id="partner-login" href="/{cid}/login">MY광양으로 로그인</a></p>')
        if login:
            return _page(title, f'<p id="partner-status">로그인됨</p><p id="partner-user">'
                         f'{html.escape(login.name)}님, 환영합니다.</p>'
                         f'<p><a class="btn" id="partner-logout" href="/{cid}/logout">로그아웃</a></p>')
        return _page(title, '<p id="partner-status">로그인되지 않았습니다.</p>'
                     f'<p><a class="btn" id="partner-login" href="/{cid}/login">MY광양으로 로그인</a></p>')

    async def login(request: Request):
        cid, client = client_of(request)
        if client is None:
            return _page("없는 사이트", "<p>등록되지 않은 사이트입니다.</p>")
        # Third-party initiated login (OIDC Core 4): `iss` must be our provider.
        iss = request.query_params.get("iss")
        if iss and iss != (await client.load_server_metadata())["issuer"]:
            return _page("잘못된 요청", "<p>알 수 없는 로그인 서버입니다.</p>")
        return await client.authorize_redirect(request, str(request.url_for("callback", cid=cid)))

    async def callback(request: Request):
        cid, client = client_of(request)
        if client is None:
            return _page("없는 사이트", "<p>등록되지 않은 사이트입니다.</p>")
        try:
            token = await client.authorize_access_token(request)  # verifies the ID token
            info = await client.userinfo(token=token)
        except OAuthError as e:
            return _page("로그인 실패", f'<p id="partner-status">로그인하지 못했습니다: '
                         f'{html.escape(e.description or e.error)}</p>')
        sid = secrets.token_urlsafe(16)
        store.logins[sid] = Login(info.get("name", ""), token)
        request.session[key(cid)] = sid
        return RedirectResponse(f"/{cid}/", 302)

    async def logout(request: Request):
        cid, client = client_of(request)
        login = store.logins.pop(request.session.pop(key(cid), ""), None)
        if client is None or login is None:
            return RedirectResponse(f"/{cid}/", 302)
        meta = await client.load_server_metadata()
        home_url = str(request.url_for("home", cid=cid))
        from urllib.parse import urlencode

        return RedirectResponse(meta["end_session_endpoint"] + "?" + urlencode({
            "id_token_hint": login.token.get("id_token", ""),
            "post_logout_redirect_uri": home_url}), 302)

    app = Starlette(routes=[
        Route("/{cid}/", home, name="home"),
        Route("/{cid}/login", login, name="login"),
        Route("/{cid}/callback", callback, name="callback"),
        Route("/{cid}/logout", logout, name="logout"),
    ])
    app.add_middleware(SessionMiddleware, secret_key=secret_key or secrets.token_urlsafe(32),
                       session_cookie="partner_demo", same_site="lax")
    return app


def clients_from_env() -> dict[str, str]:
    """PARTNER_CLIENTS="id:secret,id:secret"; by default the six sites with their DEMO secrets."""
    raw = os.environ.get("PARTNER_CLIENTS")
    if not raw:
        return {cid: f"demo-{cid}-secret" for cid in DEFAULT_CLIENTS}
    return dict(item.split(":", 1) for item in raw.split(",") if item)
