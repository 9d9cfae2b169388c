"""The officers' desk: the department queue with previews and unread counts, take /
transfer / close, saved answers."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from myg_app.server.auth.models import User
from myg_app.server.auth.roles import is_officer
from myg_app.server.chat import hours
from myg_app.server.chat.conversations import OPEN, get, not_found, publish_conversation
from myg_app.server.chat.messages import append, emit_message
from myg_app.server.chat.models import ChatConversation, ChatMessage, ChatSavedAnswer
from myg_app.server.chat.views import officer_label
from myg_app.server.errors import AppError
from myg_app.server.notices.service import notify
from myg_app.server.privacy import mask_name

PREVIEW = 40


def require_officer(user: User) -> None:
    if not is_officer(user):
        raise AppError(403, "auth.forbidden", "담당 공무원만 이용할 수 있는 기능입니다.")


def queue(session: Session, officer: User) -> list[ChatConversation]:
    """Open conversations of the officer's department: waiting ones first (longest wait
    first), then those in progress. Admins see every department."""
    require_officer(officer)
    stmt = select(ChatConversation).where(ChatConversation.status.in_(OPEN))
    if officer.role != "admin":
        stmt = stmt.where(ChatConversation.department == officer.department)
    rows = list(session.scalars(stmt))
    far = datetime.max.replace(tzinfo=None)

    def key(c: ChatConversation):
        waiting = c.waiting_since.replace(tzinfo=None) if c.waiting_since else far
        return (c.status != "queued", waiting, c.id)

    return sorted(rows, key=key)


def previews(session: Session, convs: list[ChatConversation]) -> dict[int, str]:
    """Each conversation's latest citizen message, shortened."""
    if not convs:
        return {}
    latest = (select(ChatMessage.conversation_id, func.max(ChatMessage.seq).label("seq"))
              .where(ChatMessage.conversation_id.in_([c.id for c in convs]),
                     ChatMessage.sender_role == "citizen")
              .group_by(ChatMessage.conversation_id).subquery())
    rows = session.execute(select(ChatMessage.conversation_id, ChatMessage.body,
                                  ChatMessage.attachment_id).join(
        latest, and_(ChatMessage.conversation_id == latest.c.conversation_id,
                     ChatMessage.seq == latest.c.seq)))
    out = {}
    for cid, body, att in rows:
        text = body or ("[사진]" if att else "")
        out[cid] = text if len(text) <= PREVIEW else text[:PREVIEW] + "…"
    return out


def unread_for_officer(session: Session, convs: list[ChatConversation]) -> dict[int, int]:
    if not convs:
        return {}
    cond = or_(*[and_(ChatMessage.conversation_id == c.id, ChatMessage.seq > c.officer_read_seq)
                 for c in convs])
    rows = session.execute(select(ChatMessage.conversation_id, func.count())
                           .where(cond, ChatMessage.sender_role == "citizen")
                           .group_by(ChatMessage.conversation_id))
    return dict(rows.all())


def citizen_names(session: Session, convs: list[ChatConversation]) -> dict[int, str]:
    ids = {c.citizen_id for c in convs}
    if not ids:
        return {}
    return {uid: mask_name(name) for uid, name in
            session.execute(select(User.id, User.name).where(User.id.in_(ids)))}


def _officer_conv(session: Session, officer: User, conv_id: int) -> ChatConversation:
    require_officer(officer)
    conv, side = get(session, officer, conv_id, lock=True)
    if side != "officer":
        raise not_found()
    if conv.status == "closed":
        raise AppError(409, "chat.closed", "이미 종료된 상담입니다.")
    return conv


def take(session: Session, officer: User, conv_id: int) -> ChatConversation:
    conv = _officer_conv(session, officer, conv_id)
    if conv.status == "active":
        if conv.officer_id == officer.id:
            return conv  # a retried tap
        raise AppError(409, "chat.taken", "다른 담당자가 이미 상담을 맡았습니다.")
    conv.status, conv.officer_id = "active", officer.id
    labels = {officer.id: officer_label(officer.department)}
    msg = append(session, conv, "system", None,
                  f"{officer_label(officer.department)}이 상담을 시작했습니다.")
    emit_message(session, msg, labels)
    publish_conversation(session, conv)
    return conv


def departments(session: Session) -> list[str]:
    """Departments with at least one officer: where a conversation can be transferred."""
    return sorted(d for d in session.scalars(
        select(User.department).where(User.role == "officer", User.is_active.is_(True),
                                      User.department.is_not(None)).distinct()) if d)


def transfer(session: Session, officer: User, conv_id: int, department: str,
             note: str | None = None) -> ChatConversation:
    conv = _officer_conv(session, officer, conv_id)
    department = department.strip()
    if department == conv.department:
        raise AppError(422, "chat.same_department", "지금 담당 부서와 같은 부서입니다.")
    if department not in departments(session):
        raise AppError(422, "chat.unknown_department", "넘길 수 있는 부서가 아닙니다. 목록에서 골라 주세요.")
    old = conv.department
    conv.department, conv.officer_id, conv.status = department, None, "queued"
    conv.waiting_since = conv.waiting_since or hours.clock()
    text = f"상담이 {department}(으)로 넘겨졌습니다. 담당자가 이어서 답변드립니다."
    if note and note.strip():
        text += f" ({note.strip()})"
    msg = append(session, conv, "system", None, text)
    emit_message(session, msg, {})
    publish_conversation(session, conv, old)
    return conv


def close(session: Session, officer: User, conv_id: int, summary: str) -> ChatConversation:
    conv = _officer_conv(session, officer, conv_id)
    now = hours.clock()
    conv.status, conv.open_key, conv.closed_at, conv.summary = "closed", None, now, summary
    conv.waiting_since = None
    if conv.officer_id is None:
        conv.officer_id = officer.id
    msg = append(session, conv, "system", None,
                  f"상담이 종료되었습니다. 상담 요약: {summary}\n답변이 도움이 되었는지 평가해 주세요.")
    emit_message(session, msg, {})
    publish_conversation(session, conv)
    notify(session, conv.citizen_id, kind="chat.closed", title="1:1 상담이 종료되었습니다",
           body=f"{officer_label(conv.department)}: {summary[:100]}", link="/f/chat")
    return conv


def saved_answers(session: Session, officer: User) -> list[ChatSavedAnswer]:
    require_officer(officer)
    stmt = select(ChatSavedAnswer).order_by(ChatSavedAnswer.id)
    if officer.role != "admin":
        stmt = stmt.where(ChatSavedAnswer.department == officer.department)
    return list(session.scalars(stmt))


def add_saved_answer(session: Session, officer: User, title: str, body: str) -> ChatSavedAnswer:
    require_officer(officer)
    if not officer.department:
        raise AppError(422, "chat.no_department", "부서가 지정된 담당자만 저장할 수 있습니다.")
    row = ChatSavedAnswer(department=officer.department, title=title.strip(), body=body.strip())
    session.add(row)
    session.flush()
    return row
