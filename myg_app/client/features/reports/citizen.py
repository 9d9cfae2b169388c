"""Citizen screens: /f/report (my reports, the outbox) and /f/report/r/<id> (one report, its
history, "me too", reopening); the cards and fields the other report screens reuse."""

from __future__ import annotations

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.layout import screen
from myg_app.client.features.reports import outbox
from myg_app.client.features.reports.common import (
    BASE,
    FID,
    is_report_officer,
    photo_url,
    when,
)
from myg_app.client.features.reports.place_picker import describe
from myg_app.client.i18n import tr
from myg_app.client.theme import FONT
from myg_app.client.widgets.common import (
    button,
    heading,
    icon_button,
    tagged,
    tappable,
    text,
)
from myg_app.client.widgets.loader import Loader
from myg_app.contracts import reports as c

TITLE = "생활불편 신고"


def form_field(app, label: str, value: str = "", *, multiline: bool = False,
               hint: str | None = None, helper: str | None = None,
               max_length: int | None = None, keyboard=ft.KeyboardType.TEXT) -> ft.TextField:
    """`hint` only for a multi-line box (it wraps there); a one-line field's example goes in
    `helper`, below the box."""
    m = app.m
    return ft.TextField(
        label=label, value=value, hint_text=hint, multiline=multiline,
        helper=helper, helper_max_lines=3 if helper else None,
        helper_style=ft.TextStyle(size=m.text("body_medium"), font_family=FONT),
        min_lines=4 if multiline else None, max_lines=8 if multiline else 1,
        max_length=max_length, keyboard_type=keyboard,
        text_style=ft.TextStyle(size=m.text("body_large"), font_family=FONT),
        label_style=ft.TextStyle(size=m.text("body_medium"), font_family=FONT),
        hint_style=ft.TextStyle(size=m.text("body_medium"), font_family=FONT),
        error_style=ft.TextStyle(size=m.text("body_small"), font_family=FONT),
        counter_style=ft.TextStyle(size=m.text("body_small"), font_family=FONT))


def panel(control: ft.Control, *, alert: bool = False) -> ft.Container:
    return ft.Container(control, padding=12, border_radius=12,
                        bgcolor=ft.Colors.SURFACE_CONTAINER,
                        border=ft.Border.all(2, ft.Colors.ERROR) if alert else None)


def status_chip(app, status: str, name: str, overdue: bool = False) -> ft.Control:
    m = app.m
    colour = ft.Colors.PRIMARY if status in c.OPEN_STATUSES else ft.Colors.SECONDARY
    chips = [ft.Container(text(name, m, "label_large", bold=True, color=ft.Colors.ON_PRIMARY),
                          bgcolor=colour, border_radius=16,
                          padding=ft.Padding.symmetric(horizontal=10, vertical=4))]
    if overdue:
        chips.append(ft.Container(text("기한 지남", m, "label_large", bold=True,
                                       color=ft.Colors.ON_ERROR),
                                  bgcolor=ft.Colors.ERROR, border_radius=16,
                                  padding=ft.Padding.symmetric(horizontal=10, vertical=4)))
    return ft.Row(chips, wrap=True, spacing=6)


def summary_card(app, r: c.ReportSummary, route: str, ident: str,
                 extra: list[ft.Control] | None = None) -> ft.Control:
    m = app.m
    where = r.address or r.area or (describe(r.lat, r.long) if r.lat is not None else "")
    dist = f" · {r.distance_m}m" if r.distance_m is not None else ""
    lines: list[ft.Control] = [
        ft.Row([text(tr("{category_name} · {id}번", category_name=r.category_name, id=r.id), m, "title_small", bold=True),
                status_chip(app, r.status, r.status_name, r.overdue)], wrap=True,
               alignment=ft.MainAxisAlignment.SPACE_BETWEEN),
        text(r.description if len(r.description) <= 60 else r.description[:58] + "…", m,
             "body_medium"),
        text(f"{where}{dist} · {when(r.created_at)}"
             + (tr(" · 공감 {supporters}", supporters=r.supporters) if r.supporters else ""), m, "body_small",
             color=ft.Colors.ON_SURFACE_VARIANT),
    ]
    row: list[ft.Control] = [ft.Column(lines, spacing=4, expand=True)]
    if r.thumb_url and not m.large:
        row.insert(0, ft.Image(src=photo_url(app, r.thumb_url), width=72, height=72,
                               fit=ft.BoxFit.COVER, border_radius=8,
                               semantics_label="신고 사진"))
    label = tr("{category_name} 신고 {id}번, {status_name}", category_name=r.category_name, id=r.id, status_name=r.status_name) + (", 기한 지남" if r.overdue else "")
    def open_it(e) -> None:
        app.go(route)

    box = panel(ft.Row(row, spacing=10), alert=r.overdue)
    box.on_click, box.ink = open_it, True  # pointer taps; screen readers use the Semantics tap
    card = tappable(box, ident=ident, label=label, on_click=open_it)
    return ft.Column([card, *(extra or [])], spacing=4) if extra else card


