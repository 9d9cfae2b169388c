"""1:1 민원상담 채팅: conversations between a citizen and a department, over REST and WebSocket.

WebSocket protocol (`/api/v1/chat/ws`), JSON text frames, each with a `type`:
1. The client's FIRST frame is `{"type": "auth", "token": "<access token>"}` (the token stays
   out of URLs and access logs); the server answers `ready` or closes with code 4401.
2. `subscribe` {conversation_id, after_seq}: the server sends every message with a larger seq
   (catch-up), then `caught_up`, then live frames. Officers may `subscribe_queue`.
3. `send` {conversation_id, client_msg_id, body, attachment_id}: answered by `ack` with the
   message's seq; a repeated client_msg_id is acknowledged again and never stored twice.
4. `read` {conversation_id, seq}: a read receipt, forwarded to the other side.
"""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Union

from pydantic import BaseModel, Field, TypeAdapter, field_validator, model_validator
from myg_app.contracts.types import Count, Id, line, long_text, token

ChatStatus = Literal["queued", "active", "closed"]
SenderRole = Literal["citizen", "officer", "system"]
CHAT_STATUS_KO = {"queued": "답변 대기", "active": "상담 중", "closed": "상담 종료"}
MAX_BODY = 1000  # characters; keeps a message inside one PostgreSQL NOTIFY payload


class OfficeHours(BaseModel):
    open_now: bool
    hours_text: str  # "평일 10:00~17:00 (공휴일 제외)"
    next_open_at: datetime | None  # when closed: when answers start again
    message: str  # what the citizen reads now


class ChatMessageOut(BaseModel):
    id: int
    conversation_id: int
    seq: int
    sender: SenderRole
    sender_label: str  # "나", "민원봉사과 상담원", "자동 안내" — never an officer's full name
    body: str
    attachment_id: int | None = None
    client_msg_id: str | None = None
    created_at: datetime


class ConversationOut(BaseModel):
    id: int
    status: ChatStatus
    department: str
    answered_by: str | None  # "민원봉사과 상담원" once an officer took it
    topic: str | None
    last_seq: int
    citizen_read_seq: int  # read receipts: how far each side has read
    officer_read_seq: int
    waiting_since: datetime | None
    created_at: datetime
    closed_at: datetime | None
    summary: str | None
    rating: int | None
    rating_comment: str | None


class ConversationList(BaseModel):
    items: list[ConversationOut]


class ConversationCreate(BaseModel):
    topic: line(60) | None = None


class MessageCreate(BaseModel):
    client_msg_id: token(64, 8)
    body: long_text(MAX_BODY) = ""
    attachment_id: Id | None = None

    @model_validator(mode="after")
    def _something(self) -> "MessageCreate":
        self.body = self.body.strip()
        if not self.body and self.attachment_id is None:
            raise ValueError("보낼 내용을 입력해 주세요.")
        return self


class MessagePage(BaseModel):
    conversation: ConversationOut
    items: list[ChatMessageOut]


class ReadRequest(BaseModel):
    seq: Count


class RatingRequest(BaseModel):
    score: int = Field(ge=1, le=5)
    comment: long_text(500) | None = None


class TransferRequest(BaseModel):
    department: line(60, 1)
    note: line(200) | None = None


class CloseRequest(BaseModel):
    summary: long_text(1000, 1)

    @field_validator("summary")
    @classmethod
    def _summary(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("상담 요약을 적어 주세요.")
        return v


class AttachmentOut(BaseModel):
    id: int
    content_type: str
    size: int


class QueueItem(BaseModel):
    id: int
    status: ChatStatus
    citizen: str  # masked name
    topic: str | None
    preview: str  # the citizen's latest message, shortened
    waiting_since: datetime | None
    waiting_minutes: int
    mine: bool  # taken by the calling officer
    unread: int  # citizen messages the officer has not read


class QueueList(BaseModel):
    department: str
    office: OfficeHours
    items: list[QueueItem]


class SavedAnswer(BaseModel):
    id: int
    title: str
    body: str


class SavedAnswerCreate(BaseModel):
    title: line(60, 1)
    body: long_text(MAX_BODY, 1)


class SavedAnswerList(BaseModel):
    items: list[SavedAnswer]


class DepartmentList(BaseModel):
    items: list[str]


# --- WebSocket frames: client -> server ----------------------------------------------
class AuthFrame(BaseModel):
    type: Literal["auth"] = "auth"
    token: token(4096)


class SubscribeFrame(BaseModel):
    type: Literal["subscribe"] = "subscribe"
    conversation_id: Id
    after_seq: Count = 0


class SubscribeQueueFrame(BaseModel):
    type: Literal["subscribe_queue"] = "subscribe_queue"


class SendFrame(BaseModel):
    type: Literal["send"] = "send"
    conversation_id: Id
    client_msg_id: token(64, 8)
    body: long_text(MAX_BODY) = ""
    attachment_id: Id | None = None


class ReadFrame(BaseModel):
    type: Literal["read"] = "read"
    conversation_id: Id
    seq: Count


class PingFrame(BaseModel):
    type: Literal["ping"] = "ping"


ClientFrame = TypeAdapter(Annotated[
    Union[AuthFrame, SubscribeFrame, SubscribeQueueFrame, SendFrame, ReadFrame, PingFrame],
    Field(discriminator="type")])


# --- WebSocket frames: server -> client ----------------------------------------------
class ReadyFrame(BaseModel):
    type: Literal["ready"] = "ready"
    user_id: int
    role: str


class MessageFrame(BaseModel):
    type: Literal["message"] = "message"
    message: ChatMessageOut


class AckFrame(BaseModel):
    type: Literal["ack"] = "ack"
    conversation_id: int
    client_msg_id: str
    seq: int
    duplicate: bool = False


class CaughtUpFrame(BaseModel):
    type: Literal["caught_up"] = "caught_up"
    conversation_id: int
    last_seq: int


class ReceiptFrame(BaseModel):
    type: Literal["receipt"] = "receipt"
    conversation_id: int
    reader: Literal["citizen", "officer"]
    seq: int


class ConversationFrame(BaseModel):
    type: Literal["conversation"] = "conversation"
    conversation: ConversationOut


class QueueChangedFrame(BaseModel):
    type: Literal["queue"] = "queue"
    department: str
    conversation_id: int


class ErrorFrame(BaseModel):
    type: Literal["error"] = "error"
    code: str
    detail: str
    client_msg_id: str | None = None
    conversation_id: int | None = None


class PongFrame(BaseModel):
    type: Literal["pong"] = "pong"


ServerFrame = TypeAdapter(Annotated[
    Union[ReadyFrame, MessageFrame, AckFrame, CaughtUpFrame, ReceiptFrame, ConversationFrame,
          QueueChangedFrame, ErrorFrame, PongFrame],
    Field(discriminator="type")])
