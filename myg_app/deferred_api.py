"""One ASGI server for the web build: the Flet UI answers at once, the REST API joins as soon
as it is built.

Importing and building the API (SQLAlchemy, every domain's routers) and preparing the
database take longer than serving the app shell, and the first screen needs neither: the
catalog is bundled with the client. So the server starts with the UI alone, builds the API in a
worker thread, then serves both. Until then, UI paths (the page, its static files, the Flet
websocket) go straight to the UI and every other request waits for the API instead of failing.

The build starts at the first request that needs the API, or `BUILD_AFTER` seconds after
start-up, whichever comes first. Building at once would compete for the CPU (and the GIL)
with the browser's first page load and cost the first visitor about a second; measured with
tests/bench/bench_startup.py. A first screen's own API call (the catalog refresh) comes right
after its first render, so the build then overlaps with the browser's drawing, not with it.
"""
from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

ASGIApp = Callable  # (scope, receive, send) -> awaitable
BUILD_AFTER = 2.0  # seconds
# Endpoints of flet_web's FastAPI app besides its static files.
FLET_ENDPOINTS = {"ws", "upload", "oauth_callback"}


def ui_first_segments(*static_dirs: Path) -> frozenset[str]:
    names = set(FLET_ENDPOINTS)
    for d in static_dirs:
        if d.is_dir():
            names.update(p.name for p in d.iterdir())
    return frozenset(names)


class DeferredApi:
    """ASGI app serving `ui` immediately and `build_api()` (which mounts the UI at "/" itself)
    once built and started; runs the Flet session manager and the API's lifespan."""

    def __init__(self, ui: ASGIApp, build_api: Callable[[], object], ui_segments: frozenset[str],
                 *, on_start: Callable[[], object], on_stop: Callable[[], object]):
        self._ui = ui
        self._build_api = build_api
        self._ui_segments = ui_segments
        self._on_start, self._on_stop = on_start, on_stop
        self._api = None
        self._ready = asyncio.Event()
        self._wanted = asyncio.Event()  # someone needs the API: build it now
        self._stop = asyncio.Event()
        self._task: asyncio.Task | None = None

    def _is_ui_path(self, path: str) -> bool:
        first = path.lstrip("/").split("/", 1)[0]
        return first == "" or first in self._ui_segments

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if self._api is None:
            if self._is_ui_path(scope["path"]):
                await self._ui(scope, receive, send)
                return
            self._wanted.set()
            await self._ready.wait()
            if self._api is None:  # the build failed; the process is stopping
                await _unavailable(scope, send)
                return
        await self._api(scope, receive, send)

    async def _lifespan(self, receive, send) -> None:
        await receive()  # lifespan.startup
        try:
            await self._on_start()
            self._task = asyncio.create_task(self._serve_api(), name="api")
        except Exception as e:
            log.exception("start-up failed")
            await send({"type": "lifespan.startup.failed", "message": str(e)})
            return
        await send({"type": "lifespan.startup.complete"})
        await receive()  # lifespan.shutdown
        self._stop.set()
        if self._task is not None:
            await self._task
        await self._on_stop()
        await send({"type": "lifespan.shutdown.complete"})

    async def _serve_api(self) -> None:
        try:
            try:
                await asyncio.wait_for(self._wanted.wait(), BUILD_AFTER)
            except TimeoutError:
                pass
            if self._stop.is_set():
                return
            api = await asyncio.to_thread(self._build_api)
            # The API's own lifespan (database preparation, listeners) runs inside this task,
            # so it is entered and left in the same task, as anyio requires.
            async with api.router.lifespan_context(api):
                self._api = api
                self._ready.set()
                await self._stop.wait()
        except Exception:
            log.exception("API 시작 실패 (the API could not start); stopping")
            self._ready.set()
            os.kill(os.getpid(), signal.SIGTERM)


async def _unavailable(scope, send) -> None:
    if scope["type"] != "http":
        return
    body = ('{"type":"about:blank","title":"Service Unavailable","status":503,'
            '"code":"starting","detail":"서버를 시작하지 못했습니다. 관리자에게 문의해 주세요."}'
            ).encode()
    await send({"type": "http.response.start", "status": 503,
                "headers": [(b"content-type", b"application/problem+json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
