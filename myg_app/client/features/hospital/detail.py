"""A hospital's or pharmacy's page (/f/hospital/p/<id>): open now or not, the hours of each
weekday and of 공휴일, a call button (tel: link), the emergency room's number, the address and
a map link. A bundled sample place says so at the top (the source notice)."""
from __future__ import annotations

import flet as ft

from myg_app.client.features.hospital.common import API, FID, badges, call_button, \
    distance_words, status_words
from myg_app.client.features.layout import screen
from myg_app.client.i18n import tr
from myg_app.client.widgets.common import button, heading, tagged, text
from myg_app.client.widgets.loader import Loader
from myg_app.client.widgets.source import source_line, source_notice
from myg_app.contracts.hospital import PlaceDetail


def hours_table(app, d: PlaceDetail) -> ft.Control:
    m = app.m
    rows = []
    for h in d.hours:
        label = f"{h.day}{' (오늘)' if h.today else ''}"
        rows.append(tagged(ft.Row([
            ft.Container(text(label, m, "body_large", bold=h.today), width=m.target * 2.2),
            ft.Container(text(h.text, m, "body_large", bold=h.today), expand=True)],
            vertical_alignment=ft.CrossAxisAlignment.START),
            f"hospital-hours-{h.day}", f"{label} {h.text}"))
    return ft.Column(rows, spacing=4)


def detail_view(app, pid: str) -> ft.View:
    m = app.m
    status = Loader(m, "hospital-detail-status")
    content = ft.Column(spacing=m.gap * 1.5, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    def show(d: PlaceDetail) -> None:
        src = d.source.model_dump(mode="json")
        parts: list[ft.Control] = []
        if notice := source_notice(src, m, ident="hospital-detail"):
            parts.append(notice)
        parts.append(text(d.name, m, "title_large", bold=True, ident="hospital-detail-name"))
        sub = " · ".join(filter(None, (d.category, distance_words(d.distance_m))))
        if sub:
            parts.append(text(sub, m, "body_medium", color=ft.Colors.ON_SURFACE_VARIANT))
        parts.append(text(status_words(d), m, "title_small", bold=True,
                          color=ft.Colors.PRIMARY if d.open_now else None,
                          ident="hospital-detail-open"))
        if tags := badges(d):
            parts.append(text(" · ".join(tags), m, "body_medium"))
        if d.phone:
            parts.append(call_button(app, d.phone, ident="hospital-detail-call",
                                     label=tr("전화 걸기 {phone}", phone=d.phone), name=tr("{name} 전화 걸기", name=d.name)))
        if d.emergency_phone and d.emergency_phone != d.phone:
            parts.append(call_button(app, d.emergency_phone, ident="hospital-detail-er-call",
                                     kind="outlined", label=tr("응급실 전화 {emergency_phone}", emergency_phone=d.emergency_phone),
                                     name=tr("{name} 응급실 전화 걸기", name=d.name)))
        if d.address:
            parts += [heading("주소", m), text(d.address, m, selectable=True,
                                                ident="hospital-detail-address")]
        if d.map_url:
            url = d.map_url

            async def open_map(e) -> None:
                await app.url_launcher.launch_url(url)

            parts.append(button("지도에서 보기 (카카오맵)", m, ident="hospital-detail-map",
                                icon=ft.Icons.MAP, kind="outlined", on_click=open_map,
                                expand=True))
        parts += [heading("진료·영업 시간", m), hours_table(app, d),
                  text("시간은 바뀔 수 있으니 가기 전에 전화로 확인해 주세요.", m, "body_medium")]
        if d.departments:
            parts += [heading("진료과목", m), text(", ".join(d.departments), m,
                                                   ident="hospital-detail-depts")]
        if d.note:
            parts += [heading("안내", m), text(d.note, m, ident="hospital-detail-note")]
        parts.append(source_line(src, m, ident="hospital-detail"))
        content.controls = parts

    app.page.run_task(status.load, app.page, lambda: app.api.call(
        "GET", f"{API}/places/{pid}", PlaceDetail, auth=False), show,
        what="정보를 불러오는 중입니다…")
    return screen(app, f"/f/{FID}/p/{pid}", "병원·약국 정보", [status, content],
                  ident="hospital-detail")
