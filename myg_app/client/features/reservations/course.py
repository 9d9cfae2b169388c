"""A course: its page, the application, waitlist and lottery results."""

from __future__ import annotations

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.layout import screen
from myg_app.client.features.reservations.common import (
    API,
    base,
    fee_text,
    new_attempt,
    picks,
    run_if_top,
    short_day,
)
from myg_app.client.i18n import tr
from myg_app.client.theme import FONT
from myg_app.client.widgets.common import button, tagged, text, toggle_target
from myg_app.client.widgets.loader import Loader
from myg_app.client.widgets.share import share_button
from myg_app.contracts.reservations import (
    BookingCreate,
    BookingOut,
    QuoteIn,
    QuoteOut,
    ResourceOut,
)
from myg_app.seoul_time import format_datetime_ko, weekdays_joined


# --- a course --------------------------------------------------------------------------
def course_view(app, fid: str, rid: int) -> ft.View:
    m = app.m
    p = picks(app, fid)
    status = Loader(m, "rsv-course-status")
    info = ft.Column(spacing=4)
    # A short label: a checkbox's label does not wrap and ran off a 360 px screen in large
    # text; the fee line below says which rate applies.
    resident = ft.Checkbox(label="광양시에 삽니다", value=False,
                           label_style=ft.TextStyle(size=m.text("body_large"), font_family=FONT))
    actions = ft.Column(spacing=m.gap, visible=False)
    fee = text("", m, "title_small", bold=True)

    async def show_fee(e=None) -> None:
        """The term fee as the server computes it for this citizen, before applying."""
        try:
            q = await app.api.call("POST", f"{API}/quote", QuoteOut, auth=False,
                                   json=QuoteIn(resource_id=rid, resident=bool(resident.value)))
        except ApiError as err:
            fee.value = err.message
        else:
            fee.value = q.summary_ko
        app.page.update()

    resident.on_change = show_fee

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
        async def show_loaded(r) -> None:
            c = r.course
            lottery = c.selection == "lottery"
            info.controls = resource_info(app, r) + [
                *([text(r.host, m, "body_medium")] if r.host else []),
                text(tr("기간: {short_day} ~ {short_day2}, {join} {opens:%H:%M}~{closes:%H:%M}, 모두 {count}회 (공휴일 제외)", short_day=short_day(c.term_starts_on), short_day2=short_day(c.term_ends_on), join=weekdays_joined(r.weekdays), opens=r.opens, closes=r.closes, count=len(c.sessions)), m, "body_medium"),
                text(tr("신청: {format_datetime_ko} ~ {format_datetime_ko2}", format_datetime_ko=format_datetime_ko(c.apply_opens_at), format_datetime_ko2=format_datetime_ko(c.apply_closes_at)), m,
                     "body_medium"),
                text(("신청 기간이 끝나면 추첨합니다 (추첨 전 공개된 시드 해시로 누구나 검증 가능)." if lottery else
                      "선착순입니다. 정원이 차면 대기 순번을 드리고, 취소가 생기면 자동으로 확정됩니다."), m, "body_medium"),
                *([text(("추첨을 마쳤습니다. " if c.lottery_drawn else "")
                        + tr("추첨 시드 해시 {seed_sha256}… (추첨 뒤 시드를 공개해 누구나 결과를 다시 계산할 수 있습니다)", seed_sha256=c.seed_sha256[:16]),
                        m, "body_small", ident="rsv-course-seed")] if lottery and c.seed_sha256 else []),
                text(tr("정원 {capacity}명 · 확정 {confirmed}명 · 대기 {waitlisted}명", capacity=r.capacity, confirmed=c.confirmed, waitlisted=c.waitlisted)
                     + (tr(" · 추첨 신청 {applied}명", applied=c.applied) if lottery and not c.lottery_drawn else ""), m,
                     "title_small", bold=True, ident="rsv-course-seats"),
            ]
            full = not lottery and c.seats_left == 0
            label = ("추첨 신청하기" if lottery else ("대기 신청하기" if full else "수강 신청하기"))
            # A free course (or one price for all) asks nothing about residence.
            asks = r.fee_resident != r.fee_nonresident
            actions.controls = ([toggle_target(tagged(resident, "rsv-resident"), m, resident)] if asks else []) + [
                tagged(fee, "rsv-fee"),
                button(label, m, ident="rsv-apply", icon=ft.Icons.HOW_TO_REG,
                       on_click=apply, expand=True)]
            actions.visible = app.signed_in
            if app.signed_in:
                await show_fee()
        await status.load(app.page, lambda: app.api.call(
            "GET", f"{API}/resources/{rid}", ResourceOut, auth=False), show_loaded)

    body = [info, status, actions]
    if not app.signed_in:
        body.append(button("로그인하고 신청하기", m, ident="rsv-course-login", icon=ft.Icons.LOGIN,
                           on_click=lambda e: app.go("/login"), expand=True))
    view = screen(app, f"{base(fid)}/r/{rid}", "강좌 신청", body, ident="rsv-course")
    run_if_top(app, view, load)
    return view


def resource_info(app, r: ResourceOut) -> list[ft.Control]:
    m = app.m
    rows = [text(r.name, m, "title_medium", bold=True, ident="rsv-resource-name"),
            text(f"{r.place}", m, "body_medium"),
            text(r.description, m, "body_medium")]
    if r.kind != "course":
        days = weekdays_joined(r.weekdays)
        rows.append(text(tr("운영 {days} {opens:%H:%M}~{closes:%H:%M} · {slot_minutes}분 단위 · {value}", days=days, opens=r.opens, closes=r.closes, slot_minutes=r.slot_minutes, value='바로 확정' if r.mode == 'instant' else '담당자 승인 후 확정'), m, "body_medium"))
        rows.append(text(tr("이용 {cancel_hours}시간 전까지 취소할 수 있습니다. 그 뒤 취소는 늦은 취소로 기록됩니다.", cancel_hours=r.cancel_hours),
                         m, "body_medium"))
    rows.append(text(tr("사용료: {fee_text}", fee_text=fee_text(r)), m, "body_medium"))
    rows.append(share_button(app, ident="rsv-share", title=r.name,
                             summary=tr("{place} · 사용료 {fee_text}", place=r.place, fee_text=fee_text(r)), route=f"/f/{r.kind}/r/{r.id}"))
    return rows
