"""The chat's live link, outbox and REST calls for one app session (kept in AppState)."""
from __future__ import annotations

import json
from collections.abc import Callable

from myg_app.client.api import ApiError
from myg_app.client.features.chat.link import ChatLink
from myg_app.contracts.chat import (
    ChatMessageOut,
    ConversationOut,
    MessagePage,
)

FID = "chat"
K_OUTBOX = "myg.chat.outbox"  # messages written but not yet acknowledged, kept on the device
LIST_HEIGHT = 420


class ChatController:
    """One per app session: conversations seen, their messages, the live link."""

    def __init__(self, app):
        self.app = app
        self.user_id = app.state.user.id if app.state.user else None
        self.convs: dict[int, ConversationOut] = {}
        self.msgs: dict[int, dict[int, ChatMessageOut]] = {}
        self.photos: dict[int, bytes] = {}
        self.online = False
        self.visible: int | None = None  # the conversation on screen (read receipts)
        self.redraw: Callable[[], None] | None = None
        self.on_queue: Callable[[], None] | None = None
        self.notice: str | None = None
        self.link = ChatLink(app.api, self._frame, self._state, self._outbox)
        self._restored = False

    async def ensure_started(self) -> None:
        if not self._restored:
            self._restored = True
            try:
                raw = await self.app.prefs.service.get(K_OUTBOX)
                self.link.restore(json.loads(raw) if raw else [])
            except (ValueError, TypeError):
                pass
        self.link.start(self.app.page)

    def _draw(self) -> None:
        if self.redraw is not None:
            self.redraw()

    async def _state(self, online: bool) -> None:
        self.online = online
        self._draw()

    async def _outbox(self, frames: list[dict]) -> None:
        await self.app.prefs.service.set(K_OUTBOX, json.dumps(frames, ensure_ascii=False))

    async def _frame(self, f: dict) -> None:
        user = self.app.state.user
        if user is None or user.id != self.user_id:
            # Signed out (or another account): this line is not theirs any more.
            self.app.page.run_task(self.link.stop)
            return
        kind = f.get("type")
        if kind == "message":
            m = ChatMessageOut.model_validate(f["message"])
            self.msgs.setdefault(m.conversation_id, {})[m.seq] = m
            conv = self.convs.get(m.conversation_id)
            if conv is not None and m.seq > conv.last_seq:
                conv.last_seq = m.seq
            if m.attachment_id and m.attachment_id not in self.photos:
                await self.load_photo(m.attachment_id)
            if self.visible == m.conversation_id and m.sender != self.my_side(m.conversation_id):
                await self.link.read(m.conversation_id, m.seq)
        elif kind == "conversation":
            conv = ConversationOut.model_validate(f["conversation"])
            self.convs[conv.id] = conv
        elif kind == "receipt":
            conv = self.convs.get(f["conversation_id"])
            if conv is not None:
                setattr(conv, f"{f['reader']}_read_seq", f["seq"])
        elif kind == "queue":
            if self.on_queue is not None:
                self.on_queue()
            return
        elif kind == "ack":
            pass  # the link took the message out of the outbox: redraw without "보내는 중"
        elif kind == "error":
            if f.get("code") == "auth.expired":
                return  # the link reconnects with a fresh token by itself
            self.notice = f.get("detail")
        elif kind != "caught_up":
            return
        self._draw()

    def my_side(self, conv_id: int) -> str:
        u = self.app.state.user
        return "officer" if u is not None and u.role in ("officer", "admin") and \
            self.visible_role == "officer" else "citizen"

    visible_role = "citizen"

    async def load(self, conv_id: int) -> None:
        page = await self.app.api.call("GET", f"/chat/conversations/{conv_id}/messages",
                                       MessagePage)
        self.convs[conv_id] = page.conversation
        bucket = self.msgs.setdefault(conv_id, {})
        for m in page.items:
            bucket[m.seq] = m
        for m in page.items:
            if m.attachment_id and m.attachment_id not in self.photos:
                await self.load_photo(m.attachment_id)
        await self.link.subscribe(conv_id, page.conversation.last_seq)
        if page.items:
            await self.link.read(conv_id, page.items[-1].seq)

    async def load_photo(self, att_id: int) -> None:
        try:
            self.photos[att_id] = await raw_request(self.app, "GET", f"/chat/attachments/{att_id}")
        except ApiError:
            pass

    def pending(self, conv_id: int) -> list[dict]:
        """Messages written but not yet stored: never one the server already has (merged by
        client_msg_id, so a message shows once whether its echo or its ack came first)."""
        stored = {m.client_msg_id for m in self.msgs.get(conv_id, {}).values() if m.client_msg_id}
        return [f for f in self.link.outbox.values()
                if f["conversation_id"] == conv_id and f["client_msg_id"] not in stored]


async def raw_request(app, method: str, path: str, content: bytes | None = None,
               ctype: str | None = None) -> bytes:
    """Photo bytes in or out, through the API client (auth, token refresh, Korean errors)."""
    try:
        return await app.api.raw(method, path, content=content, content_type=ctype)
    except ApiError as e:
        if e.code in ("server", "bad_response"):  # no message of the server's own
            raise ApiError("사진을 처리하지 못했습니다.", status=e.status, code=e.code) from None
        raise


def controller(app) -> ChatController:
    """The session's chat state, for the account signed in now (a new one after switching)."""
    ctl = app.state.drafts.get("chat")
    user_id = app.state.user.id if app.state.user else None
    if ctl is not None and ctl.user_id != user_id:
        app.page.run_task(ctl.link.stop)
        ctl = None
    if ctl is None:
        ctl = app.state.drafts["chat"] = ChatController(app)
    return ctl
