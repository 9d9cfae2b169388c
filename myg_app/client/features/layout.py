"""The frame every screen shares: an app bar with a Korean back button and a scrolling body,
a centred column no wider than MAX_WIDTH on wide screens."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from myg_app.client import voice
from myg_app.client.theme import make_theme, text_style
from myg_app.client.widgets.common import icon_button, keep_words, tagged

MAX_WIDTH = 720  # the content column on a wide screen (a tablet, a 1280 px browser)
PAD = 12  # the view's own padding on each side
PHONE_WIDTH = 360  # the narrowest screen a layout must fit


def drawn_width(value: str, size: float) -> float:
    """About how wide `value` is drawn in NanumGothic at `size` px: a Hangul syllable one em,
    a space a third, anything else (Latin, digits, signs) six tenths. Generous on purpose: it
    decides whether something needs a second line."""
    return size * sum(1.0 if "\uac00" <= ch <= "\ud7a3" else 0.33 if ch.isspace() else 0.6
                      for ch in value)


def title_lines(app, title: str, actions: int) -> int:
    """1 or 2: whether a screen's title fits one line of the app bar on a phone. A long title
    in large text ("무료법률상담 예약") takes two lines rather than ending in "…"."""
    m = app.m
    room = PHONE_WIDTH - (m.target + 16) - actions * m.target - 2 * 16
    return 1 if drawn_width(title, m.text("title_large")) <= room else 2


def on_resize(view: ft.View, relayout) -> None:
    """Let `view` re-flow in place when the page width changes its grid's columns (the app
    calls `relayout()` instead of building the view again)."""
    view.data = {**(view.data if isinstance(view.data, dict) else {}), "relayout": relayout}


def content_width(app) -> float:
    """The page width a screen lays out for (what Metrics.columns takes): the page's, capped
    where the content column stops growing."""
    return min(app.page.width or 360, MAX_WIDTH + 2 * PAD)


def fit(view: ft.View, width: float | None) -> None:
    """Centre the content column at MAX_WIDTH when the page is wider; else the full width."""
    frame = view.data.get("frame") if isinstance(view.data, dict) else None
    if frame is None:
        return
    wide = (width or 0) - 2 * PAD > MAX_WIDTH
    frame.width = MAX_WIDTH if wide else None
    view.horizontal_alignment = (ft.CrossAxisAlignment.CENTER if wide
                                 else ft.CrossAxisAlignment.START)


def switch_row(m, label: str, switch: ft.Switch, ident: str, *, on_toggle,
               detail: ft.Control | None = None) -> ft.Control:
    """A ListTile-like switch: the label on the left (it wraps), the switch on the right in a
    square one target tall, and the whole row toggles it. One accessibility node: a switch
    named `label` (Flutter's Switch has no name of its own; a label beside it is not its name).
    `on_toggle(e)` flips `switch.value`; a tap on the switch itself flips it as well."""
    # Korean words kept whole when the label wraps ("가게 문 열/림" in large text); the
    # node below carries the plain label as the accessible name.
    texts: list[ft.Control] = [ft.Text(keep_words(label), style=text_style(m.text("body_large")))]
    if detail is not None:
        texts.append(detail)
    square = ft.Container(switch, height=m.target, alignment=ft.Alignment.CENTER_RIGHT)
    # focusable: Tab reaches it (its children are excluded, so Flutter gives no tabindex).
    node = ft.Semantics(identifier=ident, label=label, toggled=bool(switch.value),
                        disabled=switch.disabled, exclude_semantics=True, focusable=True)
    own_change = switch.on_change

    async def toggled(e) -> None:
        if switch.disabled:
            return
        out = on_toggle(e)
        if hasattr(out, "__await__"):
            await out
        node.toggled = bool(switch.value)

    async def changed(e) -> None:  # the switch itself was tapped
        node.toggled = bool(switch.value)
        if own_change is not None:
            out = own_change(e)
            if hasattr(out, "__await__"):
                await out

    switch.on_change = changed
    node.on_tap = None if switch.disabled else toggled
    node.content = ft.Container(
        ft.Row([ft.Column(texts, spacing=2, expand=True), square],
               vertical_alignment=ft.CrossAxisAlignment.CENTER),
        on_click=None if switch.disabled else toggled, border_radius=10,
        padding=ft.Padding.symmetric(horizontal=8, vertical=4))
    return node


def choice_row(m, label: str, radio: ft.Radio, ident: str, *, selected: bool,
               on_pick) -> ft.Control:
    """One option of a RadioGroup as a row one target tall, the whole row picking it; one
    accessibility node named `label`, checked when selected (Flutter's Radio has no name; Flet
    exposes no radio-group flag, so it is announced as a checked option)."""
    return ft.Semantics(
        identifier=ident, label=label, checked=selected, exclude_semantics=True, on_tap=on_pick,
        focusable=True,  # Tab reaches each option (its children are excluded from semantics)
        content=ft.Container(
            ft.Row([radio, ft.Text(label, style=text_style(m.text("body_large")), expand=True)],
                   vertical_alignment=ft.CrossAxisAlignment.CENTER),
            height=m.target, on_click=on_pick, border_radius=10))


def choice_group(m, ident: str, options: dict[str, str], current: str,
                 choose: Callable[[str], Awaitable[None]]) -> ft.Control:
    """A RadioGroup of `choice_row`s tagged `ident` (each option `{ident}-{key}`): a tap on
    a row or on its radio marks the option and calls `choose(key)`."""

    async def pick(key: str) -> None:
        group.content.value = key
        for k, row in rows.items():
            row.checked = k == key
        await choose(key)

    def row(key: str, label: str) -> ft.Control:
        async def on_pick(e) -> None:
            await pick(key)
        return choice_row(m, label, ft.Radio(value=key), f"{ident}-{key}",
                          selected=current == key, on_pick=on_pick)

    async def on_change(e) -> None:  # the radio itself was tapped
        await pick(e.control.value)

    rows = {k: row(k, v) for k, v in options.items()}
    group = tagged(ft.RadioGroup(value=current, on_change=on_change,
                                 content=ft.Column(list(rows.values()), spacing=0)), ident)
    return group


def focusable(node: ft.Semantics) -> ft.Semantics:
    """Let keyboard users reach a `tappable`/`icon_button` node with Tab: with its children
    excluded from semantics, Flutter gives the node no tabindex unless it says it is focusable
    (axe: scrollable-region-focusable on a long screen of such buttons)."""
    node.focusable = True
    return node


def back_button(app) -> ft.Control:
    """뒤로 가기: the app bar's leading button, named in Korean, at least one target big
    (Flutter's own back button is called "Back" and is 40 px)."""
    return focusable(icon_button(ft.Icons.ARROW_BACK, "뒤로 가기", app.m, ident="appbar-back",
                                 on_click=app.back))


def screen(app, route: str, title: str, controls: list[ft.Control], *,
           actions: list[ft.Control] | None = None, ident: str) -> ft.View:
    m = app.m
    root = route in ("/", "")
    actions = list(actions or [])
    if app.state.voice:  # 음성 안내 on: every screen can be read aloud

        async def read_aloud(e) -> None:
            await voice.speak(app, voice.screen_text(view))

        actions.insert(0, focusable(icon_button(ft.Icons.RECORD_VOICE_OVER, "읽어주기", m,
                                                ident=f"{ident}-read", on_click=read_aloud)))
    lines = title_lines(app, title, len(actions))
    frame = ft.Container(ft.Column(controls, spacing=m.gap * 2, expand=False))
    if m.large and not app.state.large_text:
        # A screen large whatever the setting (the merchant's console): its buttons, fields
        # and switches take the large theme too, in light and in dark.
        frame.theme, frame.dark_theme = make_theme(True, dark=False), make_theme(True, dark=True)
    view = ft.View(
        route=route,
        appbar=ft.AppBar(
            leading=None if root else back_button(app),
            leading_width=m.target + 16,
            automatically_imply_leading=False,
            title=ft.Semantics(identifier=f"{ident}-title", header=True,
                               content=ft.Text(keep_words(title), semantics_label=title,
                                               max_lines=lines,
                                               style=text_style(m.text("title_large"),
                                                                bold=True))),
            actions=actions,
            toolbar_height=(64 if m.large else 56) if lines == 1 else round(
                2 * m.text("title_large") * 1.25 + 16),
        ),
        controls=[frame],
        scroll=ft.ScrollMode.AUTO,
        padding=ft.Padding.symmetric(horizontal=PAD, vertical=12),
        data={"frame": frame},
    )
    fit(view, app.page.width)
    return view
