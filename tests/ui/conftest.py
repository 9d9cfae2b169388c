"""UI tests: the real client `main(page)` in a headless Flet session (tests/ui/headless.py),
talking to the real API app in-process over httpx's ASGI transport (SQLite, migrated)."""

from __future__ import annotations

import asyncio

import flet as ft
import httpx
import pytest

from myg_app.client.app import make_main
from myg_app.client.widgets.common import WORD_JOINER
from myg_app.server.app import create_app
from myg_app.server.config import Settings
from myg_app.server.db import migrate
from myg_app.server.seed import seed_demo
from tests.ui import headless

DEMO_PASSWORD = "ui-demo-pass-1"


@pytest.fixture(scope="session")
def api_app(tmp_path_factory):
    d = tmp_path_factory.mktemp("ui-data")
    settings = Settings(data_dir=d, secret_key="ui-test-secret-0123456789abcdefghij",
                        demo_password=DEMO_PASSWORD, password_hash_fast=True)
    migrate(settings)
    seed_demo(settings)
    return create_app(settings)


async def finish_background_tasks(timeout: float = 15.0) -> None:
    """Wait for the tasks the app started (screens load in background tasks) instead of a
    fixed pause: a load cut off when the loop closes can leave SQLite's write lock held
    for the next test, and how long a load takes depends on how busy the machine is."""
    me = asyncio.current_task()
    pending = {t for t in asyncio.all_tasks() if t is not me and not t.done()}
    if pending:
        await asyncio.wait(pending, timeout=timeout)


class Ui:
    """A headless session plus helpers to find controls by their Semantics identifier."""

    def __init__(self, client: headless.FakeClient, session):
        self.client = client
        self.session = session
        self.page = session.page

    @property
    def app(self):
        return self.page.data

    def find(self, ident: str) -> ft.Semantics | None:
        for c in list(self.session.index.values()):
            if isinstance(c, ft.Semantics) and c.identifier == ident:
                return c
        return None

    def idents(self, prefix: str) -> list[str]:
        """Identifiers starting with `prefix`, in on-screen (tree) order of the top view."""
        out: list[str] = []

        def walk(c) -> None:
            if isinstance(c, ft.Semantics) and (c.identifier or "").startswith(prefix):
                out.append(c.identifier)
            for attr in ("content", "controls", "appbar", "actions", "title"):
                v = getattr(c, attr, None)
                for child in (v if isinstance(v, list) else [v]):
                    if isinstance(child, ft.BaseControl):
                        walk(child)

        walk(self.page.views[-1])
        return out

    async def settle(self, until=None, timeout: float = 15.0) -> None:
        """Let pending tasks run; with `until`, wait for that condition (returns as soon as it
        holds: the generous limit is for a machine busy with other test runs)."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while True:
            await asyncio.sleep(0.02)
            if until is None or until() or loop.time() > end:
                return

    async def tap(self, ident: str) -> None:
        """Activate the control tagged `ident` the way a pointer tap does."""
        sem = self.find(ident)
        assert sem is not None, f"no control tagged {ident!r} on screen"
        target = sem.content
        while not getattr(target, "on_click", None) and getattr(target, "content", None):
            target = target.content
        if getattr(target, "on_click", None) is None:
            target = sem  # Semantics-only activation (screen readers)
            await self.session.dispatch_event(target._i, "tap", None)
        else:
            await self.session.dispatch_event(target._i, "click", None)
        await self.settle()

    async def type(self, ident: str, value: str) -> None:
        field = self.find(ident).content
        self.session.apply_patch(field._i, {"value": value})
        await self.session.dispatch_event(field._i, "change", None)
        await self.settle()

    async def select(self, ident: str, value: str) -> None:
        """Choose `value` (an option's key) in the dropdown tagged `ident`."""
        dd = self.find(ident).content
        self.session.apply_patch(dd._i, {"value": value})
        await self.session.dispatch_event(dd._i, "select", None)
        await self.settle()

    def text(self, ident: str) -> str:
        c = self.find(ident)
        assert c is not None, f"no control tagged {ident!r}"
        c = c.content
        value = c.value if isinstance(c, ft.Text) else str(getattr(c, "value", ""))
        return (value or "").replace(WORD_JOINER, "")  # as read aloud (widgets.common.Words)

    async def go(self, route: str) -> None:
        self.app.go(route)  # as a link in the app does (opens the route as new)
        await self.settle()


async def signed_in(open_app, email: str, password: str = DEMO_PASSWORD, **kw) -> Ui:
    """A new session signed in through the login screen, as a person does."""
    ui = await open_app(**kw)
    await ui.go("/login")
    await ui.type("login-email", email)
    await ui.type("login-password", password)
    await ui.tap("login-submit")
    await ui.settle(lambda: ui.find("home-user"))
    assert ui.find("home-user") is not None
    return ui


async def close_sessions(sessions: list[Ui]) -> None:
    """End a test's app sessions as a closed browser tab does (page.on_close: the alert line
    stops), then let the loads they started finish inside the test's event loop. A request
    cut off when the loop closes leaves its sync endpoint's database session unclosed, and on
    SQLite that is the write lock held until the garbage collector finds it: the next tests'
    sign-ins then fail with 'database is locked'."""
    for ui in sessions:
        closed = getattr(ui.page, "on_close", None)
        if closed is not None:
            await closed(None)
    await finish_background_tasks()


@pytest.fixture
async def open_app(api_app):
    """`await open_app(prefs=..., width=...)` starts a fresh app session (one device)."""
    sessions: list[Ui] = []

    async def start(prefs: dict | None = None, width: int = 400, route: str = "/",
                    kiosk: bool = False, height: int = 800) -> Ui:
        transport = httpx.ASGITransport(app=api_app)
        main = make_main("http://testserver", transport=transport, kiosk=kiosk)
        client, session = await headless.start_session(main, route=route, prefs=prefs,
                                                       width=width, height=height)
        ui = Ui(client, session)
        await ui.settle(lambda: not ui.app.loading)
        sessions.append(ui)
        return ui

    yield start
    await close_sessions(sessions)


class Switchable(httpx.AsyncBaseTransport):
    """The app's connection, which a test can cut and restore."""

    def __init__(self, inner: httpx.AsyncBaseTransport):
        self.inner = inner
        self.offline = False
        self.report_posts = 0

    async def handle_async_request(self, request):
        if self.offline:
            raise httpx.ConnectError("no network")
        if request.method == "POST" and request.url.path == "/api/v1/reports":
            self.report_posts += 1
        return await self.inner.handle_async_request(request)


@pytest.fixture
async def open_device(api_app):
    """Like open_app, but with a switchable connection and a device store kept across starts."""
    sessions: list[Ui] = []

    async def start(prefs: dict | None = None, route: str = "/", width: int = 400,
                    transport: Switchable | None = None) -> Ui:
        transport = transport or Switchable(httpx.ASGITransport(app=api_app))
        client, session = await headless.start_session(
            make_main("http://testserver", transport=transport), route=route, prefs=prefs,
            width=width)
        ui = Ui(client, session)
        ui.transport = transport
        await ui.settle(lambda: not ui.app.loading)
        sessions.append(ui)
        return ui

    yield start
    await close_sessions(sessions)


async def sign_in(ui: Ui, email: str) -> None:
    await ui.go("/login")
    await ui.type("login-email", email)
    await ui.type("login-password", DEMO_PASSWORD)
    await ui.tap("login-submit")
    await ui.settle(lambda: ui.find("home-user"))
