"""The citizen's 1:1 conversation: start, write (text and photos), read receipts, rate."""
from __future__ import annotations

import flet as ft

from myg_app import catalog
from myg_app.client.api import ApiError
from myg_app.client.features.account import field
from myg_app.client.features.chat.controller import FID, controller, raw_request
from myg_app.client.features.chat.drawing import (
    chat_screen,
    composer,
    draw_messages,
    link_line,
    message_list,
)
from myg_app.client.features.layout import screen
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.chat import (
    CHAT_STATUS_KO,
    AttachmentOut,
    ConversationCreate,
    ConversationList,
    ConversationOut,
    OfficeHours,
    RatingRequest,
)


# --- citizen ---------------------------------------------------------------------------------
def citizen_view(app) -> ft.View:
    m = app.m
    ctl = controller(app)
    ctl.visible_role = "citizen"
    state: dict = {"conv": None}
    hours_text = text("", m, "body_medium", ident="chat-hours")
    head = ft.Column(spacing=4)
    messages = message_list(app)
    link = ft.Container()
    status = Loader(m, "chat-status")
    rating = ft.Column(spacing=m.gap, visible=False)
    picker = ft.FilePicker()
    app.state.services["chat_picker"] = picker  # services must stay referenced

    def conv() -> ConversationOut | None:
        cid = state["conv"]
        return ctl.convs.get(cid) if cid else None

    def redraw() -> None:
        c = conv()
        if c is None:
            head.controls = [text("상담원과 글로 대화합니다. 담당자가 답하면 바로 보입니다.", m,
                                  ident="chat-state")]
        else:
            who = c.answered_by or tr("{department} (담당자 배정 전)", department=c.department)
            head.controls = [text(f"{CHAT_STATUS_KO[c.status]} · {who}", m, "title_small",
                                  bold=True, ident="chat-state")]
        # The office hours scroll away above the conversation; the rating follows its end.
        messages.controls = [hours_text, *draw_messages(app, ctl, state["conv"], "citizen",
                                                        "chat"), rating]
        link.content = link_line(app, ctl, "chat", link.content)
        if ctl.notice:
            status.error(ctl.notice)
            ctl.notice = None
        draw_rating(c)
        app.page.update()

    def draw_rating(c: ConversationOut | None) -> None:
        rating.visible = c is not None and c.status == "closed"
        if not rating.visible:
            return
        if c.rating is not None:
            rating.controls = [text(tr("평가해 주셔서 감사합니다 ({rating}점).", rating=c.rating), m, ident="chat-rated"),
                               button("새 상담 시작", m, ident="chat-new", icon=ft.Icons.ADD,
                                      on_click=new_conversation, expand=True)]
            return
        comment = field(app, "한마디 (선택)", "chat-rate-comment")

        async def rate(e) -> None:
            try:
                ctl.convs[c.id] = await app.api.call(
                    "POST", f"/chat/conversations/{c.id}/rating", ConversationOut,
                    json=RatingRequest(score=e.control.data, comment=comment.value or None))
            except ApiError as err:
                status.error(err.message)
            redraw()

        stars = []
        for n in range(1, 6):
            b = button(tr("{n}점", n=n), m, ident=f"chat-rate-{n}", kind="outlined", on_click=rate)
            b.content.data = n
            stars.append(b)
        rating.controls = [heading("답변이 도움이 되었나요?", m),
                           ft.Row(stars, wrap=True, spacing=m.gap, run_spacing=m.gap),
                           tagged(comment, "chat-rate-comment"),
                           button("새 상담 시작", m, ident="chat-new", icon=ft.Icons.ADD,
                                  kind="text", on_click=new_conversation)]

    async def new_conversation(e=None) -> None:
        state["conv"] = None
        ctl.visible = None
        redraw()

    async def ensure_conversation() -> int:
        c = conv()
        if c is not None and c.status != "closed":
            return c.id
        created = await app.api.call("POST", "/chat/conversations", ConversationOut,
                                     json=ConversationCreate())
        ctl.convs[created.id] = created
        state["conv"] = ctl.visible = created.id
        await ctl.load(created.id)
        return created.id

    async def send(e=None) -> None:
        body = (box.value or "").strip()
        if not body:
            status.error("보낼 내용을 입력해 주세요.")
            app.page.update()
            return
        status.clear()
        try:
            cid = await ensure_conversation()
        except ApiError as err:
            status.error(err.message, on_retry=send)
            app.page.update()
            return
        box.value = ""
        await ctl.link.send(cid, body)
        redraw()

    async def photo(e=None) -> None:
        files = await picker.pick_files(file_type=ft.FilePickerFileType.IMAGE, with_data=True)
        if not files:
            return
        data = files[0].bytes
        if data is None and files[0].path:
            with open(files[0].path, "rb") as fh:
                data = fh.read()
        if not data:
            return
        status.loading("사진을 올리는 중입니다…")
        app.page.update()
        try:
            cid = await ensure_conversation()
            att = AttachmentOut.model_validate_json(await raw_request(
                app, "POST", f"/chat/conversations/{cid}/attachments", data,
                "application/octet-stream"))
            ctl.photos[att.id] = data
        except ApiError as err:
            status.error(err.message)
            app.page.update()
            return
        status.clear()
        await ctl.link.send(cid, "", att.id)
        redraw()

    box, compose = composer(app, ctl, "chat", send, photo)

    async def start() -> None:
        await ctl.ensure_started()
        try:
            hrs = await app.api.call("GET", "/chat/office-hours", OfficeHours, auth=False)
            hours_text.content.value = hrs.message
            mine = await app.api.call("GET", "/chat/conversations", ConversationList)
            latest = next((c for c in mine.items if c.status != "closed"), None) or next(
                (c for c in mine.items if c.rating is None), None)
            if latest is not None:
                state["conv"] = ctl.visible = latest.id
                await ctl.load(latest.id)
        except ApiError as err:
            status.error(err.message, on_retry=lambda e: app.page.run_task(start))
        redraw()

    if not app.signed_in:
        body = [text("상담 기록을 지키기 위해 로그인 후 이용할 수 있습니다.", m, ident="chat-login-note"),
                button("로그인", m, ident="chat-login", icon=ft.Icons.LOGIN,
                       on_click=lambda e: app.go("/login"), expand=True)]
        return screen(app, f"/f/{FID}", catalog.BY_ID[FID].name_ko, body, ident=f"function-{FID}")

    ctl.redraw = redraw
    hours_text.content.value = "상담 시간을 확인하는 중입니다…"
    messages.controls = [hours_text, rating]
    app.page.run_task(start)
    return chat_screen(app, f"/f/{FID}", catalog.BY_ID[FID].name_ko, [head, link], messages,
                       [status, *compose], ident=f"function-{FID}")
