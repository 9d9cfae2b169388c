"""/f/proposal/new: a proposal's title, body, 분야, 읍면동 and photos (checked one by one by
the server); kept in memory while the citizen moves around; sent once (Idempotency-Key)."""
from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass, field

import flet as ft
from pydantic import ValidationError

from myg_app.client.api import ApiError
from myg_app.client.features.layout import screen
from myg_app.client.features.proposal.common import BASE, dropdown, form_field
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import StatusPanel, button, heading, icon_button, tagged, text
from myg_app.client.widgets.dropdown import named_dropdown
from myg_app.contracts import proposal as c
from myg_app.gwangyang.dongs import DONGS


@dataclass
class Draft:
    title: str = ""
    body: str = ""
    category: str | None = None
    dong: str | None = None
    photos: list[tuple[str, str, bytes]] = field(default_factory=list)  # (name, token, bytes)
    key: str = field(default_factory=lambda: str(uuid.uuid4()))


def draft(app) -> Draft:
    d = app.state.drafts.get("proposal_form")
    if d is None:
        d = app.state.drafts["proposal_form"] = Draft()
    return d


def view(app) -> ft.View:
    m = app.m
    d = draft(app)
    status = StatusPanel(m, "proposal-form-status")
    photo_row = ft.Row(wrap=True, spacing=8)
    photo_msgs = ft.Column(spacing=4)
    title = form_field(app, "제목", d.title, max_length=c.TITLE_MAX,
                       helper="예: 중마동 시내버스 배차 간격을 줄여 주세요")
    body = form_field(app, "제안 내용", d.body, multiline=True, max_length=c.BODY_MAX,
                      hint="무엇이 불편한지, 어떻게 바뀌면 좋을지 적어 주세요.")

    def changed(e) -> None:
        d.title, d.body = title.value or "", body.value or ""

    title.on_change = body.on_change = changed

    def pick(attr: str):
        def on_select(e) -> None:
            setattr(d, attr, e.control.value or None)
        return on_select

    category = named_dropdown(dropdown(app, "분야", list(c.CATEGORY_NAMES.items()), d.category,
                                       pick("category")), "proposal-category", "분야", "고르지 않음")
    dong = named_dropdown(dropdown(app, "읍면동", [(x.code, x.name) for x in DONGS], d.dong,
                                   pick("dong")), "proposal-dong", "읍면동", "고르지 않음")

    def render_photos() -> None:
        photo_row.controls = [ft.Column([
            ft.Image(src=data, width=88, height=88, fit=ft.BoxFit.COVER, border_radius=8,
                     semantics_label=tr("사진 {value}", value=i + 1)),
            icon_button(ft.Icons.DELETE, tr("사진 {value} 빼기", value=i + 1), m, ident=f"proposal-photo-del-{i}",
                        on_click=lambda e, idx=i: remove(idx))],
            spacing=2, horizontal_alignment=ft.CrossAxisAlignment.CENTER)
            for i, (_n, _t, data) in enumerate(d.photos)]

    def remove(idx: int) -> None:
        if 0 <= idx < len(d.photos):
            d.photos.pop(idx)
        render_photos()

    async def add_files(files: list[tuple[str, bytes | None]]) -> None:
        photo_msgs.controls = []
        for name, data in files:
            if len(d.photos) >= c.MAX_PHOTOS:
                photo_msgs.controls.append(text(tr("사진은 {MAX_PHOTOS}장까지 붙일 수 있습니다.", MAX_PHOTOS=c.MAX_PHOTOS), m,
                                                "body_medium", color=ft.Colors.ERROR,
                                                ident="proposal-photo-error"))
                break
            if not data:
                continue
            try:
                upload = c.PhotoUpload(filename=name[:200],
                                       content_base64=base64.b64encode(data).decode())
                out = await app.api.call("POST", "/proposals/photos", c.PhotoOut, json=upload,
                                         idempotency_key=str(uuid.uuid4()))
            except ApiError as err:
                photo_msgs.controls.append(text(err.message, m, "body_medium",
                                                color=ft.Colors.ERROR,
                                                ident="proposal-photo-error"))
                continue
            d.photos.append((name, out.token, data))
        render_photos()
        app.page.update()

    async def picked_files(e) -> None:
        await add_files([(f.name, f.bytes) for f in (e.files or [])])

    file_picker = ft.FilePicker(on_result=picked_files)
    app.state.services["proposal_picker"] = file_picker  # services must stay referenced
    add_photo = ft.Semantics(identifier="proposal-photo-add", content=ft.FilledTonalButton(
        content="사진 추가", icon=ft.Icons.ADD_A_PHOTO, height=m.target,
        action=ft.PickFiles(file_picker, allow_multiple=True, with_data=True,
                            file_type=ft.FilePickerFileType.IMAGE)))

    async def submit(e) -> None:
        title.error = body.error = None
        if not d.category or not d.dong:
            status.error("분야와 읍면동을 골라 주세요.")
            app.page.update()
            return
        try:
            req = c.ProposalCreate(title=d.title, body=d.body, category=d.category, dong=d.dong,
                                   photos=[t for _n, t, _b in d.photos])
        except ValidationError as err:
            msgs = []
            for x in err.errors():
                msg = str(x["msg"]).removeprefix("Value error, ")
                where = x["loc"][0] if x["loc"] else ""
                if where == "title":
                    title.error = msg
                    msgs.append(tr("제목: {msg}", msg=msg))
                elif where == "body":
                    body.error = msg
                    msgs.append(tr("내용: {msg}", msg=msg))
                else:
                    msgs.append(msg)
            status.error(" ".join(msgs))
            app.page.update()
            return
        status.loading("제안을 보내는 중입니다…")
        app.page.update()
        try:
            out = await app.api.call("POST", "/proposals", c.ProposalDetail, json=req,
                                     idempotency_key=d.key)
        except ApiError as err:
            status.error(err.message, on_retry=submit)
            app.page.update()
            return
        app.state.drafts["proposal_form"] = Draft()
        app.forget_view(BASE)  # the list shows the new proposal when back there
        app.go(f"{BASE}/p/{out.id}")

    render_photos()
    controls: list[ft.Control] = [
        text("제안은 다른 시민에게 공개되고, 이름은 가려서(홍*동) 보입니다. 욕설이나 비방이 있으면 "
             "올릴 수 없습니다.", m, "body_medium"),
        heading("1. 무엇을 제안하나요?", m, ident="proposal-step-1"),
        tagged(title, "proposal-title-field"), tagged(body, "proposal-body-field"),
        heading("2. 분야와 읍면동", m, ident="proposal-step-2"), category, dong,
        heading(tr("3. 사진 (선택, {MAX_PHOTOS}장까지)", MAX_PHOTOS=c.MAX_PHOTOS), m, ident="proposal-step-3"),
        text("사진의 촬영 위치 정보는 지우고 올립니다.", m, "body_medium"),
        add_photo, photo_msgs, photo_row, status,
        button("제안 올리기", m, ident="proposal-submit", icon=ft.Icons.SEND, on_click=submit,
               expand=True),
    ]
    return screen(app, f"{BASE}/new", "새 제안", controls, ident="proposal-form")
