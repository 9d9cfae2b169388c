"""The citizens' screens: /f/survey (진행 중인 설문·정책투표, then 마감된 설문), /s/<id> (answer;
guests too for an open 설문조사, a 정책투표 asks them to sign in) and /s/<id>/results (the
published results)."""
from __future__ import annotations

import uuid

import flet as ft

from myg_app import catalog
from myg_app.client.api import ApiError
from myg_app.client.features.layout import screen
from myg_app.client.features.survey.common import (
    BASE,
    chips,
    device,
    device_params,
    is_officer,
    period,
    results_body,
    run,
    survey_card,
)
from myg_app.client.features.survey.form import Form
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts import survey as c


def main_view(app) -> ft.View:
    m = app.m
    status = Loader(m, "survey-status")
    items = ft.Column(spacing=m.gap * 1.5, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    closed_status = Loader(m, "survey-closed-status")
    closed = ft.Column(spacing=m.gap * 1.5, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    async def load() -> None:
        params = await device_params(app)

        def show(page: c.SurveyPage) -> bool:
            items.controls = [survey_card(app, s, route=f"{BASE}/s/{s.id}",
                                          ident=f"survey-item-{s.id}") for s in page.items]
            return bool(page.items)
        await status.load(app.page, lambda: app.api.call(
            "GET", "/surveys", c.SurveyPage, auth=app.signed_in, params=params), show,
            empty="지금 참여할 수 있는 설문이 없습니다.")

    async def load_closed(e=None) -> None:
        def show(page: c.SurveyPage) -> bool:
            closed.controls = [survey_card(
                app, s, route=f"{BASE}/s/{s.id}" + ("/results" if s.results_published else ""),
                ident=f"survey-closed-{s.id}") for s in page.items]
            return bool(page.items)
        await closed_status.load(app.page, lambda: app.api.call(
            "GET", "/surveys", c.SurveyPage, auth=app.signed_in,
            params={"state": "closed"}), show, empty="마감된 설문이 없습니다.")

    body: list[ft.Control] = [text(catalog.BY_ID["survey"].summary_ko, m)]
    if not app.signed_in:
        body.append(text("로그인하지 않아도 설문조사에 참여할 수 있습니다. 정책투표는 로그인해야 "
                         "참여할 수 있습니다.", m, "body_medium", ident="survey-guest-note"))
    if is_officer(app):
        body.append(button("설문 관리 (담당자)", m, ident="survey-desk", icon=ft.Icons.EDIT_NOTE,
                           kind="tonal", on_click=lambda e: app.go(f"{BASE}/desk"), expand=True))
    body += [heading("진행 중인 설문·투표", m, ident="survey-open-heading"), status, items,
             heading("마감된 설문", m, ident="survey-closed-heading"),
             button("마감된 설문과 결과 보기", m, ident="survey-closed-show", kind="outlined",
                    icon=ft.Icons.HISTORY, on_click=load_closed, expand=True),
             closed_status, closed]
    app.page.run_task(load)
    return screen(app, BASE, catalog.BY_ID["survey"].name_ko, body, ident="function-survey")


def describe(app, s: c.SurveyDetail) -> list[ft.Control]:
    m = app.m
    out = [chips(app, s), text(s.title, m, "title_medium", bold=True, ident="survey-title")]
    if s.description:
        out.append(text(s.description, m, "body_large", ident="survey-description"))
    out += [text(tr("기간: {period}", period=period(s)), m, "body_medium"),
            text(tr("대상: {value}", value=s.audience.text), m, "body_medium", ident="survey-audience"),
            text(("익명 설문: 누가 어떻게 답했는지 남기지 않습니다." if s.anonymous
                  else "실명 설문: 담당 부서가 응답자 이름을 봅니다.")
                 + (" 마감 전까지 응답을 고칠 수 있습니다." if s.allow_change else ""),
                 m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT)]
    return out


def answer_view(app, sid: int) -> ft.View:
    m = app.m
    route = f"{BASE}/s/{sid}"
    status = Loader(m, "survey-answer-status")
    content = ft.Column(spacing=m.gap * 1.5, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    result = Loader(m, "survey-submit-status")
    key = {"value": str(uuid.uuid4())}  # one per submission (a retry reuses it)

    async def load() -> None:
        params = await device_params(app)

        async def show(s: c.SurveyDetail) -> None:
            prefill = None
            if s.can_change:
                try:
                    mine = await app.api.call("GET", f"/surveys/{sid}/responses/mine",
                                              c.MyResponse, auth=app.signed_in, params=params)
                    prefill = mine.answers
                except ApiError:
                    prefill = None
            draw(s, prefill)
        await status.load(app.page, lambda: app.api.call(
            "GET", f"/surveys/{sid}", c.SurveyDetail, auth=app.signed_in, params=params), show)

    def draw(s: c.SurveyDetail, prefill) -> None:
        ctl = describe(app, s)
        open_form = s.eligible or s.can_change
        form = Form(app, s.questions, prefill, disabled=not open_form)
        if s.reason and not s.can_change:
            ctl.append(text(s.reason, m, "body_large", bold=True, ident="survey-reason",
                            color=ft.Colors.PRIMARY))
            if not app.signed_in and "로그인" in s.reason:
                ctl.append(button("로그인하고 참여하기", m, ident="survey-login", icon=ft.Icons.LOGIN,
                                  on_click=lambda e: app.go("/login")))
        if s.results_published:
            ctl.append(button("결과 보기", m, ident="survey-results", icon=ft.Icons.BAR_CHART,
                              kind="outlined", expand=True,
                              on_click=lambda e: app.go(f"{route}/results")))
        if open_form:
            ctl += form.controls

        async def submit(e) -> None:
            answers, fault = form.collect()
            if fault:
                result.error(fault)
                app.page.update()
                return
            body = c.ResponseIn(answers=answers, device=await device(app))
            out: dict = {}

            async def call() -> None:
                out["r"] = await app.api.call("POST", f"/surveys/{sid}/responses",
                                              c.ResponseOut, json=body, auth=app.signed_in,
                                              idempotency_key=key["value"])
            ok = await result.perform(app.page, call, done="응답을 보냈습니다.")
            if ok:
                key["value"] = str(uuid.uuid4())
                result.notice(out["r"].message)
                app.page.update()
                await load()

        if open_form:
            ctl.append(button("응답 고치기" if s.can_change else "응답 보내기", m,
                              ident="survey-submit", icon=ft.Icons.SEND, expand=True,
                              on_click=submit))
        content.controls = ctl

    app.page.run_task(load)
    return screen(app, route, "설문 참여", [status, content, result], ident="survey-answer")


def results_view(app, sid: int) -> ft.View:
    m = app.m
    route = f"{BASE}/s/{sid}/results"
    status = Loader(m, "survey-results-status")
    content = ft.Column(spacing=m.gap * 1.5, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    async def load() -> None:
        def show(res: c.Results) -> None:
            content.controls = [text(res.title, m, "title_medium", bold=True,
                                     ident="survey-results-title"),
                                *results_body(app, res, texts=False)]
        await status.load(app.page, lambda: app.api.call(
            "GET", f"/surveys/{sid}/results", c.Results, auth=app.signed_in), show)

    app.page.run_task(load)
    return screen(app, route, "설문 결과", [status, content,
                                          button("다시 불러오기", m, ident="survey-results-reload",
                                                 kind="outlined", icon=ft.Icons.REFRESH,
                                                 on_click=run(load))],
                  ident="survey-results")
