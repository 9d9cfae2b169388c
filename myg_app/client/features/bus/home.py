"""즐겨찾는 정류장 on home (signed-in citizens with favourites): each stop with its next buses,
one tap to the stop's page. Filled after home is drawn; the server answers within about 1.5 s
whatever TAGO does, and a failure leaves the section out rather than showing an error on home."""
from __future__ import annotations

import logging

import flet as ft

from myg_app.client.features.bus.common import arrival_line, favourites, remember, stop_card
from myg_app.client.widgets.common import heading, text

log = logging.getLogger(__name__)
SHOWN = 3  # the server gives the next buses of the first three


def section(app) -> list[ft.Control]:
    """Controls for home's body: one column, empty until (and unless) there are favourites."""
    if not app.signed_in:
        return []
    m = app.m
    box = ft.Column(spacing=app.m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                    visible=False)

    def lines(f) -> list[ft.Control]:
        if f.arrivals is None:
            out = [text("도착 정보를 지금 받을 수 없습니다.", m, "body_medium",
                        color=ft.Colors.ON_SURFACE_VARIANT)]
        elif not f.arrivals:
            out = [text("곧 오는 버스가 없습니다.", m, "body_medium",
                        color=ft.Colors.ON_SURFACE_VARIANT)]
        else:
            out = [text(", ".join(arrival_line(a) for a in f.arrivals[:2]), m, "body_medium",
                        color=ft.Colors.PRIMARY, bold=True)]
        if f.source and f.source.kind == "sample":  # never shown as if it were real
            out.append(text("예시 자료 (실제 도착 정보 아님)", m, "body_small",
                            color=ft.Colors.ON_SURFACE_VARIANT))
        elif f.source and f.source.stale:
            out.append(text(f.source.age_text, m, "body_small",
                            color=ft.Colors.ON_SURFACE_VARIANT))
        return out

    async def fill() -> None:
        try:
            found = await favourites(app, arrivals=True)
        except Exception:  # noqa: BLE001 - home never shows an error for an extra section
            log.info("home: bus favourites not loaded", exc_info=True)
            return
        if not found.items:
            return
        remember(app, [f.stop for f in found.items])
        box.controls = [heading("즐겨찾는 정류장", m, ident="home-bus-heading")] + [
            stop_card(app, f.stop, f"home-bus-{f.stop.id}", extra=lines(f))
            for f in found.items[:SHOWN]]
        box.visible = True
        app.page.update()

    app.page.run_task(fill)
    return [box]
