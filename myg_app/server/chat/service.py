"""Chat rules: who may see what, numbered messages sent exactly once, office hours, the queue,
take / transfer / close, read receipts and ratings. No FastAPI here; events go out through
`hub.emit` inside the caller's transaction."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from myg_app.contracts.chat import ChatMessageOut, ConversationOut
from myg_app.server.auth.roles import is_officer, may_act_for
from myg_app.server.auth.models import User
from myg_app.server.chat import hours
from myg_app.server.chat.hub import emit
from myg_app.server.chat.models import (
    ChatAttachment,
    ChatConversation,
    ChatMessage,
    ChatSavedAnswer,
)
from myg_app.server.errors import AppError
from myg_app.server.notices.service import notify
from myg_app.server.privacy import mask_name

OPEN = ("queued", "active")
PREVIEW = 40
IMAGE_TYPES = {  # magic bytes -> content type: only photos, whatever the client claims
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"RIFF": "image/webp",
}


def _not_found() -> AppError:
    # Someone else's conversation looks exactly like a missing one.
    return AppError(404, "chat.not_found", "상담을 찾을 수 없습니다.")


def officer_label(department: str | None) -> str:
    return f"{department or '광양시'} 상담원"


# --- views ---------------------------------------------------------------------------------
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


def _labels(session: Session, msgs: list[ChatMessage]) -> dict[int, str]:
    ids = {m.sender_id for m in msgs if m.sender_role == "officer" and m.sender_id}
    if not ids:
        return {}
    return {uid: officer_label(dept) for uid, dept in
            session.execute(select(User.id, User.department).where(User.id.in_(ids)))}


def messages_out(session: Session, msgs: list[ChatMessage]) -> list[ChatMessageOut]:
    labels = _labels(session, msgs)
    return [message_out(m, labels) for m in msgs]


# --- access --------------------------------------------------------------------------------
def side_of(user: User, conv: ChatConversation) -> str:
    """"citizen" for the conversation's owner, "officer" for the department's officers."""
    if conv.citizen_id == user.id:
        return "citizen"
    if may_act_for(user, conv.department):
        return "officer"
    raise _not_found()


def get(session: Session, user: User, conv_id: int, *, lock: bool = False
        ) -> tuple[ChatConversation, str]:
    stmt = select(ChatConversation).where(ChatConversation.id == conv_id)
    if lock:
        stmt = stmt.with_for_update()
    conv = session.scalars(stmt).one_or_none()
    if conv is None:
        raise _not_found()
    return conv, side_of(user, conv)


def _publish_conversation(session: Session, conv: ChatConversation,
                          *departments: str) -> None:
    frame = {"type": "conversation",
             "conversation": conversation_out(session, conv).model_dump(mode="json")}
    emit(session, f"conv:{conv.id}", frame)
    for dept in {conv.department, *departments}:
        _publish_queue(session, dept, conv.id)


def _publish_queue(session: Session, department: str, conv_id: int) -> None:
    frame = {"type": "queue", "department": department, "conversation_id": conv_id}
    emit(session, f"queue:{department}", frame)
    emit(session, "queue:*", frame)


# --- citizen -------------------------------------------------------------------------------
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
    _publish_queue(session, conv.department, conv.id)
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


# --- messages ------------------------------------------------------------------------------
@dataclass
class Posted:
    message: ChatMessage
    duplicate: bool
    conversation: ChatConversation
    extra: list[ChatMessage] = field(default_factory=list)  # e.g. the after-hours reply


def _append(session: Session, conv: ChatConversation, role: str, sender_id: int | None,
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


def _emit_message(session: Session, msg: ChatMessage, labels: dict[int, str]) -> None:
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
            msg = _append(session, conv, side, user.id, body, client_msg_id, attachment_id)
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
            posted.extra.append(_append(session, conv, "system", None,
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
        _emit_message(session, m, labels)
    if taken_now:
        _publish_conversation(session, conv)
    else:
        _publish_queue(session, conv.department, conv.id)
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


# --- attachments ---------------------------------------------------------------------------
def sniff_image(data: bytes) -> str | None:
    for magic, ctype in IMAGE_TYPES.items():
        if data.startswith(magic) and (ctype != "image/webp" or data[8:12] == b"WEBP"):
            return ctype
    return None


def add_attachment(session: Session, settings: hours.ChatSettings, user: User, conv_id: int,
                   data: bytes) -> ChatAttachment:
    conv, _ = get(session, user, conv_id)
    if conv.status == "closed":
        raise AppError(409, "chat.closed", "종료된 상담입니다. 새 상담을 시작해 주세요.")
    if len(data) > settings.max_photo_bytes:
        mb = settings.max_photo_bytes // (1024 * 1024)
        raise AppError(413, "chat.photo_too_large", f"사진은 {mb}MB 이하만 보낼 수 있습니다.")
    ctype = sniff_image(data)
    if ctype is None:
        raise AppError(415, "chat.not_a_photo", "사진(JPG, PNG, WEBP)만 보낼 수 있습니다.")
    att = ChatAttachment(conversation_id=conv.id, uploader_id=user.id, content_type=ctype,
                         size=len(data), data=data)
    session.add(att)
    session.flush()
    return att


def get_attachment(session: Session, user: User, att_id: int) -> ChatAttachment:
    att = session.get(ChatAttachment, att_id)
    if att is None:
        raise AppError(404, "chat.attachment_not_found", "사진을 찾을 수 없습니다.")
    get(session, user, att.conversation_id)  # same access rule as the conversation
    return att


# --- officer desk --------------------------------------------------------------------------
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
        raise _not_found()
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
    msg = _append(session, conv, "system", None,
                  f"{officer_label(officer.department)}이 상담을 시작했습니다.")
    _emit_message(session, msg, labels)
    _publish_conversation(session, conv)
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
    msg = _append(session, conv, "system", None, text)
    _emit_message(session, msg, {})
    _publish_conversation(session, conv, old)
    return conv


def close(session: Session, officer: User, conv_id: int, summary: str) -> ChatConversation:
    conv = _officer_conv(session, officer, conv_id)
    now = hours.clock()
    conv.status, conv.open_key, conv.closed_at, conv.summary = "closed", None, now, summary
    conv.waiting_since = None
    if conv.officer_id is None:
        conv.officer_id = officer.id
    msg = _append(session, conv, "system", None,
                  f"상담이 종료되었습니다. 상담 요약: {summary}\n답변이 도움이 되었는지 평가해 주세요.")
    _emit_message(session, msg, {})
    _publish_conversation(session, conv)
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


SAVED_ANSWERS: dict[str, list[tuple[str, str]]] = {
    "민원봉사과": [
        ("여권 발급 안내", "여권은 본인이 신분증과 여권용 사진 1매를 가지고 시청 민원봉사과에서 신청하실 수 있습니다. "
                     "발급까지 보통 4~5일(근무일) 걸립니다."),
        ("서류 무인발급기", "주민등록등·초본, 가족관계증명서는 시청과 읍면동 행정복지센터의 무인민원발급기에서 "
                      "24시간 발급받으실 수 있습니다."),
        ("부서 연결 안내", "문의하신 내용은 담당 부서에서 더 정확히 안내드릴 수 있어 해당 부서로 상담을 넘겨 드리겠습니다."),
    ],
    "주민복지과": [("긴급복지 안내", "갑작스러운 위기로 생계가 어려우시면 긴급복지지원을 신청하실 수 있습니다. "
                              "연락처를 남겨 주시면 담당자가 전화드리겠습니다.")],
    "자원순환과": [("대형폐기물 배출", "대형폐기물은 MY광양 앱의 '대형폐기물 배출 신고'에서 신고·결제 후 "
                               "배출번호를 적어 지정일에 내놓으시면 됩니다.")],
    "도로과": [("도로 파손 신고", "도로 파손은 '생활불편 신고'에 사진과 위치를 올려 주시면 현장 확인 후 보수합니다.")],
}


def seed(session: Session, settings=None) -> None:
    """Saved answers per department (idempotent: by department and title)."""
    have = set(session.execute(select(ChatSavedAnswer.department, ChatSavedAnswer.title)).all())
    for dept, answers in SAVED_ANSWERS.items():
        for title, body in answers:
            if (dept, title) not in have:
                session.add(ChatSavedAnswer(department=dept, title=title, body=body))
    session.flush()
