"""Normal and large-text themes.

Flet 1.0 has no global text scale, so large-text mode rebuilds the TextTheme with bigger sizes.
Every TextStyle names the bundled font: styles in `text_theme` do not inherit
`Theme.font_family`, and without the font Korean renders as empty boxes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import flet as ft

FONT = "NanumGothic"
# One 4.6 MB face; bold is synthesised from it. A second face doubled what the web build
# downloads before Korean text can be drawn.
# Chinese and Vietnamese letters NanumGothic lacks: Noto Sans CJK SC cut to the app's texts
# (scripts/make_web_assets.py). Every text style falls back to it.
FALLBACK_FONT = "NotoSansSC"
FONTS = {FONT: "fonts/NanumGothic.ttf", FALLBACK_FONT: "fonts/NotoSansSC-myg.otf"}
WEB_FALLBACK_FONTS = {FALLBACK_FONT: "fonts/NotoSansSC-myg.woff2"}

LARGE_TEXT_SCALE = 1.5

# Base sizes (logical px) chosen so body text is at least 14 pt-equivalent for older users.
BASE_SIZES = {
    "display_small": 32, "headline_small": 24, "title_large": 22, "title_medium": 18,
    "title_small": 16, "body_large": 17, "body_medium": 16, "body_small": 14,
    "label_large": 16, "label_medium": 15, "label_small": 14,
}

# Hand-picked palettes: tests/unit/test_client_theme.py checks every text/background pair
# >= 4.5:1, tests/ui/test_rendered_theme.py every text the main screens draw, in both themes.
LIGHT = {
    "primary": "#0A58A8", "on_primary": "#FFFFFF",
    "primary_container": "#D6E5F8", "on_primary_container": "#072B52",
    "secondary": "#2F6B3A", "on_secondary": "#FFFFFF",
    "surface": "#FFFFFF", "on_surface": "#1A1C20", "on_surface_variant": "#44474E",
    "surface_container": "#EEF3FA", "error": "#B3261E", "on_error": "#FFFFFF",
    "outline": "#6F7480",
    # Roles the screens use that the seed would otherwise pick (untested for contrast).
    "secondary_container": "#D3ECD6", "on_secondary_container": "#0B3815",
    "error_container": "#F9DEDC", "on_error_container": "#410E0B",
    "surface_container_low": "#F5F8FC", "surface_container_high": "#E6ECF5",
    "surface_container_highest": "#DEE5EF", "outline_variant": "#C4C6CE",
    "inverse_surface": "#2E3036", "on_inverse_surface": "#F1F0F4",
}
DARK = {
    "primary": "#A9C9F5", "on_primary": "#06305C",
    "primary_container": "#1C3E66", "on_primary_container": "#DCE9FB",
    "secondary": "#9CD3A5", "on_secondary": "#0B3815",
    "surface": "#121418", "on_surface": "#E3E4E8", "on_surface_variant": "#C4C6CE",
    "surface_container": "#1E232B", "error": "#FFB4AB", "on_error": "#690005",
    "outline": "#8E929B",
    "secondary_container": "#1D4F27", "on_secondary_container": "#C8EFCD",
    "error_container": "#93000A", "on_error_container": "#FFDAD6",
    "surface_container_low": "#1A1D22", "surface_container_high": "#262B33",
    "surface_container_highest": "#30363F", "outline_variant": "#44474E",
    "inverse_surface": "#E3E4E8", "on_inverse_surface": "#2E3036",
}

# The (text, background) pairs the app actually draws.
CONTRAST_PAIRS = (
    ("on_primary", "primary"), ("on_primary_container", "primary_container"),
    ("on_surface", "surface"), ("on_surface_variant", "surface"),
    ("on_surface", "surface_container"), ("on_surface_variant", "surface_container"),
    ("primary", "surface"), ("primary", "surface_container"), ("error", "surface"),
    ("on_error", "error"), ("on_secondary", "secondary"),
    ("on_secondary_container", "secondary_container"), ("on_surface", "secondary_container"),
    ("on_error_container", "error_container"), ("on_surface", "surface_container_low"),
    ("on_surface", "surface_container_high"), ("on_surface", "surface_container_highest"),
    ("on_surface_variant", "surface_container_highest"), ("primary", "primary_container"),
    ("on_inverse_surface", "inverse_surface"), ("error", "surface_container"),
)

# Every text style of the theme names its colour: Flet replaces (copyWith) Flutter's default
# styles with ours, so a style without a colour is drawn black, even on the dark theme.
TEXT_ROLE = {name: "on_surface" for name in BASE_SIZES}


@dataclass(frozen=True)
class Metrics:
    """Sizes that change with large-text mode."""

    large: bool

    @property
    def scale(self) -> float:
        return LARGE_TEXT_SCALE if self.large else 1.0

    @property
    def target(self) -> int:  # minimum touch target edge
        return 56 if self.large else 48

    @property
    def icon(self) -> int:  # grows with the text (an icon beside a label stays in proportion)
        return round(30 * self.scale)

    @property
    def control_scale(self) -> float:
        """How much checkboxes, radio buttons and switches grow (Flutter draws them at a fixed
        size: 18 px box, 20 px radio; the theme has no size for them)."""
        return 1.4 if self.large else 1.0

    @property
    def gap(self) -> int:
        return 12 if self.large else 8

    def columns(self, width: float | None) -> int:
        """Grid columns for the function tiles at this page width."""
        w = width or 360
        tile_min = 160 if self.large else 108
        return max(1 if self.large else 2, min(6, int((w - 24) // tile_min)))

    def text(self, style: str) -> float:
        return BASE_SIZES[style] * self.scale


def text_style(size: float, *, bold: bool = False, color: str | None = None) -> ft.TextStyle:
    return ft.TextStyle(size=size, font_family=FONT, font_family_fallback=[FALLBACK_FONT],
                        color=color, weight=ft.FontWeight.BOLD if bold else None)


def text_theme(m: Metrics, p: dict[str, str]) -> ft.TextTheme:
    return ft.TextTheme(**{
        name: text_style(m.text(name), bold=name.startswith(("title", "headline", "display")),
                         color=p[TEXT_ROLE[name]])
        for name in BASE_SIZES})


def button_padding(m: Metrics) -> ft.Padding:
    """Vertical padding that makes a one-line button at least `m.target` tall; a label that
    wraps makes it taller (buttons have no fixed height)."""
    # A NanumGothic line measures its font size (measured in Chromium: 16 px label, 40 px
    # button with 12 px padding); one pixel more each side for rounding.
    return ft.Padding.symmetric(
        horizontal=16, vertical=math.ceil((m.target - m.text("label_large")) / 2) + 1)


def button_style(m: Metrics) -> ft.ButtonStyle:
    """Label, padding and icon size of every button. A control's own `style` replaces the
    theme's whole (Flet fills the unset fields with its defaults), so buttons built with a
    style must start from this one."""
    return ft.ButtonStyle(text_style=text_style(m.text("label_large"), bold=True),
                          padding=button_padding(m), icon_size=round(m.icon * 0.8),
                          visual_density=ft.VisualDensity.STANDARD)


def make_theme(large: bool, dark: bool = False) -> ft.Theme:
    m = Metrics(large)
    p = DARK if dark else LIGHT
    tt = text_theme(m, p)
    buttons = button_style(m)
    return ft.Theme(
        font_family=FONT,
        color_scheme=ft.ColorScheme(**p),
        text_theme=tt,
        primary_text_theme=tt,
        button_theme=None,
        filled_button_theme=ft.FilledButtonTheme(style=buttons),
        outlined_button_theme=ft.OutlinedButtonTheme(style=buttons),
        text_button_theme=ft.TextButtonTheme(style=buttons),
        icon_button_theme=ft.IconButtonTheme(style=ft.ButtonStyle(icon_size=round(m.icon * 0.8))),
        # An icon with no size of its own: Flutter's 24 px, grown with large text.
        icon_theme=ft.IconTheme(size=round(24 * m.scale), color=p["on_surface"]),
        scaffold_bgcolor=p["surface"],
        # Flutter's default on the web and desktop is "compact": 4 px less padding on each side
        # of every button and 8 px smaller checkboxes, radios and icon buttons. Standard keeps
        # the sizes the metrics ask for.
        visual_density=ft.VisualDensity.STANDARD,
        # No slide or fade between screens: a changed screen is there at once (the screen
        # change benchmark), and nothing moves for people who find motion hard to follow.
        page_transitions=ft.PageTransitionsTheme(**{
            platform: ft.PageTransitionTheme.NONE
            for platform in ("android", "ios", "linux", "macos", "windows")}),
    )


def palette(dark: bool) -> dict[str, str]:
    return DARK if dark else LIGHT


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    chans = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in chans]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio between two #RRGGBB colours."""
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)
