"""/f/<fid>/desk/new and /f/<fid>/desk/<id>: an officer writes an article (title, summary,
body, 분류, 읍면동 on the town board, a publishing time, 고정, pictures) and moves it along:
검토 요청 -> 게시 -> 게시 중지 (-> 다시 게시). A button saves what is typed before it acts,
so nothing written is lost on the way; 미리 보기 shows the article as citizens will."""
from __future__ import annotations

import base64
import uuid
from datetime import date, datetime, time

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.account import field
from myg_app.client.features.layout import screen
from myg_app.client.features.news.common import base, board_of, run, url, when_time
from myg_app.client.i18n import tr
from myg_app.client.widgets.dropdown import named_dropdown
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
from myg_app.contracts import news as c
from myg_app.gwangyang import dongs
from myg_app.seoul_time import SEOUL, seoul_to_utc

# action -> (button label, icon, what the screen says after it)
ACTIONS = {
    "submit": ("검토 요청", ft.Icons.SEND, "검토를 요청했습니다. 게시하면 시민에게 보입니다."),
    "publish": ("게시하기", ft.Icons.PUBLISH, "게시했습니다."),
    "return": ("작성 중으로 되돌리기", ft.Icons.UNDO, "작성 중으로 되돌렸습니다."),
    "unpublish": ("게시 중지", ft.Icons.UNPUBLISHED, "게시를 중지했습니다. 시민에게 더는 보이지 않습니다."),
}


def _dropdown(app, label: str, value: str | None, options: list[tuple[str, str]]) -> ft.Dropdown:
    m = app.m
    return ft.Dropdown(label=label, value=value,
                       width=min(max((app.page.width or 400) - 48, 240), 480),
                       text_style=ft.TextStyle(size=m.text("body_large"), font_family=FONT),
                       label_style=ft.TextStyle(size=m.text("body_medium"), font_family=FONT),
                       options=[ft.DropdownOption(key=k, text=t) for k, t in options])


def parse_when(day: str, at: str) -> datetime | None:
    """게시 날짜 and 시각 as typed (Seoul time) -> an aware datetime; raises ValueError."""
    day, at = day.strip(), at.strip()
    if not day and not at:
        return None
    if not day:
        raise ValueError("게시 날짜도 적어 주세요. 예: 2026-03-15")
    try:
        d = date.fromisoformat(day)
    except ValueError:
        raise ValueError("게시 날짜는 2026-03-15처럼 적어 주세요.") from None
    try:
        t = time.fromisoformat(at) if at else time(9, 0)
    except ValueError:
        raise ValueError("게시 시각은 09:00처럼 적어 주세요.") from None
    return seoul_to_utc(d, t)


