"""What colour each text is drawn in, and on what background: resolved from a screen's real
control tree and the theme the page would use (light or dark), the way Flutter resolves it.

Rules (Flet 1.0.5 / Flutter Material 3):
- a Text's colour: its own `color`, else its `style.color`, else its `theme_style`'s colour
  in the theme's TextTheme, else the inherited default text colour;
- the default text colour under a View is the theme's body_medium colour; Flet *replaces*
  Flutter's default text styles with the theme's (TextTheme.copyWith), so a theme style with
  no colour is drawn in Flutter's fallback, black;
- an AppBar's texts inherit its foreground (on_surface), buttons their foreground
  (filled: on_primary on primary, tonal: on_secondary_container on secondary_container,
  outlined/text: primary on what is behind them);
- a background is the nearest Container/Card/View/AppBar colour above the text.
Colours name theme roles (ft.Colors.ON_SURFACE) or are #RRGGBB; a role is looked up in the
theme's colour scheme.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import flet as ft

from myg_app.client.theme import contrast_ratio
from tests.ui.headless import said

BLACK = "#000000"
WHITE = "#FFFFFF"
NAMED = {"black": BLACK, "white": WHITE, "transparent": None}


@dataclass
class Drawn:
    text: str
    fg: str
    bg: str
    where: str

    @property
    def ratio(self) -> float:
        return contrast_ratio(self.fg, self.bg)


def _scheme(theme: ft.Theme) -> dict[str, str]:
    cs = theme.color_scheme
    return {f.name.replace("_", ""): getattr(cs, f.name) for f in dataclasses.fields(cs)
            if isinstance(getattr(cs, f.name), str)}


class Resolver:
    def __init__(self, theme: ft.Theme):
        self.theme = theme
        self.scheme = _scheme(theme)

    def colour(self, value, over: str | None = None) -> str | None:
        """#RRGGBB for a role, a hex colour or 'role,opacity' (blended over `over`)."""
        if value is None:
            return None
        v = str(getattr(value, "value", value)).strip()
        opacity = 1.0
        if "," in v:
            v, op = v.split(",", 1)
            opacity = float(op)
        if v.startswith("#"):
            h = v.lstrip("#")
            if len(h) == 8:  # AARRGGBB
                opacity *= int(h[:2], 16) / 255
                h = h[2:]
            base = "#" + h.upper()
        else:
            key = v.lower().replace("_", "")
            base = self.scheme.get(key) or NAMED.get(key)
            if base is None:
                raise KeyError(f"colour {value!r} is neither a theme role nor a hex colour")
        if opacity < 1 and over:
            return _blend(base, over, opacity)
        return base

    def text_style_colour(self, style_name) -> str | None:
        if style_name is None:
            return None
        name = str(getattr(style_name, "value", style_name)).lower()
        # TextThemeStyle values look like "bodyLarge" / "body_large"
        for f in dataclasses.fields(self.theme.text_theme):
            if f.name.replace("_", "") == name.replace("_", ""):
                st = getattr(self.theme.text_theme, f.name)
                return self.colour(st.color) if st is not None and st.color else BLACK
        return None

    @property
    def default_text(self) -> str:
        return self.text_style_colour("body_medium") or BLACK


def _blend(fg: str, bg: str, a: float) -> str:
    f = [int(fg[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(bg[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(a * x + (1 - a) * y):02X}" for x, y in zip(f, b, strict=True))


BUTTONS = {  # class -> (foreground role, background role or None = what is behind)
    ft.FilledButton: ("on_primary", "primary"),
    ft.FilledTonalButton: ("on_secondary_container", "secondary_container"),
    ft.OutlinedButton: ("primary", None),
    ft.TextButton: ("primary", None),
    ft.Button: ("primary", "surface_container_low"),
}


def _children(c):
    for f in dataclasses.fields(c):
        if f.name.startswith("_") or f.name in ("parent", "data", "badge", "tooltip"):
            continue
        v = getattr(c, f.name, None)
        for item in (v if isinstance(v, list) else [v]):
            if isinstance(item, ft.BaseControl):
                yield f.name, item


def drawn_texts(view: ft.View, theme: ft.Theme) -> list[Drawn]:
    r = Resolver(theme)
    out: list[Drawn] = []
    page_bg = r.colour(view.bgcolor) or r.colour(theme.scaffold_bgcolor) or r.colour("surface")

    def add(value, fg, bg, where):
        if isinstance(value, str) and value.strip():
            out.append(Drawn(value, fg or BLACK, bg, where))

    def walk(c, bg: str, fg: str, path: str) -> None:
        if not getattr(c, "visible", True) or getattr(c, "opacity", 1) == 0:
            return
        here = f"{path}/{type(c).__name__}"
        ident = getattr(c, "identifier", None)
        if ident:
            here += f"[{ident}]"
        if isinstance(c, ft.Container | ft.Card) and (
                getattr(c, "bgcolor", None) or isinstance(c, ft.Card)):
            bg = r.colour(c.bgcolor, bg) or (r.colour("surface_container_low")
                                              if isinstance(c, ft.Card) else bg)
        if isinstance(c, ft.AppBar):
            bg = r.colour(c.bgcolor, bg) or r.colour("surface")
            fg = r.colour(c.color) or r.colour("on_surface")
        if isinstance(c, ft.ListTile):
            bg = r.colour(c.bgcolor, bg) or bg
            fg = r.colour("on_surface")
        for cls, (fg_role, bg_role) in BUTTONS.items():
            if type(c) is cls:
                bg = r.colour(getattr(c, "bgcolor", None), bg) or (
                    r.colour(bg_role) if bg_role else bg)
                fg = r.colour(getattr(c, "color", None)) or r.colour(fg_role)
                if getattr(c, "disabled", False):
                    return  # disabled controls are exempt (WCAG 1.4.3)
                if isinstance(c.content, str):
                    add(c.content, fg, bg, here)
        if isinstance(c, ft.Text):
            own = (r.colour(c.color, bg) or r.colour(c.style.color if c.style else None, bg)
                   or r.text_style_colour(c.theme_style) or fg)
            add(said(c), own, bg, here)
            return
        if isinstance(c, ft.Checkbox | ft.Switch | ft.Radio):
            style = getattr(c, "label_style", None) or getattr(c, "label_text_style", None)
            add(c.label, r.colour(style.color if style else None) or fg, bg, here)
        for name, child in _children(c):
            walk(child, bg, fg, here)

    if view.appbar is not None:
        walk(view.appbar, page_bg, r.default_text, "")
    for c in view.controls:
        walk(c, page_bg, r.default_text, "")
    for extra in ("floating_action_button", "navigation_bar", "bottom_appbar"):
        if getattr(view, extra, None) is not None:
            walk(getattr(view, extra), page_bg, r.default_text, "")
    return out


def lowest(drawn: list[Drawn]) -> Drawn | None:
    return min(drawn, key=lambda d: d.ratio, default=None)
