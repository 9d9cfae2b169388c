"""HTTP for the AI 민원상담 챗봇. `POST /chatbot/ask` is open to guests, around the clock."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from myg_app.contracts import chatbot as c
from myg_app.i18n import msg
from myg_app.server.auth import throttle
from myg_app.server.auth.deps import CurrentUser, OptionalUser
from myg_app.server.chat.hours import ChatSettings
from myg_app.server.chat.runtime import chat_settings
from myg_app.server.chatbot import service
from myg_app.server.chatbot.llm import LlmSettings
from myg_app.server.deps import LiveSessionDep, SessionDep, SettingsDep, client_address
from myg_app.server.problems import AppError, problem_responses

router = APIRouter(prefix="/chatbot", tags=["chatbot"])


async def _llm(request: Request) -> LlmSettings:
    s = getattr(request.app.state, "llm_settings", None)
    if s is None:
        s = request.app.state.llm_settings = LlmSettings()
    return s


async def _chat(request: Request) -> ChatSettings:
    return chat_settings(request.app)


LlmDep = Annotated[LlmSettings, Depends(_llm)]
ChatSettingsDep = Annotated[ChatSettings, Depends(_chat)]
ConvId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]

# Questions per 15 minutes (throttle.WINDOW): far above what a person types, low enough that
# a script cannot run up the language model's bill (when one is configured) or fill the log.
ASKING = throttle.Limits(per_account=60, per_address=120)
THROTTLE_SCOPE = "bot:"


@router.post("/ask", response_model=c.AskOut, responses=problem_responses(422, 429),
             summary="질문하면 광양시 자료에서 찾은 답과 출처 (확실하지 않으면 상담 연결 안내)")
def ask(body: c.AskIn, user: OptionalUser, session: SessionDep, llm: LlmDep,
        chat: ChatSettingsDep, request: Request, settings: SettingsDep) -> c.AskOut:
    # A citizen's questions count per account, a guest's per address (a kiosk or the city
    # hall's Wi-Fi is one address for many people, hence the larger allowance).
    account = f"user:{user.id}" if user is not None else None
    address = None if user is not None else client_address(request)
    try:
        throttle.check(session, settings, account, address, scope=THROTTLE_SCOPE, limits=ASKING)
    except throttle.Throttled as t:
        raise AppError(429, "chatbot.throttled",
                       msg("질문이 너무 많습니다. {minutes}분 후에 다시 물어봐 주세요.", minutes=t.minutes),
                       headers={"Retry-After": str(t.retry_after)}) from None
    out = service.ask(session, llm, chat, user, body)
    throttle.record(session, settings, account, address, scope=THROTTLE_SCOPE)  # after: see ask
    return out


@router.post("/conversations/{conversation_id}/handover", response_model=c.HandoverOut,
             responses=problem_responses(401, 404, 409, 422),
             summary="챗봇 대화를 1:1 상담으로 넘기기 (대화 내용이 첫 메시지로 전달됨)")
def handover(conversation_id: ConvId, user: CurrentUser, session: LiveSessionDep,
             chat: ChatSettingsDep) -> c.HandoverOut:
    return service.hand_over(session, chat, user, conversation_id)
