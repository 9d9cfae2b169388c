"""날씨 (/f/weather): now, the next 24 hours and three days for a 읍면동 (the citizen's own, or
광양시청's for a guest; another one chosen stays on the device), the weather 재난 알림 that
concern it, and where the figures come from and how old they are (widgets/source.py)."""
from __future__ import annotations

import asyncio
from datetime import datetime

import flet as ft

from myg_app.client import voice
from myg_app.client.api import ApiError
from myg_app.client.features.feature import Feature
from myg_app.client.features.layout import screen
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import heading, tappable, tagged, text
from myg_app.client.widgets.dropdown import filter_dropdown
from myg_app.client.widgets.loader import Loader
from myg_app.client.widgets.source import source_line, source_notice
from myg_app.contracts.weather import Day, Hour, Now, Sky, WeatherOut
from myg_app.gwangyang import dongs

FID = "weather"
K_DONG = "myg.weather.dong"  # the 읍면동 last chosen on this device
PENDING_TRIES = 4  # 503 "받아 오는 중": ask again this many times, Retry-After apart


def _icon(sky: Sky | None) -> ft.Control:
    name = (sky.icon if sky else "help_outline").upper()
    return ft.Icon(getattr(ft.Icons, name, ft.Icons.HELP_OUTLINE), color=ft.Colors.PRIMARY)


def _deg(x: float | None) -> str:
    return "-" if x is None else f"{x:g}°"


def _hm(at: datetime) -> str:
    return tr("{hour}시", hour=at.hour)


def now_card(app, now: Now) -> ft.Control:
    m = app.m
    icon = _icon(now.sky)
    icon.size = m.icon * 2
    details = [tr("습도 {humidity}%", humidity=now.humidity) if now.humidity is not None else None, now.wind,
               tr("1시간 강수 {rain_1h}", rain_1h=now.rain_1h) if now.rain_1h else None]
    details = [d for d in details if d]
    what = "관측" if now.observed else "예보"
    body = ft.Column([
        ft.Row([icon, text(_deg(now.temperature_c), m, "display_small", bold=True),
                ft.Container(text(now.sky.label if now.sky else "", m, "title_medium"),
                             expand=True)],
               vertical_alignment=ft.CrossAxisAlignment.CENTER, wrap=True),
        text(" · ".join(details), m, "body_large"),
        text(tr("{at:%H:%M} {what} 기준", at=now.at, what=what), m, "body_medium",
             color=ft.Colors.ON_SURFACE_VARIANT),
    ], spacing=6)
    spoken = (tr("지금 {replace}, {value}. {join}", replace=_deg(now.temperature_c).replace('°', '도'), value=now.sky.label if now.sky else '', join='. '.join(details)))
    return tagged(ft.Container(body, padding=m.gap, border_radius=12,
                               bgcolor=ft.Colors.SURFACE_CONTAINER), "weather-now", spoken)


def hour_tile(app, h: Hour) -> ft.Control:
    m = app.m
    icon = _icon(h.sky)
    icon.size = m.icon
    pop = f"{h.precip_probability}%" if h.precip_probability is not None else ""
    tile = ft.Container(ft.Column([
        text(_hm(h.at), m, "body_medium", bold=True),
        icon,
        text(_deg(h.temperature_c), m, "body_large", bold=True),
        text(pop, m, "body_small", color=ft.Colors.ON_SURFACE_VARIANT),
    ], spacing=2, horizontal_alignment=ft.CrossAxisAlignment.CENTER),
        width=round(72 * m.scale), padding=6, border_radius=8,
        bgcolor=ft.Colors.SURFACE_CONTAINER_LOW)
    label = (tr("{hm} {value} {replace}, 강수확률 {value2}", hm=_hm(h.at), value=h.sky.label if h.sky else '', replace=_deg(h.temperature_c).replace('°', '도'), value2=pop or '알 수 없음'))
    return tagged(tile, f"weather-hour-{h.at:%d%H}", label)


def day_row(app, d: Day) -> ft.Control:
    m = app.m
    skies = []
    for part, sky in (("오전", d.am), ("오후", d.pm)):
        if sky is not None:
            icon = _icon(sky)
            icon.size = m.icon
            skies.append(ft.Row([text(part, m, "body_medium"), icon,
                                 text(sky.label, m, "body_large")], spacing=4, wrap=True))
    pop = tr("강수확률 {precip_probability}%", precip_probability=d.precip_probability) if d.precip_probability is not None else ""
    body = ft.Column([
        ft.Row([text(tr("{label} {month}월 {day}일", label=d.label, month=d.date.month, day=d.date.day), m, "title_small", bold=True),
                text(tr("최저 {deg} / 최고 {deg2}", deg=_deg(d.low_c), deg2=_deg(d.high_c)), m, "body_large")],
               alignment=ft.MainAxisAlignment.SPACE_BETWEEN, wrap=True),
        ft.Row(skies, spacing=m.gap * 2, wrap=True),
        text(pop, m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT),
    ], spacing=4)
    words = ", ".join(f"{part} {s.label}" for part, s in (("오전", d.am), ("오후", d.pm)) if s)
    label = (tr("{label}: 최저 {replace}, 최고 {replace2}. {words}. {pop}", label=d.label, replace=_deg(d.low_c).replace('°', '도'), replace2=_deg(d.high_c).replace('°', '도'), words=words, pop=pop))
    return tagged(ft.Container(body, padding=m.gap, border_radius=12,
                               bgcolor=ft.Colors.SURFACE_CONTAINER), f"weather-day-{d.date}",
                  label)


