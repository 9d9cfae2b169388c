"""The officer desk: queue, take, transfer, saved answers, close with a summary."""
from __future__ import annotations

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.account import field
from myg_app.client.features.chat.controller import controller
from myg_app.client.features.chat.drawing import (
    chat_screen,
    composer,
    draw_messages,
    link_line,
    message_list,
)
from myg_app.client.features.layout import screen
from myg_app.client.i18n import tr
from myg_app.client.theme import FONT
from myg_app.client.widgets.common import button, button_label, heading, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.chat import (
    CHAT_STATUS_KO,
    CloseRequest,
    ConversationOut,
    DepartmentList,
    QueueList,
    SavedAnswerList,
    TransferRequest,
)


# --- officer desk --------------------------------------------------------------------------
def desk_view(app) -> ft.View:
    m = app.m
    ctl = controller(app)
    items = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    head = text("", m, "body_medium", ident="chat-desk-hours")
    status = Loader(m, "chat-desk-status")

    async def load(e=None) -> None:
        def show_loaded(q) -> None:
            head.content.value = tr("{department} 상담 대기열 · {message}", department=q.department, message=q.office.message)
            if not q.items:
                items.controls = [text("기다리는 상담이 없습니다.", m, ident="chat-desk-empty")]
            else:
                items.controls = [tagged(ft.Container(ft.Column([
                    text(f"{i.citizen} · {CHAT_STATUS_KO[i.status]}"
                         + (tr(" · {waiting_minutes}분 대기", waiting_minutes=i.waiting_minutes) if i.waiting_since else "")
                         + (" · 내 상담" if i.mine else "") + (tr(" · 새 글 {unread}", unread=i.unread) if i.unread else ""),
                         m, "title_small", bold=True),
                    text(i.preview or "(아직 글이 없습니다)", m, "body_medium"),
                    button("열기", m, ident=f"chat-desk-open-{i.id}", kind="outlined",
                           on_click=lambda e, cid=i.id: app.go(f"/f/chat/desk/{cid}")),
                ], spacing=4), padding=12, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER),
                    f"chat-desk-item-{i.id}") for i in q.items]

        await status.load(app.page, lambda: app.api.call(
            "GET", "/chat/desk/queue", QueueList), show_loaded)

    async def start() -> None:
        await ctl.ensure_started()
        await ctl.link.subscribe_queue()
        await load()

    ctl.on_queue = lambda: app.page.run_task(load)
    ctl.redraw = None
    body = [head, button("새로고침", m, ident="chat-desk-refresh", icon=ft.Icons.REFRESH,
                         kind="outlined", on_click=load), status, items]
    app.page.run_task(start)
    return screen(app, "/f/chat", "민원상담 데스크", body, ident="function-chat")


