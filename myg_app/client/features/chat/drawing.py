"""Drawing a conversation: bubbles, the message list, the composer, the link state line."""
from __future__ import annotations

import flet as ft

from myg_app.client.features.account import field
from myg_app.client.features.chat.controller import ChatController
from myg_app.client.features.layout import screen
from myg_app.client.theme import text_style
from myg_app.client.widgets.common import button, tagged, text
from myg_app.contracts.chat import (
    ChatMessageOut,
)
from myg_app.seoul_time import to_seoul


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


def message_list(app) -> ft.Column:
    """The conversation's scrolling list: it takes the height the screen has left."""
    return ft.Column(spacing=app.m.gap, scroll=ft.ScrollMode.AUTO, auto_scroll=True, expand=True)


def chat_screen(app, route: str, title: str, top: list[ft.Control], middle: ft.Control,
                bottom: list[ft.Control], *, ident: str) -> ft.View:
    """A chat screen that never scrolls as a whole: `top` stays above, `middle` (the message
    list) takes the height left and scrolls by itself, and `bottom` (the composer) always sits
    at the bottom of the view, at 360x800 and in large text alike."""
    view = screen(app, route, title, [], ident=ident)
    view.scroll = None
    middle.expand = True
    view.controls = [ft.Column([*top, middle, *bottom], spacing=app.m.gap, expand=True)]
    return view


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
    send = button("보내기", m, ident=f"{prefix}-send", icon=ft.Icons.SEND, on_click=on_send,
                  expand=True)
    send.expand = True  # the Semantics node is the Row's child: it must take the space
    actions: list[ft.Control] = [send]
    if on_photo is not None:
        actions.insert(0, button("사진", m, ident=f"{prefix}-photo", icon=ft.Icons.PHOTO_CAMERA,
                                 kind="outlined", on_click=on_photo))
    return box, row + [ft.Row(actions, spacing=m.gap)]


def link_line(app, ctl: ChatController, prefix: str,
              current: ft.Control | None = None) -> ft.Control:
    """The line's state; `current` (the one on screen) is changed in place, not replaced."""
    msg = "실시간 연결됨" if ctl.online else "연결 중… 쓴 글은 연결되면 보냅니다"
    color = ft.Colors.PRIMARY if ctl.online else ft.Colors.ERROR
    if isinstance(current, ft.Semantics) and isinstance(current.content, ft.Text):
        current.content.value = msg
        current.content.style = text_style(app.m.text("body_small"), color=color)
        return current
    return text(msg, app.m, "body_small", ident=f"{prefix}-link", color=color)
