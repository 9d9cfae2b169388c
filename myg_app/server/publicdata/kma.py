"""Adapter for 기상청 단기예보 조회서비스 (data.go.kr 15084084, VilageFcstInfoService_2.0): the
forecast (getVilageFcst) and the current observation (getUltraSrtNcst) of one 5 km grid cell
(grid.py turns a place into its cell).

- GET {base}/getVilageFcst?serviceKey=…&dataType=JSON&pageNo=1&numOfRows=1000&base_date=YYYYMMDD
  &base_time=HHMM&nx=73&ny=70 → items {baseDate, baseTime, category, fcstDate, fcstTime,
  fcstValue (a string), nx, ny}, one per category and forecast hour (about 800–1,000 rows).
- GET {base}/getUltraSrtNcst?… same parameters → items {baseDate, baseTime, category, nx, ny,
  obsrValue}, one per category (T1H, RN1, UUU, VVV, REH, PTY, VEC, WSD).
- 단기예보 is published 8 times a day, base_time 0200, 0500, …, 2300, and can be asked for from
  HH:10; 초단기실황 every hour (base_time HH00) from HH:40. A base_time not yet published answers
  resultCode 03; publication is sometimes late, so then the previous one is asked for.
- A cached answer lasts until the next publication is available; a failure or a hang serves the
  last good answer (client.py) with "14:00 발표, 35분 전".
- Values are strings. Precipitation and snowfall are categories, not numbers ("강수없음",
  "1mm 미만" / "1.0mm 미만", "6.0mm", "30.0~50.0mm", "50.0mm 이상"); a value of ±900 or beyond
  marks a missing observation.
"""
from __future__ import annotations

import logging
import math
import re
import time as _time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

import httpx
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from myg_app.seoul_time import SEOUL, now_seoul
from myg_app.server.publicdata.client import Fresh, PublicDataClient, PublicDataError, Result

log = logging.getLogger(__name__)

VILLAGE_PATH = "getVilageFcst"  # sic: the API's spelling
NOWCAST_PATH = "getUltraSrtNcst"
VILLAGE_HOURS = (2, 5, 8, 11, 14, 17, 20, 23)
VILLAGE_DELAY = timedelta(minutes=10)  # a 단기예보 can be asked for 10 minutes after its base_time
NOWCAST_DELAY = timedelta(minutes=40)  # an 초단기실황, 40 minutes after
# When we hold an older publication than the schedule promises (the newest was late), look
# again this soon rather than at the next publication.
RECHECK = timedelta(minutes=5)
VILLAGE_MAX_STALE = timedelta(hours=24)  # a forecast reaches 3 days ahead: still useful
NOWCAST_MAX_STALE = timedelta(hours=2)  # an observation of 3 hours ago is not "now"


class KmaSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MYG_KMA_", extra="ignore")

    # repr=False: the key must never reach a log line or a traceback.
    service_key: str | None = Field(default=None, repr=False)
    base_url: str = "https://apis.data.go.kr/1360000/VilageFcstInfoService_2.0"
    timeout_s: float = Field(default=10.0, gt=0)  # one try
    retries: int = Field(default=3, ge=0)
    # All tries together: past it the last good answer is served (a screen should not wait
    # timeout_s × (retries + 1) plus the back-off on a hung API).
    deadline_s: float = Field(default=15.0, gt=0)
    # Keep every 읍면동's forecast fresh in each worker (server/weather/jobs.py); off in tests
    # that count or slow down the API's answers themselves.
    warm: bool = True


# base_date / base_time --------------------------------------------------------------------

