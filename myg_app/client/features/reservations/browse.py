"""Citizen screens: the list (by category, 읍면동, date), a resource's month, a day's slots
with the booking form, and a course's page with its application button."""

from __future__ import annotations

from datetime import date, timedelta

import flet as ft

from myg_app import catalog
from myg_app.client.api import ApiError
from myg_app.client.features.layout import screen
from myg_app.client.features.reservations.common import (
    API, DONGS, base, fee_text, is_officer_for, new_attempt, picks, run_if_top, seoul_hm,
    short_day, tap_card, this_month,
)
from myg_app.client.theme import FONT
from myg_app.client.widgets.common import button, heading, tagged, tappable, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.reservations import (
    LEGAL_TOPICS, BookingCreate, BookingOut, DayOut, MonthOut, ResourceList, ResourceOut,
)
from myg_app.seoul_time import WEEKDAYS_KO, format_datetime_ko, today_seoul

DAY_STATE_KO = {"free": "예약 가능", "full": "마감", "closed": "휴관", "holiday": "공휴일",
                "past": "지난 날", "not_open": "쉬는 날", "too_far": "아직 예약 불가"}


# --- list ------------------------------------------------------------------------------
def main_view(app, fid: str) -> ft.View:
    m = app.m
    fn = catalog.BY_ID[fid]
    p = picks(app, fid)
    status = Loader(m, "rsv-list-status")
    items = ft.Column(spacing=m.gap, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
    categories = ft.Row(wrap=True, spacing=m.gap, run_spacing=m.gap)
    body: list[ft.Control] = [text(fn.summary_ko, m)]
    if app.signed_in:
        body.append(button("나의 예약", m, ident="rsv-mine", icon=ft.Icons.EVENT_NOTE,
                           kind="tonal", on_click=lambda e: app.go(f"{base(fid)}/mine"),
                           expand=True))
        if is_officer_for(app, fid):
            body.append(button("담당자 화면", m, ident="rsv-officer", icon=ft.Icons.BADGE,
                               kind="outlined", on_click=lambda e: app.go(f"{base(fid)}/officer"),
                               expand=True))
    else:
        body += [text("예약하려면 로그인해 주세요. 빈 시간은 로그인 없이 볼 수 있습니다.", m, "body_medium",
                      ident="rsv-login-note"),
                 button("로그인", m, ident="rsv-login", icon=ft.Icons.LOGIN, kind="outlined",
                        on_click=lambda e: app.go("/login"), expand=True)]

    text_style = ft.TextStyle(size=m.text("body_large"), font_family=FONT)
    label_style = ft.TextStyle(size=m.text("body_medium"), font_family=FONT)
    # A fixed width: the dropdown needs a bounded one inside the scrolling column.
    width = min(max((app.page.width or 400) - 48, 240), 480)
    dong = ft.Dropdown(label="읍면동", value=p.dong or "", width=width, text_style=text_style,
                       label_style=label_style,
                       options=[ft.DropdownOption(key="", text="전체")]
                       + [ft.DropdownOption(key=d, text=d) for d in DONGS])
    days = [today_seoul() + timedelta(days=i) for i in range(0, 31)]
    day = ft.Dropdown(label="날짜", value=p.day.isoformat() if p.day else "", width=width,
                      text_style=text_style, label_style=label_style,
                      options=[ft.DropdownOption(key="", text="날짜 상관없음")]
                      + [ft.DropdownOption(key=d.isoformat(), text=short_day(d)) for d in days])
    loaded: list[ResourceOut] = []

    async def on_dong(e) -> None:
        p.dong = dong.value or None
        await load()

    async def on_day(e) -> None:
        p.day = date.fromisoformat(day.value) if day.value else None
        await load()

    dong.on_select, day.on_select = on_dong, on_day

    def pick_category(cat: str | None):
        async def handler(e) -> None:
            p.category = cat
            render()
        return handler

    def render() -> None:
        cats = sorted({r.category for r in loaded})
        categories.controls = [
            button(label, m, ident=f"rsv-cat-{i}", kind="filled" if p.category == cat else "outlined",
                   on_click=pick_category(cat))
            for i, (cat, label) in enumerate([(None, "전체")] + [(c, c) for c in cats])]
        shown = [r for r in loaded if p.category in (None, r.category)]
        items.controls = [_resource_card(app, fid, r) for r in shown] or [
            text("조건에 맞는 곳이 없습니다. 읍면동이나 날짜를 바꿔 보세요.", m, ident="rsv-empty")]
        app.page.update()

    async def load(e=None) -> None:
        params: dict[str, str | int] = {"kind": fid}
        if p.dong:
            params["dong"] = p.dong
        if p.day and fid != "course":
            params["day"] = p.day.isoformat()

        def show_loaded(res: ResourceList) -> None:
            loaded[:] = res.items
            render()

        await status.load(app.page, lambda: app.api.call(
            "GET", f"{API}/resources", ResourceList, auth=False, params=params), show_loaded)

    filters = [tagged(dong, "rsv-filter-dong")]
    if fid != "course":
        filters.append(tagged(day, "rsv-filter-day"))
    body += [
        heading("찾기", m),
        ft.Column(filters, spacing=m.gap),
        categories, status, items,
    ]
    view = screen(app, base(fid), fn.name_ko, body, ident=f"function-{fid}")
    run_if_top(app, view, load)
    return view


def _resource_card(app, fid: str, r: ResourceOut) -> ft.Control:
    m = app.m
    lines = [text(r.name, m, "title_small", bold=True),
             text(f"{r.dong} · {r.category}" + (f" · {r.host}" if r.host else ""), m, "body_medium")]
    if r.course:
        c = r.course
        lines.append(text(f"{short_day(c.term_starts_on)} 개강 · {len(c.sessions)}회 · "
                          f"{'추첨' if c.selection == 'lottery' else '선착순'} · "
                          f"남은 자리 {c.seats_left}/{r.capacity}", m, "body_medium"))
    else:
        lines.append(text(("바로 확정" if r.mode == "instant" else "담당자 승인 후 확정")
                          + f" · {r.opens:%H:%M}~{r.closes:%H:%M}", m, "body_medium"))
    lines.append(text(fee_text(r), m, "body_medium"))
    if r.free_slots is not None:
        lines.append(text(f"선택한 날 빈 시간 {r.free_slots}개", m, "body_medium",
                          color=ft.Colors.PRIMARY if r.free_slots else ft.Colors.ERROR,
                          ident=f"rsv-free-{r.id}"))
    return tap_card(ft.Column(lines, spacing=4), ident=f"rsv-resource-{r.id}",
                    label=f"{r.name}, {r.dong} {r.category}",
                    on_click=lambda e: app.go(f"{base(fid)}/r/{r.id}"))


# --- one resource: month view (or a course page) ---------------------------------------
def resource_view(app, fid: str, rid: int) -> ft.View:
    if fid == "course":
        return course_view(app, fid, rid)
    m = app.m
    p = picks(app, fid)
    status = Loader(m, "rsv-month-status")
    info = ft.Column(spacing=4)
    grid = ft.Column(spacing=4)
    title = ft.Text("", theme_style=ft.TextThemeStyle.TITLE_MEDIUM)
    months = p.month or this_month()

    def shift(delta: int):
        async def handler(e) -> None:
            nonlocal months
            y, mo = months
            mo += delta
            y, mo = (y + (mo - 1) // 12, (mo - 1) % 12 + 1)
            months = p.month = (y, mo)
            await load_month()
        return handler

    def day_cell(d) -> ft.Control:
        free = d.state == "free"
        caption = f"{d.free_slots}" if free else DAY_STATE_KO[d.state][:2]
        go = (lambda e, day=d.day: app.go(f"{base(fid)}/r/{rid}/d/{day.isoformat()}")) if free else None
        box = ft.Container(
            ft.Column([ft.Text(f"{d.day.day}", weight=ft.FontWeight.BOLD, size=m.text("body_medium")),
                       ft.Text(caption, size=m.text("label_small"))], spacing=0,
                      horizontal_alignment=ft.CrossAxisAlignment.CENTER, tight=True),
            height=m.target + 8, expand=True, border_radius=8, alignment=ft.Alignment.CENTER,
            bgcolor=ft.Colors.PRIMARY_CONTAINER if free else None,
            border=ft.Border.all(1, ft.Colors.OUTLINE) if free else None,
            on_click=go, ink=free,
        )
        name = f"{short_day(d.day)} {DAY_STATE_KO[d.state]}" + (
            f", 빈 시간 {d.free_slots}개" if free else "") + (f", {d.note}" if d.note else "")
        return tappable(box, ident=f"rsv-day-{d.day.isoformat()}", label=name, expand=True,
                        on_click=go)

    async def load_month(e=None) -> None:
        y, mo = months
        title.value = f"{y}년 {mo}월"
        def show_loaded(month) -> None:
            if m.large:  # one day per line: seven columns of large text would clip at 360 px
                grid.controls = [_day_line(app, fid, rid, d) for d in month.days
                                 if d.state != "past"] or [text("이 달은 모두 지난 날입니다.", m)]
            else:
                head = ft.Row([ft.Text(w, expand=True, text_align=ft.TextAlign.CENTER,
                                       size=m.text("label_small")) for w in WEEKDAYS_KO], spacing=4)
                first = month.days[0].day.weekday()
                cells: list[ft.Control] = [ft.Container(expand=True) for _ in range(first)]
                cells += [day_cell(d) for d in month.days]
                cells += [ft.Container(expand=True) for _ in range((-len(cells)) % 7)]
                grid.controls = [head] + [ft.Row(cells[i:i + 7], spacing=4)
                                          for i in range(0, len(cells), 7)]
            free_days = sum(1 for d in month.days if d.state == "free")
            status.notice(f"이 달에 예약할 수 있는 날은 {free_days}일입니다.")
        await status.load(app.page, lambda: app.api.call(
            "GET", f"{API}/resources/{rid}/month", MonthOut, auth=False,
            params={"month": f"{y:04d}-{mo:02d}"}), show_loaded, what="빈 날짜를 불러오는 중입니다…")

    async def load(e=None) -> None:
        async def show_loaded(r: ResourceOut) -> None:
            info.controls = _resource_info(app, r)
            await load_month()

        await status.load(app.page, lambda: app.api.call(
            "GET", f"{API}/resources/{rid}", ResourceOut, auth=False), show_loaded)

    nav = ft.Row([
        button("이전 달", m, ident="rsv-month-prev", kind="text", icon=ft.Icons.CHEVRON_LEFT,
               on_click=shift(-1)),
        tagged(title, "rsv-month-title"),
        button("다음 달", m, ident="rsv-month-next", kind="text", icon=ft.Icons.CHEVRON_RIGHT,
               on_click=shift(1)),
    ], alignment=ft.MainAxisAlignment.SPACE_BETWEEN, wrap=True)
    body = [info, heading("날짜 고르기", m), text("색칠된 날에 빈 시간이 있습니다. 숫자는 빈 시간 수입니다.",
                                               m, "body_medium"), nav, status, grid]
    view = screen(app, f"{base(fid)}/r/{rid}", "날짜 선택", body, ident="rsv-month")
    run_if_top(app, view, load)
    return view


def _day_line(app, fid: str, rid: int, d) -> ft.Control:
    m = app.m
    free = d.state == "free"
    line = f"{short_day(d.day)} · {DAY_STATE_KO[d.state]}" + (f" ({d.free_slots}개)" if free else "")
    if not free:
        return tagged(text(line, m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT),
                      f"rsv-day-{d.day.isoformat()}")
    return button(line, m, ident=f"rsv-day-{d.day.isoformat()}", kind="outlined", expand=True,
                  on_click=lambda e: app.go(f"{base(fid)}/r/{rid}/d/{d.day.isoformat()}"))


def _resource_info(app, r: ResourceOut) -> list[ft.Control]:
    m = app.m
    rows = [text(r.name, m, "title_medium", bold=True, ident="rsv-resource-name"),
            text(f"{r.place}", m, "body_medium"),
            text(r.description, m, "body_medium")]
    if r.kind != "course":
        days = "".join(WEEKDAYS_KO[i] for i in r.weekdays)
        rows.append(text(f"운영 {days} {r.opens:%H:%M}~{r.closes:%H:%M} · {r.slot_minutes}분 단위 · "
                         f"{'바로 확정' if r.mode == 'instant' else '담당자 승인 후 확정'}", m, "body_medium"))
        rows.append(text(f"이용 {r.cancel_hours}시간 전까지 취소할 수 있습니다. 그 뒤 취소는 늦은 취소로 기록됩니다.",
                         m, "body_medium"))
    rows.append(text(f"사용료: {fee_text(r)}", m, "body_medium"))
    return rows


# --- one day: slots and the form --------------------------------------------------------
def day_view(app, fid: str, rid: int, day: date) -> ft.View:
    m = app.m
    p = picks(app, fid)
    status = Loader(m, "rsv-day-status")
    slots_col = ft.Column(spacing=m.gap)
    form = ft.Column(spacing=m.gap, visible=False)
    chosen = ft.Text("", theme_style=ft.TextThemeStyle.BODY_LARGE)
    state: dict = {"day": None, "r": None}
    fs = ft.TextStyle(size=m.text("body_large"), font_family=FONT)

    def field(label: str, **kw) -> ft.TextField:
        return ft.TextField(label=label, text_style=fs, label_style=fs, **kw)

    purpose = field("사용 목적 (예: 동아리 정기 모임)", max_length=200)
    headcount = field("인원", value="10", keyboard_type=ft.KeyboardType.NUMBER)
    topic = ft.Dropdown(label="상담 분야", text_style=fs, label_style=fs,
                        width=min(max((app.page.width or 400) - 48, 240), 480),
                        options=[ft.DropdownOption(key=t, text=t) for t in LEGAL_TOPICS])
    description = field("상담 내용을 짧게 적어 주세요", multiline=True, min_lines=2, max_length=500)
    # A short label (it must not run off a 360 px screen in large text); the detail below.
    resident = ft.Checkbox(label="광양시에 삽니다", value=False, label_style=fs)
    resident_note = text("광양시민 요금이 적용됩니다. 이용할 때 신분증으로 확인합니다.", m, "body_medium")

    def slot_tap(label: str):
        async def handler(e) -> None:
            if fid == "facility" and p.start and not p.end and label > p.start:
                p.end = _end_of(state["day"], label)
            else:
                p.start, p.end = label, (_end_of(state["day"], label) if fid != "facility" else None)
            render()
        return handler

    def render() -> None:
        d: DayOut = state["day"]
        if d is None:
            return
        if d.state != "free":
            slots_col.controls = [text(f"이 날은 예약할 수 없습니다 ({DAY_STATE_KO[d.state]}"
                                       + (f": {d.note}" if d.note else "") + ").", m, ident="rsv-day-closed")]
            form.visible = False
            app.page.update()
            return
        buttons = []
        for s in d.slots:
            sel = p.start is not None and (s.label == p.start or (p.end and p.start <= s.label < p.end))
            what = {"free": f"남은 {s.remaining}" if s.remaining > 1 else "가능", "full": "마감",
                    "past": "지남"}[s.state]
            buttons.append(button(f"{s.label} {what}", m, ident=f"rsv-slot-{s.label.replace(':', '')}",
                                  kind="filled" if sel else "outlined",
                                  on_click=slot_tap(s.label) if s.state == "free" else None))
        slots_col.controls = [ft.Row(buttons, wrap=True, spacing=m.gap, run_spacing=m.gap)]
        if p.start:
            end = p.end or "끝나는 시간을 고르세요"
            chosen.value = f"선택: {short_day(day)} {p.start} ~ {end}"
        else:
            chosen.value = "시간을 골라 주세요." + (" 시작 시간을 누르고 끝나는 시간대를 누르세요." if fid == "facility" else "")
        form.visible = app.signed_in
        app.page.update()

    async def submit(e) -> None:
        for f in (purpose, headcount, description):
            f.error = None
        if not p.start or (fid == "facility" and not p.end):
            status.error("시간을 먼저 골라 주세요.")
            app.page.update()
            return
        try:
            people = int(headcount.value or "1")
        except ValueError:
            headcount.error = "숫자로 입력해 주세요."
            status.error("인원을 숫자로 입력해 주세요.")
            app.page.update()
            return
        body = BookingCreate(resource_id=rid, day=day, start=p.start,
                             end=p.end if fid == "facility" else None,
                             headcount=max(1, min(people, 1000)) if fid == "facility" else 1,
                             purpose=purpose.value if fid == "facility" else None,
                             topic=topic.value if fid == "legal" else None,
                             description=description.value if fid == "legal" else None,
                             resident=bool(resident.value))
        status.loading("예약하는 중입니다…")
        app.page.update()
        try:
            b = await app.api.call("POST", f"{API}/bookings", BookingOut, json=body,
                                   idempotency_key=p.key)
        except ApiError as err:
            for fe in err.errors:
                target = {"purpose": purpose, "headcount": headcount,
                          "description": description}.get(fe.field)
                if target is not None:
                    target.error = fe.message
            status.error(err.message)
            if err.status == 409:  # the slot went: show the fresh day, keep what was typed
                new_attempt(app, fid)
                await load()
            app.page.update()
            return
        new_attempt(app, fid)
        app.go(f"{base(fid)}/done/{b.id}")

    async def load(e=None) -> None:
        def show_loaded(d: DayOut) -> None:
            state["day"] = d
            if p.start and not any(s.label == p.start and s.state == "free" for s in d.slots):
                p.start = p.end = None
            render()

        await status.load(app.page, lambda: app.api.call(
            "GET", f"{API}/resources/{rid}/day", DayOut, auth=False,
            params={"day": day.isoformat()}), show_loaded)

    fields: list[ft.Control] = []
    if fid == "facility":
        fields += [tagged(purpose, "rsv-purpose"), tagged(headcount, "rsv-headcount")]
    if fid == "legal":
        fields += [tagged(topic, "rsv-topic"), tagged(description, "rsv-description")]
    if fid != "legal":
        fields += [tagged(resident, "rsv-resident"), resident_note]
    form.controls = [heading("신청 내용", m), tagged(chosen, "rsv-chosen"), *fields,
                     text("사용료는 시청 서버가 계산해 확인 화면에 보여 드립니다. 현장 또는 계좌이체로 냅니다.", m,
                          "body_medium") if fid != "legal" else text("무료 상담입니다. 한 달에 한 번 예약할 수 있습니다.", m, "body_medium"),
                     button("예약하기", m, ident="rsv-submit", icon=ft.Icons.CHECK, on_click=submit,
                            expand=True)]
    body = [heading(short_day(day), m, ident="rsv-day-heading"), slots_col, status, form]
    if not app.signed_in:
        body.append(button("로그인하고 예약하기", m, ident="rsv-day-login", icon=ft.Icons.LOGIN,
                           on_click=lambda e: app.go("/login"), expand=True))
    view = screen(app, f"{base(fid)}/r/{rid}/d/{day.isoformat()}", "시간 선택", body, ident="rsv-day")
    run_if_top(app, view, load)
    return view


def _end_of(d: DayOut, label: str) -> str:
    for s in d.slots:
        if s.label == label:
            return seoul_hm(s.ends_at)
    return label


# --- a course --------------------------------------------------------------------------
def course_view(app, fid: str, rid: int) -> ft.View:
    m = app.m
    p = picks(app, fid)
    status = Loader(m, "rsv-course-status")
    info = ft.Column(spacing=4)
    resident = ft.Checkbox(label="광양시에 삽니다 (시민 수강료)", value=False,
                           label_style=ft.TextStyle(size=m.text("body_large"), font_family=FONT))
    actions = ft.Column(spacing=m.gap, visible=False)

    async def apply(e) -> None:
        status.loading("신청하는 중입니다…")
        app.page.update()
        try:
            b = await app.api.call("POST", f"{API}/bookings", BookingOut, idempotency_key=p.key,
                                   json=BookingCreate(resource_id=rid, resident=bool(resident.value)))
        except ApiError as err:
            status.error(err.message)
            app.page.update()
            return
        new_attempt(app, fid)
        app.go(f"{base(fid)}/done/{b.id}")

    async def load(e=None) -> None:
        def show_loaded(r) -> None:
            c = r.course
            lottery = c.selection == "lottery"
            info.controls = _resource_info(app, r) + [
                *([text(r.host, m, "body_medium")] if r.host else []),
                text(f"기간: {short_day(c.term_starts_on)} ~ {short_day(c.term_ends_on)}, "
                     f"{''.join(WEEKDAYS_KO[i] for i in r.weekdays)} {r.opens:%H:%M}~{r.closes:%H:%M}, "
                     f"모두 {len(c.sessions)}회 (공휴일 제외)", m, "body_medium"),
                text(f"신청: {format_datetime_ko(c.apply_opens_at)} ~ {format_datetime_ko(c.apply_closes_at)}", m,
                     "body_medium"),
                text(("신청 기간이 끝나면 추첨합니다 (추첨 전 공개된 시드 해시로 누구나 검증 가능)." if lottery else
                      "선착순입니다. 정원이 차면 대기 순번을 드리고, 취소가 생기면 자동으로 확정됩니다."), m, "body_medium"),
                *([text(("추첨을 마쳤습니다. " if c.lottery_drawn else "")
                        + f"추첨 시드 해시 {c.seed_sha256[:16]}… (추첨 뒤 시드를 공개해 누구나 결과를 다시 계산할 수 있습니다)",
                        m, "body_small", ident="rsv-course-seed")] if lottery and c.seed_sha256 else []),
                text(f"정원 {r.capacity}명 · 확정 {c.confirmed}명 · 대기 {c.waitlisted}명"
                     + (f" · 추첨 신청 {c.applied}명" if lottery and not c.lottery_drawn else ""), m,
                     "title_small", bold=True, ident="rsv-course-seats"),
            ]
            full = not lottery and c.seats_left == 0
            label = ("추첨 신청하기" if lottery else ("대기 신청하기" if full else "수강 신청하기"))
            actions.controls = [tagged(resident, "rsv-resident"),
                                button(label, m, ident="rsv-apply", icon=ft.Icons.HOW_TO_REG,
                                       on_click=apply, expand=True)]
            actions.visible = app.signed_in
        await status.load(app.page, lambda: app.api.call(
            "GET", f"{API}/resources/{rid}", ResourceOut, auth=False), show_loaded)

    body = [info, status, actions]
    if not app.signed_in:
        body.append(button("로그인하고 신청하기", m, ident="rsv-course-login", icon=ft.Icons.LOGIN,
                           on_click=lambda e: app.go("/login"), expand=True))
    view = screen(app, f"{base(fid)}/r/{rid}", "강좌 신청", body, ident="rsv-course")
    run_if_top(app, view, load)
    return view
