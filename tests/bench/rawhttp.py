"""A keep-alive HTTP/1.1 connection over asyncio streams, for load generators.

On a 2-core machine the load generator shares the cores with the server it measures; httpx
spends several times the CPU per request of this, CPU the server then does not get. Enough
HTTP for our own API: a request with a body, an answer with Content-Length (every JSON answer
of the app has one) or none (204, 304)."""
from __future__ import annotations

import asyncio
import json
import ssl
from urllib.parse import urlsplit


class Connection:
    def __init__(self, base_url: str, headers: dict[str, str] | None = None, timeout: float = 60,
                 tls: ssl.SSLContext | None = None):
        u = urlsplit(base_url)
        secure = u.scheme == "https"
        self.host, self.prefix = u.hostname or "127.0.0.1", u.path.rstrip("/")
        self.port = u.port or (443 if secure else 80)
        self.tls = (tls or ssl.create_default_context()) if secure else None
        self.extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        self.timeout = timeout
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def _open(self) -> None:
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port,
                                                                   ssl=self.tls)

    async def __aenter__(self) -> "Connection":
        await self._open()
        return self

    async def __aexit__(self, *exc) -> None:
        if self._writer is not None:
            self._writer.close()

    async def request(self, method: str, path: str, body: object = None,
                      headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        """(status, body) of one request on this connection."""
        assert self._reader is not None and self._writer is not None, "use `async with`"
        data = b"" if body is None else json.dumps(body, ensure_ascii=False).encode()
        more = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        kind = "Content-Type: application/json\r\n" if body is not None else ""
        self._writer.write(
            f"{method} {self.prefix}{path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"{self.extra}{more}{kind}Content-Length: {len(data)}\r\n\r\n".encode() + data)
        head = await asyncio.wait_for(self._reader.readuntil(b"\r\n\r\n"), self.timeout)
        status = int(head[9:12])
        length, closing = None, False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                raise RuntimeError("chunked answers are not supported by this bench client")
            elif name == b"connection":
                closing = value.strip().lower() == b"close"
        if length is None and status not in (204, 304) and not 100 <= status < 200:
            raise RuntimeError(f"answer {status} without Content-Length")
        payload = await self._reader.readexactly(length) if length else b""
        if closing:  # e.g. nginx after keepalive_requests answers on one connection
            self._writer.close()
            await self._open()
        return status, payload

    async def post(self, path: str, body: object, headers: dict[str, str] | None = None):
        return await self.request("POST", path, body, headers)