def _seoul(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("naive datetime: give an aware one (Asia/Seoul or UTC)")
    return now.astimezone(SEOUL)


def village_base(now: datetime) -> datetime:
    """The newest 단기예보 that can be asked for at `now`: the latest of 02, 05, …, 23 o'clock
    at least 10 minutes ago (02:09 → the previous day's 23:00; 02:10 → 02:00)."""
    ready = _seoul(now) - VILLAGE_DELAY
    hours = [h for h in VILLAGE_HOURS if h <= ready.hour]
    if hours:
        return datetime.combine(ready.date(), time(hours[-1]), SEOUL)
    return datetime.combine(ready.date() - timedelta(days=1), time(VILLAGE_HOURS[-1]), SEOUL)


def previous_village_base(base: datetime) -> datetime:
    return _seoul(base) - timedelta(hours=3)


def next_village_available(base: datetime) -> datetime:
    """When the publication after `base` can be asked for (the cache expiry)."""
    return _seoul(base) + timedelta(hours=3) + VILLAGE_DELAY


def nowcast_base(now: datetime) -> datetime:
    """The newest 초단기실황 that can be asked for at `now`: this hour's from HH:40, else the
    previous hour's (00:39 → the previous day's 23:00)."""
    ready = _seoul(now) - NOWCAST_DELAY
    return ready.replace(minute=0, second=0, microsecond=0)


def next_nowcast_available(base: datetime) -> datetime:
    return _seoul(base) + timedelta(hours=1) + NOWCAST_DELAY


def base_params(base: datetime) -> dict[str, str]:
    base = _seoul(base)
    return {"base_date": f"{base:%Y%m%d}", "base_time": f"{base:%H%M}"}


def parse_stamp(day: Any, hhmm: Any) -> datetime | None:
    """"20221128", "0500" (the API's date and time fields) as an aware Korean datetime."""
    try:
        d, t = str(day).strip(), str(hhmm).strip().zfill(4)
        return datetime(int(d[:4]), int(d[4:6]), int(d[6:8]), int(t[:2]), int(t[2:]),
                        tzinfo=SEOUL) if len(d) == 8 and len(t) == 4 else None
    except ValueError:
        return None


# values -----------------------------------------------------------------------------------

class Category(NamedTuple):
    code: str
    name: str  # Korean, as the API guide names it
    unit: str  # "" for a code


CATEGORIES = {c.code: c for c in (
    Category("POP", "강수확률", "%"),
    Category("PTY", "강수형태", ""),
    Category("PCP", "1시간 강수량", "mm"),
    Category("REH", "습도", "%"),
    Category("SNO", "1시간 신적설", "cm"),
    Category("SKY", "하늘상태", ""),
    Category("TMP", "1시간 기온", "℃"),
    Category("TMN", "일 최저기온", "℃"),
    Category("TMX", "일 최고기온", "℃"),
    Category("UUU", "풍속(동서성분)", "m/s"),
    Category("VVV", "풍속(남북성분)", "m/s"),
    Category("WAV", "파고", "m"),
    Category("VEC", "풍향", "deg"),
    Category("WSD", "풍속", "m/s"),
    Category("T1H", "기온", "℃"),
    Category("RN1", "1시간 강수량", "mm"),
)}

MISSING = 900.0  # |value| >= this: the 기상청's mark for a missing value (-998.9, 999 …)


def number(value: Any) -> float | None:
    """A numeric value, None when absent or marked missing."""
    try:
        x = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) and abs(x) < MISSING else None


def whole(value: Any) -> int | None:
    x = number(value)
    return None if x is None else round(x)


def _fmt(x: float) -> str:
    return f"{x:g}"


@dataclass(frozen=True)
class Amount:
    """A precipitation (mm) or snowfall (cm) amount as the 기상청 words it: the range
    [low, high] (high None: open-ended). "강수없음" is 0–0, "1mm 미만" 0–1, "30.0~50.0mm" 30–50,
    "50.0mm 이상" 50–None, "6.0mm" 6–6."""
    low: float
    high: float | None
    unit: str
    text: str  # as the API sent it

    @property
    def none(self) -> bool:
        return self.high == 0

    @property
    def label(self) -> str:
        """For people: "강수없음" / "적설없음", "1mm 미만", "30~50mm", "50mm 이상", "6mm"."""
        if self.none:
            return "적설없음" if self.unit == "cm" else "강수없음"
        if self.high is None:
            return f"{_fmt(self.low)}{self.unit} 이상"
        if self.low == 0:
            return f"{_fmt(self.high)}{self.unit} 미만"
        if self.low == self.high:
            return f"{_fmt(self.low)}{self.unit}"
        return f"{_fmt(self.low)}~{_fmt(self.high)}{self.unit}"


_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = r"\s*(?:mm|cm)?"
_BELOW = re.compile(rf"{_NUM}{_UNIT}\s*미만")
_RANGE = re.compile(rf"{_NUM}{_UNIT}\s*~\s*{_NUM}{_UNIT}")
_ABOVE = re.compile(rf"{_NUM}{_UNIT}\s*이상")
_EXACT = re.compile(rf"-?{_NUM}{_UNIT}")


def parse_amount(value: Any, unit: str = "mm") -> Amount | None:
    """A PCP / SNO / RN1 value as an Amount; None when absent, missing or not understood."""
    text = str(value if value is not None else "").strip()
    if not text or text == "-":
        return None
    if text.replace(" ", "") in ("강수없음", "적설없음"):
        return Amount(0.0, 0.0, unit, text)
    if m := _BELOW.fullmatch(text):
        return Amount(0.0, float(m[1]), unit, text)
    if m := _RANGE.fullmatch(text):
        return Amount(float(m[1]), float(m[2]), unit, text)
    if m := _ABOVE.fullmatch(text):
        return Amount(float(m[1]), None, unit, text)
    if _EXACT.fullmatch(text):
        x = number(re.sub(r"[a-z\s]", "", text))
        if x is not None and x >= 0:
            return Amount(x, x, unit, text)
        return None
    log.warning("kma: an amount not understood: %.40r", text)
    return None


