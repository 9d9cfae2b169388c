"""The 날씨 answer for a 읍면동: its grid cell's forecast and observation in words, three days,
and the weather 재난 알림 that concern it."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from myg_app.contracts import weather as c
from myg_app.gwangyang import dongs
from myg_app.seoul_time import SEOUL
from myg_app.server.alerts import service as alerts
from myg_app.server.publicdata import grid, kma
from myg_app.server.weather import source as sources

DEFAULT_DONG = "jungma"  # 광양시청's 읍면동 (cell 73,70): a guest's weather
HOURS = 24
DAY_LABELS = ("오늘", "내일", "모레")
COMPASS = ("북", "북북동", "북동", "동북동", "동", "동남동", "남동", "남남동", "남", "남남서", "남서",
           "서남서", "서", "서북서", "북서", "북북서")
ALERTS_SINCE = timedelta(hours=24)


def place_of(code: str) -> c.Place:
    d = dongs.BY_CODE[code]
    cell = grid.to_grid(d.lat, d.long)
    return c.Place(dong=d.code, name=d.name, nx=cell.nx, ny=cell.ny)


def _sky(cond: kma.Condition | None) -> c.Sky | None:
    return c.Sky(label=cond.label, icon=cond.icon) if cond else None


def wind_text(speed: float | None, direction: int | None) -> str | None:
    """"북서풍 3.2m/s" (where the wind blows from, in 16 points); None when unknown."""
    if speed is None:
        return None
    if direction is None or speed < 0.5:
        return f"바람 {speed:g}m/s" if speed >= 0.5 else "바람 거의 없음"
    return f"{COMPASS[round(direction / 22.5) % 16]}풍 {speed:g}m/s"


def _label(amount: kma.Amount | None) -> str | None:
    return amount.label if amount else None


def _now(forecast: kma.VillageForecast, observation: sources.Answer | None,
         forecast_source, now: datetime) -> c.Now | None:
    hour = forecast.hour_at(now)
    if observation is not None:
        o: kma.Observation = observation.value
        # 초단기실황 has no sky: the forecast's for this hour, unless it is raining now.
        sky = o.condition or (hour.condition if hour else None)
        return c.Now(at=o.at, temperature_c=o.temperature_c, sky=_sky(sky), humidity=o.humidity,
                     wind=wind_text(o.wind_speed, o.wind_direction), rain_1h=_label(o.rain_1h),
                     observed=True, source=observation.source)
    if hour is None:
        return None
    return c.Now(at=hour.at, temperature_c=hour.temperature_c, sky=_sky(hour.condition),
                 humidity=hour.humidity, wind=wind_text(hour.wind_speed, hour.wind_direction),
                 rain_1h=_label(hour.precip), observed=False, source=forecast_source)


def _days(forecast: kma.VillageForecast, now: datetime) -> list[c.Day]:
    out = []
    today = now.astimezone(SEOUL).date()
    for offset, label in enumerate(DAY_LABELS):
        day = today + timedelta(days=offset)
        hours = [h for h in forecast.hours if h.at.date() == day]
        if not hours:
            continue
        given = forecast.day(day)
        temps = [h.temperature_c for h in hours if h.temperature_c is not None]
        # TMN/TMX come only with some publications (today's low is gone after 05:00's):
        # the hours' own lowest/highest then, which is what is left of the day.
        low = given.low_c if given and given.low_c is not None else min(temps, default=None)
        high = given.high_c if given and given.high_c is not None else max(temps, default=None)
        pops = [h.precip_probability for h in hours if h.precip_probability is not None]

        def at(hh: int, day=day):
            h = forecast.hour_at(datetime.combine(day, time(hh), SEOUL))
            return _sky(h.condition) if h else None

        out.append(c.Day(date=day, label=label, low_c=low, high_c=high, am=at(9), pm=at(15),
                         precip_probability=max(pops, default=None)))
    return out


def _degrees(x: float | None) -> str:
    return "알 수 없음" if x is None else f"{x:g}도"


def summary(place: c.Place, now: c.Now | None, days: list[c.Day]) -> str:
    parts = [place.name]
    if now is not None:
        sky = f", {now.sky.label}" if now.sky else ""
        parts.append(f"지금 {_degrees(now.temperature_c)}{sky}.")
    if days:
        d = days[0]
        pop = f", 강수확률 {d.precip_probability}%" if d.precip_probability is not None else ""
        parts.append(f"{d.label} 최저 {_degrees(d.low_c)}, 최고 {_degrees(d.high_c)}{pop}.")
    return " ".join(parts)


def weather(session: Session, dong_code: str, now: datetime) -> c.WeatherOut:
    place = place_of(dong_code)
    found = alerts.recent(session, kinds=c.WEATHER_KINDS, dong_code=dong_code,
                          since=now - ALERTS_SINCE)
    # The reads are done: end the transaction before waiting on the 기상청 (up to WAIT_S), so
    # that on SQLite, where every transaction holds the write lock, no writer waits for it.
    session.commit()
    src = sources.current()
    forecast = src.forecast(place.nx, place.ny, now)
    observation = src.observation(place.nx, place.ny, now)
    current = _now(forecast.value, observation, forecast.source, now)
    days = _days(forecast.value, now)
    hours = [c.Hour(at=h.at, temperature_c=h.temperature_c, sky=_sky(h.condition),
                    precip_probability=h.precip_probability, precip=_label(h.precip))
             for h in forecast.value.upcoming(now, HOURS)]
    return c.WeatherOut(
        place=place, summary=summary(place, current, days), now=current, hours=hours, days=days,
        alerts=[c.WeatherAlert(id=a.id, level=a.level, kind=a.kind, title=a.text[:60],
                               issued_at=a.issued_at) for a in found],
        source=forecast.source)


def warm_cells() -> set[tuple[int, int]]:
    """Every 읍면동's cell: what the warm-up job keeps fresh."""
    return {(p.nx, p.ny) for p in map(place_of, dongs.BY_CODE)}
