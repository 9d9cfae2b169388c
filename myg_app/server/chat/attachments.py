"""Photos sent in a conversation: only real images (sniffed), size-limited, same access
rule as the conversation."""
from __future__ import annotations

from sqlalchemy.orm import Session

from myg_app.i18n import msg
from myg_app.server.auth.models import User
from myg_app.server.chat import hours
from myg_app.server.chat.conversations import get
from myg_app.server.chat.models import ChatAttachment
from myg_app.server.errors import AppError

IMAGE_TYPES = {  # magic bytes -> content type: only photos, whatever the client claims
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"RIFF": "image/webp",
}


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
        raise AppError(413, "chat.photo_too_large", msg("사진은 {mb}MB 이하만 보낼 수 있습니다.", mb=mb))
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
