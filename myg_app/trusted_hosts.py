"""Answer only for the configured host names (`MYG_ALLOWED_HOSTS`); any other `Host` gets a
400 problem+json before any route runs.

A forged `Host` must not reach code that builds addresses from the request (the OIDC issuer
in development, feed and Open311 links). Raw ASGI in front of everything, standard library
only: the web launcher puts it before the app shell too, before the API is even imported.
Starlette's TrustedHostMiddleware answers plain text, so this is our own.

Rules: names compare without port and case; `*.example.org` allows every subdomain of
example.org (not example.org itself). `localhost`, `127.0.0.1` and `::1` are allowed as well,
but only when the connection itself comes from this machine (health probes, `curl` on the
server): from outside they are refused like any other name not in the list.
"""
from __future__ import annotations

import ipaddress
import json
import os
import re
from collections.abc import Iterable

ENV_VAR = "MYG_ALLOWED_HOSTS"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_NAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*")
_IPV6 = re.compile(r"[0-9a-f:.]+")

PROBLEM_CODE = "host.not_allowed"
PROBLEM_DETAIL = ("이 서버가 응답하지 않는 주소(Host)로 들어온 요청입니다. "
                  "MY광양의 공식 주소로 다시 접속해 주세요.")


def host_name(value: str) -> str:
    """The name part of a Host header, lower case, without port or final dot; "" when the
    value is not a host name (so it matches nothing)."""
    h = value.strip().lower()
    if h.startswith("["):  # [IPv6]:port
        inside, sep, rest = h[1:].partition("]")
        if not sep or (rest and not (rest.startswith(":") and rest[1:].isdigit())):
            return ""
        return inside if _IPV6.fullmatch(inside) else ""
    name, sep, port = h.partition(":")
    if sep and not port.isdigit():
        return ""
    name = name.rstrip(".")
    return name if _NAME.fullmatch(name) else ""


def parse_hosts(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """`MYG_ALLOWED_HOSTS`: comma-separated names, ports ignored, `*.example.org` allowed."""
    items = value.split(",") if isinstance(value, str) else (value or ())
    out: list[str] = []
    for raw in items:
        raw = raw.strip()
        if not raw:
            continue
        wild = raw.startswith("*.")
        name = host_name(raw[2:] if wild else raw)
        if not name:
            raise ValueError(f"{ENV_VAR}: {raw!r} is not a host name (a bare '*' is not "
                             "allowed: leave the variable unset to answer for any host)")
        out.append(f"*.{name}" if wild else name)
    return tuple(dict.fromkeys(out))


def hosts_from_env() -> tuple[str, ...]:
    """The same list Settings reads, without importing the server (for the web launcher)."""
    return parse_hosts(os.environ.get(ENV_VAR, ""))


def name_allowed(name: str, allowed: Iterable[str]) -> bool:
    for pattern in allowed:
        if pattern.startswith("*."):
            if name.endswith(pattern[1:]):
                return True
        elif name == pattern:
            return True
    return False


def _from_this_machine(scope) -> bool:
    client = scope.get("client")
    try:
        return bool(client) and ipaddress.ip_address(client[0]).is_loopback
    except ValueError:
        return False


class TrustedHosts:
    """ASGI middleware: requests and websockets whose Host is not allowed are refused."""

    def __init__(self, app, allowed: Iterable[str]):
        self.app = app
        self.allowed = tuple(allowed)

    def allows(self, scope) -> bool:
        host = next((v for k, v in scope.get("headers", ()) if k == b"host"), b"")
        name = host_name(host.decode("latin-1"))
        if not name:
            return False
        return name_allowed(name, self.allowed) or (
            name in LOOPBACK_NAMES and _from_this_machine(scope))

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket") or self.allows(scope):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})  # policy violation
            return
        body = json.dumps({"type": "about:blank", "title": "잘못된 요청", "status": 400,
                           "detail": PROBLEM_DETAIL, "code": PROBLEM_CODE,
                           "instance": scope.get("path", "/"), "errors": []},
                          ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": 400, "headers": [
            (b"content-type", b"application/problem+json"),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": body})


def guard(app, allowed: Iterable[str]):
    """`app` behind the check, or `app` itself when no host list is configured."""
    allowed = tuple(allowed)
    return TrustedHosts(app, allowed) if allowed else app
