"""A function of the catalog as a big, labelled button (icon above its Korean name).

A working function is a filled tile; a planned one (준비 중) is outlined, unfilled, with a muted
icon and a "준비 중" badge, so the two never look alike. Names break between words only
(`keep_words`), and the tiles of a row are equally tall without any fixed height: each tile
lays out every name of its row (the others invisible), so the tallest name sets the height
however the bundled font measures, before or after it has loaded.
"""

from __future__ import annotations

import flet as ft

from myg_app import catalog
from myg_app.client.theme import Metrics
from myg_app.client.widgets.common import Handler, keep_words, tappable

PLANNED_LABEL = "준비 중"


def icon_of(fn: catalog.Function) -> str:
    return getattr(ft.Icons, fn.icon.upper(), ft.Icons.APPS)


def planned_badge(m: Metrics) -> ft.Control:
    return ft.Container(
        ft.Row([ft.Icon(ft.Icons.SCHEDULE, size=round(m.icon * 0.5),
                        color=ft.Colors.ON_SURFACE_VARIANT),
                 ft.Text(PLANNED_LABEL, color=ft.Colors.ON_SURFACE_VARIANT,
                         theme_style=ft.TextThemeStyle.LABEL_MEDIUM,
                         weight=ft.FontWeight.BOLD)],
               spacing=4, tight=True, alignment=ft.MainAxisAlignment.CENTER),
        bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST, border_radius=999,
        padding=ft.Padding.symmetric(horizontal=8, vertical=2),
    )


def _texts(fn: catalog.Function, m: Metrics, planned: bool) -> ft.Column:
    colour = ft.Colors.ON_SURFACE_VARIANT if planned else ft.Colors.ON_PRIMARY_CONTAINER
    parts: list[ft.Control] = [
        ft.Text(keep_words(fn.name_ko), text_align=ft.TextAlign.CENTER, color=colour,
                theme_style=ft.TextThemeStyle.LABEL_LARGE,
                weight=None if planned else ft.FontWeight.BOLD)]
    if planned:
        parts.append(planned_badge(m))
    return ft.Column(parts, spacing=4, tight=True,
                     horizontal_alignment=ft.CrossAxisAlignment.CENTER)


def function_tile(fn: catalog.Function, m: Metrics, *, on_click: Handler,
                  ident_prefix: str = "tile", planned: bool = False,
                  row: list[tuple[catalog.Function, bool]] | None = None) -> ft.Control:
    """`row`: the (function, planned) pairs of the tile's grid row, for equal heights."""
    own = _texts(fn, m, planned)
    others = [_texts(f, m, p) for f, p in (row or []) if f.id != fn.id]
    for o in others:
        o.opacity = 0  # laid out (the height), never drawn
    names: ft.Control = (ft.Stack([*others, own], alignment=ft.Alignment.TOP_CENTER)
                         if others else own)
    tile = ft.Container(
        content=ft.Column([ft.Icon(icon_of(fn), size=m.icon,
                                   color=ft.Colors.OUTLINE if planned
                                   else ft.Colors.ON_PRIMARY_CONTAINER),
                           names],
                          horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                          alignment=ft.MainAxisAlignment.START, spacing=4, tight=True),
        bgcolor=None if planned else ft.Colors.PRIMARY_CONTAINER,
        # The same border width on both: a name wraps alike in every tile of a row.
        border=ft.Border.all(2, ft.Colors.OUTLINE if planned else ft.Colors.PRIMARY_CONTAINER),
        border_radius=14, ink=True,
        # Narrow sides: a six-syllable word (무료법률상담) fits a third of a 360 px screen.
        padding=ft.Padding.symmetric(horizontal=3, vertical=14 if m.large else 10),
        on_click=on_click, data=fn.id, expand=True,
    )
    label = fn.name_ko + (f"\n{PLANNED_LABEL}" if planned else "")
    return tappable(tile, ident=f"{ident_prefix}-{fn.id}", label=label, on_click=on_click,
                    data=fn.id, expand=True)


def tile_grid(fns: list[catalog.Function], m: Metrics, width: float | None, *,
              on_click: Handler, ident_prefix: str = "tile",
              status: dict[str, str] | None = None) -> ft.Column:
    """Rows of equal-width, equal-height tiles; fewer columns in large-text mode so names
    never clip."""
    cols = m.columns(width)
    rows = []
    for i in range(0, len(fns), cols):
        chunk = [(f, (status or {}).get(f.id, f.status) == "planned") for f in fns[i:i + cols]]
        cells: list[ft.Control] = [
            function_tile(f, m, on_click=on_click, ident_prefix=ident_prefix, planned=p,
                          row=chunk)
            for f, p in chunk]
        cells += [ft.Container(expand=True) for _ in range(cols - len(chunk))]
        rows.append(ft.Row(cells, spacing=m.gap, vertical_alignment=ft.CrossAxisAlignment.START))
    return ft.Column(rows, spacing=m.gap)
