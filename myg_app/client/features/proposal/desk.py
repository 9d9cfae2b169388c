"""/f/proposal/desk: the officers' list (overdue answers first, highlighted), and
/desk/<id>: assign the department (owner), answer with a decision and a reason, post
progress, hide a comment with a reason (the reason stays visible to citizens)."""
from __future__ import annotations

import flet as ft

from myg_app import catalog
from myg_app.client.features.layout import screen
from myg_app.client.features.proposal.common import (
    BASE, FID, card, dropdown, form_field, is_officer, panel, run, state_chips, support_bar,
    when,
)
from myg_app.client.features.proposal.detail import answer_panel, timeline
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import (
    StatusPanel, button, heading, tagged, text, toggle_target,
)
from myg_app.client.widgets.dropdown import named_dropdown
from myg_app.client.widgets.loader import Loader
from myg_app.contracts import proposal as c
from myg_app.gwangyang.departments import DEPARTMENTS as _DEPTS

DEPARTMENTS = tuple(name for _d, name, _t, _p in _DEPTS)


def desk_view(app) -> ft.View:
    m = app.m
    route = f"{BASE}/desk"
    flt = app.state.drafts.setdefault("proposal_desk", {"state": ""})
    status = Loader(m, "proposal-desk-status")
    summary = text("", m, bold=True, ident="proposal-desk-overdue")
    items = ft.Column(spacing=m.gap * 1.5, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    async def load() -> None:
        params = {"limit": 100} | ({"state": flt["state"]} if flt["state"] else {})

        def show(page: c.OfficerPage) -> bool:
            summary.content.value = (tr("답변 기한이 지난 제안 {overdue}건", overdue=page.overdue) if page.overdue
                                     else "답변 기한이 지난 제안이 없습니다.")
            items.controls = [card(
                app, p, route=f"{route}/{p.id}", ident=f"proposal-desk-item-{p.id}",
                overdue=p.overdue,
                extra=[text(" · ".join(x for x in (
                    tr("담당: {value}", value=p.department or '미지정'),
                    tr("답변 기한 {when}", when=when(p.answer_due_at)) if p.answer_due_at else None,
                    tr("신고된 댓글 {reported_comments}개", reported_comments=p.reported_comments) if p.reported_comments else None) if x),
                    m, "body_small")]) for p in page.items]
            return bool(page.items)

        await status.load(app.page, lambda: app.api.call(
            "GET", "/proposals/officer", c.OfficerPage, params=params), show,
            empty="이 상태의 제안이 없습니다.")

    async def pick(e) -> None:
        flt["state"] = e.control.value or ""
        await load()

    body: list[ft.Control] = [text(
        tr("{OWNERS}에서 담당 부서를 정하고, 담당 부서는 답변 기한 안에 채택·부분채택·불채택과 그 사유를 답변합니다. 기한이 지난 제안은 빨간 테두리로 맨 위에 보입니다.", OWNERS=catalog.OWNERS[FID]), m)]
    if is_officer(app):
        body += [summary, named_dropdown(dropdown(
            app, "상태", [("", "모든 상태"), *c.STATE_NAMES.items()], flt["state"], pick),
            "proposal-desk-filter", "상태", "모든 상태"), status, items]
        app.page.run_task(load)
    else:
        status.notice("담당 공무원만 볼 수 있습니다.")
        body.append(status)
    return screen(app, route, "정책 제안 관리", body, ident="proposal-desk")


def officer_detail_view(app, pid: int) -> ft.View:
    m = app.m
    route = f"{BASE}/desk/{pid}"
    status = Loader(m, "proposal-officer-status")
    act = StatusPanel(m, "proposal-officer-action")
    holder = ft.Column(spacing=m.gap * 2, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    form = app.state.drafts.setdefault(f"proposal_officer_{pid}", {
        "department": None, "decision": None})
    reason = form_field(app, "답변 사유 (시민에게 보입니다)", multiline=True,
                        hint="예: 출퇴근 시간 배차를 15분으로 줄이겠습니다.")
    note = form_field(app, "추진 상황 (시민에게 보입니다)", multiline=True,
                      hint="예: 7월부터 증차 운행합니다.")
    done = ft.Checkbox(label="완료로 바꾸기", value=False)
    hide_reasons: dict[int, ft.TextField] = {}

    def fetch():
        return app.api.call("GET", f"/proposals/officer/{pid}", c.OfficerDetail)

    async def reload() -> None:
        app.forget_view(f"{BASE}/desk")  # the officers' list loads again when back
        app.forget_view(BASE)
        await status.load(app.page, fetch, show, clear=False)

    async def post(path: str, body, done_msg: str) -> None:
        await act.perform(app.page, lambda: app.api.call("POST", f"/proposals/officer/{pid}{path}",
                                                         c.OfficerDetail, json=body),
                          done=done_msg, then=reload)

    async def assign(e=None) -> None:
        if not form["department"]:
            act.error("담당 부서를 골라 주세요.")
            app.page.update()
            return
        await post("/department", c.AssignDepartment(department=form["department"]),
                   "담당 부서를 정했습니다. 제안자와 공감한 시민에게 알렸습니다.")

    async def answer(e=None) -> None:
        why = (reason.value or "").strip()
        if not form["decision"] or len(why) < 5:
            act.error("결정(채택·부분채택·불채택)을 고르고 사유를 5자 이상 적어 주세요.")
            app.page.update()
            return
        await post("/answer", c.AnswerCreate(decision=form["decision"], reason=why),
                   "답변했습니다. 제안자와 공감한 시민에게 알렸습니다.")

    async def progress(e=None) -> None:
        what = (note.value or "").strip()
        if len(what) < 5:
            act.error("추진 상황을 5자 이상 적어 주세요.")
            app.page.update()
            return
        await post("/progress", c.ProgressCreate(note=what, done=bool(done.value)),
                   "추진 상황을 올렸습니다.")

    async def hide(cid: int) -> None:
        why = (hide_reasons[cid].value or "").strip()
        if len(why) < 2:
            act.error("가리는 사유를 적어 주세요. 사유는 시민에게 보입니다.")
            app.page.update()
            return
        await post(f"/comments/{cid}/hide", c.HideComment(reason=why), "댓글을 가렸습니다.")

    def pick(key: str):
        def on_select(e) -> None:
            form[key] = e.control.value or None
        return on_select

    decisions = ft.Row(wrap=True, spacing=8, run_spacing=8)

    def render_decisions() -> None:
        decisions.controls = []
        for code, name in c.DECISION_NAMES.items():
            chosen = form["decision"] == code
            decisions.controls.append(ft.Semantics(
                identifier=f"proposal-decision-{code}", selected=chosen, content=(
                    ft.FilledButton if chosen else ft.OutlinedButton)(
                    content=name, icon=ft.Icons.CHECK if chosen else None, height=m.target,
                    on_click=lambda e, code=code: choose(code))))

    def choose(code: str) -> None:
        form["decision"] = code
        render_decisions()

    def show(p: c.OfficerDetail) -> None:
        render_decisions()
        out: list[ft.Control] = [
            ft.Semantics(header=True, content=text(p.title, m, "title_large", bold=True,
                                                   ident="proposal-officer-title")),
            state_chips(app, p, overdue=p.overdue)]
        if p.overdue:
            out.append(tagged(panel(text(tr("답변 기한({when})이 지났습니다. 바로 답변해 주세요.", when=when(p.answer_due_at)), m, bold=True, color=ft.Colors.ERROR),
                                    alert=True), "proposal-officer-overdue"))
        out += [support_bar(app, p),
                text(tr("담당 부서: {value}", value=p.department or '미지정') + (
                    tr(" · 답변 기한 {when}", when=when(p.answer_due_at)) if p.answer_due_at else ""), m,
                    ident="proposal-officer-department"),
                text(p.body, m), act]
        if p.may_assign and p.state not in ("done", "expired"):
            form["department"] = form["department"] or p.department
            out += [heading("담당 부서 지정", m, ident="proposal-assign-heading"),
                    named_dropdown(dropdown(
                        app, "담당 부서", [(d, d) for d in DEPARTMENTS], form["department"],
                        pick("department")), "proposal-assign-department", "담당 부서", "미지정"),
                    button("담당 부서 정하기", m, ident="proposal-assign", kind="outlined",
                           icon=ft.Icons.ACCOUNT_TREE, expand=True, on_click=assign)]
        if p.may_answer:
            out += [heading("답변하기", m, ident="proposal-answer-heading"),
                    decisions,
                    tagged(reason, "proposal-answer-reason"),
                    button("답변 보내기", m, ident="proposal-answer-send", icon=ft.Icons.SEND,
                           expand=True, on_click=answer)]
        if (a := answer_panel(app, p)) is not None:
            out.append(a)
        if p.decision in ("adopted", "partial"):
            out += [heading("추진 상황 올리기", m, ident="proposal-progress-heading"),
                    tagged(note, "proposal-progress-note"),
                    toggle_target(tagged(done, "proposal-progress-done"), m, done),
                    button("추진 상황 올리기", m, ident="proposal-progress-send",
                           icon=ft.Icons.UPDATE, expand=True, on_click=progress)]
        out += [heading("진행 과정", m, ident="proposal-officer-timeline"),
                *timeline(app, p, "proposal-officer"),
                heading(tr("댓글 {count}개", count=len(p.officer_comments)), m, ident="proposal-officer-comments")]
        for cm in p.officer_comments:
            lines: list[ft.Control] = [
                text(tr("{author} · 신고 {reports}건", author=cm.author, reports=cm.reports), m, "body_small", bold=cm.reports > 0),
                text(cm.text, m, "body_medium")]
            if cm.hidden:
                lines.append(text(tr("가림 · 사유: {hidden_reason}", hidden_reason=cm.hidden_reason), m, "body_medium",
                                  color=ft.Colors.ERROR, ident=f"proposal-officer-hidden-{cm.id}"))
            else:
                box = hide_reasons.setdefault(cm.id, form_field(
                    app, "가리는 사유 (시민에게 보입니다)", helper="예: 욕설이 있어 가렸습니다."))
                lines += [tagged(box, f"proposal-hide-reason-{cm.id}"),
                          button("댓글 가리기", m, ident=f"proposal-hide-{cm.id}", kind="outlined",
                                 icon=ft.Icons.VISIBILITY_OFF, name=tr("{author}님 댓글 가리기", author=cm.author),
                                 on_click=run(hide, cm.id))]
            out.append(panel(ft.Column(lines, spacing=4), alert=cm.reports > 0 and not cm.hidden))
        holder.controls = out

    async def first() -> None:
        await status.load(app.page, fetch, show)

    app.page.run_task(first)
    return screen(app, route, "제안 처리", [status, holder], ident="proposal-officer")
