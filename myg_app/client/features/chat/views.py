"""1:1 민원상담 채팅: the citizen's conversation and the officer desk (queue, take, transfer,
saved answers, close). Live over the ChatLink; history and actions over REST."""

from __future__ import annotations

import json
from collections.abc import Callable

import flet as ft

from myg_app import catalog
from myg_app.client.features.feature import Feature
from myg_app.client.api import ApiError
from myg_app.client.features.account import field
from myg_app.client.features.chat.link import ChatLink
from myg_app.client.features.layout import screen
from myg_app.client.theme import FONT
from myg_app.client.widgets.common import button, heading, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.chat import (
    CHAT_STATUS_KO, AttachmentOut, ChatMessageOut, CloseRequest, ConversationCreate,
    ConversationList, ConversationOut, DepartmentList, MessagePage, OfficeHours, QueueList,
    RatingRequest, SavedAnswerList, TransferRequest,
)
from myg_app.seoul_time import to_seoul

FID = "chat"
K_OUTBOX = "myg.chat.outbox"  # messages written but not yet acknowledged, kept on the device
LIST_HEIGHT = 420


class ChatController:
    """One per app session: conversations seen, their messages, the live link."""

    def __init__(self, app):
        self.app = app
        self.user_id = app.state.user.id if app.state.user else None
        self.convs: dict[int, ConversationOut] = {}
        self.msgs: dict[int, dict[int, ChatMessageOut]] = {}
        self.photos: dict[int, bytes] = {}
        self.online = False
        self.visible: int | None = None  # the conversation on screen (read receipts)
        self.redraw: Callable[[], None] | None = None
        self.on_queue: Callable[[], None] | None = None
        self.notice: str | None = None
        self.link = ChatLink(app.api, self._frame, self._state, self._outbox)
        self._restored = False

    async def ensure_started(self) -> None:
        if not self._restored:
            self._restored = True
            try:
                raw = await self.app.prefs.service.get(K_OUTBOX)
                self.link.restore(json.loads(raw) if raw else [])
            except (ValueError, TypeError):
                pass
        self.link.start(self.app.page)

    def _draw(self) -> None:
        if self.redraw is not None:
            self.redraw()

    async def _state(self, online: bool) -> None:
        self.online = online
        self._draw()

    async def _outbox(self, frames: list[dict]) -> None:
        await self.app.prefs.service.set(K_OUTBOX, json.dumps(frames, ensure_ascii=False))

    async def _frame(self, f: dict) -> None:
        user = self.app.state.user
        if user is None or user.id != self.user_id:
            # Signed out (or another account): this line is not theirs any more.
            self.app.page.run_task(self.link.stop)
            return
        kind = f.get("type")
        if kind == "message":
            m = ChatMessageOut.model_validate(f["message"])
            self.msgs.setdefault(m.conversation_id, {})[m.seq] = m
            conv = self.convs.get(m.conversation_id)
            if conv is not None and m.seq > conv.last_seq:
                conv.last_seq = m.seq
            if m.attachment_id and m.attachment_id not in self.photos:
                await self.load_photo(m.attachment_id)
            if self.visible == m.conversation_id and m.sender != self.my_side(m.conversation_id):
                await self.link.read(m.conversation_id, m.seq)
        elif kind == "conversation":
            conv = ConversationOut.model_validate(f["conversation"])
            self.convs[conv.id] = conv
        elif kind == "receipt":
            conv = self.convs.get(f["conversation_id"])
            if conv is not None:
                setattr(conv, f"{f['reader']}_read_seq", f["seq"])
        elif kind == "queue":
            if self.on_queue is not None:
                self.on_queue()
            return
        elif kind == "error":
            if f.get("code") == "auth.expired":
                return  # the link reconnects with a fresh token by itself
            self.notice = f.get("detail")
        elif kind != "caught_up":
            return
        self._draw()

    def my_side(self, conv_id: int) -> str:
        u = self.app.state.user
        return "officer" if u is not None and u.role in ("officer", "admin") and \
            self.visible_role == "officer" else "citizen"

    visible_role = "citizen"

    async def load(self, conv_id: int) -> None:
        page = await self.app.api.call("GET", f"/chat/conversations/{conv_id}/messages",
                                       MessagePage)
        self.convs[conv_id] = page.conversation
        bucket = self.msgs.setdefault(conv_id, {})
        for m in page.items:
            bucket[m.seq] = m
        for m in page.items:
            if m.attachment_id and m.attachment_id not in self.photos:
                await self.load_photo(m.attachment_id)
        await self.link.subscribe(conv_id, page.conversation.last_seq)
        if page.items:
            await self.link.read(conv_id, page.items[-1].seq)

    async def load_photo(self, att_id: int) -> None:
        try:
            self.photos[att_id] = await _raw(self.app, "GET", f"/chat/attachments/{att_id}")
        except ApiError:
            pass

    def pending(self, conv_id: int) -> list[dict]:
        return [f for f in self.link.outbox.values() if f["conversation_id"] == conv_id]


