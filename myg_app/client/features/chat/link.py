"""The app's live chat connection: reconnects by itself, catches up from the last seen seq,
and keeps unsent messages in an outbox (with their client ids) until the server acks them,
so a message written offline goes exactly once when the line is back."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Awaitable, Callable

from myg_app.client.api import ApiClient, ApiError
from myg_app.contracts.auth import UserOut

log = logging.getLogger(__name__)

FrameHandler = Callable[[dict], Awaitable[None]]
StateHandler = Callable[[bool], Awaitable[None]]
OutboxHandler = Callable[[list[dict]], Awaitable[None]]
BACKOFF = (0.5, 1, 2, 4, 8, 10)


def ws_url(api: ApiClient) -> str:
    base = api.base_url
    return ("wss://" + base[8:] if base.startswith("https://") else
            "ws://" + base.removeprefix("http://")) + "/api/v1/chat/ws"


class ChatLink:
    def __init__(self, api: ApiClient, on_frame: FrameHandler, on_state: StateHandler,
                 on_outbox: OutboxHandler | None = None):
        self.api = api
        self.on_frame, self.on_state, self.on_outbox = on_frame, on_state, on_outbox
        self.outbox: dict[str, dict] = {}  # client_msg_id -> send frame, in writing order
        self.last_seq: dict[int, int] = {}
        self.subs: set[int] = set()
        self.queue = False
        self.connected = False
        self._ws = None
        self._task: asyncio.Task | None = None
        self._stopped = False

    # --- lifecycle ---------------------------------------------------------------------
    def start(self, page) -> None:
        if self._task is None or self._task.done():
            self._stopped = False
            self._task = page.run_task(self._run)

    async def stop(self) -> None:
        self._stopped = True
        if self._ws is not None:
            await self._ws.close()
        if self._task is not None:
            self._task.cancel()

    async def _run(self) -> None:
        attempt = 0
        while not self._stopped:
            try:
                await self._session()
                attempt = 0
            except asyncio.CancelledError:
                raise
            except Exception as e:  # offline, server restart, expired sign-in...
                log.info("chat link down: %s", type(e).__name__)
            if self.connected:
                self.connected = False
                await self.on_state(False)
            if self._stopped:
                return
            await asyncio.sleep(BACKOFF[min(attempt, len(BACKOFF) - 1)])
            attempt += 1

    async def _session(self) -> None:
        from websockets.asyncio.client import connect

        if self.api.tokens is None:
            raise ApiError("로그인이 필요합니다.", code="auth.required")
        # Any authorised call refreshes an expired access token first.
        await self.api.call("GET", "/me", UserOut)
        async with connect(ws_url(self.api), open_timeout=10, ping_interval=20,
                           max_size=2 ** 20) as ws:
            await ws.send(json.dumps({"type": "auth", "token": self.api.tokens.access_token}))
            ready = json.loads(await ws.recv())
            if ready.get("type") != "ready":
                raise ApiError("채팅에 연결하지 못했습니다.", code="chat.auth")
            self._ws = ws
            self.connected = True
            await self.on_state(True)
            if self.queue:
                await ws.send(json.dumps({"type": "subscribe_queue"}))
            for conv_id in list(self.subs):
                await self._subscribe(conv_id)
            for frame in list(self.outbox.values()):  # written while offline: send now
                await ws.send(json.dumps(frame, ensure_ascii=False))
            try:
                async for raw in ws:
                    frame = json.loads(raw)
                    await self._track(frame)
                    await self.on_frame(frame)
            finally:
                self._ws = None

    async def _track(self, frame: dict) -> None:
        kind = frame.get("type")
        if kind == "message":
            m = frame["message"]
            self.last_seq[m["conversation_id"]] = max(self.last_seq.get(m["conversation_id"], 0),
                                                      m["seq"])
            # The stored message carries our client id: it is sent, whichever of the echo and
            # the ack arrives first.
            if m.get("client_msg_id") and self.outbox.pop(m["client_msg_id"], None) is not None:
                await self._outbox_changed()
        elif kind == "ack" or (kind == "error" and frame.get("client_msg_id")):
            # Acked, or refused for good (e.g. the conversation closed): no more retries.
            if self.outbox.pop(frame.get("client_msg_id"), None) is not None:
                await self._outbox_changed()

    async def _outbox_changed(self) -> None:
        if self.on_outbox:
            await self.on_outbox(list(self.outbox.values()))

    async def _send(self, frame: dict) -> bool:
        ws = self._ws
        if ws is None:
            return False
        try:
            await ws.send(json.dumps(frame, ensure_ascii=False))
            return True
        except Exception:  # the reconnect loop resends the outbox
            return False

    async def _subscribe(self, conv_id: int) -> None:
        await self._send({"type": "subscribe", "conversation_id": conv_id,
                          "after_seq": self.last_seq.get(conv_id, 0)})

    # --- what screens call ---------------------------------------------------------------
    async def subscribe(self, conv_id: int, after_seq: int = 0) -> None:
        self.subs.add(conv_id)
        self.last_seq[conv_id] = max(self.last_seq.get(conv_id, 0), after_seq)
        await self._subscribe(conv_id)

    async def subscribe_queue(self) -> None:
        self.queue = True
        await self._send({"type": "subscribe_queue"})

    def restore(self, frames: list[dict]) -> None:
        """Messages left unsent by an earlier app session (kept on the device)."""
        for f in frames:
            if f.get("type") == "send" and f.get("client_msg_id"):
                self.outbox.setdefault(f["client_msg_id"], f)

    async def send(self, conv_id: int, body: str, attachment_id: int | None = None) -> str:
        cid = uuid.uuid4().hex
        frame = {"type": "send", "conversation_id": conv_id, "client_msg_id": cid,
                 "body": body, "attachment_id": attachment_id}
        self.outbox[cid] = frame
        await self._outbox_changed()
        await self._send(frame)
        return cid

    async def read(self, conv_id: int, seq: int) -> None:
        await self._send({"type": "read", "conversation_id": conv_id, "seq": seq})
