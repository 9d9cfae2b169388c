"""A function of the catalog as a big, labelled button (icon above its Korean name)."""

from __future__ import annotations

import flet as ft

from myg_app import catalog
from myg_app.client.theme import Metrics
from myg_app.client.widgets.common import Handler, tappable


def icon_of(fn: catalog.Function) -> str:
    return getattr(ft.Icons, fn.icon.upper(), ft.Icons.APPS)


def function_tile(fn: catalog.Function, m: Metrics, *, on_click: Handler,
                  ident_prefix: str = "tile", planned: bool = False) -> ft.Control:
    texts: list[ft.Control] = [
        ft.Text(fn.name_ko, text_align=ft.TextAlign.CENTER, color=ft.Colors.ON_PRIMARY_CONTAINER,
                theme_style=ft.TextThemeStyle.LABEL_LARGE)]
    if planned:
        texts.append(ft.Text("준비 중", color=ft.Colors.ON_PRIMARY_CONTAINER,
                             theme_style=ft.TextThemeStyle.LABEL_SMALL))
    tile = ft.Container(
        content=ft.Column([ft.Icon(icon_of(fn), size=m.icon, color=ft.Colors.ON_PRIMARY_CONTAINER),
                           *texts],
                          horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                          alignment=ft.MainAxisAlignment.CENTER, spacing=4, tight=True),
        bgcolor=ft.Colors.PRIMARY_CONTAINER, border_radius=14, ink=True,
        padding=ft.Padding.symmetric(horizontal=6, vertical=14 if m.large else 10),
        on_click=on_click, data=fn.id, expand=True,
    )
    label = fn.name_ko + ("\n준비 중" if planned else "")
    return tappable(tile, ident=f"{ident_prefix}-{fn.id}", label=label, on_click=on_click,
                    data=fn.id, expand=True)


def tile_grid(fns: list[catalog.Function], m: Metrics, width: float | None, *,
              on_click: Handler, ident_prefix: str = "tile",
              status: dict[str, str] | None = None) -> ft.Column:
    """Rows of equal-width tiles; fewer columns in large-text mode so names never clip."""
    cols = m.columns(width)
    rows = []
    for i in range(0, len(fns), cols):
        chunk = fns[i:i + cols]
        cells: list[ft.Control] = [
            function_tile(f, m, on_click=on_click, ident_prefix=ident_prefix,
                          planned=(status or {}).get(f.id, f.status) == "planned")
            for f in chunk]
        cells += [ft.Container(expand=True) for _ in range(cols - len(chunk))]
        # Each tile sizes to its own name. (Stretching a row to its tallest tile through
        # intrinsic_height clipped names on the web: the height was measured before the
        # bundled font had loaded and never measured again.)
        rows.append(ft.Row(cells, spacing=m.gap, vertical_alignment=ft.CrossAxisAlignment.START))
    return ft.Column(rows, spacing=m.gap)