def desk_conversation_view(app, conv_id: int) -> ft.View:
    m = app.m
    ctl = controller(app)
    ctl.visible_role = "officer"
    head = ft.Column(spacing=4)
    messages = message_list(app)
    link = ft.Container()
    status = Loader(m, "chat-desk-conv-status")
    style = ft.TextStyle(size=m.text("body_large"), font_family=FONT)
    label_style = ft.TextStyle(size=m.text("body_medium"), font_family=FONT)
    # Full width in a Column (a Dropdown that expands inside a Row has no width and vanishes).
    saved = ft.Dropdown(label="저장된 답변", options=[], text_style=style, label_style=label_style,
                        expand=True)
    dept = ft.Dropdown(label="넘길 부서", options=[], text_style=style, label_style=label_style,
                       expand=True)
    mode = {"tools": False}
    summary = field(app, "상담 요약 (종료할 때)", "chat-desk-summary")
    answers: dict[str, str] = {}

    def redraw() -> None:
        c = ctl.convs.get(conv_id)
        if c is not None:
            take_button.visible = c.status == "queued"
            if c.status == "closed":
                mode["tools"] = False
            tools_button.visible = c.status != "closed"
        tools = mode["tools"]
        closing.visible = tools
        messages.visible = not tools
        for row in compose:
            row.visible = not tools
        tools_button.content.content = button_label("대화로 돌아가기" if tools else "넘기기·종료")
        tools_button.content.icon = ft.Icons.CHAT if tools else ft.Icons.SWAP_HORIZ
        if c is not None:
            head.controls = [text(f"{CHAT_STATUS_KO[c.status]} · {c.department}"
                                  + (f" · {c.answered_by}" if c.answered_by else ""), m,
                                  "title_small", bold=True, ident="chat-desk-state")]
        messages.controls = draw_messages(app, ctl, conv_id, "officer", "chat-desk")
        link.content = link_line(app, ctl, "chat-desk", link.content)
        if ctl.notice:
            status.error(ctl.notice)
            ctl.notice = None
        app.page.update()

    async def act(path: str, body=None, done: str = "") -> None:
        try:
            ctl.convs[conv_id] = await app.api.call("POST", f"/chat/desk/conversations/{conv_id}/{path}",
                                                    ConversationOut, json=body)
            status.notice(done) if done else status.clear()
        except ApiError as err:
            status.error(err.message)
        redraw()

    async def take(e) -> None:
        await act("take", done="상담을 맡았습니다.")

    async def transfer(e) -> None:
        if not dept.value:
            status.error("넘길 부서를 골라 주세요.")
            app.page.update()
            return
        await act("transfer", TransferRequest(department=dept.value),
                  tr("{value}(으)로 넘겼습니다.", value=dept.value))

    async def close(e) -> None:
        if not (summary.value or "").strip():
            summary.error = "상담 요약을 적어 주세요."
            app.page.update()
            return
        summary.error = None
        await act("close", CloseRequest(summary=summary.value.strip()), "상담을 종료했습니다.")

    async def send(e=None) -> None:
        body = (box.value or "").strip()
        if not body:
            return
        box.value = ""
        await ctl.link.send(conv_id, body)
        redraw()

    def use_saved(e) -> None:
        if saved.value in answers:
            box.value = answers[saved.value]
            mode["tools"] = False  # back to the conversation, the answer in the composer
            redraw()

    def toggle_tools(e) -> None:
        mode["tools"] = not mode["tools"]
        redraw()

    saved.on_select = use_saved
    box, compose = composer(app, ctl, "chat-desk", send)

    async def start() -> None:
        await ctl.ensure_started()
        try:
            await ctl.load(conv_id)
            sa = await app.api.call("GET", "/chat/desk/saved-answers", SavedAnswerList)
            answers.update({a.title: a.body for a in sa.items})
            saved.options = [ft.DropdownOption(key=a.title, text=a.title) for a in sa.items]
            deps = await app.api.call("GET", "/chat/desk/departments", DepartmentList)
            c = ctl.convs.get(conv_id)
            dept.options = [ft.DropdownOption(key=d, text=d) for d in deps.items
                            if c is None or d != c.department]
        except ApiError as err:
            status.error(err.message)
        redraw()

    ctl.redraw = redraw
    ctl.visible = conv_id
    take_button = button("상담 맡기", m, ident="chat-desk-take", icon=ft.Icons.PAN_TOOL,
                         kind="tonal", on_click=take)
    tools_button = button("넘기기·종료", m, ident="chat-desk-tools", icon=ft.Icons.SWAP_HORIZ,
                          kind="outlined", on_click=toggle_tools)
    # Saved answers, transfer and close: shown in place of the conversation when asked for,
    # so the message list and the composer keep the screen to themselves otherwise.
    closing = ft.Column([
        heading("저장된 답변", m),
        tagged(saved, "chat-desk-saved", "저장된 답변"),
        heading("다른 부서로 넘기기", m),
        tagged(dept, "chat-desk-dept", "넘길 부서"),
        button("넘기기", m, ident="chat-desk-transfer", icon=ft.Icons.FORWARD, kind="outlined",
               on_click=transfer, expand=True),
        heading("상담 종료", m),
        tagged(summary, "chat-desk-summary"),
        button("요약 저장하고 종료", m, ident="chat-desk-close", icon=ft.Icons.CHECK,
               kind="outlined", on_click=close, expand=True)],
        spacing=m.gap, scroll=ft.ScrollMode.AUTO, visible=False,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    middle = ft.Column([messages, closing], spacing=0)
    closing.expand = True
    app.page.run_task(start)
    actions = ft.Row([take_button, tools_button], wrap=True, spacing=m.gap, run_spacing=m.gap)
    return chat_screen(app, f"/f/chat/desk/{conv_id}", "상담", [head, link, actions],
                       middle, [status, *compose], ident="chat-desk-conv")
