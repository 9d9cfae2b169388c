"""HTTP for 1:1 민원상담 채팅 (the live part is ws.py): conversations, messages, photos,
ratings, and the officer desk (queue, take, transfer, close, saved answers)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.orm import Session

from myg_app.contracts import types as t
from myg_app.contracts.chat import (
    AttachmentOut,
    ChatMessageOut,
    CloseRequest,
    ConversationCreate,
    ConversationList,
    ConversationOut,
    DepartmentList,
    MessageCreate,
    MessagePage,
    OfficeHours,
    QueueItem,
    QueueList,
    RatingRequest,
    ReadRequest,
    SavedAnswer,
    SavedAnswerCreate,
    SavedAnswerList,
    TransferRequest,
)
from myg_app.i18n import msg
from myg_app.server.auth.deps import CurrentUser
from myg_app.server.chat import attachments, conversations, desk, hours, views
from myg_app.server.chat import messages as chat_messages  # `messages` is a route below
from myg_app.server.chat.hours import ChatSettings
from myg_app.server.chat.runtime import chat_settings
from myg_app.server.db import utcnow
from myg_app.server.deps import live_session
from myg_app.server.problems import AppError, problem_responses

router = APIRouter(prefix="/chat", tags=["chat"])


_session = live_session


async def _settings(request: Request) -> ChatSettings:
    return chat_settings(request.app)


ChatSession = Annotated[Session, Depends(_session)]
ChatSettingsDep = Annotated[ChatSettings, Depends(_settings)]


@router.get("/office-hours", response_model=OfficeHours, summary="상담 시간과 지금 상담 가능 여부")
def office_hours(settings: ChatSettingsDep) -> OfficeHours:
    return hours.office_hours(settings, hours.clock())


@router.post("/conversations", status_code=201, response_model=ConversationOut,
             responses=problem_responses(401, 422),
             summary="상담 시작 (진행 중인 상담이 있으면 그 상담을 돌려줌, 200)")
def open_conversation(body: ConversationCreate, response: Response, user: CurrentUser,
                      session: ChatSession, settings: ChatSettingsDep) -> ConversationOut:
    # Idempotent by rule (one open conversation per citizen), so no Idempotency-Key needed.
    conv, created = conversations.open_conversation(session, settings, user, body.topic)
    response.status_code = 201 if created else 200
    return views.conversation_out(session, conv)


@router.get("/conversations", response_model=ConversationList, responses=problem_responses(401),
            summary="내 상담 목록")
def my_conversations(user: CurrentUser, session: ChatSession) -> ConversationList:
    return ConversationList(items=[views.conversation_out(session, c)
                                   for c in conversations.list_for_citizen(session, user)])


@router.get("/conversations/{conv_id}/messages", response_model=MessagePage,
            responses=problem_responses(401, 404), summary="대화 내용 (after_seq 이후)")
def messages(conv_id: t.Id, user: CurrentUser, session: ChatSession,
             after_seq: t.Count = 0, limit: int = Query(500, ge=1, le=500)
             ) -> MessagePage:
    conv, rows = chat_messages.messages(session, user, conv_id, after_seq, limit)
    return MessagePage(conversation=views.conversation_out(session, conv),
                       items=views.messages_out(session, rows))


@router.post("/conversations/{conv_id}/messages", status_code=201, response_model=ChatMessageOut,
             responses=problem_responses(401, 404, 409, 422),
             summary="메시지 보내기 (같은 client_msg_id는 한 번만 저장, 재전송은 200)")
def post_message(conv_id: t.Id, body: MessageCreate, response: Response, user: CurrentUser,
                 session: ChatSession, settings: ChatSettingsDep) -> ChatMessageOut:
    posted = chat_messages.post_message(session, settings, user, conv_id, body.client_msg_id,
                                        body.body, body.attachment_id)
    response.status_code = 200 if posted.duplicate else 201
    return views.messages_out(session, [posted.message])[0]


@router.post("/conversations/{conv_id}/read", status_code=204, response_class=Response,
             responses=problem_responses(401, 404), summary="읽음 표시")
def read(conv_id: t.Id, body: ReadRequest, user: CurrentUser, session: ChatSession) -> Response:
    chat_messages.mark_read(session, user, conv_id, body.seq)
    return Response(status_code=204)


@router.post("/conversations/{conv_id}/attachments", status_code=201,
             response_model=AttachmentOut, responses=problem_responses(401, 404, 413, 415),
             summary="사진 올리기 (본문 = 이미지 바이트; JPG, PNG, WEBP)",
             openapi_extra={"requestBody": {"content": {"image/*": {"schema": {
                 "type": "string", "format": "binary"}}}, "required": True}})
async def upload(conv_id: t.Id, request: Request, user: CurrentUser, session: ChatSession,
                 settings: ChatSettingsDep) -> AttachmentOut:
    declared = int(request.headers.get("content-length") or 0)
    if declared > settings.max_photo_bytes:
        mb = settings.max_photo_bytes // (1024 * 1024)
        raise AppError(413, "chat.photo_too_large", msg("사진은 {mb}MB 이하만 보낼 수 있습니다.", mb=mb))
    data = bytearray()
    async for chunk in request.stream():  # stop reading at the limit, whatever was declared
        data += chunk
        if len(data) > settings.max_photo_bytes:
            break
    from starlette.concurrency import run_in_threadpool

    att = await run_in_threadpool(attachments.add_attachment, session, settings, user, conv_id,
                                  bytes(data))
    return AttachmentOut(id=att.id, content_type=att.content_type, size=att.size)


@router.get("/attachments/{att_id}", response_class=Response,
            responses=problem_responses(401, 404), summary="사진 받기")
def attachment(att_id: t.Id, user: CurrentUser, session: ChatSession) -> Response:
    att = attachments.get_attachment(session, user, att_id)
    return Response(att.data, media_type=att.content_type,
                    headers={"Cache-Control": "private, max-age=86400"})


@router.post("/conversations/{conv_id}/rating", response_model=ConversationOut,
             responses=problem_responses(401, 403, 404, 409, 422), summary="상담 평가 (1~5점)")
def rate(conv_id: t.Id, body: RatingRequest, user: CurrentUser,
         session: ChatSession) -> ConversationOut:
    conv = conversations.rate(session, user, conv_id, body.score, body.comment)
    return views.conversation_out(session, conv)


# --- officer desk --------------------------------------------------------------------------
@router.get("/desk/queue", response_model=QueueList, responses=problem_responses(401, 403),
            summary="상담 대기열 (내 부서)")
def desk_queue(user: CurrentUser, session: ChatSession, settings: ChatSettingsDep) -> QueueList:
    convs = desk.queue(session, user)
    now = utcnow()
    names = desk.citizen_names(session, convs)
    pv = desk.previews(session, convs)
    unread = desk.unread_for_officer(session, convs)
    items = [QueueItem(
        id=c.id, status=c.status, citizen=names.get(c.citizen_id, "*"), topic=c.topic,
        preview=pv.get(c.id, ""), waiting_since=c.waiting_since,
        waiting_minutes=max(0, int((now - c.waiting_since).total_seconds() // 60))
        if c.waiting_since else 0,
        mine=c.officer_id == user.id, unread=unread.get(c.id, 0)) for c in convs]
    return QueueList(department=user.department or "전체", items=items,
                     office=hours.office_hours(settings, hours.clock()))


def _desk(fn, *args) -> ConversationOut:
    session = args[0]
    conv = fn(*args)
    return views.conversation_out(session, conv)


@router.post("/desk/conversations/{conv_id}/take", response_model=ConversationOut,
             responses=problem_responses(401, 403, 404, 409), summary="상담 맡기")
def take(conv_id: t.Id, user: CurrentUser, session: ChatSession) -> ConversationOut:
    return _desk(desk.take, session, user, conv_id)


@router.post("/desk/conversations/{conv_id}/transfer", response_model=ConversationOut,
             responses=problem_responses(401, 403, 404, 409, 422), summary="다른 부서로 넘기기")
def transfer(conv_id: t.Id, body: TransferRequest, user: CurrentUser,
             session: ChatSession) -> ConversationOut:
    return _desk(desk.transfer, session, user, conv_id, body.department, body.note)


@router.post("/desk/conversations/{conv_id}/close", response_model=ConversationOut,
             responses=problem_responses(401, 403, 404, 409, 422), summary="상담 종료 (요약)")
def close(conv_id: t.Id, body: CloseRequest, user: CurrentUser,
          session: ChatSession) -> ConversationOut:
    return _desk(desk.close, session, user, conv_id, body.summary)


@router.get("/desk/departments", response_model=DepartmentList,
            responses=problem_responses(401, 403), summary="상담을 넘길 수 있는 부서")
def desk_departments(user: CurrentUser, session: ChatSession) -> DepartmentList:
    desk.require_officer(user)
    return DepartmentList(items=desk.departments(session))


@router.get("/desk/saved-answers", response_model=SavedAnswerList,
            responses=problem_responses(401, 403), summary="저장된 답변 (내 부서)")
def desk_saved(user: CurrentUser, session: ChatSession) -> SavedAnswerList:
    rows = desk.saved_answers(session, user)
    return SavedAnswerList(items=[SavedAnswer(id=r.id, title=r.title, body=r.body) for r in rows])


@router.post("/desk/saved-answers", status_code=201, response_model=SavedAnswer,
             responses=problem_responses(401, 403, 422), summary="답변 저장")
def desk_save(body: SavedAnswerCreate, user: CurrentUser, session: ChatSession) -> SavedAnswer:
    r = desk.add_saved_answer(session, user, body.title, body.body)
    return SavedAnswer(id=r.id, title=r.title, body=r.body)

