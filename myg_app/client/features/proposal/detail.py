"""/f/proposal/p/<id>: a proposal as everyone sees it (a shared link opens for guests): the
support button with the count against the threshold, the timeline of states with the answer
and progress updates, photos, and the comments (report abuse; a hidden one shows why)."""
from __future__ import annotations

import uuid

import flet as ft

from myg_app.client.features.layout import screen
from myg_app.client.features.proposal.common import (
    BASE, form_field, panel, run, state_chips, support_bar, url, when, when_time,
)
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import StatusPanel, button, heading, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts import proposal as c


def timeline(app, p: c.ProposalDetail, prefix: str = "proposal") -> list[ft.Control]:
    m = app.m
    out: list[ft.Control] = []
    for i, e in enumerate(p.history):
        head = e.state_name or {"department": "담당 부서", "progress": "추진 상황"}.get(e.kind, "")
        if e.kind == "progress":
            head = tr("추진 상황 ({state_name})", state_name=e.state_name)
        out.append(tagged(ft.Row([
            ft.Icon(ft.Icons.CIRCLE, size=m.icon * 0.5, color=ft.Colors.PRIMARY),
            ft.Column([text(f"{head} · {when_time(e.at)}", m, "body_medium", bold=True),
                       text(e.note or "", m, "body_medium")], spacing=2, expand=True)],
            vertical_alignment=ft.CrossAxisAlignment.START),
            f"{prefix}-event-{i}", f"{head}, {when_time(e.at)}, {e.note or ''}"))
    return out


def answer_panel(app, p: c.ProposalDetail) -> ft.Control | None:
    if p.answer is None:
        return None
    m = app.m
    a = p.answer
    return tagged(panel(ft.Column([
        text(tr("답변: {decision_name}", decision_name=a.decision_name), m, "title_small", bold=True),
        text(a.reason, m),
        text(f"{a.department or ''} · {when(a.answered_at)}", m, "body_small",
             color=ft.Colors.ON_SURFACE_VARIANT)], spacing=4)),
        "proposal-answer", tr("답변 {decision_name}: {reason}", decision_name=a.decision_name, reason=a.reason))


