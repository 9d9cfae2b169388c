"""One day of a place: free slots, and the booking form."""

from __future__ import annotations

from datetime import date

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.account import field_styles
from myg_app.client.features.layout import screen
from myg_app.client.features.reservations.common import (
    API,
    DAY_STATE_KO,
    base,
    new_attempt,
    picks,
    run_if_top,
    seoul_hm,
    short_day,
)
from myg_app.client.i18n import tr
from myg_app.client.theme import FONT
from myg_app.client.widgets.dropdown import named_dropdown
from myg_app.client.widgets.common import button, heading, tagged, text, toggle_target
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.reservations import (
    LEGAL_TOPICS,
    BookingCreate,
    BookingOut,
    DayOut,
    QuoteIn,
    QuoteOut,
    ResourceOut,
)


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
        return ft.TextField(label=label, **{**field_styles(m), "label_style": fs},
                            helper_max_lines=3, **kw)

    # A short label; the example below the box (in large text it squeezed into the box).
    purpose = field("사용 목적", helper="예: 동아리 정기 모임", max_length=200)
    headcount = field("인원", value="10", keyboard_type=ft.KeyboardType.NUMBER)
    topic = ft.Dropdown(label="상담 분야", text_style=fs, label_style=fs,
                        width=min(max((app.page.width or 400) - 48, 240), 480),
                        options=[ft.DropdownOption(key=t, text=t) for t in LEGAL_TOPICS])
    description = field("상담 내용을 짧게 적어 주세요", multiline=True, min_lines=2, max_length=500)
    # A short label (it must not run off a 360 px screen in large text); the detail below.
    resident = ft.Checkbox(label="광양시에 삽니다", value=False, label_style=fs)
    resident_note = text("광양시민 요금이 적용됩니다. 이용할 때 신분증으로 확인합니다.", m, "body_medium")
    # Shown only where the rate depends on it (not for a free place, nor one price for all).
    resident_box = ft.Column(spacing=4)
    # The fee as the server computes it for the chosen times, before booking.
    fee = text("", m, "title_small", bold=True)
    fee_seq = [0]

    async def show_fee() -> None:
        """Ask the server what the chosen times cost (the booking's own fee code)."""
        r: ResourceOut | None = state["r"]
        if fid == "legal" or r is None:
            return
        if not p.start or (fid == "facility" and not p.end):
            fee.value = "시간을 고르면 사용료를 바로 보여 드립니다."
            app.page.update()
            return
        fee_seq[0] += 1
        mine = fee_seq[0]
        try:
            q = await app.api.call("POST", f"{API}/quote", QuoteOut, auth=False, json=QuoteIn(
                resource_id=rid, day=day, start=p.start, end=p.end if fid == "facility" else None,
                resident=bool(resident.value)))
        except ApiError as err:
            if mine == fee_seq[0]:
                fee.value = err.message
                app.page.update()
            return
        if mine == fee_seq[0]:  # an older answer never overwrites a newer choice
            fee.value = q.summary_ko
            app.page.update()

    async def on_resident(e) -> None:
        await show_fee()

    resident.on_change = on_resident

    def slot_tap(label: str):
        async def handler(e) -> None:
            if fid == "facility" and p.start and not p.end and label > p.start:
                p.end = _end_of(state["day"], label)
            else:
                p.start, p.end = label, (_end_of(state["day"], label) if fid != "facility" else None)
            render()
            await show_fee()
        return handler

    def render() -> None:
        d: DayOut = state["day"]
        if d is None:
            return
        if d.state != "free":
            slots_col.controls = [text(tr("이 날은 예약할 수 없습니다 ({DAY_STATE_KO}", DAY_STATE_KO=DAY_STATE_KO[d.state])
                                       + (f": {d.note}" if d.note else "") + ").", m, ident="rsv-day-closed")]
            form.visible = False
            app.page.update()
            return
        buttons = []
        for s in d.slots:
            sel = p.start is not None and (s.label == p.start or (p.end and p.start <= s.label < p.end))
            what = {"free": tr("남은 {remaining}", remaining=s.remaining) if s.remaining > 1 else "가능", "full": "마감",
                    "past": "지남"}[s.state]
            buttons.append(button(f"{s.label} {what}", m, ident=f"rsv-slot-{s.label.replace(':', '')}",
                                  kind="filled" if sel else "outlined",
                                  on_click=slot_tap(s.label) if s.state == "free" else None))
        slots_col.controls = [ft.Row(buttons, wrap=True, spacing=m.gap, run_spacing=m.gap)]
        if p.start:
            end = p.end or "끝나는 시간을 고르세요"
            chosen.value = tr("선택: {short_day} {start} ~ {end}", short_day=short_day(day), start=p.start, end=end)
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
        async def fetch():
            d = await app.api.call("GET", f"{API}/resources/{rid}/day", DayOut, auth=False,
                                   params={"day": day.isoformat()})
            r = state["r"] or await app.api.call("GET", f"{API}/resources/{rid}", ResourceOut,
                                                 auth=False)
            return d, r

        async def show_loaded(data) -> None:
            d, r = data
            state["day"], state["r"] = d, r
            asks = fid != "legal" and r.fee_resident != r.fee_nonresident
            resident_box.controls = [toggle_target(tagged(resident, "rsv-resident"), m, resident), resident_note] if asks else []
            if p.start and not any(s.label == p.start and s.state == "free" for s in d.slots):
                p.start = p.end = None
            render()
            await show_fee()

        await status.load(app.page, fetch, show_loaded)

    fields: list[ft.Control] = []
    if fid == "facility":
        fields += [tagged(purpose, "rsv-purpose"), tagged(headcount, "rsv-headcount")]
    if fid == "legal":
        fields += [named_dropdown(topic, "rsv-topic", "상담 분야", "고르지 않음"),
                   tagged(description, "rsv-description")]
    if fid == "legal":
        money = [text("무료 상담입니다. 한 달에 한 번 예약할 수 있습니다.", m, "body_medium",
                      ident="rsv-fee-note")]
    else:
        money = [resident_box, tagged(fee, "rsv-fee"),
                 text("사용료는 이용하는 날 현장에서 내거나 계좌로 보내시면 됩니다.", m, "body_medium",
                      ident="rsv-fee-note")]
    form.controls = [heading("신청 내용", m), tagged(chosen, "rsv-chosen"), *fields, *money,
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
