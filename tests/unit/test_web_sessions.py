"""A socket that drops while the server writes to it leaves its Flet session free to be taken
over by the reloading page (myg_app/web_sessions.py)."""
from __future__ import annotations

import asyncio
import importlib
from concurrent.futures import ThreadPoolExecutor

import msgpack
from flet.messaging.protocol import MessageAction
from flet_web.fastapi.flet_app_manager import app_manager
from starlette.datastructures import URL
from starlette.websockets import WebSocketDisconnect

from myg_app import web_sessions

flet_fastapi_app = importlib.import_module("flet_web.fastapi.app")


class DroppingSocket:
    """Accepts, delivers the page's registration, then is gone: every write fails as a
    closing socket's does, and the next read reports the disconnect."""

    client = None
    headers: dict = {}
    cookies: dict = {}
    url = URL("ws://testserver/ws")

    def __init__(self) -> None:
        body = {"session_id": "", "page_name": "", "page": {"route": "/", "web": True}}
        self.inbox = [b"\x00" + msgpack.packb([MessageAction.REGISTER_CLIENT.value, body])]
        self.writes = 0

    async def accept(self) -> None:
        pass

    async def receive_bytes(self) -> bytes:
        if self.inbox:
            return self.inbox.pop(0)
        await asyncio.sleep(0.2)  # the send loop fails first, as it did in the browser
        raise WebSocketDisconnect(1001)

    async def send_bytes(self, data: bytes) -> None:
        self.writes += 1
        raise WebSocketDisconnect(1006)


def test_a_failed_write_still_frees_the_session_for_reconnection():
    async def run() -> None:
        sessions = []

        async def main(page) -> None:
            sessions.append(page.session)

        app = web_sessions.ReconnectableFletApp(
            loop=asyncio.get_running_loop(), executor=ThreadPoolExecutor(1), main=main,
            before_main=None, session_timeout_seconds=60)
        ws = DroppingSocket()
        await app.handle(ws)  # flet_web's own FletApp raises here and keeps it "connected"
        assert ws.writes >= 1 and len(sessions) == 1
        key = app._FletApp__get_unique_session_id(sessions[0].id)
        kept = await app_manager.get_session(key)
        assert kept is sessions[0] and kept.connection is None  # a reload may take it over
        await app_manager.delete_session(key)

    asyncio.run(run())


def test_install_swaps_the_class_flet_web_builds_per_connection():
    before = flet_fastapi_app.FletApp
    try:
        web_sessions.install()
        assert flet_fastapi_app.FletApp is web_sessions.ReconnectableFletApp
    finally:
        flet_fastapi_app.FletApp = before
