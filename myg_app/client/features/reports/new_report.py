"""The report form, /f/report/new: category, a place (device location, the offline map, or
a typed address), photos checked one by one, nearby reports to join instead, a draft saved on
every change, and the offline outbox when there is no connection."""

from __future__ import annotations

import flet as ft
from pydantic import ValidationError

from myg_app.client.api import ApiError
from myg_app.client.features.layout import screen
from myg_app.client.features.reports import outbox
from myg_app.client.features.reports.citizen import form_field, panel, summary_card
from myg_app.client.features.reports.common import BASE, Photo, form, reset_form
from myg_app.client.features.reports.place_picker import PlacePicker, describe
from myg_app.client.i18n import tr
from myg_app.client.theme import FONT
from myg_app.client.widgets.common import (
    StatusPanel,
    button,
    heading,
    icon_button,
    tagged,
    text,
    toggle_target,
)
from myg_app.contracts import reports as c


def _opener(app, url: str):
    async def open_url(e) -> None:
        await app.url_launcher.launch_url(url)
    return open_url


def _mobile(app) -> bool:
    p = app.page
    return not p.web and p.platform in (ft.PagePlatform.ANDROID, ft.PagePlatform.IOS)


def view(app) -> ft.View:
    m = app.m
    f = form(app)
    route = f"{BASE}/new"
    status = StatusPanel(m, "report-form-status")
    place_text = text("", m, ident="report-place")
    nearby_box = ft.Column(spacing=m.gap)
    photo_row = ft.Row(wrap=True, spacing=8)
    photo_msgs = ft.Column(spacing=4)
    cat_row = ft.Row(wrap=True, spacing=8, run_spacing=8)
    kind_holder = ft.Column()
    description = form_field(app, "어떤 불편인가요?", f.description, multiline=True,
                         max_length=c.DESCRIPTION_MAX,
                         hint="예: 중마동 사거리 횡단보도 앞에 깊은 포트홀이 있어요.")
    address = form_field(app, "주소나 장소 설명 (선택)", f.address,
                         helper="예: 광양읍 인동리 ○○마트 앞")
    area = ft.Dropdown(
        label="읍면동", value=f.area, options=[ft.DropdownOption(key=a, text=a) for a in c.AREAS],
        text_style=ft.TextStyle(size=m.text("body_large"), font_family=FONT),
        label_style=ft.TextStyle(size=m.text("body_medium"), font_family=FONT), expand=True)
    anonymous = ft.Switch(label="익명으로 신고", value=f.anonymous,
                          label_text_style=ft.TextStyle(size=m.text("body_large"),
                                                        font_family=FONT))
    width = min(max((app.page.width or 400) - 48, 240), 480)

    def save() -> None:
        app.page.run_task(outbox.save_draft, app, f)

    async def load_nearby() -> None:
        if f.lat is None:
            nearby_box.controls = []
            app.page.update()
            return
        try:
            res = await app.api.call("GET", "/reports/nearby", c.ReportList, auth=False,
                                     params={"lat": f.lat, "long": f.long, "radius": 300})
        except ApiError:
            nearby_box.controls = []  # not essential: the report can still be filed
            app.page.update()
            return
        if not res.items:
            nearby_box.controls = [text("근처 300m 안에 처리 중인 신고가 없습니다.", m, "body_medium",
                                        ident="report-nearby-none")]
        else:
            nearby_box.controls = [tagged(text(
                tr("근처에 처리 중인 신고가 {count}건 있습니다. 같은 불편이면 새로 신고하지 말고 '저도 불편해요'를 눌러 주세요. 처리 결과를 함께 알려 드립니다.", count=len(res.items)), m, bold=True),
                "report-nearby-heading")]
            for r in res.items[:5]:
                nearby_box.controls.append(summary_card(
                    app, r, f"{BASE}/r/{r.id}", f"report-nearby-{r.id}",
                    extra=[button("저도 불편해요", m, ident=f"report-support-{r.id}",
                                  icon=ft.Icons.THUMB_UP, kind="tonal",
                                  on_click=support_handler(r.id))]))
        app.page.update()

    def support_handler(rid: int):
        async def handler(e) -> None:
            await support(rid)
        return handler

    async def support(rid: int) -> None:
        try:
            await app.api.call("POST", f"/reports/{rid}/support", c.ReportOut)
        except ApiError as err:
            status.error(err.message)
            app.page.update()
            return
        app.go(f"{BASE}/r/{rid}")

    def show_place() -> None:
        if f.lat is not None:
            how = "현재 위치" if f.located_by == "device" else "지도에서 고른 위치"
            place_text.content.value = f"{how}: {describe(f.lat, f.long)}"
        elif f.address or f.area:
            place_text.content.value = tr("입력한 위치: {join}", join=' '.join((x for x in (f.area, f.address) if x)))
        else:
            place_text.content.value = "아직 위치를 정하지 않았습니다."

    def picked(lat: float, long: float) -> None:
        f.lat, f.long, f.located_by = lat, long, "map"
        show_place()
        save()
        app.page.run_task(load_nearby)

    picker = PlacePicker(app, width, picked, f.lat, f.long)

    def render_categories() -> None:
        cat_row.controls = []
        for cat in c.CATEGORIES:
            chosen = cat.code == f.category
            cat_row.controls.append(ft.Semantics(
                identifier=f"report-cat-{cat.code}", selected=chosen, content=(
                    ft.FilledButton if chosen else ft.OutlinedButton)(
                    content=cat.name, icon=ft.Icons.CHECK if chosen else None,
                    height=m.target, on_click=lambda e, code=cat.code: choose(code))))
        cat = c.CATEGORY_BY_CODE.get(f.category or "")
        kind_holder.controls = []
        if cat and cat.attributes and cat.attributes[0].values:
            attr = cat.attributes[0]
            kind_holder.controls = [tagged(ft.Dropdown(
                label=attr.description, value=f.kind,
                options=[ft.DropdownOption(key=v.key, text=v.name) for v in attr.values],
                text_style=ft.TextStyle(size=m.text("body_large"), font_family=FONT),
                label_style=ft.TextStyle(size=m.text("body_medium"), font_family=FONT),
                on_select=kind_changed, expand=True), "report-kind")]
        if cat:
            kind_holder.controls.insert(0, text(cat.description, m, "body_medium",
                                                color=ft.Colors.ON_SURFACE_VARIANT))

    def choose(code: str) -> None:
        if f.category != code:
            f.kind = None
        f.category = code
        render_categories()
        save()

    def kind_changed(e) -> None:
        f.kind = e.control.value
        save()

    def render_photos() -> None:
        tiles: list[ft.Control] = []
        for i, p in enumerate(f.photos):
            img = (ft.Image(src=p.data, width=88, height=88, fit=ft.BoxFit.COVER, border_radius=8,
                            semantics_label=tr("사진 {value}", value=i + 1))
                   if p.data else ft.Container(ft.Icon(ft.Icons.IMAGE, size=40), width=88,
                                               height=88, bgcolor=ft.Colors.SURFACE_CONTAINER,
                                               border_radius=8, alignment=ft.Alignment.CENTER))
            state = "올림 완료" if p.token else "연결되면 보냄"
            tiles.append(ft.Column([
                img, text(state, m, "body_small"),
                icon_button(ft.Icons.DELETE, tr("사진 {value} 빼기", value=i + 1), m, ident=f"report-photo-del-{i}",
                            on_click=lambda e, idx=i: remove_photo(idx)),
            ], spacing=2, horizontal_alignment=ft.CrossAxisAlignment.CENTER))
        photo_row.controls = tiles

    def remove_photo(idx: int) -> None:
        if 0 <= idx < len(f.photos):
            f.photos.pop(idx)
        render_photos()
        save()

    async def add_files(files: list[tuple[str, bytes | None]]) -> None:
        photo_msgs.controls = []
        for name, data in files:
            if len(f.photos) >= c.MAX_PHOTOS:
                photo_msgs.controls.append(text(tr("사진은 {MAX_PHOTOS}장까지 붙일 수 있습니다.", MAX_PHOTOS=c.MAX_PHOTOS), m,
                                                "body_medium", color=ft.Colors.ERROR,
                                                ident="report-photo-error"))
                break
            if not data:
                continue
            p = Photo(name=name, data=data)
            try:
                await outbox.upload_photo(app, p)
            except ApiError as err:
                if not (err.offline or (err.status or 500) >= 500):
                    # Only this file is refused; everything else on the form stays.
                    photo_msgs.controls.append(text(err.message, m, "body_medium",
                                                    color=ft.Colors.ERROR,
                                                    ident="report-photo-error"))
                    continue
                photo_msgs.controls.append(text(
                    tr("'{name}'은(는) 연결되면 신고와 함께 보냅니다.", name=name), m, "body_medium",
                    ident="report-photo-offline"))
            f.photos.append(p)
        render_photos()
        await outbox.save_draft(app, f)
        app.page.update()

    async def picked_files(e) -> None:
        await add_files([(fl.name, fl.bytes) for fl in (e.files or [])])

    # The picker opens inside the tap itself (ClientAction): browsers allow nothing else.
    file_picker = ft.FilePicker(on_result=picked_files)
    app.state.services["report_picker"] = file_picker  # services must stay referenced

    async def use_device_location(e) -> None:
        status.loading("현재 위치를 찾는 중입니다…")
        app.page.update()
        try:
            import flet_geolocator as fg

            geo = app.state.services.get("geolocator") or fg.Geolocator()
            app.state.services["geolocator"] = geo  # services must stay referenced
            allowed = await geo.request_permission()
            if allowed in (fg.GeolocatorPermissionStatus.DENIED,
                           fg.GeolocatorPermissionStatus.DENIED_FOREVER):
                status.error("위치 권한이 없어 현재 위치를 쓸 수 없습니다. 지도에서 고르거나 주소를 "
                             "적어 주세요.")
                app.page.update()
                return
            pos = await geo.get_current_position()
        except Exception:  # noqa: BLE001 - no GPS fix, or no plug-in in this build
            status.error("현재 위치를 가져오지 못했습니다. 지도에서 고르거나 주소를 적어 주세요.")
            app.page.update()
            return
        if not c.in_bounds(pos.latitude, pos.longitude):
            status.error("현재 위치가 광양시 밖입니다. 지도에서 신고할 곳을 골라 주세요.")
            app.page.update()
            return
        status.clear()
        picker.set_point(pos.latitude, pos.longitude, notify=False)
        f.lat, f.long, f.located_by = picker.lat, picker.long, "device"
        show_place()
        save()
        await load_nearby()

    def text_changed(e) -> None:
        f.description = description.value or ""
        f.address = address.value or ""
        show_place()
        save()

    def area_changed(e) -> None:
        f.area = area.value or None
        show_place()
        save()

    def anon_changed(e) -> None:
        f.anonymous = bool(anonymous.value)
        save()

    description.on_change = text_changed
    address.on_change = text_changed
    area.on_select = area_changed
    anonymous.on_change = anon_changed

    async def submit(e) -> None:
        description.error = None
        if not f.category:
            status.error("무엇이 불편한지 분야를 골라 주세요.")
            app.page.update()
            return
        try:
            f.body([])
        except ValidationError as err:
            msg = " ".join(str(x["msg"]).removeprefix("Value error, ") for x in err.errors())
            if any(x["loc"] and x["loc"][0] == "description" for x in err.errors()):
                description.error = msg
            status.error(msg)
            app.page.update()
            return
        status.loading("신고를 보내는 중입니다…")
        app.page.update()
        try:
            report = await outbox.send(app, f)
        except ApiError as err:
            if err.offline:
                if await outbox.enqueue(app, f):
                    await outbox.clear_draft(app)
                    reset_form(app)
                    outbox.ensure_sender(app)
                    app.go(BASE)
                    return
            status.error(err.message, on_retry=submit)
            app.page.update()
            return
        await outbox.clear_draft(app)
        reset_form(app)
        app.go(f"{BASE}/r/{report.id}")

    async def restore() -> None:
        if f.restored:
            return
        f.restored = True
        draft = await outbox.load_draft(app)
        if draft is not None and not draft.empty and form(app) is f and f.empty:
            draft.restored = True
            app.state.drafts["report_form"] = draft
            app.render()  # build the form again from the draft

    redirects = tagged(panel(ft.Column([
        text("이곳에서 받지 않는 신고", m, "title_small", bold=True),
        *[ft.Column([text(r.body, m, "body_medium", ident=f"report-redirect-text-{i}"),
                     button(r.link_label, m, ident=f"report-redirect-{i}",
                            icon=ft.Icons.OPEN_IN_NEW, kind="text", on_click=_opener(app, r.url))],
                    spacing=0) for i, r in enumerate(c.REDIRECTS)],
    ], spacing=4)), "report-redirects")

    render_categories()
    render_photos()
    show_place()
    place_tools: list[ft.Control] = []
    if _mobile(app):
        place_tools.append(button("현재 위치 사용", m, ident="report-locate", icon=ft.Icons.MY_LOCATION,
                                  on_click=use_device_location, expand=True))
    add_photo = ft.Semantics(identifier="report-photo-add", content=ft.FilledTonalButton(
        content="사진 추가", icon=ft.Icons.ADD_A_PHOTO, height=m.target,
        action=ft.PickFiles(file_picker, allow_multiple=True, with_data=True,
                            file_type=ft.FilePickerFileType.IMAGE)))
    body: list[ft.Control] = [
        heading("1. 무엇이 불편한가요?", m, ident="report-step-1"), cat_row, kind_holder,
        redirects,
        heading("2. 어디인가요?", m, ident="report-step-2"),
        text("지도를 눌러 위치를 고르고 화살표로 다듬거나, 읍면동과 주소를 적어 주세요.", m, "body_medium"),
        *place_tools, picker, place_text, tagged(area, "report-area", label="읍면동"),
        tagged(address, "report-address"), nearby_box,
        heading(tr("3. 사진 (선택, {MAX_PHOTOS}장까지)", MAX_PHOTOS=c.MAX_PHOTOS), m, ident="report-step-3"),
        text("사진의 촬영 위치 정보는 공개본에서 지웁니다.", m, "body_medium"),
        add_photo, photo_msgs, photo_row,
        heading("4. 내용", m, ident="report-step-4"), tagged(description, "report-description"),
        toggle_target(tagged(anonymous, "report-anonymous"), m, anonymous),
        text("익명으로 하면 다른 시민에게 이름이 보이지 않습니다. 담당 공무원은 처리를 위해 신고인을 "
             "확인합니다. 신고 내용과 사진은 다른 시민도 볼 수 있습니다.", m, "body_medium",
             color=ft.Colors.ON_SURFACE_VARIANT),
        status,
        button("신고하기", m, ident="report-submit", icon=ft.Icons.SEND, on_click=submit,
               expand=True),
    ]
    if f.lat is not None:
        app.page.run_task(load_nearby)
    app.page.run_task(restore)
    return screen(app, route, "새 신고", body, ident="report-new")


