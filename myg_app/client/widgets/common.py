"""Buttons, texts and status panels sized by the current Metrics (normal / large text)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import flet as ft

from myg_app.client.theme import Metrics

Handler = Callable[..., Any] | None

WORD_JOINER = "\u2060"


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e" or "\u1100" <= ch <= "\u11ff"


def keep_words(value: str) -> str:
    """Korean breaks between words (어절), never inside one: Flutter may break a line between
    any two Hangul syllables ("생활불편 신/고"), so the letters of each word are joined with
    U+2060 WORD JOINER (default-ignorable: drawn as nothing, even by a font without it).
    Spaces stay the only break points; a word wider than the line still breaks (no clipping)."""
    out: list[str] = []
    prev = ""
    for ch in value.replace(WORD_JOINER, ""):
        if prev and not prev.isspace() and not ch.isspace() and (_is_hangul(prev) or _is_hangul(ch)):
            out.append(WORD_JOINER)
        out.append(ch)
        prev = ch
    return "".join(out)


def current_metrics() -> Metrics | None:
    """The Metrics of the session building a screen (the App keeps them as `page.data.m`)."""
    try:
        return ft.context.page.data.m
    except Exception:  # no page (unit tests) or no App yet
        return None


def fit(control: ft.Control, m: Metrics | None = None) -> ft.Control:
    """Grow what Flutter draws at a fixed size with the large-text metrics: checkboxes, radio
    buttons and switches (no theme property sizes them; icons grow through the theme)."""
    m = m or current_metrics()
    if m is None:
        return control
    if isinstance(control, ft.Checkbox | ft.Radio | ft.Switch) and control.scale is None \
            and m.control_scale != 1:
        # A transform does not change layout: only an unlabelled control keeps its label
        # readable (a labelled one would overflow its row). Flutter's 48 px tap target leaves
        # room for the bigger box.
        if not control.label:
            control.scale = m.control_scale
    return control


def tagged(control: ft.Control, ident: str, label: str | None = None, *,
           m: Metrics | None = None, live: bool = False) -> ft.Semantics:
    """Give `control` a stable test/automation identifier (and a name when it shows none).
    `live`: a result that arrives later (a search's count, a notice after sending or
    booking); screen readers announce its changes without the person moving to it."""
    return ft.Semantics(identifier=ident, label=label, content=fit(control, m),
                        live_region=live or None)


class Words(ft.Text):
    """A text whose Korean words never break inside (keep_words), spoken as written (the
    joiners are not in its accessible name). Set `.value` as for any Text: the words are
    joined again at every update."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._join()

    def before_update(self):
        super().before_update()
        self._join()

    def _join(self) -> None:
        if isinstance(self.value, str):
            plain = self.value.replace(WORD_JOINER, "")
            self.value = keep_words(plain)
            self.semantics_label = plain or None


def text(value: str, m: Metrics, style: str = "body_large", *, ident: str | None = None,
         bold: bool = False, color: str | None = None, selectable: bool = False,
         keep: bool = True, live: bool = False) -> ft.Control:
    """A text in the theme's `style`: its colour comes from the current theme (light or dark)
    unless `color` names a theme role (ft.Colors.ERROR...). It wraps, never clips, and between
    words only (`keep`; off for text a person may select and copy as typed)."""
    from myg_app.client.theme import text_style

    cls = Words if keep and not selectable else ft.Text
    t = cls(value, theme_style=ft.TextThemeStyle[style.upper()],
            style=text_style(m.text(style), bold=bold, color=color),
            # The weight on the Text too: the style's alone was not drawn bold (Chromium).
            weight=ft.FontWeight.BOLD if bold else None, selectable=selectable)
    return tagged(t, ident, live=live) if ident else t


def heading(value: str, m: Metrics, *, ident: str | None = None) -> ft.Control:
    """A section heading: bold, spoken as a heading, its Korean words kept whole."""
    h = ft.Semantics(header=True, identifier=ident,
                     content=text(value, m, "title_medium", bold=True))
    return h


def button(label: str, m: Metrics, *, ident: str, on_click: Handler, icon: str | None = None,
           kind: str = "filled", expand: bool = False, name: str | None = None) -> ft.Semantics:
    """A button at least `m.target` tall (theme padding), taller when its label wraps; its
    icon grows with the text (theme icon size)."""
    cls = {"filled": ft.FilledButton, "outlined": ft.OutlinedButton, "text": ft.TextButton,
           "tonal": ft.FilledTonalButton}[kind]

    b = cls(content=button_label(label, name), icon=icon, on_click=on_click, expand=expand)
    return tagged(b, ident)


def button_label(label: str, name: str | None = None) -> ft.Text:
    """A button's label with its Korean words kept whole ("전화 걸/기" broke in large text),
    spoken as the plain label. Also what a button made by button() is relabelled with:
    `b.content.content = button_label("…")`. `name`: what it is called aloud when the label
    alone does not tell it apart from its neighbours."""
    return ft.Text(keep_words(label), semantics_label=name or label)


def tappable(content: ft.Control, *, ident: str, label: str, on_click: Handler,
             data: object = None, expand: bool = False) -> ft.Semantics:
    """One accessible button node (role, name, identifier) over a custom-drawn control.

    Pointer taps reach `content`; screen-reader activation reaches `on_tap`. Both call the
    same handler, and Flutter delivers one or the other for a click, never both. Tab reaches
    it (`focusable`: with its children excluded, Flutter would give the node no tabindex).
    """
    return ft.Semantics(identifier=ident, label=label, button=True, exclude_semantics=True,
                        on_tap=on_click, disabled=on_click is None, data=data, content=content,
                        expand=expand, focusable=on_click is not None)


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
            Words(message, expand=True, color=ft.Colors.ERROR,
                    theme_style=ft.TextThemeStyle.BODY_LARGE),
        ]), f"{self.ident}-error", live=True)]
        if on_retry:
            body.append(button("다시 시도", self.m, ident=f"{self.ident}-retry", on_click=on_retry,
                               icon=ft.Icons.REFRESH, kind="outlined"))
        self.controls = body

    def notice(self, message: str) -> None:
        self.visible = True
        self.controls = [tagged(ft.Row([
            ft.Icon(ft.Icons.INFO_OUTLINE, color=ft.Colors.PRIMARY, size=self.m.icon),
            Words(message, expand=True, theme_style=ft.TextThemeStyle.BODY_LARGE),
        ]), f"{self.ident}-notice", live=True)]

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


def toggle_target(node: ft.Control, m: Metrics, toggle: ft.Checkbox | ft.Switch, *,
                  square: bool = False) -> ft.Container:
    """A tagged checkbox or switch inside a box one touch target tall (a square with
    `square=True`, else the row's width); a tap anywhere on the box flips it. Flutter draws
    these controls 32-40 px, under the 48 px (56 in large text) minimum."""

    async def flip(e) -> None:
        if toggle.disabled:
            return
        toggle.value = not toggle.value
        if toggle.on_change is not None:
            out = toggle.on_change(SimpleNamespace(control=toggle, data=toggle.data))
            if inspect.isawaitable(out):
                await out

    return ft.Container(node, height=m.target, width=m.target if square else None,
                        alignment=ft.Alignment.CENTER if square else ft.Alignment.CENTER_LEFT,
                        on_click=flip)
