"""날씨: the 기상청 단기예보 and 초단기실황 of a 읍면동's grid cell, in words and icons.

`GET /api/v1/weather?dong=<code>`: the weather where the citizen lives (their 읍면동, or
광양시청's cell for a guest): now, the next 24 hours, three days, and the 재난 알림 of a weather
kind (호우, 태풍, 한파 …) that concern the place, so the screen can point at them. Every
answer says where its figures come from and how old they are (`source`, `now.source`)."""
from __future__ import annotations

from datetime import date

from pydantic import AwareDatetime, BaseModel

from myg_app.contracts.publicdata import SourceInfo

# 재난 알림 kinds (contracts/alerts.KINDS) that are about the weather: the screen links to them.
WEATHER_KINDS: tuple[str, ...] = ("호우", "태풍", "강풍", "풍랑", "대설", "한파", "폭염", "황사",
                                  "미세먼지", "건조")


class Place(BaseModel):
    dong: str  # 읍면동 code (gwangyang/dongs.py)
    name: str  # "중마동"
    nx: int  # 기상청 grid cell (LCC)
    ny: int


class Sky(BaseModel):
    label: str  # 맑음, 구름많음, 흐림, 비, 눈 …
    icon: str  # a Material icon name (flet.Icons member, lower case)


class Now(BaseModel):
    at: AwareDatetime  # the observation hour (or the forecast hour when no observation)
    temperature_c: float | None
    sky: Sky | None
    humidity: int | None  # %
    wind: str | None  # "북서풍 3.2m/s"
    rain_1h: str | None  # "강수없음", "1mm 미만" …
    observed: bool  # False: no 초단기실황 could be had; the forecast for this hour instead
    source: SourceInfo


class Hour(BaseModel):
    at: AwareDatetime
    temperature_c: float | None
    sky: Sky | None
    precip_probability: int | None  # %
    precip: str | None  # "강수없음", "1mm 미만", "1mm" …


class Day(BaseModel):
    date: date
    label: str  # 오늘, 내일, 모레
    low_c: float | None
    high_c: float | None
    am: Sky | None  # the morning's weather (09:00)
    pm: Sky | None  # the afternoon's (15:00)
    precip_probability: int | None  # the day's highest %


class WeatherAlert(BaseModel):
    id: int
    level: str
    kind: str
    title: str  # the message's first words
    issued_at: AwareDatetime


class WeatherOut(BaseModel):
    place: Place
    summary: str  # one sentence, for 음성 안내 and the screen's spoken name
    now: Now | None
    hours: list[Hour]
    days: list[Day]
    alerts: list[WeatherAlert]  # weather 재난 알림 of the last 24 hours concerning the place
    source: SourceInfo  # of the forecast (hours, days)