# sky and precipitation, in words ----------------------------------------------------------

SKY_WORDS = {1: "맑음", 3: "구름많음", 4: "흐림"}
# 0–4 in 단기예보, 0–3 and 5–7 in 초단기실황/초단기예보.
PTY_WORDS = {0: "없음", 1: "비", 2: "비/눈", 3: "눈", 4: "소나기", 5: "빗방울", 6: "빗방울눈날림",
             7: "눈날림"}

# Material icon names (flet.Icons members, lower case), as in catalog.py.
SKY_ICONS = {1: ("wb_sunny", "bedtime"), 3: ("filter_drama", "nights_stay"),
             4: ("cloud", "cloud")}
PTY_ICONS = {1: "umbrella", 2: "cloudy_snowing", 3: "ac_unit", 4: "umbrella", 5: "water_drop",
             6: "grain", 7: "ac_unit"}


class Condition(NamedTuple):
    label: str  # Korean: 맑음, 구름많음, 흐림, 비, 눈 …
    icon: str  # a Material icon name


def condition(sky: int | None, pty: int | None, *, night: bool = False) -> Condition | None:
    """What a screen shows for the sky: the precipitation when there is some (PTY), else the sky
    (SKY); a moon for a clear night. None when neither is known."""
    if pty in PTY_ICONS:
        return Condition(PTY_WORDS[pty], PTY_ICONS[pty])
    if sky in SKY_ICONS:
        day_icon, night_icon = SKY_ICONS[sky]
        return Condition(SKY_WORDS[sky], night_icon if night else day_icon)
    return None


def is_night(at: datetime) -> bool:
    """A rough rule for icons: 19:00–05:59 is night (광양 sunrise is 05:10–07:30, sunset
    17:20–19:50 over the year); a screen with real sun times may decide itself."""
    hour = _seoul(at).hour
    return hour >= 19 or hour < 6


# forecasts --------------------------------------------------------------------------------

@dataclass(frozen=True)
class HourlyForecast:
    at: datetime  # the forecast hour (fcstDate/fcstTime), Korean time
    temperature_c: float | None = None  # TMP
    sky: int | None = None  # SKY: 1 맑음, 3 구름많음, 4 흐림
    precip_type: int | None = None  # PTY: 0 없음, 1 비, 2 비/눈, 3 눈, 4 소나기
    precip_probability: int | None = None  # POP, %
    precip: Amount | None = None  # PCP, mm
    snow: Amount | None = None  # SNO, cm
    humidity: int | None = None  # REH, %
    wind_speed: float | None = None  # WSD, m/s
    wind_direction: int | None = None  # VEC, degrees (where the wind comes from)
    wind_u: float | None = None  # UUU, m/s (east +)
    wind_v: float | None = None  # VVV, m/s (north +)
    wave_m: float | None = None  # WAV, m
    values: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def condition(self) -> Condition | None:
        return condition(self.sky, self.precip_type, night=is_night(self.at))


@dataclass(frozen=True)
class DailyForecast:
    day: date
    low_c: float | None = None  # TMN (given for 06:00)
    high_c: float | None = None  # TMX (given for 15:00)


@dataclass(frozen=True)
class VillageForecast:
    nx: int
    ny: int
    base: datetime  # when it was published (baseDate/baseTime)
    hours: tuple[HourlyForecast, ...]
    days: tuple[DailyForecast, ...]

    def hour_at(self, when: datetime) -> HourlyForecast | None:
        """The forecast hour holding `when` (the last one at or before it, within an hour)."""
        when = _seoul(when)
        found = None
        for h in self.hours:
            if h.at <= when:
                found = h
            else:
                break
        return found if found is not None and when - found.at < timedelta(hours=1) else None

    def upcoming(self, now: datetime, hours: int = 24) -> tuple[HourlyForecast, ...]:
        """The forecast hours from the one holding `now` on, `hours` of them."""
        start = _seoul(now) - timedelta(hours=1)
        return tuple(h for h in self.hours if h.at > start)[:hours]

    def day(self, day: date) -> DailyForecast | None:
        return next((d for d in self.days if d.day == day), None)


