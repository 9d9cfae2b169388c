"""HTTP for 날씨: GET /weather (guests and citizens)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from myg_app.contracts import types as t
from myg_app.contracts import weather as c
from myg_app.gwangyang import dongs
from myg_app.seoul_time import now_seoul
from myg_app.server.auth.deps import OptionalUser
from myg_app.server.deps import SessionDep
from myg_app.server.errors import AppError
from myg_app.server.problems import problem_responses
from myg_app.server.weather import service

router = APIRouter(tags=["weather"])


@router.get("/weather", response_model=c.WeatherOut, responses=problem_responses(401, 422, 503),
            summary="날씨: 읍면동의 지금, 24시간, 3일 예보와 기상 특보 알림")
def get_weather(session: SessionDep, user: OptionalUser,
                dong: Annotated[t.token(20) | None, Query(
                    description="읍면동 코드 (없으면 로그인한 시민의 읍면동, 손님은 광양시청)")] = None,
                ) -> c.WeatherOut:
    if dong is None:
        home = dongs.BY_NAME.get(user.dong or "") if user else None
        dong = home.code if home else service.DEFAULT_DONG
    if dong not in dongs.BY_CODE:
        raise AppError(422, "weather.bad_dong", "광양시 읍면동 중에서 골라 주세요.", field="dong")
    return service.weather(session, dong, now_seoul())
