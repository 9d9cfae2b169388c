"""신청서: items and quantities (fee from the server), 읍면동, a collection date, the address.

Four numbered steps on one screen, each saying what is left, so older citizens always know
where they are; everything picked is kept if the screen is rebuilt or the call fails.
"""

from __future__ import annotations

import uuid

import flet as ft

from myg_app.client.api import ApiError
from myg_app.client.features.account import field
from myg_app.client.features.layout import screen
from myg_app.client.features.waste.common import (
    BASE,
    day_ko,
    form,
    reset_form,
    short_day_ko,
    won,
)
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, icon_button, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.waste import (
    AreaList,
    BookingCreate,
    BookingOut,
    CollectionDates,
    LineIn,
    Quote,
    QuoteRequest,
    WasteCatalogue,
)


def view(app) -> ft.View:
    m = app.m
    f = form(app)
    status = Loader(m, "waste-form-status")
    items_col = ft.Column(spacing=m.gap)
    total = ft.Text("", theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.BOLD)
    areas_row = ft.Row(wrap=True, spacing=m.gap, run_spacing=m.gap)
    dates_col = ft.Column(spacing=m.gap)
    address = field(app, "수거 장소 주소", "waste-address",
                    helper="예: 광양읍 인동로 12, 101동 1층 현관 앞")
    note = field(app, "전달할 말 (선택)", "waste-note", helper="예: 경비실에 맡겨 두었습니다")
    address.value, note.value = f.address, f.note

    def on_address(e) -> None:
        f.address = address.value or ""

    def on_note(e) -> None:
        f.note = note.value or ""

    address.on_change, note.on_change = on_address, on_note

    # --- step 1: items ------------------------------------------------------------
    def render_items() -> None:
        rows: list[ft.Control] = []
        last_cat = None
        for it in f.catalogue or []:
            if it.category != last_cat:
                rows.append(text(it.category, m, "title_small", bold=True))
                last_cat = it.category
            qty = f.quantities.get(it.id, 0)
            name = f"{it.name} {it.size_label}".strip()
            label = ft.Column([text(name, m), text(won(it.fee), m, "body_medium",
                                                   color=ft.Colors.ON_SURFACE_VARIANT)],
                              spacing=0)
            controls = ft.Row([
                icon_button(ft.Icons.REMOVE, tr("{name} 하나 빼기", name=name), m, ident=f"waste-minus-{it.code}",
                            on_click=change(it.id, -1) if qty > 0 else None),
                tagged(ft.Text(str(qty), theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                               width=m.target * 0.6, text_align=ft.TextAlign.CENTER),
                       f"waste-qty-{it.code}", tr("{name} {qty}개", name=name, qty=qty)),
                icon_button(ft.Icons.ADD, tr("{name} 하나 더하기", name=name), m, ident=f"waste-plus-{it.code}",
                            on_click=change(it.id, 1) if qty < 20 else None),
            ], spacing=0, tight=True)
            # Large text: the name gets the full width, the buttons a line of their own.
            rows.append(ft.Column([label, ft.Row([controls], alignment=ft.MainAxisAlignment.END)],
                                  spacing=0, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
                        if m.large else ft.Row([ft.Container(label, expand=True), controls]))
        items_col.controls = rows
        picked = sum(f.quantities.values())
        total.value = ("품목을 골라 주세요." if not picked else
                       tr("수수료 합계 {total} ({picked}개)", total=won(f.total), picked=picked) if f.total is not None
                       else "수수료를 계산하는 중입니다…")

    def change(item_id: int, delta: int):
        async def handler(e) -> None:
            q = f.quantities.get(item_id, 0) + delta
            if q <= 0:
                f.quantities.pop(item_id, None)
            else:
                f.quantities[item_id] = q
            f.total = None
            render_items()
            app.page.update()
            await requote()
            render_items()
            app.page.update()
        return handler

    async def requote() -> None:
        """The fee shown is always the server's calculation, never a sum made on the phone."""
        if not f.quantities:
            f.total = 0
            return
        wanted = dict(f.quantities)
        try:
            q = await app.api.call("POST", "/waste/quote", Quote, auth=False, json=QuoteRequest(
                items=[LineIn(item_id=i, quantity=n) for i, n in wanted.items()]))
        except ApiError as err:
            status.error(err.message)
            return
        if wanted == f.quantities:  # a later tap may have changed the picks meanwhile
            f.total = q.total

    # --- step 2 and 3: area and date --------------------------------------------------
    def render_areas() -> None:
        areas_row.controls = [
            button(a.name, m, ident=f"waste-area-{a.code}",
                   kind="filled" if a.code == f.area else "outlined", on_click=pick_area(a.code))
            for a in f.areas or []]

    def pick_area(code: str):
        async def handler(e) -> None:
            f.area, f.pickup = code, None
            render_areas()
            await load_dates()
        return handler

    async def load_dates() -> None:
        if not f.area:
            dates_col.controls = [text("읍면동을 먼저 골라 주세요.", m, "body_medium")]
            return
        dates_col.controls = [text("수거일을 불러오는 중입니다…", m, "body_medium")]
        app.page.update()
        try:
            d = await app.api.call("GET", f"/waste/areas/{f.area}/dates", CollectionDates,
                                   auth=False)
        except ApiError as err:
            dates_col.controls = [text(err.message, m, color=ft.Colors.ERROR)]
            app.page.update()
            return
        area = next(a for a in f.areas or [] if a.code == f.area)
        rows: list[ft.Control] = [text(f"{area.name}: {area.schedule_ko}", m, "body_medium",
                                       ident="waste-area-schedule")]
        rows.append(ft.Row([
            button(short_day_ko(x), m, ident=f"waste-date-{x.isoformat()}",
                   kind="filled" if x.isoformat() == f.pickup else "outlined",
                   on_click=pick_date(x.isoformat()))
            for x in d.dates], wrap=True, spacing=m.gap, run_spacing=m.gap))
        rows += [text(tr("{day_ko}은 {reason}이라 수거하지 않습니다.", day_ko=day_ko(s.day), reason=s.reason), m, "body_medium",
                      ident=f"waste-skipped-{s.day.isoformat()}") for s in d.skipped]
        dates_col.controls = rows
        app.page.update()

    def pick_date(iso: str):
        async def handler(e) -> None:
            f.pickup = iso
            await load_dates()
        return handler

    # --- submit -------------------------------------------------------------------------
    async def submit(e) -> None:
        address.error = None
        missing = [w for w, ok in (("품목", f.quantities), ("읍면동", f.area), ("수거일", f.pickup),
                                   ("주소", len(f.address.strip()) >= 2)) if not ok]
        if missing:
            if "주소" in missing:
                address.error = "수거 장소 주소를 적어 주세요."
            status.error(tr("{join}을(를) 입력해 주세요.", join=', '.join(missing)))
            return
        if f.total is None:
            await requote()
        status.loading("신청하는 중입니다…")
        app.page.update()
        try:
            b = await app.api.call(
                "POST", "/waste/bookings", BookingOut, idempotency_key=f.key,
                json=BookingCreate(area=f.area, address=f.address.strip(),
                                   note=f.note.strip() or None, pickup_date=f.pickup,
                                   items=[LineIn(item_id=i, quantity=n)
                                          for i, n in f.quantities.items()],
                                   expected_fee=f.total or 0))
        except ApiError as err:
            if err.code == "waste.fee_changed":
                await requote()  # show the new fee; the citizen confirms by tapping again
                f.key = str(uuid.uuid4())
                render_items()
            for fe in err.errors:
                if fe.field == "address":
                    address.error = fe.message
            status.error(err.message)
            app.page.update()
            return
        reset_form(app)
        app.go(f"{BASE}/bookings/{b.id}")

    async def load(e=None) -> None:
        async def fetch() -> None:
            if f.catalogue is None:
                f.catalogue = (await app.api.call("GET", "/waste/items", WasteCatalogue,
                                                  auth=False)).items
            if f.areas is None:
                f.areas = (await app.api.call("GET", "/waste/areas", AreaList, auth=False)).items

        async def show_loaded(_) -> None:
            render_items()
            render_areas()
            if f.quantities and f.total is None:
                await requote()
                render_items()
            await load_dates()

        await status.load(app.page, fetch, show_loaded)

    render_items()
    render_areas()
    if f.catalogue is None:
        status.loading("품목과 수수료를 불러오는 중입니다…")
    body = [
        text("4단계로 신청합니다. 수수료는 시청 서버가 계산합니다.", m, "body_medium"),
        status,
        heading("1/4단계 · 버릴 물건 고르기", m, ident="waste-step-items"),
        items_col,
        tagged(total, "waste-total"),
        heading("2/4단계 · 읍면동 고르기", m, ident="waste-step-area"),
        areas_row,
        heading("3/4단계 · 수거일 고르기", m, ident="waste-step-date"),
        text("공휴일은 수거하지 않습니다. 취소·환불은 수거일 전날까지 할 수 있습니다.", m, "body_medium"),
        dates_col,
        heading("4/4단계 · 수거 장소 (마지막)", m, ident="waste-step-address"),
        tagged(address, "waste-address"),
        tagged(note, "waste-note"),
        button("신청하고 결제하기", m, ident="waste-submit", icon=ft.Icons.CHECK,
               on_click=submit, expand=True),
    ]
    app.page.run_task(load)
    return screen(app, f"{BASE}/new", "대형폐기물 신청", body, ident="waste-new")