@dataclass(frozen=True)
class Observation:
    """초단기실황: what was measured at `at` (the base hour) in the cell."""
    nx: int
    ny: int
    at: datetime
    temperature_c: float | None = None  # T1H
    rain_1h: Amount | None = None  # RN1, mm
    humidity: int | None = None  # REH, %
    precip_type: int | None = None  # PTY: 0 없음, 1 비, 2 비/눈, 3 눈, 5 빗방울, 6, 7 눈날림
    wind_speed: float | None = None  # WSD, m/s
    wind_direction: int | None = None  # VEC, degrees
    wind_u: float | None = None  # UUU
    wind_v: float | None = None  # VVV
    values: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def condition(self) -> Condition | None:
        """From PTY alone (초단기실황 has no SKY): None when it is not raining or snowing."""
        return condition(None, self.precip_type or None)


def _hour_fields(values: Mapping[str, str]) -> dict[str, Any]:
    return {
        "temperature_c": number(values.get("TMP")),
        "sky": whole(values.get("SKY")),
        "precip_type": whole(values.get("PTY")),
        "precip_probability": whole(values.get("POP")),
        "precip": parse_amount(values.get("PCP"), "mm"),
        "snow": parse_amount(values.get("SNO"), "cm"),
        "humidity": whole(values.get("REH")),
        "wind_speed": number(values.get("WSD")),
        "wind_direction": whole(values.get("VEC")),
        "wind_u": number(values.get("UUU")),
        "wind_v": number(values.get("VVV")),
        "wave_m": number(values.get("WAV")),
    }


def _rows(items: Iterable[Mapping[str, Any]], nx: int | None, ny: int | None,
          value_field: str) -> list[Mapping[str, Any]]:
    """The items of cell (nx, ny) that carry a category and a value; others are logged."""
    rows, other = [], 0
    for item in items:
        if nx is not None and (whole(item.get("nx")), whole(item.get("ny"))) != (nx, ny):
            other += 1
            continue
        if item.get("category") and item.get(value_field) is not None:
            rows.append(item)
    if other:
        log.warning("kma: %d items for another grid cell than %s,%s skipped", other, nx, ny)
    return rows


def parse_village(items: Iterable[Mapping[str, Any]], nx: int | None = None,
                  ny: int | None = None) -> VillageForecast:
    """getVilageFcst items as a VillageForecast: one HourlyForecast per forecast hour, TMN/TMX
    as the day's low and high. Items for another cell than (nx, ny) are left out; ValueError
    when nothing usable is left."""
    rows = _rows(items, nx, ny, "fcstValue")
    if not rows:
        raise ValueError("no forecast item for the grid cell")
    base = parse_stamp(rows[0].get("baseDate"), rows[0].get("baseTime"))
    if base is None:
        raise ValueError(f"no usable baseDate/baseTime: {rows[0].get('baseDate')!r} "
                         f"{rows[0].get('baseTime')!r}")
    by_hour: dict[datetime, dict[str, str]] = {}
    lows: dict[date, float | None] = {}
    highs: dict[date, float | None] = {}
    for row in rows:
        at = parse_stamp(row.get("fcstDate"), row.get("fcstTime"))
        if at is None:
            log.warning("kma: an item without a usable fcstDate/fcstTime, skipped")
            continue
        category, value = str(row["category"]).strip(), str(row["fcstValue"]).strip()
        if category == "TMN":
            lows[at.date()] = number(value)
        elif category == "TMX":
            highs[at.date()] = number(value)
        else:
            by_hour.setdefault(at, {})[category] = value
    hours = tuple(HourlyForecast(at, **_hour_fields(v), values=v)
                  for at, v in sorted(by_hour.items()))
    days = tuple(DailyForecast(d, lows.get(d), highs.get(d)) for d in sorted({*lows, *highs}))
    cell = rows[0]
    return VillageForecast(whole(cell.get("nx")) or 0, whole(cell.get("ny")) or 0, base, hours,
                           days)


def parse_nowcast(items: Iterable[Mapping[str, Any]], nx: int | None = None,
                  ny: int | None = None) -> Observation:
    """getUltraSrtNcst items as an Observation; ValueError when nothing usable is there."""
    rows = _rows(items, nx, ny, "obsrValue")
    if not rows:
        raise ValueError("no observation item for the grid cell")
    at = parse_stamp(rows[0].get("baseDate"), rows[0].get("baseTime"))
    if at is None:
        raise ValueError("no usable baseDate/baseTime")
    v = {str(r["category"]).strip(): str(r["obsrValue"]).strip() for r in rows}
    return Observation(
        whole(rows[0].get("nx")) or 0, whole(rows[0].get("ny")) or 0, at,
        temperature_c=number(v.get("T1H")), rain_1h=parse_amount(v.get("RN1"), "mm"),
        humidity=whole(v.get("REH")), precip_type=whole(v.get("PTY")),
        wind_speed=number(v.get("WSD")), wind_direction=whole(v.get("VEC")),
        wind_u=number(v.get("UUU")), wind_v=number(v.get("VVV")), values=v)