async def _raw(app, method: str, path: str, content: bytes | None = None,
               ctype: str | None = None) -> bytes:
    """Photo bytes in or out, through the API client (auth, token refresh, Korean errors)."""
    try:
        return await app.api.raw(method, path, content=content, content_type=ctype)
    except ApiError as e:
        if e.code in ("server", "bad_response"):  # no message of the server's own
            raise ApiError("사진을 처리하지 못했습니다.", status=e.status, code=e.code) from None
        raise


def controller(app) -> ChatController:
    """The session's chat state, for the account signed in now (a new one after switching)."""
    ctl = app.state.drafts.get("chat")
    user_id = app.state.user.id if app.state.user else None
    if ctl is not None and ctl.user_id != user_id:
        app.page.run_task(ctl.link.stop)
        ctl = None
    if ctl is None:
        ctl = app.state.drafts["chat"] = ChatController(app)
    return ctl


# --- drawing -------------------------------------------------------------------------------
def bubble(app, ctl: ChatController, m: ChatMessageOut, mine: bool, read: bool,
           prefix: str) -> ft.Control:
    mm = app.m
    when = f"{to_seoul(m.created_at):%H:%M}"
    who = "나" if mine else m.sender_label
    parts: list[ft.Control] = [text(f"{who} · {when}", mm, "body_small",
                                    color=ft.Colors.ON_SURFACE_VARIANT)]
    if m.attachment_id and (data := ctl.photos.get(m.attachment_id)):
        parts.append(ft.Image(src=data, width=220, fit=ft.BoxFit.CONTAIN,
                              semantics_label="첨부 사진"))
    elif m.attachment_id:
        parts.append(text("[사진]", mm, "body_medium"))
    if m.body:
        parts.append(text(m.body, mm, "body_large"))
    if mine and read:
        parts.append(text("읽음", mm, "body_small", color=ft.Colors.PRIMARY,
                          ident=f"{prefix}-read-{m.seq}"))
    bg = (ft.Colors.PRIMARY_CONTAINER if mine else
          ft.Colors.SURFACE_CONTAINER if m.sender != "system" else ft.Colors.SURFACE)
    box = ft.Container(ft.Column(parts, spacing=2, tight=True), padding=10, border_radius=12,
                       bgcolor=bg, border=ft.Border.all(1, ft.Colors.OUTLINE)
                       if m.sender == "system" else None)
    label = f"{who}, {when}: {m.body or '사진'}" + (", 읽음" if mine and read else "")
    # One node with one sentence for screen readers (sender, time, text, receipt).
    return ft.Semantics(identifier=f"{prefix}-msg-{m.seq}", label=label, exclude_semantics=True,
                        content=ft.Row(
        [ft.Container(box, expand=8), ] if not mine else [ft.Container(expand=1),
                                                          ft.Container(box, expand=8)],
        vertical_alignment=ft.CrossAxisAlignment.START))


def draw_messages(app, ctl: ChatController, conv_id: int | None, side: str,
                  prefix: str) -> list[ft.Control]:
    if conv_id is None:
        return [text("아직 대화가 없습니다. 궁금한 점을 적어 보내 주세요.", app.m, ident=f"{prefix}-empty")]
    conv = ctl.convs.get(conv_id)
    other_read = 0
    if conv is not None:
        other_read = conv.officer_read_seq if side == "citizen" else conv.citizen_read_seq
    out = [bubble(app, ctl, m, m.sender == side, m.seq <= other_read, prefix)
           for _, m in sorted(ctl.msgs.get(conv_id, {}).items())]
    for f in ctl.pending(conv_id):
        out.append(tagged(ft.Row([ft.Container(expand=1), ft.Container(
            ft.Column([text("보내는 중… (연결되면 자동으로 보냅니다)", app.m, "body_small"),
                       text(f["body"] or "[사진]", app.m)], spacing=2, tight=True),
            padding=10, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER, expand=8)]),
            f"{prefix}-pending-{f['client_msg_id'][:8]}"))
    return out


def composer(app, ctl: ChatController, prefix: str, on_send, on_photo=None):
    m = app.m
    box = field(app, "메시지", f"{prefix}-input", hint="여기에 적어 주세요")
    box.multiline, box.min_lines, box.max_lines = True, 1, 4
    box.max_length = 1000
    box.shift_enter = True
    box.on_submit = on_send
    box.expand = True
    field_sem = tagged(box, f"{prefix}-input")
    field_sem.expand = True  # the full width of the screen, in a row
    row: list[ft.Control] = [ft.Row([field_sem])]
    actions = [button("보내기", m, ident=f"{prefix}-send", icon=ft.Icons.SEND, on_click=on_send,
                      expand=True)]
    if on_photo is not None:
        actions.insert(0, button("사진", m, ident=f"{prefix}-photo", icon=ft.Icons.PHOTO_CAMERA,
                                 kind="outlined", on_click=on_photo))
    return box, row + [ft.Row(actions, spacing=m.gap)]


def link_line(app, ctl: ChatController, prefix: str) -> ft.Control:
    msg = "실시간 연결됨" if ctl.online else "연결 중… 쓴 글은 연결되면 보냅니다"
    return text(msg, app.m, "body_small", ident=f"{prefix}-link",
                color=ft.Colors.PRIMARY if ctl.online else ft.Colors.ERROR)


