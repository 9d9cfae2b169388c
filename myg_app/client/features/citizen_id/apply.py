"""The application form inside /f/citizen_id: the 읍면동 where the citizen lives, the
declaration, an optional photo (checked by the server from its bytes). No 주민등록번호."""
from __future__ import annotations

import base64
import uuid
from collections.abc import Awaitable, Callable

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.citizen_id.common import API, panel
from myg_app.client.widgets.common import StatusPanel, button, heading, tagged, text, toggle_target
from myg_app.client.widgets.dropdown import filter_dropdown
from myg_app.contracts import citizen_id as c
from myg_app.gwangyang.dongs import DONGS

MAX_PHOTO = 10 * 1024 * 1024


def form(app, *, on_done: Callable[[], Awaitable[None]]) -> list[ft.Control]:
    m = app.m
    status = StatusPanel(m, "citizen_id-apply-status")
    chosen: dict = {"dong": None, "photo": None, "key": str(uuid.uuid4())}
    photo_row = ft.Column(spacing=4)

    def pick_dong(e) -> None:
        chosen["dong"] = e.control.value or None

    dong = filter_dropdown(app, "citizen_id-dong", "사는 읍면동",
                           [(d.code, d.name) for d in DONGS], None, pick_dong, none="고르지 않음")
    fs = ft.TextStyle(size=m.text("body_large"))
    # A short label: a checkbox label does not wrap, so the long words go in the note below.
    declared = ft.Checkbox(label="광양시에 삽니다", value=False, label_style=fs)

    async def picked(e) -> None:
        f = (e.files or [None])[0]
        if f is None or not f.bytes:
            return
        if len(f.bytes) > MAX_PHOTO:
            status.error("사진이 너무 큽니다. 10MB 이하의 사진을 골라 주세요.")
        else:
            chosen["photo"] = (f.name, f.bytes)
            photo_row.controls = [ft.Image(src=f.bytes, width=96, height=120,
                                           fit=ft.BoxFit.COVER, border_radius=8,
                                           semantics_label="고른 사진")]
        app.page.update()

    picker = ft.FilePicker(on_result=picked)
    app.state.services["citizen_id_picker"] = picker  # services must stay referenced
    add_photo = ft.Semantics(identifier="citizen_id-photo-add", content=ft.FilledTonalButton(
        content="사진 고르기 (선택)", icon=ft.Icons.ADD_A_PHOTO, height=m.target,
        action=ft.PickFiles(picker, allow_multiple=False, with_data=True,
                            file_type=ft.FilePickerFileType.IMAGE)))

    async def submit(e) -> None:
        if not chosen["dong"]:
            status.error("사는 읍면동을 골라 주세요.")
            app.page.update()
            return
        if not declared.value:
            status.error("광양시에 주민등록이 되어 있으면 체크해 주세요.")
            app.page.update()
            return
        photo = chosen["photo"]
        body = c.ApplyIn(dong=chosen["dong"], residence_declared=True,
                         photo_filename=photo[0][:200] if photo else None,
                         photo_base64=base64.b64encode(photo[1]).decode() if photo else None)
        status.loading("신청하는 중입니다…")
        app.page.update()
        try:
            await app.api.call("POST", f"{API}/applications", c.CardOut, json=body,
                               idempotency_key=chosen["key"])
        except ApiError as err:
            status.error(err.message)
            app.page.update()
            return
        status.clear()
        await on_done()

    return [
        heading("시민증 신청", m, ident="citizen_id-apply-heading"),
        panel([text("광양시에 주민등록이 된 시민이면 신청할 수 있습니다. 주민등록번호는 묻지 않으며, "
                    "민원봉사과 담당자가 주민등록 정보로 거주를 확인한 뒤 발급합니다. 보통 1~2 "
                    "근무일이 걸립니다.", m, "body_medium")], "citizen_id-apply-info"),
        dong,
        toggle_target(tagged(declared, "citizen_id-declared"), m, declared),
        text("광양시에 주민등록이 되어 있으면 체크하세요. 담당자가 확인합니다.", m, "body_medium"),
        text("사진은 선택입니다. 얼굴이 잘 보이는 사진을 고르면 시민증에 나옵니다. 위치 정보는 "
             "지우고 저장합니다.", m, "body_medium"),
        add_photo, photo_row, status,
        button("시민증 신청하기", m, ident="citizen_id-apply", icon=ft.Icons.SEND, expand=True,
               on_click=submit),
    ]
