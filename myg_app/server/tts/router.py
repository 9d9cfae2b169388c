"""HTTP for server speech: `GET /tts?text=…&lang=ko` answers audio/wav, so an <audio> element
can play it directly (the web app's and the kiosk's 음성 안내)."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from myg_app.contracts.types import line
from myg_app.server.errors import AppError
from myg_app.server.problems import problem_responses
from myg_app.server.tts import speech

router = APIRouter(prefix="/tts", tags=["tts"])


def _settings(request: Request) -> speech.TtsSettings:
    s = getattr(request.app.state, "tts_settings", None)
    if s is None:
        s = request.app.state.tts_settings = speech.TtsSettings()
    return s


@router.get("", response_class=Response, responses={
    200: {"content": {"audio/wav": {}}, "description": "읽은 소리 (WAV)"},
    **problem_responses(422, 503)}, summary="글을 소리로 읽기 (웹·키오스크 음성 안내)")
async def tts(request: Request,
              text: Annotated[line(speech.MAX_CHARS, 1), Query(description="읽을 글")],
              lang: Annotated[Literal["ko", "en", "vi", "zh"], Query()] = "ko") -> Response:
    settings = _settings(request)
    try:
        audio = await run_in_threadpool(speech.synthesize, settings, text.strip(), lang)
    except speech.Unavailable:
        raise AppError(503, "tts.unavailable",
                       "이 서버에서는 소리로 읽어 드릴 수 없습니다. 화면 읽기 프로그램을 이용해 주세요.")
    # The same text always sounds the same: browsers and the kiosk may keep it.
    return Response(audio, media_type="audio/wav",
                    headers={"Cache-Control": "public, max-age=86400"})
