"""Routes of 대형폐기물 배출 신고: /f/bulky_waste (내 신청), /new (신청서), /bookings/<id>,
/desk (담당자 수거 관리)."""

from __future__ import annotations

import re

import flet as ft

from myg_app.client.features.feature import Feature
from myg_app.client.features.layout import screen
from myg_app.client.features.waste import booking, desk, new_booking
from myg_app.client.features.waste.common import (
    BASE,
    FID,
    day_ko,
    is_waste_officer,
    won,
)
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, tappable, text
from myg_app.client.widgets.loader import Loader
from myg_app.contracts.waste import BookingList

_BOOKING = re.compile(r"^/bookings/(\d+)$")


def inner(app, rest: str):
    if rest == "/new":
        return [lambda: new_booking.view(app)]
    if rest == "/desk":
        return [lambda: desk.view(app)]
    if m := _BOOKING.match(rest.split("?", 1)[0]):
        booking_id = int(m.group(1))
        return [lambda: booking.view(app, booking_id)]
    return None


def main_view(app) -> ft.View:
    m = app.m
    status = Loader(m, "waste-list-status")
    mine = ft.Column(spacing=m.gap)
    body: list[ft.Control] = [
        text("소파·장롱·냉장고 같은 대형폐기물을 신고하고 수수료를 내면 배출번호가 나옵니다. "
             "배출번호(또는 QR 코드)를 물건에 붙여 수거일 전날 밤까지 집 앞에 내놓아 주세요.", m),
    ]
    if not app.signed_in:
        body += [text("배출 신고는 로그인 후 이용할 수 있습니다.", m, ident="waste-login-note"),
                 button("로그인", m, ident="waste-login", icon=ft.Icons.LOGIN,
                        on_click=lambda e: app.go("/login"), expand=True)]
        return screen(app, BASE, "대형폐기물 배출 신고", body, ident=f"function-{FID}")

    body.append(button("새로 신청하기", m, ident="waste-new", icon=ft.Icons.ADD,
                       on_click=lambda e: app.go(f"{BASE}/new"), expand=True))
    if is_waste_officer(app):
        body.append(button("수거 관리 (담당자)", m, ident="waste-desk", kind="outlined",
                           icon=ft.Icons.LOCAL_SHIPPING, on_click=lambda e: app.go(f"{BASE}/desk"),
                           expand=True))
    body += [heading("내 신청 내역", m, ident="waste-mine-heading"), status, mine]

    async def load(e=None) -> None:
        def show_loaded(res) -> None:
            mine.controls = [_summary(app, b) for b in res.items] or [
                text("아직 신청한 내역이 없습니다.", m, ident="waste-mine-empty")]
        await status.load(app.page, lambda: app.api.call(
            "GET", "/waste/bookings", BookingList), show_loaded)

    app.page.run_task(load)
    return screen(app, BASE, "대형폐기물 배출 신고", body, ident=f"function-{FID}")


def _summary(app, b) -> ft.Control:
    m = app.m
    items = ", ".join(tr("{name} {quantity}개", name=ln.name, quantity=ln.quantity) for ln in b.lines)
    content = ft.Container(ft.Column([
        ft.Row([text(b.status_label, m, "title_small", bold=True, color=ft.Colors.PRIMARY),
                text(won(b.total_fee), m, "body_large")],
               alignment=ft.MainAxisAlignment.SPACE_BETWEEN, wrap=True),
        text(f"{day_ko(b.pickup_date)} · {b.area_name}", m),
        text(items, m, "body_medium"),
        *([text(tr("배출번호 {emission_no}", emission_no=b.emission_no), m, bold=True)] if b.emission_no else []),
    ], spacing=4), bgcolor=ft.Colors.SURFACE_CONTAINER, border_radius=12, padding=12)
    label = f"{day_ko(b.pickup_date)} {b.area_name} {b.status_label} {won(b.total_fee)}"
    return tappable(content, ident=f"waste-booking-{b.id}", label=label,
                    on_click=lambda e: app.go(f"{BASE}/bookings/{b.id}"))


FEATURES = (Feature(FID, main_view, inner),)
