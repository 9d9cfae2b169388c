"""Typed async client for the MY광양 REST API.

Every screen talks to the backend through this class: it parses responses into the shared
contract models, refreshes an expired access token once, and turns every failure into an
`ApiError` carrying a Korean message a citizen can act on.
"""

from __future__ import annotations

import functools
import ssl
import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from myg_app.contracts.auth import LoginRequest, RegisterRequest, TokenResponse, UserOut
from myg_app.contracts.catalog import CatalogResponse
from myg_app.contracts.common import FieldError
from myg_app.contracts.menu import Menu
from myg_app.contracts.notices import NoticeList

M = TypeVar("M", bound=BaseModel)

MSG_OFFLINE = "서버에 연결할 수 없습니다. 인터넷 연결을 확인하고 다시 시도해 주세요."
MSG_TIMEOUT = "서버 응답이 늦어지고 있습니다. 잠시 후 다시 시도해 주세요."
MSG_SERVER = "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요."
MSG_LOGIN_AGAIN = "로그인이 만료되었습니다. 다시 로그인해 주세요."


class ApiError(Exception):
    """A failed call, with a Korean message for the screen."""

    def __init__(self, message: str, *, status: int | None = None, code: str = "error",
                 errors: list[FieldError] | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.errors = errors or []

    @property
    def offline(self) -> bool:
        return self.code in ("offline", "timeout")


TokenListener = Callable[[TokenResponse | None], Awaitable[None]]


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One verified TLS context per process: building one (loading the CA bundle) costs tens
    of milliseconds, and every app session creates a client."""
    return httpx.create_ssl_context()


class ApiClient:
    def __init__(self, base_url: str, *, transport: httpx.AsyncBaseTransport | None = None,
                 timeout: float = 10.0):
        self.base_url = base_url.rstrip("/")
        self._http = httpx.AsyncClient(base_url=self.base_url + "/api/v1", transport=transport,
                                       timeout=timeout, verify=tls_context())
        self.tokens: TokenResponse | None = None
        self.on_tokens: TokenListener | None = None  # persist/clear tokens on change
        self._catalog_etag: str | None = None
        self._catalog: CatalogResponse | None = None
        self.language = "ko"  # Accept-Language: the server's messages come in the app's language
        # httpx's ASGI transport (the in-process test app) answers only once the whole body is
        # written: an endless event stream would never start. Live screens poll instead there.
        self.can_stream = not isinstance(transport, httpx.ASGITransport)

    def stream(self, path: str, *, params: list[tuple[str, str]] | None = None,
               headers: dict[str, str] | None = None, read_timeout: float = 45.0):
        """`async with api.stream(...) as r`: a long-lived GET (Server-Sent Events). The read
        timeout outlasts the server's keepalive, so a dead connection is noticed."""
        hdrs = {"Accept-Language": self.language, **(headers or {})}
        if self.tokens is not None:
            hdrs["Authorization"] = f"Bearer {self.tokens.access_token}"
        return self._http.stream("GET", path, params=params, headers=hdrs,
                                 timeout=httpx.Timeout(10.0, read=read_timeout))

    async def aclose(self) -> None:
        await self._http.aclose()

    @property
    def signed_in(self) -> bool:
        return self.tokens is not None

    # --- plumbing -------------------------------------------------------------------
    async def call(self, method: str, path: str, model: type[M] | None = None, *,
                   json: BaseModel | None = None, auth: bool = True,
                   idempotency_key: str | None = None,
                   params: dict[str, str | int] | None = None) -> M | None:
        """Any API call from a feature module: typed in and out, errors as ApiError.

        Creating calls pass an `idempotency_key` made once per user action (uuid4), so a
        retry after a timeout or from the offline outbox never creates a second record.
        """
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        r = await self._send(method, path, json=json, headers=headers, auth=auth, params=params)
        return self._parse(model, r) if model is not None else None

    async def raw(self, method: str, path: str, *, content: bytes | None = None,
                  content_type: str | None = None, auth: bool = True) -> bytes:
        """A call whose body in or out is bytes (a photo), not a contract model; same auth,
        token refresh and Korean errors as `call`."""
        headers = {"Content-Type": content_type} if content_type else None
        r = await self._send(method, path, content=content, headers=headers, auth=auth)
        return r.content

    async def _send(self, method: str, path: str, *, json: BaseModel | None = None,
                    headers: dict[str, str] | None = None, auth: bool = False,
                    params: dict[str, str | int] | None = None,
                    content: bytes | None = None) -> httpx.Response:
        hdrs = {"Accept-Language": self.language, **(headers or {})}
        if auth:
            if self.tokens is None:
                raise ApiError("로그인이 필요합니다.", status=401, code="auth.required")
            hdrs["Authorization"] = f"Bearer {self.tokens.access_token}"
        body = json.model_dump(mode="json") if json is not None else None
        try:
            r = await self._http.request(method, path, json=body, content=content, headers=hdrs,
                                         params=params)
        except httpx.TimeoutException as e:
            raise ApiError(MSG_TIMEOUT, code="timeout") from e
        except httpx.TransportError as e:
            raise ApiError(MSG_OFFLINE, code="offline") from e
        if r.status_code == 401 and auth and await self._refresh():
            return await self._send(method, path, json=json, headers=headers, auth=True,
                                    params=params, content=content)
        if r.status_code >= 400:
            raise self._error(r)
        return r

    @staticmethod
    def _error(r: httpx.Response) -> ApiError:
        try:
            p = r.json()
            detail = p.get("detail") if isinstance(p, dict) else None
            if isinstance(detail, str) and detail:
                errors = [FieldError.model_validate(e) for e in p.get("errors") or []]
                return ApiError(detail, status=r.status_code, code=p.get("code", "error"),
                                errors=errors)
        except (ValueError, ValidationError):
            pass
        return ApiError(MSG_SERVER, status=r.status_code, code="server")

    @staticmethod
    def _parse(model: type[M], r: httpx.Response) -> M:
        try:
            return model.model_validate_json(r.content)
        except ValidationError as e:
            raise ApiError(MSG_SERVER, status=r.status_code, code="bad_response") from e

    async def _set_tokens(self, tokens: TokenResponse | None) -> None:
        self.tokens = tokens
        if self.on_tokens:
            await self.on_tokens(tokens)

    async def _refresh(self) -> bool:
        """Swap the refresh token for new tokens; False (and signed out) when it is dead."""
        if self.tokens is None:
            return False
        try:
            r = await self._http.post("/auth/refresh",
                                      json={"refresh_token": self.tokens.refresh_token})
        except httpx.TransportError as e:
            raise ApiError(MSG_OFFLINE, code="offline") from e
        if r.status_code != 200:
            await self._set_tokens(None)
            return False
        await self._set_tokens(self._parse(TokenResponse, r))
        return True

    # --- catalog --------------------------------------------------------------------
    async def catalog(self) -> CatalogResponse:
        """The function catalog, revalidated with its ETag so an unchanged one costs a 304."""
        headers = {"If-None-Match": self._catalog_etag} if self._catalog_etag else None
        r = await self._send("GET", "/catalog", headers=headers)
        if r.status_code == 304 and self._catalog is not None:
            return self._catalog
        self._catalog = self._parse(CatalogResponse, r)
        self._catalog_etag = r.headers.get("etag")
        return self._catalog

    # --- accounts -------------------------------------------------------------------
    async def register(self, email: str, password: str, name: str, *,
                       consents: dict[str, bool] | None = None,
                       device: str | None = None) -> UserOut:
        req = RegisterRequest.model_construct(email=email, password=password, name=name,
                                              consents=consents, device=device)
        # One key per attempt: a retry after a dropped answer cannot create a second account.
        r = await self._send("POST", "/auth/register", json=req,
                             headers={"Idempotency-Key": str(uuid.uuid4())})
        await self._set_tokens(self._parse(TokenResponse, r))
        return await self.me()

    async def login(self, email: str, password: str, *, device: str | None = None) -> UserOut:
        req = LoginRequest.model_construct(email=email, password=password, device=device)
        r = await self._send("POST", "/auth/login", json=req)
        await self._set_tokens(self._parse(TokenResponse, r))
        return await self.me()

    async def resume(self, refresh_token: str) -> UserOut | None:
        """Sign in again from a stored refresh token; None when it no longer works."""
        self.tokens = TokenResponse(access_token="", refresh_token=refresh_token, expires_in=0)
        if not await self._refresh():
            return None
        return await self.me()

    async def logout(self) -> None:
        tokens = self.tokens
        await self._set_tokens(None)
        if tokens is not None:
            try:
                await self._http.post("/auth/logout", json={"refresh_token": tokens.refresh_token})
            except httpx.TransportError:
                pass  # the device forgets the tokens either way; they expire on the server

    # --- the kiosk: sign-in from the phone (RFC 8628 device grant) --------------------
    async def oidc_form(self, path: str, data: dict[str, str]) -> tuple[int, dict]:
        """A form POST to the provider (/oidc/...): its OAuth JSON, errors included."""
        try:
            r = await self._http.post(self.base_url + path, data=data)
        except httpx.TransportError as e:
            raise ApiError(MSG_OFFLINE, code="offline") from e
        try:
            body = r.json()
        except ValueError:
            body = {}
        return r.status_code, body if isinstance(body, dict) else {}

    async def use_kiosk_token(self, access_token: str, expires_in: int) -> UserOut:
        """Sign in with a kiosk session's token: in memory only, no refresh token (when it
        expires or is revoked, the next call signs the kiosk out)."""
        self.tokens = TokenResponse(access_token=access_token, refresh_token="",
                                    expires_in=expires_in)
        return await self.me()

    async def kiosk_logout(self) -> None:
        """End the kiosk session on the server too, then forget it here."""
        tokens, self.tokens = self.tokens, None
        if tokens is not None and tokens.access_token:
            try:
                await self._http.post("/auth/kiosk/logout",
                                      headers={"Authorization": f"Bearer {tokens.access_token}"})
            except httpx.TransportError:
                pass  # it expires on the server within minutes anyway

    async def me(self) -> UserOut:
        return self._parse(UserOut, await self._send("GET", "/me", auth=True))

    # --- 나의메뉴 ---------------------------------------------------------------------
    async def get_menu(self) -> list[str]:
        return self._parse(Menu, await self._send("GET", "/me/menu", auth=True)).items

    async def put_menu(self, items: list[str]) -> list[str]:
        r = await self._send("PUT", "/me/menu", json=Menu.model_construct(items=list(items)),
                             auth=True)
        return self._parse(Menu, r).items

    # --- 알림 ------------------------------------------------------------------------
    async def notices(self) -> NoticeList:
        return self._parse(NoticeList, await self._send("GET", "/me/notices", auth=True))

    async def read_notice(self, notice_id: int) -> None:
        await self._send("POST", f"/me/notices/{notice_id}/read", auth=True)

    async def read_all_notices(self) -> None:
        await self._send("POST", "/me/notices/read", auth=True)
