"""The web server answers the UI at once and the API once built (myg_app/deferred_api.py)."""
import asyncio
import threading

import httpx
from fastapi import FastAPI
from starlette.responses import PlainTextResponse

from myg_app.deferred_api import DeferredApi


def _ui() -> FastAPI:
    ui = FastAPI()

    @ui.get("/{path:path}")
    def page(path: str):
        return PlainTextResponse(f"ui:{path}")

    return ui


async def _noop() -> None:
    return None


async def test_ui_is_served_before_the_api_and_api_requests_wait_for_it():
    release = threading.Event()
    ui = _ui()

    def build_api() -> FastAPI:
        release.wait(10)  # the slow part: imports, routers
        api = FastAPI()

        @api.get("/api/v1/ping")
        def ping():
            return PlainTextResponse("pong")

        api.mount("/", ui)
        return api

    app = DeferredApi(ui, build_api, frozenset({"main.dart.js", "ws"}),
                      on_start=_noop, on_stop=_noop)
    inbox: asyncio.Queue = asyncio.Queue()
    sent: list[dict] = []

    async def send(msg):
        sent.append(msg)

    await inbox.put({"type": "lifespan.startup"})
    lifespan = asyncio.create_task(app({"type": "lifespan"}, inbox.get, send))
    while not sent:
        await asyncio.sleep(0.01)
    assert sent[0]["type"] == "lifespan.startup.complete"

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
        assert (await c.get("/")).text == "ui:"
        assert (await c.get("/main.dart.js")).text == "ui:main.dart.js"
        pending = asyncio.create_task(c.get("/api/v1/ping"))
        await asyncio.sleep(0.2)
        assert not pending.done()  # waits instead of failing with 404
        release.set()
        assert (await pending).text == "pong"
        # Once built, everything goes through the full app (UI mounted under the API).
        assert (await c.get("/f/sports")).text == "ui:f/sports"

    await inbox.put({"type": "lifespan.shutdown"})
    await asyncio.wait_for(lifespan, 5)
    assert sent[-1]["type"] == "lifespan.shutdown.complete"


def test_warm_up_loads_what_the_first_session_needs():
    import sys

    from myg_app.client.warmup import warm_up

    warm_up()
    assert "myg_app.client.features.home" in sys.modules
    assert "myg_app.client.features.screens" in sys.modules
