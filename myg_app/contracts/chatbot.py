"""AI 민원상담 챗봇: a question in, an answer grounded in the city's own information out.

`POST /api/v1/chatbot/ask` is called by tests outside the project: `question`,
`conversation_id`, `answer`, `sources[{kind, id, title}]`, `function_id` and `confident` keep
their names and meaning. The other fields are additions for the app."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, Field

from myg_app.contracts.types import Id, long_text, token

MAX_QUESTION = 500

SourceKind = Literal["faq", "function", "department", "facility", "course", "welfare", "news"]


def _id_text(v: object) -> object:
    # A conversation id the caller made up may be a number; it is kept as text.
    if isinstance(v, bool):
        return v  # refused below as not a string
    return str(v) if isinstance(v, int) else v


ConversationId = Annotated[token(64, 1), BeforeValidator(_id_text),
                           Field(pattern=r"^[A-Za-z0-9_.:-]+$")]


class AskIn(BaseModel):
    question: long_text(MAX_QUESTION, 1)
    conversation_id: ConversationId | None = None


class Source(BaseModel):
    kind: SourceKind
    id: str
    title: str
    demo: bool = False  # the text holds demo details (an invented fee, a demo phone number)


class Contact(BaseModel):
    """Where a person can go on: the department in charge and its phone number."""
    department: str
    phone: str


class AskOut(BaseModel):
    answer: str
    sources: list[Source]
    function_id: str | None
    confident: bool
    conversation_id: str
    # The screen's button ("대형폐기물 배출 신고 열기") and whether that function is open yet.
    function_name: str | None = None
    function_available: bool = False
    contact: Contact | None = None
    # Handing over to 1:1 상담 needs a signed-in citizen; guests are given the phone number.
    can_hand_over: bool = False
    # 1:1 상담 hours, so "상담원 연결" can say when an officer will read it.
    chat_open_now: bool = False
    suggestions: list[str] = []
    answered_by: Literal["faq", "llm", "handover"] = "faq"


class HandoverOut(BaseModel):
    chat_conversation_id: Id
    department: str
    queued: bool  # outside 상담 hours the transcript waits for the next office day
    message: str
