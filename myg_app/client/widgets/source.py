"""Where the figures of an information screen (날씨, 버스, 병원·약국) come from and how old they
are, drawn from the answer's `source` (contracts/publicdata.SourceInfo). One widget for the
three screens, so a sample is always labelled the same way and an old answer always says so."""
from __future__ import annotations

from typing import Any

import flet as ft

from myg_app.client.i18n import tr
from myg_app.client.theme import Metrics
from myg_app.client.widgets.common import Words, tagged, text
from myg_app.contracts.publicdata import SourceInfo

Source = SourceInfo | dict[str, Any] | None


def _plain(source: Source) -> dict[str, Any] | None:
    """The answer's parsed SourceInfo, or its JSON as a dict: the same fields."""
    return source.model_dump() if isinstance(source, SourceInfo) else source


def source_notice(source: Source, m: Metrics, *, ident: str) -> ft.Control | None:
    """Above the figures: the sample label or the stale line; None for a current answer."""
    source = _plain(source)
    if not source or not source.get("notice"):
        return None
    sample = source.get("kind") == "sample"
    icon = ft.Icons.SCIENCE_OUTLINED if sample else ft.Icons.HISTORY
    head = "예시 자료" if sample else "이전 정보"
    return tagged(ft.Container(
        ft.Row([ft.Icon(icon, color=ft.Colors.ON_SECONDARY_CONTAINER, size=m.icon),
                ft.Column([text(head, m, "title_small", bold=True,
                                color=ft.Colors.ON_SECONDARY_CONTAINER),
                           Words(source["notice"], color=ft.Colors.ON_SECONDARY_CONTAINER,
                                 theme_style=ft.TextThemeStyle.BODY_MEDIUM)],
                          spacing=2, expand=True)],
               vertical_alignment=ft.CrossAxisAlignment.START),
        bgcolor=ft.Colors.SECONDARY_CONTAINER, padding=m.gap, border_radius=8),
        f"{ident}-source-notice", f"{head}: {source['notice']}")


def source_line(source: Source, m: Metrics, *, ident: str) -> ft.Control:
    """Under the figures: "출처: 기상청 단기예보 · 14:00 발표, 35분 전"."""
    source = _plain(source)
    if not source:
        return tagged(text("출처 정보 없음", m, "body_medium"), f"{ident}-source")
    line = tr("출처: {get} · {get2}", get=source.get('name', ''), get2=source.get('age_text', ''))
    return tagged(text(line, m, "body_medium"), f"{ident}-source", line)
