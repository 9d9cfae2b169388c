"""Where the 날씨 screen's figures come from: the 기상청 API (publicdata/kma.py) when the server
has a key (MYG_KMA_SERVICE_KEY), else the bundled example (data/sample_village.json, written
by scripts/make_weather_sample.py), always labelled 예시 자료.

A screen never waits on a slow 기상청: the adapter is asked with WAIT_S and answers with the
previous forecast (marked) or a 503 "받아 오는 중" while the new one loads in the background."""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from myg_app.contracts.publicdata import SourceInfo
from myg_app.server.publicdata import kma, serve
from myg_app.server.publicdata.client import PublicDataError

T = TypeVar("T")

FORECAST = "기상청 단기예보"
OBSERVATION = "기상청 초단기실황"
SHOWN_AS = "기상청 날씨"  # what a citizen reads in "… 정보를 지금 받을 수 없습니다"
WAIT_S = 1.0
SAMPLE = Path(__file__).with_name("data") / "sample_village.json"


@dataclass(frozen=True)
class Answer(Generic[T]):
    value: T
    source: SourceInfo


class Live:
    def __init__(self, client: kma.KmaClient):
        self.client = client

    def forecast(self, nx: int, ny: int, now: datetime) -> Answer[kma.VillageForecast]:
        try:
            r = self.client.village_forecast(nx, ny, wait_s=WAIT_S)
        except PublicDataError as e:
            raise serve.unavailable(SHOWN_AS, e) from None
        return Answer(r.value, serve.live_source(FORECAST, r))

    def observation(self, nx: int, ny: int, now: datetime) -> Answer[kma.Observation] | None:
        """None when no observation can be had: the screen uses the forecast's hour."""
        try:
            r = self.client.nowcast(nx, ny, wait_s=WAIT_S)
        except PublicDataError:
            return None
        return Answer(r.value, serve.live_source(OBSERVATION, r))

    def close(self) -> None:
        self.client.close()


@lru_cache(maxsize=1)
def _sample_items() -> tuple[dict, ...]:
    body = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return tuple(body["response"]["body"]["items"]["item"])


def _shift(day: str, days: int) -> str:
    return f"{datetime.strptime(day, '%Y%m%d') + timedelta(days=days):%Y%m%d}"


@lru_cache(maxsize=64)
def _sample_forecast(days: int, nx: int, ny: int) -> kma.VillageForecast:
    items = [{**i, "baseDate": _shift(i["baseDate"], days), "fcstDate": _shift(i["fcstDate"], days),
              "nx": nx, "ny": ny} for i in _sample_items()]
    return kma.parse_village(items, nx, ny)


class Sample:
    """The bundled example moved to today, so the screen reads like a current one; the source
    says 예시 자료 on every answer."""

    def forecast(self, nx: int, ny: int, now: datetime) -> Answer[kma.VillageForecast]:
        base = kma.village_base(now)
        first = _sample_items()[0]
        days = (base.date() - datetime.strptime(first["baseDate"], "%Y%m%d").date()).days
        forecast = _sample_forecast(days, nx, ny)
        if forecast.hours and forecast.hours[0].at > now:
            # Before the sample's first hour of the day (it was published at 05:00; it is
            # 02:38 now): yesterday's copy of it covers this hour.
            forecast = _sample_forecast(days - 1, nx, ny)
        return Answer(forecast, serve.sample_source(FORECAST))

    def observation(self, nx: int, ny: int, now: datetime) -> Answer[kma.Observation] | None:
        hour = self.forecast(nx, ny, now).value.hour_at(now)
        if hour is None:
            return None
        return Answer(kma.Observation(
            nx, ny, hour.at, temperature_c=hour.temperature_c, rain_1h=hour.precip,
            humidity=hour.humidity, precip_type=hour.precip_type, wind_speed=hour.wind_speed,
            wind_direction=hour.wind_direction), serve.sample_source(OBSERVATION))

    def close(self) -> None:
        pass


_lock = threading.Lock()
_current: tuple[tuple, Live | Sample] | None = None


def current() -> Live | Sample:
    """The source the settings ask for now; a changed key or address (a test, an operator's
    restart with a new key) gets a new client."""
    global _current
    settings = kma.KmaSettings()
    wanted = (settings.service_key, settings.base_url, settings.timeout_s, settings.retries,
              settings.deadline_s)
    with _lock:
        if _current is not None and _current[0] == wanted:
            return _current[1]
        if _current is not None:
            _current[1].close()
        has_key = bool(settings.service_key and settings.service_key.strip())
        made = Live(kma.from_settings(settings)) if has_key else Sample()
        _current = (wanted, made)
        return made