# --- citizen ---------------------------------------------------------------------------------
def citizen_view(app) -> ft.View:
    m = app.m
    ctl = controller(app)
    ctl.visible_role = "citizen"
    state: dict = {"conv": None}
    hours_text = text("", m, "body_medium", ident="chat-hours")
    head = ft.Column(spacing=4)
    messages = ft.Column(spacing=m.gap, scroll=ft.ScrollMode.AUTO, auto_scroll=True,
                         height=LIST_HEIGHT)
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
            who = c.answered_by or f"{c.department} (담당자 배정 전)"
            head.controls = [text(f"{CHAT_STATUS_KO[c.status]} · {who}", m, "title_small",
                                  bold=True, ident="chat-state")]
        messages.controls = draw_messages(app, ctl, state["conv"], "citizen", "chat")
        link.content = link_line(app, ctl, "chat")
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
            rating.controls = [text(f"평가해 주셔서 감사합니다 ({c.rating}점).", m, ident="chat-rated"),
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
            b = button(f"{n}점", m, ident=f"chat-rate-{n}", kind="outlined", on_click=rate)
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
            att = AttachmentOut.model_validate_json(await _raw(
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
    body = [hours_text, head, link, messages, status, *compose, rating]
    app.page.run_task(start)
    return screen(app, f"/f/{FID}", catalog.BY_ID[FID].name_ko, body, ident=f"function-{FID}")


# --- officer desk --------------------------------------------------------------------------
def desk_view(app) -> ft.View:
    m = app.m
    ctl = controller(app)
    items = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    head = text("", m, "body_medium", ident="chat-desk-hours")
    status = Loader(m, "chat-desk-status")

    async def load(e=None) -> None:
        def show_loaded(q) -> None:
            head.content.value = f"{q.department} 상담 대기열 · {q.office.message}"
            if not q.items:
                items.controls = [text("기다리는 상담이 없습니다.", m, ident="chat-desk-empty")]
            else:
                items.controls = [tagged(ft.Container(ft.Column([
                    text(f"{i.citizen} · {CHAT_STATUS_KO[i.status]}"
                         + (f" · {i.waiting_minutes}분 대기" if i.waiting_since else "")
                         + (" · 내 상담" if i.mine else "") + (f" · 새 글 {i.unread}" if i.unread else ""),
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
    messages = ft.Column(spacing=m.gap, scroll=ft.ScrollMode.AUTO, auto_scroll=True,
                         height=LIST_HEIGHT)
    link = ft.Container()
    status = Loader(m, "chat-desk-conv-status")
    style = ft.TextStyle(size=m.text("body_large"), font_family=FONT)
    saved = ft.Dropdown(label="저장된 답변", options=[], text_style=style, expand=True)
    dept = ft.Dropdown(label="넘길 부서", options=[], text_style=style, expand=True)
    summary = field(app, "상담 요약 (종료할 때)", "chat-desk-summary")
    answers: dict[str, str] = {}

    def redraw() -> None:
        c = ctl.convs.get(conv_id)
        if c is not None:
            take_button.visible = c.status == "queued"
            closing.visible = c.status != "closed"
            head.controls = [text(f"{CHAT_STATUS_KO[c.status]} · {c.department}"
                                  + (f" · {c.answered_by}" if c.answered_by else ""), m,
                                  "title_small", bold=True, ident="chat-desk-state")]
        messages.controls = draw_messages(app, ctl, conv_id, "officer", "chat-desk")
        link.content = link_line(app, ctl, "chat-desk")
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
                  f"{dept.value}(으)로 넘겼습니다.")

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
            app.page.update()

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
                         kind="tonal", on_click=take, expand=True)
    closing = ft.Column([
        tagged(saved, "chat-desk-saved"),
        ft.Row([tagged(dept, "chat-desk-dept"),
                button("넘기기", m, ident="chat-desk-transfer", kind="outlined",
                       on_click=transfer)], spacing=m.gap, wrap=m.large),
        tagged(summary, "chat-desk-summary"),
        button("요약 저장하고 종료", m, ident="chat-desk-close", icon=ft.Icons.CHECK,
               kind="outlined", on_click=close, expand=True)], spacing=m.gap * 2)
    body = [head, link, take_button, messages, status, *compose, closing]
    app.page.run_task(start)
    return screen(app, f"/f/chat/desk/{conv_id}", "상담", body, ident="chat-desk-conv")


def is_officer(app) -> bool:
    u = app.state.user
    return u is not None and u.role in ("officer", "admin")


def main_view(app) -> ft.View:
    return desk_view(app) if is_officer(app) else citizen_view(app)


def inner(app, rest: str):
    parts = rest.strip("/").split("/")
    if len(parts) == 2 and parts[0] == "desk" and parts[1].isdigit() and is_officer(app):
        return [lambda: desk_conversation_view(app, int(parts[1]))]
    return None


FEATURES = (Feature(FID, main_view, inner),)
