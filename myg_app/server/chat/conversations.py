"""Conversations: who may see what, opening one (the citizen's single open conversation),
listing, rating, and publishing changes to the conversation and the department queues.
Events go out through `hub.emit` inside the caller's transaction."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from myg_app.server.auth.models import User
from myg_app.server.auth.roles import may_act_for
from myg_app.server.chat import hours
from myg_app.server.chat.models import ChatConversation
from myg_app.server.chat.views import conversation_out
from myg_app.server.errors import AppError
from myg_app.server.fanout import emit

OPEN = ("queued", "active")


def not_found() -> AppError:
    # Someone else's conversation looks exactly like a missing one.
    return AppError(404, "chat.not_found", "상담을 찾을 수 없습니다.")


def side_of(user: User, conv: ChatConversation) -> str:
    """"citizen" for the conversation's owner, "officer" for the department's officers."""
    if conv.citizen_id == user.id:
        return "citizen"
    if may_act_for(user, conv.department):
        return "officer"
    raise not_found()


def get(session: Session, user: User, conv_id: int, *, lock: bool = False
        ) -> tuple[ChatConversation, str]:
    stmt = select(ChatConversation).where(ChatConversation.id == conv_id)
    if lock:
        stmt = stmt.with_for_update()
    conv = session.scalars(stmt).one_or_none()
    if conv is None:
        raise not_found()
    return conv, side_of(user, conv)


def publish_conversation(session: Session, conv: ChatConversation,
                          *departments: str) -> None:
    frame = {"type": "conversation",
             "conversation": conversation_out(session, conv).model_dump(mode="json")}
    emit(session, f"conv:{conv.id}", frame)
    for dept in {conv.department, *departments}:
        publish_queue(session, dept, conv.id)


def publish_queue(session: Session, department: str, conv_id: int) -> None:
    frame = {"type": "queue", "department": department, "conversation_id": conv_id}
    emit(session, f"queue:{department}", frame)
    emit(session, "queue:*", frame)


def open_conversation(session: Session, settings: hours.ChatSettings, citizen: User,
                      topic: str | None = None) -> tuple[ChatConversation, bool]:
    """The citizen's open conversation, or a new one queued at the default department."""
    key = f"citizen:{citizen.id}"
    existing = session.scalars(select(ChatConversation)
                               .where(ChatConversation.open_key == key)).one_or_none()
    if existing is not None:
        return existing, False
    conv = ChatConversation(citizen_id=citizen.id, department=settings.default_department,
                            status="queued", open_key=key, topic=(topic or "").strip() or None,
                            last_seq=0, citizen_read_seq=0, officer_read_seq=0)
    try:
        with session.begin_nested():  # a parallel first message may have opened it already
            session.add(conv)
            session.flush()
    except IntegrityError:
        return session.scalars(select(ChatConversation)
                               .where(ChatConversation.open_key == key)).one(), False
    publish_queue(session, conv.department, conv.id)
    return conv, True


def list_for_citizen(session: Session, citizen: User) -> list[ChatConversation]:
    return list(session.scalars(select(ChatConversation)
                                .where(ChatConversation.citizen_id == citizen.id)
                                .order_by(ChatConversation.id.desc()).limit(30)))


def rate(session: Session, citizen: User, conv_id: int, score: int,
         comment: str | None) -> ChatConversation:
    conv, side = get(session, citizen, conv_id, lock=True)
    if side != "citizen":
        raise AppError(403, "chat.citizen_only", "상담을 받은 시민만 평가할 수 있습니다.")
    if conv.status != "closed":
        raise AppError(409, "chat.not_closed", "상담이 끝난 뒤에 평가할 수 있습니다.")
    if conv.rating is not None:
        raise AppError(409, "chat.already_rated", "이미 평가한 상담입니다. 감사합니다.")
    conv.rating, conv.rating_comment = score, (comment or "").strip() or None
    session.flush()
    return conv