# the client -------------------------------------------------------------------------------

class KmaClient(PublicDataClient):
    """The 단기예보 and 초단기실황 of a grid cell, cached until the next publication and served
    stale (with its age) when the API fails or hangs."""

    service = "기상청 단기예보"
    product = "기상청_단기예보 ((구)_동네예보) 조회서비스"
    key_env = "MYG_KMA_SERVICE_KEY"

    def __init__(self, base_url: str, service_key: str, *, rows: int = 1000, **kw: Any):
        super().__init__(base_url, service_key, **kw)
        self.rows = max(1, rows)

    def village_forecast(self, nx: int, ny: int, *,
                         wait_s: float | None = None) -> Result[VillageForecast]:
        """The newest 단기예보 for cell (nx, ny) (grid.to_grid of a place); `wait_s`: see
        PublicDataClient.cached."""
        return self.cached(("village", nx, ny), lambda: self._load_village(nx, ny),
                           max_stale=VILLAGE_MAX_STALE, wait_s=wait_s)

    def nowcast(self, nx: int, ny: int, *, wait_s: float | None = None) -> Result[Observation]:
        """The newest 초단기실황 (the current observation) for cell (nx, ny)."""
        return self.cached(("nowcast", nx, ny), lambda: self._load_nowcast(nx, ny),
                           max_stale=NOWCAST_MAX_STALE, wait_s=wait_s)

    def _ask(self, path: str, base: datetime, nx: int, ny: int) -> list[dict[str, Any]]:
        env = self.request_all(path, {"dataType": "JSON", **base_params(base), "nx": nx,
                                      "ny": ny}, rows=self.rows)
        return env.items

    def _newest(self, path: str, base: datetime, previous: datetime, nx: int, ny: int,
                parse: Callable[..., Any]) -> Any:
        """Parsed items of `base`, or of `previous` when `base` is not out yet (late)."""
        for candidate in (base, previous):
            items = self._ask(path, candidate, nx, ny)
            if items:
                failure = None
                try:
                    return parse(items, nx, ny)
                except ValueError as e:
                    failure = str(e)
                raise PublicDataError(f"{self.service} API 응답을 읽지 못했습니다 ({failure})")
            log.info("kma %s %s for %s,%s: not published yet", path,
                     f"{candidate:%Y-%m-%d %H:%M}", nx, ny)
        raise PublicDataError(f"{self.service} API에 아직 발표된 자료가 없습니다 "
                              f"({previous:%H:%M}, {base:%H:%M} 발표분)", code=3)

    def _load_village(self, nx: int, ny: int) -> Fresh[VillageForecast]:
        now = self.now()
        base = village_base(now)
        forecast = self._newest(VILLAGE_PATH, base, previous_village_base(base), nx, ny,
                                parse_village)
        expires = max(next_village_available(forecast.base), now + RECHECK)
        return Fresh(forecast, expires, forecast.base)

    def _load_nowcast(self, nx: int, ny: int) -> Fresh[Observation]:
        now = self.now()
        base = nowcast_base(now)
        observation = self._newest(NOWCAST_PATH, base, base - timedelta(hours=1), nx, ny,
                                   parse_nowcast)
        expires = max(next_nowcast_available(observation.at), now + RECHECK)
        return Fresh(observation, expires, observation.at, verb="관측")


def from_settings(settings: KmaSettings | None = None, *,
                  transport: httpx.BaseTransport | None = None,
                  clock: Callable[[], datetime] = now_seoul,
                  sleep: Callable[[float], None] = _time.sleep) -> KmaClient:
    settings = settings or KmaSettings()
    if not settings.service_key or not settings.service_key.strip():
        raise PublicDataError("기상청 단기예보 API 인증키가 설정되지 않았습니다. 공공데이터포털"
                              "(data.go.kr)에서 「기상청_단기예보 ((구)_동네예보) 조회서비스」를 "
                              "활용신청해 받은 인증키를 환경변수 MYG_KMA_SERVICE_KEY에 넣으세요")
    return KmaClient(settings.base_url, settings.service_key, timeout_s=settings.timeout_s,
                     retries=settings.retries, deadline_s=settings.deadline_s,
                     transport=transport, clock=clock, sleep=sleep)
