"""Dropdowns whose accessible name says their choice ("읍면동: 중마동"): a drawn dropdown label
alone is not announced when the choice changes."""
from __future__ import annotations

import flet as ft

from myg_app.client.theme import FONT
from myg_app.client.widgets.common import tagged


def dropdown(app, label: str, options: list[tuple[str, str]], value: str | None,
             on_select=None) -> ft.Dropdown:
    """A dropdown in the theme's sizes, as wide as the screen allows (at most 480)."""
    m = app.m
    dd = ft.Dropdown(label=label, value=value,
                     width=min(max((app.page.width or 400) - 48, 240), 480),
                     text_style=ft.TextStyle(size=m.text("body_large"), font_family=FONT),
                     label_style=ft.TextStyle(size=m.text("body_medium"), font_family=FONT),
                     options=[ft.DropdownOption(key=k, text=v) for k, v in options])
    if on_select is not None:
        dd.on_select = on_select
    return dd


def filter_dropdown(app, ident: str, name: str, options: list[tuple[str, str]],
                    value: str | None, on_pick, *, none: str | None = None) -> ft.Control:
    """A dropdown whose accessible name says its choice ("분야: 주거·자립"); `none`: what it
    says before anything is chosen (default: the first option, a filter's "전체")."""
    return named_dropdown(dropdown(app, name, options, value, on_pick), ident, name,
                          none or options[0][1])


def named_dropdown(dd: ft.Dropdown, ident: str, name: str, none: str) -> ft.Semantics:
    """A dropdown with an accessible name that says its choice ("읍면동: 중마동"), kept up to
    date when the choice changes (its drawn label alone is not announced)."""
    def says() -> str:
        shown = next((o.text for o in dd.options if o.key == dd.value), None) if dd.value else None
        return f"{name}: {shown or none}"

    sem = tagged(dd, ident, says())
    chosen = dd.on_select

    async def on_select(e) -> None:
        sem.label = says()
        if chosen is not None:
            r = chosen(e)
            if hasattr(r, "__await__"):
                await r

    dd.on_select = on_select
    return sem
