"""Numbered messages sent exactly once (per client_msg_id), office hours' automatic reply,
read receipts. Events go out through `hub.emit` inside the caller's transaction."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from myg_app.server.auth.models import User
from myg_app.server.chat import hours
from myg_app.server.chat.conversations import get, publish_conversation, publish_queue
from myg_app.server.chat.models import ChatAttachment, ChatConversation, ChatMessage
from myg_app.server.chat.views import message_out, officer_label
from myg_app.server.errors import AppError
from myg_app.server.fanout import emit
from myg_app.server.notices.service import notify


@dataclass
class Posted:
    message: ChatMessage
    duplicate: bool
    conversation: ChatConversation
    extra: list[ChatMessage] = field(default_factory=list)  # e.g. the after-hours reply


def append(session: Session, conv: ChatConversation, role: str, sender_id: int | None,
            body: str, client_msg_id: str | None = None,
            attachment_id: int | None = None) -> ChatMessage:
    # The increment takes the row lock (PostgreSQL) / runs under the write lock (SQLite):
    # numbers are gap-free and in commit order.
    seq = session.execute(update(ChatConversation).where(ChatConversation.id == conv.id)
                          .values(last_seq=ChatConversation.last_seq + 1)
                          .returning(ChatConversation.last_seq)).scalar_one()
    msg = ChatMessage(conversation_id=conv.id, seq=seq, sender_role=role, sender_id=sender_id,
                      client_msg_id=client_msg_id, body=body, attachment_id=attachment_id)
    session.add(msg)
    session.flush()
    set_committed_value(conv, "last_seq", seq)  # what the UPDATE wrote; no re-read needed
    return msg


def emit_message(session: Session, msg: ChatMessage, labels: dict[int, str]) -> None:
    emit(session, f"conv:{msg.conversation_id}",
         {"type": "message", "message": message_out(msg, labels).model_dump(mode="json")})


def _find_client_msg(session: Session, conv_id: int, client_msg_id: str) -> ChatMessage | None:
    return session.scalars(select(ChatMessage).where(
        ChatMessage.conversation_id == conv_id,
        ChatMessage.client_msg_id == client_msg_id)).one_or_none()


def post_message(session: Session, settings: hours.ChatSettings, user: User, conv_id: int,
                 client_msg_id: str, body: str, attachment_id: int | None = None) -> Posted:
    """Store a message once per client_msg_id (a retry returns the stored one)."""
    conv, side = get(session, user, conv_id)
    if (found := _find_client_msg(session, conv.id, client_msg_id)) is not None:
        return Posted(found, True, conv)
    if conv.status == "closed":
        raise AppError(409, "chat.closed", "종료된 상담입니다. 새 상담을 시작해 주세요.")
    body = body.strip()
    if attachment_id is not None:
        att = session.get(ChatAttachment, attachment_id)
        if att is None or att.conversation_id != conv.id or att.uploader_id != user.id:
            raise AppError(422, "chat.bad_attachment", "첨부한 사진을 찾을 수 없습니다. 다시 올려 주세요.")
    if not body and attachment_id is None:
        raise AppError(422, "chat.empty", "보낼 내용을 입력해 주세요.")
    now = hours.clock()
    taken_now = False
    if side == "officer":
        session.refresh(conv, with_for_update=True)
        if conv.status == "queued":  # answering a waiting conversation takes it
            conv.status, conv.officer_id, taken_now = "active", user.id, True
        elif conv.officer_id not in (None, user.id) and user.role != "admin":
            raise AppError(409, "chat.taken", "다른 담당자가 상담 중인 대화입니다.")
    try:
        with session.begin_nested():
            msg = append(session, conv, side, user.id, body, client_msg_id, attachment_id)
    except IntegrityError:  # the same client message arrived twice in parallel
        session.refresh(conv)
        found = _find_client_msg(session, conv.id, client_msg_id)
        if found is None:
            raise
        return Posted(found, True, conv)
    posted = Posted(msg, False, conv)
    labels = {user.id: officer_label(user.department)} if side == "officer" else {}
    if side == "citizen":
        conv.citizen_read_seq = msg.seq
        if conv.waiting_since is None:
            conv.waiting_since = now
        if not hours.is_open(settings, now) and (conv.auto_reply_until is None
                                                 or now >= conv.auto_reply_until):
            posted.extra.append(append(session, conv, "system", None,
                                        hours.closed_reply(settings, now)))
            conv.auto_reply_until = hours.next_open(settings, now)
    else:
        conv.officer_read_seq = msg.seq
        if conv.waiting_since is not None:
            # The first answer to a waiting question also reaches a citizen who is not
            # connected (e.g. asked after hours): as a notice, once per answered wait.
            notify(session, conv.citizen_id, kind="chat.answered",
                   title="1:1 상담에 답변이 도착했습니다",
                   body=f"{officer_label(user.department)}: {body[:80] or '사진'}", link="/f/chat")
        conv.waiting_since = None
    session.flush()
    for m in (msg, *posted.extra):
        emit_message(session, m, labels)
    if taken_now:
        publish_conversation(session, conv)
    else:
        publish_queue(session, conv.department, conv.id)
    return posted


def messages(session: Session, user: User, conv_id: int, after_seq: int = 0,
             limit: int = 500) -> tuple[ChatConversation, list[ChatMessage]]:
    conv, _ = get(session, user, conv_id)
    rows = list(session.scalars(select(ChatMessage).where(
        ChatMessage.conversation_id == conv.id, ChatMessage.seq > after_seq)
        .order_by(ChatMessage.seq).limit(limit)))
    return conv, rows


def mark_read(session: Session, user: User, conv_id: int, seq: int) -> ChatConversation:
    conv, side = get(session, user, conv_id, lock=True)
    seq = min(seq, conv.last_seq)
    attr = f"{side}_read_seq"
    if seq > getattr(conv, attr):  # receipts only move forward
        setattr(conv, attr, seq)
        session.flush()
        emit(session, f"conv:{conv.id}",
             {"type": "receipt", "conversation_id": conv.id, "reader": side, "seq": seq})
    return conv
