"""/f/<fid>/a/<id>: one article as everyone reads it (guests too: a shared link opens here),
with 공유하기; and /f/<fid>/desk/<id>/preview: an officer's article drawn the same way before
citizens see it."""
from __future__ import annotations

import flet as ft

from myg_app.client.features.layout import screen
from myg_app.client.features.news.common import (
    article_controls,
    base,
    board_of,
    chip,
    when_time,
)
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts import news as c


def article_view(app, fid: str, article_id: int) -> ft.View:
    m = app.m
    status = Loader(m, f"{fid}-article-status")
    body = ft.Column(spacing=m.gap * 2, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    def show(a: c.ArticleDetail) -> None:
        body.controls = article_controls(app, fid, a)

    app.page.run_task(status.load, app.page, lambda: app.api.call(
        "GET", f"/news/{board_of(fid)}/articles/{article_id}", c.ArticleDetail, auth=False),
        show, what="소식을 불러오는 중입니다…")
    return screen(app, f"{base(fid)}/a/{article_id}", "소식 보기", [status, body],
                  ident=f"{fid}-article-view")


def preview_view(app, fid: str, article_id: int) -> ft.View:
    m = app.m
    status = Loader(m, f"{fid}-preview-status")
    body = ft.Column(spacing=m.gap * 2, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    def show(a: c.OfficerArticle) -> None:
        state = tr("지금 상태: {status_name}", status_name=a.status_name)
        if a.scheduled:
            state += tr(" (예약: {when_time}부터 보임)", when_time=when_time(a.published_at))
        note = ft.Container(ft.Column([
            ft.Row([chip(app, "미리 보기", tone="tertiary")], wrap=True),
            text("시민에게 이렇게 보입니다. 게시해야 시민이 볼 수 있습니다.", m, "body_medium"),
            text(state, m, "body_medium", bold=True, ident=f"{fid}-preview-state"),
        ], spacing=6), padding=12, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER)
        body.controls = [note, *article_controls(app, fid, a, share=False)]

    app.page.run_task(status.load, app.page, lambda: app.api.call(
        "GET", f"/news/officer/{board_of(fid)}/articles/{article_id}", c.OfficerArticle),
        show, what="미리 보기를 만드는 중입니다…")
    return screen(app, f"{base(fid)}/desk/{article_id}/preview", "미리 보기", [status, body],
                  ident=f"{fid}-preview")
