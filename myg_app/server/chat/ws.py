"""The chat WebSocket: `/api/v1/chat/ws`. Protocol in myg_app/contracts/chat.py.

Every connection has one writer task draining an outbound queue, so frames from the hub, acks
and catch-up pages never interleave. Database work runs in the thread pool."""
from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass, field

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from myg_app.contracts.chat import (
    AckFrame,
    AuthFrame,
    CaughtUpFrame,
    ClientFrame,
    ErrorFrame,
    PongFrame,
    ReadFrame,
    ReadyFrame,
    SendFrame,
    SubscribeFrame,
    SubscribeQueueFrame,
)
from myg_app.server.auth.deps import user_from_token
from myg_app.server.auth.models import User
from myg_app.server.chat import conversations, messages, views
from myg_app.server.chat.batch import batcher
from myg_app.server.chat.runtime import chat_settings, db_turn
from myg_app.server.errors import AppError
from myg_app.server.fanout import Hub, attach, ensure_hub

ws_router = APIRouter(prefix="/chat", tags=["chat"])
log = logging.getLogger(__name__)

AUTH_TIMEOUT = 10.0
CLOSE_UNAUTHORIZED = 4401
OUTBOX_LIMIT = 1000  # frames waiting for a slow client before it is disconnected


@dataclass
class Caller:
    """A detached copy of the user: services only read these attributes."""

    id: int
    role: str
    department: str | None
    name: str = ""
    expires_at: float = 0.0  # the access token's exp (epoch seconds)


@dataclass
class Sub:
    last_seq: int
    caught_up: bool = False
    pending: list[dict] = field(default_factory=list)
    callback: object = None


def _authenticate(app, token: str) -> Caller | None:
    with app.state.sessionmaker() as session:
        bearer = user_from_token(session, app.state.settings, token)
        if bearer is None:
            return None
        user = bearer.user
        return Caller(user.id, user.role, user.department, user.name, bearer.expires_at)


