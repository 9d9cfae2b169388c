"""Officer screens: /f/report/inbox (the department's reports, overdue first, filters) and
/f/report/inbox/<id> (assign, change status with a note the citizen reads, extend the deadline)."""

from __future__ import annotations

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.layout import screen
from myg_app.client.features.reports.citizen import (
    form_field,
    panel,
    photos_strip,
    status_chip,
    summary_card,
    timeline,
)
from myg_app.client.features.reports.common import BASE, when
from myg_app.client.features.reports.place_picker import describe
from myg_app.client.i18n import tr
from myg_app.client.theme import FONT
from myg_app.client.widgets.common import (
    button,
    heading,
    icon_button,
    tagged,
    text,
    toggle_target,
)
from myg_app.client.widgets.loader import Loader
from myg_app.contracts import reports as c

FILTERS = {"open": "처리 전 (접수·처리중)", "": "전체", **c.STATUS_NAMES}
EXTEND_DAYS = (3, 7, 14)


def _filters(app) -> dict:
    f = app.state.drafts.get("report_inbox_filters")
    if f is None:
        f = app.state.drafts["report_inbox_filters"] = {"status": "open", "overdue": False, "mine": False}
    return f


def inbox_view(app) -> ft.View:
    m = app.m
    flt = _filters(app)
    status = Loader(m, "report-inbox-status")
    summary = text("", m, bold=True, ident="report-inbox-summary", live=True)
    items = ft.Column(spacing=m.gap)
    label_style = ft.TextStyle(size=m.text("body_large"), font_family=FONT)
    status_dd = ft.Dropdown(label="상태", value=flt["status"], expand=True,
                            options=[ft.DropdownOption(key=k, text=v) for k, v in FILTERS.items()],
                            text_style=label_style,
                            label_style=ft.TextStyle(size=m.text("body_medium"), font_family=FONT))
    overdue = ft.Switch(label="기한 지난 신고만", value=flt["overdue"], label_text_style=label_style)
    mine = ft.Switch(label="내가 맡은 신고만", value=flt["mine"], label_text_style=label_style)

    async def load(e=None) -> None:
        flt.update(status=status_dd.value or "", overdue=bool(overdue.value), mine=bool(mine.value))
        params: dict[str, str | int] = {"limit": 100}
        if flt["status"]:
            params["status"] = flt["status"]
        if flt["overdue"]:
            params["overdue"] = "true"
        if flt["mine"]:
            params["mine"] = "true"
        def show_loaded(res) -> None:
            summary.content.value = tr("{total}건 · 기한 지난 신고 {overdue}건", total=res.total, overdue=res.overdue)
            items.controls = [summary_card(app, r, f"{BASE}/inbox/{r.id}", f"report-inbox-item-{r.id}",
                                           extra=[text(tr("신고인 {reporter_masked} · 담당 {value} · 기한 {when}", reporter_masked=r.reporter_masked, value=r.assignee or '미지정', when=when(r.due_at)),
                                                       m, "body_small")])
                              for r in res.items] or [
                text("조건에 맞는 신고가 없습니다.", m, ident="report-inbox-empty")]
        await status.load(app.page, lambda: app.api.call(
            "GET", "/officer/reports", c.OfficerReportList, params=params), show_loaded)

    status_dd.on_select = load
    overdue.on_change = load
    mine.on_change = load
    u = app.state.user
    dept = "전체 부서 (관리자)" if u and u.role == "admin" else f"{u.department if u else ''}"
    body = [text(tr("{dept} 신고함입니다. 기한이 지난 신고가 맨 위에 빨간 테두리로 표시됩니다.", dept=dept), m),
            tagged(status_dd, "report-inbox-filter-status", label="상태"),
            toggle_target(tagged(overdue, "report-inbox-overdue"), m, overdue),
            toggle_target(tagged(mine, "report-inbox-mine"), m, mine), summary, status, items]
    app.page.run_task(load)
    refresh = icon_button(ft.Icons.REFRESH, "새로 고침", m, ident="report-inbox-refresh",
                          on_click=load)
    return screen(app, f"{BASE}/inbox", "부서 신고함", body, ident="report-inbox",
                  actions=[refresh])


