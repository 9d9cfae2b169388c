"""Shared pieces of the points screens: the route, the number format, a panel, loading the
summary and the officer check."""
from __future__ import annotations

import flet as ft

from myg_app.client.features.feature import officer_of
from myg_app.client.widgets.common import tagged
from myg_app.contracts import points as c

FID = "points"
BASE = "/f/points"
TITLE = "시정·청년참여 포인트"


def pts(n: int, *, sign: bool = False) -> str:
    return f"{n:+,}P" if sign else f"{n:,}P"


def panel(controls: list[ft.Control], ident: str, *, label: str | None = None) -> ft.Control:
    return tagged(ft.Container(ft.Column(controls, spacing=6), padding=14, border_radius=12,
                               bgcolor=ft.Colors.SURFACE_CONTAINER), ident, label)


async def load_summary(app, offset: int = 0, limit: int = 20) -> c.PointsSummary:
    return await app.api.call("GET", "/me/points", c.PointsSummary,
                              params={"offset": offset, "limit": limit})


def is_points_officer(app) -> bool:
    return officer_of(app, FID)


def forget_main(app) -> None:
    """The balance changed: the main screen loads again when back returns to it."""
    app.forget_view(BASE)
