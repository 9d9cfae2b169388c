"""What the news screens share: boards and routes, who is an officer of a board, the feed
card, chips, dates, and the article body as a citizen reads it (the detail screen and the
officer's preview draw the same thing)."""
from __future__ import annotations

from datetime import datetime

import flet as ft

from myg_app import catalog
from myg_app.client.features.feature import officer_of
from myg_app.client.features.reservations.common import tap_card
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import text
from myg_app.client.widgets.share import share_button
from myg_app.contracts import news as c
from myg_app.seoul_time import format_date_ko, to_seoul

FIDS = ("city_news", "town_news")


def board_of(fid: str) -> str:
    return c.BOARD_OF[fid]


def base(fid: str) -> str:
    return f"/f/{fid}"


is_officer = officer_of  # the board's department (catalog.OWNERS) or an admin


def run(handler, *args):
    """A click handler awaiting `handler(*args)` (a lambda returning a coroutine is not
    awaited by Flet)."""
    async def on_click(e) -> None:
        await handler(*args)
    return on_click


def url(app, path: str) -> str:
    """Picture paths come relative to the API host (the server does not know its name)."""
    return app.api.base_url + path


def when(at: datetime | None) -> str:
    return format_date_ko(to_seoul(at).date()) if at else ""


def when_time(at: datetime | None) -> str:
    if at is None:
        return ""
    local = to_seoul(at)
    return f"{format_date_ko(local.date())} {local:%H:%M}"


def chip(app, label: str, *, tone: str = "primary") -> ft.Control:
    """A small coloured label (분류, 데모, 고정, a state); theme colours only."""
    bg, fg = {"primary": (ft.Colors.PRIMARY, ft.Colors.ON_PRIMARY),
              "secondary": (ft.Colors.SECONDARY_CONTAINER, ft.Colors.ON_SECONDARY_CONTAINER),
              "error": (ft.Colors.ERROR, ft.Colors.ON_ERROR),
              "tertiary": (ft.Colors.TERTIARY_CONTAINER, ft.Colors.ON_TERTIARY_CONTAINER)}[tone]
    return ft.Container(text(label, app.m, "label_large", bold=True, color=fg), bgcolor=bg,
                        border_radius=14, padding=ft.Padding.symmetric(horizontal=10, vertical=3))


def chips(app, a: c.ArticleItem, extra: list[ft.Control] | None = None) -> ft.Control:
    row: list[ft.Control] = []
    if a.pinned:
        row.append(chip(app, "고정", tone="tertiary"))
    row.append(chip(app, a.category, tone="secondary"))
    if a.dong_name:
        row.append(chip(app, a.dong_name, tone="secondary"))
    if a.demo:
        row.append(chip(app, "데모", tone="error"))
    return ft.Row((extra or []) + row, wrap=True, spacing=6, run_spacing=6)


def what_is_said(a: c.ArticleItem) -> str:
    """A card's accessible name: what a screen reader says before the title."""
    state = getattr(a, "status_name", None)  # an officer's list says the state first
    parts = [p for p in (state, "고정" if a.pinned else None, "데모" if a.demo else None,
                         a.category, a.dong_name, a.title, when(a.published_at)) if p]
    return ", ".join(parts)


def thumbnail(app, path: str | None, height: int = 150) -> ft.Control | None:
    if not path:
        return None
    return ft.Container(ft.Image(src=url(app, path), fit=ft.BoxFit.COVER, height=height,
                                 semantics_label="기사 사진"),
                        height=height, border_radius=10, clip_behavior=ft.ClipBehavior.HARD_EDGE)


def article_card(app, fid: str, a: c.ArticleItem, *, route: str | None = None,
                 ident: str | None = None, tags: list[ft.Control] | None = None,
                 extra: list[ft.Control] | None = None) -> ft.Control:
    m = app.m
    lines: list[ft.Control] = []
    thumb = thumbnail(app, a.thumb_url, 190 if m.large else 150)
    if thumb is not None:
        lines.append(thumb)
    lines += [chips(app, a, tags), text(a.title, m, "title_small", bold=True),
              text(a.summary, m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT)]
    if a.published_at:
        lines.append(text(when(a.published_at), m, "body_small",
                          color=ft.Colors.ON_SURFACE_VARIANT))
    lines += extra or []
    target = route or f"{base(fid)}/a/{a.id}"
    return tap_card(ft.Column(lines, spacing=6,
                              horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
                    ident=ident or f"{fid}-item-{a.id}", label=what_is_said(a),
                    on_click=lambda e: app.go(target))


def share_title(a: c.ArticleItem) -> str:
    # A shared demo article says so in the message, where no chip is drawn.
    return ("[데모] " if a.demo else "") + a.title


def article_controls(app, fid: str, a: c.ArticleDetail, *, share: bool = True) -> list[ft.Control]:
    """The article as citizens read it: title, chips, date, pictures, body, share."""
    m = app.m
    out: list[ft.Control] = [
        ft.Semantics(header=True, content=text(a.title, m, "title_large", bold=True,
                                               ident=f"{fid}-article-title")),
        chips(app, a),
    ]
    if a.published_at:
        out.append(text(f"{catalog.OWNERS[fid]} · {when(a.published_at)}", m, "body_medium",
                        color=ft.Colors.ON_SURFACE_VARIANT, ident=f"{fid}-article-date"))
    if a.demo:
        out.append(text("앱 시연을 위한 데모 글입니다. 실제 광양시 소식이 아닙니다.", m, "body_medium",
                        color=ft.Colors.ERROR))
    for n, img in enumerate(a.images):
        out.append(ft.Container(ft.Image(src=url(app, img.url), fit=ft.BoxFit.CONTAIN,
                                         semantics_label=tr("기사 사진 {value}", value=n + 1)),
                                border_radius=10, clip_behavior=ft.ClipBehavior.HARD_EDGE))
    out.append(text(a.body, m, ident=f"{fid}-article-body"))
    if share:
        out.append(share_button(app, ident=f"{fid}-share", title=share_title(a),
                                summary=a.summary, route=a.route))
    return out
