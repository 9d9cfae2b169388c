"""Buttons, texts and status panels sized by the current Metrics (normal / large text)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from myg_app.client.theme import Metrics

Handler = Callable[..., Any] | None


def tagged(control: ft.Control, ident: str, label: str | None = None) -> ft.Semantics:
    """Give `control` a stable test/automation identifier (and a name when it shows none)."""
    return ft.Semantics(identifier=ident, label=label, content=control)


def text(value: str, m: Metrics, style: str = "body_large", *, ident: str | None = None,
         bold: bool = False, color: str | None = None, selectable: bool = False) -> ft.Control:
    from myg_app.client.theme import text_style

    t = ft.Text(value, style=text_style(m.text(style), bold=bold, color=color),
                selectable=selectable)
    return tagged(t, ident) if ident else t


def heading(value: str, m: Metrics, *, ident: str | None = None) -> ft.Control:
    h = ft.Semantics(header=True, identifier=ident,
                     content=text(value, m, "title_medium", bold=True))
    return h


def button(label: str, m: Metrics, *, ident: str, on_click: Handler, icon: str | None = None,
           kind: str = "filled", expand: bool = False) -> ft.Semantics:
    cls = {"filled": ft.FilledButton, "outlined": ft.OutlinedButton, "text": ft.TextButton,
           "tonal": ft.FilledTonalButton}[kind]
    b = cls(content=label, icon=icon, on_click=on_click, height=m.target,
            expand=expand)
    return tagged(b, ident)


def tappable(content: ft.Control, *, ident: str, label: str, on_click: Handler,
             data: object = None, expand: bool = False) -> ft.Semantics:
    """One accessible button node (role, name, identifier) over a custom-drawn control.

    Pointer taps reach `content`; screen-reader activation reaches `on_tap`. Both call the
    same handler, and Flutter delivers one or the other for a click, never both.
    """
    return ft.Semantics(identifier=ident, label=label, button=True, exclude_semantics=True,
                        on_tap=on_click, disabled=on_click is None, data=data, content=content,
                        expand=expand)


def icon_button(icon: str, label: str, m: Metrics, *, ident: str, on_click: Handler) -> ft.Semantics:
    b = ft.IconButton(icon=icon, tooltip=label, on_click=on_click, icon_size=m.icon * 0.8,
                      disabled=on_click is None,
                      size_constraints=ft.BoxConstraints(min_width=m.target, min_height=m.target))
    return tappable(b, ident=ident, label=label, on_click=on_click)


class StatusPanel(ft.Column):
    """Where a screen reports progress, a failure with a retry button, or a notice."""

    def __init__(self, m: Metrics, ident: str):
        super().__init__(spacing=m.gap, visible=False)
        self.m = m
        self.ident = ident

    def loading(self, what: str = "불러오는 중입니다…") -> None:
        self.visible = True
        self.controls = [ft.Row([ft.ProgressRing(width=self.m.icon, height=self.m.icon,
                                                 semantics_label=what),
                                 text(what, self.m, "body_large")], wrap=True)]

    def error(self, message: str, on_retry: Handler = None) -> None:
        self.visible = True
        body: list[ft.Control] = [tagged(ft.Row([
            ft.Icon(ft.Icons.ERROR_OUTLINE, color=ft.Colors.ERROR, size=self.m.icon),
            ft.Text(message, expand=True, color=ft.Colors.ERROR,
                    theme_style=ft.TextThemeStyle.BODY_LARGE),
        ]), f"{self.ident}-error")]
        if on_retry:
            body.append(button("다시 시도", self.m, ident=f"{self.ident}-retry", on_click=on_retry,
                               icon=ft.Icons.REFRESH, kind="outlined"))
        self.controls = body

    def notice(self, message: str) -> None:
        self.visible = True
        self.controls = [tagged(ft.Row([
            ft.Icon(ft.Icons.INFO_OUTLINE, color=ft.Colors.PRIMARY, size=self.m.icon),
            ft.Text(message, expand=True, theme_style=ft.TextThemeStyle.BODY_LARGE),
        ]), f"{self.ident}-notice")]

    async def perform(self, page: ft.Page, call, *, done: str, then=None) -> bool:
        """An officer/citizen action: progress, the call, then `then()` (a reload) and `done`,
        or the call's Korean error. Returns whether it succeeded."""
        from myg_app.client.api import ApiError

        self.loading("처리하는 중입니다…")
        page.update()
        try:
            await call()
        except ApiError as err:
            self.error(err.message)
            page.update()
            return False
        if then is not None:
            await then()
        self.notice(done)
        page.update()
        return True

    def clear(self) -> None:
        self.visible = False
        self.controls = []
