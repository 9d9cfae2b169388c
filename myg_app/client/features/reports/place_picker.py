"""An offline point picker for Gwangyang: no map tiles can be fetched here or on a phone
without data, so this is a schematic of the city's extent with its 12 읍면동 at their
approximate centres. A tap sets the point; arrow buttons move it in 50 m steps (for screen
readers and keyboards); the 읍면동 list and a typed address are the other ways to say where."""

from __future__ import annotations

import math
from collections.abc import Callable

import flet as ft

from myg_app.client.i18n import tr
from myg_app.client.theme import text_style
from myg_app.client.widgets.common import icon_button, tagged
from myg_app.contracts import reports as c

MIN_LAT, MIN_LONG, MAX_LAT, MAX_LONG = c.BOUNDS
# Metres per degree differ by direction: keep the drawing true to shape at Gwangyang's latitude.
ASPECT = math.cos(math.radians((MIN_LAT + MAX_LAT) / 2))  # width / height for equal degrees
STEP_M = 50
# Where each 읍면동 name sits relative to its dot, in font sizes (the south-east is crowded).
LABEL_OFFSETS = {"광영동": (0.3, -1.4), "골약동": (-3.6, 0.1), "중마동": (0.4, -0.6),
                 "태인동": (0.4, -0.6), "금호동": (-1.5, 0.2), "광양읍": (-1.5, 0.2)}


def nearest_area(lat: float, long: float) -> str:
    return min(c.AREAS, key=lambda a: (c.AREAS[a][0] - lat) ** 2
               + ((c.AREAS[a][1] - long) * ASPECT) ** 2)


def to_xy(lat: float, long: float, w: float, h: float) -> tuple[float, float]:
    return ((long - MIN_LONG) / (MAX_LONG - MIN_LONG) * w,
            (MAX_LAT - lat) / (MAX_LAT - MIN_LAT) * h)


def to_latlong(x: float, y: float, w: float, h: float) -> tuple[float, float]:
    x, y = min(max(x, 0), w), min(max(y, 0), h)
    return (round(MAX_LAT - y / h * (MAX_LAT - MIN_LAT), 6),
            round(MIN_LONG + x / w * (MAX_LONG - MIN_LONG), 6))


def describe(lat: float, long: float) -> str:
    return tr("{nearest_area} 부근 (위도 {lat:.5f}, 경도 {long:.5f})", nearest_area=nearest_area(lat, long), lat=lat, long=long)


class PlacePicker(ft.Column):
    """The drawing plus nudge buttons; calls on_pick(lat, long) whenever the point moves."""

    def __init__(self, app, width: float, on_pick: Callable[[float, float], object],
                 lat: float | None = None, long: float | None = None):
        super().__init__(spacing=app.m.gap)
        self.app = app
        self.w = width
        self.h = round(width / ASPECT * (MAX_LAT - MIN_LAT) / (MAX_LONG - MIN_LONG) * 1.0)
        self.on_pick = on_pick
        self.lat, self.long = lat, long
        m = app.m
        self.pin = ft.Icon(ft.Icons.LOCATION_ON, color=ft.Colors.ERROR, size=36,
                           visible=lat is not None)
        labels: list[ft.Control] = []
        size = 16 if m.large else 13  # a map legend: bigger in large-text mode, yet no overlap
        for name, (alat, along) in c.AREAS.items():
            x, y = to_xy(alat, along, self.w, self.h)
            dx, dy = LABEL_OFFSETS.get(name, (-1.5, -1.6))
            labels += [
                ft.Container(width=6, height=6, border_radius=3, bgcolor=ft.Colors.PRIMARY,
                             left=x - 3, top=y - 3),
                ft.Container(ft.Text(name, style=text_style(size, bold=True,
                                                            color=ft.Colors.ON_SURFACE_VARIANT)),
                             left=min(max(0, x + dx * size), self.w - 3.2 * size),
                             top=max(0, y + dy * size)),
            ]
        grid = [ft.Container(left=0, top=self.h * i / 6, width=self.w, height=1,
                             bgcolor=ft.Colors.OUTLINE_VARIANT) for i in range(1, 6)]
        grid += [ft.Container(left=self.w * i / 5, top=0, width=1, height=self.h,
                              bgcolor=ft.Colors.OUTLINE_VARIANT) for i in range(1, 5)]
        self.pin_box = ft.Container(self.pin, left=0, top=0)
        self._place_pin()
        drawing = ft.Stack([ft.Container(width=self.w, height=self.h,
                                         bgcolor=ft.Colors.SURFACE_CONTAINER, border_radius=8),
                            *grid, *labels, self.pin_box], width=self.w, height=self.h)
        # Out of the semantics tree on purpose: a screen-reader "tap" would land on the centre
        # of the drawing, a meaningless point. Those users move the pin with the arrow buttons
        # or name the 읍면동 and address instead; the label tells them so.
        self.map = tagged(ft.GestureDetector(content=drawing, on_tap_down=self._tapped,
                                             exclude_from_semantics=True),
                          "report-map", label="광양시 약도: 눌러서 위치를 고릅니다. 화면낭독기 사용자는 아래 "
                                              "화살표 버튼이나 읍면동·주소 입력을 이용하세요.")
        arrows = ft.Row([
            icon_button(ft.Icons.ARROW_UPWARD, "위치를 북쪽으로 50미터", m, ident="report-map-n",
                        on_click=lambda e: self.nudge(STEP_M, 0)),
            icon_button(ft.Icons.ARROW_DOWNWARD, "위치를 남쪽으로 50미터", m, ident="report-map-s",
                        on_click=lambda e: self.nudge(-STEP_M, 0)),
            icon_button(ft.Icons.ARROW_BACK, "위치를 서쪽으로 50미터", m, ident="report-map-w",
                        on_click=lambda e: self.nudge(0, -STEP_M)),
            icon_button(ft.Icons.ARROW_FORWARD, "위치를 동쪽으로 50미터", m, ident="report-map-e",
                        on_click=lambda e: self.nudge(0, STEP_M)),
        ], spacing=4)
        self.controls = [self.map, ft.Text("위치 다듬기 (한 번에 50m)",
                                           style=text_style(m.text("body_medium"))), arrows]

    def _place_pin(self) -> None:
        if self.lat is None:
            self.pin.visible = False
            return
        x, y = to_xy(self.lat, self.long, self.w, self.h)
        self.pin_box.left, self.pin_box.top = x - 18, y - 34  # the pin's tip marks the point
        self.pin.visible = True

    def set_point(self, lat: float, long: float, notify: bool = True) -> None:
        self.lat = min(max(lat, MIN_LAT), MAX_LAT)
        self.long = min(max(long, MIN_LONG), MAX_LONG)
        self._place_pin()
        if notify:
            self.on_pick(self.lat, self.long)

    def _tapped(self, e) -> None:
        pos = e.local_position
        if pos is None:
            return
        self.set_point(*to_latlong(pos.x, pos.y, self.w, self.h))

    def nudge(self, north_m: float, east_m: float) -> None:
        lat, long = (self.lat, self.long) if self.lat is not None else c.AREAS["광양읍"]
        self.set_point(round(lat + north_m / 111_320, 6),
                       round(long + east_m / (111_320 * math.cos(math.radians(lat))), 6))
