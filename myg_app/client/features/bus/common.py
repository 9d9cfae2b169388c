"""Pieces the 버스 정보 screens share: how an arrival is said, stop cards, the stops seen in
this session (a stop page opened from a list knows the stop's name, number and place; TAGO has
no call for one stop), and the favourite stops of the signed-in citizen."""
from __future__ import annotations

import asyncio
import uuid
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

import flet as ft

from myg_app.client.features.reservations.common import tap_card
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import text
from myg_app.client.widgets.source import source_line, source_notice
from myg_app.contracts import bus as c

BASE = "/f/bus"
PENDING_RETRY_S = 3.0  # the server's Retry-After for "TAGO is being asked" (publicdata.pending)
# Stops seen in answers, per app session (weak: a closed session takes its cache with it).
_SEEN: weakref.WeakKeyDictionary[Any, dict[str, c.Stop]] = weakref.WeakKeyDictionary()


def seen(app) -> dict[str, c.Stop]:
    return _SEEN.setdefault(app, {})


def remember(app, stops: list[c.Stop]) -> None:
    known = seen(app)
    for s in stops:
        known[s.id] = s


def patiently(fetch: Callable[[], Awaitable[Any]]) -> Callable[[], Awaitable[Any]]:
    """`fetch`, asked once more after the server's Retry-After when it answered that TAGO is
    still being asked (a first visit while TAGO is slow): the person sees "불러오는 중" a
    little longer instead of an error."""
    from myg_app.client.api import ApiError

    async def run() -> Any:
        try:
            return await fetch()
        except ApiError as e:
            if e.code != "publicdata.pending":
                raise
        await asyncio.sleep(PENDING_RETRY_S)
        return await fetch()

    return run


def when(a: c.Arrival) -> str:
    """"곧 도착" / "7분 후", and how many stops away ("3정거장 전") when TAGO says."""
    left = "곧 도착" if a.minutes <= 0 else tr("{minutes}분 후", minutes=a.minutes)
    if a.stops_left:
        left += tr(" ({stops_left}정거장 전)", stops_left=a.stops_left)
    return left


def arrival_line(a: c.Arrival) -> str:
    return tr("{route_no}번 {when}", route_no=a.route_no, when=when(a))


def source_parts(source: c.SourceInfo | None, m, ident: str) -> tuple[ft.Control | None,
                                                                      ft.Control]:
    """The sample/stale banner (None when current) and the "출처: …" line of an answer."""
    data = source.model_dump(mode="json") if source else None
    return source_notice(data, m, ident=ident), source_line(data, m, ident=ident)


def stop_card(app, s: c.Stop, ident: str, extra: list[ft.Control] | None = None) -> ft.Control:
    """A stop: name, sign number and distance; a tap opens its arrivals."""
    m = app.m
    facts = [tr("정류장 번호 {no}", no=s.no) if s.no else None,
             f"{s.distance_m:,}m" if s.distance_m is not None else None]
    detail = " · ".join(f for f in facts if f)
    lines: list[ft.Control] = [text(s.name, m, "title_small", bold=True)]
    if detail:
        lines.append(text(detail, m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT))
    lines += extra or []
    spoken = ", ".join(x for x in (s.name, detail) if x)
    return tap_card(ft.Column(lines, spacing=4), ident=ident, label=spoken,
                    on_click=lambda e: open_stop(app, s))


def open_stop(app, s: c.Stop) -> None:
    remember(app, [s])
    app.go(f"{BASE}/s/{s.id}")


async def favourites(app, *, arrivals: bool = False) -> c.FavouriteList:
    return await app.api.call("GET", "/me/bus/favourites", c.FavouriteList,
                              params={"arrivals": "true"} if arrivals else None)


def home_changed(app) -> None:
    """Home lists the favourites: going back to it builds it again."""
    app.forget_view("/")


async def save_favourite(app, s: c.Stop) -> c.Favourite:
    body = c.FavouriteIn(name=s.name[:60], no=s.no, lat=s.lat, lon=s.lon)
    out = await app.api.call("PUT", f"/me/bus/favourites/{s.id}", c.Favourite, json=body,
                             idempotency_key=str(uuid.uuid4()))
    home_changed(app)
    return out


async def remove_favourite(app, stop_id: str) -> None:
    await app.api.call("DELETE", f"/me/bus/favourites/{stop_id}")
    home_changed(app)