def officer_detail_view(app, report_id: int) -> ft.View:
    m = app.m
    route = f"{BASE}/inbox/{report_id}"
    status = Loader(m, "report-desk-status")
    content = ft.Column(spacing=m.gap * 2)
    note = form_field(app, "처리 내용 (신고인에게 그대로 보입니다)", multiline=True, max_length=2000)
    duplicate_of = form_field(app, "중복 대상 신고 번호", keyboard=ft.KeyboardType.NUMBER)
    reason = form_field(app, "연장 사유 (신고인에게 안내됩니다)", multiline=True, max_length=1000)
    choice: dict[str, object] = {"status": None, "days": 7}
    officers: list[c.OfficerOut] = []
    assignee = ft.Dropdown(label="담당자 지정", expand=True,
                           text_style=ft.TextStyle(size=m.text("body_large"), font_family=FONT),
                           label_style=ft.TextStyle(size=m.text("body_medium"), font_family=FONT))

    async def load(e=None) -> None:
        async def show_loaded(r) -> None:
            try:
                officers[:] = (await app.api.call("GET", f"/officer/reports/{report_id}/officers",
                                                  c.OfficerList)).items
            except ApiError:
                officers[:] = []  # assigning others is optional; "내가 맡기" still works
            status.clear()
            show(r)

        await status.load(app.page, lambda: app.api.call(
            "GET", f"/officer/reports/{report_id}", c.OfficerReportOut), show_loaded)

    async def assign_other(e) -> None:
        if not assignee.value:
            status.error("지정할 담당자를 골라 주세요.")
            app.page.update()
            return
        await act("assign", c.AssignRequest(assignee_id=int(assignee.value)),
                  "담당자를 지정했습니다.")

    async def act(path: str, body, done_msg: str) -> None:
        try:
            r = await app.api.call("POST", f"/officer/reports/{report_id}/{path}",
                                   c.OfficerReportOut, json=body)
        except ApiError as err:
            for fe in err.errors:
                if fe.field == "duplicate_of":
                    duplicate_of.error = fe.message
            status.error(err.message)
            app.page.update()
            return
        note.value = reason.value = duplicate_of.value = ""
        note.error = reason.error = duplicate_of.error = None
        choice["status"] = None
        show(r)
        status.notice(done_msg)
        app.page.update()

    async def change_status(e) -> None:
        if not choice["status"]:
            status.error("바꿀 상태를 골라 주세요.")
            app.page.update()
            return
        if len((note.value or "").strip()) < 2:
            note.error = "시민에게 보여줄 처리 내용을 적어 주세요."
            app.page.update()
            return
        dup = (duplicate_of.value or "").strip()
        if choice["status"] == "duplicate" and not dup.isdigit():
            duplicate_of.error = "중복 대상 신고 번호를 숫자로 적어 주세요."
            app.page.update()
            return
        await act("status", c.StatusChange(status=choice["status"], note=note.value.strip(),
                                           duplicate_of=int(dup) if dup.isdigit() else None),
                  tr("'{STATUS_NAMES}'(으)로 바꾸고 신고인에게 알렸습니다.", STATUS_NAMES=c.STATUS_NAMES[choice['status']]))

    async def take(e) -> None:
        await act("assign", c.AssignRequest(assignee_id=app.state.user.id), "내가 맡았습니다.")

    async def extend(e) -> None:
        if len((reason.value or "").strip()) < 5:
            reason.error = "연장 사유를 5자 이상 적어 주세요."
            app.page.update()
            return
        await act("extend", c.ExtendRequest(days=int(choice["days"]), reason=reason.value.strip()),
                  "기한을 연장하고 신고인에게 사유를 알렸습니다.")

    def show(r: c.OfficerReportOut) -> None:
        where = " ".join(x for x in (r.area, r.address) if x) or \
            (describe(r.lat, r.long) if r.lat is not None else "-")

        def pick_status(s: str) -> None:
            choice["status"] = s
            show(r)
            app.page.update()

        def pick_days(d: int) -> None:
            choice["days"] = d
            show(r)
            app.page.update()

        rows: list[ft.Control] = [
            ft.Row([text(tr("{category_name} · 신고 {id}번", category_name=r.category_name, id=r.id), m, "title_medium", bold=True),
                    tagged(status_chip(app, r.status, r.status_name, r.overdue),
                           "report-desk-status-chip", label=r.status_name)], wrap=True,
                   alignment=ft.MainAxisAlignment.SPACE_BETWEEN),
            text(r.description, m),
            text(tr("위치: {where}", where=where), m, "body_medium"),
            text(tr("신고인: {reporter_masked}", reporter_masked=r.reporter_masked) + (f" ({r.reporter_email_masked})"
                                                   if r.reporter_email_masked else "")
                 + (" · 시민에게는 익명" if r.anonymous else "")
                 + (" · 협력 앱(Open311)" if r.source == "open311" else ""), m, "body_medium",
                 ident="report-desk-reporter"),
            text(tr("담당자: {value} · 처리 기한 {when}", value=r.assignee or '미지정', when=when(r.due_at))
                 + (" (지남)" if r.overdue else "") + (tr(" · 연장 {extensions}회", extensions=r.extensions)
                                                     if r.extensions else ""), m, "body_medium",
                 ident="report-desk-due"),
        ]
        if r.attributes:
            cat = c.CATEGORY_BY_CODE[r.category]
            names = {v.key: v.name for a in cat.attributes for v in a.values}
            rows.append(text("세부 유형: " + ", ".join(names.get(v, v) for v in r.attributes.values()),
                             m, "body_medium"))
        if r.photos:
            rows.append(photos_strip(app, r.photos))
        if r.external_media_url:
            rows.append(text(tr("협력 앱 사진 주소: {external_media_url}", external_media_url=r.external_media_url), m, "body_small",
                             selectable=True))
        info, rows = rows, []
        if r.status in c.OPEN_STATUSES and r.assignee_id != app.state.user.id \
                and app.state.user.role != "admin":
            rows.append(button("내가 맡기", m, ident="report-desk-take", icon=ft.Icons.PERSON_ADD,
                               kind="outlined", on_click=take, expand=True))
        if r.status in c.OPEN_STATUSES and officers:
            assignee.options = [ft.DropdownOption(key=str(o.id), text=o.name) for o in officers]
            assignee.value = str(r.assignee_id) if r.assignee_id else None
            rows += [tagged(assignee, "report-desk-assignee"),
                     button("이 담당자에게 지정", m, ident="report-desk-assign", kind="outlined",
                            icon=ft.Icons.ASSIGNMENT_IND, on_click=assign_other, expand=True)]
        if r.allowed_next:
            chips = [ft.Semantics(identifier=f"report-desk-to-{s}", selected=choice["status"] == s,
                                  content=(ft.FilledButton if choice["status"] == s
                                           else ft.OutlinedButton)(
                                      content=c.STATUS_NAMES[s], height=m.target,
                                      icon=ft.Icons.CHECK if choice["status"] == s else None,
                                      on_click=lambda e, s=s: pick_status(s)))
                     for s in r.allowed_next]
            rows += [heading("처리 상태 바꾸기", m, ident="report-desk-change"),
                     ft.Row(chips, wrap=True, spacing=8, run_spacing=8),
                     tagged(note, "report-desk-note")]
            if choice["status"] == "duplicate":
                rows.append(tagged(duplicate_of, "report-desk-duplicate-of"))
            rows.append(button("상태 바꾸고 신고인에게 알리기", m, ident="report-desk-submit",
                               icon=ft.Icons.SEND, on_click=change_status, expand=True))
        if r.status in c.OPEN_STATUSES and r.extensions < 2:
            day_chips = [ft.Semantics(identifier=f"report-desk-days-{d}",
                                      selected=choice["days"] == d,
                                      content=(ft.FilledButton if choice["days"] == d
                                               else ft.OutlinedButton)(
                                          content=tr("{d}일", d=d), height=m.target,
                                          on_click=lambda e, d=d: pick_days(d)))
                         for d in EXTEND_DAYS]
            rows += [heading("처리 기한 연장 (최대 2회)", m),
                     ft.Row(day_chips, wrap=True, spacing=8), tagged(reason, "report-desk-reason"),
                     button("기한 연장", m, ident="report-desk-extend", icon=ft.Icons.UPDATE,
                            kind="outlined", on_click=extend, expand=True)]
        rows += [heading("처리 내역 (신고인에게 보이는 내용)", m), *timeline(app, r.events, "report-desk")]
        content.controls = [panel(ft.Column(info, spacing=m.gap)), *rows]

    app.page.run_task(load)
    return screen(app, route, tr("신고 {report_id}번 처리", report_id=report_id), [status, content], ident="report-desk")
