"""수거 관리 (자원순환과): confirm deposits, send refunds, the day's pickups per 읍면동
(mark collected), and the fee catalogue. Applicants' names are masked."""

from __future__ import annotations

from datetime import date, timedelta

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.account import field
from myg_app.client.features.layout import screen
from myg_app.client.features.waste.common import BASE, day_ko, is_waste_officer, won
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.payments import ConfirmDeposit
from myg_app.contracts.waste import (
    OfficerBooking,
    OfficerBookingList,
    Schedule,
    WasteCatalogue,
    WasteItemIn,
    WasteItemOut,
)
from myg_app.seoul_time import today_seoul


def view(app) -> ft.View:
    m = app.m
    route = f"{BASE}/desk"
    if not is_waste_officer(app):
        return screen(app, route, "수거 관리", [
            text("자원순환과 담당자만 이용할 수 있습니다.", m, ident="waste-desk-forbidden")],
            ident="waste-desk")
    st = app.state.drafts.setdefault("waste_desk", {"day": today_seoul()})
    status = Loader(m, "waste-desk-status")
    deposits = ft.Column(spacing=m.gap)
    refunds = ft.Column(spacing=m.gap)
    days_row = ft.Row(wrap=True, spacing=m.gap, run_spacing=m.gap)
    sched = ft.Column(spacing=m.gap)
    fees = ft.Column(spacing=m.gap)

    def card(b: OfficerBooking, extra: list[ft.Control]) -> ft.Control:
        items = ", ".join(tr("{name}({size_label}) {quantity}개", name=ln.name, size_label=ln.size_label, quantity=ln.quantity) for ln in b.lines)
        return tagged(ft.Container(ft.Column([
            text(f"{b.emission_no or '배출번호 미발급'} · {b.status_label}", m, bold=True),
            text(f"{b.applicant} · {day_ko(b.pickup_date)} · {b.area_name}", m),
            text(b.address, m, "body_medium"),
            text(f"{items} · {won(b.total_fee)}", m, "body_medium"),
            *extra,
        ], spacing=4), padding=12, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER),
            f"waste-desk-booking-{b.id}")

    def deposit_card(b: OfficerBooking) -> ft.Control:
        amount = field(app, "통장에 들어온 금액 (원)", f"waste-desk-amount-{b.id}",
                       keyboard=ft.KeyboardType.NUMBER)
        va = b.payment.virtual_account if b.payment else None

        async def confirm(e) -> None:
            raw = (amount.value or "").replace(",", "").replace("원", "").strip()
            if not raw.isdigit():
                amount.error = "숫자로 적어 주세요."
                app.page.update()
                return
            await act(f"/waste/officer/bookings/{b.id}/deposit", ConfirmDeposit(amount=int(raw)),
                      "입금을 확인했습니다. 배출번호가 발급되었습니다.")

        return card(b, [
            text(tr("입금자명 {depositor} · {account_number}", depositor=va.depositor, account_number=va.account_number) if va else "", m, "body_medium"),
            tagged(amount, f"waste-desk-amount-{b.id}"),
            button(tr("입금 확인 ({total_fee})", total_fee=won(b.total_fee)), m, ident=f"waste-desk-deposit-{b.id}",
                   icon=ft.Icons.PRICE_CHECK, on_click=confirm, expand=True)])

    def refund_card(b: OfficerBooking) -> ft.Control:
        async def done(e) -> None:
            await act(f"/waste/officer/bookings/{b.id}/refunded", None, "환불 완료로 기록했습니다.")

        return card(b, [text(tr("환불 {value} → {refund_to}", value=won(b.payment.refund_amount if b.payment else 0), refund_to=b.refund_to),
                             m, bold=True),
                        button("환불 송금 완료", m, ident=f"waste-desk-refunded-{b.id}",
                               icon=ft.Icons.CHECK, on_click=done, expand=True)])

    def pickup_card(b: OfficerBooking) -> ft.Control:
        async def collect(e) -> None:
            await act(f"/waste/officer/bookings/{b.id}/collect", None, "수거 완료로 바꿨습니다.")

        extra = [] if b.status == "collected" else [
            button("수거 완료", m, ident=f"waste-desk-collect-{b.id}", icon=ft.Icons.DONE_ALL,
                   on_click=collect, expand=True)]
        return card(b, extra)

    async def act(path: str, body, done: str) -> None:
        await status.perform(app.page, lambda: app.api.call("POST", path, OfficerBooking, json=body),
                             done=done, then=load)

    def render_days() -> None:
        start = today_seoul()
        days_row.controls = [
            button(("오늘 " if d == start else "") + f"{d.month}/{d.day}", m,
                   ident=f"waste-desk-day-{d.isoformat()}",
                   kind="filled" if d == st["day"] else "outlined", on_click=pick_day(d))
            for d in (start + timedelta(days=i) for i in range(7))]

    def pick_day(d: date):
        async def handler(e) -> None:
            st["day"] = d
            render_days()
            await load()
        return handler

    def fee_row(it: WasteItemOut) -> ft.Control:
        name = f"{it.name} {it.size_label}".strip()
        # The item alone as the label (under 품목별 수수료, in 원): "… 수수료 (원) · 받지 않음"
        # squeezed into the box in large text.
        fee = field(app, name, f"waste-fee-{it.code}", keyboard=ft.KeyboardType.NUMBER,
                    helper=None if it.active else "받지 않는 품목입니다.")
        fee.suffix = "원"
        fee.value = str(it.fee)

        async def save(active: bool, done: str) -> None:
            raw = (fee.value or "").replace(",", "").strip()
            if not raw.isdigit():
                fee.error = "숫자로 적어 주세요."
                app.page.update()
                return
            try:
                await app.api.call("PUT", f"/waste/items/{it.id}", WasteItemOut, json=WasteItemIn(
                    category=it.category, name=it.name, size_label=it.size_label, fee=int(raw),
                    active=active))
            except ApiError as err:
                status.error(err.message)
                app.page.update()
                return
            await load()
            status.notice(done)
            app.page.update()

        async def on_save(e) -> None:
            await save(it.active, tr("{name} 수수료를 바꿨습니다. 새 신청부터 적용됩니다.", name=name))

        async def on_toggle(e) -> None:
            await save(not it.active, f"{name}: " + ("이제 신청을 받지 않습니다." if it.active
                                                      else "다시 신청을 받습니다."))

        toggle_label = "받지 않기" if it.active else "다시 받기"
        return ft.Column([
            tagged(fee, f"waste-fee-{it.code}"),
            # Spoken with the item ("소파 3인용 수수료 저장"): nineteen "저장" tell nothing apart.
            ft.Row([button("저장", m, ident=f"waste-fee-save-{it.code}", kind="outlined",
                           on_click=on_save, name=tr("{name} 수수료 저장", name=name)),
                    button(toggle_label, m, ident=f"waste-fee-toggle-{it.code}", kind="text",
                           on_click=on_toggle, name=f"{name} {toggle_label}")],
                   alignment=ft.MainAxisAlignment.END, wrap=True)], spacing=2)

    new_fields = {k: field(app, label, f"waste-newitem-{k}", hint=hint,
                           keyboard=ft.KeyboardType.NUMBER if k == "fee" else ft.KeyboardType.TEXT)
                  for k, label, hint in (("category", "분류", "예: 가구"), ("name", "품목", "예: 러닝머신"),
                                         ("size", "규격 (선택)", "예: 1대"), ("fee", "수수료 (원)", "예: 15000"))}

    async def add_item(e) -> None:
        v = {k: (f.value or "").strip() for k, f in new_fields.items()}
        fee_raw = v["fee"].replace(",", "")
        if not v["category"] or not v["name"] or not fee_raw.isdigit():
            status.error("분류, 품목, 수수료(숫자)를 적어 주세요.")
            app.page.update()
            return
        try:
            await app.api.call("POST", "/waste/items", WasteItemOut, json=WasteItemIn(
                category=v["category"], name=v["name"], size_label=v["size"], fee=int(fee_raw)))
        except ApiError as err:
            status.error(err.message)
            app.page.update()
            return
        for f in new_fields.values():
            f.value = ""
        await load()
        status.notice(tr("{name} 품목을 추가했습니다.", name=v['name']))
        app.page.update()

    async def load(e=None) -> None:
        async def fetch():
            dep = await app.api.call("GET", "/waste/officer/bookings", OfficerBookingList)
            ref = await app.api.call("GET", "/waste/officer/bookings", OfficerBookingList,
                                     params={"status": "refund_pending"})
            day = await app.api.call("GET", "/waste/officer/schedule", Schedule,
                                     params={"day": st["day"].isoformat()})
            cat = await app.api.call("GET", "/waste/items", WasteCatalogue, auth=False,
                                     params={"all": "true"})
            return dep, ref, day, cat

        def show_loaded(data) -> None:
            dep, ref, day, cat = data
            deposits.controls = [deposit_card(b) for b in dep.items] or [
                text("입금 확인을 기다리는 신청이 없습니다.", m, "body_medium", ident="waste-desk-no-deposits")]
            refunds.controls = [refund_card(b) for b in ref.items] or [
                text("보낼 환불이 없습니다.", m, "body_medium")]
            rows: list[ft.Control] = [text(tr("{day_ko} 수거 {total_bookings}건", day_ko=day_ko(day.day), total_bookings=day.total_bookings), m, bold=True,
                                           ident="waste-desk-day-total")]
            for a in day.areas:
                rows.append(text(tr("{area_name} · {count}건 · {pieces}개", area_name=a.area_name, count=len(a.bookings), pieces=a.pieces), m, "title_small",
                                 bold=True, ident=f"waste-desk-area-{a.area}"))
                rows += [pickup_card(b) for b in a.bookings]
            sched.controls = rows
            fees.controls = [fee_row(it) for it in cat.items]

        await status.load(app.page, fetch, show_loaded)

    render_days()
    status.loading()
    body = [status,
            heading("입금 확인 대기", m, ident="waste-desk-deposits"), deposits,
            heading("환불 보내기", m), refunds,
            heading("수거 일정", m, ident="waste-desk-schedule"), days_row, sched,
            heading("품목별 수수료", m), text("바꾼 수수료는 새 신청부터 적용됩니다.", m, "body_medium"),
            fees,
            heading("새 품목 추가", m),
            *[tagged(f, f"waste-newitem-{k}") for k, f in new_fields.items()],
            button("품목 추가", m, ident="waste-newitem-add", icon=ft.Icons.ADD, on_click=add_item,
                   expand=True)]
    app.page.run_task(load)
    return screen(app, route, "수거 관리", body, ident="waste-desk")

