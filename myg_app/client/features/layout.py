"""The frame every screen shares: an app bar with a back button and a scrolling body."""

from __future__ import annotations

import flet as ft

from myg_app.client.theme import text_style


def on_resize(view: ft.View, relayout) -> None:
    """Let `view` re-flow in place when the page width changes its grid's columns (the app
    calls `relayout()` instead of building the view again)."""
    view.data = {**(view.data if isinstance(view.data, dict) else {}), "relayout": relayout}


def screen(app, route: str, title: str, controls: list[ft.Control], *,
           actions: list[ft.Control] | None = None, ident: str) -> ft.View:
    m = app.m
    return ft.View(
        route=route,
        appbar=ft.AppBar(
            title=ft.Semantics(identifier=f"{ident}-title", header=True,
                               content=ft.Text(title, style=text_style(m.text("title_large"),
                                                                       bold=True))),
            actions=actions or [],
            toolbar_height=64 if m.large else 56,
        ),
        controls=[ft.Column(controls, spacing=m.gap * 2, expand=False)],
        scroll=ft.ScrollMode.AUTO,
        padding=ft.Padding.symmetric(horizontal=12, vertical=12),
    )
