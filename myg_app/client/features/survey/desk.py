"""The officers' screens (catalog.OWNERS["survey"] or an admin): /desk (every survey),
/desk/new and /desk/<id> (the builder while a draft; the actions after), /desk/<id>/preview
(the form as citizens will see it, nothing sent) and /desk/<id>/results (live results,
redrawn every 15 s while open, and the CSV export)."""
from __future__ import annotations

import asyncio

import flet as ft

from myg_app.client.features.layout import screen
from myg_app.client.features.survey.builder import builder_body
from myg_app.client.features.survey.citizen import describe
from myg_app.client.features.survey.common import BASE, results_body, run, survey_card
from myg_app.client.features.survey.form import Form
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts import survey as c

LIVE_EVERY_S = 15
LIVE_FOR_S = 30 * 60  # stop redrawing after half an hour on the screen

# action -> (label, icon, done)
ACTIONS = {
    "publish": ("게시하기", ft.Icons.PUBLISH, "게시했습니다. 기간 안에 대상 시민이 참여할 수 있습니다."),
    "close": ("지금 마감하기", ft.Icons.STOP_CIRCLE, "마감했습니다."),
    "publish_results": ("결과 공개하기", ft.Icons.PUBLIC, "결과를 시민에게 공개했습니다."),
    "hide_results": ("결과 비공개로", ft.Icons.PUBLIC_OFF, "결과를 비공개로 바꿨습니다."),
}


