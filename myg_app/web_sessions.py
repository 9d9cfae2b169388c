"""A reload keeps its Flet session even when the server was writing as the page closed.

flet_web 1.0.5 (`FletApp.handle`) marks a session disconnected only after its send loop ends
cleanly. If the server is sending at the moment the browser drops the socket (a reload, a
closed tab, a phone that lost signal mid-update), the send raises, `handle` re-raises it and
never marks the session disconnected: the reconnecting page is refused its own session (it
must be free to be taken over) and starts a new one. A citizen then finds themself signed out
and on the home screen after a mere reload.

`ReconnectableFletApp` marks the session disconnected in that case too. Nothing the failed
send carried is lost: a reconnecting page is sent its whole page again.
"""
from __future__ import annotations

import importlib
import logging

from flet_web.fastapi.flet_app import FletApp
from flet_web.fastapi.flet_app_manager import app_manager
from starlette.websockets import WebSocketDisconnect

log = logging.getLogger(__name__)
# The module, not the `app()` function flet_web.fastapi exports under the same name.
flet_fastapi_app = importlib.import_module("flet_web.fastapi.app")


class ReconnectableFletApp(FletApp):
    async def handle(self, websocket) -> None:
        try:
            await super().handle(websocket)
        except WebSocketDisconnect:
            session = self._FletApp__session  # private in flet_web; pinned flet==1.0.5
            if session is None:
                return
            log.debug("socket closed while sending; session %s kept for reconnection",
                      session.id)
            await app_manager.disconnect_session(
                self._FletApp__get_unique_session_id(session.id),
                self._FletApp__session_timeout_seconds)


def install() -> None:
    """Make flet_web's websocket endpoint use ReconnectableFletApp (it looks the class up in
    its module on every connection). Call before the first page connects."""
    flet_fastapi_app.FletApp = ReconnectableFletApp
