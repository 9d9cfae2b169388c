"""정책투표 on home: the first open 정책투표 the person has not voted in. A one-question vote
is answered right on the card (one tap per choice); otherwise a button opens it. Filled after
home is drawn; a failure leaves the section out rather than showing an error on home."""
from __future__ import annotations

import logging
import uuid

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.survey.common import BASE, chip
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, text
from myg_app.contracts import survey as c

log = logging.getLogger(__name__)


def section(app) -> list[ft.Control]:
    m = app.m
    box = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                    visible=False)

    async def vote(s: c.SurveyDetail, choice: int, key: str) -> None:
        body = c.ResponseIn(answers=[c.AnswerIn(question=0, choices=[choice])])
        try:
            out = await app.api.call("POST", f"/surveys/{s.id}/responses", c.ResponseOut,
                                     json=body, idempotency_key=key)
            said = out.message
        except ApiError as err:
            said = err.message
        col = box.controls[1].content
        col.controls = col.controls[:1] + [text(said, m, "body_large", bold=True,
                                                ident="home-vote-done", color=ft.Colors.PRIMARY)]
        app.page.update()

    def on_choice(s: c.SurveyDetail, i: int, key: str):
        async def click(e) -> None:
            await vote(s, i, key)
        return click

    async def fill() -> None:
        try:
            page = await app.api.call("GET", "/surveys", c.SurveyPage, auth=app.signed_in,
                                      params={"kind": "vote"})
            todo = [s for s in page.items if s.phase == "open" and not s.answered]
            if not todo:
                return
            s = await app.api.call("GET", f"/surveys/{todo[0].id}", c.SurveyDetail,
                                   auth=app.signed_in)
        except Exception:  # noqa: BLE001 - home never shows an error for an extra section
            log.info("home: 정책투표 not loaded", exc_info=True)
            return
        head = ft.Row([heading("정책투표", m, ident="home-vote-heading"),
                       chip(app, "데모", tone="error")] if s.demo else
                      [heading("정책투표", m, ident="home-vote-heading")], wrap=True)
        card: list[ft.Control] = [text(s.title, m, "title_small", bold=True, ident="home-vote-title")]
        q = s.questions[0]
        quick = (app.signed_in and s.eligible and len(s.questions) == 1 and q.kind == "single")
        if quick:
            card.append(text(q.text, m, "body_large"))
            key = str(uuid.uuid4())
            card += [button(o, m, ident=f"home-vote-opt{i}", kind="outlined", expand=True,
                            name=tr("{o}에 투표", o=o), on_click=on_choice(s, i, key))
                     for i, o in enumerate(q.options)]
        else:
            card.append(button("투표 보러 가기", m, ident="home-vote-open", icon=ft.Icons.HOW_TO_VOTE,
                               kind="tonal", expand=True,
                               on_click=lambda e: app.go(f"{BASE}/s/{s.id}")))
        box.controls = [head, ft.Container(ft.Column(card, spacing=m.gap,
                                                     horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
                                           bgcolor=ft.Colors.SURFACE_CONTAINER, border_radius=12,
                                           padding=12)]
        box.visible = True
        app.page.update()

    app.page.run_task(fill)
    return [box]