def detail_view(app, pid: int) -> ft.View:
    m = app.m
    route = f"{BASE}/p/{pid}"
    status = Loader(m, "proposal-detail-status")
    act = StatusPanel(m, "proposal-action-status")
    holder = ft.Column(spacing=m.gap * 2, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    comment_box = form_field(app, "댓글", multiline=True, max_length=c.COMMENT_MAX,
                             hint="예: 저도 출퇴근할 때 불편했어요.")
    key = {"comment": str(uuid.uuid4())}

    def show(p: c.ProposalDetail) -> None:
        out: list[ft.Control] = [
            ft.Semantics(header=True, content=text(p.title, m, "title_large", bold=True,
                                                   ident="proposal-title")),
            state_chips(app, p),
            text(f"{p.proposer} · {when(p.created_at)}", m, "body_medium",
                 color=ft.Colors.ON_SURFACE_VARIANT, ident="proposal-proposer"),
        ]
        if p.demo:
            out.append(text("앱 시연을 위한 데모 제안입니다.", m, "body_medium", color=ft.Colors.ERROR))
        out.append(support_bar(app, p))
        if p.can_support or p.supported_by_me and p.state == "collecting":
            if p.supported_by_me:
                out.append(button("공감 취소", m, ident="proposal-unsupport", kind="outlined",
                                  icon=ft.Icons.THUMB_DOWN_OFF_ALT, expand=True,
                                  on_click=run(do, "DELETE", f"/proposals/{pid}/support",
                                               "공감을 취소했습니다.")))
            else:
                out.append(button("공감하기", m, ident="proposal-support", icon=ft.Icons.THUMB_UP,
                                  expand=True, on_click=run(do, "POST",
                                                            f"/proposals/{pid}/support",
                                                            "공감했습니다. 진행 상황을 알려 드립니다.")))
        elif p.state == "collecting" and not app.signed_in:
            out.append(button("로그인하고 공감하기", m, ident="proposal-login", icon=ft.Icons.LOGIN,
                              expand=True, on_click=lambda e: app.go("/login")))
        elif p.mine and p.state == "collecting":
            out.append(text("내가 올린 제안입니다. 이웃에게 알려 공감을 모아 보세요.", m, "body_medium"))
        out.append(act)
        if (a := answer_panel(app, p)) is not None:
            out.append(a)
        elif p.state == "review" and p.answer_due_at:
            out.append(text(tr("{value}에서 검토 중입니다. {when}까지 답변합니다.", value=p.department or '담당 부서', when=when(p.answer_due_at)), m, ident="proposal-review-note"))
        out += [heading("제안 내용", m, ident="proposal-body-heading"),
                text(p.body, m, ident="proposal-body")]
        for n, ph in enumerate(p.photos):
            out.append(ft.Container(ft.Image(src=url(app, ph.url), fit=ft.BoxFit.CONTAIN,
                                             semantics_label=tr("제안 사진 {value}", value=n + 1)),
                                    border_radius=10, clip_behavior=ft.ClipBehavior.HARD_EDGE))
        out += [heading("진행 과정", m, ident="proposal-timeline-heading"), *timeline(app, p)]
        out.append(heading(tr("댓글 {count}개", count=len(p.comment_list)), m, ident="proposal-comments-heading"))
        for cm in p.comment_list:
            out.append(comment_row(cm))
        if app.signed_in:
            out += [tagged(comment_box, "proposal-comment-field"),
                    button("댓글 올리기", m, ident="proposal-comment-send", icon=ft.Icons.SEND,
                           expand=True, on_click=send_comment)]
        holder.controls = out

    def comment_row(cm: c.Comment) -> ft.Control:
        lines: list[ft.Control] = [text(f"{cm.author} · {when_time(cm.created_at)}", m,
                                        "body_small", color=ft.Colors.ON_SURFACE_VARIANT)]
        if cm.hidden:
            lines.append(text(tr("담당자가 가린 댓글입니다. 사유: {hidden_reason}", hidden_reason=cm.hidden_reason), m, "body_medium",
                              ident=f"proposal-comment-hidden-{cm.id}"))
        else:
            lines.append(text(cm.body or "", m, "body_medium",
                              ident=f"proposal-comment-text-{cm.id}"))
            if app.signed_in and not cm.mine:
                lines.append(button("신고됨" if cm.reported_by_me else "욕설·비방 신고", m,
                                    ident=f"proposal-comment-report-{cm.id}", kind="text",
                                    icon=ft.Icons.FLAG,
                                    name=tr("{author}님 댓글 신고", author=cm.author),
                                    on_click=None if cm.reported_by_me else run(
                                        report, cm.id)))
        return panel(ft.Column(lines, spacing=4))

    async def reload() -> None:
        app.forget_view(BASE)  # counts and states changed: the list loads again when back
        await status.load(app.page, fetch, show, clear=False)

    def fetch():
        return app.api.call("GET", f"/proposals/{pid}", c.ProposalDetail, auth=app.signed_in)

    async def do(method: str, path: str, done: str) -> None:
        await act.perform(app.page, lambda: app.api.call(method, path, c.ProposalDetail),
                          done=done, then=reload)

    async def report(cid: int) -> None:
        await act.perform(app.page, lambda: app.api.call(
            "POST", f"/proposals/{pid}/comments/{cid}/report", c.ProposalDetail,
            json=c.AbuseReport()), done="신고했습니다. 담당자가 확인합니다.", then=reload)

    async def send_comment(e) -> None:
        value = (comment_box.value or "").strip()
        if not value:
            act.error("댓글 내용을 입력해 주세요.")
            app.page.update()
            return

        async def call():
            await app.api.call("POST", f"/proposals/{pid}/comments", c.ProposalDetail,
                               json=c.CommentCreate(body=value),
                               idempotency_key=key["comment"])
        if await act.perform(app.page, call, done="댓글을 올렸습니다.", then=reload):
            comment_box.value = ""
            key["comment"] = str(uuid.uuid4())
            app.page.update()

    async def first() -> None:
        await status.load(app.page, fetch, show)

    app.page.run_task(first)
    return screen(app, route, "정책 제안", [status, holder], ident="proposal-detail")