def alert_links(app, data: WeatherOut) -> list[ft.Control]:
    m = app.m
    out = []
    for a in data.alerts:
        def open_it(e, a=a) -> None:
            app.go(f"/f/alerts/{a.id}")

        box = ft.Container(ft.Row([
            ft.Icon(ft.Icons.WARNING_AMBER, color=ft.Colors.ON_ERROR_CONTAINER, size=m.icon),
            ft.Column([text(tr("{kind} 알림 ({level})", kind=a.kind, level=a.level), m, "title_small", bold=True,
                            color=ft.Colors.ON_ERROR_CONTAINER),
                       text(a.title, m, "body_medium", color=ft.Colors.ON_ERROR_CONTAINER)],
                      spacing=2, expand=True)], vertical_alignment=ft.CrossAxisAlignment.START),
            padding=m.gap, border_radius=12, bgcolor=ft.Colors.ERROR_CONTAINER,
            on_click=open_it, ink=True)
        out.append(tappable(box, ident=f"weather-alert-{a.id}",
                            label=tr("{kind} 재난 알림: {title}. 눌러서 자세히 보기", kind=a.kind, title=a.title),
                            on_click=open_it))
    return out


async def _chosen(app) -> str | None:
    """The 읍면동 chosen on this device; None: the server's choice (the citizen's own 읍면동,
    which only the server knows, or 광양시청's)."""
    saved = await app.prefs.service.get(K_DONG)
    return saved if saved in dongs.BY_CODE else None


def main_view(app) -> ft.View:
    m = app.m
    status = Loader(m, "weather-status")
    body = ft.Column(spacing=m.gap * 2, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    picker_box = ft.Container()
    place: dict[str, str | None] = {}

    def show(data: WeatherOut) -> None:
        if picker_box.content is None:
            picker_box.content = filter_dropdown(
                app, "weather-dong", "읍면동", [(d.code, d.name) for d in dongs.DONGS],
                data.place.dong, pick)
        notices = [source_notice(data.source, m, ident="weather")]
        if data.now and data.now.source.notice and data.now.source.kind != data.source.kind:
            notices.append(source_notice(data.now.source, m, ident="weather-now"))
        hours = ft.Row([hour_tile(app, h) for h in data.hours], wrap=True, spacing=6,
                       run_spacing=6)
        lines = [source_line(data.source, m, ident="weather")]
        if data.now and data.now.source.name != data.source.name:
            lines.append(source_line(data.now.source, m, ident="weather-now"))
        body.controls = [
            *[n for n in notices if n is not None],
            tagged(text(data.summary, m, "title_medium", bold=True), "weather-summary"),
            *alert_links(app, data),
            *([now_card(app, data.now)] if data.now else []),
            heading("24시간 예보", m, ident="weather-hours-heading"),
            hours,
            heading("3일 예보", m, ident="weather-days-heading"),
            *[day_row(app, d) for d in data.days],
            *lines,
        ]
        app.page.run_task(voice.speak, app, data.summary)

    async def fetch() -> WeatherOut:
        for attempt in range(PENDING_TRIES + 1):
            try:
                code = place.get("code")
                return await app.api.call("GET", "/weather", WeatherOut, auth=app.signed_in,
                                          params={"dong": code} if code else None)
            except ApiError as err:
                if err.code != "publicdata.pending" or attempt == PENDING_TRIES:
                    raise
                status.loading("기상청 정보를 받아 오는 중입니다…")
                app.page.update()
                await asyncio.sleep(3)
        raise AssertionError("unreachable")

    async def pick(e) -> None:
        place["code"] = e.control.value or "jungma"
        await app.prefs.service.set(K_DONG, place["code"])
        await status.load(app.page, fetch, show)

    async def start() -> None:
        place["code"] = await _chosen(app)
        await status.load(app.page, fetch, show)

    app.page.run_task(start)
    return screen(app, "/f/weather", "날씨", [picker_box, status, body], ident="function-weather")


FEATURES = (Feature(FID, main_view),)