class Connection:
    def __init__(self, ws: WebSocket, hub: Hub, caller: Caller):
        self.ws, self.hub, self.caller = ws, hub, caller
        self.app = ws.app
        self.out: asyncio.Queue[dict | None] = asyncio.Queue()
        self.subs: dict[int, Sub] = {}
        self.queue_channel: str | None = None
        self.closed = False

    # --- plumbing ------------------------------------------------------------------------
    def push(self, frame: dict) -> None:
        if self.closed:
            return
        if self.out.qsize() > OUTBOX_LIMIT:
            self.closed = True
            self.out.put_nowait(None)
            return
        self.out.put_nowait(frame)

    async def writer(self) -> None:
        while (frame := await self.out.get()) is not None:
            await self.ws.send_text(json.dumps(frame, ensure_ascii=False))

    def _db(self, fn, *args):
        """Run a service call in its own session (committed on success) in the thread pool."""
        app, caller = self.app, self.caller

        def work():
            with db_turn(app), app.state.sessionmaker() as session:
                attach(session, self.hub)
                user = session.get(User, caller.id)
                result = fn(session, user, *args)
                session.commit()
                return result

        return run_in_threadpool(work)

    def error(self, code: str, detail: str, **kw) -> None:
        self.push(ErrorFrame(code=code, detail=detail, **kw).model_dump(mode="json"))

    # --- hub events ----------------------------------------------------------------------
    def _on_conv_event(self, conv_id: int, frame: dict) -> None:
        sub = self.subs.get(conv_id)
        if sub is None:
            return
        kind = frame.get("type")
        if kind == "message":
            if not sub.caught_up:
                sub.pending.append(frame)
                return
            seq = frame["message"]["seq"]
            if seq <= sub.last_seq:
                return  # already sent (catch-up and live overlap)
            if seq > sub.last_seq + 1:
                # A gap (e.g. a lost notification): reload from the database, in order.
                sub.caught_up = False
                sub.pending.append(frame)
                asyncio.get_running_loop().create_task(self._catch_up(conv_id))
                return
            sub.last_seq = seq
            self.push(frame)
        elif kind == "conversation":
            conv = frame["conversation"]
            if (self.caller.role == "officer" and conv["department"] != self.caller.department
                    and conv.get("status") != "closed" and not self._is_citizen(conv_id)):
                # Transferred away: this officer no longer sees the conversation.
                self._unsubscribe(conv_id)
                self.error("chat.transferred", f"상담이 {conv['department']}(으)로 넘겨졌습니다.",
                           conversation_id=conv_id)
            self.push(frame)
        else:
            self.push(frame)

    def _is_citizen(self, conv_id: int) -> bool:
        return getattr(self.subs.get(conv_id), "side", None) == "citizen"

    def _on_resync(self, frame: dict) -> None:
        for conv_id, sub in self.subs.items():
            if sub.caught_up:
                sub.caught_up = False
                asyncio.get_running_loop().create_task(self._catch_up(conv_id))

    # --- client frames -------------------------------------------------------------------
    async def subscribe(self, f: SubscribeFrame) -> None:
        try:
            side, last = await self._db(
                lambda s, u, cid: (lambda c_s: (c_s[1], c_s[0].last_seq))(
                    conversations.get(s, u, cid)),
                f.conversation_id)
        except AppError as e:
            self.error(e.code, e.detail, conversation_id=f.conversation_id)
            return
        if f.conversation_id in self.subs:
            self._unsubscribe(f.conversation_id)
        # A client ahead of the server (e.g. a restored database) would otherwise skip new messages.
        sub = Sub(last_seq=min(f.after_seq, last))
        sub.side = side  # type: ignore[attr-defined]
        sub.callback = lambda frame, cid=f.conversation_id: self._on_conv_event(cid, frame)
        self.subs[f.conversation_id] = sub
        # Listen first, then read the database: nothing falls between the two.
        self.hub.subscribe(f"conv:{f.conversation_id}", sub.callback)
        await self._catch_up(f.conversation_id)

    async def _catch_up(self, conv_id: int) -> None:
        sub = self.subs.get(conv_id)
        if sub is None:
            return
        while True:
            after = sub.last_seq
            _conv, rows = await self._db(
                lambda s, u, cid, a: (lambda c_r: (c_r[0], views.messages_out(s, c_r[1])))(
                    messages.messages(s, u, cid, a)), conv_id, after)
            if self.subs.get(conv_id) is not sub:
                return
            for m in rows:
                if m.seq > sub.last_seq:
                    sub.last_seq = m.seq
                    self.push({"type": "message", "message": m.model_dump(mode="json")})
            if len(rows) < 500:
                break
        pending, sub.pending = sub.pending, []
        sub.caught_up = True
        for frame in sorted(pending, key=lambda fr: fr["message"]["seq"]):
            self._on_conv_event(conv_id, frame)
        self.push(CaughtUpFrame(conversation_id=conv_id, last_seq=sub.last_seq)
                  .model_dump(mode="json"))

    def _unsubscribe(self, conv_id: int) -> None:
        sub = self.subs.pop(conv_id, None)
        if sub is not None:
            self.hub.unsubscribe(f"conv:{conv_id}", sub.callback)

    def _batched(self, conversation_id: int, fn):
        """A write that commits together with the other sockets' writes (chat/batch.py)."""
        return batcher(self.app, self.hub).submit(self.caller.id, conversation_id, fn)

    async def send(self, f: SendFrame) -> None:
        settings = chat_settings(self.app)
        try:
            posted = await self._batched(f.conversation_id, lambda s, u: messages.post_message(
                s, settings, u, f.conversation_id, f.client_msg_id, f.body, f.attachment_id))
        except AppError as e:
            self.error(e.code, e.detail, client_msg_id=f.client_msg_id,
                       conversation_id=f.conversation_id)
            return
        self.push(AckFrame(conversation_id=f.conversation_id, client_msg_id=f.client_msg_id,
                           seq=posted.message.seq, duplicate=posted.duplicate)
                  .model_dump(mode="json"))

    async def read(self, f: ReadFrame) -> None:
        try:
            await self._batched(f.conversation_id,
                                lambda s, u: messages.mark_read(s, u, f.conversation_id, f.seq))
        except AppError as e:
            self.error(e.code, e.detail, conversation_id=f.conversation_id)

    def subscribe_queue(self) -> None:
        if self.caller.role not in ("officer", "admin"):
            self.error("auth.forbidden", "담당 공무원만 이용할 수 있는 기능입니다.")
            return
        channel = "queue:*" if self.caller.role == "admin" else f"queue:{self.caller.department}"
        if self.queue_channel is None:
            self.queue_channel = channel
            self.hub.subscribe(channel, self.push)

    async def handle(self, raw: str) -> None:
        try:
            frame = ClientFrame.validate_json(raw)
        except ValidationError:
            self.error("chat.bad_frame", "알 수 없는 요청입니다.")
            return
        if isinstance(frame, SubscribeFrame):
            await self.subscribe(frame)
        elif isinstance(frame, SendFrame):
            await self.send(frame)
        elif isinstance(frame, ReadFrame):
            await self.read(frame)
        elif isinstance(frame, SubscribeQueueFrame):
            self.subscribe_queue()
        elif isinstance(frame, AuthFrame):
            pass  # already signed in
        else:
            self.push(PongFrame().model_dump())

    async def run(self) -> None:
        self.hub.subscribe("*", self._on_resync)
        writer = asyncio.create_task(self.writer())
        # The connection lives only as long as its access token: then the client signs in
        # again (refreshing the token), so a logout or a disabled account takes effect.
        expiry = asyncio.ensure_future(asyncio.sleep(max(0.0, self.caller.expires_at - time.time())))
        expired = False
        try:
            self.push(ReadyFrame(user_id=self.caller.id, role=self.caller.role).model_dump())
            while not self.closed:
                recv = asyncio.ensure_future(self.ws.receive_text())
                done, _ = await asyncio.wait({recv, writer, expiry},
                                             return_when=asyncio.FIRST_COMPLETED)
                if writer in done or expiry in done:
                    recv.cancel()
                    if expiry in done:
                        self.error("auth.expired", "다시 연결합니다.")
                        expired = True
                    break
                await self.handle(recv.result())
        except WebSocketDisconnect:
            pass
        finally:
            self.closed = True
            for conv_id in list(self.subs):
                self._unsubscribe(conv_id)
            if self.queue_channel:
                self.hub.unsubscribe(self.queue_channel, self.push)
            self.hub.unsubscribe("*", self._on_resync)
            expiry.cancel()
            self.out.put_nowait(None)
            try:
                await writer
                if expired:
                    await self.ws.close(CLOSE_UNAUTHORIZED)
            except Exception:
                pass


@ws_router.websocket("/ws")
async def chat_socket(ws: WebSocket) -> None:
    await ws.accept()
    try:
        raw = await asyncio.wait_for(ws.receive_text(), AUTH_TIMEOUT)
        auth = AuthFrame.model_validate_json(raw)
    except (asyncio.TimeoutError, ValidationError, WebSocketDisconnect):
        await _reject(ws)
        return
    caller = await run_in_threadpool(_authenticate, ws.app, auth.token)
    if caller is None:
        await _reject(ws)
        return
    hub = await ensure_hub(ws.app)
    await Connection(ws, hub, caller).run()


async def _reject(ws: WebSocket) -> None:
    try:
        await ws.send_text(ErrorFrame(code="auth.required", detail="로그인이 필요합니다.")
                           .model_dump_json())
        await ws.close(CLOSE_UNAUTHORIZED)
    except Exception:
        pass