def editor_view(app, fid: str, article_id: int | None) -> ft.View:
    m = app.m
    board = board_of(fid)
    api = f"/news/officer/{board}"
    route = f"{base(fid)}/desk/" + (str(article_id) if article_id else "new")
    status = Loader(m, f"{fid}-edit-status")
    key = str(uuid.uuid4())  # one article per screen, however often 저장 is pressed
    state: dict = {"article": None}
    pics: list[c.ImageOut] = []

    title = field(app, "제목", f"{fid}-edit-title")
    summary = field(app, "요약 (선택)", f"{fid}-edit-summary",
                    helper="목록에 보이는 한두 줄입니다. 비우면 본문 앞부분을 보여 줍니다.")
    body = field(app, "본문", f"{fid}-edit-body")
    body.multiline, body.min_lines, body.max_lines = True, 6, 20
    day = field(app, "게시 날짜 (선택)", f"{fid}-edit-day",
                helper="예: 2026-03-15. 비우면 게시하는 즉시 보입니다.")
    at = field(app, "게시 시각 (선택)", f"{fid}-edit-time", helper="예: 09:00 (날짜만 적으면 오전 9시)")
    cats = c.CATEGORIES[board]
    category = _dropdown(app, "분류", cats[0], [(x, x) for x in cats])
    dong = _dropdown(app, "읍면동", None, [(d.code, d.name) for d in dongs.DONGS])
    pinned = ft.Checkbox(label="목록 맨 위에 고정", value=False,
                         label_style=ft.TextStyle(size=m.text("body_large"), font_family=FONT))
    fields = {"title": title, "summary": summary, "body": body, "publish_at": day}
    state_line = text("새 글입니다. 저장하면 '작성 중' 상태가 됩니다.", m, bold=True,
                      ident=f"{fid}-edit-state")
    history = ft.Column(spacing=2)
    photo_row = ft.Row(wrap=True, spacing=8, run_spacing=8)
    actions = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    def form() -> c.ArticleIn:
        return c.ArticleIn(
            title=title.value or "", summary=(summary.value or "").strip() or None,
            body=body.value or "", category=category.value or cats[0],
            dong_code=(dong.value or None) if board == "town" else None,
            publish_at=parse_when(day.value or "", at.value or ""),
            pinned=bool(pinned.value), image_ids=[p.id for p in pics])

    def render_photos() -> None:
        tiles: list[ft.Control] = []
        for i, p in enumerate(pics):
            tiles.append(ft.Column([
                ft.Image(src=url(app, p.thumb_url), width=120, height=80, fit=ft.BoxFit.COVER,
                         border_radius=8, semantics_label=tr("사진 {value}", value=i + 1)),
                icon_button(ft.Icons.DELETE, tr("사진 {value} 빼기", value=i + 1), m, ident=f"{fid}-edit-photo-del-{i}",
                            on_click=lambda e, idx=i: remove_photo(idx)),
            ], spacing=2, horizontal_alignment=ft.CrossAxisAlignment.CENTER))
        photo_row.controls = tiles

    def remove_photo(idx: int) -> None:
        if 0 <= idx < len(pics):
            pics.pop(idx)
        render_photos()

    def fill(a: c.OfficerArticle) -> None:
        state["article"] = a
        title.value, summary.value, body.value = a.title, a.written_summary or "", a.body
        category.value, dong.value, pinned.value = a.category, a.dong_code, a.pinned
        local = a.publish_at.astimezone(SEOUL) if a.publish_at else None
        day.value = local.date().isoformat() if local else ""
        at.value = f"{local:%H:%M}" if local else ""
        pics[:] = a.images
        render_photos()
        for f in (title, summary, body, day, at, category, dong, pinned):
            f.disabled = not a.editable
        said = tr("지금 상태: {status_name}", status_name=a.status_name)
        if a.scheduled:
            said += tr(" (예약: {when_time}부터 보임)", when_time=when_time(a.published_at))
        state_line.content.value = said
        history.controls = [text(f"{when_time(h.at)} {h.action_name}" + (f" · {h.actor}" if h.actor
                                 else ""), m, "body_small") for h in reversed(a.history)]
        actions.controls = action_buttons(a)

    def action_buttons(a: c.OfficerArticle | None) -> list[ft.Control]:
        out: list[ft.Control] = []
        if a is None or a.editable:
            out.append(button("저장하기", m, ident=f"{fid}-edit-save", icon=ft.Icons.SAVE,
                              on_click=save_clicked, kind="outlined" if a else "filled",
                              expand=True))
        for action in (a.allowed if a else []):
            label, icon, _ = ACTIONS[action]
            if action == "publish" and a.status == "unpublished":
                label = "다시 게시하기"
            out.append(button(label, m, ident=f"{fid}-edit-{action}", icon=icon,
                              kind="outlined" if action in ("return", "unpublish") else "filled",
                              on_click=run(act, action), expand=True))
        if a is not None:
            if not a.editable:
                out.append(button("고정 풀기" if a.pinned else "목록 맨 위에 고정", m,
                                  ident=f"{fid}-edit-pin", icon=ft.Icons.PUSH_PIN, kind="outlined",
                                  on_click=run(pin, not a.pinned), expand=True))
            out.append(button("미리 보기 (시민 화면)", m, ident=f"{fid}-edit-preview",
                              icon=ft.Icons.VISIBILITY, kind="text", expand=True,
                              on_click=lambda e: app.go(f"{base(fid)}/desk/{a.id}/preview")))
        return out

    def complain(message: str, where: str | None = None) -> None:
        for f in fields.values():
            f.error = None
        if where in fields:
            fields[where].error = message
        status.error(message)
        app.page.update()

    async def save() -> c.OfficerArticle | None:
        """Create or update from the form; None (and the reason shown) when refused."""
        try:
            payload = form()
        except ValueError as err:
            errs = getattr(err, "errors", list)()
            where = str(errs[0]["loc"][0]) if errs and errs[0].get("loc") else "publish_at"
            msg = str(errs[0]["msg"]).removeprefix("Value error, ") if errs else str(err)
            if "at least" in msg or "should have" in msg:
                msg = "내용을 입력해 주세요."
            complain(msg, where)
            return None
        a = state["article"]
        try:
            if a is None:
                return await app.api.call("POST", f"{api}/articles", c.OfficerArticle,
                                          json=payload, idempotency_key=key)
            return await app.api.call("PUT", f"{api}/articles/{a.id}", c.OfficerArticle,
                                      json=payload)
        except ApiError as err:
            complain(err.message, err.errors[0].field if err.errors else None)
            return None

    async def save_clicked(e=None) -> None:
        created = state["article"] is None
        saved = await save()
        if saved is None:
            return
        if created:
            app.go(f"{base(fid)}/desk/{saved.id}")
            return
        fill(saved)
        status.notice("저장했습니다.")
        app.page.update()

    async def act(action: str) -> None:
        a = state["article"]
        if a.editable and action in ("submit", "publish"):
            a = await save()  # what was typed goes with it
            if a is None:
                return
        try:
            out = await app.api.call("POST", f"{api}/articles/{a.id}/{action}", c.OfficerArticle)
        except ApiError as err:
            complain(err.message)
            return
        fill(out)
        status.notice(ACTIONS[action][2])
        app.page.update()

    async def pin(on: bool) -> None:
        a = state["article"]
        try:
            out = await app.api.call("PUT", f"{api}/articles/{a.id}/pinned", c.OfficerArticle,
                                     json=c.PinIn(pinned=on))
        except ApiError as err:
            complain(err.message)
            return
        fill(out)
        status.notice("맨 위에 고정했습니다." if on else "고정을 풀었습니다.")
        app.page.update()

    async def picked_files(e) -> None:
        for f in e.files or []:
            if len(pics) >= c.MAX_IMAGES:
                status.error(tr("사진은 {MAX_IMAGES}장까지 넣을 수 있습니다.", MAX_IMAGES=c.MAX_IMAGES))
                break
            if not f.bytes:
                continue
            try:
                img = await app.api.call(
                    "POST", f"{api}/images", c.ImageOut, idempotency_key=str(uuid.uuid4()),
                    json=c.ImageUpload(filename=(f.name or "")[:200],
                                       content_base64=base64.b64encode(f.bytes).decode()))
            except ApiError as err:
                status.error(err.message)
                continue
            pics.append(img)
        render_photos()
        app.page.update()

    picker = ft.FilePicker(on_result=picked_files)
    app.state.services[f"{fid}_picker"] = picker  # services must stay referenced
    add_photo = button("사진 추가", m, ident=f"{fid}-edit-photo-add", icon=ft.Icons.ADD_A_PHOTO,
                       kind="tonal", on_click=None, expand=True)
    add_photo.content.action = ft.PickFiles(picker, allow_multiple=True, with_data=True,
                                            file_type=ft.FilePickerFileType.IMAGE)

    async def prefill() -> None:
        await status.load(app.page, lambda: app.api.call(
            "GET", f"{api}/articles/{article_id}", c.OfficerArticle), fill)

    controls: list[ft.Control] = [
        state_line, tagged(title, f"{fid}-edit-title"), tagged(summary, f"{fid}-edit-summary"),
        tagged(body, f"{fid}-edit-body"),
        named_dropdown(category, f"{fid}-edit-category", "분류", cats[0]),
    ]
    if board == "town":
        controls.append(named_dropdown(dong, f"{fid}-edit-dong", "읍면동", "고르지 않음"))
    controls += [
        tagged(day, f"{fid}-edit-day"), tagged(at, f"{fid}-edit-time"),
        toggle_target(tagged(pinned, f"{fid}-edit-pinned"), m, pinned),
        heading(tr("사진 (선택, {MAX_IMAGES}장까지)", MAX_IMAGES=c.MAX_IMAGES), m),
        text("첫 사진이 목록의 작은 사진이 됩니다. 사진의 위치 정보는 지우고 올립니다.", m, "body_medium"),
        add_photo, photo_row, status, actions, heading("처리 기록", m), history,
    ]
    actions.controls = action_buttons(None)
    if article_id is not None:
        app.page.run_task(prefill)
    return screen(app, route, "소식 쓰기" if article_id is None else "소식 고치기", controls,
                  ident=f"{fid}-editor")