def desk_view(app) -> ft.View:
    m = app.m
    status = Loader(m, "survey-desk-status")
    items = ft.Column(spacing=m.gap * 1.5, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    async def load() -> None:
        def show(page: c.OfficerPage) -> bool:
            items.controls = [survey_card(app, s, route=f"{BASE}/desk/{s.id}",
                                          ident=f"survey-desk-item-{s.id}",
                                          status=c.STATUS_NAMES[s.status]) for s in page.items]
            return bool(page.items)
        await status.load(app.page, lambda: app.api.call(
            "GET", "/surveys/officer/all", c.OfficerPage), show, empty="만든 설문이 없습니다.")

    app.page.run_task(load)
    return screen(app, f"{BASE}/desk", "설문 관리", [
        button("새 설문 만들기", m, ident="survey-desk-new", icon=ft.Icons.ADD, expand=True,
               on_click=lambda e: app.go(f"{BASE}/desk/new")),
        status, items], ident="survey-desk")


def manage_view(app, sid: int | None) -> ft.View:
    """A draft (or a new survey) opens the builder; a published one its actions."""
    m = app.m
    route = f"{BASE}/desk/{sid or 'new'}"
    status = Loader(m, "survey-manage-status")
    content = ft.Column(spacing=m.gap * 1.5, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    def draw(s: c.OfficerSurvey | None) -> None:
        if s is None or s.status == "draft":
            content.controls = builder_body(app, s, status)
            return
        ctl = [text(tr("상태: {STATUS_NAMES} · 참여 {responses}명", STATUS_NAMES=c.STATUS_NAMES[s.status], responses=s.responses), m, "body_large",
                    bold=True, ident="survey-manage-state"), *describe(app, s)]
        for action in (["close"] if s.status == "published" else []) + [
                "hide_results" if s.results_published else "publish_results"]:
            label, icon, done = ACTIONS[action]
            ctl.append(button(label, m, ident=f"survey-act-{action}", icon=icon, kind="tonal",
                              expand=True, on_click=run(act, s.id, action, done)))
        ctl += [button("실시간 결과 보기", m, ident="survey-live", icon=ft.Icons.BAR_CHART,
                       expand=True, on_click=lambda e: app.go(f"{BASE}/desk/{s.id}/results")),
                button("미리 보기", m, ident="survey-preview", icon=ft.Icons.PREVIEW,
                       kind="outlined", expand=True,
                       on_click=lambda e: app.go(f"{BASE}/desk/{s.id}/preview"))]
        content.controls = ctl

    async def act(survey_id: int, action: str, done: str) -> None:
        out: dict = {}

        async def call() -> None:
            out["s"] = await app.api.call("POST", f"/surveys/officer/surveys/{survey_id}/{action}",
                                          c.OfficerSurvey)
        if await status.perform(app.page, call, done=done):
            draw(out["s"])
            app.page.update()

    async def load() -> None:
        if sid is None:
            draw(None)
            app.page.update()
            return
        await status.load(app.page, lambda: app.api.call(
            "GET", f"/surveys/officer/surveys/{sid}", c.OfficerSurvey), draw)

    app.page.run_task(load)
    return screen(app, route, "새 설문" if sid is None else "설문 관리", [status, content],
                  ident="survey-manage")


def preview_view(app, sid: int) -> ft.View:
    m = app.m
    status = Loader(m, "survey-preview-status")
    content = ft.Column(spacing=m.gap * 1.5, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    def show(s: c.OfficerSurvey) -> None:
        content.controls = [text("미리 보기: 시민에게 이렇게 보입니다. 여기서는 응답을 보낼 수 없습니다.",
                                 m, "body_large", bold=True, color=ft.Colors.PRIMARY,
                                 ident="survey-preview-note"),
                            *describe(app, s), *Form(app, s.questions, prefix="survey-pq").controls]

    async def load() -> None:
        await status.load(app.page, lambda: app.api.call(
            "GET", f"/surveys/officer/surveys/{sid}", c.OfficerSurvey), show)

    app.page.run_task(load)
    return screen(app, f"{BASE}/desk/{sid}/preview", "설문 미리 보기", [status, content],
                  ident="survey-preview")


def live_view(app, sid: int) -> ft.View:
    m = app.m
    route = f"{BASE}/desk/{sid}/results"
    status = Loader(m, "survey-live-status")
    content = ft.Column(spacing=m.gap * 1.5, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    saved = Loader(m, "survey-export-status")
    picker = ft.FilePicker()
    app.state.services["survey_picker"] = picker  # services must stay referenced

    async def load(e=None) -> None:
        def show(res: c.Results) -> None:
            content.controls = [text(res.title, m, "title_medium", bold=True,
                                     ident="survey-live-title"),
                                *results_body(app, res, texts=True, prefix="survey-live")]
        await status.load(app.page, lambda: app.api.call(
            "GET", f"/surveys/officer/surveys/{sid}/results", c.Results), show)

    async def live() -> None:
        waited = 0
        while waited < LIVE_FOR_S:
            await asyncio.sleep(LIVE_EVERY_S)
            waited += LIVE_EVERY_S
            try:
                if app.page.route != route:
                    return
                await load()
            except Exception:  # noqa: BLE001 - the session ended (app closed): stop quietly
                return

    async def export(e) -> None:
        async def call() -> None:
            data = await app.api.raw("GET", f"/surveys/officer/surveys/{sid}/export.csv")
            await picker.save_file(file_name=f"survey-{sid}.csv", src_bytes=data)
        await saved.perform(app.page, call, done="CSV 파일을 저장했습니다. 엑셀에서 열 수 있습니다.")

    app.page.run_task(load)
    app.page.run_task(live)
    return screen(app, route, "실시간 결과", [
        text(tr("{LIVE_EVERY_S}초마다 새로 그립니다.", LIVE_EVERY_S=LIVE_EVERY_S), m, "body_medium",
             color=ft.Colors.ON_SURFACE_VARIANT),
        status, content,
        button("지금 새로 고침", m, ident="survey-live-reload", icon=ft.Icons.REFRESH,
               kind="outlined", expand=True, on_click=load),
        button("CSV 내려받기 (엑셀)", m, ident="survey-export", icon=ft.Icons.DOWNLOAD,
               expand=True, on_click=export),
        saved], ident="survey-live")
