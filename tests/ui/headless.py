"""Adapted from shared/recipes/flet/headless.py. A browser-less 'fake Flutter client' for Flet 1.0.5 unit tests.

It plugs a recording Connection into flet's real Session, so `main(page)` runs
unmodified, events go through the real dispatch path (before_event, sync/async
handlers, auto-update, component re-render) and every patch is captured.

Relies on flet internals (flet.messaging.*), the same ones flet's own test-suite
uses (tests/test_skip_double_update.py builds Session(Connection())) -> pin flet.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Optional

import flet as ft
import msgpack
from flet.controls.base_control import BaseControl
from flet.controls.context import _context_page
from flet.messaging.connection import Connection
from flet.messaging.protocol import (
    Message,
    MessageAction,
    configure_encode_object_for_msgpack,
)
from flet.messaging.session import Session
from flet.pubsub.pubsub_hub import PubSubHub

from myg_app.client.widgets.common import WORD_JOINER


class FakeClient(Connection):
    """Records outgoing messages; answers client-side method calls in memory."""

    def __init__(self):
        super().__init__()
        self.loop = asyncio.get_running_loop()
        self.executor = ThreadPoolExecutor(max_workers=2)
        self.pubsubhub = PubSubHub(loop=self.loop, executor=self.executor)
        self.messages: list[Message] = []
        self.prefs: dict[str, Any] = {}  # SharedPreferences backing store
        self.session: Optional[Session] = None
        self.wire_bytes = 0
        self.page_url = "http://127.0.0.1:8550"  # page.url / page.query need it
        self.launched: list[str] = []  # URLs opened through UrlLauncher

    def encode(self, obj) -> bytes:
        # MUST serialize like the real transport: the msgpack encoder is what records
        # the `__prev_*` snapshots that the next diff (page.update()) compares against.
        return msgpack.packb(obj, default=configure_encode_object_for_msgpack(BaseControl))

    # --- Connection API -------------------------------------------------------
    def send_message(self, message: Message):
        self.messages.append(message)
        self.wire_bytes += len(self.encode([message.action, message.body]))
        if message.action == MessageAction.INVOKE_METHOD:
            b = message.body
            target = self.session.index.get(b.control_id)
            result = self._answer(target, b.name, b.args or {})
            self.loop.call_soon(self.session.handle_invoke_method_results,
                                b.control_id, b.call_id, result, None)

    # --- emulate the Dart side of a few methods ---------------------------------
    def _answer(self, target, name, args):
        if isinstance(target, ft.SharedPreferences):
            if name == "set":
                self.prefs[args["key"]] = args["value"]
                return True
            if name == "get":
                return self.prefs.get(args["key"])
            if name == "remove":
                return self.prefs.pop(args["key"], None) is not None
            if name == "contains_key":
                return args["key"] in self.prefs
        if isinstance(target, ft.UrlLauncher) and name == "launch_url":
            self.launched.append(args.get("url"))
            return None
        if isinstance(target, ft.Page) and name == "push_route":
            # The real client updates page.route and fires route_change.
            route = args["route"]
            self.session.apply_page_patch({"route": route})
            self.loop.create_task(
                self.session.dispatch_event(target._i, "route_change", {"route": route}))
            return None
        return None

    def patches(self):
        return [m for m in self.messages if m.action == MessageAction.PATCH_CONTROL]


async def start_session(main, route: str = "/", prefs: dict | None = None,
                        width: int = 480, height: int = 800) -> tuple[FakeClient, Session]:
    client = FakeClient()
    client.prefs.update(prefs or {})
    session = Session(client)
    client.session = session
    # What flet_web does on REGISTER_CLIENT: apply the client's initial page props,
    # then build+mount the initial page tree (indexes controls, attaches services).
    session.apply_page_patch({"route": route, "web": True, "width": width, "height": height})
    client.encode(session.get_page_patch())  # = REGISTER_CLIENT response
    _context_page.set(session.page)  # what flet does before calling main()
    if asyncio.iscoroutinefunction(main):
        await main(session.page)
    else:
        main(session.page)
    await session.after_event(session.page)
    return client, session


def said(c) -> str:
    """What a text control reads as: its value without the word joiners that keep Korean
    words whole on screen (widgets.common.Words)."""
    v = getattr(c, "value", None)
    return v.replace(WORD_JOINER, "") if isinstance(v, str) else ""


def find(session: Session, *, key=None, type_=None, text=None) -> list[BaseControl]:
    """Find mounted controls by key / type / Text value or Button content."""
    out = []
    for c in list(session.index.values()):
        if key is not None and getattr(c, "key", None) != key:
            continue
        if type_ is not None and not isinstance(c, type_):
            continue
        if text is not None:
            val = getattr(c, "value", None) if isinstance(c, ft.Text) else getattr(
                c, "content", None)
            if not (isinstance(val, str) and text in val.replace(WORD_JOINER, "")):
                continue
        out.append(c)
    return out


async def click(session: Session, control: BaseControl, settle: float = 0.05):
    await session.dispatch_event(control._i, "click", None)
    await asyncio.sleep(settle)  # let tasks (navigate, component scheduler) run


async def change(session: Session, control: BaseControl, value, settle: float = 0.05):
    session.apply_patch(control._i, {"value": value})  # client sends props first
    await session.dispatch_event(control._i, "change", None)
    await asyncio.sleep(settle)


def button_style_of(control) -> ft.ButtonStyle | None:
    """The style a button is drawn with: its own, else its kind's from the page's theme
    (buttons built with widgets.common.button carry none: the theme sets them all)."""
    own = getattr(control, "style", None)
    if own is not None:
        return own
    page = getattr(control, "page", None)
    theme = getattr(page, "theme", None) if page is not None else None
    if theme is None:
        return None
    kind = {ft.FilledButton: theme.filled_button_theme, ft.FilledTonalButton:
            theme.filled_button_theme, ft.OutlinedButton: theme.outlined_button_theme,
            ft.TextButton: theme.text_button_theme}.get(type(control))
    return kind.style if kind is not None else None


def target_height(control) -> float:
    """The height a button is guaranteed: its own, else one line of its label plus its style's
    vertical padding (buttons have no fixed height: a wrapped label makes them taller)."""
    if control.height is not None:
        return control.height
    style = button_style_of(control)
    if style is None or style.padding is None or style.text_style is None:
        return 0
    return style.padding.top + style.padding.bottom + (style.text_style.size or 0)
