"""What clients see of conversations and messages (officers appear by department)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.contracts.chat import ChatMessageOut, ConversationOut
from myg_app.server.auth.models import User
from myg_app.server.chat.models import ChatConversation, ChatMessage


def officer_label(department: str | None) -> str:
    return f"{department or '광양시'} 상담원"


def conversation_out(session: Session, conv: ChatConversation) -> ConversationOut:
    answered_by = None
    if conv.officer_id is not None:
        officer = session.get(User, conv.officer_id)
        answered_by = officer_label(officer.department if officer else conv.department)
    return ConversationOut(
        id=conv.id, status=conv.status, department=conv.department, answered_by=answered_by,
        topic=conv.topic, last_seq=conv.last_seq, citizen_read_seq=conv.citizen_read_seq,
        officer_read_seq=conv.officer_read_seq, waiting_since=conv.waiting_since,
        created_at=conv.created_at, closed_at=conv.closed_at, summary=conv.summary,
        rating=conv.rating, rating_comment=conv.rating_comment)


def message_out(msg: ChatMessage, labels: dict[int, str]) -> ChatMessageOut:
    label = {"citizen": "민원인", "system": "자동 안내"}.get(msg.sender_role) or labels.get(
        msg.sender_id or 0, officer_label(None))
    return ChatMessageOut(id=msg.id, conversation_id=msg.conversation_id, seq=msg.seq,
                          sender=msg.sender_role, sender_label=label, body=msg.body,
                          attachment_id=msg.attachment_id, client_msg_id=msg.client_msg_id,
                          created_at=msg.created_at)


def officer_labels(session: Session, msgs: list[ChatMessage]) -> dict[int, str]:
    ids = {m.sender_id for m in msgs if m.sender_role == "officer" and m.sender_id}
    if not ids:
        return {}
    return {uid: officer_label(dept) for uid, dept in
            session.execute(select(User.id, User.department).where(User.id.in_(ids)))}


def messages_out(session: Session, msgs: list[ChatMessage]) -> list[ChatMessageOut]:
    labels = officer_labels(session, msgs)
    return [message_out(m, labels) for m in msgs]