# --- /f/report ---------------------------------------------------------------------------

def main_view(app) -> ft.View:
    m = app.m
    body: list[ft.Control] = [
        text("도로 파손, 불법 현수막, 소음·악취 같은 생활 속 불편을 사진과 위치로 알려 주세요. "
             "24시간 접수하며, 담당 부서가 처리하면 결과를 알림으로 보내 드립니다.", m),
    ]
    if not app.signed_in:
        body += [text("신고는 로그인 후 할 수 있습니다. 처리 결과를 알려 드리기 위해서입니다.", m,
                      ident="report-login-note"),
                 button("로그인", m, ident="report-login", icon=ft.Icons.LOGIN,
                        on_click=lambda e: app.go("/login"), expand=True)]
        return screen(app, BASE, TITLE, body, ident=f"function-{FID}")
    outbox_panel = ft.Column(spacing=m.gap, visible=False)
    status = Loader(m, "report-list-status")
    mine = ft.Column(spacing=m.gap)
    body.append(button("새로 신고하기", m, ident="report-new", icon=ft.Icons.ADD_A_PHOTO,
                       on_click=lambda e: app.go(f"{BASE}/new"), expand=True))
    if is_report_officer(app):
        body.append(button("부서 신고함 (담당자)", m, ident="report-inbox", kind="outlined",
                           icon=ft.Icons.INBOX, on_click=lambda e: app.go(f"{BASE}/inbox"),
                           expand=True))
    body += [outbox_panel, heading("내 신고와 공감한 신고", m, ident="report-mine-heading"),
             status, mine]

    async def send_now(e=None) -> None:
        await outbox.flush(app)
        await load()

    async def load(e=None) -> None:
        waiting = await outbox.entries(app)
        messages = outbox.take_messages(app)
        outbox_panel.visible = bool(waiting or messages)
        outbox_panel.controls = [tagged(panel(ft.Column([
            text(tr("보내지 못한 신고 {count}건이 있습니다. 연결되면 자동으로 한 번만 보냅니다.", count=len(waiting)), m,
                 bold=True),
            button("지금 보내기", m, ident="report-outbox-send", icon=ft.Icons.SEND,
                   kind="outlined", on_click=send_now),
        ], spacing=m.gap)), "report-outbox")] if waiting else []
        outbox_panel.controls += [text(msg, m, "body_medium", color=ft.Colors.ERROR,
                                       ident="report-outbox-message") for msg in messages]
        if waiting:
            outbox.ensure_sender(app)
        def show_loaded(res) -> None:
            mine.controls = [summary_card(app, r, f"{BASE}/r/{r.id}", f"report-item-{r.id}")
                             for r in res.items] or [
                text("아직 신고한 내역이 없습니다.", m, ident="report-mine-empty")]
        await status.load(app.page, lambda: app.api.call(
            "GET", "/reports/mine", c.ReportList), show_loaded)

    app.page.run_task(load)
    return screen(app, BASE, TITLE, body, ident=f"function-{FID}")


# --- /f/report/r/<id> --------------------------------------------------------------------

def timeline(app, events: list[c.EventOut], prefix: str) -> list[ft.Control]:
    m = app.m
    out = []
    for i, ev in enumerate(events):
        head = {"created": "접수", "status": ev.status_name or "상태 변경", "extended": "기한 연장",
                "reopened": "다시 열림", "assigned": "담당자"}.get(ev.kind, ev.kind)
        lines = [text(f"{when(ev.at)} · {ev.by}", m, "body_small",
                      color=ft.Colors.ON_SURFACE_VARIANT),
                 text(head, m, "title_small", bold=True)]
        if ev.note:
            lines.append(text(ev.note, m, "body_large", ident=f"{prefix}-note-{i}"))
        out.append(tagged(ft.Container(ft.Column(lines, spacing=2),
                                       border=ft.Border.only(left=ft.BorderSide(3, ft.Colors.PRIMARY)),
                                       padding=ft.Padding.only(left=10, top=4, bottom=4)),
                          f"{prefix}-event-{i}"))
    return out


