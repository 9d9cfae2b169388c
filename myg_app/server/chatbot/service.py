"""Conversations with the chatbot: asking (answer, then store the turn, masked), and handing a
conversation over to 1:1 상담 with its transcript."""
from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from myg_app import catalog
from myg_app.contracts import chatbot as c
from myg_app.contracts.chat import MAX_BODY
from myg_app.server.auth.models import User
from myg_app.server.chat import conversations as chat_conversations
from myg_app.server.chat import hours
from myg_app.server.chat import messages as chat_messages
from myg_app.server.chatbot import bot, guard, llm
from myg_app.server.chatbot.models import BotConversation, BotTurn
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError

log = logging.getLogger(__name__)

RETENTION_DAYS = 30
HANDOVER_TOPIC = "AI 챗봇에서 연결"


def _owned(conv: BotConversation, user: User | None) -> bool:
    return conv.user_id == (user.id if user is not None else None)


def _conversation(session: Session, user: User | None, wanted: str | None) -> BotConversation:
    """The caller's conversation `wanted`, or a new one (under `wanted` when that id is free,
    so a caller may name its own; under a fresh id when it belongs to someone else)."""
    if wanted is not None:
        conv = session.get(BotConversation, wanted)
        if conv is not None and _owned(conv, user):
            return conv
        if conv is None:
            try:
                with session.begin_nested():  # the same new id may arrive twice at once
                    conv = BotConversation(id=wanted, user_id=user.id if user else None,
                                           last_turn=0)
                    session.add(conv)
                    session.flush()
                return conv
            except IntegrityError:
                conv = session.get(BotConversation, wanted)
                if conv is not None and _owned(conv, user):
                    return conv
    conv = BotConversation(id=secrets.token_urlsafe(18), user_id=user.id if user else None,
                           last_turn=0)
    session.add(conv)
    session.flush()
    return conv


def _previous_question(session: Session, conv_id: str | None) -> str | None:
    if conv_id is None:
        return None
    return session.scalars(select(BotTurn.question).where(BotTurn.conversation_id == conv_id)
                           .order_by(BotTurn.seq.desc()).limit(1)).first()


def ask(session: Session, llm_settings: llm.LlmSettings, chat_settings: hours.ChatSettings,
        user: User | None, body: c.AskIn) -> c.AskOut:
    question = body.question.strip()
    existing = session.get(BotConversation, body.conversation_id) if body.conversation_id else None
    previous = _previous_question(session, existing.id) if existing is not None and _owned(
        existing, user) else None
    # Answer first, write after: the welfare search may commit a rebuilt index, which needs a
    # transaction that has written nothing yet.
    rep = bot.reply(session, question, previous, signed_in=user is not None)
    answered_by, sources = rep.answered_by, rep.sources
    if rep.confident and llm_settings.enabled:
        worded = llm.word(llm_settings, question, rep.passages)
        if worded is not None:
            cited = [rep.passages[i] for i in worded.cited]
            rep.answer = worded.answer
            sources = [bot.source_of(p) for p in cited] + [
                s for s in sources if s.kind == "welfare"]
            answered_by = "llm"
    answer = rep.answer
    if guard.has_rrn(question):
        answer = f"{guard.RRN_WARNING} {answer}"
    conv = _conversation(session, user, body.conversation_id)
    seq = session.execute(update(BotConversation).where(BotConversation.id == conv.id)
                          .values(last_turn=BotConversation.last_turn + 1, updated_at=utcnow())
                          .returning(BotConversation.last_turn)).scalar_one()
    session.add(BotTurn(conversation_id=conv.id, seq=seq, question=guard.masked(question),
                        answer=answer, sources=[s.model_dump() for s in sources],
                        function_id=rep.function_id, confident=rep.confident,
                        answered_by=answered_by))
    if not rep.confident:
        log.info("chatbot handed over: %s", guard.masked(question)[:80])
    fn = catalog.BY_ID.get(rep.function_id or "")
    return c.AskOut(
        answer=answer, sources=sources, function_id=rep.function_id, confident=rep.confident,
        conversation_id=conv.id, function_name=fn.name_ko if fn else None,
        function_available=bool(fn and fn.status == "available"), contact=rep.contact,
        can_hand_over=user is not None and not rep.confident and not guard.is_injection(question),
        chat_open_now=hours.is_open(chat_settings, hours.clock()),
        suggestions=rep.suggestions, answered_by=answered_by)


def transcript(session: Session, conv: BotConversation) -> str:
    """The conversation as one 1:1 상담 message: the newest turns that fit, oldest first."""
    head = "[AI 챗봇 상담 내용]\n"
    turns = list(session.scalars(select(BotTurn).where(BotTurn.conversation_id == conv.id)
                                 .order_by(BotTurn.seq.desc())))
    parts: list[str] = []
    room = MAX_BODY - len(head) - 20
    for t in turns:
        answer = t.answer if len(t.answer) <= 160 else t.answer[:157] + "…"
        part = f"질문: {t.question}\n챗봇: {answer}\n"
        if len(part) > room:
            if not parts:  # even one turn is too long: its question is what matters
                parts.append(f"질문: {t.question[:room - 10]}\n")
            break
        parts.append(part)
        room -= len(part)
    skipped = len(turns) - len(parts)
    lead = f"(앞의 대화 {skipped}건 생략)\n" if skipped else ""
    return (head + lead + "".join(reversed(parts))).strip()


def hand_over(session: Session, chat_settings: hours.ChatSettings, user: User,
              conv_id: str) -> c.HandoverOut:
    conv = session.get(BotConversation, conv_id, with_for_update=True)
    if conv is None or conv.user_id not in (None, user.id):
        raise AppError(404, "chatbot.not_found", "챗봇 대화를 찾을 수 없습니다.")
    if conv.last_turn == 0:
        raise AppError(409, "chatbot.empty", "넘길 대화가 없습니다. 먼저 질문해 주세요.")
    conv.user_id = user.id  # a guest's conversation, handed over after signing in
    chat, _created = chat_conversations.open_conversation(session, chat_settings, user,
                                                          HANDOVER_TOPIC)
    # Once per conversation and turn: a retry finds the message it already posted.
    chat_messages.post_message(session, chat_settings, user, chat.id,
                               f"chatbot-{conv.id[:40]}-{conv.last_turn}",
                               transcript(session, conv))
    conv.chat_conversation_id = chat.id
    open_now = hours.is_open(chat_settings, hours.clock())
    message = ("상담 내용을 담당자에게 넘겼어요. 1:1 상담에서 답변을 기다려 주세요." if open_now else
               f"상담 내용을 넘겼어요. 지금은 상담 시간이 아니어서 상담 시간"
               f"({hours.hours_text(chat_settings)})에 담당자가 답변해 드려요.")
    return c.HandoverOut(chat_conversation_id=chat.id, department=chat.department,
                         queued=not open_now, message=message)


def purge(session: Session, _settings=None) -> int:
    """Conversations untouched for RETENTION_DAYS go, with their turns (minimal data)."""
    cutoff = utcnow() - timedelta(days=RETENTION_DAYS)
    old = select(BotConversation.id).where(BotConversation.updated_at < cutoff)
    session.execute(delete(BotTurn).where(BotTurn.conversation_id.in_(old)))
    return session.execute(delete(BotConversation).where(BotConversation.updated_at < cutoff)
                           ).rowcount or 0