def photos_strip(app, photos: list[c.PhotoOut]) -> ft.Control:
    return ft.Row([ft.Image(src=photo_url(app, p.url), width=160 if not app.m.large else 280,
                            fit=ft.BoxFit.CONTAIN, border_radius=8, semantics_label=tr("신고 사진 {value}", value=i + 1))
                   for i, p in enumerate(photos)], wrap=True, spacing=8)


def detail_view(app, report_id: int) -> ft.View:
    m = app.m
    route = f"{BASE}/r/{report_id}"
    status = Loader(m, "report-detail-status")
    content = ft.Column(spacing=m.gap * 2)
    reason = form_field(app, "아직 불편한 점", multiline=True, max_length=1000,
                    hint="예: 보수한 곳이 비가 온 뒤 다시 파였습니다.")

    async def load(e=None) -> None:
        def show_loaded(r) -> None:
            show(r)
        await status.load(app.page, lambda: app.api.call(
            "GET", f"/reports/{report_id}", c.ReportOut), show_loaded)

    async def reopen(e) -> None:
        value = (reason.value or "").strip()
        if len(value) < 5:
            reason.error = "아직 불편한 점을 5자 이상 적어 주세요."
            app.page.update()
            return
        try:
            r = await app.api.call("POST", f"/reports/{report_id}/reopen", c.ReportOut,
                                   json=c.ReopenRequest(reason=value))
        except ApiError as err:
            status.error(err.message)
            app.page.update()
            return
        reason.value = ""
        reason.error = None
        show(r)
        status.notice("신고를 다시 열었습니다. 담당 부서가 다시 처리합니다.")
        app.page.update()

    async def support(e) -> None:
        try:
            r = await app.api.call("POST", f"/reports/{report_id}/support", c.ReportOut)
        except ApiError as err:
            status.error(err.message)
            app.page.update()
            return
        show(r)
        app.page.update()

    def show(r: c.ReportOut) -> None:
        where = " ".join(x for x in (r.area, r.address) if x) or \
            (describe(r.lat, r.long) if r.lat is not None else "-")
        rows: list[ft.Control] = [
            ft.Row([text(tr("{category_name} · 신고 {id}번", category_name=r.category_name, id=r.id), m, "title_medium", bold=True,
                         ident="report-detail-title"),
                    tagged(status_chip(app, r.status, r.status_name, r.overdue),
                           "report-detail-status-chip", label=r.status_name)],
                   wrap=True, alignment=ft.MainAxisAlignment.SPACE_BETWEEN),
            text(r.description, m, ident="report-detail-description"),
            text(tr("위치: {where}", where=where), m, "body_medium"),
            text(tr("담당: 광양시 {department} · 신고인: {reporter}", department=r.department, reporter=r.reporter), m, "body_medium"),
            text((tr("처리 기한: {when}", when=when(r.due_at)) + (" (지났습니다)" if r.overdue else "")
                  + (tr(" · 연장 {extensions}회", extensions=r.extensions) if r.extensions else ""))
                 if r.status in c.OPEN_STATUSES else tr("처리 끝: {when}", when=when(r.resolved_at))
                 if r.resolved_at else "", m, "body_medium", ident="report-detail-due"),
        ]
        if r.supporters:
            rows.append(text(tr("이 불편에 {supporters}명이 공감했습니다.", supporters=r.supporters), m, "body_medium"))
        if r.duplicate_of:
            rows.append(button(tr("원 신고 {duplicate_of}번 보기", duplicate_of=r.duplicate_of), m, ident="report-detail-original",
                               kind="text", on_click=lambda e: app.go(f"{BASE}/r/{r.duplicate_of}")))
        if r.photos:
            rows.append(photos_strip(app, r.photos))
        rows += [heading("처리 내역", m, ident="report-detail-history"),
                 *timeline(app, r.events, "report-detail")]
        if not r.mine and r.status in c.OPEN_STATUSES and not r.supported:
            rows.append(button("저도 불편해요", m, ident="report-detail-support",
                               icon=ft.Icons.THUMB_UP, kind="tonal", on_click=support, expand=True))
        if r.can_reopen:
            rows += [heading("아직 불편하신가요?", m),
                     text(tr("{when}까지 다시 열 수 있습니다.", when=when(r.reopen_until)), m, "body_medium"),
                     tagged(reason, "report-reopen-reason"),
                     button("다시 열기", m, ident="report-reopen", icon=ft.Icons.REPLAY,
                            on_click=reopen, expand=True)]
        content.controls = rows

    app.page.run_task(load)
    refresh = icon_button(ft.Icons.REFRESH, "새로 고침", m, ident="report-detail-refresh",
                          on_click=load)
    return screen(app, route, tr("신고 {report_id}번", report_id=report_id), [status, content], ident="report-detail",
                  actions=[refresh])
